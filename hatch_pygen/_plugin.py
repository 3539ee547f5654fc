"""``PygenBuildHook``: generates the SDK described by ``[tool.pygen]`` into the wheel at build time.

- wheel (standard): generate into the cache and ``force_include`` the (immutable) entry; the source tree is
  never written to. Without a writable cache a temporary directory is used instead, removed in ``finalize``
  (or at exit when the build fails);
- sdist: embed the snapshot (even when gitignored), so sdist → wheel builds offline and identically;
- wheel (editable): ``copy`` ships a static copy like a standard wheel, ``live`` generates into
  ``.pygen/site`` and adds a ``.pth`` for it, ``inplace`` generates into the (gitignored) source tree.

``__init__`` and ``dependencies()`` stay cheap: hatchling also builds hooks to ask for build requirements.
A wheel build whose raw ``[tool.pygen]`` table and snapshot bytes were built before is served from the cache
without parsing the snapshot or importing the generator (see ``_cache``); the entry itself is force-included.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

from pygen_core import PygenError

from ._bytecode import cached_code
from ._env import BuildEnv

if TYPE_CHECKING:
    from ._config import PygenConfig
    from ._generation import Generated
    from ._source import ResolvedSource

_TARGETS = ("wheel", "sdist")


class BuildError(PygenError, SystemExit):
    """A user's mistake that stops the build: one line on stderr and exit status 1, no traceback.

    Build frontends run the backend in a subprocess; an uncaught ``SystemExit`` ends it with its message as
    the only output, which every frontend shows as the reason. In-process callers can still catch it as
    the :class:`PygenError` it also is.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = message


