"""Rules of ``pygen migrate code`` for attributes and calls: client, view APIs, objects, lists, results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._imports import ImportRules
from ._infer import CLIENT, CLIENT_CLASS, Inferred
from ._mapping import (
    API_METHODS,
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
    POSITIONAL,
    UPSERT_RESULT_ATTRIBUTES,
    Change,
)

if TYPE_CHECKING:
    from ._names import ViewMap

__all__ = ["Migrator"]

_API_READS = frozenset({"list", "search", "retrieve", "iterate", "aggregate", "histogram"})
_NO_LITERAL = object()


class Migrator(ImportRules):
    """Every rule; ``findings`` holds what it found, the visited module is the rewritten code."""

    # -- attributes ----------------------------------------------------------------------------------
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        attr = original.attr.value
        symbol = self._package_symbol_of(original)
        if symbol is not None and symbol.kind in ("view_class", "package_name"):
            return self._class_reference(original, updated, symbol)
        if symbol is not None and symbol.kind == "module":
            return self._module_reference(original, updated, symbol.detail)
        owner = self.infer(original.value)
        if owner is None:
            self._unknown_owner(original, attr)
            return updated
        kind = owner.kind
        if kind == "client":
            return self._client_attribute(original, updated, attr)
        if kind == "client_class":
            change = CLIENT_METHODS.get(attr)
            if change is not None:
                owner_code = cst.Module([]).code_for_node(original.value)
                return self._rename_attr(original, updated, f"{owner_code}.{attr}()", change)
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

    def _client_attribute(self, original: cst.Attribute, updated: cst.Attribute, attr: str) -> cst.Attribute:
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
        model = self.names.model_groups.get(group.detail or "") if self.names else None
        namespaced = view.in_models.get(model or "")
        if not view.flat and namespaced is not None:
            # An ambiguous name: the view stays in its model's namespace (with our names).
            space, _, name = namespaced.partition(".")
            if namespaced == f"{group.detail}.{attr}":
                return updated
            if self._add(original, what, replacement=f"client.{namespaced}") and isinstance(
                inner, cst.Attribute
            ):
                return cst.Attribute(
                    value=cst.Attribute(value=inner.value, attr=cst.Name(space)), attr=cst.Name(name)
                )
            return updated
        replacement = f"client.{view.new_api_attribute}"
        if self._add(original, what, replacement=replacement) and isinstance(inner, cst.Attribute):
            return cst.Attribute(value=inner.value, attr=cst.Name(view.new_api_attribute))
        return updated

    def _api_attribute(
        self, original: cst.Attribute, updated: cst.Attribute, owner: Inferred, attr: str
    ) -> cst.Attribute:
        change = API_METHODS.get(attr)
        if change is not None:
            return self._rename_attr(original, updated, f"{attr}()", change)
        if owner.view is not None and attr in owner.view.new_edge_apis:
            ours = owner.view.new_edge_apis[attr]
            advice = Change(
                None,
                f"the edge API is .{ours}: list(start_node=..., end_node=...) replaces the from_*/to_* "
                "keywords",
            )
            self._manual(original.attr, f"edge API .{attr}", advice)
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
            held = Change(None, f"a data_record held in a variable: read .{change.new} on the object itself")
            self._manual(original.attr, f".{attr} of a data_record", held)
            return updated
        inner = updated.value
        if self._add(original, what, change, replacement=f".{change.new}") and isinstance(
            inner, cst.Attribute
        ):
            return cst.Attribute(value=inner.value, attr=cst.Name(change.new))
        return updated

    def _item_attribute(
        self, original: cst.Attribute, updated: cst.Attribute, owner: Inferred, attr: str
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
        if self.names is None or (isinstance(parent, cst.Call) and parent.func is original):
            return  # no names to compare, or a method call (`when.date()`): SDK fields are not callable
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
        if callee == CLIENT_CLASS:
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
        if owner == CLIENT and method in ("upsert", "apply", "delete"):
            self._check_sdk_arguments(original)
            return self._keywords(original, updated, "upsert" if method == "apply" else method, None)
        if owner.kind in ("item", "list"):
            for arg in original.args:
                if arg.keyword is not None and (method, arg.keyword.value) in METHOD_KEYWORDS:
                    change = METHOD_KEYWORDS[(method, arg.keyword.value)]
                    self._manual(arg, f"{method}({arg.keyword.value}=...)", change)
            if owner.kind == "item" and method == "to_pandas":
                advice = "objects have no to_pandas(): pandas.Series(item.to_row()); lists keep to_pandas()"
                self._manual(func.attr, "to_pandas()", Change(None, advice))
        return updated

    def _check_client_construction(self, call: cst.Call) -> None:
        args = [a for a in call.args if a.keyword is None or a.keyword.value == "config_or_client"]
        client = self.client_name or "Client"
        if len(args) == 1 and self.infer(args[0].value) == Inferred("config"):
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

    def _constructor_keywords(self, original: cst.Call, updated: cst.Call, callee: Inferred) -> cst.Call:
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
                return updated.with_changes(keyword=cst.Name("existing_version"), value=inner.args[0].value)
            return updated
        self._manual(
            original, "data_record=...", Change(None, "set existing_version=... on the write object")
        )
        return updated

    def _api_call(self, original: cst.Call, updated: cst.Call, owner: Inferred, method: str) -> cst.Call:
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
                    advice = Change(None, f"{view.ref} has no {keyword} filter in the new SDK: use filter=")
                    self._manual(anchor, f"{method}({keyword}=...)", advice)
                elif new != keyword and self._add(anchor, f"{method}({keyword}=...)", replacement=f"{new}="):
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
                return arg.with_changes(keyword=cst.Name(change.new), value=cst.parse_expression(new_value))
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


def _literal(node: Any) -> object:
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    return _NO_LITERAL
