"""End-to-end builds of a throwaway project through the real frontends, in subprocesses.

Artifacts are built once per session and shared; every build is offline (``PYGEN_OFFLINE=1``) with the CDF
variables pointing at a listening emulator that answers (and logs) every request with a 503, so "no network
call" is checked, not assumed. Isolated builds install hatch-pygen from a wheelhouse built from this checkout.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from pygen_core.emulator import Emulator

from ._util import MODELS, OMNI_ID, STEERING, make_project, wheel_names

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hook_e2e")]

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET = "e2e-client-secret-must-never-leak"
OMNI = {"package": "omni_sdk", "data-models": [OMNI_ID]}


@dataclass(frozen=True)
class Built:
    path: Path
    log: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def run(
    args: list[str], cwd: Path, env: Mapping[str, str], *, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args, cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=600, check=False
    )
    if ok and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}\n"
            f"--- stderr\n{result.stderr[-4000:]}"
        )
    return result


def only(directory: Path, pattern: str) -> Path:
    (match,) = directory.glob(pattern)
    return match


@pytest.fixture(scope="session")
def trap() -> Iterator[Emulator]:
    with Emulator(snapshots=[MODELS / "Pumps.json"], client_secret=SECRET) as emu:
        emu.faults.inject("503", count=10**9)
        emu.faults.inject("503", path="/oauth2/token", count=10**9)
        yield emu


@pytest.fixture(scope="session")
def base_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    state = tmp_path_factory.mktemp("frontend-state")
    env = {k: v for k, v in os.environ.items() if not k.startswith(STEERING)}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        SOURCE_DATE_EPOCH="1700000000",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        UV_CACHE_DIR=str(state / "uv-cache"),
        HATCH_DATA_DIR=str(state / "hatch-data"),
        HATCH_CACHE_DIR=str(state / "hatch-cache"),
    )
    return env


@pytest.fixture(scope="session")
def offline_env(base_env: dict[str, str], trap: Emulator) -> dict[str, str]:
    return {
        **base_env,
        "PYGEN_OFFLINE": "1",
        "CDF_URL": trap.base_url,
        "CDF_PROJECT": trap.project,
        "IDP_CLIENT_ID": trap.client_id,
        "IDP_CLIENT_SECRET": SECRET,
        "IDP_TOKEN_URL": trap.token_url,
    }


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory, base_env: dict[str, str]) -> Path:
    """hatch-pygen built from this checkout, plus hatchling, editables and their dependencies."""
    from hatchling.builders.wheel import WheelBuilder

    house = tmp_path_factory.mktemp("wheelhouse")
    (plugin,) = WheelBuilder(str(REPO)).build(directory=str(house), versions=["standard"])
    result = run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--only-binary",
            ":all:",
            "-d",
            str(house),
            plugin,
            "editables",
        ],
        house,
        base_env,
        ok=False,
    )
    if result.returncode != 0:
        pytest.skip(f"no package index to fill the wheelhouse from: {result.stderr.strip()[-300:]}")
    return house


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The snapshot is gitignored: the sdist must still carry it.
    return make_project(
        tmp_path_factory.mktemp("e2e") / "client",
        model="Omni",
        pygen=OMNI,
        gitignore=".pygen/\npygen-snapshot.json\n",
    )


def pip_wheel(project: Path, out: Path, env: Mapping[str, str], *extra: str) -> Built:
    result = run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-v", "-w", str(out), *extra], project, env
    )
    return Built(only(out, "*.whl"), result.stdout + result.stderr)


@pytest.fixture(scope="session")
def tree_wheel(project: Path, offline_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Built:
    return pip_wheel(project, tmp_path_factory.mktemp("pip-wheel"), offline_env, "--no-build-isolation")


def test_pip_wheel_ships_the_sdk_and_reports_what_it_did(tree_wheel: Built, trap: Emulator) -> None:
    names = wheel_names(tree_wheel.path)
    assert {
        "demo/__init__.py",
        "omni_sdk/__init__.py",
        "omni_sdk/py.typed",
        "omni_sdk/_runtime/__init__.py",
    } <= set(names)
    assert len(names) == len(set(names))
    assert "pygen: source: snapshot file pygen-snapshot.json (sha256:" in tree_wheel.log
    assert OMNI_ID in tree_wheel.log
    assert " views, " in tree_wheel.log
    assert trap.faults.count() == 0


def test_second_pip_wheel_is_byte_identical(
    project: Path, offline_env: dict[str, str], tree_wheel: Built, tmp_path: Path
) -> None:
    again = pip_wheel(project, tmp_path, offline_env, "--no-build-isolation")
    assert again.sha256 == tree_wheel.sha256


def test_python_m_build_sdist_to_wheel(
    project: Path, offline_env: dict[str, str], tree_wheel: Built, tmp_path: Path, trap: Emulator
) -> None:
    result = run([sys.executable, "-m", "build", "--no-isolation", "-o", str(tmp_path)], project, offline_env)
    with tarfile.open(only(tmp_path, "*.tar.gz")) as sdist:
        members = sdist.getnames()
    assert "demo_client-1.0.0/pygen-snapshot.json" in members
    assert not [m for m in members if "/.pygen/" in m or "omni_sdk" in m]
    assert "snapshot embedded in the sdist" in result.stdout + result.stderr
    assert Built(only(tmp_path, "*.whl"), "").sha256 == tree_wheel.sha256
    assert trap.faults.count() == 0


def test_uv_build(project: Path, offline_env: dict[str, str], tree_wheel: Built, tmp_path: Path) -> None:
    uv = shutil.which("uv", path=str(BIN)) or "uv"
    run(
        [uv, "build", "--no-build-isolation", "--python", sys.executable, "-o", str(tmp_path)],
        project,
        offline_env,
    )
    assert Built(only(tmp_path, "*.whl"), "").sha256 == tree_wheel.sha256


def test_hatch_build(
    project: Path, offline_env: dict[str, str], wheelhouse: Path, tree_wheel: Built, tmp_path: Path
) -> None:
    hatch = shutil.which("hatch", path=str(BIN)) or "hatch"
    env = {**offline_env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse)}
    env.update(UV_NO_INDEX="1", UV_FIND_LINKS=str(wheelhouse))
    result = run([hatch, "build", "-t", "wheel", str(tmp_path)], project, env)
    assert "pygen: generated omni_sdk" in result.stdout + result.stderr
    assert Built(only(tmp_path, "*.whl"), "").sha256 == tree_wheel.sha256


def test_fully_isolated_pip_wheel_from_a_wheelhouse(
    project: Path,
    offline_env: dict[str, str],
    wheelhouse: Path,
    tree_wheel: Built,
    tmp_path: Path,
    trap: Emulator,
) -> None:
    built = pip_wheel(project, tmp_path, offline_env, "--no-index", "--find-links", str(wheelhouse))
    assert built.sha256 == tree_wheel.sha256
    assert trap.faults.count() == 0


def test_isolated_rebuilds_load_pygens_compiled_modules_from_the_user_cache(
    project: Path, offline_env: dict[str, str], wheelhouse: Path, tree_wheel: Built, tmp_path: Path
) -> None:
    """Every isolated environment is new and uncompiled: the second build on a machine renders with the
    modules the first one compiled, and builds the same bytes."""
    env = {k: v for k, v in offline_env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    index = ("--no-index", "--find-links", str(wheelhouse))
    first_cache = tmp_path / "cache-1"
    first = pip_wheel(project, tmp_path / "one", {**env, "PYGEN_CACHE_DIR": str(first_cache)}, *index)
    (code,) = first_cache.glob("code-*")
    stored = {p.name: p.stat().st_mtime_ns for p in code.glob("*.pyc")}
    assert len(stored) >= 40  # jinja2's, markupsafe's, the hook's and the generator's modules
    second_cache = tmp_path / "cache-2"
    shutil.copytree(code, second_cache / code.name)  # the compiled modules only: the SDK is rendered again
    second = pip_wheel(project, tmp_path / "two", {**env, "PYGEN_CACHE_DIR": str(second_cache)}, *index)
    assert "(rendered)" in second.log
    assert second.sha256 == first.sha256 == tree_wheel.sha256
    # Nothing was compiled and stored again: every module came from the first build's entries.
    assert {p.name: p.stat().st_mtime_ns for p in (second_cache / code.name).glob("*.pyc")} == stored


def fresh_venv(path: Path, env: Mapping[str, str]) -> Path:
    uv = shutil.which("uv", path=str(BIN)) or "uv"
    run([uv, "venv", "-q", "--python", sys.executable, str(path)], path.parent, env)
    return path / "bin" / "python"


CHECK_IMPORT = (
    "import sys, omni_sdk, demo; "
    "assert omni_sdk.__all__, 'empty __all__'; "
    "[getattr(omni_sdk, name) for name in omni_sdk.__all__]; "
    "assert 'pygen_core' not in sys.modules, 'the SDK imports the generator'; "
    "print(omni_sdk.__file__)"
)


def test_wheel_imports_in_a_fresh_venv(
    tree_wheel: Built, wheelhouse: Path, offline_env: dict[str, str], tmp_path: Path
) -> None:
    python = fresh_venv(tmp_path / "venv", offline_env)
    uv = shutil.which("uv", path=str(BIN)) or "uv"
    run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "--python",
            str(python),
            "--no-index",
            "--find-links",
            str(wheelhouse),
            str(tree_wheel.path),
        ],
        tmp_path,
        offline_env,
    )
    result = run([str(python), "-c", CHECK_IMPORT], tmp_path, offline_env)
    assert "site-packages/omni_sdk/__init__.py" in result.stdout


def test_pip_install_editable_then_import(
    project: Path, wheelhouse: Path, offline_env: dict[str, str], tmp_path: Path
) -> None:
    python = fresh_venv(tmp_path / "venv", offline_env)
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(wheelhouse),
            "-e",
            str(project),
        ],
        tmp_path,
        offline_env,
    )
    result = run([str(python), "-c", CHECK_IMPORT], tmp_path, offline_env)
    assert "omni_sdk/__init__.py" in result.stdout


def test_uv_pip_install_editable_live(wheelhouse: Path, offline_env: dict[str, str], tmp_path: Path) -> None:
    project = make_project(tmp_path / "live", model="Omni", pygen={**OMNI, "editable": "live"})
    python = fresh_venv(tmp_path / "venv", offline_env)
    uv = shutil.which("uv", path=str(BIN)) or "uv"
    run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "--python",
            str(python),
            "--no-index",
            "--find-links",
            str(wheelhouse),
            "-e",
            str(project),
        ],
        tmp_path,
        offline_env,
    )
    result = run([str(python), "-c", CHECK_IMPORT], tmp_path, offline_env)
    assert result.stdout.strip() == str((project / ".pygen" / "site" / "omni_sdk" / "__init__.py").resolve())


def test_editable_inplace_subpackage(wheelhouse: Path, offline_env: dict[str, str], tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "inplace",
        model="Omni",
        pygen={**OMNI, "package": "demo.sdk"},
        gitignore="/src/demo/sdk/\n",
    )
    python = fresh_venv(tmp_path / "venv", offline_env)
    uv = shutil.which("uv", path=str(BIN)) or "uv"
    run(
        [
            uv,
            "pip",
            "install",
            "--python",
            str(python),
            "-q",
            "--no-index",
            "--find-links",
            str(wheelhouse),
            "-e",
            str(project),
        ],
        tmp_path,
        offline_env,
    )
    result = run(
        [
            str(python),
            "-c",
            "import demo.sdk; [getattr(demo.sdk, n) for n in demo.sdk.__all__]; print(demo.sdk.__file__)",
        ],
        tmp_path,
        offline_env,
    )
    assert result.stdout.strip() == str(project / "src" / "demo" / "sdk" / "__init__.py")


FRONTENDS = {
    "pip wheel": [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", "{out}"],
    "python -m build": [sys.executable, "-m", "build", "--wheel", "-o", "{out}"],
    "uv build": [str(BIN / "uv"), "build", "--wheel", "--python", sys.executable, "-o", "{out}"],
    "hatch build": [str(BIN / "hatch"), "build", "-t", "wheel", "{out}"],
}
MISTAKES: dict[str, tuple[Mapping[str, object], str | None, str]] = {
    "config": (
        {"pakage": "omni_sdk"},
        "Omni",
        "pygen: error: pyproject.toml: tool.pygen.pakage: unknown key; did you mean tool.pygen.package?",
    ),
    "snapshot": (OMNI, None, "pygen: error: pygen-snapshot.json: invalid JSON at line 1, column 2"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("frontend", sorted(FRONTENDS))
def test_a_mistake_reads_as_one_error_line_in_every_frontend(
    frontend: str, mistake: str, offline_env: dict[str, str], wheelhouse: Path, tmp_path: Path
) -> None:
    table, model, expected = MISTAKES[mistake]
    project = make_project(tmp_path / "bad", model=model, pygen=table)
    if model is None:
        (project / "pygen-snapshot.json").write_text("{oops", encoding="utf-8")
    env = {**offline_env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse)}
    env.update(UV_NO_INDEX="1", UV_FIND_LINKS=str(wheelhouse))
    args = [arg.replace("{out}", str(tmp_path / "out")) for arg in FRONTENDS[frontend]]
    result = run(args, project, env, ok=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert [line.strip() for line in output.splitlines() if expected in line] == [
        next(line.strip() for line in output.splitlines() if expected in line)
    ]  # shown once, on one line
    assert "Traceback" not in output
    assert "pygen_core" not in output  # no frames of ours
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.whl"))


def test_refresh_during_the_build_never_leaks_the_secret(base_env: dict[str, str], tmp_path: Path) -> None:
    with Emulator(snapshots=[MODELS / "Omni.json"], client_secret=SECRET) as emu:
        env = {
            **base_env,
            "PYGEN_REFRESH": "1",
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": SECRET,
            "IDP_TOKEN_URL": emu.token_url,
        }
        project = make_project(tmp_path / "fresh", model=None, pygen=OMNI)
        wheel = pip_wheel(project, tmp_path / "wheel", env, "--no-build-isolation")
        sdist_run = run(
            [sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o", str(tmp_path / "sdist")],
            project,
            env,
        )
    assert "fetched from CDF" in wheel.log
    snapshot = (project / "pygen-snapshot.json").read_bytes()
    assert SECRET.encode() not in snapshot
    assert SECRET not in wheel.log
    assert SECRET not in sdist_run.stdout + sdist_run.stderr
    with zipfile.ZipFile(wheel.path) as archive:
        for name in archive.namelist():
            assert SECRET.encode() not in archive.read(name), name
    with tarfile.open(only(tmp_path / "sdist", "*.tar.gz")) as sdist:
        for member in sdist.getmembers():
            handle = sdist.extractfile(member)
            if handle is not None:
                assert SECRET.encode() not in handle.read(), member.name


def test_hatch_clean_removes_the_cache_not_the_snapshot(
    offline_env: dict[str, str], wheelhouse: Path, tmp_path: Path
) -> None:
    project = make_project(tmp_path / "clean", model="Pumps")
    (project / ".pygen" / "cache" / "pygen-cache-v1" / "entry").mkdir(parents=True)
    snapshot = (project / "pygen-snapshot.json").read_bytes()
    hatch = shutil.which("hatch", path=str(BIN)) or "hatch"
    env = {**offline_env, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse)}
    env.update(UV_NO_INDEX="1", UV_FIND_LINKS=str(wheelhouse))
    result = run([hatch, "clean"], project, env)
    assert not (project / ".pygen" / "cache").exists()
    assert (project / "pygen-snapshot.json").read_bytes() == snapshot
    output = result.stdout + result.stderr
    assert output.count("pygen: removed ") == 1, output  # once, though hatch calls every target's hook
    again = run([hatch, "clean"], project, env)
    assert "pygen:" not in again.stdout + again.stderr
