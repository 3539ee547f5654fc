"""``LazyRef``: the pydantic marker of connection fields, so a class never builds its targets' schemas.

A connection field is typed ``Annotated[Target | NodeId | None, LazyRef]`` (write classes:
``Annotated[TargetWrite | NodeId | tuple[str, str] | str | None, LazyRef]``). Type checkers see the inner
type; pydantic gets a cheap validator that checks values against the inner type's members without nesting
the target's schema, so a long chain of connected views does not recurse through every class.

``model_json_schema()`` still describes connection fields exactly: the JSON schema of a connection is an
``anyOf`` of its targets (``$ref`` to their own schemas, built only then; cycles of views end in a
``$ref``), the id object ``{"space", "externalId"}``, strings and ``null`` as the annotation allows.
"""

from __future__ import annotations

import contextvars
import re
import sys
import types
import typing
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, TypeVar, cast

from pydantic import BaseModel
from pydantic_core import core_schema

from ._ids import NodeId, id_json_schema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

__all__ = ["LazyRef", "Ref", "bind_targets"]

_IDENTITY_KEYS = frozenset({"space", "externalId", "external_id", "instanceType"})
_SOURCE = "pygen_lazy_ref_source"
# Classes whose JSON schema is being generated (a cycle of connected views ends in a $ref to them).
_IN_PROGRESS: contextvars.ContextVar[frozenset[type[BaseModel]]] = (
    contextvars.ContextVar("pygen_lazy_ref_in_progress", default=frozenset())
)


class _Accepts:
    """What one (non-list) level of a connection annotation accepts."""

    __slots__ = ("classes", "node_id", "none", "string", "tuple_")

    def __init__(self, members: tuple[Any, ...]) -> None:
        self.none = False
        self.node_id = False
        self.tuple_ = False
        self.string = False
        self.classes: tuple[type[BaseModel], ...] = ()
        for member in members:
            origin = typing.get_origin(member)
            if member is None or member is type(None):
                self.none = True
            elif member is NodeId:
                self.node_id = True
            elif member is str:
                self.string = True
            elif member is tuple or origin is tuple:
                self.tuple_ = True
            elif isinstance(member, type) and issubclass(member, BaseModel):
                self.classes += (member,)
            else:
                raise TypeError(
                    f"LazyRef: unsupported connection member type {member!r}"
                )

    def expected(self) -> str:
        names = [cls.__name__ for cls in self.classes]
        if self.node_id:
            names.append("NodeId")
        if self.tuple_:
            names.append("(space, external_id)")
        if self.string:
            names.append("str")
        return ", ".join(names) or "None"

    def validate(self, value: Any) -> Any:
        if value is None:
            if self.none:
                return None
        elif isinstance(value, self.classes):
            return value
        elif type(value) is NodeId:
            if self.node_id:
                return value
        elif isinstance(value, tuple):
            pair = cast("Sequence[Any]", value)
            # Pairs become NodeIds, as pydantic's smart union did for ``NodeId | tuple[str, str]``.
            if self.node_id:
                return NodeId.load(pair)
            if (
                self.tuple_
                and len(pair) == 2
                and all(isinstance(part, str) for part in pair)
            ):
                return pair
        elif isinstance(value, str):
            if self.string:
                return value
        elif isinstance(value, dict):
            return self._from_dict(cast("dict[str, Any]", value))
        got = type(cast(object, value)).__name__
        raise ValueError(f"expected {self.expected()}, got {got}")

    def _from_dict(self, value: dict[str, Any]) -> Any:
        # ``{"space", "externalId"}`` is a reference; anything more is a whole instance, validated now
        # (the target class builds its schema on this first use, not when the owner's schema is built).
        if self.node_id and value.keys() <= _IDENTITY_KEYS:
            return NodeId.load(value)
        if self.classes:
            return self.classes[0].model_validate(value)
        if self.node_id:
            return NodeId.load(value)
        raise ValueError(f"expected {self.expected()}, got dict")


def _members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _serialize(value: Any, info: core_schema.SerializationInfo) -> Any:
    # Models and lists are left to pydantic's inference (a model dumps itself with the caller's options).
    if isinstance(value, list):
        return [_serialize(item, info) for item in cast("Iterable[Any]", value)]
    if isinstance(value, NodeId) and info.mode_is_json():
        return value.dump()
    if isinstance(value, tuple):
        pair = cast("Sequence[Any]", value)
        return list(pair) if info.mode_is_json() else pair
    return value


