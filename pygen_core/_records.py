"""Record classes that are cheap to define: `record`, `field` and `replace`, a subset of `dataclasses`.

`pygen generate` and the build hook are short processes that define about a hundred record classes (IR,
emitter specs, options) and spend most of their time importing. `dataclasses.dataclass` compiles each method
of each class from source at import time (about 0.1 ms apiece, six or more per class: a third of
`pygen generate`'s own time on a small model). `record` compiles only ``__init__`` (one call per class) and
shares ``__repr__``, ``__eq__``, ``__hash__``, ordering and the frozen guard between all records, reading
field values with one `operator.attrgetter` per class.

Supported: defaults, ``field(default=..., default_factory=..., init=..., repr=..., compare=...)``,
``__post_init__``, ``frozen``, ``eq``, ``order``, inheritance of fields from record bases. Type checkers
see a dataclass (`typing.dataclass_transform`).
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, get_origin, overload

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

__all__ = ["FrozenRecordError", "field", "fields", "record", "replace"]

T = TypeVar("T")
C = TypeVar("C", bound=type)

_FIELDS = "__record_fields__"
_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "MISSING"})()


class FrozenRecordError(AttributeError):
    """Assigning to or deleting an attribute of a frozen record."""


class Field:
    """One field of a record (what `field` returns in a class body, and what `fields` lists)."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Callable[[], Any] | None = None,
        init: bool = True,
        repr: bool = True,
        compare: bool = True,
    ) -> None:
        if default is not _MISSING and default_factory is not None:
            raise ValueError("cannot give both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare


@overload
def field(*, default: T, init: bool = True, repr: bool = True, compare: bool = True) -> T: ...
@overload
def field(
    *, default_factory: Callable[[], T], init: bool = True, repr: bool = True, compare: bool = True
) -> T: ...
@overload
def field(*, init: bool = True, repr: bool = True, compare: bool = True) -> Any: ...
def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with a default, a default factory, or left out of ``__init__``/``repr``/comparison."""
    return Field(default, default_factory, init, repr, compare)


def fields(obj: object) -> tuple[Field, ...]:
    """The fields of a record class or instance, in ``__init__`` order."""
    found: tuple[Field, ...] | None = getattr(obj, _FIELDS, None)
    if found is None:
        raise TypeError(f"{obj!r} is not a record")
    return found


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` applied (``__init__`` and ``__post_init__`` run)."""
    values: dict[str, Any] = {}
    for spec in fields(obj):
        if not spec.init:
            if spec.name in changes:
                raise TypeError(f"field {spec.name} is not an __init__ argument: replace() cannot set it")
            continue
        values[spec.name] = changes.pop(spec.name) if spec.name in changes else getattr(obj, spec.name)
    if changes:
        raise TypeError(f"{type(obj).__name__} has no field {', '.join(sorted(changes))}")
    return type(obj)(**values)


def _is_class_var(annotation: object) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or get_origin(annotation) is ClassVar


def _collect(cls: type) -> tuple[Field, ...]:
    collected: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for spec in base.__dict__.get(_FIELDS, ()):
            collected[spec.name] = spec
    for name, annotation in cls.__annotations__.items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        if isinstance(value, Field):
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        collected[name] = spec
    return tuple(collected.values())


def _make_init(cls: type, specs: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    scope: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    for spec in specs:
        name = spec.name
        if name in ("self", "_set", "_MISSING") or name.startswith(("_f_", "_d_")):
            raise TypeError(f"{cls.__name__}: a record field cannot be named {name}")
        if spec.init:
            if spec.default_factory is not None:
                scope[f"_f_{name}"] = spec.default_factory
                params.append(f"{name}=_MISSING")
                value = f"_f_{name}() if {name} is _MISSING else {name}"
            elif spec.default is not _MISSING:
                scope[f"_d_{name}"] = spec.default
                params.append(f"{name}=_d_{name}")
                value = name
            else:
                if params and "=" in params[-1]:
                    raise TypeError(
                        f"{cls.__name__}: field {name} without a default follows one with a default"
                    )
                params.append(name)
                value = name
        elif spec.default_factory is not None:
            scope[f"_f_{name}"] = spec.default_factory
            value = f"_f_{name}()"
        elif spec.default is not _MISSING:
            scope[f"_d_{name}"] = spec.default
            value = f"_d_{name}"
        else:
            continue
        body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), scope)  # noqa: S102 - field names only
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {
        spec.name: cls.__annotations__.get(spec.name, "Any") for spec in specs if spec.init
    }
    init.__annotations__["return"] = None
    return init


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return lambda obj: (single(obj),)
    if not names:
        return lambda obj: ()
    getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return getter


def _repr(self: Any) -> str:
    cls = type(self)
    shown = cls.__record_shown__
    values = ", ".join(
        f"{name}={value!r}" for name, value in zip(shown, cls.__record_repr__(self), strict=True)
    )
    return f"{cls.__qualname__}({values})"


def _eq(self: Any, other: Any) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _ordering(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], object]:
    def method(self: Any, other: Any) -> object:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self.__record_key__
        return compare(key(self), key(other))

    return method


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of frozen {type(self).__name__}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of frozen {type(self).__name__}")


def _process(cls: C, frozen: bool, eq: bool, order: bool) -> C:
    if order and not eq:
        raise ValueError("order=True needs eq=True")
    specs = _collect(cls)
    own = cls.__dict__
    shown = tuple(spec.name for spec in specs if spec.repr)
    methods: dict[str, Any] = {
        _FIELDS: specs,
        "__init__": _make_init(cls, specs, frozen),
        "__match_args__": tuple(spec.name for spec in specs if spec.init),
        "__record_shown__": shown,
        "__record_repr__": staticmethod(_getter(shown)),
        "__record_key__": staticmethod(_getter(tuple(spec.name for spec in specs if spec.compare))),
    }
    if "__repr__" not in own:
        methods["__repr__"] = _repr
    if eq and "__eq__" not in own:
        methods["__eq__"] = _eq
        if own.get("__hash__") is None:
            methods["__hash__"] = _hash if frozen else None
    if order:
        for name, compare in (("__lt__", operator.lt), ("__le__", operator.le), ("__gt__", operator.gt),
                              ("__ge__", operator.ge)):  # fmt: skip
            methods[name] = _ordering(compare)
    if frozen:
        methods["__setattr__"] = _frozen_setattr
        methods["__delattr__"] = _frozen_delattr
    for name, value in methods.items():
        setattr(cls, name, value)
    return cls


@overload
def record(cls: C, /) -> C: ...
@overload
def record(*, frozen: bool = False, eq: bool = True, order: bool = False) -> Callable[[C], C]: ...
@dataclass_transform(field_specifiers=(field, Field))
def record(
    cls: C | None = None, /, *, frozen: bool = False, eq: bool = True, order: bool = False
) -> C | Callable[[C], C]:
    """Make ``cls`` a record: like ``dataclasses.dataclass`` with the same keywords (those listed)."""
    if cls is not None:
        return _process(cls, frozen, eq, order)
    return lambda target: _process(target, frozen, eq, order)
