"""Developer tasks. ``nox`` alone runs what CI runs: lint, typecheck and tests."""

from __future__ import annotations

import shutil
from pathlib import Path

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


@nox.session(python="3.10")
def compat(session: nox.Session) -> None:
    """On the oldest supported Python (3.10, needs a python3.10 on PATH): engine, runtime, SDK tests."""
    session.install("-e", ".[test]")
    session.run(
        "pytest", "-n", "2", "--dist", "loadgroup",
        "tests/dms", "tests/snapshot", "tests/ir", "tests/runtime_sdk", "tests/runtime_transport",
        "tests/codegen/test_generate.py", "tests/handwritten_sdk", "tests/functional",
        *session.posargs,
    )  # fmt: skip


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the two packages; pyright strict on the runtime (it ships inside every SDK)."""
    session.install("-e", ".[test]")
    session.run("mypy", "--strict", "hatch_pygen", "pygen_core")
    session.run("pyright", "-p", "pygen_core/runtime")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks against cognite-pygen v1 and cognite-sdk; writes benchmarks/results.md (not run in CI)."""
    # v1 first: its `pygen` script is then replaced by ours (the bench falls back to `hatch-pygen` if not).
    session.install("cognite-pygen==1.4.2", "cognite-sdk==8.22.*", "pandas", "pip")
    session.install("-e", ".[test]")
    session.run("python", "-m", "benchmarks", *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Run the SDK service (web page, API) on 127.0.0.1:8000 without keys, for a local look."""
    session.install("-e", ".[service]")
    session.run("pygen", "serve", "--no-auth", *session.posargs)


@nox.session(python=PYTHON)
def bench_ts(session: nox.Session) -> None:
    """TypeScript SDK: listing 100,000 nodes vs raw fetch + JSON.parse (needs node and npm; not run in CI)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "tests.typescript.bench", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Build the example wheel through the hook, install it in a fresh venv, run it on a seeded emulator."""
    example = Path("examples/windfarm")
    tmp = Path(session.create_tmp())
    wheelhouse, dist, app_venv = tmp / "wheelhouse", tmp / "dist", tmp / "app-venv"
    for path in (wheelhouse, dist, app_venv):
        shutil.rmtree(path, ignore_errors=True)
    session.install("-e", ".[emulator]", "uv")

    session.log("1/4 building the hatch-pygen wheel the example's isolated build will use")
    session.run("uv", "build", "--wheel", "--quiet", "--out-dir", str(wheelhouse), ".")
    session.log("2/4 building the example's wheel: the hook generates the SDK offline from its snapshot")
    session.run(
        "uv",
        "build",
        "--wheel",
        "--out-dir",
        str(dist),
        "--find-links",
        str(wheelhouse),
        str(example),
        env={"PYGEN_OFFLINE": "1", "UV_NO_CACHE": "1"},
    )
    wheel = next(dist.glob("windfarm_app-*.whl"))
    session.log("3/4 installing %s in a fresh virtual environment", wheel.name)
    session.run("uv", "venv", "--quiet", str(app_venv))
    session.run("uv", "pip", "install", "--quiet", "--python", str(app_venv / "bin" / "python"), str(wheel))
    session.log("4/4 running the application against the emulator, seeded with demo data")
    session.run(
        "python",
        "examples/run_demo.py",
        "--example",
        str(example),
        "--app-bin",
        str(app_venv / "bin" / "windfarm-report"),
    )
