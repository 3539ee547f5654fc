"""Registers the ``pygen`` build hook with hatchling (entry point ``[project.entry-points.hatch] pygen``)."""

from __future__ import annotations

from hatchling.plugin import hookimpl

from ._plugin import PygenBuildHook


@hookimpl
def hatch_register_build_hook() -> type[PygenBuildHook]:
    """Hatchling's plugin hook: the build-hook class it selects by ``PLUGIN_NAME = "pygen"``."""
    return PygenBuildHook
