"""hatch-pygen: a hatchling build hook that generates a typed CDF data-model SDK into your wheel.

Importing the package stays cheap (hatchling imports it to ask for build requirements): the hook and the
configuration load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pygen_core import __version__

if TYPE_CHECKING:
    from ._config import PygenConfig, load_config
    from ._env import BuildEnv
    from ._plugin import PygenBuildHook

__all__ = ["BuildEnv", "PygenBuildHook", "PygenConfig", "__version__", "load_config"]

_LAZY = {
    "BuildEnv": "._env",
    "PygenConfig": "._config",
    "load_config": "._config",
    "PygenBuildHook": "._plugin",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value
