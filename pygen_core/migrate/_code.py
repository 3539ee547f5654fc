"""``pygen migrate code``: find uses of cognite-pygen's generated SDK in application code and rewrite the
mechanical ones.

libcst keeps the user's formatting and comments. What each predecessor name becomes comes from the mapping
table (``_mapping.py``) and, per view, from the snapshot (``_names.py``). Types are followed through plain
assignments, loops, ``with`` and annotations (a small flow-insensitive inference): a rename is applied only
where the object is known to come from the SDK; elsewhere it is listed for a person.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import PygenError
from ._files import atomic_write_text, read_text, uses_crlf
from ._mapping import (
    API_METHODS,
    CLASS_SUFFIXES,
    CLIENT_METHODS,
    COGNITE_SDK_NAMES,
    DATA_RECORD_ATTRIBUTES,
    EXTERNAL_CALLS,
    FIELD_VALUE_KEYWORDS,
    ITEM_ATTRIBUTES,
    KEYWORD_VALUES,
    KEYWORDS,
    LIST_ATTRIBUTES,
    METHOD_KEYWORDS,
    MODULES,
    PACKAGE_NAMES,
    POSITIONAL,
    UPSERT_RESULT_ATTRIBUTES,
    Change,
)

if TYPE_CHECKING:
    import libcst as cst

    from ._names import NameMap, ViewMap

__all__ = ["CodeFinding", "CodeScan", "scan_code"]

_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "venv", "build", "dist", "site-packages"})
_API_READS = frozenset({"list", "search", "retrieve", "iterate", "aggregate", "histogram"})


@dataclass(frozen=True)
class CodeFinding:
    """One use of the predecessor's API: where, what, and its replacement (mechanical) or advice (manual)."""

    path: Path
    line: int
    column: int
    what: str
    replacement: str | None = None
    advice: str = ""
    fixed: bool = False

    @property
    def mechanical(self) -> bool:
        """True when ``--fix`` rewrites it."""
        return self.replacement is not None

    def render(self) -> str:
        """``file:line:col: <what> -> <replacement or what to do>``."""
        where = f"{self.path}:{self.line}:{self.column}"
        if self.replacement is not None:
            return f"{where}: {self.what} -> {self.replacement}" + (" (fixed)" if self.fixed else "")
        return f"{where}: {self.what} -> manual: {self.advice}"


@dataclass
class CodeScan:
    """Every finding of a scan (sorted by file and position) and the files ``fix`` rewrote."""

    findings: list[CodeFinding] = field(default_factory=list)
    files_scanned: int = 0
    files_changed: list[Path] = field(default_factory=list)

    @property
    def remaining(self) -> list[CodeFinding]:
        """Findings not fixed (exit code 1 when any)."""
        return [finding for finding in self.findings if not finding.fixed]


def scan_code(
    paths: Sequence[Path],
    *,
    package: str,
    client_name: str | None = None,
    names: NameMap | None = None,
    fix: bool = False,
) -> CodeScan:
    """Scan ``paths`` (files, or directories searched for ``*.py``) for uses of the SDK ``package``.

    With ``fix``, mechanical changes are written back (atomically, only if the result compiles).
    """
    scan = CodeScan()
    for path in _python_files(paths):
        scan.files_scanned += 1
        text = read_text(path)
        findings, new_text = _scan_source(path, text, package, client_name, names, fix)
        if fix and new_text is not None and new_text != text:
            try:
                compile(new_text, str(path), "exec")
            except SyntaxError as exc:  # pragma: no cover - libcst emits valid code; never write if not
                raise PygenError(
                    f"{path}: internal error: the rewrite does not compile ({exc.msg})"
                ) from None
            atomic_write_text(path, new_text, crlf=uses_crlf(path))
            scan.files_changed.append(path)
        else:
            findings = [replace(f, fixed=False) for f in findings]
        scan.findings.extend(findings)
    scan.findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.what))
    return scan


