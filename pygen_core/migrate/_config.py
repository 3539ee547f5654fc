"""``pygen migrate config``: turn a cognite-pygen (v1) ``[tool.pygen]`` into the hatch-pygen hook set-up.

The pyproject.toml is edited with tomlkit, so the user's formatting and comments survive. Credentials move to
environment variables (printed, never written); the secret in ``.secret.toml`` is never read.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import PygenError
from ..codegen._requirements import RUNTIME_REQUIREMENTS, requirement_problems
from ._detect import PREDECESSOR_KEYS, predecessor_keys
from ._files import atomic_write_text, read_text, uses_crlf

if TYPE_CHECKING:
    from tomlkit import TOMLDocument
    from tomlkit.items import Table

__all__ = [
    "BUILD_REQUIRES",
    "GITIGNORE_ENTRY",
    "SDK_DEPENDENCIES",
    "ConfigMigration",
    "FileChange",
    "apply_config_migration",
    "plan_config_migration",
]

BUILD_REQUIRES: tuple[str, ...] = ("hatchling", "hatch-pygen")
SDK_DEPENDENCIES: tuple[str, ...] = RUNTIME_REQUIREMENTS
GITIGNORE_ENTRY = ".pygen/"
DEFAULT_SNAPSHOT = "pygen-snapshot.json"

# What cognite-pygen's CLI used when the key was absent (its typer defaults).
V1_DEFAULT_PACKAGE = "my_domain.client"
V1_DEFAULT_CLIENT = "MyClient"

_OUR_KEYS = (
    "package", "client-name", "data-models", "snapshot", "instance-space", "exclude-views", "exclude-spaces",
    "names", "strict", "editable",
)  # fmt: skip
_PACKAGE_RE = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")
_NAME_RE = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_ID_PART_RE = re.compile(r"[^\s:/]+")

_CREDENTIAL_KEYS = (
    "cdf_cluster", "cdf_url", "cdf_project", "tenant_id", "token_url", "scopes", "audience", "client_id",
)  # fmt: skip
_NOT_TRANSLATED = {
    "overwrite": "nothing to set: every build generates the SDK afresh from the snapshot, no stale files",
    "format_code": "nothing to set: the generated code is formatted and deterministic (no black step)",
}


@dataclass(frozen=True)
class FileChange:
    """One file the migration changes: its text before (None: the file is new) and after."""

    path: Path
    old: str | None
    new: str

    def diff(self, root: Path) -> str:
        """A unified diff of the change, paths relative to ``root``."""
        name = self.path.relative_to(root).as_posix() if self.path.is_relative_to(root) else str(self.path)
        lines = difflib.unified_diff(
            (self.old or "").splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            fromfile=f"a/{name}" if self.old is not None else "/dev/null",
            tofile=f"b/{name}",
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
        )


@dataclass(frozen=True)
class ConfigMigration:
    """What ``pygen migrate config`` would change, could not translate, and what the user does next."""

    project_dir: Path
    changes: tuple[FileChange, ...]
    untranslated: tuple[str, ...] = ()
    environment: tuple[tuple[str, str], ...] = ()
    """``(variable, value)`` pairs for ``pygen snapshot pull``; the secret is a placeholder."""
    data_models: tuple[str, ...] = ()
    snapshot: str = DEFAULT_SNAPSHOT
    notes: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        """True when some file would change."""
        return bool(self.changes)

    def diff(self) -> str:
        """Unified diffs of every changed file."""
        return "".join(change.diff(self.project_dir) for change in self.changes)

    def pull_command(self) -> str:
        """Shell lines that pull the snapshot (credentials from the environment; the secret typed by hand)."""
        exports = [f"{name}={value}" for name, value in self.environment if name != "IDP_CLIENT_SECRET"]
        lines = [f"export {' '.join(exports)}"] if exports else []
        lines.append(
            "export IDP_CLIENT_SECRET=...   # your client secret (the one in .secret.toml); pygen never "
            "reads that file"
        )
        models = " ".join(f"--data-model {shlex.quote(model)}" for model in self.data_models)
        models = models or "--data-model SPACE:EXTERNAL_ID/VERSION"
        lines.append(f"pygen snapshot pull {models} -o {shlex.quote(self.snapshot)}")
        return "\n".join(lines)


def plan_config_migration(project_dir: Path) -> ConfigMigration:
    """Read ``project_dir/pyproject.toml`` (and ``.gitignore``) and compute the migration; writes nothing."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    pyproject = project_dir / "pyproject.toml"
    if not project_dir.is_dir():
        raise PygenError(f"{project_dir}: not a directory")
    text = read_text(pyproject)
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise PygenError(f"{pyproject}: not valid TOML: {exc}") from None
    tool = doc.get("tool")
    table = tool.get("pygen") if isinstance(tool, Mapping) else None
    if table is None:
        raise PygenError(f"{pyproject}: no [tool.pygen] table: nothing to migrate")
    if not isinstance(table, Mapping):
        raise PygenError(f"{pyproject}: tool.pygen must be a table")
    if "client_secret" in table:
        # The value is never shown, copied or backed up: the user removes it first.
        raise PygenError(
            f"{pyproject}: tool.pygen.client_secret: a secret in pyproject.toml; delete that line (and "
            "rotate the secret if the file was committed), then run again"
        )
    plan = _Plan(pyproject, doc, table)
    plan.translate()
    plan.ensure_build_system()
    plan.drop_sdk_from_wheel_packages()
    plan.ensure_hook_table()
    plan.ensure_dependencies()
    new_text = plan.render()
    changes: list[FileChange] = []
    if new_text != text:
        changes.append(FileChange(pyproject, text, new_text))
    gitignore = _gitignore_change(project_dir / ".gitignore")
    if gitignore is not None:
        changes.append(gitignore)
    return ConfigMigration(
        project_dir=project_dir,
        changes=tuple(changes),
        untranslated=tuple(plan.untranslated),
        environment=tuple(plan.environment),
        data_models=tuple(plan.data_models),
        snapshot=plan.snapshot,
        notes=tuple(plan.notes),
    )


