"""Recognise a cognite-pygen (v1) ``[tool.pygen]`` table (stdlib only: the build hook imports this)."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PREDECESSOR_KEYS", "predecessor_keys", "predecessor_message"]

PREDECESSOR_KEYS: tuple[str, ...] = (
    "audience", "cdf_cluster", "cdf_project", "cdf_url", "client_id", "client_name", "client_secret",
    "data_models", "external_id", "format_code", "instance_space", "output_dir", "overwrite", "scopes",
    "space", "tenant_id", "token_url", "top_level_package", "version",
)  # fmt: skip
"""Keys cognite-pygen 1.x reads from ``[tool.pygen]`` (``client_secret`` it refuses, but it is one of its)."""

# snake_case spellings of our own kebab-case keys: next to our `package` they are typos, not v1 settings.
_ALSO_TYPOS = frozenset({"client_name", "data_models", "instance_space"})


def predecessor_keys(table: Mapping[str, object]) -> list[str]:
    """The cognite-pygen keys in a ``[tool.pygen]`` table, sorted; empty when it is (meant as) ours."""
    found = sorted(key for key in table if key in PREDECESSOR_KEYS)
    if "package" in table and all(key in _ALSO_TYPOS for key in found):
        return []
    return found


def predecessor_message(keys: list[str], source: str = "pyproject.toml") -> str:
    """One line saying the table is cognite-pygen's and how to move it over."""
    shown = ", ".join(keys[:4]) + (", ..." if len(keys) > 4 else "")
    return (
        f"{source}: tool.pygen holds cognite-pygen (v1) settings ({shown}); hatch-pygen reads other keys: "
        "run `pygen migrate config` (or `hatch-pygen migrate config`) to translate them"
    )
