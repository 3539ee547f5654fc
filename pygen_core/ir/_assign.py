"""Assign every identifier of the SDK in one language (views and properties), with overrides and collision
handling. One procedure for every language; `Rules` holds what differs (casing, reserved names, wording)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from .._records import record
from ._codes import Collector
from ._model import EdgeKind, Names, PropertyIR, ViewClassNames, ViewIR, ViewRef
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
    reserved_reason,
    to_pascal,
)
from ._naming_ts import (
    TS_RESERVED_MEMBER_NAMES,
    TS_RESERVED_TYPE_NAMES,
    TS_VIEW_NAME_SUFFIXES,
    is_valid_ts_identifier,
    is_valid_ts_member,
    ts_client_member,
    ts_free_keyword,
    ts_keyword_name,
    ts_keyword_reason,
    ts_member_name,
    ts_module_name,
    ts_type_name,
)
from ._parse import MODEL_PATTERN, matches_view


@record(frozen=True)
class Rules:
    """How one language names things (the procedure in this module is shared)."""

    language: str
    attribute_name: Callable[[str], NameChoice]
    class_name: Callable[[str], NameChoice]
    api_attribute: Callable[[str], NameChoice]
    view_names: Callable[[str], ViewClassNames]
    class_suffixes: tuple[str, ...]
    reserved_class_names: frozenset[str]
    class_problem: Callable[[object], str | None]
    class_hint: str
    attribute_problem: Callable[[object], str | None]
    attribute_hint: str
    keyword_name: Callable[[str, str], str]
    free_keyword: Callable[[str, set[str]], str]
    keyword_reason: Callable[[str, set[str]], str]


def _python_view_names(class_name: str) -> ViewClassNames:
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


def _typescript_view_names(type_name: str) -> ViewClassNames:
    return ViewClassNames(
        class_name=type_name,
        write_class_name=f"{type_name}Write",
        list_class_name="",
        write_list_class_name="",
        filter_class_name=f"{type_name}Filter",
        filter_args_name=f"{type_name}Filters",
        fields_name=f"{type_name}Fields",
        text_fields_name=f"{type_name}TextFields",
        api_class_name=f"{type_name}API",
        api_attribute=ts_client_member(type_name).name,
        module_name=ts_module_name(type_name),
        spec_name=f"{type_name}View",
    )


PYTHON = Rules(
    language="python",
    attribute_name=python_attribute_name,
    class_name=python_class_name,
    api_attribute=python_api_attribute,
    view_names=_python_view_names,
    class_suffixes=VIEW_CLASS_SUFFIXES,
    reserved_class_names=RESERVED_CLASS_NAMES,
    class_problem=lambda value: _python_override_problem(value, "class"),
    class_hint="a PascalCase identifier that is not a keyword, builtin or reserved SDK name",
    attribute_problem=lambda value: _python_override_problem(value, "attribute"),
    attribute_hint="a snake_case identifier that is not a keyword, builtin or reserved SDK name",
    keyword_name=python_keyword_name,
    free_keyword=free_keyword,
    keyword_reason=keyword_reason,
)
"""Python: snake_case attributes, PascalCase classes."""

TYPESCRIPT = Rules(
    language="typescript",
    attribute_name=ts_member_name,
    class_name=ts_type_name,
    api_attribute=ts_client_member,
    view_names=_typescript_view_names,
    class_suffixes=TS_VIEW_NAME_SUFFIXES,
    reserved_class_names=TS_RESERVED_TYPE_NAMES,
    class_problem=lambda value: (
        None
        if isinstance(value, str) and is_valid_ts_identifier(value) and value not in TS_RESERVED_TYPE_NAMES
        else f"{value!r} is not a usable TypeScript type name"
    ),
    class_hint="a PascalCase identifier that is not a reserved word, global type or runtime name",
    attribute_problem=lambda value: (
        None
        if isinstance(value, str) and is_valid_ts_member(value) and value not in TS_RESERVED_MEMBER_NAMES
        else f"{value!r} is not a usable TypeScript member name"
    ),
    attribute_hint="a camelCase identifier that is not a reserved SDK member",
    keyword_name=ts_keyword_name,
    free_keyword=ts_free_keyword,
    keyword_reason=ts_keyword_reason,
)
"""TypeScript: camelCase members, PascalCase types."""

RULES: dict[str, Rules] = {"python": PYTHON, "typescript": TYPESCRIPT}
"""The naming rules of every language, by name."""


@record
class Overrides:
    """Parsed `IROptions.names`: class names per view, attribute names per (view, property)."""

    classes: dict[ViewRef, tuple[str, str]]  # ref -> (name, option key)
    attributes: dict[tuple[ViewRef, str], tuple[str, str]]


def parse_overrides(
    names: Mapping[str, str], properties: Mapping[ViewRef, set[str]], findings: Collector, rules: Rules
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
            problem = rules.class_problem(value)
            if problem is not None:
                findings.add("PYG305", problem, f"use {rules.class_hint}", option=option)
                continue
            assert isinstance(value, str)  # checked by class_problem
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
        problem = rules.attribute_problem(value)
        if problem is not None:
            findings.add("PYG305", problem, f"use {rules.attribute_hint}", option=option)
            continue
        assert isinstance(value, str)  # checked by attribute_problem
        for ref in hits:
            result.attributes[(ref, prop)] = (value, option)
    return result


def _python_override_problem(value: object, kind: str) -> str | None:
    """Why ``value`` cannot be a generated Python class or attribute name; None when it can."""
    if not isinstance(value, str) or not is_valid_python_identifier(value):
        return (
            f"{value!r} is not a usable Python {kind} name (an ASCII identifier, no leading '_', no keyword)"
        )
    # Class names start upper case, attributes lower case: then a field never hides a class in annotations.
    if kind == "class" and not value[0].isupper():
        return f"{value!r} cannot name a generated class: class names start with an upper-case letter"
    if kind == "attribute" and not value[0].islower():
        return f"{value!r} cannot name a generated attribute: attribute names start with a lower-case letter"
    reserved = value in RESERVED_CLASS_NAMES if kind == "class" else is_reserved_attribute(value)
    if reserved:
        return f"{value!r} cannot name a generated {kind}: {reserved_reason(value)}"
    return None


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


@record(frozen=True)
class PropertyNames:
    """The names of one view's properties in one language: attribute per CDF identifier, and the filter
    keyword per (identifier, index into `PropertyIR.filters`)."""

    attributes: dict[str, str]
    keywords: dict[tuple[str, int], str]


def assign_property_names(
    view: ViewIR,
    overrides: Overrides,
    inherited_names: Mapping[tuple[ViewRef, str], str],
    findings: Collector,
    rules: Rules,
) -> PropertyNames:
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
        choice = rules.attribute_name(prop.identifier)
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
    if rules.language == "python":
        _free_resource_names(view, final, findings)
    return PropertyNames(final, _name_keywords(view, final, findings, rules))


RESOURCE_ATTRIBUTE_NAMES: dict[str, tuple[str, ...]] = {
    "timeseries": ("datapoints", "bind"),
    "file": ("content", "bind"),
}
"""What the runtime's time-series and file nodes add to the read classes of such views (Python)."""