def apply_config_migration(migration: ConfigMigration) -> list[Path]:
    """Write the changed files atomically, ``pyproject.toml.bak`` first; return the paths written."""
    written: list[Path] = []
    for change in migration.changes:
        current = read_text(change.path) if change.path.exists() else None
        if current != change.old:
            raise PygenError(f"{change.path}: changed while migrating; run `pygen migrate config` again")
    for change in migration.changes:
        if change.path.name == "pyproject.toml" and change.old is not None:
            backup = change.path.with_name("pyproject.toml.bak")
            if backup.exists() and read_text(backup) != change.old:
                raise PygenError(f"{backup}: a different backup exists; move it away, then run again")
            atomic_write_text(backup, change.old, crlf=uses_crlf(change.path))
            written.append(backup)
    # pyproject.toml last: a failure before it leaves the project as it was (plus an ignore line).
    for change in sorted(migration.changes, key=lambda c: c.path.name == "pyproject.toml"):
        atomic_write_text(change.path, change.new, crlf=uses_crlf(change.path))
        written.append(change.path)
    return written


class _Plan:
    """Edits the parsed pyproject.toml in place and collects what could not be translated."""

    def __init__(self, path: Path, doc: TOMLDocument, table: Any) -> None:
        self.path = path
        self.doc = doc
        self.doc_text = doc.as_string()
        self.table: Table = table
        self.untranslated: list[str] = []
        self.notes: list[str] = []
        self.environment: list[tuple[str, str]] = []
        self.data_models: list[str] = []
        self.snapshot = DEFAULT_SNAPSHOT
        self.prepend = ""

    # -- [tool.pygen] ------------------------------------------------------------------------------
    def translate(self) -> None:
        table = self.table
        old = {key: _plain(table[key]) for key in predecessor_keys(table)}
        if old:
            package = self._string(old, "top_level_package") or self._default("package", V1_DEFAULT_PACKAGE)
            if not _PACKAGE_RE.fullmatch(package):
                raise PygenError(
                    f"{self.path}: tool.pygen.top_level_package: {package!r} is not a lower-case import "
                    "name, which hatch-pygen needs; rename the package (and its imports) first"
                )
            client = self._string(old, "client_name") or self._default("client-name", V1_DEFAULT_CLIENT)
            if not client.isidentifier():
                raise PygenError(
                    f"{self.path}: tool.pygen.client_name: {client!r} is not a Python class name"
                )
            models = self._data_models(old)
            wanted: list[tuple[str, object, str | None]] = [
                ("package", package, "top_level_package"),
                ("client-name", client, "client_name"),
            ]
            if models:
                wanted.append(("data-models", models, "data_models"))
            instance_space = self._string(old, "instance_space")
            if instance_space:
                wanted.append(("instance-space", instance_space, "instance_space"))
            self._environment(old)
            self._output_dir(old, package)
            for key in sorted(old):
                if key in _NOT_TRANSLATED:
                    self.untranslated.append(f"tool.pygen.{key} = {_toml(old[key])}: {_NOT_TRANSLATED[key]}")
            for key, value, source in wanted:
                self._set(key, value, source)
            for key in old:
                del table[key]
        else:
            package_value = _plain(table.get("package"))
            if isinstance(package_value, str):
                self._output_dir({}, package_value)
        unknown = sorted(k for k in table if k not in _OUR_KEYS and k not in PREDECESSOR_KEYS)
        for key in unknown:
            self.untranslated.append(f"tool.pygen.{key}: unknown key left in place; the hook will reject it")
        self.data_models = [m for m in _plain(table.get("data-models", [])) if isinstance(m, str)]
        snapshot = _plain(table.get("snapshot", DEFAULT_SNAPSHOT))
        self.snapshot = snapshot if isinstance(snapshot, str) else DEFAULT_SNAPSHOT
        if not old and not self.environment:
            placeholders = ("CDF_CLUSTER", "CDF_PROJECT", "IDP_TENANT_ID", "IDP_CLIENT_ID")
            self.environment = [(name, "...") for name in placeholders]

    def _default(self, key: str, default: str) -> str:
        """Our key's value when the table has one; else cognite-pygen's CLI default for its absent key."""
        value = _plain(self.table.get(key))
        if isinstance(value, str):
            return value
        self.notes.append(f"tool.pygen.{key} = {default!r}: cognite-pygen's default, as its key was not set")
        return default

    def _set(self, key: str, value: object, source: str | None) -> None:
        import tomlkit

        if key in self.table:
            current = _plain(self.table[key])
            if current != value:
                self.untranslated.append(
                    f"tool.pygen.{source}: kept the existing tool.pygen.{key} = {_toml(current)} "
                    f"(cognite-pygen had {_toml(value)})"
                )
            return
        item = tomlkit.item(value)
        if source is not None and source in self.table:
            trivia = self.table[source].trivia
            if trivia.comment:  # the old key's end-of-line comment, spacing included
                item.trivia.comment_ws = trivia.comment_ws
                item.trivia.comment = trivia.comment
        self.table[key] = item

    def _string(self, old: Mapping[str, object], key: str) -> str | None:
        value = old.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            # cognite-pygen silently ignored anything but a non-empty string here.
            self.untranslated.append(
                f"tool.pygen.{key} = {_toml(value)}: ignored (cognite-pygen ignored it too: not a "
                "non-empty string)"
            )
            return None
        return value

    def _data_models(self, old: Mapping[str, object]) -> list[str]:
        single = [old.get(key) for key in ("space", "external_id", "version")]
        if all(isinstance(part, str) and part for part in single):
            if "data_models" in old:
                self.untranslated.append(
                    "tool.pygen.data_models: not used: space/external_id/version are all set, and "
                    "cognite-pygen generated that one model instead"
                )
            return [_model_id(self.path, "tool.pygen.space/external_id/version", [str(p) for p in single])]
        for key, part in zip(("space", "external_id", "version"), single, strict=True):
            if part is not None:
                self.untranslated.append(
                    f"tool.pygen.{key}: ignored: space, external_id and version only name a model together"
                )
        raw = old.get("data_models")
        if raw is None:
            self.notes.append(
                'no data model in tool.pygen: add data-models = ["SPACE:EXTERNAL_ID/VERSION"] before '
                "pulling the snapshot"
            )
            return []
        if not isinstance(raw, list):
            raise PygenError(
                f"{self.path}: tool.pygen.data_models: expected an array of [space, external_id, version]"
            )
        models: list[str] = []
        for index, entry in enumerate(raw):
            where = f"tool.pygen.data_models[{index}]"
            if not isinstance(entry, list) or len(entry) != 3 or not all(isinstance(p, str) for p in entry):
                raise PygenError(
                    f"{self.path}: {where}: expected [space, external_id, version], got {_toml(entry)}"
                )
            model = _model_id(self.path, where, [str(p) for p in entry])
            if model not in models:
                models.append(model)
        return models

    def _environment(self, old: Mapping[str, object]) -> None:
        values = {key: old[key] for key in _CREDENTIAL_KEYS if isinstance(old.get(key), str) and old[key]}
        env: dict[str, str] = {}
        cluster = values.get("cdf_cluster")
        if isinstance(cluster, str):
            # cognite-pygen passed cdf_cluster as the base URL when token_url was set: it may be a URL.
            env["CDF_URL" if cluster.startswith(("http://", "https://")) else "CDF_CLUSTER"] = cluster
        for key, name in (
            ("cdf_url", "CDF_URL"),
            ("cdf_project", "CDF_PROJECT"),
            ("tenant_id", "IDP_TENANT_ID"),
            ("token_url", "IDP_TOKEN_URL"),
            ("client_id", "IDP_CLIENT_ID"),
            ("scopes", "IDP_SCOPES"),
            ("audience", "IDP_AUDIENCE"),
        ):
            value = values.get(key)
            if isinstance(value, str):
                env[name] = value
        if "CDF_URL" in env and "IDP_SCOPES" not in env and isinstance(cluster, str) and "CDF_CLUSTER" in env:
            # cognite-pygen scoped the token to the cluster even with a private-link cdf_url; keep that.
            env["IDP_SCOPES"] = f"https://{cluster}.cognitedata.com/.default"
            del env["CDF_CLUSTER"]
        for name in ("CDF_CLUSTER", "CDF_PROJECT", "IDP_TENANT_ID", "IDP_CLIENT_ID"):
            if name == "CDF_CLUSTER" and "CDF_URL" in env:
                continue
            if name == "IDP_TENANT_ID" and "IDP_TOKEN_URL" in env:
                continue
            env.setdefault(name, "...")
        self.environment = [
            (name, shlex.quote(value) if value != "..." else value) for name, value in env.items()
        ]
        moved = sorted(key for key in _CREDENTIAL_KEYS if key in old)
        if moved:
            self.notes.append(
                f"tool.pygen.{', '.join(moved)}: moved to environment variables (printed below); hatch-pygen "
                "reads credentials from the environment only"
            )

    def _output_dir(self, old: Mapping[str, object], package: str) -> None:
        output_dir = self._string(old, "output_dir")
        where = output_dir or package.replace(".", "/")
        sdk_dir = self.path.parent / where
        if output_dir is not None:
            self.untranslated.append(
                f"tool.pygen.output_dir = {_toml(output_dir)}: nothing to set: the SDK is generated into the "
                "wheel at build time, never into your tree"
            )
        if (sdk_dir / "_api_client.py").is_file():  # cognite-pygen's client module; ours has _client.py
            self.notes.append(
                f"remove the committed cognite-pygen SDK: git rm -r {shlex.quote(where)}  (the hook builds "
                "the SDK into the wheel; the old copy would shadow it, or collide with it in the wheel)"
            )

    # -- the rest of pyproject.toml ------------------------------------------------------------------
    def ensure_build_system(self) -> None:
        import tomlkit

        build: Any = self.doc.get("build-system")
        if build is None:
            listed = ", ".join(f'"{r}"' for r in BUILD_REQUIRES)
            self.prepend = f'[build-system]\nrequires = [{listed}]\nbuild-backend = "hatchling.build"\n\n'
            return
        backend = _plain(build.get("build-backend"))
        if backend != "hatchling.build":
            build["build-backend"] = "hatchling.build"
            self.untranslated.append(
                f"build-system.build-backend = {_toml(backend)}: replaced by hatchling.build (the hook is a "
                "hatchling plugin); move that backend's own settings (packages, includes) to "
                "[tool.hatch.build]"
            )
        requires: Any = build.get("requires")
        if requires is None:
            requires = tomlkit.array()
            build["requires"] = requires
        present = {_requirement_name(r) for r in _plain(requires) if isinstance(r, str)}
        for requirement in BUILD_REQUIRES:
            if _requirement_name(requirement) not in present:
                requires.append(requirement)

    def drop_sdk_from_wheel_packages(self) -> None:
        """The hook adds the SDK to the wheel; listed in ``packages`` it would be looked for in the tree."""
        package = _plain(self.table.get("package"))
        tool: Any = self.doc.get("tool", {})
        wheel = tool.get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {})
        listed = wheel.get("packages") if isinstance(wheel, Mapping) else None
        if not isinstance(package, str) or listed is None or not hasattr(listed, "__delitem__"):
            return
        path = package.replace(".", "/")
        for index in reversed(range(len(listed))):
            entry = _plain(listed[index])
            if isinstance(entry, str) and entry.strip("/").removeprefix("src/") == path:
                del listed[index]

    def ensure_hook_table(self) -> None:
        import tomlkit
        from tomlkit.items import InlineTable

        node: Any = self.doc
        for part in ("tool", "hatch", "build", "hooks"):
            child = node.get(part)
            if child is None:
                child = tomlkit.table(is_super_table=True)
                node[part] = child
                child = node[part]
            node = child
        if "pygen" in node:
            return
        if isinstance(node, InlineTable):
            node["pygen"] = tomlkit.inline_table()
            return
        table = tomlkit.table()
        table.add(tomlkit.nl())  # a blank line before whatever table follows
        node["pygen"] = table

    def ensure_dependencies(self) -> None:
        import tomlkit

        project = self.doc.get("project")
        if project is None:
            raise PygenError(
                f"{self.path}: no [project] table: hatchling needs one (name, version, dependencies; PEP "
                "621); add it, then run again"
            )
        if "dependencies" in _plain(project.get("dynamic", [])):
            self.untranslated.append(
                f"project.dependencies is dynamic: add {', '.join(SDK_DEPENDENCIES)} where your "
                "dependencies come from"
            )
            return
        dependencies = project.get("dependencies")
        if dependencies is None:
            dependencies = tomlkit.array()
            project["dependencies"] = dependencies
        texts = [r for r in _plain(dependencies) if isinstance(r, str)]
        present = {_requirement_name(r) for r in texts}
        for problem in requirement_problems(texts):
            if problem.kind == "missing":
                dependencies.append(problem.needed)
            elif problem.repair is not None and problem.declared is not None:
                index = next(i for i, r in enumerate(_plain(dependencies)) if r == problem.declared)
                dependencies[index] = problem.repair
                self.notes.append(
                    f"project.dependencies: {problem.declared!r} became {problem.repair!r} (the generated "
                    f"SDK needs {problem.needed!r})"
                )
            else:
                self.untranslated.append(f"project.dependencies: {problem.message()}")
        legacy = sorted(present & {"cognite-sdk", "pandas", "cognite-pygen"})
        if legacy:
            self.notes.append(
                f"project.dependencies: {', '.join(legacy)} served the cognite-pygen SDK; drop them if your "
                "own code does not use them (the new SDK needs only httpx and pydantic; pandas only for "
                "to_pandas())"
            )

    def render(self) -> str:
        import tomlkit

        text = tomlkit.dumps(self.doc)
        original = self.doc_text
        text = text.rstrip("\n") + "\n" * max(1, len(original) - len(original.rstrip("\n")))
        if not self.prepend:
            return text
        # After the leading comment block (a file header), before the first table.
        lines = text.splitlines(keepends=True)
        head = 0
        while head < len(lines) and lines[head].lstrip().startswith("#"):
            head += 1
        if head and head < len(lines) and lines[head].strip():
            return "".join(lines[:head]) + "\n" + self.prepend + "".join(lines[head:])
        return "".join(lines[:head]) + self.prepend + "".join(lines[head:]).lstrip("\n")


