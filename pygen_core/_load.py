"""``load_sdk``: generate an SDK and import it from memory, for notebooks and scripts (no files, no wheel).

The generated files are served to the import system by a finder of their own; nothing is written to disk.
Loaded SDKs are cached by the content hash of the snapshot, the options and the generator version: asking
again for the same SDK returns the imported module at once. Asking for a different SDK under a package name
already loaded replaces it (its modules are dropped from ``sys.modules``; objects made from the old classes
stay as they are).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import json
import linecache
import os
import re
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._errors import PygenError
from ._version import __version__

if TYPE_CHECKING:
    from .runtime import ClientConfig
    from .snapshot import Snapshot

__all__ = ["load_sdk"]

_ID = re.compile(r"^[^:/\s]+:[^:/\s]+/[^:/\s]+$")
_LOCK = threading.Lock()
_LOADED: dict[str, tuple[str, ModuleType, _MemoryFinder]] = {}
"""package -> (cache key, its top module, its finder)."""


class _MemoryFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and loads the modules of one in-memory package."""

    def __init__(self, package: str, files: Mapping[PurePosixPath, str], key: str) -> None:
        self.package = package
        self.origin = f"<pygen {key[:12]}>"
        self.sources: dict[str, tuple[str, bool]] = {}
        for path, text in files.items():
            if path.suffix != ".py":
                continue
            parts = list(path.with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            self.sources[".".join(parts)] = (text, is_package)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        found = self.sources.get(fullname)
        if found is None:
            return None
        spec = importlib.machinery.ModuleSpec(
            fullname, self, origin=self._filename(fullname), is_package=found[1]
        )
        spec.has_location = True
        if found[1]:
            spec.submodule_search_locations = []
        return spec

    def _filename(self, fullname: str) -> str:
        tail = "/__init__.py" if self.sources[fullname][1] else ".py"
        return f"{self.origin}/{fullname.replace('.', '/')}{tail}"

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        name = module.__name__
        text, _ = self.sources[name]
        filename = self._filename(name)
        # Tracebacks and inspect.getsource() show the generated source.
        linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
        module.__file__ = filename
        exec(compile(text, filename, "exec", dont_inherit=True), module.__dict__)  # noqa: S102 - generated SDK


def _fetch(ids: list[str], config: ClientConfig | None) -> Snapshot:
    from .dms import DataModelId, SchemaClient
    from .runtime import CDFError, ClientConfig, HTTPClient
    from .snapshot import pull_snapshot

    try:
        settings = config if config is not None else ClientConfig.from_env()
        with HTTPClient(settings) as http:
            return pull_snapshot(SchemaClient(http), [DataModelId.parse(i) for i in ids])
    except (CDFError, PygenError) as error:
        raise PygenError(f"load_sdk: fetching {', '.join(ids)} failed: {error}") from None


def _source(source: Any, config: ClientConfig | None) -> tuple[str, Path | Snapshot]:
    """``(content key, file or snapshot)``: a file is keyed by its bytes, so a cache hit needs no parse."""
    model = sys.modules.get("pygen_core.snapshot._model")  # a Snapshot exists only once it is imported
    if model is not None and isinstance(source, model.Snapshot):
        snapshot: Snapshot = source
        return snapshot.content_hash, snapshot
    if isinstance(source, (str, os.PathLike)) and Path(source).is_file():
        path = Path(source)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            raise PygenError(f"{path}: cannot read: {error.strerror or error}") from None
        return f"file:{digest}", path
    ids = [source] if isinstance(source, str) else list(source) if isinstance(source, Sequence) else None
    if not ids or not all(isinstance(i, str) and _ID.match(i) for i in ids):
        raise PygenError(
            f"load_sdk: {source!r} is neither a snapshot file nor a data model id like 'space:Model/v1'"
        )
    snapshot = _fetch(ids, config)
    return snapshot.content_hash, snapshot


def _default_package(source: Path | Snapshot) -> str:
    """The first data model's external id in snake_case (read without parsing the whole snapshot)."""
    from .ir import to_snake

    if isinstance(source, Path):
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        models = data.get("dataModels") or data.get("items") or [data] if isinstance(data, dict) else []
        first = models[0].get("externalId") if models and isinstance(models[0], dict) else None
    else:
        first = source.data_models[0].external_id if source.data_models else None
    name = re.sub(r"[^a-z0-9_]", "_", to_snake(str(first or "pygen")).lower()).strip("_") or "pygen"
    return f"sdk_{name}" if name[0].isdigit() else name


def _cache_dir(cache_dir: str | os.PathLike[str] | bool | None) -> Path | None:
    if cache_dir is False:
        return None
    if cache_dir is None or cache_dir is True:
        from ._files import private_cache_dir, user_cache_dir

        # It holds code the next process imports: not a directory others may write.
        directory = user_cache_dir("load_sdk")
        return directory if private_cache_dir(directory, create=False) else None
    return Path(cache_dir)


def _read_cache(directory: Path | None, key: str) -> dict[PurePosixPath, str] | None:
    if directory is None:
        return None
    try:
        stored = json.loads((directory / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or not all(isinstance(v, str) for v in stored.values()):
        return None
    return {PurePosixPath(k): v for k, v in stored.items()}


def _write_cache(directory: Path | None, key: str, files: Mapping[PurePosixPath, str]) -> None:
    """Best effort and atomic: a cache that cannot be written only costs the next process a generation."""
    if directory is None:
        return
    from ._files import make_private_dir

    try:
        make_private_dir(directory)
        fd, temp = tempfile.mkstemp(prefix=f".{key}.", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({str(k): v for k, v in files.items() if k.suffix == ".py"}, out)
        os.replace(temp, directory / f"{key}.json")
    except OSError:
        return


def _drop(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    old = _LOADED.pop(package, None)
    if old is not None and old[2] in sys.meta_path:
        sys.meta_path.remove(old[2])
    importlib.invalidate_caches()


def load_sdk(
    source: str | os.PathLike[str] | Snapshot | Sequence[str],
    package: str | None = None,
    *,
    client_name: str | None = None,
    default_instance_space: str | None = None,
    data_models: Sequence[str] = (),
    exclude_views: Sequence[str] = (),
    exclude_spaces: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    config: ClientConfig | None = None,
    cache_dir: str | os.PathLike[str] | bool | None = None,
) -> ModuleType:
    """Generate the SDK of a data model and import it from memory; returns the package module.

    ``source`` is a snapshot file (or a ``Snapshot``), or one or more data model ids
    (``"space:Model/version"``) fetched from CDF with ``config`` (default: ``ClientConfig.from_env()``).
    ``package`` defaults to the first data model's name in snake_case; the other options are those of
    ``pygen generate``. Cached by content hash: the same snapshot and options give the imported module at
    once, and other processes reuse the generated sources from ``cache_dir`` (default:
    ``$PYGEN_CACHE_DIR/load_sdk`` or ``~/.cache/hatch-pygen/load_sdk``; ``False``: no disk cache)::

        sdk = pygen_core.load_sdk("pygen-snapshot.json", package="acme_sdk")
        client = sdk.AcmeSdkClient.from_env()
    """
    content, found = _source(source, config)
    top = package or _default_package(found)
    settings = {
        "package": top,
        "client_name": client_name,
        "default_instance_space": default_instance_space,
        "data_models": sorted(data_models),
        "exclude_views": sorted(set(exclude_views)),
        "exclude_spaces": sorted(set(exclude_spaces)),
        "names": dict(sorted((names or {}).items())),
    }
    identity = {"content": content, "options": settings, "generator": __version__}
    key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    with _LOCK:
        loaded = _LOADED.get(top)
        if loaded is not None and loaded[0] == key and sys.modules.get(top) is loaded[1]:
            return loaded[1]
        clashing = sys.modules.get(top)
        if clashing is not None and (loaded is None or clashing is not loaded[1]):
            raise PygenError(
                f"load_sdk: a package {top!r} is already imported from elsewhere; choose another package name"
            )
        directory = _cache_dir(cache_dir)
        files = _read_cache(directory, key)
        if files is None:
            files = _generate(found, settings)
            _write_cache(directory, key, files)
        _drop(top)
        finder = _MemoryFinder(top, files, key)
        for parent in _parents(top):
            if parent not in sys.modules and parent not in finder.sources:
                finder.sources[parent] = ("", True)  # namespace-like parents of a dotted package
        sys.meta_path.insert(0, finder)
        try:
            module = importlib.import_module(top)
        except BaseException:
            sys.meta_path.remove(finder)
            raise
        _LOADED[top] = (key, module, finder)
        return module


def _generate(found: Path | Snapshot, settings: dict[str, Any]) -> dict[PurePosixPath, str]:
    from .codegen import GenerateOptions, generate
    from .snapshot import read_snapshot

    options = GenerateOptions(
        package=settings["package"],
        client_name=settings["client_name"],
        default_instance_space=settings["default_instance_space"],
        data_models=tuple(settings["data_models"]),
        exclude_views=tuple(settings["exclude_views"]),
        exclude_spaces=tuple(settings["exclude_spaces"]),
        names=settings["names"],
    )
    # A file takes the plain-JSON path (no wire models); a malformed one still gets their exact error.
    return generate(read_snapshot(found) if isinstance(found, Path) else found, options)


def _parents(package: str) -> list[str]:
    parts = package.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]
