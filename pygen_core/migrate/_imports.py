"""Rules of ``pygen migrate code`` for imports of the package and references to its classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment, ParentNodeProvider, ScopeProvider

from ._infer import Inferred, TypeInference, looks_like_class, module_change
from ._mapping import CLASS_SUFFIXES, PACKAGE_NAMES, Change

if TYPE_CHECKING:
    from ._names import ViewMap

__all__ = ["ImportRules"]


class ImportRules(TypeInference):
    """Imports of the package: modules moved (with every ``<package>.<module>`` reference in the file),
    classes renamed (with every reference to the imported name)."""

    # -- imports -------------------------------------------------------------------------------------
    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        """``import <package>.<module> [as x]``: the module's new place, or a manual finding."""
        aliases: list[cst.ImportAlias] = []
        seen: set[str] = set()
        for old_alias, alias in zip(original.names, updated.names, strict=True):
            name = get_full_name_for_node(old_alias.name) or ""
            new = self._moved_module(old_alias, name, f"import {name}")
            if new is not None:
                alias = alias.with_changes(name=_dotted(new))
            key = cst.Module([]).code_for_node(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))
            if key not in seen:
                seen.add(key)
                aliases.append(alias)
        if aliases == list(updated.names):
            return updated
        aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=aliases)

    def _moved_module(self, node: cst.CSTNode, module: str, what: str) -> str | None:
        """The new dotted name of ``module`` if it is a moved submodule of the package and the fix applies it;
        a finding (mechanical or manual) is recorded for every moved submodule."""
        if not module.startswith(self.package + "."):
            return None
        relative = module[len(self.package) + 1 :]
        change = module_change(relative)
        if change is None or change.new == relative:
            return None
        if change.new is None:
            self._manual(node, what, change)
            return None
        new = self.package + (f".{change.new}" if change.new else "")
        replacement = what.replace(module, new, 1)
        return new if self._add(node, what, change, replacement=replacement) else None

    def leave_ImportFrom(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.ImportFrom | cst.Import:
        if original.module is None or original.relative:
            return updated
        module = get_full_name_for_node(original.module) or ""
        if module != self.package and not module.startswith(self.package + "."):
            return updated
        relative = module[len(self.package) + 1 :] if module != self.package else ""
        if not isinstance(original.names, cst.ImportStar):
            moved = self._submodule_imports(original, module, relative)
            if moved is not None:
                return moved
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

    def _submodule_imports(self, original: cst.ImportFrom, module: str, relative: str) -> cst.Import | None:
        """``from <package> import <moved module>``: the statement that replaces it (``import <new> as
        <name>``, when it imports nothing else), or None; findings for every moved module it imports."""
        assert not isinstance(original.names, cst.ImportStar)
        for alias in original.names:
            name = get_full_name_for_node(alias.name) or ""
            sub = f"{relative}.{name}" if relative else name
            change = module_change(sub)
            if change is None or change.new == sub or looks_like_class(sub):
                continue
            what = f"from {module} import {name}"
            if change.new is None:
                self._manual(alias, what, change)
                continue
            new = self.package + (f".{change.new}" if change.new else "")
            bound = alias.asname.name if alias.asname is not None else alias.name
            as_name = cst.Module([]).code_for_node(bound)
            if len(original.names) > 1:
                advice = Change(None, f"the module moved: import {new} as {as_name}, on a line of its own")
                self._manual(alias, what, advice)
            elif self._add(original, what, change, replacement=f"import {new} as {as_name}"):
                return cst.Import(
                    names=[cst.ImportAlias(name=_dotted(new), asname=cst.AsName(name=cst.Name(as_name)))]
                )
        return None

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

    def _module_reference(
        self, original: cst.Attribute, updated: cst.Attribute, relative: str
    ) -> cst.BaseExpression:
        """``<package>.<moved module>`` in an expression: the module's new place (the longest module path)."""
        parent = self.get_metadata(ParentNodeProvider, original, None)
        if isinstance(parent, cst.Attribute) and parent.value is original:
            outer = self._package_symbol_of(parent)
            if outer is not None and outer.kind == "module":
                return updated  # part of a longer module path: that one is rewritten
        change = module_change(relative)
        if change is None or change.new is None or change.new == relative:
            return updated
        new = self.package + (f".{change.new}" if change.new else "")
        old = cst.Module([]).code_for_node(original)
        if self._add(original, old, change, replacement=new):
            return _dotted(new)
        return updated


def _dotted(name: str) -> cst.Attribute | cst.Name:
    expr = cst.parse_expression(name)
    assert isinstance(expr, (cst.Attribute, cst.Name))
    return expr
