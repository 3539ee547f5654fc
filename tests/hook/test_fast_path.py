"""Cache hits keyed on the raw [tool.pygen] table and snapshot bytes; what still takes the full path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hatch_pygen._cache import LAYOUT, GenerationCache

from ._util import OMNI_ID, PUMPS_ID, RecordingApp, make_project, package_include, packed_tree, tree
from .test_hook_unit import initialize, one_line_error

REPO = Path(__file__).resolve().parents[2]


def entries(root: Path) -> list[Path]:
    return sorted((root / ".pygen" / "cache" / LAYOUT / "entries").iterdir())


def source_of(build_data: dict[str, object]) -> Path:
    """The package directory the build packs (its runtime comes from the installed files)."""
    return package_include(build_data)[0]


@pytest.mark.slow
def test_a_hit_imports_neither_the_generator_nor_pydantic(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", model="Omni", pygen={"package": "omni_sdk", "data-models": [OMNI_ID]})
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from tests.hook._util import RecordingApp, make_hook\n"
        "app = RecordingApp()\n"
        "hook, data = make_hook(Path(sys.argv[1]), app=app)\n"
        "hook.initialize('standard', data)\n"
        "heavy = ('pydantic', 'jinja2', 'pygen_core.dms._base', 'pygen_core.ir',"
        " 'pygen_core.codegen._generate', 'pygen_core.snapshot._model')\n"
        "print(json.dumps({'loaded': sorted(m for m in heavy if m in sys.modules), 'log': app.text()}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYGEN_")}

    def run() -> dict[str, Any]:
        result = subprocess.run(
            [sys.executable, "-c", code, str(root)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        parsed: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return parsed

    miss = run()
    assert "(rendered)" in miss["log"]
    hit = run()
    for _ in range(2):
        # Each process fingerprints the generator's sources afresh: an edit of pygen_core between two runs
        # (the checkout is shared) makes the next run a rightful miss, so try again.
        if "(from the cache)" in hit["log"]:
            break
        miss, hit = hit, run()
    assert "jinja2" in miss["loaded"]  # the probe can see the imports it is looking for
    assert "pydantic" not in miss["loaded"]  # a miss needs no pydantic either
    assert "(from the cache)" in hit["log"]
    assert hit["loaded"] == []
    # The hit reports the same source, data models and IR warnings as the render did.
    for kind in ("pygen: source:", "pygen: PYG"):
        assert [line for line in miss["log"].splitlines() if line.startswith(kind)] == [
            line for line in hit["log"].splitlines() if line.startswith(kind)
        ]


def test_a_hit_packs_the_cache_entry_itself(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _one, first = initialize(root)
    app = RecordingApp()
    hook, second = initialize(root, app=app)
    assert "(from the cache)" in app.text("info")
    assert source_of(first) == source_of(second)
    (entry,) = entries(root)
    assert source_of(second) == entry / "files" / "pumps_sdk"
    hook.finalize("standard", second, str(root / "dist" / "x.whl"))
    assert (entry / "files" / "pumps_sdk" / "__init__.py").is_file()


def test_a_misspelt_key_after_a_cached_build_is_still_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    make_project(root, pygen={"package": "pumps_sdk", "data-models": [PUMPS_ID], "data-model": [PUMPS_ID]})
    assert "tool.pygen.data-model: unknown key; did you mean tool.pygen.data-models?" in one_line_error(root)


def test_an_unknown_hook_option_after_a_cached_build_is_still_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    make_project(root, hook_table={"package": "pumps_sdk"})
    message = one_line_error(root)
    assert message.startswith("tool.hatch.build.hooks.pygen.package: unknown option")


def test_a_snapshot_removed_after_a_cached_build_is_still_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    (root / "pygen-snapshot.json").unlink()
    assert "pygen-snapshot.json: snapshot file not found" in one_line_error(root)


def test_changed_snapshot_bytes_are_a_miss(tmp_path: Path, app: RecordingApp) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    snapshot = root / "pygen-snapshot.json"
    snapshot.write_bytes(snapshot.read_bytes() + b"\n")
    initialize(root, app=app)
    assert "(rendered)" in app.text("info")
    assert len(entries(root)) == 2


def test_a_snapshot_that_no_longer_holds_a_listed_model_is_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    omni = make_project(tmp_path / "omni", model="Omni")
    (root / "pygen-snapshot.json").write_bytes((omni / "pygen-snapshot.json").read_bytes())
    message = one_line_error(root)
    assert message.startswith(f"tool.pygen.data-models: {PUMPS_ID} not in the snapshot file")


def test_a_table_change_that_keeps_the_output_reuses_the_entry(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    make_project(root, pygen={"data-models": [PUMPS_ID], "package": "pumps_sdk", "editable": "copy"})
    second = RecordingApp()
    initialize(root, app=second)  # the new table is validated, then finds the entry by its options
    assert "(from the cache)" in second.text("info")
    third = RecordingApp()
    initialize(root, app=third)
    assert "(from the cache)" in third.text("info")
    assert len(entries(root)) == 1


def test_a_damaged_entry_is_rendered_again_and_replaced(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _one, first = initialize(root)
    good = tree(source_of(first))
    (source_of(first) / "__init__.py").write_text("broken = True\n", encoding="utf-8")
    app = RecordingApp()
    _two, second = initialize(root, app=app)
    assert "(rendered)" in app.text("info")
    assert tree(source_of(second)) == good
    assert len(entries(root)) == 1


def test_a_stray_file_in_an_entry_makes_it_a_miss(tmp_path: Path) -> None:
    # A file the manifest does not list would be packed into the wheel: the entry is not used.
    root = make_project(tmp_path / "p")
    _one, first = initialize(root)
    good = tree(source_of(first))
    (source_of(first) / "stray.py").write_text("import os\n", encoding="utf-8")
    app = RecordingApp()
    _two, second = initialize(root, app=app)
    assert "(rendered)" in app.text("info")
    assert tree(source_of(second)) == good


def test_a_hit_still_guards_against_collisions(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", packages=["src/demo", "src/pumps_sdk"])
    (root / "src" / "pumps_sdk").mkdir(parents=True)
    initialize(root)  # nothing collides yet: the directory is empty
    (root / "src" / "pumps_sdk" / "__init__.py").write_text("# stale\n", encoding="utf-8")
    message = one_line_error(root)
    assert message.startswith("pumps_sdk/: the project tree has files where the generated SDK goes")


def test_editable_live_after_a_cached_build_writes_the_cached_files(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", pygen={"package": "pumps_sdk", "editable": "live"})
    _one, first = initialize(root)
    app = RecordingApp()
    initialize(root, version="editable", app=app)
    assert "(from the cache)" in app.text("info")
    assert tree(root / ".pygen" / "site" / "pumps_sdk") == packed_tree(first)


def test_put_never_rewrites_a_valid_entry(tmp_path: Path) -> None:
    from pathlib import PurePosixPath

    from hatch_pygen._cache import CacheEntry

    cache = GenerationCache(tmp_path)
    entry = CacheEntry(files={PurePosixPath("a/__init__.py"): "x = 1\n"}, info={"views": 1})
    stored = cache.put("k" * 64, entry)
    inode = (stored.directory / "a" / "__init__.py").stat().st_ino
    other = CacheEntry(files={PurePosixPath("a/__init__.py"): "x = 2\n"}, info={})
    again = cache.put("k" * 64, other)
    assert again.directory == stored.directory
    # Also when the caller's lookup missed and a concurrent build stored the entry in the meantime.
    raced = cache.put("k" * 64, other, checked=True)
    assert raced.directory == stored.directory
    assert (stored.directory / "a" / "__init__.py").stat().st_ino == inode
    assert (stored.directory / "a" / "__init__.py").read_text(encoding="utf-8") == "x = 1\n"


def test_table_links_are_validated(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    assert cache.find("t" * 64) is None
    cache.link("t" * 64, "a" * 64)
    assert cache.find("t" * 64) == "a" * 64
    (cache.root / "tables" / ("t" * 64)).write_text("../../etc", encoding="ascii")
    assert cache.find("t" * 64) is None


def test_a_table_that_is_not_plain_json_has_no_table_key() -> None:
    import datetime

    from hatch_pygen._cache import table_key

    assert table_key({"package": "a"}, "sha256:x", "g") == table_key({"package": "a"}, "sha256:x", "g")
    assert table_key({"package": "a"}, "sha256:x", "g") != table_key({"package": "b"}, "sha256:x", "g")
    assert table_key({"package": "a"}, "sha256:y", "g") != table_key({"package": "a"}, "sha256:x", "g")
    assert table_key({"package": "a"}, "sha256:x", "h") != table_key({"package": "a"}, "sha256:x", "g")
    assert table_key({"when": datetime.date(2024, 1, 1)}, "sha256:x", "g") is None


@pytest.mark.parametrize("value", ["1", "yes"])
def test_refresh_takes_the_full_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    root = make_project(tmp_path / "p")
    initialize(root)
    monkeypatch.setenv("PYGEN_REFRESH", value)
    # A refresh needs CDF: without credentials it fails in the fetch, which a cache hit would have skipped.
    message = one_line_error(root)
    assert message.startswith(f"pulling {PUMPS_ID} from CDF failed: missing environment variable(s)")


@pytest.mark.parametrize("damage", ["missing file", "not a mapping"])
def test_an_entry_naming_a_runtime_file_that_is_not_installed_is_a_miss(tmp_path: Path, damage: str) -> None:
    # Entries hold no copy of the runtime: they list its files, which the build packs as installed.
    root = make_project(tmp_path / "p")
    _one, first = initialize(root)
    (entry,) = entries(root)
    assert not (entry / "files" / "pumps_sdk" / "_runtime").exists()
    manifest = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
    listed = manifest["info"]["runtime"]
    assert listed["pumps_sdk/_runtime/__init__.py"] == "__init__.py"
    if damage == "missing file":
        listed["pumps_sdk/_runtime/_gone.py"] = "_gone.py"
    else:
        manifest["info"]["runtime"] = sorted(listed)
    (entry / "entry.json").write_text(json.dumps(manifest), encoding="utf-8")
    app = RecordingApp()
    _two, second = initialize(root, app=app)
    assert "(rendered)" in app.text("info")
    assert packed_tree(second) == packed_tree(first)
    third = RecordingApp()
    initialize(root, app=third)  # the damaged entry was replaced, not kept beside a new one
    assert "(from the cache)" in third.text("info")
    assert len(entries(root)) == 1
