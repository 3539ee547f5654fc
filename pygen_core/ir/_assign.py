"""Assign every Python identifier of the SDK (views and properties), with overrides and collision handling."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ._codes import Collector
from ._model import FilterKeyword, Names, PropertyIR, ViewClassNames, ViewIR, ViewNames, ViewRef
from ._naming import (
    RESERVED_CLASS_NAMES,
    VIEW_CLASS_SUFFIXES,
    NameChoice,
    free_keyword,
    is_reserved_attribute,
    is_valid_python_identifier,
    keyword_reason,
    python_api_attribute,
    python_attribute_name,
    python_class_name,
    python_keyword_name,
    python_module_name,
    to_pascal,
)
from ._parse import MODEL_PATTERN, matches_view


@dataclass
class Overrides:
    """Parsed `IROptions.names`: class names per view, attribute names per (view, property)."""

    classes: dict[ViewRef, tuple[str, str]]  # ref -> (name, option key)
    attributes: dict[tuple[ViewRef, str], tuple[str, str]]


def parse_overrides(
    names: Mapping[str, str], properties: Mapping[ViewRef, set[str]], findings: Collector
) -> Overrides:
    """Validate the name overrides against the SDK's views and their (kept) property identifiers."""
    views = sorted(properties)
    result = Overrides({}, {})
    untyped: Iterable[tuple[object, object]] = names.items()  # user input: check types, trust no annotation
    for key, value in untyped:
        option = f"names[{key!r}]"
        if not isinstance(key, str):
            findings.add("PYG305", "a names key must be a string", option=option)
            continue
        hits = [ref for ref in views if MODEL_PATTERN.fullmatch(key) and matches_view(key, ref)]
        if hits:
            if (
                not isinstance(value, str)
                or not is_valid_python_identifier(value)
                or value in RESERVED_CLASS_NAMES
            ):
                findings.add(
                    "PYG305",
                    f"{value!r} is not a usable Python class name",
                    "use a PascalCase identifier that is not a keyword or builtin",
                    option=option,
                )
                continue
            for ref in hits:
                result.classes[ref] = (value, option)
            continue
        view_key, _, prop = key.rpartition(".")
        hits = [
            ref
            for ref in views
            if view_key
            and MODEL_PATTERN.fullmatch(view_key)
            and matches_view(view_key, ref)
            and prop in properties[ref]
        ]
        if not hits:
            findings.add(
                "PYG306",
                f"{key!r} matches no view or 'View.property' in the SDK; it is ignored",
                "use 'ViewExternalId' or 'ViewExternalId.propertyIdentifier'",
                option=option,
            )
            continue
        if (
            not isinstance(value, str)
            or not is_valid_python_identifier(value)
            or is_reserved_attribute(value)
        ):
            findings.add(
                "PYG305",
                f"{value!r} is not a usable Python attribute name",
                "use a snake_case identifier that is not a keyword, builtin or reserved SDK name",
                option=option,
            )
            continue
        for ref in hits:
            result.attributes[(ref, prop)] = (value, option)
    return result


def _report(
    findings: Collector, choice: NameChoice, old: str, what: str, view: ViewRef, prop: str | None
) -> None:
    if choice.reserved:
        findings.add(
            "PYG301",
            f"{what} {old!r} is renamed to {choice.name!r} because {choice.reserved}",
            "set a name in the names option to choose another",
            view=view,
            prop=prop,
        )
    elif choice.normalized:
        findings.add(
            "PYG302",
            f"{what} {old!r} becomes {choice.name!r} because {choice.normalized}",
            view=view,
            prop=prop,
        )


