"""Turn a resolved snapshot into the SDK's files (through the cache) and write them where the build needs."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pygen_core import PygenError
from pygen_core._records import record

from ._cache import CacheEntry, GenerationCache, StoredEntry, cache_key, generator_fingerprint

if TYPE_CHECKING:
    from pygen_core.codegen import GenerateOptions
    from pygen_core.snapshot import SnapshotContent

    from ._config import PygenConfig


@record(frozen=True)
class Generated:
    """The SDK (paths start at the wheel root, e.g. ``acme/sdk/__init__.py``) and what to report.

    ``stored`` is the verified cache entry holding the generated files (None when the cache could not be
    written); ``files`` holds their texts when they are in memory anyway (after a render). ``runtime`` maps
    the SDK's copy of the runtime (``<package>/_runtime/...``) to the installed runtime's files, which it
    equals byte for byte: neither the cache nor a temporary directory holds a second copy.
    """

    names: tuple[PurePosixPath, ...]
    stored: StoredEntry | None
    files: dict[PurePosixPath, str] | None
    info: dict[str, Any]
    from_cache: bool
    runtime: dict[PurePosixPath, Path]

    @property
    def views(self) -> int:
        """How many views the SDK covers."""
        return int(self.info.get("views", 0))

    @property
    def warnings(self) -> tuple[str, ...]:
        """The IR's warnings (shown on every build, cached or not)."""
        return tuple(str(w) for w in self.info.get("warnings", ()))

    def texts(self, *, runtime: bool = True) -> dict[PurePosixPath, str]:
        """Every file's text (read from disk when not in memory); ``runtime=False``: not the runtime's."""
        if self.files is not None:
            texts = dict(self.files)
        else:
            assert self.stored is not None  # one of the two is always set
            texts = self.stored.read_files()
        if runtime:
            texts.update((name, path.read_text(encoding="utf-8")) for name, path in self.runtime.items())
        return dict(sorted(texts.items()))


def split_runtime(
    files: Mapping[PurePosixPath, str], package_path: PurePosixPath
) -> tuple[dict[PurePosixPath, str], dict[str, str]]:
    """``files`` without the runtime copy, and that copy as a listing (wheel path → path inside the
    installed runtime) of the files equal to the installed ones byte for byte.

    The cache key covers the runtime's bytes (the generator fingerprint), so an entry stored without them
    finds the same files installed whenever it is used.
    """
    from pygen_core.codegen import runtime_files

    prefix = package_path / "_runtime"
    texts = runtime_files()
    own: dict[PurePosixPath, str] = {}
    listing: dict[str, str] = {}
    for name, text in files.items():
        relative = name.relative_to(prefix) if name.is_relative_to(prefix) else None
        if relative is not None and texts.get(relative) == text:
            listing[name.as_posix()] = relative.as_posix()
        else:
            own[name] = text
    return own, listing


def _installed_runtime(info: Mapping[str, Any]) -> dict[PurePosixPath, Path] | None:
    """The runtime files an entry's ``info`` lists, as installed now; None when one is missing or the listing
    is not a mapping (a damaged entry)."""
    from pygen_core.codegen import runtime_sources

    listed = info.get("runtime", {})
    if not isinstance(listed, dict):
        return None
    sources = runtime_sources()
    found: dict[PurePosixPath, Path] = {}
    for name, relative in listed.items():
        source = sources.get(PurePosixPath(str(relative)))
        if source is None:
            return None
        found[PurePosixPath(name)] = source
    return found


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
    own, runtime = split_runtime(files, config.package_path)
    return CacheEntry(
        files=own, info={"views": len(result.model.views), "warnings": warnings, "runtime": runtime}
    )


def from_cache(cache: GenerationCache, table_key: str) -> Generated | None:
    """The SDK stored for this raw table and snapshot, or None (then :func:`generate_sdk` decides)."""
    key = cache.find(table_key)
    stored = cache.locate(key) if key is not None else None
    runtime = _installed_runtime(stored.info) if stored is not None else None
    if stored is None or runtime is None:
        return None
    return Generated(tuple(sorted([*stored.names, *runtime])), stored, None, stored.info, True, runtime)


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
    runtime = _installed_runtime(stored.info) if stored is not None else None
    if cache is not None and stored is not None and runtime is None:
        # It lists runtime files this installation lacks (the key covers the runtime's bytes): damaged.
        with contextlib.suppress(OSError):
            cache.discard(key)
        stored = None
    entry: CacheEntry | None = None
    if stored is None:
        entry = _render(snapshot, config, options)
        entry.info["content_hash"] = snapshot.content_hash
        entry.info["data_models"] = sorted(snapshot.data_model_ids)
        if cache is not None:
            # A read-only or full cache only costs the next build a re-render.
            with contextlib.suppress(OSError):
                stored = cache.put(key, entry, checked=True)
        runtime = _installed_runtime(stored.info if stored is not None else entry.info)
        if runtime is None:
            raise PygenError("internal error: the generated SDK lists runtime files that are not installed")
    if cache is not None and stored is not None and table_key is not None:
        with contextlib.suppress(OSError):
            cache.link(table_key, key)
    assert runtime is not None  # set by the hit, or by the render
    info = stored.info if stored is not None else entry.info if entry is not None else {}
    if stored is not None:
        names = stored.names
    else:
        assert entry is not None
        names = tuple(sorted(entry.files))
    return Generated(
        names=tuple(sorted([*names, *runtime])),
        stored=stored,
        files=entry.files if entry is not None else None,
        info=info,
        from_cache=entry is None,
        runtime=runtime,
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