def _python_files(paths: Sequence[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path.is_file():
            candidates: list[Path] = [path]
        elif path.is_dir():
            candidates = sorted(_walk(path))
        else:
            raise PygenError(f"{path}: no such file or directory")
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield candidate


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        subdirs[:] = sorted(
            d
            for d in subdirs
            if not d.startswith(".") and d not in _SKIP_DIRS and not _is_predecessor_sdk(here / d)
        )
        yield from (here / name for name in sorted(files) if name.endswith(".py"))


def _is_predecessor_sdk(directory: Path) -> bool:
    """The committed cognite-pygen package itself: never rewritten (it is replaced, not migrated)."""
    return (directory / "_api_client.py").is_file() and (directory / "data_classes" / "_core").is_dir()


def _scan_source(
    path: Path, text: str, package: str, client_name: str | None, names: NameMap | None, fix: bool
) -> tuple[list[CodeFinding], str | None]:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        finding = CodeFinding(
            path,
            exc.raw_line,
            exc.raw_column + 1,
            "cannot parse",
            advice=f"fix the syntax error: {exc.message}",
        )
        return [finding], None
    wrapper = MetadataWrapper(module)
    transformer = _transformer_class()(path, package, client_name, names, fix)
    new_module = wrapper.visit(transformer)
    return transformer.findings, new_module.code


# -- types the inference follows ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _T:
    """What an expression is: ``kind`` plus the view it belongs to (when the snapshot says)."""

    kind: str
    view: ViewMap | None = None
    write: bool = False
    detail: str = ""


_CLIENT = _T("client")
_CLIENT_CLASS = _T("client_class")
_CONFIG_CLASS = _T("package_name", detail="ClientConfig")


def _transformer_class() -> type[Any]:
    """The libcst transformer (built on first use: libcst is an optional dependency)."""
    global _TRANSFORMER
    if _TRANSFORMER is None:
        _TRANSFORMER = _build_transformer()
    return _TRANSFORMER


_TRANSFORMER: type[Any] | None = None


def _build_transformer() -> type[Any]:
    import libcst as cst
    from libcst.helpers import get_full_name_for_node
    from libcst.metadata import (
        Assignment,
        ParentNodeProvider,
        PositionProvider,
        QualifiedNameProvider,
        QualifiedNameSource,
        ScopeProvider,
    )

    class Migrator(cst.CSTTransformer):
        METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

        def __init__(
            self, path: Path, package: str, client_name: str | None, names: NameMap | None, fix: bool
        ) -> None:
            super().__init__()
            self.path = path
            self.package = package
            self.client_name = client_name
            self.names = names
            self.fix = fix
            self.findings: list[CodeFinding] = []
            self._types: dict[int, _T | None] = {}
            self._busy: set[int] = set()
            self._renamed_refs: dict[int, str] = {}
            self._self_values: dict[str, list[cst.BaseExpression]] = {}
            self._uses_package = False
            self._reported: set[tuple[int, str]] = set()

        # -- bookkeeping ---------------------------------------------------------------------------------
        def _pos(self, node: cst.CSTNode) -> tuple[int, int]:
            start = self.get_metadata(PositionProvider, node).start
            return start.line, start.column + 1

        def _add(
            self,
            node: cst.CSTNode,
            what: str,
            change: Change | None = None,
            *,
            replacement: str | None = None,
        ) -> bool:
            """Record a finding; True when the caller should apply its fix (a mechanical change, fix mode)."""
            if (id(node), what) in self._reported:
                return False
            self._reported.add((id(node), what))
            line, column = self._pos(node)
            advice = (change.advice if change else "").format(
                client=self.client_name or "<Client>", package=self.package
            )
            self.findings.append(
                CodeFinding(
                    self.path, line, column, what, replacement, advice, fixed=self.fix and bool(replacement)
                )
            )
            return self.fix and replacement is not None

        def _manual(self, node: cst.CSTNode, what: str, change: Change) -> None:
            self._add(node, what, change)

        # -- first pass: imports of the package, self.<attr> assignments ---------------------------------
        def visit_Module(self, node: cst.Module) -> bool:
            for stmt in _walk_nodes(node):
                if isinstance(stmt, cst.Import):
                    for alias in stmt.names:
                        name = get_full_name_for_node(alias.name) or ""
                        if name == self.package or name.startswith(self.package + "."):
                            self._uses_package = True
                elif isinstance(stmt, cst.ImportFrom) and stmt.module is not None and not stmt.relative:
                    name = get_full_name_for_node(stmt.module) or ""
                    if name == self.package or name.startswith(self.package + "."):
                        self._uses_package = True
                elif isinstance(stmt, cst.Assign):
                    for target in stmt.targets:
                        attr = _self_attribute(target.target)
                        if attr is not None:
                            self._self_values.setdefault(attr, []).append(stmt.value)
                elif isinstance(stmt, cst.AnnAssign) and stmt.value is not None:
                    attr = _self_attribute(stmt.target)
                    if attr is not None:
                        self._self_values.setdefault(attr, []).append(stmt.value)
            return True

        # -- type inference ------------------------------------------------------------------------------
        def infer(self, node: cst.CSTNode) -> _T | None:
            key = id(node)
            if key in self._types:
                return self._types[key]
            if key in self._busy:
                return None
            self._busy.add(key)
            try:
                result = self._infer(node)
            finally:
                self._busy.discard(key)
            self._types[key] = result
            return result

        def _infer(self, node: cst.CSTNode) -> _T | None:
            symbol = self._package_symbol_of(node)
            if symbol is not None:
                return symbol
            if isinstance(node, cst.Name):
                return self._infer_name(node)
            if isinstance(node, cst.Attribute):
                return self._infer_attribute(node)
            if isinstance(node, cst.Call):
                return self._infer_call(node)
            if isinstance(node, cst.Subscript):
                value = self.infer(node.value)
                if value is not None and value.kind == "list":
                    return _T("item", value.view, value.write)
                return None
            if isinstance(node, (cst.Await, cst.NamedExpr)):
                return None
            return None

        def _qualified(self, node: cst.CSTNode) -> list[str]:
            try:
                names = self.get_metadata(QualifiedNameProvider, node, set())
            except KeyError:
                return []
            return sorted(q.name for q in names if q.source is QualifiedNameSource.IMPORT)

        def _package_symbol_of(self, node: cst.CSTNode) -> _T | None:
            if not isinstance(node, (cst.Name, cst.Attribute)):
                return None
            for name in self._qualified(node):
                if name == self.package:
                    return _T("module", detail="")
                if name.startswith(self.package + "."):
                    relative = name[len(self.package) + 1 :]
                    parts = relative.split(".")
                    if any(part[:1].isupper() for part in parts[:-1]):
                        return None  # an attribute of a class (OmniClient.from_toml): inferred as such
                    return self._package_symbol(relative)
            return None

        def _package_symbol(self, relative: str) -> _T:
            if _module_change(relative) is not None and not _looks_like_class(relative):
                return _T("module", detail=relative)
            module, _, name = relative.rpartition(".")
            if name == self.client_name or (
                module in ("", "_api_client") and name.endswith("Client") and self._view_class(name) is None
            ):
                return _CLIENT_CLASS
            found = self._view_class(name)
            if found is not None:
                view, suffix = found
                return _T("view_class", view, suffix in ("Write", "Apply", "WriteList", "ApplyList"), suffix)
            return _T("package_name", detail=name)

        def _view_class(self, name: str) -> tuple[ViewMap, str] | None:
            if self.names is None:
                return None
            if name in self.names.by_v1_class:
                return self.names.by_v1_class[name], ""
            for suffix in sorted(CLASS_SUFFIXES, key=len, reverse=True):
                if suffix and name.endswith(suffix) and name[: -len(suffix)] in self.names.by_v1_class:
                    return self.names.by_v1_class[name[: -len(suffix)]], suffix
            return None

        def _infer_name(self, node: cst.Name) -> _T | None:
            try:
                scope = self.get_metadata(ScopeProvider, node, None)
            except KeyError:
                return None
            if scope is None or node.value not in scope:
                return None
            found: set[_T | None] = set()
            for assignment in scope[node.value]:
                if not isinstance(assignment, Assignment):
                    return None
                found.add(self._binding(assignment.node))
            return found.pop() if len(found) == 1 else None

        def _binding(self, node: cst.CSTNode) -> _T | None:
            if isinstance(node, cst.Param):
                return self._annotation(node.annotation.annotation) if node.annotation else None
            if not isinstance(node, cst.Name):
                return None
            parent = self.get_metadata(ParentNodeProvider, node, None)
            if isinstance(parent, cst.AssignTarget) and parent.target is node:
                statement = self.get_metadata(ParentNodeProvider, parent, None)
                return self.infer(statement.value) if isinstance(statement, cst.Assign) else None
            if isinstance(parent, cst.AnnAssign) and parent.target is node:
                declared = self._annotation(parent.annotation.annotation)
                if declared is not None or parent.value is None:
                    return declared
                return self.infer(parent.value)
            if isinstance(parent, (cst.For, cst.CompFor)) and parent.target is node:
                return _element(self.infer(parent.iter))
            if isinstance(parent, cst.AsName):
                holder = self.get_metadata(ParentNodeProvider, parent, None)
                if isinstance(holder, cst.WithItem):
                    return self.infer(holder.item)
            if isinstance(parent, cst.NamedExpr) and parent.target is node:
                return self.infer(parent.value)
            return None

        def _annotation(self, node: cst.BaseExpression) -> _T | None:
            if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
                parts = {self._annotation(node.left), self._annotation(node.right)} - {None, _T("none")}
                return parts.pop() if len(parts) == 1 else None
            if isinstance(node, cst.Name) and node.value == "None":
                return _T("none")
            if isinstance(node, cst.Subscript):
                outer = get_full_name_for_node(node.value) or ""
                inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
                if outer.split(".")[-1] == "Optional" and len(inner) == 1:
                    return self._annotation(inner[0])
                if outer.split(".")[-1] in ("list", "List", "Sequence", "Iterable") and len(inner) == 1:
                    item = self._annotation(inner[0])
                    if item is not None and item.kind == "item":
                        return _T("list", item.view, item.write)
                return None
            symbol = self.infer(node)
            if symbol is None:
                return None
            if symbol == _CLIENT_CLASS:
                return _CLIENT
            if symbol.kind == "view_class" and symbol.view is not None:
                if symbol.detail in ("", "Write", "Apply"):
                    return _T("item", symbol.view, symbol.write)
                if symbol.detail in ("List", "WriteList", "ApplyList"):
                    return _T("list", symbol.view, symbol.write)
            return None

        def _infer_attribute(self, node: cst.Attribute) -> _T | None:
            attr = node.attr.value
            if _self_attribute(node) is not None:
                found = {self.infer(value) for value in self._self_values.get(attr, [])}
                return found.pop() if len(found) == 1 else None
            value = self.infer(node.value)
            names = self.names
            if value is None:
                if attr == "data_record" and self._uses_package:
                    return _T("data_record")
                return None
            if value.kind == "client" and names is not None:
                if attr in names.model_groups:
                    return _T("group", detail=attr)
                view = names.by_v1_api.get(attr)
                return _T("api", view) if view is not None else None
            if value.kind == "group" and names is not None:
                view = names.by_v1_api.get(attr)
                return _T("api", view) if view is not None else None
            if value.kind == "item":
                if attr == "data_record":
                    return _T("data_record")
                if value.view is not None and names is not None and attr in value.view.targets:
                    target, many = value.view.targets[attr]
                    target_view = names.by_ref.get(target)
                    return _T("list" if many else "item", target_view, value.write)
            return None

        def _infer_call(self, node: cst.Call) -> _T | None:
            func = node.func
            callee = self.infer(func)
            if callee is not None:
                if callee == _CLIENT_CLASS:
                    return _CLIENT
                if callee == _CONFIG_CLASS:
                    return _T("config")
                if callee.kind == "view_class" and callee.detail in ("", "Write", "Apply"):
                    return _T("item", callee.view, callee.write)
            if not isinstance(func, cst.Attribute):
                return None
            owner = self.infer(func.value)
            method = func.attr.value
            if owner is None:
                return None
            if owner == _CLIENT_CLASS and method in ("from_toml", "azure_project", "from_env"):
                return _CLIENT
            if owner == _CONFIG_CLASS and method == "from_env":
                return _T("config")
            if owner.kind == "api":
                if method in ("list", "search"):
                    return _T("list", owner.view)
                if method == "iterate":
                    return _T("pages", owner.view)
                if method == "retrieve" and node.args:
                    first = node.args[0].value
                    many = isinstance(first, (cst.List, cst.Tuple, cst.ListComp))
                    return _T("list" if many else "item", owner.view)
            if owner == _CLIENT and method in ("upsert", "apply"):
                return _T("upsert_result")
            if owner.kind == "item" and method in ("as_write", "as_apply"):
                return _T("item", owner.view, True)
            if owner.kind == "list" and method in ("as_write", "as_apply"):
                return _T("list", owner.view, True)
            return None

        # -- imports -------------------------------------------------------------------------------------
        def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
            if original.module is None or original.relative:
                return updated
            module = get_full_name_for_node(original.module) or ""
            if module != self.package and not module.startswith(self.package + "."):
                return updated
            relative = module[len(self.package) + 1 :] if module != self.package else ""
            change = _module_change(relative)
            new_module = module
            if change is not None and change.new is not None and change.new != relative:
                new_module = self.package + (f".{change.new}" if change.new else "")
                if not self._add(
                    original.module, f"from {module} import", change, replacement=f"from {new_module}"
                ):
                    new_module = module
            if isinstance(original.names, cst.ImportStar):
                if change is not None and change.new is None:
                    self._manual(original, f"from {module} import *", change)
                return updated.with_changes(module=_dotted(new_module)) if new_module != module else updated
            aliases: list[cst.ImportAlias] = []
            seen: set[str] = set()
            module_reported = False
            assert not isinstance(updated.names, cst.ImportStar)
            for old_alias, alias in zip(original.names, updated.names, strict=True):
                name = get_full_name_for_node(old_alias.name) or ""
                new_name = self._import_name(old_alias, relative, name)
                unmapped = change is not None and change.new is None and name not in PACKAGE_NAMES
                if new_name is None and unmapped and change is not None and not module_reported:
                    self._manual(old_alias, f"from {module} import {name}", change)
                    module_reported = True
                if new_name is not None and new_name != name:
                    alias = alias.with_changes(name=cst.Name(new_name))
                key = cst.Module([]).code_for_node(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                if key in seen:
                    continue
                seen.add(key)
                aliases.append(alias)
            if aliases and len(aliases) < len(updated.names):  # a duplicate went: the last keeps the old end
                aliases[-1] = aliases[-1].with_changes(comma=updated.names[-1].comma)
            if aliases == list(updated.names) and new_module == module:
                return updated
            result = updated.with_changes(names=aliases)
            if new_module != module:
                result = result.with_changes(module=_dotted(new_module))
            return result

        def _import_name(self, alias: cst.ImportAlias, relative: str, name: str) -> str | None:
            """The name to import instead (None: keep it), recording findings and reference renames."""
            symbol = self._package_symbol(f"{relative}.{name}" if relative else name)
            if symbol.kind == "package_name" and name in PACKAGE_NAMES:
                self._manual(alias, f"import of {name}", PACKAGE_NAMES[name])
                return None
            if symbol.kind != "view_class" or symbol.view is None:
                return None
            new = self._new_class_name(symbol.view, symbol.detail)
            what = f"import of {name}"
            if new is None:
                self._manual(alias, what, self._class_change(symbol.view, symbol.detail))
                return None
            if new == name or not self._add(alias.name, what, replacement=new):
                return None
            if alias.asname is None:
                self._rename_references(alias, name, new)
            return new

        def _rename_references(self, alias: cst.ImportAlias, old: str, new: str) -> None:
            scope = self.get_metadata(ScopeProvider, alias, None)
            if scope is None:
                return
            for assignment in scope.assignments[old]:
                if not isinstance(assignment, Assignment) or assignment.name != old:
                    continue
                for access in assignment.references:
                    if isinstance(access.node, cst.Name):
                        self._renamed_refs[id(access.node)] = new

        def _new_class_name(self, view: ViewMap, suffix: str) -> str | None:
            change = CLASS_SUFFIXES.get(suffix)
            if change is None or change.new is None or view.new_class is None:
                return None
            if change.new == "Write":
                return view.new_write_class
            if change.new == "List":
                return view.new_list_class
            return view.new_class + change.new

        def _class_change(self, view: ViewMap, suffix: str) -> Change:
            change = CLASS_SUFFIXES.get(suffix, Change(None))
            if change.new is None:
                return change
            if view.new_class is None:
                return Change(
                    None, f"{view.ref} is only a node view in the new SDK: its edges are plain NodeIds"
                )
            return Change(None, f"{view.ref} is not writable in the new SDK: it has no write class")

        def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
            new = self._renamed_refs.get(id(original))
            return updated.with_changes(value=new) if new else updated

        # -- attributes ----------------------------------------------------------------------------------
        def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
            attr = original.attr.value
            symbol = self._package_symbol_of(original)
            if symbol is not None and symbol.kind in ("view_class", "package_name"):
                return self._class_reference(original, updated, symbol)
            owner = self.infer(original.value)
            if owner is None:
                self._unknown_owner(original, attr)
                return updated
            kind = owner.kind
            if kind == "client":
                return self._client_attribute(original, updated, attr)
            if kind == "client_class":
                change = CLIENT_METHODS.get(attr)
                if change is not None and change.new is None:
                    self._manual(original.attr, f"{self.client_name or 'Client'}.{attr}()", change)
                return updated
            if kind == "group":
                return self._group_attribute(original, updated, attr)
            if kind == "api":
                return self._api_attribute(original, updated, owner, attr)
            if kind == "data_record":
                return self._data_record_attribute(original, updated, attr)
            if kind == "item":
                return self._item_attribute(original, updated, owner, attr)
            if kind in ("list", "pages"):
                change = LIST_ATTRIBUTES.get(attr)
                if change is not None:
                    return self._rename_attr(original, updated, f".{attr}", change)
                if owner.view is not None and attr in owner.view.targets:
                    advice = Change(
                        None,
                        f"lists have no .{attr}: [x for item in items for x in item."
                        f"{owner.view.attributes.get(attr, attr)}]",
                    )
                    self._manual(original.attr, f"list attribute .{attr}", advice)
                return updated
            if kind == "upsert_result":
                change = UPSERT_RESULT_ATTRIBUTES.get(attr)
                if change is not None:
                    self._manual(original.attr, f"upsert result .{attr}", change)
            return updated

        def _rename_attr(
            self, original: cst.Attribute, updated: cst.Attribute, what: str, change: Change
        ) -> cst.Attribute:
            if change.new is None:
                self._manual(original.attr, what, change)
                return updated
            if change.new != original.attr.value and self._add(
                original.attr, what, change, replacement=f".{change.new}"
            ):
                return updated.with_changes(attr=cst.Name(change.new))
            return updated

        def _class_reference(
            self, original: cst.Attribute, updated: cst.Attribute, symbol: _T
        ) -> cst.Attribute:
            name = original.attr.value
            if symbol.kind == "package_name":
                if name in PACKAGE_NAMES:
                    self._manual(original.attr, name, PACKAGE_NAMES[name])
                return updated
            if symbol.view is None:
                return updated
            new = self._new_class_name(symbol.view, symbol.detail)
            if new is None:
                self._manual(original.attr, name, self._class_change(symbol.view, symbol.detail))
            elif new != name and self._add(original.attr, name, replacement=new):
                return updated.with_changes(attr=cst.Name(new))
            return updated

        def _client_attribute(
            self, original: cst.Attribute, updated: cst.Attribute, attr: str
        ) -> cst.Attribute:
            change = CLIENT_METHODS.get(attr)
            if change is not None:
                return self._rename_attr(original, updated, f"client.{attr}", change)
            names = self.names
            if names is None or attr in names.model_groups:
                return updated
            view = names.by_v1_api.get(attr)
            if view is None:
                return updated
            if view.new_api_attribute is None:
                self._manual(
                    original.attr, f"client.{attr}", Change(None, f"{view.ref} has no API in the new SDK")
                )
            elif view.new_api_attribute != attr and self._add(
                original.attr, f"client.{attr}", replacement=f"client.{view.new_api_attribute}"
            ):
                return updated.with_changes(attr=cst.Name(view.new_api_attribute))
            return updated

        def _group_attribute(
            self, original: cst.Attribute, updated: cst.Attribute, attr: str
        ) -> cst.BaseExpression:
            view = self.names.by_v1_api.get(attr) if self.names else None
            group = self.infer(original.value)
            inner = updated.value
            if view is None or view.new_api_attribute is None or group is None:
                return updated
            what = f"client.{group.detail}.{attr}"
            replacement = f"client.{view.new_api_attribute}"
            if self._add(original, what, replacement=replacement) and isinstance(inner, cst.Attribute):
                return cst.Attribute(value=inner.value, attr=cst.Name(view.new_api_attribute))
            return updated

        def _api_attribute(
            self, original: cst.Attribute, updated: cst.Attribute, owner: _T, attr: str
        ) -> cst.Attribute:
            change = API_METHODS.get(attr)
            if change is not None:
                self._manual(original.attr, f"{attr}()", change)
            elif owner.view is not None and attr in owner.view.edge_apis:
                advice = Change(
                    None,
                    "edge sub-APIs are gone: read the connection with retrieve(..., retrieve_connections="
                    "'identifier' or 'full'); edges with properties have their own view API",
                )
                self._manual(original.attr, f"edge API .{attr}", advice)
            return updated

        def _data_record_attribute(
            self, original: cst.Attribute, updated: cst.Attribute, attr: str
        ) -> cst.BaseExpression:
            change = DATA_RECORD_ATTRIBUTES.get(attr)
            if change is None:
                return updated
            what = f".data_record.{attr}"
            if change.new is None:
                self._manual(original, what, change)
                return updated
            if not (isinstance(original.value, cst.Attribute) and original.value.attr.value == "data_record"):
                held = Change(
                    None, f"a data_record held in a variable: read .{change.new} on the object itself"
                )
                self._manual(original.attr, f".{attr} of a data_record", held)
                return updated
            inner = updated.value
            if self._add(original, what, change, replacement=f".{change.new}") and isinstance(
                inner, cst.Attribute
            ):
                return cst.Attribute(value=inner.value, attr=cst.Name(change.new))
            return updated

        def _item_attribute(
            self, original: cst.Attribute, updated: cst.Attribute, owner: _T, attr: str
        ) -> cst.Attribute:
            if attr == "data_record":
                parent = self.get_metadata(ParentNodeProvider, original, None)
                if not (isinstance(parent, cst.Attribute) and parent.value is original):
                    self._manual(original.attr, ".data_record", ITEM_ATTRIBUTES["data_record"])
                return updated
            change = ITEM_ATTRIBUTES.get(attr)
            if change is not None:
                return self._rename_attr(original, updated, f".{attr}", change)
            view = owner.view
            if view is None or attr not in view.attributes:
                return updated
            new = view.attributes[attr]
            if new != attr and self._add(original.attr, f"{view.v1_class}.{attr}", replacement=f".{new}"):
                return updated.with_changes(attr=cst.Name(new))
            return updated

        def _unknown_owner(self, original: cst.Attribute, attr: str) -> None:
            """An attribute of an object of unknown type: only listed, in files that use the SDK."""
            if not self._uses_package or self._qualified(original.value):
                return  # files without the SDK, and attributes of imported modules and classes
            parent = self.get_metadata(ParentNodeProvider, original, None)
            if attr == "data_record" and isinstance(parent, cst.Attribute) and parent.value is original:
                return  # reported (and fixed) as <x>.data_record.<name>
            if attr in ("as_apply", "data_record"):
                change = ITEM_ATTRIBUTES[attr]
                hint = f" ({change.new}())" if change.new else ""
                self._manual(
                    original.attr,
                    f".{attr}",
                    Change(None, f"if this is an SDK object: {change.advice}{hint}"),
                )
                return
            if self.names is None:
                return
            renamed = sorted(
                {
                    (view.v1_class, view.attributes[attr])
                    for view in self.names.views
                    if attr in view.attributes and view.attributes[attr] != attr
                }
            )
            if renamed:
                news = sorted({new for _, new in renamed})
                classes = ", ".join(cls for cls, _ in renamed[:3]) + (", ..." if len(renamed) > 3 else "")
                self._manual(
                    original.attr,
                    f".{attr}",
                    Change(
                        None,
                        f"if this is an SDK object ({classes}), the attribute is now .{' or .'.join(news)}",
                    ),
                )

        # -- calls ---------------------------------------------------------------------------------------
        def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
            for name in self._qualified(original.func):
                change = EXTERNAL_CALLS.get(name)
                if change is not None:
                    self._manual(original.func, f"{name.rsplit('.', 1)[-1]}()", change)
                    return updated
            callee = self.infer(original.func)
            if callee == _CLIENT_CLASS:
                self._check_client_construction(original)
                return updated
            if callee is not None and callee.kind == "view_class":
                self._check_sdk_arguments(original)
                return self._constructor_keywords(original, updated, callee)
            func = original.func
            if not isinstance(func, cst.Attribute):
                return updated
            owner = self.infer(func.value)
            method = func.attr.value
            if owner is None:
                return updated
            if owner.kind == "api" and method in _API_READS:
                self._check_sdk_arguments(original)
                return self._api_call(original, updated, owner, method)
            if owner == _CLIENT and method in ("upsert", "apply", "delete"):
                self._check_sdk_arguments(original)
                return self._keywords(original, updated, "upsert" if method == "apply" else method, None)
            if owner.kind in ("item", "list"):
                for arg in original.args:
                    if arg.keyword is not None and (method, arg.keyword.value) in METHOD_KEYWORDS:
                        change = METHOD_KEYWORDS[(method, arg.keyword.value)]
                        self._manual(arg, f"{method}({arg.keyword.value}=...)", change)
                if owner.kind == "item" and method == "to_pandas":
                    advice = (
                        "objects have no to_pandas(): pandas.Series(item.to_row()); lists keep to_pandas()"
                    )
                    self._manual(func.attr, "to_pandas()", Change(None, advice))
            return updated

        def _check_client_construction(self, call: cst.Call) -> None:
            args = [a for a in call.args if a.keyword is None or a.keyword.value == "config_or_client"]
            client = self.client_name or "Client"
            if len(args) == 1 and self.infer(args[0].value) == _T("config"):
                return
            advice = Change(
                None,
                f"{client}() takes the SDK's own ClientConfig, not a CogniteClient: {client}.from_env(), or "
                f"{client}(ClientConfig(...)) with ClientConfig from {{package}}",
            )
            self._manual(call, f"{client}(...)", advice)

        def _check_sdk_arguments(self, call: cst.Call) -> None:
            """cognite-sdk ids and filters handed to the SDK: it takes its own."""
            values: list[cst.BaseExpression] = []
            for arg in call.args:
                value = arg.value
                if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
                    values.extend(element.value for element in value.elements)
                else:
                    values.append(value)
            for value in values:
                if not isinstance(value, cst.Call):
                    continue
                for name in self._qualified(value.func):
                    if not name.startswith("cognite.client."):
                        continue
                    parts = name.split(".")
                    key = "filters" if "filters" in parts[:-1] else parts[-1]
                    change = COGNITE_SDK_NAMES.get(key)
                    if change is not None:
                        self._manual(value.func, f"cognite-sdk {parts[-1]}", change)
                        break

        def _constructor_keywords(self, original: cst.Call, updated: cst.Call, callee: _T) -> cst.Call:
            view = callee.view
            if view is None:
                return updated
            args = list(updated.args)
            for index, arg in enumerate(original.args):
                if arg.keyword is None:
                    continue
                keyword = arg.keyword.value
                if keyword == "data_record":
                    args[index] = self._data_record_keyword(arg, args[index])
                    continue
                new = view.attributes.get(keyword)
                if new is not None and new != keyword:
                    what = f"{cst.Module([]).code_for_node(original.func)}({keyword}=...)"
                    if self._add(arg.keyword, what, replacement=f"{new}="):
                        args[index] = args[index].with_changes(keyword=cst.Name(new))
            return updated.with_changes(args=args)

        def _data_record_keyword(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
            value = original.value
            inner = updated.value
            if (
                isinstance(value, cst.Call)
                and isinstance(inner, cst.Call)
                and len(value.args) == 1
                and value.args[0].keyword is not None
                and value.args[0].keyword.value == "existing_version"
                and any(n.endswith("DataRecordWrite") for n in self._qualified(value.func))
            ):
                if self._add(
                    original,
                    "data_record=DataRecordWrite(existing_version=...)",
                    replacement="existing_version=...",
                ):
                    return updated.with_changes(
                        keyword=cst.Name("existing_version"), value=inner.args[0].value
                    )
                return updated
            self._manual(
                original, "data_record=...", Change(None, "set existing_version=... on the write object")
            )
            return updated

        def _api_call(self, original: cst.Call, updated: cst.Call, owner: _T, method: str) -> cst.Call:
            names, keep = POSITIONAL.get(method, ((), 0))
            args = list(updated.args)
            converted: dict[int, str] = {}
            position = 0
            for index, arg in enumerate(original.args):
                if arg.keyword is not None or arg.star:
                    continue
                what = f"{method}() positional argument {position + 1}"
                if position < keep and position < len(names):
                    converted[index] = names[position]
                elif position < len(names):
                    keyword = names[position]
                    converted[index] = keyword
                    change = KEYWORDS.get((method, keyword))
                    if change is not None and change.new is None:
                        self._manual(arg, what, change)
                    elif self._add(arg, what, replacement=f"{keyword}=..."):
                        args[index] = args[index].with_changes(
                            keyword=cst.Name(keyword),
                            equal=cst.AssignEqual(
                                whitespace_before=cst.SimpleWhitespace(""),
                                whitespace_after=cst.SimpleWhitespace(""),
                            ),
                        )
                elif position >= keep:
                    advice = Change(None, "filters are keyword-only: pass it by name")
                    self._manual(arg, what, advice)
                position += 1
            call = updated.with_changes(args=args)
            return self._keywords(original, call, method, owner.view, converted)

        def _keywords(
            self,
            original: cst.Call,
            updated: cst.Call,
            method: str,
            view: ViewMap | None,
            converted: dict[int, str] | None = None,
        ) -> cst.Call:
            args = list(updated.args)
            for index, arg in enumerate(updated.args):
                source = original.args[index]
                keyword = source.keyword.value if source.keyword is not None else (converted or {}).get(index)
                if keyword is None:
                    continue
                anchor: cst.CSTNode = source.keyword if source.keyword is not None else source
                change = KEYWORDS.get((method, keyword)) or KEYWORDS.get(("*", keyword))
                if change is not None:
                    if source.keyword is not None:  # positional ones were reported with their position
                        args[index] = self._keyword_change(source, arg, anchor, method, keyword, change)
                    continue
                if view is not None and keyword in view.filter_keywords:
                    new = view.filter_keywords[keyword]
                    if new is None:
                        advice = Change(
                            None, f"{view.ref} has no {keyword} filter in the new SDK: use filter="
                        )
                        self._manual(anchor, f"{method}({keyword}=...)", advice)
                    elif new != keyword and self._add(
                        anchor, f"{method}({keyword}=...)", replacement=f"{new}="
                    ):
                        args[index] = arg.with_changes(keyword=cst.Name(new))
                    continue
                if view is not None and keyword in FIELD_VALUE_KEYWORDS:
                    renamed = self._field_values(source.value, view)
                    if renamed is None:
                        continue
                    code = cst.Module([]).code_for_node(renamed)
                    if self._add(source.value, f"{method}({keyword}=...) field name", replacement=code):
                        args[index] = arg.with_changes(value=renamed)
            return updated.with_changes(args=args)

        def _keyword_change(
            self,
            source: cst.Arg,
            arg: cst.Arg,
            anchor: cst.CSTNode,
            method: str,
            keyword: str,
            change: Change,
        ) -> cst.Arg:
            what = f"{method}({keyword}=...)"
            if change.new is None:
                self._manual(anchor, what, change)
                return arg
            values = KEYWORD_VALUES.get((method, keyword)) or KEYWORD_VALUES.get(("*", keyword))
            if values is not None:
                literal = _literal(source.value)
                if literal is _NO_LITERAL or literal not in values:
                    self._manual(anchor, what, change)
                    return arg
                new_value = values[literal]
                if self._add(anchor, what, change, replacement=f"{change.new}={new_value}"):
                    return arg.with_changes(
                        keyword=cst.Name(change.new), value=cst.parse_expression(new_value)
                    )
                return arg
            if self._add(anchor, what, change, replacement=f"{change.new}="):
                return arg.with_changes(keyword=cst.Name(change.new))
            return arg

        def _field_values(self, value: cst.BaseExpression, view: ViewMap) -> cst.BaseExpression | None:
            """The expression with renamed field names in its string literals, or None if nothing changes."""
            if isinstance(value, cst.SimpleString):
                text = value.evaluated_value
                if isinstance(text, str) and text in view.attributes and view.attributes[text] != text:
                    quote = value.quote
                    return value.with_changes(value=f"{value.prefix}{quote}{view.attributes[text]}{quote}")
                return None
            if isinstance(value, (cst.List, cst.Tuple)):
                elements = []
                changed = False
                for element in value.elements:
                    new = self._field_values(element.value, view)
                    changed = changed or new is not None
                    elements.append(element.with_changes(value=new) if new is not None else element)
                return value.with_changes(elements=elements) if changed else None
            return None

    return Migrator


_NO_LITERAL = object()


def _literal(node: Any) -> object:
    import libcst as cst

    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    return _NO_LITERAL


def _dotted(name: str) -> cst.Attribute | cst.Name:
    import libcst as cst

    expr = cst.parse_expression(name)
    assert isinstance(expr, (cst.Attribute, cst.Name))
    return expr


def _walk_nodes(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _self_attribute(node: Any) -> str | None:
    import libcst as cst

    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
        return node.attr.value
    return None


def _element(container: _T | None) -> _T | None:
    if container is None:
        return None
    if container.kind == "list":
        return _T("item", container.view, container.write)
    if container.kind == "pages":
        return _T("list", container.view, container.write)
    return None


def _module_change(relative: str) -> Change | None:
    """The most specific ``MODULES`` entry for a submodule of the package (None: not a known module)."""
    if relative in MODULES:
        return MODULES[relative]
    parts = relative.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:cut])
        rest = parts[cut:]
        if f"{parent}.*" in MODULES:
            return MODULES[f"{parent}.*"]
        if len(rest) == 1 and rest[0].startswith("_") and f"{parent}._*" in MODULES:
            return MODULES[f"{parent}._*"]
    return None


def _looks_like_class(relative: str) -> bool:
    last = relative.rpartition(".")[2]
    return bool(last) and last[0].isupper()
