"""Schema source resolution against the local emulator: fetch, refresh, sdist and offline never touch it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hatch_pygen._config import BuildEnv, load_config
from hatch_pygen._source import ResolvedSource, resolve_source
from pygen_core import PygenError
from pygen_core.emulator import Emulator
from pygen_core.snapshot import load_snapshot

from ._util import MODELS, PUMPS_ID, make_project

SECRET = "s3cret-value-never-to-be-seen"


def cdf_environ(emu: Emulator, secret: str | None = None) -> dict[str, str]:
    return {
        "CDF_URL": emu.base_url,
        "CDF_PROJECT": emu.project,
        "IDP_CLIENT_ID": emu.client_id,
        "IDP_CLIENT_SECRET": secret or emu.client_secret,
        "IDP_TOKEN_URL": emu.token_url,
    }


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[MODELS / "Pumps.json"], client_secret=SECRET) as emu:
        yield emu


@pytest.fixture(scope="module")
def trap() -> Iterator[Emulator]:
    """An emulator that answers every request (token endpoint included) with a logged 503."""
    with Emulator(snapshots=[MODELS / "Pumps.json"]) as emu:
        emu.faults.inject("503", count=10**9)
        emu.faults.inject("503", path="/oauth2/token", count=10**9)
        yield emu


def resolve(root: Path, environ: dict[str, str]) -> ResolvedSource:
    config = load_config({"package": "pumps_sdk", "data-models": [PUMPS_ID]})
    return resolve_source(root, config, BuildEnv.from_environ(environ, root), environ)


def test_missing_snapshot_is_fetched_and_written(tmp_path: Path, emulator: Emulator) -> None:
    root = make_project(tmp_path / "p", model=None)
    source = resolve(root, cdf_environ(emulator))
    assert source.fetched is True
    assert "was missing" in source.origin
    written = load_snapshot(root / "pygen-snapshot.json")
    assert [f"{m.space}:{m.external_id}/{m.version}" for m in written.data_models] == [PUMPS_ID]
    assert written.content_hash == source.snapshot.content_hash
    assert SECRET not in (root / "pygen-snapshot.json").read_text(encoding="utf-8")


def test_refresh_rewrites_the_snapshot(tmp_path: Path, emulator: Emulator) -> None:
    root = make_project(tmp_path / "p", model="OmniSub")
    environ = {**cdf_environ(emulator), "PYGEN_REFRESH": "1"}
    source = resolve(root, environ)
    assert source.origin == "fetched from CDF (PYGEN_REFRESH=1)"
    written = load_snapshot(root / "pygen-snapshot.json")
    assert [m.external_id for m in written.data_models] == ["Pumps"]


def test_two_fetches_give_identical_bytes(tmp_path: Path, emulator: Emulator) -> None:
    environ = {**cdf_environ(emulator), "PYGEN_REFRESH": "1"}
    one = make_project(tmp_path / "one")
    two = make_project(tmp_path / "two")
    resolve(one, environ)
    resolve(two, environ)
    assert (one / "pygen-snapshot.json").read_bytes() == (two / "pygen-snapshot.json").read_bytes()


def test_failed_fetch_is_one_line_without_the_secret_and_keeps_the_file(
    tmp_path: Path, emulator: Emulator
) -> None:
    root = make_project(tmp_path / "p")
    before = (root / "pygen-snapshot.json").read_bytes()
    wrong = "wrong-" + SECRET
    environ = {**cdf_environ(emulator, secret=wrong), "PYGEN_REFRESH": "1"}
    with pytest.raises(PygenError) as info:
        resolve(root, environ)
    message = str(info.value)
    assert message.startswith(f"pulling {PUMPS_ID} from CDF failed:")
    assert "\n" not in message
    assert wrong not in message
    assert SECRET not in message
    assert (root / "pygen-snapshot.json").read_bytes() == before


def test_unknown_data_model_fails_the_fetch(tmp_path: Path, emulator: Emulator) -> None:
    root = make_project(tmp_path / "p", model=None)
    config = load_config({"package": "x", "data-models": ["nowhere:Nothing/1"]})
    environ = cdf_environ(emulator)
    with pytest.raises(PygenError, match="nowhere:Nothing/1"):
        resolve_source(root, config, BuildEnv(), environ)
    assert not (root / "pygen-snapshot.json").exists()


def test_sdist_uses_the_embedded_snapshot_even_when_asked_to_refresh(tmp_path: Path, trap: Emulator) -> None:
    root = make_project(tmp_path / "p")
    (root / "PKG-INFO").write_text("Metadata-Version: 2.4\nName: demo-client\n", encoding="utf-8")
    before = (root / "pygen-snapshot.json").read_bytes()
    source = resolve(root, {**cdf_environ(trap), "PYGEN_REFRESH": "1"})
    assert source.origin == "snapshot embedded in the sdist"
    assert (root / "pygen-snapshot.json").read_bytes() == before
    assert trap.faults.count() == 0


def test_offline_with_a_snapshot_never_touches_the_network(tmp_path: Path, trap: Emulator) -> None:
    root = make_project(tmp_path / "p")
    source = resolve(root, {**cdf_environ(trap), "PYGEN_OFFLINE": "1"})
    assert source.origin == "snapshot file"
    assert trap.faults.count() == 0


@pytest.mark.slow  # waits for a fetch to time out
def test_the_trap_does_record_a_fetch(tmp_path: Path, trap: Emulator) -> None:
    # Proves the zero counts above are meaningful: a real fetch attempt is seen (and fails).
    root = make_project(tmp_path / "p", model=None)
    before = trap.faults.count()
    environ = {**cdf_environ(trap)}
    with pytest.raises(PygenError):
        resolve_source(
            root,
            load_config({"package": "x", "data-models": [PUMPS_ID]}),
            BuildEnv(),
            environ,
        )
    assert trap.faults.count() > before


def test_refresh_fetches_once_per_process(
    tmp_path: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pygen_core.snapshot as snapshot_module

    calls: list[Path] = []
    real_pull = snapshot_module.pull_snapshot_file

    def counting_pull(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return real_pull(*args, **kwargs)

    monkeypatch.setattr(snapshot_module, "pull_snapshot_file", counting_pull)
    root = make_project(tmp_path / "p")
    environ = {**cdf_environ(emulator), "PYGEN_REFRESH": "1"}
    first = resolve(root, environ)  # e.g. the sdist hook of `hatch build`
    second = resolve(root, environ)  # then its wheel hook
    assert len(calls) == 1
    assert second.origin == "fetched from CDF earlier in this build"
    assert second.snapshot.content_hash == first.snapshot.content_hash
    # A file changed in between (by hand, or another tool) is fetched again.
    (root / "pygen-snapshot.json").write_bytes((MODELS / "Pumps.json").read_bytes())
    resolve(root, environ)
    assert len(calls) == 2
