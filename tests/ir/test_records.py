"""`pygen_core._records`: the record classes of the IR, emitters and options behave like the dataclasses
they replace (for the subset of keywords they support)."""

from __future__ import annotations

import dataclasses
import inspect
import itertools
import pickle
from typing import Any, ClassVar

import pytest

from pygen_core._records import FrozenRecordError, field, fields, record, replace


@record(frozen=True, order=True)
class Ref:
    space: str
    external_id: str
    version: str = "v1"


@dataclasses.dataclass(frozen=True, order=True)
class RefTwin:
    space: str
    external_id: str
    version: str = "v1"


@record(frozen=True)
class Cached:
    items: tuple[int, ...]
    label: str | None = None
    kind: ClassVar[str] = "cached"
    _index: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update((item, n) for n, item in enumerate(self.items))


@record
class Builder:
    name: str
    parts: list[str] = field(default_factory=list)
    count: int = field(default=0, repr=False)


@record(frozen=True)
class Child(Ref):
    extra: int = 0


@record(frozen=True, eq=False)
class Identity:
    value: int


SAMPLES = [("a", "x", "v1"), ("a", "x", "v2"), ("a", "y", "v1"), ("b", "a", "v0"), ("a", "x", "v1")]


def test_equality_hash_order_and_repr_match_a_dataclass() -> None:
    for left, right in itertools.product(SAMPLES, repeat=2):
        ours, theirs = (Ref(*left), Ref(*right)), (RefTwin(*left), RefTwin(*right))
        assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
        assert (ours[0] < ours[1]) == (theirs[0] < theirs[1])
        assert (ours[0] <= ours[1]) == (theirs[0] <= theirs[1])
        assert (ours[0] > ours[1]) == (theirs[0] > theirs[1])
        assert (ours[0] >= ours[1]) == (theirs[0] >= theirs[1])
        assert (hash(ours[0]) == hash(ours[1])) == (left == right)
    assert sorted(Ref(*s) for s in SAMPLES) == [Ref(*s) for s in sorted(SAMPLES)]
    assert repr(Ref("a", "x")) == repr(RefTwin("a", "x")).replace("RefTwin", "Ref")
    assert Ref("a", "x") != RefTwin("a", "x")  # type: ignore[comparison-overlap]
    assert Ref("a", "x") != ("a", "x", "v1")  # type: ignore[comparison-overlap]
    with pytest.raises(TypeError):
        _ = Ref("a", "x") < RefTwin("a", "x")  # type: ignore[operator]
    assert {Ref("a", "x"): 1}[Ref("a", "x", "v1")] == 1


def test_frozen_records_refuse_assignment_and_deletion() -> None:
    ref = Ref("a", "x")
    with pytest.raises(FrozenRecordError, match="space"):
        ref.space = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="version"):
        del ref.version
    assert ref.space == "a"


def test_defaults_factories_post_init_and_fields_left_out() -> None:
    first, second = Cached((5, 7)), Cached((5, 7), "b")
    assert first._index == {5: 0, 7: 1}
    assert first._index is not Cached((5, 7))._index
    assert first == Cached((5, 7))
    assert first != second
    assert hash(first) == hash(Cached((5, 7)))
    assert repr(second) == "Cached(items=(5, 7), label='b')"
    assert [f.name for f in fields(Cached)] == ["items", "label", "_index"]
    assert Cached.kind == "cached"
    assert "kind" not in [f.name for f in fields(first)]
    with pytest.raises(TypeError):
        Cached((1,), _index={})  # type: ignore[call-arg]


def test_mutable_records_are_unhashable_and_keep_their_factories_apart() -> None:
    one, two = Builder("a"), Builder("a")
    one.parts.append("p")
    one.count = 2
    assert two.parts == []
    assert two.count == 0
    assert one != two
    assert Builder("a", ["p"], 2) == one
    assert repr(one) == "Builder(name='a', parts=['p'])"
    with pytest.raises(TypeError, match="unhashable"):
        hash(one)


def test_subclass_fields_follow_the_base_fields() -> None:
    child = Child("a", "x", "v2", 3)
    assert [f.name for f in fields(child)] == ["space", "external_id", "version", "extra"]
    assert child.extra == 3
    assert child.version == "v2"
    assert Child("a", "x") == Child("a", "x", "v1", 0)
    assert Child("a", "x") != Ref("a", "x")


def test_eq_false_keeps_identity() -> None:
    value = Identity(1)
    assert value != Identity(1)
    assert value == value
    assert len({value, Identity(1)}) == 2


def test_replace_runs_init_and_names_unknown_fields() -> None:
    cached = Cached((1, 2), "a")
    changed = replace(cached, items=(3,))
    assert changed == Cached((3,), "a")
    assert changed._index == {3: 0}
    assert cached.items == (1, 2)
    with pytest.raises(TypeError, match="no field colour"):
        replace(cached, colour="red")
    with pytest.raises(TypeError, match="_index"):
        replace(cached, _index={})


def test_signature_and_pickle_round_trip() -> None:
    params = inspect.signature(Ref).parameters
    assert list(params) == ["space", "external_id", "version"]
    assert params["version"].default == "v1"
    assert Ref.__match_args__ == ("space", "external_id", "version")
    ref = Child("a", "x", extra=2)
    assert pickle.loads(pickle.dumps(ref)) == ref


def test_mistakes_in_a_record_definition_are_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        @record
        class _Bad:
            first: int = 0
            second: int  # type: ignore[misc]

    with pytest.raises(TypeError, match="cannot be named self"):
        record(type("Bad", (), {"__annotations__": {"self": "int"}}))
    with pytest.raises(ValueError, match="order=True needs eq=True"):
        record(eq=False, order=True)(type("Bad", (), {"__annotations__": {"a": "int"}}))
    with pytest.raises(ValueError, match="both default and default_factory"):
        field(default=1, default_factory=int)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="is not a record"):
        fields(RefTwin)


def test_class_variables_are_not_fields_whether_annotations_are_strings_or_not() -> None:
    annotations = {"value": int, "bare": ClassVar, "shared": ClassVar[int]}
    made = record(type("Made", (), {"__annotations__": annotations, "bare": 0, "shared": 1}))
    assert [f.name for f in fields(made)] == ["value"]
    assert [f.name for f in fields(Cached)] == ["items", "label", "_index"]  # "kind: ClassVar[str]"


def test_matching_by_position() -> None:
    def space_of(value: Any) -> str:
        match value:
            case Ref(space, _):
                return str(space)
        return ""

    assert space_of(Ref("s", "x")) == "s"
    assert space_of(1) == ""
