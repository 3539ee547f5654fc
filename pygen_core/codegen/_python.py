"""Render the Python SDK package from the IR."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..ir import InstanceRef, SDKModel, ViewRef
from ._environment import environment
from ._escape import Source, check_identifier, docstring, py_str
from ._header import header
from ._imports import Imports
from ._layout import from_import, import_key, natural_key
from ._options import GenerateOptions
from ._pyparts import PyView, check_unique
from ._pyview import build_view
from ._runtime_files import runtime_files

if TYPE_CHECKING:
    from ..snapshot import Snapshot

__all__ = ["node_types", "render_package"]


def _type_equals(flt: Any) -> InstanceRef | None:
    if not isinstance(flt, dict) or len(flt) != 1:
        return None
    ((key, body),) = flt.items()
    if key == "and" and isinstance(body, list):
        found = [ref for ref in (_type_equals(part) for part in body) if ref is not None]
        return found[0] if len(found) == 1 else None
    if key != "equals" or not isinstance(body, dict) or body.get("property") != ["node", "type"]:
        return None
    value = body.get("value")
    if (
        isinstance(value, dict)
        and isinstance(value.get("space"), str)
        and isinstance(value.get("externalId"), str)
    ):
        return InstanceRef(value["space"], value["externalId"])
    return None


def node_types(snapshot: Snapshot) -> dict[ViewRef, InstanceRef]:
    """Views whose filter pins ``node.type`` to one node: their write classes default ``node_type`` to it."""
    found: dict[ViewRef, InstanceRef] = {}
    for view in snapshot.views:
        ref = _type_equals(view.filter)
        if ref is not None:
            found[ViewRef(view.space, view.external_id, view.version)] = ref
    return found


_RUNTIME_EXPORTS = ("ClientConfig", "DeleteError", "EdgeId", "NodeId", "UpsertError", "ViewId")
_CLIENT_ATTRIBUTES = frozenset({"config", "default_space", "close", "upsert", "delete", "from_env"})


def _lazy_init(doc: str, exports: list[tuple[str, str]], head: Source) -> str:
    imports = Imports()
    for name, module in exports:
        imports.add(module, name)
    ordered = sorted(exports, key=lambda e: e[0].casefold())
    rendered = imports.render(indent=4) if exports else Source("")
    return (
        environment()
        .get_template("lazy_init.py.jinja")
        .render(
            header=head,
            doc=docstring(doc),
            type_imports=[rendered] if exports else [],
            exports=ordered,
        )
    )


def _client(views: list[PyView], options: GenerateOptions, model: SDKModel, head: Source) -> str:
    imports = Imports()
    imports.add("__future__", "annotations")
    imports.add("functools", "cached_property")
    imports.add("._runtime", "ClientConfig", "InstanceClient")
    imports.add("._settings", "DEFAULT_INSTANCE_SPACE")
    if views:
        imports.add("typing", "TYPE_CHECKING")
    block = imports.render()
    if views:
        checking = Imports()
        for v in views:
            checking.add(f"._api.{v.module}", v.api_class)
        block = Source(f"{block}\n\nif TYPE_CHECKING:\n    {checking.render(indent=4)}")
    models = ", ".join(str(dm.ref) for dm in model.data_models) or "no data model"
    label = "data model" if len(model.data_models) == 1 else "data models"
    for v in views:
        v.docs["attribute"] = docstring(f"API of the view {v.view.ref}.", 8)
    return (
        environment()
        .get_template("client.py.jinja")
        .render(
            header=head,
            module_doc=docstring(f"The {options.resolved_client_name} client."),
            imports=block,
            client_name=check_identifier(options.resolved_client_name),
            client_doc=docstring(f"Typed access to the {label} {models}.", 4),
            views=views,
        )
    )


def render_package(
    model: SDKModel, options: GenerateOptions, types: Mapping[ViewRef, InstanceRef] | None = None
) -> dict[PurePosixPath, str]:
    """Return every file of the generated package, keyed by path (starting with the package directory).

    ``types`` gives the node type a view's write class sets by default (see :func:`node_types`).
    """
    env = environment()
    root = PurePosixPath(options.package)
    head = header(model.content_hash)
    has_default_space = model.default_instance_space is not None or options.default_instance_space is not None
    default_space = model.default_instance_space or options.default_instance_space
    types = types or {}
    views = [build_view(model, view, has_default_space, types.get(view.ref)) for view in model.views]
    client_name = options.resolved_client_name

    owners: list[tuple[str, str]] = [(client_name, "the client")]
    owners += [(name, "the runtime") for name in _RUNTIME_EXPORTS]
    for v in views:
        owners += [(name, f"view {v.view.ref}") for name in [*v.exports, v.api_class]]
        owners.append((v.module, f"view {v.view.ref} (module)"))
    check_unique(owners)
    attributes = [(name, "the client base class") for name in sorted(_CLIENT_ATTRIBUTES)]
    check_unique(attributes + [(v.api_attribute, f"view {v.view.ref}") for v in views])

    files: dict[PurePosixPath, str] = {}
    data_tpl = env.get_template("data_class.py.jinja")
    api_tpl = env.get_template("api_class.py.jinja")
    data_exports: list[tuple[str, str]] = []
    api_exports: list[tuple[str, str]] = []
    for v in views:
        targets = sorted(v.bottom_imports.items(), key=lambda item: natural_key(item[0]))
        if targets:
            v.data_imports.add("typing", "TYPE_CHECKING")
        # Targets are imported for type checkers only; the runtime binds them from ``_TARGETS`` on first use.
        checking = [
            Source(from_import(module, names, indent=4).replace("\n", "\n    ")) for module, names in targets
        ]
        table = [
            Source(f"{py_str(name)}: {py_str(module)},")
            for module, names in targets
            for name in sorted(names, key=import_key)
        ]
        files[root / "data_classes" / f"{v.module}.py"] = data_tpl.render(
            header=head, v=v, has_default_space=has_default_space, checking_imports=checking, targets=table
        )
        files[root / "_api" / f"{v.module}.py"] = api_tpl.render(
            header=head,
            v=v,
            id_class="EdgeId" if v.is_edge else "NodeId",
            has_default_space=has_default_space,
        )
        data_exports += [(name, f".{v.module}") for name in v.exports]
        api_exports.append((v.api_class, f".{v.module}"))

    files[root / "data_classes" / "__init__.py"] = _lazy_init(
        "Data classes of every view (loaded lazily).", data_exports, head
    )
    files[root / "_api" / "__init__.py"] = _lazy_init("The per-view APIs (loaded lazily).", api_exports, head)
    files[root / "_client.py"] = _client(views, options, model, head)
    files[root / "_settings.py"] = env.get_template("settings.py.jinja").render(
        header=head, default_space=default_space
    )
    top: list[tuple[str, str]] = [(client_name, "._client")]
    top += [(name, "._runtime") for name in _RUNTIME_EXPORTS]
    top += [(name, f".data_classes.{v.module}") for v in views for name in v.exports]
    files[root / "__init__.py"] = _lazy_init(
        f"Typed SDK for CDF, generated by hatch-pygen; start with ``{client_name}``.", top, head
    )
    files[root / "py.typed"] = ""
    for path, text in runtime_files().items():
        files[root / "_runtime" / path] = text
    return dict(sorted(files.items()))
