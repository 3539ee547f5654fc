"""Read the snapshot's wire JSON defensively and decide which views go into the SDK."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .._records import field, record
from ._codes import Collector
from ._model import ContainerRef, DataModelRef, ViewRef
from ._options import IROptions

_USED_FOR = ("node", "edge", "all")
_SPACE = re.compile(r"[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?")


def text(data: object, key: str) -> str | None:
    """`data[key]` when `data` is a mapping and the value a non-empty string."""
    if isinstance(data, Mapping):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def view_ref(data: object) -> ViewRef | None:
    space, xid, version = text(data, "space"), text(data, "externalId"), text(data, "version")
    if space is None or xid is None or version is None:
        return None
    return ViewRef(space, xid, version)


def container_ref(data: object) -> ContainerRef | None:
    space, xid = text(data, "space"), text(data, "externalId")
    return None if space is None or xid is None else ContainerRef(space, xid)


@record
class RawView:
    """A view as read from the snapshot (properties still wire JSON)."""

    ref: ViewRef
    data: Mapping[str, Any]
    properties: dict[str, Mapping[str, Any]]
    used_for: str
    writable: bool


@record
class RawModel:
    ref: DataModelRef
    data: Mapping[str, Any]
    views: list[ViewRef] = field(default_factory=list)


@record
class Selection:
    """Everything known in the snapshot and what the SDK keeps."""

    all_views: dict[ViewRef, RawView]
    models: list[RawModel]
    kept: dict[ViewRef, RawView]
    left_out: dict[ViewRef, str]  # ref -> why (excluded / not in the selected data models / skipped)
    containers: dict[ContainerRef, Mapping[str, Any]]


def _parse_view(raw: Mapping[str, Any], findings: Collector, model: DataModelRef) -> RawView | None:
    ref = view_ref(raw)
    if ref is None:
        findings.add(
            "PYG012",
            "a view without a valid space/externalId/version is skipped",
            "check the snapshot",
            data_model=model,
        )
        return None
    props = raw.get("properties")
    if not isinstance(props, Mapping):
        findings.add("PYG012", "the view's 'properties' is not an object; the view is skipped", view=ref)
        return None
    properties = {k: v for k, v in props.items() if isinstance(k, str) and isinstance(v, Mapping)}
    for key in sorted(k for k, v in props.items() if not (isinstance(k, str) and isinstance(v, Mapping))):
        findings.add(
            "PYG203", "the property definition is not an object; it is skipped", view=ref, prop=str(key)
        )
    used_for = raw.get("usedFor", "node")
    writable = raw.get("writable", True)
    return RawView(
        ref,
        raw,
        properties,
        used_for if isinstance(used_for, str) else repr(used_for),
        writable if isinstance(writable, bool) else True,
    )


def read_snapshot(
    content: Mapping[str, Any], findings: Collector
) -> tuple[list[RawModel], dict[ViewRef, RawView]]:
    """Parse data models and their inline views; a view defined twice keeps its first definition."""
    models: list[RawModel] = []
    views: dict[ViewRef, RawView] = {}
    raw_models = content.get("dataModels")
    if not isinstance(raw_models, Sequence) or isinstance(raw_models, str):
        raw_models = ()
    for index, raw in enumerate(raw_models):
        space, xid, version = text(raw, "space"), text(raw, "externalId"), text(raw, "version")
        if space is None or xid is None or version is None:
            findings.add(
                "PYG010", f"dataModels[{index}] has no valid space/externalId/version; it is skipped"
            )
            continue
        model = RawModel(DataModelRef(space, xid, version), raw)
        raw_views = raw.get("views")
        if not isinstance(raw_views, Sequence) or isinstance(raw_views, str):
            findings.add(
                "PYG010", "the data model's 'views' is not a list; it is skipped", data_model=model.ref
            )
            continue
        for raw_view in raw_views:
            reference = view_ref(raw_view)
            if reference is not None and isinstance(raw_view, Mapping) and "properties" not in raw_view:
                model.views.append(reference)
                continue
            parsed = _parse_view(raw_view if isinstance(raw_view, Mapping) else {}, findings, model.ref)
            if parsed is not None:
                views.setdefault(parsed.ref, parsed)
                model.views.append(parsed.ref)
        models.append(model)
    for model in models:
        for ref in model.views:
            if ref not in views:
                findings.add(
                    "PYG011",
                    f"the data model lists view {ref} but the snapshot has no definition of it",
                    "pull the data model with inline views",
                    data_model=model.ref,
                )
    return models, views


MODEL_PATTERN = re.compile(r"(?:([^:/\s]+):)?([^:/\s]+)(?:/([^:/\s]+))?")


def matches_model(pattern: str, ref: DataModelRef) -> bool:
    match = MODEL_PATTERN.fullmatch(pattern)
    if match is None:
        return False
    space, xid, version = match.groups()
    return (
        xid == ref.external_id
        and (space is None or space == ref.space)
        and (version is None or version == ref.version)
    )


def matches_view(pattern: str, ref: ViewRef) -> bool:
    return matches_model(pattern, DataModelRef(ref.space, ref.external_id, ref.version))


def select(content: Mapping[str, Any], options: IROptions, findings: Collector) -> Selection:
    """Apply data-model selection, exclusions and the usedFor check."""
    models, all_views = read_snapshot(content, findings)
    space: object = options.default_instance_space
    if space is not None and not (isinstance(space, str) and _SPACE.fullmatch(space)):
        findings.add(
            "PYG005",
            f"{space!r} is not a valid space id",
            "letters, digits, '_' and '-', starting with a letter, at most 43 characters",
            option="default_instance_space",
        )
    if options.data_models:
        chosen: list[RawModel] = []
        for index, pattern in enumerate(options.data_models):
            option = f"data_models[{index}]"
            if not isinstance(pattern, str) or MODEL_PATTERN.fullmatch(pattern) is None:
                findings.add(
                    "PYG005",
                    f"{pattern!r} is not a data model id",
                    "use 'space:externalId/version', 'space:externalId' or 'externalId'",
                    option=option,
                )
                continue
            hits = [m for m in models if matches_model(pattern, m.ref)]
            if not hits:
                known = ", ".join(str(m.ref) for m in models) or "none"
                findings.add(
                    "PYG001",
                    f"{pattern!r} matches no data model in the snapshot",
                    f"known: {known}",
                    option=option,
                )
            chosen.extend(m for m in hits if m not in chosen)
        models = sorted(chosen, key=lambda m: m.ref)
    selected: dict[ViewRef, RawView] = {}
    for model in models:
        for ref in model.views:
            if ref in all_views:
                selected.setdefault(ref, all_views[ref])
    left_out: dict[ViewRef, str] = {
        ref: "it is not part of the selected data models" for ref in all_views if ref not in selected
    }
    for index, pattern in enumerate(options.exclude_views):
        option = f"exclude_views[{index}]"
        if not isinstance(pattern, str) or MODEL_PATTERN.fullmatch(pattern) is None:
            findings.add(
                "PYG005",
                f"{pattern!r} is not a view id",
                "use 'externalId' or 'space:externalId/version'",
                option=option,
            )
            continue
        view_hits = [ref for ref in all_views if matches_view(pattern, ref)]
        if not view_hits:
            findings.add(
                "PYG003", f"{pattern!r} matches no view in the snapshot", "check the spelling", option=option
            )
        for ref in view_hits:
            left_out[ref] = "it is excluded by exclude_views"
    for index, space in enumerate(options.exclude_spaces):
        space_hits = [ref for ref in all_views if ref.space == space]
        if not space_hits:
            findings.add("PYG004", f"no view is in space {space!r}", option=f"exclude_spaces[{index}]")
        for ref in space_hits:
            left_out[ref] = "it is excluded by exclude_spaces"
    for ref, raw in sorted(all_views.items()):
        if raw.used_for not in _USED_FOR and ref not in left_out:
            findings.add(
                "PYG102",
                f"usedFor {raw.used_for!r} is not supported (node, edge or all); the view is skipped",
                view=ref,
            )
            left_out[ref] = f"its usedFor {raw.used_for!r} is not supported"
    kept = {ref: raw for ref, raw in sorted(selected.items()) if ref not in left_out}
    return Selection(all_views, models, kept, left_out, _containers(content))


def _containers(content: Mapping[str, Any]) -> dict[ContainerRef, Mapping[str, Any]]:
    found: dict[ContainerRef, Mapping[str, Any]] = {}
    raw = content.get("containers")
    for item in raw if isinstance(raw, Sequence) and not isinstance(raw, str) else ():
        ref = container_ref(item)
        if ref is not None and isinstance(item, Mapping):
            found.setdefault(ref, item)
    return found
