"""tests/conftest.py: a test without the ``slow`` mark that starts a process or runs mypy fails, saying so."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


@pytest.fixture
def guarded(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST.replace('pytest_plugins = ["pytester"]', ""))
    pytester.makeini("[pytest]\nmarkers =\n    slow: a process or a type checker\n")
    return pytester


def test_unmarked_tests_that_start_a_process_or_run_mypy_fail(guarded: pytest.Pytester) -> None:
    guarded.makepyfile(
        test_probe="""
        import subprocess, sys
        import mypy.api
        import pytest

        def test_in_process():
            assert sum([1, 2]) == 3

        def test_subprocess():
            subprocess.run([sys.executable, "-c", "pass"], check=True)

        def test_mypy():
            mypy.api.run(["--version"])

        @pytest.fixture
        def tool():
            subprocess.run(["git", "--version"], check=True)

        def test_process_in_a_fixture(tool):
            pass
        """
    )
    result = guarded.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2, errors=1)
    result.stdout.fnmatch_lines(
        [  # errors (in setup) are listed before failures
            "*test_probe.py::test_process_in_a_fixture starts a process (git --version)*",
            "*test_probe.py::test_subprocess starts a process (*python -c pass): mark the test*",
            "*test_probe.py::test_mypy runs mypy: mark the test @pytest.mark.slow*",
        ]
    )
