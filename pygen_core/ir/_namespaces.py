"""Namespaces of a multi-model SDK: one client attribute per data model, holding its views.

Every data model gets an attribute named after it (``OmniMultiA`` -> ``omni_multi_a``) and a namespace
class (``OmniMultiAModel``); inside it each view is reached by its natural name (``implementation_1``), even
when two models hold different views of that name. A view keeps an attribute on the client itself only when
that natural name is unambiguous across the SDK and not a namespace's; the others are reported (PYG309).
"""

from __future__ import annotations

from collections import Counter

from .._records import replace
from ._codes import Collector
from ._model import DataModelIR, Names, ViewIR, ViewRef
from ._naming import RESERVED_CLASS_NAMES, python_api_attribute, python_class_name, to_pascal

__all__ = ["assign_namespaces"]


def _natural(view: ViewIR) -> str:
    """The client attribute the view would have if its class name needed no suffix."""
    return python_api_attribute(python_class_name(view.ref.external_id).name).name


def assign_namespaces(
    models: tuple[DataModelIR, ...], views: tuple[ViewIR, ...], findings: Collector
) -> tuple[tuple[DataModelIR, ...], tuple[ViewIR, ...]]:
    """Name the namespaces and the views in them; mark which views stay flat on the client."""
    by_ref = {v.ref: v for v in views}
    natural = {v.ref: _natural(v) for v in views}
    counts = Counter(natural.values())
    taken_classes = {v.names.python.class_name + s for v in views for s in ("", "API")}
    attributes: dict[str, str] = {}
    classes: set[str] = set()
    named: list[DataModelIR] = []
    for model in models:
        base = python_api_attribute(to_pascal(model.ref.external_id)).name
        candidates = [
            base,
            f"{base}_v{python_api_attribute(model.ref.version).name.strip('_')}",
            f"{base}_{python_api_attribute(model.ref.space).name.strip('_')}",
        ]
        attribute = next((c for c in candidates if c not in attributes), None)
        number = 2
        while attribute is None:
            attribute = f"{base}_{number}" if f"{base}_{number}" not in attributes else None
            number += 1
        if attribute != base:
            findings.add(
                "PYG310",
                f"the namespace {base!r} is taken by data model {attributes[base]}; this one is "
                f"{attribute!r}",
                data_model=model.ref,
            )
        attributes[attribute] = str(model.ref)
        class_base = python_class_name(model.ref.external_id).name + "Model"
        class_name, number = class_base, 2
        while class_name in classes or class_name in taken_classes or class_name in RESERVED_CLASS_NAMES:
            class_name = f"{class_base}{number}"
            number += 1
        classes.add(class_name)
        inside: dict[str, ViewRef] = {}
        view_attributes: list[Names] = []
        for ref in model.views:
            wanted = natural[ref]
            chosen = wanted if wanted not in inside else by_ref[ref].names.python.api_attribute
            inside[chosen] = ref
            view_attributes.append(Names(chosen))
        named.append(
            replace(
                model,
                namespace=Names(attribute),
                namespace_class=Names(class_name),
                view_attributes=tuple(view_attributes),
            )
        )
    out: list[ViewIR] = []
    for view in views:
        name = natural[view.ref]
        why = None
        if counts[name] > 1:
            why = f"another view of the SDK is also {name!r}"
        elif view.names.python.api_attribute in attributes:
            why = (
                f"{view.names.python.api_attribute!r} is the namespace of data model "
                + attributes[view.names.python.api_attribute]
            )
        if why is None:
            out.append(view)
            continue
        homes = [m.namespace.python for m in named if m.namespace is not None and view.ref in m.views]
        where = " or ".join(f"client.{home}.{name}" for home in homes) or "no data model"
        findings.add(
            "PYG309",
            f"the view has no attribute on the client because {why}; reach it as {where}",
            view=view.ref,
        )
        out.append(replace(view, flat=False))
    return tuple(named), tuple(out)
