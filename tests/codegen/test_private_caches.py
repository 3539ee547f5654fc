"""Caches that hold code pygen runs (compiled templates, the hook's compiled modules) are private to the user:
created 0700, and not used when others may write them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pygen_core._files import make_private_dir, private_cache_dir
from pygen_core.codegen._templates import bytecode_cache

posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")


@posix_only
def test_a_missing_directory_is_created_private(tmp_path: Path) -> None:
    directory = tmp_path / "parent" / "cache"
    assert private_cache_dir(directory, create=True)
    assert directory.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "parent").is_dir()


def test_a_missing_directory_counts_as_private_until_created(tmp_path: Path) -> None:
    assert private_cache_dir(tmp_path / "later", create=False)
    assert not (tmp_path / "later").exists()
    make_private_dir(tmp_path / "later")
    make_private_dir(tmp_path / "later")  # an existing one is left as it is
    assert private_cache_dir(tmp_path / "later", create=False)


@posix_only
@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_directory_others_may_write_is_not_private(tmp_path: Path, mode: int) -> None:
    directory = tmp_path / "shared"
    directory.mkdir()
    directory.chmod(mode)
    assert not private_cache_dir(directory, create=True)
    directory.chmod(0o755)  # readable by others is fine: only writing plants code
    assert private_cache_dir(directory, create=True)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="root gives a directory away")
def test_a_directory_of_another_user_is_not_private(tmp_path: Path) -> None:
    directory = tmp_path / "theirs"
    directory.mkdir(mode=0o700)
    os.chown(directory, 65534, 65534)
    assert not private_cache_dir(directory, create=True)


def test_a_path_that_cannot_be_a_directory_is_not_used(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    assert not private_cache_dir(blocked / "cache", create=True)
    assert not private_cache_dir(blocked / "cache", create=False)


@posix_only
def test_compiled_templates_are_not_kept_in_a_shared_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path))
    cache = bytecode_cache.__wrapped__()
    assert cache is not None
    (templates,) = tmp_path.glob("templates-*")
    assert templates.stat().st_mode & 0o777 == 0o700
    templates.chmod(0o777)
    assert bytecode_cache.__wrapped__() is None  # templates then compile in each process
