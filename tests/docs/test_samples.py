"""Every code sample of the documentation runs (or is checked), so the docs cannot rot.

Per page, in order, in one namespace (as a reader would type them):

- Python blocks run against an emulator that serves the repository's ``WindTurbine`` and ``CogniteCore``
  models (``tests/data/models``), seeded with ``tests/docs/data/instances.json`` plus the time series and
  sequence the seed refers to; ``CDF_URL``, ``CDF_PROJECT`` and the ``IDP_*`` variables point at it, so
  ``from_env()`` in a sample connects there. The SDKs the pages import (``windfarm_sdk``, ``core_sdk``) are
  generated from the same models once per module. The working directory holds ``pygen-snapshot.json`` (the
  WindTurbine model) and ``instances.json``.
- TOML blocks are parsed and their ``[tool.pygen]`` validated by the hook's own loader (a cognite-pygen table
  must be recognised as one); JSON blocks parse, and a service request body passes the service's parser.
- Shell blocks: every ``pygen`` command is parsed by the CLI's argparse parser; after ``<!-- docs: run -->``
  the ``pygen`` commands run (in-process) and the ``pytest`` commands run in a subprocess, each must exit 0.
- ``<!-- docs: file NAME -->`` writes the block to ``NAME``; ``<!-- docs: skip REASON -->`` only compiles a
  Python block. Skips must stay rare.
- ``<!-- docs: before -->`` marks cognite-pygen code (the migration guide's "before"): it compiles, and
  ``pygen migrate code`` (with the snapshot, after the page's earlier "before" blocks) must report something
  to change in it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._models import model_path
from tests.docs._blocks import DOCS_DIR, Block, blocks, pages, shell_commands

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10, where tomli is a dependency
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

REPO = DOCS_DIR.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "instances.json"
PYTHON_LANGS = {"python", "py", "pycon"}
SHELL_LANGS = {"bash", "sh", "shell", "console"}
PYGEN_COMMANDS = {"pygen", "hatch-pygen"}
ENV_CLEARED = ("CDF_CLUSTER", "CDF_TOKEN", "IDP_TENANT_ID", "IDP_SCOPES", "LOGIN_FLOW", "IDP_DEVICE_CODE_URL")

# The SDKs the pages import: package -> (model file, client class, default instance space).
SDKS = {
    "windfarm_sdk": ("WindTurbine.json", "WindFarmClient", "windfarm"),
    "core_sdk": ("CogniteCore.json", "CoreClient", "windfarm"),
}

ALL_PAGES = [*pages(), REPO / "README.md"]


def _page_id(page: Path) -> str:
    return str(page.relative_to(REPO))


@pytest.fixture(scope="module")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The SDKs the pages use, generated from the repository's models and importable."""
    from pygen_core.codegen import GenerateOptions, generate, write_files
    from pygen_core.snapshot import read_snapshot

    root = tmp_path_factory.mktemp("docs-sdks")
    for package, (model, client, space) in SDKS.items():
        options = GenerateOptions(package=package, client_name=client, default_instance_space=space)
        write_files(generate(read_snapshot(model_path(model)), options), root)
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.split(".")[0] in SDKS]:
        del sys.modules[name]


def _add_resources(emulator: Any) -> None:
    """The classic time series and the sequence ``instances.json`` refers to, with some data."""
    base = 1767225600000  # 2026-01-01T00:00:00Z
    series = [
        {"externalId": f"metmast:{farm}:{name}", "name": f"{farm} {name}", "unit": unit}
        for farm in ("hornsea", "utsira")
        for name, unit in (("temperature", "degC"), ("wind-speed", "m/s"))
    ]
    emulator.resources.timeseries.create({"items": series})
    points = [
        {
            "externalId": item["externalId"],
            "datapoints": [
                {"timestamp": base + hour * 3_600_000, "value": 5.0 + hour % 7} for hour in range(48)
            ],
        }
        for item in series
    ]
    emulator.resources.datapoints.insert({"items": points})
    columns = [
        {"externalId": "wind_speed", "valueType": "DOUBLE"},
        {"externalId": "power", "valueType": "DOUBLE"},
    ]
    for farm in ("hornsea", "utsira"):
        xid = f"turbine:{farm}-01:power-curve"
        emulator.resources.sequences.create({"items": [{"externalId": xid, "columns": columns}]})
        rows = [{"rowNumber": n, "values": [float(n), min(n**3 * 10.0, 6000.0)]} for n in range(30)]
        emulator.resources.sequences.insert_rows(
            {"items": [{"externalId": xid, "columns": ["wind_speed", "power"], "rows": rows}]}
        )


