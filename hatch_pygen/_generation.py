"""Turn a resolved snapshot into the SDK's files (through the cache) and write them where the build needs."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pygen_core import PygenError

from ._cache import CacheEntry, GenerationCache, StoredEntry, cache_key, generator_fingerprint

if TYPE_CHECKING:
    from pygen_core.codegen import GenerateOptions
    from pygen_core.snapshot import SnapshotContent

    from ._config import PygenConfig


@dataclass(frozen=True)
class Generated:
    """The SDK (paths start at the wheel root, e.g. ``acme/sdk/__init__.py``) and what to report.

    ``stored`` is the verified cache entry holding exactly these files (None when the cache could not be
    written); ``files`` holds the texts when they are in memory anyway (after a render).
    """

    names: tuple[PurePosixPath, ...]
    stored: StoredEntry | None
    files: dict[PurePosixPath, str] | None
    info: dict[str, Any]
    from_cache: bool

    @property
    def views(self) -> int:
        """How many views the SDK covers."""
        return int(self.info.get("views", 0))

    @property
    def warnings(self) -> tuple[str, ...]:
        """The IR's warnings (shown on every build, cached or not)."""
        return tuple(str(w) for w in self.info.get("warnings", ()))

    def texts(self) -> dict[PurePosixPath, str]:
        """The files' texts (read from the cache entry when not in memory)."""
        if self.files is not None:
            return self.files
        assert self.stored is not None  # one of the two is always set
        return self.stored.read_files()


def generate_options(config: PygenConfig) -> GenerateOptions:
    """The codegen options for ``config``."""
    from pygen_core.codegen import GenerateOptions

    return GenerateOptions(
        package=config.package,
        client_name=config.client_name,
        default_instance_space=config.instance_space,
        data_models=config.data_models,
        exclude_views=config.exclude_views,
        exclude_spaces=config.exclude_spaces,
        names=config.names,
        strict=config.strict,
        findings=config.findings,
    )


class GenerationFailed(PygenError):
    """The data model cannot become the SDK: one summary line, and ``report`` with every finding."""

    def __init__(self, message: str, report: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.report = report
        """(severity, line) per finding, errors first."""


def _render(snapshot: SnapshotContent, config: PygenConfig, options: GenerateOptions) -> CacheEntry:
    from pygen_core.codegen import generate_with_ir
    from pygen_core.ir import IRValidationError, Severity

    try:
        files, result = generate_with_ir(snapshot, options)
    except IRValidationError as exc:
        if len(exc.findings) == 1:
            details = " ".join(str(exc).split())
            raise PygenError(
                f"generating {config.package} from {config.snapshot} failed: {details}"
            ) from None
        ordered = sorted(exc.findings, key=lambda f: f.severity is not Severity.ERROR)
        report = [(f.severity.value, " ".join(str(f).split())) for f in ordered]
        message = f"generating {config.package} from {config.snapshot} failed: {exc.summary()}"
        raise GenerationFailed(message, report) from None
    except PygenError as exc:
        details = " ".join(str(exc).split())
        raise PygenError(f"generating {config.package} from {config.snapshot} failed: {details}") from None
    warnings = [str(finding) for finding in result.findings if finding.severity is Severity.WARNING]
    return CacheEntry(files=dict(files), info={"views": len(result.model.views), "warnings": warnings})


def from_cache(cache: GenerationCache, table_key: str) -> Generated | None:
    """The SDK stored for this raw table and snapshot, or None (then :func:`generate_sdk` decides)."""
    key = cache.find(table_key)
    stored = cache.locate(key) if key is not None else None
    if stored is None:
        return None
    return Generated(stored.names, stored, None, stored.info, True)


def generate_sdk(
    snapshot: SnapshotContent,
    config: PygenConfig,
    cache: GenerationCache | None,
    table_key: str | None = None,
) -> Generated:
    """Render the SDK, or take it from ``cache`` when the same inputs were rendered before.

    The entry's key covers ``snapshot.digest`` (the file's bytes), the generator and the options;
    ``table_key`` (the raw table's key) is linked to the entry so that the next build with the same table and
    snapshot skips validation.
    """
    options = generate_options(config)
    key = cache_key(snapshot.digest, generator_fingerprint(), options.canonical())
    stored = cache.locate(key) if cache is not None else None
    entry: CacheEntry | None = None
    if stored is None:
        entry = _render(snapshot, config, options)
        entry.info["content_hash"] = snapshot.content_hash
        entry.info["data_models"] = sorted(snapshot.data_model_ids)
        if cache is not None:
            # A read-only or full cache only costs the next build a re-render.
            with contextlib.suppress(OSError):
                stored = cache.put(key, entry, checked=True)
    if cache is not None and stored is not None and table_key is not None:
        with contextlib.suppress(OSError):
            cache.link(table_key, key)
    info = stored.info if stored is not None else entry.info if entry is not None else {}
    if stored is not None:
        names = stored.names
    else:
        assert entry is not None
        names = tuple(sorted(entry.files))
    return Generated(
        names=names,
        stored=stored,
        files=entry.files if entry is not None else None,
        info=info,
        from_cache=entry is None,
    )


def write_tree(files: Mapping[PurePosixPath, str], directory: Path) -> None:
    """Write ``files`` below ``directory`` (a fresh directory: a temporary one or pygen's own output)."""
    for path, text in sorted(files.items()):
        target = directory.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def replace_tree(files: Mapping[PurePosixPath, str], package_dir: Path, package_path: PurePosixPath) -> None:
    """Atomically replace pygen's own output at ``package_dir`` (``inplace`` and ``live`` modes)."""
    from pygen_core.codegen import write_files

    relative = {
        PurePosixPath(package_dir.name, *p.parts[len(package_path.parts) :]): t for p, t in files.items()
    }
    if any(len(p.parts) < 2 for p in relative):
        raise PygenError(f"internal error: a generated path is outside {package_path}")
    write_files(relative, package_dir.parent)
