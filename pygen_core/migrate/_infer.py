"""The type inference under ``pygen migrate code``: what an expression is, as far as the SDK is concerned.

Flow-insensitive and small: types follow imports of the package, plain assignments, ``for`` and comprehension
targets, ``with ... as``, annotations (parameters, ``x: T``) and ``self.<attr>`` assignments. A name bound to
two different things is unknown; unknown means "never rewritten".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

from ._code import CodeFinding
from ._mapping import CLASS_SUFFIXES, MODULES, Change

if TYPE_CHECKING:
    from ._names import NameMap, ViewMap

__all__ = [
    "CLIENT",
    "CLIENT_CLASS",
    "CONFIG_CLASS",
    "Inferred",
    "TypeInference",
    "looks_like_class",
    "module_change",
]


@dataclass(frozen=True)
class Inferred:
    """What an expression is: ``kind`` plus the view it belongs to (when the snapshot says)."""

    kind: str
    view: ViewMap | None = None
    write: bool = False
    detail: str = ""


CLIENT = Inferred("client")
CLIENT_CLASS = Inferred("client_class")
CONFIG_CLASS = Inferred("package_name", detail="ClientConfig")


class TypeInference(cst.CSTTransformer):
    """Finding bookkeeping and type inference; the rules live in the subclasses."""

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
        self._types: dict[int, Inferred | None] = {}
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
    def infer(self, node: cst.CSTNode) -> Inferred | None:
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

    def _infer(self, node: cst.CSTNode) -> Inferred | None:
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
                return Inferred("item", value.view, value.write)
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

    def _package_symbol_of(self, node: cst.CSTNode) -> Inferred | None:
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return None
        for name in self._qualified(node):
            if name == self.package:
                return Inferred("module", detail="")
            if name.startswith(self.package + "."):
                relative = name[len(self.package) + 1 :]
                parts = relative.split(".")
                if any(part[:1].isupper() for part in parts[:-1]):
                    return None  # an attribute of a class (OmniClient.from_toml): inferred as such
                return self._package_symbol(relative)
        return None

    def _package_symbol(self, relative: str) -> Inferred:
        if module_change(relative) is not None and not looks_like_class(relative):
            return Inferred("module", detail=relative)
        module, _, name = relative.rpartition(".")
        if name == self.client_name or (
            module in ("", "_api_client") and name.endswith("Client") and self._view_class(name) is None
        ):
            return CLIENT_CLASS
        found = self._view_class(name)
        if found is not None:
            view, suffix = found
            return Inferred(
                "view_class", view, suffix in ("Write", "Apply", "WriteList", "ApplyList"), suffix
            )
        return Inferred("package_name", detail=name)

    def _view_class(self, name: str) -> tuple[ViewMap, str] | None:
        if self.names is None:
            return None
        if name in self.names.by_v1_class:
            return self.names.by_v1_class[name], ""
        for suffix in sorted(CLASS_SUFFIXES, key=len, reverse=True):
            if suffix and name.endswith(suffix) and name[: -len(suffix)] in self.names.by_v1_class:
                return self.names.by_v1_class[name[: -len(suffix)]], suffix
        return None

    def _infer_name(self, node: cst.Name) -> Inferred | None:
        try:
            scope = self.get_metadata(ScopeProvider, node, None)
        except KeyError:
            return None
        if scope is None or node.value not in scope:
            return None
        found: set[Inferred | None] = set()
        for assignment in scope[node.value]:
            if not isinstance(assignment, Assignment):
                return None
            found.add(self._binding(assignment.node))
        return found.pop() if len(found) == 1 else None

    def _binding(self, node: cst.CSTNode) -> Inferred | None:
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

    def _annotation(self, node: cst.BaseExpression) -> Inferred | None:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            parts = {self._annotation(node.left), self._annotation(node.right)} - {None, Inferred("none")}
            return parts.pop() if len(parts) == 1 else None
        if isinstance(node, cst.Name) and node.value == "None":
            return Inferred("none")
        if isinstance(node, cst.Subscript):
            outer = get_full_name_for_node(node.value) or ""
            inner = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
            if outer.split(".")[-1] == "Optional" and len(inner) == 1:
                return self._annotation(inner[0])
            if outer.split(".")[-1] in ("list", "List", "Sequence", "Iterable") and len(inner) == 1:
                item = self._annotation(inner[0])
                if item is not None and item.kind == "item":
                    return Inferred("list", item.view, item.write)
            return None
        symbol = self.infer(node)
        if symbol is None:
            return None
        if symbol == CLIENT_CLASS:
            return CLIENT
        if symbol.kind == "view_class" and symbol.view is not None:
            if symbol.detail in ("", "Write", "Apply"):
                return Inferred("item", symbol.view, symbol.write)
            if symbol.detail in ("List", "WriteList", "ApplyList"):
                return Inferred("list", symbol.view, symbol.write)
        return None

    def _infer_attribute(self, node: cst.Attribute) -> Inferred | None:
        attr = node.attr.value
        if _self_attribute(node) is not None:
            found = {self.infer(value) for value in self._self_values.get(attr, [])}
            return found.pop() if len(found) == 1 else None
        value = self.infer(node.value)
        names = self.names
        if value is None:
            if attr == "data_record" and self._uses_package:
                return Inferred("data_record")
            return None
        if value.kind == "client" and names is not None:
            if attr in names.model_groups:
                return Inferred("group", detail=attr)
            view = names.by_v1_api.get(attr)
            return Inferred("api", view) if view is not None else None
        if value.kind == "group" and names is not None:
            view = names.by_v1_api.get(attr)
            return Inferred("api", view) if view is not None else None
        if value.kind == "item":
            if attr == "data_record":
                return Inferred("data_record")
            if value.view is not None and names is not None and attr in value.view.targets:
                target, many = value.view.targets[attr]
                target_view = names.by_ref.get(target)
                return Inferred("list" if many else "item", target_view, value.write)
        return None

    def _infer_call(self, node: cst.Call) -> Inferred | None:
        func = node.func
        callee = self.infer(func)
        if callee is not None:
            if callee == CLIENT_CLASS:
                return CLIENT
            if callee == CONFIG_CLASS:
                return Inferred("config")
            if callee.kind == "view_class" and callee.detail in ("", "Write", "Apply"):
                return Inferred("item", callee.view, callee.write)
        if not isinstance(func, cst.Attribute):
            return None
        owner = self.infer(func.value)
        method = func.attr.value
        if owner is None:
            return None
        if owner == CLIENT_CLASS and method in ("from_toml", "azure_project", "from_env"):
            return CLIENT
        if owner == CONFIG_CLASS and method == "from_env":
            return Inferred("config")
        if owner.kind == "api":
            if method in ("list", "search"):
                return Inferred("list", owner.view)
            if method == "iterate":
                return Inferred("pages", owner.view)
            if method == "retrieve" and node.args:
                first = node.args[0].value
                many = isinstance(first, (cst.List, cst.Tuple, cst.ListComp))
                return Inferred("list" if many else "item", owner.view)
        if owner == CLIENT and method in ("upsert", "apply"):
            return Inferred("upsert_result")
        if owner.kind == "item" and method in ("as_write", "as_apply"):
            return Inferred("item", owner.view, True)
        if owner.kind == "list" and method in ("as_write", "as_apply"):
            return Inferred("list", owner.view, True)
        return None


def _walk_nodes(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _self_attribute(node: Any) -> str | None:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
        return node.attr.value
    return None


def _element(container: Inferred | None) -> Inferred | None:
    if container is None:
        return None
    if container.kind == "list":
        return Inferred("item", container.view, container.write)
    if container.kind == "pages":
        return Inferred("list", container.view, container.write)
    return None


def module_change(relative: str) -> Change | None:
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


def looks_like_class(relative: str) -> bool:
    """True when the last part of a dotted name is capitalised (a class, not a module)."""
    last = relative.rpartition(".")[2]
    return bool(last) and last[0].isupper()