@pytest.fixture
def page_env(sdk_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Any]]:
    """A working directory with the snapshot and seed, and a seeded emulator the environment points at."""
    from pygen_core.emulator import Emulator

    shutil.copyfile(model_path("WindTurbine.json"), tmp_path / "pygen-snapshot.json")
    shutil.copyfile(SEED, tmp_path / "instances.json")
    snapshots = [model_path("WindTurbine.json"), model_path("CogniteCore.json")]
    with Emulator(snapshots=snapshots, seed=SEED) as emulator:
        _add_resources(emulator)
        for name in ENV_CLEARED:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("CDF_URL", emulator.base_url)
        monkeypatch.setenv("CDF_PROJECT", emulator.project)
        monkeypatch.setenv("IDP_CLIENT_ID", emulator.client_id)
        monkeypatch.setenv("IDP_CLIENT_SECRET", emulator.client_secret)
        monkeypatch.setenv("IDP_TOKEN_URL", emulator.token_url)
        monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path / ".pygen-cache"))
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(sdk_dir), str(REPO)]))
        monkeypatch.chdir(tmp_path)
        yield tmp_path, emulator


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    # Leading newlines put the block's lines at their line numbers in the page, for tracebacks.
    code = compile("\n" * block.line + block.code, str(block.page), "exec")
    if block.marker == "skip":
        return
    try:
        exec(code, namespace)
    except Exception as exc:
        raise AssertionError(f"{block.where}: the sample raised {type(exc).__name__}: {exc}") from exc


def _check_before(block: Block, earlier: list[Block], workdir: Path) -> None:
    """Predecessor code: it compiles, and ``pygen migrate code`` finds something to change in it (exit 1).

    The page's earlier "before" blocks come first in the scanned file, as one script (so ``client`` is known
    to be an SDK client); only findings on the block's own lines count."""
    from pygen_core.cli._main import main

    compile(block.code, block.where, "exec")
    prefix = "".join(b.code for b in earlier)
    first_line = prefix.count("\n") + 1
    path = workdir / f"before_{block.line}.py"
    path.write_text(prefix + block.code, encoding="utf-8")
    argv = ["migrate", "code", str(path), "--snapshot", "pygen-snapshot.json"]
    argv += ["--package", "windfarm_sdk", "--client-name", "WindFarmClient"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(argv)
    lines = [
        int(m) for m in re.findall(rf"^{re.escape(str(path))}:(\d+):\d+: ", out.getvalue(), re.MULTILINE)
    ]
    own = [line for line in lines if line >= first_line]
    assert status == 1, f"{block.where}: pygen migrate code exited {status}:\n{out.getvalue()}"
    assert own, f"{block.where}: pygen migrate code finds nothing to change in it:\n{out.getvalue()}"


def _check_json(block: Block) -> None:
    """JSON parses; a service request body (``snapshot`` or ``cdf``, and ``options``) passes its parser."""
    try:
        data = json.loads(block.code)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"{block.where}: not valid JSON: {exc}") from None
    if isinstance(data, dict) and "options" in data:
        from pygen_core.service._schemas import GenerateRequest, parse_request

        parse_request(GenerateRequest, data)


def _check_toml(block: Block) -> None:
    from hatch_pygen._config import check_hook_table, load_config
    from pygen_core import PygenError
    from pygen_core.migrate import predecessor_keys

    try:
        data = tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as exc:
        raise AssertionError(f"{block.where}: not valid TOML: {exc}") from None
    tool = data.get("tool", {})
    hook = tool.get("hatch", {}).get("build", {}).get("hooks", {}).get("pygen")
    if hook is not None:
        check_hook_table(hook, "tool.hatch.build.hooks.pygen")
    if "pygen" not in tool:
        return
    table = tool["pygen"]
    if predecessor_keys(table):  # a cognite-pygen table (the "before" of the migration guide)
        with pytest.raises(PygenError, match="pygen migrate config"):
            load_config(table, source=block.where)
        return
    load_config(table, source=block.where)