def assign_property_names(
    view: ViewIR,
    overrides: Overrides,
    inherited_names: Mapping[tuple[ViewRef, str], str],
    findings: Collector,
) -> ViewIR:
    """Name every property of `view`; an inherited property keeps its name from the declaring view if free."""
    wanted: dict[str, str] = {}
    fixed: set[str] = set()
    from_parent: set[str] = set()
    for prop in view.properties:
        override = overrides.attributes.get((view.ref, prop.identifier))
        if override is None and prop.inherited_from is not None:
            override = overrides.attributes.get((prop.inherited_from, prop.identifier))
        if override is not None:
            wanted[prop.identifier] = override[0]
            fixed.add(prop.identifier)
            continue
        if prop.inherited_from is not None and (prop.inherited_from, prop.identifier) in inherited_names:
            wanted[prop.identifier] = inherited_names[(prop.inherited_from, prop.identifier)]
            from_parent.add(prop.identifier)
            continue
        choice = python_attribute_name(prop.identifier)
        _report(findings, choice, prop.identifier, "property", view.ref, prop.identifier)
        wanted[prop.identifier] = choice.name
    taken: dict[str, str] = {}
    order = sorted(
        view.properties,
        key=lambda p: (
            p.identifier not in fixed,
            p.identifier not in from_parent,
            wanted[p.identifier] != p.identifier,
            p.identifier,
        ),
    )
    final: dict[str, str] = {}
    for prop in order:
        name = wanted[prop.identifier]
        if name in taken:
            if prop.identifier in fixed or taken[name] in fixed:
                findings.add(
                    "PYG305",
                    f"the name override {name!r} clashes with property {taken[name]!r}",
                    "choose another name",
                    view=view.ref,
                    prop=prop.identifier,
                )
            number = 2
            while f"{name}_{number}" in taken or f"{name}_{number}" in wanted.values():
                number += 1
            new = f"{name}_{number}"
            findings.add(
                "PYG303",
                f"property {prop.identifier!r} would be {name!r} like {taken[name]!r}; it becomes {new!r}",
                f"set '{view.ref.external_id}.{prop.identifier}' in the names option to choose another",
                view=view.ref,
                prop=prop.identifier,
            )
            name = new
        taken[name] = prop.identifier
        final[prop.identifier] = name
    named = [replace(p, names=Names(final[p.identifier])) for p in view.properties]
    return replace(view, properties=tuple(_name_keywords(view, named, findings)))


def _name_keywords(view: ViewIR, properties: list[PropertyIR], findings: Collector) -> list[PropertyIR]:
    """Name every filter keyword; one that clashes is renamed with a ``_`` suffix and reported.

    Keywords named like their attribute claim their names first (in attribute order), then the derived
    ones (``min_x``, ``x_prefix``): a property's own name is never taken away by another's derivative.
    """
    wanted = {
        (p.identifier, index): python_keyword_name(keyword.op, p.names.python)
        for p in properties
        for index, keyword in enumerate(p.filters)
    }
    order = sorted(
        wanted,
        key=lambda key: (wanted[key] != _attribute(properties, key[0]), wanted[key], key),
    )
    taken: set[str] = set()
    chosen: dict[tuple[str, int], str] = {}
    for key in order:
        name = wanted[key]
        free = free_keyword(name, taken)
        if free != name:
            findings.add(
                "PYG308",
                f"filter keyword {name!r} becomes {free!r} because {keyword_reason(name, taken)}",
                f"rename the property with '{view.ref.external_id}.{key[0]}' in the names option",
                view=view.ref,
                prop=key[0],
            )
        taken.add(free)
        chosen[key] = free
    return [
        replace(
            p,
            filters=tuple(
                FilterKeyword(keyword.op, Names(chosen[(p.identifier, index)]))
                for index, keyword in enumerate(p.filters)
            ),
        )
        for p in properties
    ]


def _attribute(properties: list[PropertyIR], identifier: str) -> str:
    return next(p.names.python for p in properties if p.identifier == identifier)


def _view_names(class_name: str) -> ViewClassNames:
    return ViewClassNames(
        class_name=class_name,
        write_class_name=f"{class_name}Write",
        list_class_name=f"{class_name}List",
        write_list_class_name=f"{class_name}WriteList",
        filter_class_name=f"{class_name}Filter",
        filter_args_name=f"{class_name}FilterArgs",
        fields_name=f"{class_name}Fields",
        text_fields_name=f"{class_name}TextFields",
        api_class_name=f"{class_name}API",
        api_attribute=python_api_attribute(class_name).name,
        module_name=python_module_name(class_name),
        select_class_name=f"{class_name}Select",
    )


