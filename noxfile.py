"""Developer tasks. ``nox`` alone runs what CI runs: lint, typecheck, tests and docs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests", "docs"]
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
LINT_PATHS = ["hatch_pygen", "pygen_core", "tests", "noxfile.py", "benchmarks", "examples"]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole pytest suite (unit, emulator, codegen, build-hook end-to-end) with coverage of
    hatch_pygen and pygen_core (subprocesses and the runtime copied into SDKs included); fails below the
    floor in pyproject.toml ([tool.coverage.report] fail_under). With arguments (a subset), no floor."""
    session.install("-e", ".[test]")
    floor = ["--cov-fail-under=0"] if session.posargs else []
    session.run("pytest", "-n", "2", "--dist", "loadgroup", "--cov", *floor, *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def quick(session: nox.Session) -> None:
    """The inner loop, under a minute: ruff, then every test not marked slow (no subprocess, build, virtual
    environment, type checker or node; tests/conftest.py fails a test that starts one without the mark)."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)
    session.run("pytest", "-q", "-m", "not slow", "-n", "2", "--dist", "loadgroup", *session.posargs)


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
    """mypy --strict on the two packages, mypy on tests/ (strict but for annotations, see pyproject.toml);
    pyright strict on the runtime (it ships inside every SDK)."""
    session.install("-e", ".[test]")
    session.run("mypy", "--strict", "hatch_pygen", "pygen_core")
    session.run("mypy", "tests")
    session.run("pyright", "-p", "pygen_core/runtime")


# A release with a published advisory: if pip-audit does not flag it, its vulnerability service is not
# really answering (a registry mirror without PyPI's per-version JSON API, no route to OSV) and a clean
# report would mean nothing.
AUDIT_CANARY = "jinja2==3.1.2"  # GHSA-h5c8-rqwp-cp95 (CVE-2024-22195)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site into site/ with mkdocs --strict (a broken link, reference or page fails);
    offline: the theme's assets come with the package."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session(python=PYTHON)
def audit(session: nox.Session) -> None:
    """pip-audit of every dependency (all extras) as a fresh install resolves them today; fails, never
    passes silently, when the vulnerability service cannot be reached (see CONTRIBUTING.md)."""
    session.install("pip-audit>=2.7", "uv")
    tmp = Path(session.create_tmp())
    canary = tmp / "canary.txt"
    canary.write_text(AUDIT_CANARY + "\n", encoding="utf-8")
    flags = ["--no-deps", "--disable-pip", "--progress-spinner", "off", *session.posargs]
    report = session.run(
        "pip-audit", *flags, "--format", "json", "-r", str(canary), silent=True, success_codes=[0, 1]
    )
    output = str(report)
    try:
        (dependency,) = json.loads(output[output.index("{") :])["dependencies"]
    except (ValueError, KeyError):
        last = (output.strip().splitlines() or ["no output"])[-1]
        session.error(f"pip-audit could not check {AUDIT_CANARY}; nothing was audited: {last:.300}")
    if not dependency.get("vulns"):
        reason = dependency.get("skip_reason") or "no advisory reported"
        session.error(
            f"pip-audit's vulnerability service does not work from here ({AUDIT_CANARY}, which has a "
            f"published advisory: {reason}); nothing was audited. It needs PyPI's per-version JSON API "
            "(pypi.org/pypi/<name>/<version>/json) or OSV (--vulnerability-service osv)."
        )
    locked = tmp / "requirements.txt"
    session.run("uv", "pip", "compile", "pyproject.toml", "--all-extras", "--quiet", "-o", str(locked))
    session.run("pip-audit", "--strict", *flags, "-r", str(locked))


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
def demo_ts(session: nox.Session) -> None:
    """TypeScript: generate examples/windfarm-ts's npm package, npm install and build it and the app, run the
    app on a seeded emulator (needs node >= 18 and npm)."""
    example = Path("examples/windfarm-ts").resolve()
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        session.error("demo_ts needs node (>= 18) and npm on PATH")
    session.install("-e", ".[emulator]")
    shutil.rmtree(example / "sdk", ignore_errors=True)
    with session.chdir(example):
        session.log("1/4 generating the TypeScript SDK from the snapshot (npm run generate: pygen generate)")
        session.run(npm, "run", "generate", external=True)
    with session.chdir(example / "sdk" / "windfarm-sdk"):
        session.log("2/4 npm install && npm run build in the generated package (ESM + .d.ts in dist/)")
        session.run(npm, "install", "--no-audit", "--no-fund", external=True)
        session.run(npm, "run", "build", external=True)
    with session.chdir(example):
        session.log("3/4 npm install && npm run build of the application")
        session.run(npm, "install", "--no-audit", "--no-fund", external=True)
        session.run(npm, "run", "build", external=True)
    session.log("4/4 running the application against the emulator, seeded with the windfarm demo data")
    session.run(
        "python",
        "examples/run_demo.py",
        "--example",
        "examples/windfarm",
        "--app-bin",
        node,
        "--app-arg",
        str(example / "dist" / "report.js"),
    )


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
