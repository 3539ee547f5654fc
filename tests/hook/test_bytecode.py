"""The per-user cache of compiled modules the hook imports: stored once, reused from any install path, never
stale, never trusted when damaged, and limited to the packages it names."""

from __future__ import annotations

import compileall
import hashlib
import importlib
import importlib.machinery
import importlib.util
import marshal
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from hatch_pygen import _bytecode
from hatch_pygen._bytecode import cached_code

PACKAGE = "pygen_bytecode_probe"
MODULE = (
    "def outer():\n"
    "    def inner():\n"
    "        raise RuntimeError('from inner')\n"
    "    return inner\n"
    "\n"
    "VALUE = 1\n"
)


@pytest.fixture(autouse=True)
def _isolated_imports(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    yield
    for name in [n for n in sys.modules if n.partition(".")[0] in (PACKAGE, "pygen_other_probe")]:
        del sys.modules[name]


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the caching loader compiled from source."""
    compiled: list[str] = []
    original = _bytecode._CachingLoader.source_to_code

    def counting(self: _bytecode._CachingLoader, data: bytes, path: str) -> object:
        compiled.append(os.path.basename(path))
        return original(self, data, path)

    monkeypatch.setattr(_bytecode._CachingLoader, "source_to_code", counting)
    return compiled


def install(site: Path, module: str = MODULE) -> Path:
    package = site / PACKAGE
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Probe."""\n', encoding="utf-8")
    (package / "mod.py").write_text(module, encoding="utf-8")
    return package


def load(site: Path, cache: Path, packages: tuple[str, ...] = (PACKAGE,)) -> ModuleType:
    """Import the probe from ``site`` (a fresh import) inside the cache's block."""
    for name in [n for n in sys.modules if n.partition(".")[0] == PACKAGE]:
        del sys.modules[name]
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        with cached_code(cache, packages):
            return importlib.import_module(f"{PACKAGE}.mod")
    finally:
        sys.path.remove(str(site))


def entry_name(source: str) -> str:
    return f"{hashlib.sha256(source.encode()).hexdigest()}.pyc"


def entries(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in cache.glob("*.pyc")} if cache.is_dir() else {}


def test_stored_once_then_loaded_from_another_install_path(tmp_path: Path, compiles: list[str]) -> None:
    cache = tmp_path / "cache"
    install(tmp_path / "env-1")
    first = load(tmp_path / "env-1", cache)
    assert sorted(compiles) == ["__init__.py", "mod.py"]
    stored = entries(cache)
    assert len(stored) == 2

    second_package = install(tmp_path / "env-2")
    second = load(tmp_path / "env-2", cache)
    assert sorted(compiles) == ["__init__.py", "mod.py"]  # nothing compiled again
    assert entries(cache) == stored
    assert not (second_package / "__pycache__").exists()
    # The code names the module it was loaded for, nested functions and tracebacks included.
    mod_path = str(second_package / "mod.py")
    assert getattr(second, "__file__", None) == mod_path
    inner = second.outer()
    assert second.outer.__code__.co_filename == inner.__code__.co_filename == mod_path
    with pytest.raises(RuntimeError) as info:
        inner()
    assert traceback.extract_tb(info.value.__traceback__)[-1].filename == mod_path
    assert first.outer.__code__.co_filename == str(tmp_path / "env-1" / PACKAGE / "mod.py")


def test_an_edited_module_is_compiled_again_not_served_stale(tmp_path: Path, compiles: list[str]) -> None:
    cache = tmp_path / "cache"
    install(tmp_path / "env-1")
    load(tmp_path / "env-1", cache)
    install(tmp_path / "env-2", MODULE.replace("VALUE = 1", "VALUE = 2"))
    edited = load(tmp_path / "env-2", cache)
    assert edited.VALUE == 2
    assert sorted(compiles) == ["__init__.py", "mod.py", "mod.py"]
    assert len(entries(cache)) == 3


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated"])
def test_a_damaged_entry_is_compiled_again_and_replaced(
    tmp_path: Path, compiles: list[str], damage: str
) -> None:
    cache = tmp_path / "cache"
    install(tmp_path / "env-1")
    load(tmp_path / "env-1", cache)
    good = entries(cache)
    for path in cache.glob("*.pyc"):
        damaged = {"empty": b"", "garbage": b"\x00garbage", "truncated": path.read_bytes()[:-7]}[damage]
        path.write_bytes(damaged)
    install(tmp_path / "env-2")
    module = load(tmp_path / "env-2", cache)
    assert module.VALUE == 1
    assert len(compiles) == 4
    assert entries(cache).keys() == good.keys()
    install(tmp_path / "env-3")  # the replaced entries serve the next import
    load(tmp_path / "env-3", cache)
    assert len(compiles) == 4


def test_an_entry_of_other_source_is_rejected(tmp_path: Path, compiles: list[str]) -> None:
    """An entry under a module's name whose header records another source is not trusted."""
    cache = tmp_path / "cache"
    install(tmp_path / "env-1")
    load(tmp_path / "env-1", cache)
    edited = MODULE.replace("VALUE = 1", "VALUE = 2")
    shutil.copyfile(cache / entry_name(MODULE), cache / entry_name(edited))
    compiles.clear()
    install(tmp_path / "env-2", edited)
    assert load(tmp_path / "env-2", cache).VALUE == 2
    assert compiles == ["mod.py"]


def test_nothing_is_stored_without_bytecode_writing(
    tmp_path: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    install(tmp_path / "env-1")
    assert load(tmp_path / "env-1", tmp_path / "cache").VALUE == 1
    assert len(compiles) == 2
    assert not (tmp_path / "cache").exists()


def test_installed_bytecode_is_used_as_python_would(tmp_path: Path, compiles: list[str]) -> None:
    package = install(tmp_path / "env-1")
    assert compileall.compile_dir(str(package), quiet=1)
    assert load(tmp_path / "env-1", tmp_path / "cache").VALUE == 1
    assert compiles == []
    assert not (tmp_path / "cache").exists()


def test_only_the_named_packages_and_only_inside_the_block(tmp_path: Path) -> None:
    install(tmp_path / "env-1")
    other = tmp_path / "env-1" / "pygen_other_probe"
    other.mkdir()
    (other / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path / "env-1"))
    importlib.invalidate_caches()
    try:
        before = list(sys.meta_path)
        with cached_code(tmp_path / "cache", (PACKAGE,)):
            probe = importlib.import_module(PACKAGE)
            other_module = importlib.import_module("pygen_other_probe")
        assert sys.meta_path == before
    finally:
        sys.path.remove(str(tmp_path / "env-1"))
    assert probe.__spec__ is not None
    assert other_module.__spec__ is not None
    assert type(probe.__spec__.loader) is _bytecode._CachingLoader
    assert type(other_module.__spec__.loader) is not _bytecode._CachingLoader
    assert len(entries(tmp_path / "cache")) == 1


def test_the_oldest_entries_are_pruned_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_bytecode, "MAX_FILES", 4)
    cache = tmp_path / "cache"
    cache.mkdir()
    for index in range(5):
        old = cache / f"{index:064x}.pyc"
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + index, 1_000_000 + index))
    install(tmp_path / "env-1")
    load(tmp_path / "env-1", cache)  # stores two: seven entries, over the limit of four
    remaining = {p.name for p in cache.glob("*.pyc")}
    assert remaining == {f"{4:064x}.pyc", entry_name(MODULE), entry_name('"""Probe."""\n')}