def assign_view_names(views: list[ViewIR], overrides: Overrides, findings: Collector) -> list[ViewIR]:
    """Name every view: overrides first, then sorted by ref; clashes get version/space suffixes."""
    classes: dict[str, ViewRef] = {}
    modules: dict[str, ViewRef] = {}

    def clash(names: ViewClassNames) -> str | None:
        """What the view's names would clash with (another view, or a name the SDK reserves)."""
        for suffix in VIEW_CLASS_SUFFIXES:
            name = names.class_name + suffix
            if name in classes:
                return f"the names of view {classes[name]}"
            if name in RESERVED_CLASS_NAMES:
                return f"{name!r}, a name the SDK reserves"
        for stem in (names.module_name.lower(), names.api_attribute.lower()):
            if stem in modules:
                return f"the names of view {modules[stem]}"
        return None

    def claim(ref: ViewRef, names: ViewClassNames) -> None:
        for suffix in VIEW_CLASS_SUFFIXES:
            classes[names.class_name + suffix] = ref
        modules[names.module_name.lower()] = ref
        modules[names.api_attribute.lower()] = ref

    chosen: dict[ViewRef, ViewClassNames] = {}
    for view in views:
        if view.ref in overrides.classes:
            name, option = overrides.classes[view.ref]
            names = _view_names(name)
            other = clash(names)
            if other is not None:
                findings.add("PYG305", f"class name {name!r} clashes with {other}", option=option)
            claim(view.ref, names)
            chosen[view.ref] = names
    for view in views:
        if view.ref in chosen:
            continue
        choice = python_class_name(view.ref.external_id)
        _report(findings, choice, view.ref.external_id, "view", view.ref, None)
        base = choice.name
        version, space = to_pascal(view.ref.version), to_pascal(view.ref.space)
        candidates = [base, f"{base}V{version}", f"{base}S{space}", f"{base}V{version}S{space}"]
        first = clash(_view_names(base))
        number = 2
        while clash(_view_names(candidates[-1])) is not None:
            candidates.append(f"{base}{number}")
            number += 1
        names = next(_view_names(c) for c in candidates if clash(_view_names(c)) is None)
        taken_by = next((ref for ref, n in chosen.items() if _shares_a_name(n, _view_names(base))), None)
        if taken_by is not None and taken_by in overrides.classes:
            findings.add(
                "PYG305",
                f"the override {overrides.classes[taken_by][0]!r} for view {taken_by} takes this view's "
                "class name",
                "override this view's name too, or pick another",
                view=view.ref,
            )
        elif first is not None:
            findings.add(
                "PYG304",
                f"class {base!r} clashes with {first}; this view becomes {names.class_name!r}",
                f"set '{view.ref}' in the names option to choose another",
                view=view.ref,
            )
        claim(view.ref, names)
        chosen[view.ref] = names
    for view in views:
        attribute = python_api_attribute(chosen[view.ref].class_name)
        if attribute.reserved:
            findings.add(
                "PYG301",
                f"the client attribute of this view is {attribute.name!r} because {attribute.reserved}",
                "set a class name for the view in the names option to choose another",
                view=view.ref,
            )
    return [replace(v, names=ViewNames(chosen[v.ref])) for v in views]


def _shares_a_name(a: ViewClassNames, b: ViewClassNames) -> bool:
    mine = {a.class_name + s for s in VIEW_CLASS_SUFFIXES} | {a.module_name.lower(), a.api_attribute.lower()}
    theirs = {b.class_name + s for s in VIEW_CLASS_SUFFIXES} | {
        b.module_name.lower(),
        b.api_attribute.lower(),
    }
    return bool(mine & theirs)