class LazyRef:
    """Marker of connection fields: ``Annotated[<precise type>, LazyRef]``.

    Keeps target instances of the annotated classes, ``NodeId``s, ``(space, external_id)`` tuples and strings
    where the annotation allows them; turns ``{"space", "externalId"}`` dicts into ``NodeId`` and validates
    fuller dicts with the (first) target class; validates lists element-wise.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> Any:
        members = _members(source)
        outer_none = any(member is None or member is type(None) for member in members)
        listed = [member for member in members if typing.get_origin(member) is list]
        if listed:
            item = _Accepts(_members(typing.get_args(listed[0])[0]))

            def validate_list(value: Any) -> Any:
                if value is None and outer_none:
                    return None
                if not isinstance(value, (list, tuple)):
                    raise ValueError(
                        f"expected a list of {item.expected()}, got {type(value).__name__}"
                    )
                elements = cast("Sequence[Any]", value)
                return [item.validate(element) for element in elements]

            function = validate_list
        else:
            function = _Accepts(members).validate
        return core_schema.no_info_plain_validator_function(
            function,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, info_arg=True, return_schema=core_schema.any_schema()
            ),
            metadata={_SOURCE: source},
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        metadata: Any = cast("dict[str, Any]", schema).get("metadata") or {}
        source: Any = cast("dict[str, Any]", metadata).get(_SOURCE)
        if source is None:
            raise TypeError("LazyRef: the field's annotation is unknown")
        return _json_schema(source, handler)


def _json_schema(annotation: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
    """What a connection field holds in JSON: lists element-wise; in validation mode only what
    :class:`_Accepts` takes from JSON (no pairs, dicts validated with the first target class)."""
    validation = handler.mode == "validation"
    options: list[JsonSchemaValue] = []
    nullable = False
    classes_seen = 0
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if member is None or member is type(None):
            nullable = True
        elif origin is list:
            options.append(
                {
                    "type": "array",
                    "items": _json_schema(typing.get_args(member)[0], handler),
                }
            )
        elif member is NodeId:
            options.append(id_json_schema("NodeId"))
        elif member is str:
            options.append({"type": "string"})
        elif member is tuple or origin is tuple:
            if not validation:
                pair = {"type": "string"}
                options.append(
                    {
                        "type": "array",
                        "prefixItems": [pair, pair],
                        "minItems": 2,
                        "maxItems": 2,
                    }
                )
        elif isinstance(member, type) and issubclass(member, BaseModel):
            if not (validation and classes_seen):
                options.append(_model_json_schema(member, handler))
            classes_seen += 1
    if nullable:
        options.append({"type": "null"})
    return options[0] if len(options) == 1 else {"anyOf": options}


def _model_json_schema(
    model: type[BaseModel], handler: GetJsonSchemaHandler
) -> JsonSchemaValue:
    """A ``$ref`` to ``model``'s schema in ``$defs`` (generated there unless it is being generated)."""
    in_progress = _IN_PROGRESS.get()
    if not model.__pydantic_complete__:
        model.model_rebuild()  # deferred until now: build it (and bind its targets) first
    built: Any = model.__pydantic_core_schema__
    schema: Any = built
    definitions: list[Any] = []
    # Older pydantic wraps a model that nests others in a "definitions" schema.
    if cast("dict[str, Any]", built).get("type") == "definitions":
        definitions = list(built["definitions"])
        schema = built["schema"]
    ref: Any = cast("dict[str, Any]", schema).get("ref")
    if not isinstance(ref, str):
        return handler(built)
    reference = core_schema.definition_reference_schema(ref)
    if model in in_progress:
        return handler(reference)
    token = _IN_PROGRESS.set(in_progress | {model})
    try:
        return handler(
            core_schema.definitions_schema(reference, [*definitions, schema])
        )
    finally:
        _IN_PROGRESS.reset(token)


_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


def _package_root(module_name: str) -> types.ModuleType | None:
    """The generated package a view module belongs to (``<sdk>._views._<view>`` → ``<sdk>``)."""
    root, found, _ = module_name.rpartition("._views.")
    return sys.modules.get(root) if found else None


def bind_targets(cls: type[Any]) -> None:
    """Bind the other views' classes that ``cls``'s annotations and connections name into its module.

    Generated modules import those classes only for type checkers; importing them eagerly would nest one
    import per view of a chain. Right before pydantic resolves the annotations, every name they use (and
    every connection's target) that the module lacks is taken from the SDK's top level, which imports the
    declaring module on first use.
    """
    module = sys.modules.get(cls.__module__)
    root = None if module is None else _package_root(module.__name__)
    if module is None or root is None:
        return
    namespace = module.__dict__
    wanted: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__ == module.__name__:
            for annotation in vars(klass).get("__annotations__", {}).values():
                if isinstance(annotation, str):
                    wanted.update(_NAME.findall(annotation))
    spec = getattr(cls, "_view", None)
    for connection in getattr(spec, "connections", {}).values():
        wanted.update(
            name
            for name in (
                getattr(connection, "target", None),
                getattr(connection, "edge_class", None),
            )
            if isinstance(name, str)
        )
    public: Sequence[str] = getattr(root, "__all__", ())
    for name in sorted(wanted.difference(namespace).intersection(public)):
        namespace[name] = getattr(root, name)


_T = TypeVar("_T")

Ref: TypeAlias = Annotated[_T, LazyRef]
"""A connection field's type: ``Ref[Target | NodeId | None]`` is ``Target | NodeId | None`` to type checkers,
validated by :class:`LazyRef` (see the module docstring)."""