def _gitignore_change(path: Path) -> FileChange | None:
    old = read_text(path) if path.exists() else None
    lines = (old or "").splitlines()
    wanted = [GITIGNORE_ENTRY]
    secret = path.parent / ".secret.toml"
    if secret.exists():  # existence only: the file is never opened
        wanted.append(".secret.toml")
    missing = [entry for entry in wanted if not _ignored(lines, entry)]
    if not missing:
        return None
    base = old or ""
    if base and not base.endswith("\n"):
        base += "\n"
    block = "".join(f"{entry}\n" for entry in missing)
    header = "# hatch-pygen: generation cache and editable installs\n" if GITIGNORE_ENTRY in missing else ""
    separator = "\n" if base.strip() else ""
    return FileChange(path, old, base + separator + header + block)


def _ignored(lines: list[str], entry: str) -> bool:
    stem = entry.rstrip("/")
    forms = {
        stem,
        f"{stem}/",
        f"/{stem}",
        f"/{stem}/",
        f"{stem}/*",
        f"/{stem}/*",
        f"**/{stem}",
        f"**/{stem}/",
    }
    return any(line.strip() in forms for line in lines)


def _model_id(path: Path, where: str, parts: list[str]) -> str:
    if not all(_ID_PART_RE.fullmatch(part) for part in parts):
        raise PygenError(f"{path}: {where}: {parts!r} is not a data model id (space, external_id, version)")
    space, external_id, version = parts
    return f"{space}:{external_id}/{version}"


def _requirement_name(requirement: str) -> str:
    match = _NAME_RE.match(requirement)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else requirement.strip().lower()


def _plain(value: Any) -> Any:
    """A tomlkit value as plain Python (``unwrap``), or the value itself."""
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _toml(value: object) -> str:
    import tomlkit

    try:
        return tomlkit.item(value).as_string()
    except Exception:
        return repr(value)