def _check_shell(block: Block, workdir: Path) -> None:
    from pygen_core.cli._main import build_parser, main

    for argv in shell_commands(block.code):
        if argv[0] in PYGEN_COMMANDS:
            stderr = io.StringIO()
            try:
                with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                    build_parser().parse_args(argv[1:])
            except SystemExit as exc:
                if exc.code:
                    raise AssertionError(
                        f"{block.where}: {' '.join(argv)}: {stderr.getvalue().strip()}"
                    ) from None
        if block.marker != "run":
            continue
        if argv[0] in PYGEN_COMMANDS:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                status = main(argv[1:])
            assert status == 0, f"{block.where}: {' '.join(argv)} exited {status}:\n{out.getvalue()}"
        elif argv[0] == "pytest":
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *argv[1:]],
                cwd=workdir,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, f"{block.where}: {' '.join(argv)}:\n{done.stdout}\n{done.stderr}"


def _runs_pytest(page: Path) -> bool:
    """True when a block of the page runs ``pytest`` (a process: the page's test is then ``slow``)."""
    return any(
        block.marker == "run" and argv[0] == "pytest"
        for block in blocks(page)
        if block.lang in SHELL_LANGS
        for argv in shell_commands(block.code)
    )


@pytest.mark.parametrize(
    "page",
    [pytest.param(page, marks=[pytest.mark.slow] if _runs_pytest(page) else []) for page in ALL_PAGES],
    ids=_page_id,
)
def test_page_samples(page: Path, page_env: tuple[Path, Any]) -> None:
    """The page's blocks in order: Python runs, TOML validates, shell commands parse (and run when marked)."""
    workdir, _ = page_env
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    before: list[Block] = []
    for block in blocks(page):
        if block.marker == "file":
            target = workdir / block.argument
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")
        if block.lang == "toml":
            _check_toml(block)
        elif block.lang == "json":
            _check_json(block)
        elif block.lang in PYTHON_LANGS and block.marker == "before":
            _check_before(block, before, workdir)
            before.append(block)
        elif block.lang in PYTHON_LANGS and block.marker != "file":
            _run_python(block, namespace)
        elif block.lang in SHELL_LANGS:
            _check_shell(block, workdir)


def _all_blocks() -> list[Block]:
    return [block for page in ALL_PAGES for block in blocks(page)]


def test_samples_are_found_and_skips_are_rare() -> None:
    """The extraction sees the samples, every skip gives its reason, at most 1 in 20 Python blocks skips."""
    python = [b for b in _all_blocks() if b.lang in PYTHON_LANGS and b.marker not in ("file", "before")]
    skipped = [b for b in python if b.marker == "skip"]
    assert len(python) >= 40, f"only {len(python)} Python samples found: is the extraction broken?"
    assert all(b.argument for b in skipped), [b.where for b in skipped if not b.argument]
    assert len(skipped) * 20 <= len(python), f"too many skipped samples: {[b.where for b in skipped]}"


def test_markers_are_known_and_placed() -> None:
    """A marker in a page always governs a block: no typo or stray marker silently does nothing."""
    for page in ALL_PAGES:
        text = page.read_text(encoding="utf-8")
        markers = text.count("<!-- docs:")
        governed = sum(1 for block in blocks(page) if block.marker is not None)
        assert markers == governed, (
            f"{_page_id(page)}: {markers} docs markers, {governed} before a code block"
        )
        for block in blocks(page):
            if block.marker == "run":
                assert block.lang in SHELL_LANGS, f"{block.where}: 'run' is for shell blocks"
            if block.marker == "file":
                assert block.argument, f"{block.where}: 'file' needs a file name"
            if block.marker == "before":
                assert block.lang in PYTHON_LANGS, f"{block.where}: 'before' is for Python blocks"


def test_blocks_name_their_language() -> None:
    """Every block says its language, so none escapes the checks above by being unlabelled."""
    unlabelled = [b.where for b in _all_blocks() if not b.lang]
    assert not unlabelled, unlabelled
