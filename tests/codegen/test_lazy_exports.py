"""The SDK's top level resolves every exported name lazily, also when view names end like class suffixes.

``__init__.py`` lists each view's module once and derives the view's names (``<View>List``, ``<View>Write``,
...) from it; names the derivation would get wrong are listed explicitly. Views called ``FooWrite``,
``FooList`` and ``FooWriteList`` beside ``Foo`` look like Foo's classes (the naming authority renames them).
"""

from __future__ import annotations

import inspect

from pygen_core import load_sdk
from pygen_core.snapshot import parse_snapshot
from tests.reliability._protected import clash_snapshot


def test_every_exported_name_resolves_to_its_own_class() -> None:
    raw = clash_snapshot(
        "node", ["Foo", "FooWrite", "FooList", "FooWriteList", "FooFilter", "Bar"], ["value"]
    )
    for view in raw["dataModels"][0]["views"]:
        if view["externalId"] in ("Foo", "FooList"):
            view["writable"] = False  # no FooWrite / FooListWrite of their own: names free for other views
    sdk = load_sdk(parse_snapshot(raw), package="lazy_clash", cache_dir=False)
    names = set(sdk.__all__)
    assert {"Foo", "FooList", "FooWriteV1", "FooWriteV1List", "FooWriteListV1", "FooListV1List"} <= names
    resolved = 0
    for name in sorted(names):
        value = getattr(sdk, name)
        if inspect.isclass(value) and value.__module__.startswith("lazy_clash._views."):
            assert value.__name__ == name, (name, value)
            resolved += 1
    assert resolved >= 30
    assert sdk.FooList.__module__ == "lazy_clash._views._foo"  # Foo's list, not the view FooList
    assert sdk.FooListV1List.__module__ == "lazy_clash._views._foo_list_v_1"
    assert sdk.FooWriteListV1.__module__ == "lazy_clash._views._foo_write_list_v_1"
    assert sdk.LazyClashClient.__module__ == "lazy_clash._client"
    assert sdk.NodeId.__module__ == "lazy_clash._runtime._ids"
    for missing in ("FooWrite", "FooWriteList", "Nope"):  # Foo is read-only; nothing else has these names
        assert not hasattr(sdk, missing), missing


def test_names_the_derivation_gets_wrong_are_written_out() -> None:
    from types import SimpleNamespace
    from typing import Any

    from pygen_core.codegen.python._escape import Source
    from pygen_core.codegen.python._render import _lazy_init

    foo: Any = SimpleNamespace(class_name="Foo", module="_foo", exports=["Foo", "FooList"])
    # A name the suffix rule would give to Foo's module, exported by another: it must be written out.
    odd: Any = SimpleNamespace(class_name="Zed", module="_zed", exports=["Zed", "FooWrite"])
    text = _lazy_init("Doc.", ("Client", "._client"), [foo, odd], ["NodeId"], Source(""))
    named = text[text.index("_NAMED = ") : text.index("_RUNTIME = ")]
    assert '"FooWrite": "._views._zed"' in named
    assert '"Client": "._client"' in named
    for derived in ('"FooList"', '"Zed"', '"NodeId"'):
        assert derived not in named
    namespace: dict[str, Any] = {"__name__": "fake"}
    exec(compile(text, "<init>", "exec"), namespace)  # our own generated text
    assert namespace["_LAZY"]["FooWrite"] == "._views._zed"
    assert namespace["_LAZY"]["FooList"] == "._views._foo"
    assert namespace["_LAZY"]["NodeId"] == "._runtime"
    # Foo is read-only: the names the suffix rule would invent for it are not exported.
    assert "FooWriteList" not in namespace["_LAZY"]
    assert "FooFilter" not in namespace["_LAZY"]  # not in Foo's exports here either
    assert sorted(namespace["__all__"], key=str.casefold) == namespace["__all__"]
    assert set(namespace["__all__"]) == {"Client", "NodeId", "Foo", "FooList", "FooWrite", "Zed"}