def _free_resource_names(view: ViewIR, final: dict[str, str], findings: Collector) -> None:
    reserved = RESOURCE_ATTRIBUTE_NAMES.get(view.resource or "", ())
    what = "time-series" if view.resource == "timeseries" else "file"
    for identifier, name in sorted(final.items()):
        if name not in reserved:
            continue
        new = name + "_"
        while new in final.values() or new in reserved:
            new += "_"
        findings.add(
            "PYG301",
            f"property {identifier!r} is renamed to {new!r} because {name!r} is an attribute of the "
            f"SDK's {what} nodes",
            "set a name in the names option to choose another",
            view=view.ref,
            prop=identifier,
        )
        final[identifier] = new


def edge_api_names(prop: PropertyIR, attribute: str) -> Names | None:
    """The per-connection edge API's attribute of an edge connection without an edge-properties view."""
    kind = prop.kind
    if isinstance(kind, EdgeKind) and kind.edge_properties is None:
        return Names(f"{attribute}_edge")
    return None


def _name_keywords(
    view: ViewIR, attributes: Mapping[str, str], findings: Collector, rules: Rules
) -> dict[tuple[str, int], str]:
    """Name every filter keyword; one that clashes is renamed with a ``_`` suffix and reported.

    Keywords named like their attribute claim their names first (in attribute order), then the derived
    ones (``min_x``, ``x_prefix``): a property's own name is never taken away by another's derivative.
    """
    wanted = {
        (p.identifier, index): rules.keyword_name(keyword.op, attributes[p.identifier])
        for p in view.properties
        for index, keyword in enumerate(p.filters)
    }
    order = sorted(wanted, key=lambda key: (wanted[key] != attributes[key[0]], wanted[key], key))
    taken: set[str] = set()
    chosen: dict[tuple[str, int], str] = {}
    for key in order:
        name = wanted[key]
        free = rules.free_keyword(name, taken)
        if free != name:
            findings.add(
                "PYG308",
                f"filter keyword {name!r} becomes {free!r} because {rules.keyword_reason(name, taken)}",
                f"rename the property with '{view.ref.external_id}.{key[0]}' in the names option",
                view=view.ref,
                prop=key[0],
            )
        taken.add(free)
        chosen[key] = free
    return chosen


