"""Turn pydantic validation errors into one-line messages naming the JSON path."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from ._base import TAG_PREFIX

__all__ = ["format_location", "format_validation_error"]


def format_location(loc: Sequence[int | str], prefix: str = "") -> str:
    """``("views", 3, "properties", "foo")`` → ``views[3].properties.foo`` (union tags are dropped)."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.startswith(TAG_PREFIX):
            continue
        else:
            path += f".{part}" if path else part
    return path


def format_validation_error(exc: ValidationError, prefix: str = "", *, max_errors: int = 3) -> str:
    """One line: ``path: message`` for the first errors, then how many more there were."""
    errors = exc.errors(include_url=False, include_input=False)
    parts = []
    for error in errors[:max_errors]:
        path = format_location(error["loc"], prefix) or "(top level)"
        parts.append(f"{path}: {error['msg']}")
    if len(errors) > max_errors:
        parts.append(f"and {len(errors) - max_errors} more error(s)")
    return "; ".join(parts)
