"""Render the Python SDK package from the IR: one module per view, the client, the lazy top level."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from ..._errors import PygenError
from ..._records import record
from ...ir import SDK_RUNTIME_EXPORTS, SDKModel, ViewRef
from .._runtime_files import runtime_files
from ._emit import ViewModule, emit_view, one_line_doc
from ._environment import environment
from ._escape import Source, check_identifier, docstring
from ._expr import NONE, Dict, Tuple, Union, assign, from_import, import_key, name, natural_key, string
from ._header import header
from ._imports import Imports

__all__ = ["render_package"]


_VIEW_SUFFIXES = ("", "List", "Filter", "FilterArgs", "Write", "WriteList")
"""The top-level names of a view: its class name with these suffixes (those it has)."""


def _lazy_init(
    doc: str, client: tuple[str, str], views: list[ViewModule], runtime: Sequence[str], head: Source
) -> str:
    exports = [client, *((name, "._runtime") for name in runtime)]
    exports += [(export, f"._views.{v.module}") for v in views for export in v.exports]
    by_module: dict[str, list[str]] = {}
    for export, module in exports:
        by_module.setdefault(module, []).append(export)
    modules = sorted(by_module, key=lambda m: (-(len(m) - len(m.lstrip("."))), natural_key(m.lstrip("."))))
    # One statement per name: isort keeps ``as`` imports apart (ruff's default combine-as-imports = false).
    type_imports = [
        from_import(m, [n], indent=4, reexport=True)
        for m in modules
        for n in sorted(by_module[m], key=import_key)
    ]
    view_modules = sorted(((v.class_name, f"._views.{v.module}") for v in views), key=lambda e: e[0])
    # What the generated top level derives (later views win, as in a dict comprehension), and the entries
    # it would get wrong or that do not exist, written out: it never depends on the names being unambiguous.
    derived = {view + suffix: module for view, module in view_modules for suffix in _VIEW_SUFFIXES}
    exported = dict(exports)
    explicit = [client] + [
        (name, module)
        for name, module in exports[1:]
        if module != "._runtime" and derived.get(name) != module
    ]
    explicit.sort(key=lambda e: e[0].casefold())
    absent = sorted((name for name in derived if name not in exported), key=str.casefold)
    return (
        environment()
        .get_template("init.py.jinja")
        .render(
            header=head,
            doc=docstring(doc),
            type_imports=type_imports,
            views=view_modules,
            suffixes=Source("(" + ", ".join(f'"{suffix}"' for suffix in _VIEW_SUFFIXES) + ")"),
            explicit=assign("_NAMED", Dict(tuple((string(n), string(m)) for n, m in explicit))),
            runtime=assign("_RUNTIME", Tuple(tuple(string(n) for n in sorted(runtime, key=str.casefold)))),
            absent=assign("_ABSENT", Tuple(tuple(string(n) for n in absent))) if absent else None,
        )
    )


@record
class _Namespace:
    """One data model's namespace class in ``_client.py`` (multi-model SDKs)."""

    class_name: str
    attribute: str
    ref: str
    doc: Source
    attribute_doc: Source
    views: list[tuple[str, ViewModule]]


def _namespaces(model: SDKModel, by_ref: dict[ViewRef, ViewModule]) -> list[_Namespace]:
    out: list[_Namespace] = []
    for dm in model.data_models:
        if dm.namespace is None or dm.namespace_class is None:
            continue
        title = one_line_doc(dm.display_name) or dm.ref.external_id
        views = [
            (check_identifier(names.python), by_ref[ref])
            for ref, names in zip(dm.views, dm.view_attributes, strict=True)
        ]
        out.append(
            _Namespace(
                class_name=check_identifier(dm.namespace_class.python),
                attribute=check_identifier(dm.namespace.python),
                ref=str(dm.ref),
                doc=docstring(f"The views of the data model {title} ({dm.ref}).", 4),
                attribute_doc=docstring(f"{title} ({dm.ref}): its views.", 4),
                views=views,
            )
        )
    return out


def _client(views: list[ViewModule], client_name: str, model: SDKModel, head: Source, package: str) -> str:
    imports = Imports()
    imports.add("__future__", "annotations")
    imports.add("typing", "ClassVar")
    imports.module(f"{package}._runtime as rt")
    imports.add("._settings", "DEFAULT_INSTANCE_SPACE")
    if views:
        imports.add("typing", "TYPE_CHECKING")
    models = ", ".join(str(dm.ref) for dm in model.data_models) or "no data model"
    label = "data model" if len(model.data_models) == 1 else "data models"
    checking = Imports()
    for v in views:
        title = one_line_doc(v.view.display_name) or v.view.ref.external_id
        v.docs["attribute"] = docstring(f"{title} ({v.view.ref}): its API.", 4)
        checking.add(f"._views.{v.module}", v.api_class)
    namespaces = _namespaces(model, {v.view.ref: v for v in views})
    taken = {client_name} | {v.api_class for v in views}
    for namespace in namespaces:
        if namespace.class_name in taken:
            raise PygenError(
                f"the namespace class {namespace.class_name!r} of data model {namespace.ref} is also the "
                "name of the client or an API class; choose another client name (client-name option)"
            )
    where = (
        "every view has an attribute with its API"
        if not namespaces
        else "every data model has an attribute with its views, and every view whose name is "
        "unambiguous one with its API"
    )
    return (
        environment()
        .get_template("client.py.jinja")
        .render(
            header=head,
            module_doc=docstring(f"The {client_name} client."),
            imports=imports.render(),
            checking=checking.render(indent=4) if views else "",
            client_name=check_identifier(client_name),
            client_doc=docstring(
                f"Typed access to the {label} {models}.\n\n"
                f"Create one with ``{client_name}(config)`` or ``{client_name}.from_env()``; {where}.",
                4,
            ),
            views=[v for v in views if v.view.flat],
            models=namespaces,
        )
    )


def render_package(
    model: SDKModel, package: str, client_name: str, default_space: str | None
) -> dict[PurePosixPath, str]:
    """Every file of the generated package, keyed by path (starting with the package directory)."""
    env = environment()
    root = PurePosixPath(*package.split("."))
    head = header(model.content_hash)
    space = model.default_instance_space or default_space
    views = [emit_view(model, view, space is not None, package) for view in model.views]
    taken = {name for v in views for name in v.exports} | set(SDK_RUNTIME_EXPORTS)
    if client_name in taken:
        raise PygenError(
            f"client name {client_name!r} is also the name of a generated class; choose another client name "
            "(client-name option) or rename the view (names option)"
        )
    files: dict[PurePosixPath, str] = {}
    view_template = env.get_template("view.py.jinja")
    for v in views:
        files[root / "_views" / f"{v.module}.py"] = view_template.render(
            header=head,
            v=v,
            has_default_space=space is not None,
            node_type_annotation=Union((name("rt.NodeId"), NONE)),
        )
    files[root / "_views" / "__init__.py"] = (
        f'{head}"""One module per view (imported lazily)."""\n\nfrom __future__ import annotations\n'
    )
    files[root / "_client.py"] = _client(views, client_name, model, head, package)
    files[root / "_settings.py"] = env.get_template("settings.py.jinja").render(
        header=head, default_space=space
    )
    files[root / "__init__.py"] = _lazy_init(
        f"Typed SDK for CDF, generated by hatch-pygen; start with ``{client_name}``.",
        (client_name, "._client"),
        views,
        SDK_RUNTIME_EXPORTS,
        head,
    )
    files[root / "py.typed"] = ""
    for path, text in runtime_files().items():
        files[root / "_runtime" / path] = text
    return dict(sorted(files.items()))
