"""Developer tasks. ``nox`` alone runs tests, lint and typecheck (what CI runs)."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
LINT_PATHS = ["hatch_pygen", "pygen_core", "tests", "noxfile.py", "benchmarks", "examples"]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole pytest suite (unit, emulator, codegen, build-hook end-to-end)."""
    session.install("-e", ".[test]")
    session.run("pytest", "-n", "2", "--dist", "loadgroup", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the two packages."""
    session.install("-e", ".[test]")
    session.run("mypy", "--strict", "hatch_pygen", "pygen_core")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks against cognite-pygen v1 and cognite-sdk; writes benchmarks/results.md (not run in CI)."""
    session.install("-e", ".[test]")
    session.install("cognite-pygen==1.4.2", "cognite-sdk==8.22.*", "pandas", "pip")
    session.run("python", "-m", "benchmarks", *session.posargs)
