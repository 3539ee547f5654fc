"""The hook object driven directly (constructed as hatchling does), without building an archive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hatch_pygen import PygenBuildHook
from hatch_pygen._cache import LAYOUT
from pygen_core import PygenError

from ._util import (
    OMNI_ID,
    PUMPS_ID,
    RecordingApp,
    make_hook,
    make_project,
    package_include,
    packed_tree,
    tree,
)


def initialize(
    root: Path, target: str = "wheel", version: str = "standard", app: RecordingApp | None = None
) -> tuple[PygenBuildHook, dict[str, Any]]:
    hook, build_data = make_hook(root, target, app)
    hook.initialize(version, build_data)
    return hook, build_data


def one_line_error(root: Path, target: str = "wheel", version: str = "standard") -> str:
    """The build's one-line error without its ``pygen: error: `` prefix (also its exit message)."""
    with pytest.raises(PygenError) as info:
        initialize(root, target, version)
    message = str(info.value)
    assert isinstance(info.value, SystemExit)
    assert info.value.code == message  # what a frontend shows, with exit status 1
    assert "\n" not in message
    assert message.startswith("pygen: error: ")
    return message.removeprefix("pygen: error: ")


def test_registered_under_the_name_pygen() -> None:
    from hatch_pygen import hooks

    assert PygenBuildHook.PLUGIN_NAME == "pygen"
    assert hooks.hatch_register_build_hook() is PygenBuildHook


def test_hatchling_finds_the_hook_through_its_entry_point() -> None:
    from hatchling.plugin.manager import PluginManager

    assert PluginManager().build_hook.get("pygen") is PygenBuildHook


def test_dependencies_are_cheap_and_empty(tmp_path: Path) -> None:
    # hatchling calls dependencies() with directory="" while only asking for build requirements.
    root = make_project(tmp_path / "p", pygen={"pakage": "typo"})
    hook, _ = make_hook(root)
    assert hook.dependencies() == []


def test_other_targets_are_ignored(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"pakage": "typo"})
    hook, build_data = make_hook(root)
    hook._BuildHookInterface__target_name = "custom"  # type: ignore[attr-defined]
    before = dict(build_data)
    hook.initialize("standard", build_data)
    assert build_data == before


def test_pygen_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p", pygen={"pakage": "typo"})
    monkeypatch.setenv("PYGEN_SKIP", "1")
    _, build_data = initialize(root, app=app)
    assert build_data["force_include"] == {}
    assert "PYGEN_SKIP" in app.text("warning")


def test_missing_tool_pygen(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={})
    assert "[tool.pygen] table is missing" in one_line_error(root)


def test_misspelled_key_fails_both_targets(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "pumps_sdk", "snapshots": "x.json"})
    for target in ("wheel", "sdist"):
        message = one_line_error(root, target)
        assert "tool.pygen.snapshots: unknown key; did you mean tool.pygen.snapshot?" in message


def test_hook_table_reserved_keys_are_accepted_and_unknown_ones_named(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", hook_table={"enable-by-default": True, "dependencies": [], "package": "x"}
    )
    message = one_line_error(root)
    assert message.startswith("tool.hatch.build.hooks.pygen.package: unknown option")


