"""Opt-in pytest fixture ``pygen_emulator``: a running DMS emulator for the test that requests it.

Configure it with ini options (``pygen_emulator_snapshots``, ``pygen_emulator_seed``) or per test with
``@pytest.mark.pygen_emulator(snapshots=[...], seed=...)``.
Nothing heavy is imported unless the fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "pygen_emulator_snapshots",
        "snapshot files served by the pygen_emulator fixture (paths relative to the ini file)",
        type="paths",
        default=[],
    )
    parser.addini(
        "pygen_emulator_seed",
        "instances (read-form JSON) loaded into the pygen_emulator fixture",
        type="paths",
        default=[],
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pygen_emulator(snapshots=[...], seed=None): snapshots and seed for the pygen_emulator fixture",
    )


@pytest.fixture
def pygen_emulator(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A started ``pygen_core.emulator.Emulator`` (in-memory database), stopped after the test."""
    from pygen_core.emulator import Emulator

    marker = request.node.get_closest_marker("pygen_emulator")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    if "snapshots" not in options:
        options["snapshots"] = list(request.config.getini("pygen_emulator_snapshots"))
    if "seed" not in options:
        seeds = request.config.getini("pygen_emulator_seed")
        options["seed"] = seeds[0] if seeds else None
    with Emulator(**options) as emulator:
        yield emulator
