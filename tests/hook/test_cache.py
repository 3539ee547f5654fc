"""The content-addressed generation cache."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from hatch_pygen._cache import CacheEntry, GenerationCache, cache_key, generator_fingerprint
from hatch_pygen._config import load_config
from hatch_pygen._generation import generate_options


def entry() -> CacheEntry:
    files = {PurePosixPath("acme/__init__.py"): "x = 1\n", PurePosixPath("acme/sub/m.py"): "ü = '\\n'\n"}
    return CacheEntry(files=files, info={"views": 3, "warnings": ["W1"]})


def test_key_depends_on_each_input() -> None:
    base = cache_key("sha256:a", "1.0", {"package": "x"})
    assert base == cache_key("sha256:a", "1.0", {"package": "x"})
    assert len({base, cache_key("sha256:b", "1.0", {"package": "x"})}) == 2
    assert len({base, cache_key("sha256:a", "1.1", {"package": "x"})}) == 2
    assert len({base, cache_key("sha256:a", "1.0", {"package": "y"})}) == 2


def test_normalised_options_ignore_order_and_non_generation_keys() -> None:
    one = load_config({"package": "a", "exclude-views": ["B", "A"], "names": {"y": "Y", "x": "X"}})
    two = load_config(
        {"package": "a", "exclude-views": ["A", "B"], "names": {"x": "X", "y": "Y"}, "editable": "live"}
    )
    assert generate_options(one).canonical() == generate_options(two).canonical()
    three = load_config({"package": "a", "strict": True})
    assert generate_options(three).canonical() != generate_options(load_config({"package": "a"})).canonical()


def test_fingerprint_carries_the_version_and_is_stable() -> None:
    import pygen_core

    assert generator_fingerprint().startswith(pygen_core.__version__ + "+")
    assert generator_fingerprint() == generator_fingerprint()


def test_round_trip(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path / "c")
    assert cache.get("k" * 64) is None
    cache.put("k" * 64, entry())
    got = cache.get("k" * 64)
    assert got == entry()


def test_tampered_file_is_a_miss(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    cache.put("k", entry())
    (cache.entry_dir("k") / "files" / "acme" / "__init__.py").write_text("x = 2\n", encoding="utf-8")
    assert cache.get("k") is None
    cache.put("k", entry())  # a damaged entry is replaced
    assert cache.get("k") == entry()


def test_missing_file_or_manifest_is_a_miss(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    cache.put("k", entry())
    (cache.entry_dir("k") / "files" / "acme" / "sub" / "m.py").unlink()
    assert cache.get("k") is None
    cache.put("j", entry())
    (cache.entry_dir("j") / "entry.json").write_text("{not json", encoding="utf-8")
    assert cache.get("j") is None
    (cache.entry_dir("j") / "entry.json").write_text(json.dumps({"files": {}, "info": []}), encoding="utf-8")
    assert cache.get("j") is None


def test_no_staging_directories_are_left(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path)
    cache.put("k", entry())
    cache.put("k", entry())
    assert sorted(p.name for p in (cache.root / "entries").iterdir()) == ["k"]


def test_clear_removes_only_pygens_layout(tmp_path: Path) -> None:
    (tmp_path / "someone_elses.txt").write_text("keep", encoding="utf-8")
    cache = GenerationCache(tmp_path)
    cache.put("k", entry())
    assert cache.clear() is True
    assert not cache.root.exists()
    assert (tmp_path / "someone_elses.txt").read_text(encoding="utf-8") == "keep"
    assert cache.clear() is False


def test_clear_removes_an_emptied_cache_directory(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path / ".pygen" / "cache")
    cache.put("k", entry())
    cache.clear()
    assert not (tmp_path / ".pygen" / "cache").exists()


def test_sources_digest_follows_edits_and_ignores_bytecode(tmp_path: Path) -> None:
    import os

    from hatch_pygen._cache import sources_digest

    (tmp_path / "codegen" / "templates").mkdir(parents=True)
    source = tmp_path / "codegen" / "templates" / "view.py.jinja"
    source.write_text("{{ name }}\n", encoding="utf-8")
    (tmp_path / "other.py").write_text("x = 1\n", encoding="utf-8")
    first = sources_digest(str(tmp_path), ("codegen",))
    assert sources_digest(str(tmp_path), ("codegen",)) == first
    (tmp_path / "other.py").write_text("x = 2\n", encoding="utf-8")  # outside the listed parts
    (tmp_path / "codegen" / "__pycache__").mkdir()
    (tmp_path / "codegen" / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert sources_digest(str(tmp_path), ("codegen",)) == first
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert sources_digest(str(tmp_path), ("codegen",)) == first  # a fresh install: new mtimes, same bytes
    source.write_text("{{ nome }}\n", encoding="utf-8")  # same size, other bytes
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = sources_digest(str(tmp_path), ("codegen",))
    assert second != first
    (tmp_path / "codegen" / "new.py").write_text("", encoding="utf-8")
    assert sources_digest(str(tmp_path), ("codegen",)) not in (first, second)