def test_a_cache_that_cannot_be_used_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x", encoding="utf-8")
    install(tmp_path / "env-1")
    module = load(tmp_path / "env-1", blocked / "cache")
    assert module.VALUE == 1
    assert module.__spec__ is not None
    assert type(module.__spec__.loader) is importlib.machinery.SourceFileLoader


def test_a_directory_that_cannot_be_written_only_costs_a_compile(
    tmp_path: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    install(tmp_path / "env-1")
    assert load(tmp_path / "env-1", tmp_path / "cache").VALUE == 1
    assert len(compiles) == 2
    assert entries(tmp_path / "cache") == {}


def test_the_cache_lives_under_the_per_user_cache_per_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path))
    directory = _bytecode.code_cache_dir()
    assert directory.parent == tmp_path
    assert directory.name == f"code-{sys.implementation.cache_tag}"


def test_finders_ahead_of_the_path_finder_keep_their_precedence(tmp_path: Path) -> None:
    """An editable install's finder (ahead of the path finder) still decides where a package comes from."""
    install(tmp_path / "on-path")
    editable = install(tmp_path / "editable", MODULE.replace("VALUE = 1", "VALUE = 3"))

    class EditableFinder:
        def find_spec(self, fullname: str, path: object, target: object = None) -> object:
            if fullname != PACKAGE:
                return None
            return importlib.util.spec_from_file_location(
                fullname, editable / "__init__.py", submodule_search_locations=[str(editable)]
            )

    finder = EditableFinder()
    sys.meta_path.insert(0, finder)  # type: ignore[arg-type]
    try:
        module = load(tmp_path / "on-path", tmp_path / "cache")
    finally:
        sys.meta_path.remove(finder)  # type: ignore[arg-type]
    assert module.VALUE == 3


def test_the_directory_is_created_private_to_the_user(tmp_path: Path) -> None:
    install(tmp_path / "env-1")
    load(tmp_path / "env-1", tmp_path / "cache")
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
def test_a_directory_others_may_write_is_not_used(tmp_path: Path) -> None:
    """Whoever may write the directory could plant code: an open, shared one is neither read nor written."""
    shared = tmp_path / "shared"
    shared.mkdir()
    # A well-formed entry for the module's source whose code is another's.
    header = (
        importlib.util.MAGIC_NUMBER + (3).to_bytes(4, "little") + importlib.util.source_hash(MODULE.encode())
    )
    planted = compile(MODULE.replace("VALUE = 1", "VALUE = 99"), "planted.py", "exec")
    (shared / entry_name(MODULE)).write_bytes(header + marshal.dumps(planted))
    shared.chmod(0o777)
    install(tmp_path / "env-1")
    assert load(tmp_path / "env-1", shared).VALUE == 1
    assert entries(shared).keys() == {entry_name(MODULE)}  # nothing written there either
    shared.chmod(0o755)  # the same directory, private again, is trusted
    install(tmp_path / "env-2")
    assert load(tmp_path / "env-2", shared).VALUE == 99
