"""One namespace per data model on the client of a multi-model SDK: ``client.<model>.<view>``.

A generated client lists its models in ``_models`` (attribute -> namespace class); each namespace class lists
its views' APIs in ``_apis`` like the client does. A view in several models, or also reachable from the
client directly, is one API object: the namespaces hand out the client's own.
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ._client import InstanceClient

__all__ = ["ModelNamespace", "namespace_attribute"]


class _SharedAPI:
    """A view API attribute of a namespace: the client's API object for the same view."""

    __slots__ = ("name", "target")

    def __init__(self, name: str, target: str) -> None:
        self.name = name
        self.target = target

    def __get__(self, namespace: ModelNamespace | None, owner: type[Any]) -> Any:
        if namespace is None:
            return self
        client = namespace._client
        cache = client.__dict__.setdefault("_pygen_apis", {})
        api = cache.get(self.target)
        if api is None:
            for name, attribute in vars(type(client)).items():
                if (
                    getattr(attribute, "target", None) == self.target
                    and name in type(client)._apis
                ):
                    api = getattr(client, name)
                    break
            else:
                module, _, class_name = self.target.partition(":")
                package = owner.__module__.rpartition(".")[0]
                found = importlib.import_module(module, package)
                api = getattr(found, class_name)(client)
            cache[self.target] = api
        namespace.__dict__[self.name] = api
        return api


class ModelNamespace:
    """The views of one data model of a multi-model SDK, each an attribute with its API."""

    _data_model: ClassVar[str] = ""
    _apis: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, target in cls.__dict__.get("_apis", {}).items():
            setattr(cls, name, _SharedAPI(name, target))

    def __init__(self, client: InstanceClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data_model}: {', '.join(self._apis)})"

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._apis})

    def _repr_html_(self) -> str:
        from ._notebook import table_html

        rows = [
            [name, target.rpartition(":")[2]] for name, target in self._apis.items()
        ]
        return table_html(["view", "API"], rows, len(rows), self._data_model)


class _LazyNamespace:
    """A model attribute of the client: the namespace, built on first access (then cached)."""

    __slots__ = ("cls", "name")

    def __init__(self, name: str, cls: type[ModelNamespace]) -> None:
        self.name = name
        self.cls = cls

    def __get__(self, client: InstanceClient | None, owner: type[Any]) -> Any:
        if client is None:
            return self
        namespace = self.cls(client)
        client.__dict__[self.name] = namespace
        return namespace


def namespace_attribute(name: str, cls: type[ModelNamespace]) -> Any:
    """The descriptor the client base installs for each entry of ``_models``."""
    return _LazyNamespace(name, cls)
