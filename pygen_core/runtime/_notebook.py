"""Notebook display: compact HTML tables for items, lists, datapoints and sequence rows.

Every value is text from CDF (possibly written by anyone), so every cell, header and caption is
HTML-escaped; nothing from a model or an instance ever becomes markup.
"""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from ._datapoints import Datapoints

__all__ = ["cell", "datapoints_html", "items_html", "table_html"]

MAX_ROWS = 20
"""Rows shown before the rest are summarised (the first and last halves are kept)."""
_MAX_TEXT = 80


def cell(value: Any) -> str:
    """A short, plain-text rendering of one value (escaped later)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    as_id = getattr(value, "as_id", None)
    if callable(as_id):
        value = as_id()
    space = getattr(value, "space", None)
    xid = getattr(value, "external_id", None)
    if isinstance(space, str) and isinstance(xid, str) and not isinstance(value, str):
        return f"{space}:{xid}"
    if isinstance(value, (list, tuple)):
        items = [cell(v) for v in cast("Sequence[Any]", value)]
        text = ", ".join(items[:5]) + (f", … ({len(items)})" if len(items) > 5 else "")
        return f"[{text}]"
    text = str(value)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _shown(rows: Sequence[Sequence[Any]], total: int) -> list[Sequence[Any] | None]:
    """The rows to show: all, or the first and last halves around a marker (None).

    ``rows`` may already be just those halves (``total`` counts every row)."""
    half = MAX_ROWS // 2
    if total <= MAX_ROWS and len(rows) == total:
        return list(rows)
    if len(rows) > MAX_ROWS:
        rows = [*rows[:half], *rows[-half:]]
    return [*rows[:half], None, *rows[half:]]


def table_html(
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    total: int,
    caption: str | None = None,
) -> str:
    """A compact table; rows beyond :data:`MAX_ROWS` are elided in the middle."""
    esc = html.escape
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append(
        "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead>"
    )
    parts.append("<tbody>")
    for row in _shown(rows, total):
        if row is None:
            skipped = total - MAX_ROWS
            parts.append(
                f'<tr><td colspan="{len(head)}">… {skipped} more rows …</td></tr>'
            )
            continue
        parts.append(
            "<tr>" + "".join(f"<td>{esc(cell(v))}</td>" for v in row) + "</tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)


def items_html(
    rows: Sequence[Mapping[str, Any]], caption: str, total: int, *, single: bool
) -> str:
    """Instance rows as a table, leaving out columns no row has a value in; ``single``: one object as
    (field, value) pairs. ``rows`` may be just the first and last of ``total``."""
    columns: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key not in columns and value is not None and value != []:
                columns.append(key)
    if single:
        pairs: list[list[Any]] = [[key, rows[0].get(key)] for key in columns]
        return table_html(["field", "value"], pairs, len(pairs), caption)
    table = [[row.get(key) for key in columns] for row in rows]
    return table_html(columns, table, total, caption)


def datapoints_html(points: Datapoints) -> str:
    """The first and last datapoints of a series as a table."""
    head = ["timestamp"]
    columns: list[Sequence[Any]]
    if points.values is None:
        head += list(points.aggregates)
        columns = list(points.aggregates.values())
    else:
        head.append("value")
        columns = [points.values]
    if points.status_codes:
        head.append("status")
    count = len(points)
    half = MAX_ROWS // 2
    indices = (
        list(range(count))
        if count <= MAX_ROWS
        else [*range(half), *range(count - half, count)]
    )
    rows: list[list[Any]] = []
    for index in indices:
        stamp = points.timestamps[index]
        row: list[Any] = [
            datetime.datetime.fromtimestamp(stamp / 1000, datetime.timezone.utc)
        ]
        row += [column[index] for column in columns]
        if points.status_codes:
            row.append(points.status_codes.get(index, 0) or None)
        rows.append(row)
    caption = f"{points.name}: {len(points)} {'buckets' if points.values is None else 'points'}"
    return table_html(head, rows, count, caption)