def test_target_hook_table_is_named_as_such(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", wheel_hook_table={"strict": True})
    message = one_line_error(root)
    assert message.startswith("tool.hatch.build.targets.wheel.hooks.pygen.strict: unknown option")


def test_runtime_dependencies_are_required(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", dependencies=("httpx",))
    for target in ("wheel", "sdist"):
        assert 'add "pydantic>=2.6"' in one_line_error(root, target)


def test_stale_files_at_the_package_path_are_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", packages=["src/demo", "src/pumps_sdk"])
    stale = root / "src" / "pumps_sdk"
    stale.mkdir()
    (stale / "__init__.py").write_text("", encoding="utf-8")
    (stale / "old_module.py").write_text("", encoding="utf-8")
    message = one_line_error(root)
    assert message.startswith("pumps_sdk/: the project tree has files where the generated SDK goes")
    assert "src/pumps_sdk/__init__.py" in message
    assert "src/pumps_sdk/old_module.py" in message


def test_stale_top_level_directory_picked_by_hatchling_heuristics(tmp_path: Path) -> None:
    # No explicit packages: hatchling ships the directory named like the project.
    root = make_project(tmp_path / "p", name="pumps-sdk", packages=[], pygen={"package": "pumps_sdk"})
    (root / "pumps_sdk").mkdir()
    (root / "pumps_sdk" / "__init__.py").write_text("", encoding="utf-8")
    assert "pumps_sdk/__init__.py" in one_line_error(root)


def test_ignored_stale_files_are_not_a_collision(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", packages=["src/demo", "src/pumps_sdk"], gitignore="/src/pumps_sdk/\n", model=None
    )
    (root / "src" / "pumps_sdk").mkdir()
    (root / "src" / "pumps_sdk" / "__init__.py").write_text("", encoding="utf-8")
    # The guard passes; the build then stops at the missing snapshot instead.
    assert "snapshot file not found" in one_line_error(root)


def test_missing_snapshot_without_credentials_is_one_actionable_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", model=None)
    message = one_line_error(root)
    assert message.startswith("pygen-snapshot.json: snapshot file not found")
    assert f"pygen snapshot pull --data-model {PUMPS_ID} -o pygen-snapshot.json" in message
    assert "CDF_PROJECT" in message


def test_missing_snapshot_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p", model=None)
    monkeypatch.setenv("PYGEN_OFFLINE", "1")
    monkeypatch.setenv("CDF_PROJECT", "p")
    assert "PYGEN_OFFLINE=1 forbids fetching" in one_line_error(root)


def test_incomplete_credentials_name_the_missing_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", model=None)
    monkeypatch.setenv("CDF_PROJECT", "p")
    monkeypatch.setenv("CDF_CLUSTER", "westeurope-1")
    message = one_line_error(root)
    assert "IDP_CLIENT_ID" in message
    assert not (root / "pygen-snapshot.json").exists()


def test_refresh_without_data_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "pumps_sdk"})
    monkeypatch.setenv("PYGEN_REFRESH", "1")
    assert one_line_error(root).startswith("tool.pygen.data-models: list the data models to fetch")


def test_sdist_without_embedded_snapshot(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", model=None)
    pkg_info = "Metadata-Version: 2.4\nName: demo-client\nVersion: 1.0.0\n"
    (root / "PKG-INFO").write_text(pkg_info, encoding="utf-8")
    assert "not in this sdist" in one_line_error(root)


def test_inplace_output_must_be_gitignored(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "demo.sdk"}, gitignore="")
    message = one_line_error(root, version="editable")
    assert message.startswith("tool.pygen.editable: 'inplace' writes the SDK to src/demo/sdk/")
    assert "'/src/demo/sdk/' to .gitignore" in message
    assert not (root / "src" / "demo" / "sdk").exists()


def test_subpackage_of_a_missing_parent(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "other.sdk"}, gitignore="sdk/\n")
    assert "subpackage of 'other'" in one_line_error(root, version="editable")


def test_clean_removes_caches_and_live_site_never_the_snapshot(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p")
    entry = root / ".pygen" / "cache" / LAYOUT / "entries" / "k"
    entry.mkdir(parents=True)
    (entry / "entry.json").write_text("{}", encoding="utf-8")
    (root / ".pygen" / "site" / "pumps_sdk").mkdir(parents=True)
    snapshot = (root / "pygen-snapshot.json").read_bytes()
    hook, _ = make_hook(root, app=app)
    hook.clean(["standard"])
    assert not (root / ".pygen" / "cache").exists()
    assert not (root / ".pygen" / "site").exists()
    assert (root / "pygen-snapshot.json").read_bytes() == snapshot
    assert "removed" in app.text("info")
    second, _ = make_hook(root, app=app)
    second.clean(["standard"])  # the next target's hook in the same `hatch clean`
    assert app.text("info").count("pygen:") == 1


def test_clean_honours_pygen_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    shared = tmp_path / "shared-cache"
    (shared / "pygen-cache-v1" / "k").mkdir(parents=True)
    (shared / "unrelated.txt").write_text("keep", encoding="utf-8")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(shared))
    hook, _ = make_hook(root)
    hook.clean(["standard"])
    assert not (shared / "pygen-cache-v1").exists()
    assert (shared / "unrelated.txt").exists()


# --- generating ---------------------------------------------------------------------------------------------


