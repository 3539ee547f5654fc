"""Real hatchling builds in this process (the hook is found through its entry point): fast, no frontends."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from ._util import PUMPS_ID, build, make_project, sha256, tree, wheel_names


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_wheel_holds_the_hand_written_package_and_the_sdk(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    before = tree(root)
    wheel = build(root, out=tmp_path / "dist")
    names = wheel_names(wheel)
    assert "demo/__init__.py" in names
    assert "pumps_sdk/__init__.py" in names
    assert "pumps_sdk/py.typed" in names
    assert "pumps_sdk/_runtime/__init__.py" in names
    assert not [n for n in names if n.startswith(("pygen", ".pygen", "src/"))]
    assert len(names) == len(set(names))
    # The tree is untouched except for pygen's (gitignored) cache.
    assert {k: v for k, v in tree(root).items() if not k.startswith(".pygen/")} == before


def test_a_relative_project_root_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hatchling resolves force_include paths against the root: the hook hands it absolute ones."""
    make_project(tmp_path / "p")
    monkeypatch.chdir(tmp_path)
    wheel = build(Path("p"), out=tmp_path / "dist")
    assert "pumps_sdk/__init__.py" in wheel_names(wheel)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    first = build(root, out=tmp_path / "one")
    second = build(root, out=tmp_path / "two")  # from the cache this time
    assert sha256(first) == sha256(second)


def test_cached_and_rendered_builds_are_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path / "cache-a"))
    rendered = build(root, out=tmp_path / "a")
    cached = build(root, out=tmp_path / "b")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path / "cache-c"))
    rendered_again = build(root, out=tmp_path / "c")
    assert sha256(rendered) == sha256(cached) == sha256(rendered_again)


def test_sdist_embeds_a_gitignored_snapshot_and_builds_the_same_wheel_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", gitignore=".pygen/\npygen-snapshot.json\n")
    wheel_from_tree = build(root, out=tmp_path / "tree")
    sdist = build(root, target="sdist", out=tmp_path / "sdist")
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
        archive.extractall(tmp_path / "unpacked", filter="data")
    assert "demo_client-1.0.0/pygen-snapshot.json" in members
    assert members.count("demo_client-1.0.0/pygen-snapshot.json") == 1
    assert not [m for m in members if "/.pygen/" in m or m.endswith("/pumps_sdk/__init__.py")]
    monkeypatch.setenv("PYGEN_OFFLINE", "1")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path / "fresh-cache"))
    wheel_from_sdist = build(tmp_path / "unpacked" / "demo_client-1.0.0", out=tmp_path / "from-sdist")
    assert sha256(wheel_from_sdist) == sha256(wheel_from_tree)


def test_collision_stops_the_real_build_with_pygens_message(tmp_path: Path) -> None:
    from pygen_core import PygenError

    root = make_project(tmp_path / "p", packages=["src/demo", "src/pumps_sdk"])
    (root / "src" / "pumps_sdk").mkdir()
    (root / "src" / "pumps_sdk" / "__init__.py").write_text("", encoding="utf-8")
    with pytest.raises(PygenError, match="the project tree has files where the generated SDK goes"):
        build(root, out=tmp_path / "dist")
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_sdk_only_project(tmp_path: Path) -> None:
    # No hand-written package at all: hatchling ships just the force-included SDK.
    root = make_project(tmp_path / "p", name="acme-distribution", packages=[])
    (root / "src" / "demo" / "__init__.py").unlink()
    names = wheel_names(build(root, out=tmp_path / "dist"))
    assert "pumps_sdk/__init__.py" in names
    assert not [n for n in names if n.startswith("demo/")]


def test_subpackage_of_a_hand_written_package(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", pygen={"package": "demo.sdk", "data-models": [PUMPS_ID]}, gitignore="/src/demo/sdk/\n"
    )
    names = wheel_names(build(root, out=tmp_path / "dist"))
    assert "demo/__init__.py" in names
    assert "demo/sdk/__init__.py" in names
    assert "demo/sdk/_runtime/__init__.py" in names


def test_hooks_only_run_leaves_no_temp_dir_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    root = make_project(tmp_path / "p")
    monkeypatch.setenv("HATCH_BUILD_HOOKS_ONLY", "1")
    from hatchling.builders.wheel import WheelBuilder

    list(WheelBuilder(str(root)).build(directory=str(tmp_path / "dist"), versions=["standard"]))
    gc.collect()  # finalize() is skipped with --hooks-only: the weakref finalizer cleans up
    assert [p.name for p in (tmp_path / "tmp").iterdir() if p.name.startswith("pygen-build-")] == []


def test_wheel_only_hook_and_a_gitignored_snapshot_fail_clearly_from_the_sdist(tmp_path: Path) -> None:
    from pygen_core import PygenError

    root = make_project(tmp_path / "p", wheel_hook_table={}, gitignore=".pygen/\npygen-snapshot.json\n")
    sdist = build(root, target="sdist", out=tmp_path / "sdist")
    with tarfile.open(sdist) as archive:
        assert "demo_client-1.0.0/pygen-snapshot.json" not in archive.getnames()
        archive.extractall(tmp_path / "unpacked", filter="data")
    with pytest.raises(
        PygenError, match=r"pygen-snapshot.json: not in this sdist.*\[tool.hatch.build.hooks.pygen\]"
    ):
        build(tmp_path / "unpacked" / "demo_client-1.0.0", out=tmp_path / "wheel")


def test_wheel_only_hook_with_a_tracked_snapshot_builds_from_the_sdist(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", wheel_hook_table={})
    sdist = build(root, target="sdist", out=tmp_path / "sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    wheel = build(tmp_path / "unpacked" / "demo_client-1.0.0", out=tmp_path / "wheel")
    assert "pumps_sdk/__init__.py" in wheel_names(wheel)
