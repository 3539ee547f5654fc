"""Opt-in pytest fixture ``pygen_emulator``: a running DMS emulator for the tests that request it.

Configure it with ini options (``pygen_emulator_snapshots``, ``pygen_emulator_seed``,
``pygen_emulator_fake``, ``pygen_emulator_fake_seed``, ``pygen_emulator_scope``) or per test with
``@pytest.mark.pygen_emulator(snapshots=[...], seed=..., fake=N, <any Emulator keyword>)``.
Nothing heavy is imported unless the fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

_SCOPES = ("function", "class", "module", "package", "session")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ini options."""
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
    parser.addini(
        "pygen_emulator_fake",
        "fake instances per view written into the pygen_emulator fixture (0: none)",
        default="0",
    )
    parser.addini("pygen_emulator_fake_seed", "seed of the pygen_emulator fixture's fake data", default="0")
    parser.addini(
        "pygen_emulator_scope",
        "pygen_emulator fixture scope: function (default; markers apply), class, module, package, session",
        default="function",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker."""
    config.addinivalue_line(
        "markers",
        "pygen_emulator(snapshots=[...], seed=None, **emulator_options): configure the pygen_emulator "
        "fixture",
    )


def _scope(fixture_name: str, config: pytest.Config) -> str:
    scope = str(config.getini("pygen_emulator_scope")).strip() or "function"
    if scope not in _SCOPES:
        raise pytest.UsageError(f"pygen_emulator_scope: expected one of {', '.join(_SCOPES)}, got {scope!r}")
    return scope


def _int_ini(config: pytest.Config, name: str) -> int:
    raw = str(config.getini(name)).strip() or "0"
    try:
        return int(raw)
    except ValueError:
        raise pytest.UsageError(f"{name}: expected an integer, got {raw!r}") from None


@pytest.fixture(scope=_scope)  # type: ignore[arg-type]
def pygen_emulator(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A started ``pygen_core.emulator.Emulator`` (in-memory database unless ``db=`` is given)."""
    from pygen_core.emulator import Emulator

    marker = request.node.get_closest_marker("pygen_emulator")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    if "snapshots" not in options:
        options["snapshots"] = list(request.config.getini("pygen_emulator_snapshots"))
    if "seed" not in options:
        seeds = request.config.getini("pygen_emulator_seed")
        options["seed"] = seeds[0] if seeds else None
    for key in ("fake", "fake_seed"):
        if key not in options:
            options[key] = _int_ini(request.config, f"pygen_emulator_{key}")
    with Emulator(**options) as emulator:
        yield emulator