def assign_view_names(
    views: list[ViewIR], overrides: Overrides, findings: Collector, rules: Rules
) -> dict[ViewRef, ViewClassNames]:
    """Name every view: overrides first, then sorted by ref; clashes get version/space suffixes."""
    classes: dict[str, ViewRef] = {}
    modules: dict[str, ViewRef] = {}
    view_names = rules.view_names

    def clash(names: ViewClassNames) -> str | None:
        """What the view's names would clash with (another view, or a name the SDK reserves)."""
        for suffix in rules.class_suffixes:
            name = names.class_name + suffix
            if name in classes:
                return f"the names of view {classes[name]}"
            if name in rules.reserved_class_names:
                return f"{name!r}, a name the SDK reserves"
        for stem in (names.module_name.lower(), names.api_attribute.lower()):
            if stem in modules:
                return f"the names of view {modules[stem]}"
        return None

    owned: dict[ViewRef, set[str]] = {}

    def claim(ref: ViewRef, names: ViewClassNames) -> None:
        for suffix in rules.class_suffixes:
            classes[names.class_name + suffix] = ref
        modules[names.module_name.lower()] = ref
        modules[names.api_attribute.lower()] = ref
        owned[ref] = every(names)

    def every(n: ViewClassNames) -> set[str]:
        return {n.class_name + s for s in rules.class_suffixes} | {
            n.module_name.lower(),
            n.api_attribute.lower(),
        }

    chosen: dict[ViewRef, ViewClassNames] = {}
    for view in views:
        if view.ref in overrides.classes:
            name, option = overrides.classes[view.ref]
            names = view_names(name)
            other = clash(names)
            if other is not None:
                findings.add("PYG305", f"class name {name!r} clashes with {other}", option=option)
            claim(view.ref, names)
            chosen[view.ref] = names
    for view in views:
        if view.ref in chosen:
            continue
        choice = rules.class_name(view.ref.external_id)
        _report(findings, choice, view.ref.external_id, "view", view.ref, None)
        base = choice.name
        version, space = to_pascal(view.ref.version), to_pascal(view.ref.space)
        candidates = [base, f"{base}V{version}", f"{base}S{space}", f"{base}V{version}S{space}"]
        first = clash(view_names(base))
        number = 2
        while clash(view_names(candidates[-1])) is not None:
            candidates.append(f"{base}{number}")
            number += 1
        names = next(view_names(c) for c in candidates if clash(view_names(c)) is None)
        mine = every(view_names(base))
        taken_by = next((ref for ref in chosen if owned[ref] & mine), None)
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
        attribute = rules.api_attribute(chosen[view.ref].class_name)
        if attribute.reserved:
            findings.add(
                "PYG301",
                f"the client attribute of this view is {attribute.name!r} because {attribute.reserved}",
                "set a class name for the view in the names option to choose another",
                view=view.ref,
            )
    return chosen
