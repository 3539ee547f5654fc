"""One rule for the whole suite: a test that starts a process or runs a type checker is marked ``slow``.

``pytest -m "not slow"`` (``nox -s quick``) is the inner loop: everything that runs inside the test
process. Subprocesses (a fresh interpreter, the CLI, a wheel build, a virtual environment, ruff, mypy,
pyright, node, npm, a browser) and in-process ``mypy.api.run`` are what make a test slow, so a test without
the mark that starts one fails with a line saying so, in the full suite as in the quick one: the mark
cannot drift.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import mypy.api
import pytest

pytest_plugins = ["pytester"]  # tests/test_slow_guard.py runs this file on a few tests of its own

_HINT = "mark the test @pytest.mark.slow (or its module: pytestmark = pytest.mark.slow)"


def _allowed(argv: list[str]) -> bool:
    """Processes that are not a tool the test runs: the SDK service's worker pool (the code under test) and
    ``file -b <python>``, which ``platform.architecture()`` runs when cognite-sdk builds its user agent."""
    return argv[1:3] == ["-m", "pygen_core.service._worker"] or argv[:2] == ["file", "-b"]


def _forbid_processes(nodeid: str) -> Callable[..., Any]:
    execute_child = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def guarded(self: subprocess.Popen[Any], args: object, *rest: Any, **kwargs: Any) -> Any:
        argv = (
            [str(a) for a in args]
            if isinstance(args, Sequence) and not isinstance(args, str)
            else [str(args)]
        )
        if not _allowed(argv):
            pytest.fail(f"{nodeid} starts a process ({' '.join(argv):.120}): {_HINT}", pytrace=False)
        return execute_child(self, args, *rest, **kwargs)

    return guarded


def _forbid_mypy(nodeid: str) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        pytest.fail(f"{nodeid} runs mypy: {_HINT}", pytrace=False)

    return guarded


@contextmanager
def _only_in_process(item: pytest.Item) -> Iterator[None]:
    if item.get_closest_marker("slow") is not None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "_execute_child", _forbid_processes(item.nodeid))
        patch.setattr(mypy.api, "run", _forbid_mypy(item.nodeid))
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _only_in_process(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _only_in_process(item):
        return (yield)
