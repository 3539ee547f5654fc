"""The generated package as a ``zip`` or ``tar.gz`` archive, built in memory with fixed metadata."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from collections.abc import Mapping
from pathlib import PurePosixPath

__all__ = ["ARCHIVE_EPOCH", "tar_gz", "zip_archive"]

# Every entry carries this time (1980-01-01, the earliest a zip can hold): same input, same bytes.
ARCHIVE_EPOCH = 315532800
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _encoded(files: Mapping[PurePosixPath, str]) -> list[tuple[str, bytes]]:
    return [(path.as_posix(), text.encode("utf-8")) for path, text in sorted(files.items())]


def zip_archive(files: Mapping[PurePosixPath, str]) -> bytes:
    """A deterministic zip of ``files`` (sorted entries, fixed times, mode 0644)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in _encoded(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode bits are honoured
            archive.writestr(info, data)
    return buffer.getvalue()


def tar_gz(files: Mapping[PurePosixPath, str]) -> bytes:
    """A deterministic gzip-compressed tar of ``files`` (sorted entries, fixed times, root-owned, 0644)."""
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=ARCHIVE_EPOCH) as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for name, data in _encoded(files):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = ARCHIVE_EPOCH
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