def test_standard_wheel_force_includes_the_cache_entry_and_leaves_the_tree_alone(
    tmp_path: Path, app: RecordingApp
) -> None:
    root = make_project(tmp_path / "p")
    before = tree(root)
    hook, build_data = initialize(root, app=app)
    generated, target = package_include(build_data)  # and the runtime's files from where they are installed
    assert target == "pumps_sdk"
    entries = root / ".pygen" / "cache" / LAYOUT / "entries"
    assert generated.parent.parent.parent == entries  # <entries>/<key>/files/pumps_sdk
    assert (generated / "__init__.py").is_file()
    assert (generated / "py.typed").is_file()
    assert not (generated / "_runtime").exists()  # no second copy of the runtime
    assert "_runtime/__init__.py" in packed_tree(build_data)
    after = {k: v for k, v in tree(root).items() if not k.startswith(".pygen/")}
    assert after == before
    info = app.text("info")
    assert "source: snapshot file pygen-snapshot.json (sha256:" in info
    assert PUMPS_ID in info
    assert "views," in info
    assert "(rendered)" in info
    hook.finalize("standard", build_data, str(root / "dist" / "x.whl"))
    assert (generated / "__init__.py").is_file()  # cache entries outlive the build


def test_without_a_writable_cache_the_sdk_goes_to_a_temp_dir_removed_at_finalize(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: RecordingApp
) -> None:
    root = make_project(tmp_path / "p")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(blocker))
    hook, build_data = initialize(root, app=app)
    generated, target = package_include(build_data)
    assert target == "pumps_sdk"
    assert not generated.is_relative_to(root)
    assert not generated.is_relative_to(blocker)
    assert (generated / "__init__.py").is_file()
    assert "(rendered)" in app.text("info")
    hook.finalize("standard", build_data, str(root / "dist" / "x.whl"))
    assert not generated.parent.exists()


def test_unchanged_rebuild_is_served_from_the_cache(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p")
    _hook_one, first = initialize(root)
    _hook_two, second = initialize(root, app=app)  # keep both hooks alive: their temp dirs die with them
    assert "(from the cache)" in app.text("info")
    assert packed_tree(first) == packed_tree(second)
    entries = list((root / ".pygen" / "cache" / LAYOUT / "entries").iterdir())
    assert len(entries) == 1


def test_changed_options_render_again(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    make_project(
        root, pygen={"package": "pumps_sdk", "data-models": [PUMPS_ID], "client-name": "PumpsClient"}
    )
    initialize(root, app=app)
    assert "(rendered)" in app.text("info")
    assert len(list((root / ".pygen" / "cache" / LAYOUT / "entries").iterdir())) == 2


def test_pygen_cache_dir_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path / "elsewhere"))
    initialize(root)
    assert len(list((tmp_path / "elsewhere" / LAYOUT / "entries").iterdir())) == 1
    assert not (root / ".pygen").exists()


def test_subpackage_goes_under_its_parent_in_the_wheel(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "demo.sdk"}, gitignore="/src/demo/sdk/\n")
    _, build_data = initialize(root)
    source, target = package_include(build_data)
    assert target == "demo/sdk"
    assert (source / "__init__.py").is_file()


def test_data_models_missing_from_the_snapshot(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "pumps_sdk", "data-models": ["a:B/1"]})
    message = one_line_error(root)
    assert message.startswith("tool.pygen.data-models: a:B/1 not in the snapshot file pygen-snapshot.json")
    assert PUMPS_ID in message
    assert "PYGEN_REFRESH=1" in message


def test_corrupt_snapshot_names_the_file(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "pygen-snapshot.json").write_text('{"views": [', encoding="utf-8")
    assert "pygen-snapshot.json" in one_line_error(root)


