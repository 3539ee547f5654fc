"""Runtime-dependency check and the collision guard's path logic."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from hatch_pygen._checks import check_runtime_dependencies, collision_error, find_collisions
from pygen_core import PygenError


@pytest.mark.parametrize(
    "dependencies",
    [
        ["httpx>=0.27", "pydantic>=2.6"],
        ["HTTPX>=0.28", "Pydantic[email]>=2.7,<3", "requests"],
        ["httpx>=0.27 ; python_version >= '3.10'", "pydantic~=2.8"],
        ["httpx==0.28.1", "pydantic>2.6,!=2.7.0"],
        ["httpx>=0.27,<1", "pydantic==2.*,>=2.6"],
    ],
)
def test_covered_dependencies_pass(dependencies: list[str]) -> None:
    check_runtime_dependencies(dependencies)


def test_missing_dependencies_are_named_exactly() -> None:
    with pytest.raises(PygenError) as info:
        check_runtime_dependencies(["requests"])
    message = str(info.value)
    assert "project.dependencies" in message
    assert 'add "httpx>=0.27", "pydantic>=2.6"' in message


def test_only_the_missing_one_is_named() -> None:
    with pytest.raises(PygenError) as info:
        check_runtime_dependencies(["httpx"])
    assert 'add "pydantic>=2.6"' in str(info.value)
    assert "httpx>=" not in str(info.value)


@pytest.mark.parametrize(
    "pydantic",
    [
        "pydantic",
        "pydantic<2",
        "pydantic>=1.10",
        "pydantic>=2",
        "pydantic==2.*",
        "pydantic~=2.0",
        "pydantic!=1.9",
    ],
)
def test_bounds_that_admit_older_versions_are_refused(pydantic: str) -> None:
    with pytest.raises(PygenError) as info:
        check_runtime_dependencies(["httpx>=0.27", pydantic])
    message = str(info.value)
    assert message == (
        f"pyproject.toml: project.dependencies: {pydantic!r} admits versions the generated SDK cannot run "
        "on; require 'pydantic>=2.6'"
    )


@pytest.mark.parametrize("httpx", ["httpx>=0.27,<0.27", "httpx>=0.30,<0.29", "httpx==0.27,!=0.27"])
def test_bounds_that_admit_nothing_usable_are_refused(httpx: str) -> None:
    with pytest.raises(PygenError, match="excludes every version the generated SDK runs on"):
        check_runtime_dependencies([httpx, "pydantic>=2.6"])


def test_every_problem_is_named() -> None:
    with pytest.raises(PygenError) as info:
        check_runtime_dependencies(["httpx", "pydantic>=1"])
    assert "'httpx' admits" in str(info.value)
    assert "'pydantic>=1' admits" in str(info.value)


def test_collisions_are_files_under_the_package_path() -> None:
    included = [
        ("src/demo/__init__.py", "demo/__init__.py"),
        ("src/acme_sdk/__init__.py", "acme_sdk/__init__.py"),
        ("src/acme_sdk/stale.py", "acme_sdk/stale.py"),
        ("acme_sdk_extra.py", "acme_sdk_extra.py"),
    ]
    hits = find_collisions(included, PurePosixPath("acme_sdk"))
    assert hits == ["src/acme_sdk/__init__.py", "src/acme_sdk/stale.py"]


def test_subpackage_collisions_leave_the_parent_alone() -> None:
    included = [("src/acme/__init__.py", "acme/__init__.py"), ("src/acme/sdk/x.py", "acme/sdk/x.py")]
    assert find_collisions(included, PurePosixPath("acme/sdk")) == ["src/acme/sdk/x.py"]


def test_collision_error_is_one_line_and_truncates() -> None:
    hits = [f"src/acme_sdk/m{i}.py" for i in range(5)]
    message = str(collision_error(hits, PurePosixPath("acme_sdk")))
    assert "\n" not in message
    assert message.startswith("acme_sdk/:")
    assert "(and 2 more)" in message
    assert ".gitignore" in message
