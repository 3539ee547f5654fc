"""Rules of ``pygen migrate code`` for imports of the package and references to its classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment, ScopeProvider

from ._infer import Inferred, TypeInference, module_change
from ._mapping import CLASS_SUFFIXES, PACKAGE_NAMES, Change

if TYPE_CHECKING:
    from ._names import ViewMap

__all__ = ["ImportRules"]


class ImportRules(TypeInference):
    """``from <package>... import ...``: modules moved, classes renamed (with every reference in the file)."""

    # -- imports -------------------------------------------------------------------------------------
    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if original.module is None or original.relative:
            return updated
        module = get_full_name_for_node(original.module) or ""
        if module != self.package and not module.startswith(self.package + "."):
            return updated
        relative = module[len(self.package) + 1 :] if module != self.package else ""
        change = module_change(relative)
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
            return Change(None, f"{view.ref} is only a node view in the new SDK: its edges are plain NodeIds")
        return Change(None, f"{view.ref} is not writable in the new SDK: it has no write class")

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        new = self._renamed_refs.get(id(original))
        return updated.with_changes(value=new) if new else updated

    def _class_reference(
        self, original: cst.Attribute, updated: cst.Attribute, symbol: Inferred
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


def _dotted(name: str) -> cst.Attribute | cst.Name:
    expr = cst.parse_expression(name)
    assert isinstance(expr, (cst.Attribute, cst.Name))
    return expr