def test_sdist_force_includes_the_snapshot(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p", gitignore=".pygen/\npygen-snapshot.json\n")
    _, build_data = initialize(root, target="sdist", app=app)
    assert build_data["force_include"][str(root / "pygen-snapshot.json")] == "pygen-snapshot.json"
    assert "embedding pygen-snapshot.json" in app.text("info")


def test_sdist_warns_when_the_cache_would_be_packed(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p", gitignore="")
    (root / ".pygen" / "cache").mkdir(parents=True)
    initialize(root, target="sdist", app=app)
    assert ".pygen/" in app.text("warning")


def test_editable_copy_force_includes_and_says_it_is_static(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p")
    _, build_data = initialize(root, version="editable", app=app)
    assert package_include(build_data)[1] == "pumps_sdk"
    assert "static copy" in app.text("info")


def test_editable_live_generates_into_pygen_site_with_a_pth(tmp_path: Path) -> None:
    extra = '\n[tool.hatch.build.targets.wheel.force-include]\n"extra.txt" = "demo/extra.txt"\n'
    root = make_project(tmp_path / "p", pygen={"package": "pumps_sdk", "editable": "live"}, extra_toml=extra)
    (root / "extra.txt").write_text("user data", encoding="utf-8")
    _, build_data = initialize(root, version="editable")
    site = root / ".pygen" / "site"
    assert (site / "pumps_sdk" / "__init__.py").is_file()
    editable = build_data["force_include_editable"]
    assert editable[str(root / "extra.txt")] == "demo/extra.txt"  # the user's force-include survives
    (pth,) = [source for source, target in editable.items() if target == "_pygen_demo_client.pth"]
    assert Path(pth).read_text(encoding="utf-8") == f"{site.resolve()}\n"
    assert build_data["force_include"] == {}


def test_editable_inplace_writes_the_ignored_subpackage(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "demo.sdk"}, gitignore="/src/demo/sdk/\n")
    _, build_data = initialize(root, version="editable")
    assert (root / "src" / "demo" / "sdk" / "__init__.py").is_file()
    assert build_data["force_include"] == {}
    # A second editable install replaces pygen's own output rather than calling it a collision.
    initialize(root, version="editable")
    # And a standard build next to it ignores the (gitignored) in-place copy.
    _, standard = initialize(root)
    assert package_include(standard)[1] == "demo/sdk"


def test_inplace_never_replaces_hand_written_code(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "demo.sdk"}, gitignore="/src/demo/sdk/\n")
    mine = root / "src" / "demo" / "sdk"
    mine.mkdir()
    (mine / "__init__.py").write_text("# mine\n", encoding="utf-8")
    message = one_line_error(root, version="editable")
    assert "was not generated by pygen" in message
    assert (mine / "__init__.py").read_text(encoding="utf-8") == "# mine\n"


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    # Omni has a view that is not writable and one depending on it: the IR warns about them.
    root = make_project(
        tmp_path / "p", model="Omni", pygen={"package": "omni_sdk", "strict": True, "snapshot": "omni.json"}
    )
    message = one_line_error(root)
    assert message.startswith("generating omni_sdk from omni.json failed: ")
    assert "PYG" in message


def test_generated_cache_entries_are_json(tmp_path: Path) -> None:
    from hatch_pygen._cache import CacheEntry, GenerationCache

    cache = GenerationCache(tmp_path)
    cache.put("k", CacheEntry(files={}, info={"views": 1, "warnings": []}))
    assert json.loads((cache.entry_dir("k") / "entry.json").read_text(encoding="utf-8"))["info"]["views"] == 1


def test_ir_warnings_are_shown_on_renders_and_on_cache_hits(tmp_path: Path) -> None:
    # Omni has properties named like names the generated modules import: the IR renames them with a warning.
    root = make_project(tmp_path / "p", model="Omni", pygen={"package": "omni_sdk", "data-models": [OMNI_ID]})
    first, second = RecordingApp(), RecordingApp()
    _hook_one, _ = initialize(root, app=first)
    _hook_two, _ = initialize(root, app=second)
    assert "(from the cache)" in second.text("info")
    warnings = first.text("warning")
    assert warnings.startswith("pygen: PYG")
    assert " warning " in warnings.splitlines()[0]
    assert warnings == second.text("warning")


@pytest.mark.slow
def test_importing_the_hook_module_stays_cheap() -> None:
    # hatchling imports the plugin (and calls dependencies()) just to ask for build requirements.
    import subprocess
    import sys

    code = (
        "import sys, hatch_pygen.hooks; "
        "print(sorted(m for m in ('pydantic', 'jinja2', 'httpx', 'pygen_core.codegen', 'pygen_core.ir') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_cache_hit_does_not_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pygen_core.codegen

    root = make_project(tmp_path / "p")
    _hook_one, first = initialize(root)

    def must_not_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("generate() was called on a cache hit")

    monkeypatch.setattr(pygen_core.codegen, "generate", must_not_render)
    _hook_two, second = initialize(root)
    assert packed_tree(first) == packed_tree(second)


def test_temp_dir_is_removed_when_the_build_dies_before_finalize(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    root = make_project(tmp_path / "p")
    blocker = tmp_path / "blocker"
    blocker.write_text("no cache here", encoding="utf-8")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(blocker))  # no cache: the SDK goes to a temp dir
    hook, build_data = initialize(root)
    generated, _ = package_include(build_data)
    assert generated.is_dir()
    assert not generated.is_relative_to(root)
    del hook
    gc.collect()
    assert not generated.parent.exists()