class PygenBuildHook(BuildHookInterface[BuilderConfig]):
    """The ``pygen`` build hook (enable it with ``[tool.hatch.build.hooks.pygen]``)."""

    PLUGIN_NAME = "pygen"

    # --- hatchling entry points -----------------------------------------------------------------------------

    @property
    def _root(self) -> Path:
        """The project root as an absolute path (hatchling resolves relative ``force_include`` paths
        against the root again, so a relative root would be applied twice)."""
        return Path(self.root).absolute()

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Validate the configuration, resolve the snapshot and add the SDK (wheel) or snapshot (sdist)."""
        if self.target_name not in _TARGETS:
            return
        try:
            with cached_code():  # pygen's modules compile once per machine, not once per isolated build
                self._initialize(version, build_data)
        except BuildError:
            raise
        except PygenError as exc:
            raise BuildError(f"pygen: error: {exc}") from None

    def _initialize(self, version: str, build_data: dict[str, Any]) -> None:
        env = BuildEnv.from_environ(os.environ, self._root)
        if env.skip:
            self.app.display_warning("pygen: PYGEN_SKIP is set: no SDK is generated for this build")
            return
        if self.target_name == "sdist":
            self._initialize_sdist(self._load_config(), env, build_data)
        else:
            self._initialize_wheel(version, env, build_data)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary directories of this build."""
        self._run_cleanups()

    def clean(self, versions: list[str]) -> None:
        """Remove pygen's cache and ``.pygen/site``; never the snapshot (run by ``hatch clean``)."""
        from ._cache import GenerationCache

        removed: list[str] = []
        cache = GenerationCache(self._cache_dir(os.environ.get("PYGEN_CACHE_DIR", "")))
        if cache.clear():
            removed.append(str(cache.root))
        site = self._root / ".pygen" / "site"
        if site.is_dir():
            shutil.rmtree(site)
            removed.append(str(site))
        if removed:  # silent otherwise: `hatch clean` runs every target's hook, the first one removed it all
            self.app.display_info(f"pygen: removed {', '.join(removed)}")

    # --- sdist ----------------------------------------------------------------------------------------------

    def _initialize_sdist(self, config: PygenConfig, env: BuildEnv, build_data: dict[str, Any]) -> None:
        from ._checks import check_runtime_dependencies

        check_runtime_dependencies(self.metadata.core.dependencies)
        source = self._resolve(config, env)
        # Force-include even a tracked file: then a gitignored or just-refreshed snapshot is embedded too.
        build_data["force_include"][str(source.path)] = PurePosixPath(*Path(config.snapshot).parts).as_posix()
        self.app.display_info(
            f"pygen: sdist: embedding {config.snapshot} ({source.content_hash}) so wheels build "
            "from it offline"
        )
        if (self._root / ".pygen").is_dir() and not self.build_config.path_is_excluded(".pygen/cache"):
            self.app.display_warning(
                "pygen: .pygen/ (pygen's cache) is not in .gitignore and will be packed into the sdist; "
                "add '.pygen/' to .gitignore"
            )

    # --- wheel ----------------------------------------------------------------------------------------------

    def _initialize_wheel(self, version: str, env: BuildEnv, build_data: dict[str, Any]) -> None:
        from ._checks import check_runtime_dependencies

        check_runtime_dependencies(self.metadata.core.dependencies)
        config = self._load_config()
        generated = self._cached(env, config)
        if generated is None:
            inplace_target = self._check_layout(config, version)  # before any network access or rendering
            source = self._resolve(config, env)
            generated = self._generate(config, env, source)
        else:
            inplace_target = self._check_layout(config, version)
            self._log_source(self._origin(), config.snapshot, generated.info)
            for warning in generated.warnings:
                self.app.display_warning(f"pygen: {warning}")
        mode = config.editable_mode if version == "editable" else "standard"
        if inplace_target is not None:
            from ._generation import replace_tree

            replace_tree(generated.texts(), inplace_target, config.package_path)
            where = f"in place at {inplace_target.relative_to(self._root).as_posix()}/"
        elif mode == "live":
            where = self._place_live(config, generated, build_data)
        else:
            if generated.stored is not None:
                # Cache entries are immutable once written: pack the entry's files as they are.
                base = generated.stored.directory
            else:
                from ._generation import write_tree

                base = self._temp_dir()
                write_tree(generated.texts(runtime=False), base)
            build_data["force_include"][str(base.joinpath(*config.package_path.parts))] = (
                config.package_path.as_posix()
            )
            for name, installed in generated.runtime.items():  # the installed runtime's files, as they are
                build_data["force_include"][str(installed)] = name.as_posix()
            where = "into the wheel"
        self.app.display_info(
            f"pygen: generated {config.package} ({generated.views} views, {len(generated.names)} files) "
            f"{where} ({'from the cache' if generated.from_cache else 'rendered'})"
        )
        if mode == "copy":
            self.app.display_info(
                f"pygen: editable install (copy): {config.package} is a static copy; reinstall after the "
                "snapshot changes, or set editable = 'live' in [tool.pygen]"
            )

    def _raw_table(self) -> object:
        tool = self.metadata.config.get("tool", {})
        return tool.get("pygen") if isinstance(tool, dict) else None

    def _cached(self, env: BuildEnv, config: PygenConfig) -> Generated | None:
        """The cached SDK, when this raw table and snapshot were built before.

        An earlier build rendered the same table and snapshot bytes and stored the result, so a hit needs
        neither the snapshot's parser nor the generator. A refresh always takes the full path.
        """
        from ._cache import GenerationCache, generator_fingerprint, snapshot_digest, table_key

        if env.refresh:
            return None
        try:
            data = (self._root / config.snapshot).read_bytes()
        except (OSError, ValueError):
            return None
        key = table_key(self._raw_table(), snapshot_digest(data), generator_fingerprint())
        if key is None:
            return None
        from ._generation import from_cache

        return from_cache(GenerationCache(env.cache_dir or self._cache_dir("")), key)

    def _check_layout(self, config: PygenConfig, version: str) -> Path | None:
        """Fail on layout problems; the in-place target directory when the SDK is generated in place."""
        mode = config.editable_mode if version == "editable" else "standard"
        inplace_target = self._inplace_directory(config) if mode == "inplace" else None
        if inplace_target is None:
            self._guard_collisions(config.package_path)
        return inplace_target

    def _generate(self, config: PygenConfig, env: BuildEnv, source: ResolvedSource) -> Generated:
        from ._cache import GenerationCache, generator_fingerprint, table_key
        from ._generation import GenerationFailed, generate_sdk

        cache = GenerationCache(env.cache_dir or self._cache_dir(""))
        # Keyed on the bytes actually parsed (the file may have changed since _cached read it).
        key = table_key(self._raw_table(), source.digest, generator_fingerprint())
        try:
            generated = generate_sdk(source.snapshot, config, cache, key)
        except GenerationFailed as exc:
            for severity, line in exc.report:  # the report, one finding per line, above the one-line error
                if severity == "error":
                    self.app.display_error(f"pygen: {line}")
                else:
                    self.app.display_warning(f"pygen: {line}")
            raise
        for warning in generated.warnings:
            self.app.display_warning(f"pygen: {warning}")
        return generated

    def _guard_collisions(self, package_path: PurePosixPath) -> None:
        from ._checks import collision_error, find_collisions

        try:
            included = [
                (item.relative_path, item.distribution_path)
                for item in self.build_config.builder.recurse_included_files()
            ]
        except ValueError:
            # hatchling could not pick files from the tree yet (an SDK-only project): once the SDK is
            # force-included it ships nothing from the tree, so nothing can collide.
            return
        hits = find_collisions(included, package_path)
        if hits:
            raise collision_error(hits, package_path)

    def _inplace_directory(self, config: PygenConfig) -> Path:
        package_path = config.package_path
        root = self._root
        top, rest = package_path.parts[0], package_path.parts[1:]
        for package in self.build_config.packages:
            if PurePosixPath(package.replace(os.sep, "/")).name == top:
                base = root / package
                break
        else:
            candidates = [root / "src" / top, root / top]
            base = next(
                (c for c in candidates if c.is_dir()), candidates[0 if (root / "src").is_dir() else 1]
            )
        target = base.joinpath(*rest)
        if rest and not target.parent.is_dir():
            raise PygenError(
                f"tool.pygen.package: {config.package!r} is a subpackage of "
                f"{config.package.rsplit('.', 1)[0]!r}, which is not in the project tree at "
                f"{target.parent.relative_to(root).as_posix()}/"
            )
        relative = target.relative_to(root).as_posix()
        if not self.build_config.path_is_excluded(f"{relative}/__init__.py"):
            raise PygenError(
                f"tool.pygen.editable: 'inplace' writes the SDK to {relative}/, which is not ignored; add "
                f"'/{relative}/' to .gitignore first (else wheels would pack it next to the generated copy)"
            )
        return target

    def _place_live(self, config: PygenConfig, generated: Generated, build_data: dict[str, Any]) -> str:
        from ._generation import replace_tree

        site = self._root / ".pygen" / "site"
        replace_tree(generated.texts(), site.joinpath(*config.package_path.parts), config.package_path)
        name = f"_pygen_{self.metadata.core.name.replace('-', '_').replace('.', '_')}.pth"
        pth = self._temp_dir() / name
        pth.write_text(f"{site.resolve()}\n", encoding="utf-8")
        # A non-empty force_include_editable replaces all other force-includes of an editable wheel: merge.
        merged: dict[str, str] = dict(self.build_config.get_force_include())
        merged.update(build_data.get("force_include", {}))
        merged.update(build_data.get("force_include_editable", {}))
        merged[str(pth)] = name
        build_data["force_include_editable"] = merged
        return f"into {site.relative_to(self._root).as_posix()}/ (editable 'live', via {name})"

    # --- shared helpers -------------------------------------------------------------------------------------

    def _load_config(self) -> PygenConfig:
        from ._config import check_hook_table, load_config

        target_hooks = self.build_config.target_config.get("hooks", {})
        if isinstance(target_hooks, dict) and "pygen" in target_hooks:
            location = f"tool.hatch.build.targets.{self.target_name}.hooks.pygen"
        else:
            location = "tool.hatch.build.hooks.pygen"
        check_hook_table(self.config, location)
        tool = self.metadata.config.get("tool", {})
        return load_config(tool.get("pygen") if isinstance(tool, dict) else None)

    def _resolve(self, config: PygenConfig, env: BuildEnv) -> ResolvedSource:
        from ._source import check_models_match, is_unpacked_sdist, resolve_source

        root = self._root
        if env.refresh and is_unpacked_sdist(root):
            self.app.display_warning("pygen: PYGEN_REFRESH is ignored when building from an sdist")
        source = resolve_source(root, config, env, dict(os.environ))
        check_models_match(source.snapshot, config, source.origin)
        models = source.snapshot.data_model_ids
        self._log_source(
            source.origin, config.snapshot, {"content_hash": source.content_hash, "data_models": models}
        )
        return source

    def _origin(self) -> str:
        from ._source import is_unpacked_sdist

        return "snapshot embedded in the sdist" if is_unpacked_sdist(self._root) else "snapshot file"

    def _log_source(self, origin: str, snapshot: str, info: dict[str, Any]) -> None:
        models = ", ".join(str(m) for m in info.get("data_models", ()))
        self.app.display_info(
            f"pygen: source: {origin} {snapshot} ({info.get('content_hash', '?')}); data models: {models}"
        )

    def _cache_dir(self, override: str) -> Path:
        root = self._root
        return root / override.strip() if override.strip() else root / ".pygen" / "cache"

    def _temp_dir(self) -> Path:
        path = Path(tempfile.mkdtemp(prefix="pygen-build-"))
        # finalize() is skipped when the build fails (and with --hooks-only): the finalizer also runs at exit.
        self._cleanups().append(weakref.finalize(self, shutil.rmtree, str(path), True))
        return path

    def _cleanups(self) -> list[weakref.finalize[Any, Any]]:
        cleanups: list[weakref.finalize[Any, Any]] | None = self.__dict__.get("_pygen_cleanups")
        if cleanups is None:
            cleanups = self.__dict__["_pygen_cleanups"] = []
        return cleanups

    def _run_cleanups(self) -> None:
        cleanups = self._cleanups()
        while cleanups:
            cleanup: Callable[[], Any] = cleanups.pop()
            cleanup()
