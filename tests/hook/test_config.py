"""[tool.pygen] validation and the PYGEN_* switches: every bad input gives one line naming the key."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pygen._config import BuildEnv, check_hook_table, load_config
from pygen_core import PygenError


def error_of(table: object) -> str:
    with pytest.raises(PygenError) as info:
        load_config(table)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_minimal_config_gets_defaults() -> None:
    config = load_config({"package": "acme_sdk"})
    assert config.snapshot == "pygen-snapshot.json"
    assert config.data_models == ()
    assert config.strict is False
    assert config.editable_mode == "copy"
    assert config.package_path == PurePosixPath("acme_sdk")


def test_full_config_is_read_with_kebab_case_keys() -> None:
    config = load_config(
        {
            "package": "acme.sdk",
            "client-name": "AcmeClient",
            "data-models": ["sp:Model/1", "sp:Other/v2"],
            "snapshot": "schema/snap.json",
            "instance-space": "my_instances",
            "exclude-views": ["Secret"],
            "exclude-spaces": ["cdf_cdm"],
            "names": {"Pump": "PumpUnit", "Pump.flow": "flow_rate"},
            "strict": True,
            "editable": "inplace",
        }
    )
    assert config.client_name == "AcmeClient"
    assert config.data_models == ("sp:Model/1", "sp:Other/v2")
    assert config.instance_space == "my_instances"
    assert config.names == {"Pump": "PumpUnit", "Pump.flow": "flow_rate"}
    assert config.package_path == PurePosixPath("acme/sdk")
    assert config.editable_mode == "inplace"


def test_subpackage_defaults_to_inplace() -> None:
    assert load_config({"package": "acme.sdk"}).editable_mode == "inplace"


def test_missing_table_is_actionable() -> None:
    message = error_of(None)
    assert "[tool.pygen]" in message
    assert "package" in message


def test_table_of_wrong_type() -> None:
    assert "tool.pygen must be a table" in error_of("acme")


def test_misspelled_key_suggests_the_right_one() -> None:
    message = error_of({"package": "acme_sdk", "data-model": ["sp:M/1"]})
    assert "tool.pygen.data-model: unknown key" in message
    assert "did you mean tool.pygen.data-models?" in message


def test_unknown_key_far_from_any_lists_known_keys() -> None:
    message = error_of({"package": "acme_sdk", "zzzzzz": 1})
    assert "tool.pygen.zzzzzz: unknown key" in message
    assert "known keys:" in message
    assert "exclude-views" in message


def test_snake_case_spelling_is_rejected_with_the_kebab_suggestion() -> None:
    message = error_of({"package": "acme_sdk", "client_name": "X"})
    assert "tool.pygen.client_name: unknown key; did you mean tool.pygen.client-name?" in message


def test_missing_package() -> None:
    assert "tool.pygen.package: required key is missing" in error_of({"strict": True})


@pytest.mark.parametrize("package", ["1acme", "acme-sdk", "acme..sdk", "class", "acme.import", "Acme", ""])
def test_package_must_be_a_dotted_import_name(package: str) -> None:
    message = error_of({"package": package})
    assert message.startswith("pyproject.toml: tool.pygen.package:")
    assert "import name" in message


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("strict", "yes", "tool.pygen.strict: expected a boolean (true or false), got string"),
        ("strict", 1, "tool.pygen.strict: expected a boolean (true or false), got integer"),
        ("package", 3, "tool.pygen.package: expected a string, got integer"),
        ("data-models", "sp:M/1", "tool.pygen.data-models: expected an array, got string"),
        ("exclude-views", [1], "tool.pygen.exclude-views[0]: expected a string, got integer"),
        ("names", ["a"], "tool.pygen.names: expected a table, got array"),
        ("names", {"A": 1}, "tool.pygen.names.A: expected a string, got integer"),
        ("editable", "symlink", "tool.pygen.editable: expected 'copy', 'live' or 'inplace', got 'symlink'"),
        ("snapshot", ["x"], "tool.pygen.snapshot: expected a string, got array"),
    ],
)
def test_wrong_types_name_the_key_and_the_expectation(key: str, value: object, expected: str) -> None:
    table = {"package": "acme_sdk", key: value}
    if key == "package":
        table = {"package": value}
    assert expected in error_of(table)


@pytest.mark.parametrize("text", ["sp:Model", "Model/1", "sp:Mo del/1", "sp:a:b/1", ""])
def test_data_model_ids_are_checked_per_item(text: str) -> None:
    message = error_of({"package": "acme_sdk", "data-models": ["ok:Model/1", text]})
    assert "tool.pygen.data-models[1]:" in message
    assert "space:externalId/version" in message


def test_duplicate_data_model() -> None:
    assert "same data model twice" in error_of({"package": "a", "data-models": ["s:M/1", "s:M/1"]})


@pytest.mark.parametrize("snapshot", ["/abs/snap.json", "../outside.json", "a/../../b.json", ""])
def test_snapshot_must_stay_inside_the_project(snapshot: str) -> None:
    assert "tool.pygen.snapshot:" in error_of({"package": "a", "snapshot": snapshot})


@pytest.mark.parametrize("mode", ["copy", "live"])
def test_copy_and_live_are_refused_for_subpackages(mode: str) -> None:
    message = error_of({"package": "acme.sdk", "editable": mode})
    assert message.startswith("pyproject.toml: tool.pygen.editable:")
    assert "inplace" in message


def test_several_errors_stay_on_one_line_unknown_keys_first() -> None:
    message = error_of({"pakage": "x", "strict": "no"})
    assert message.index("tool.pygen.pakage") < message.index("tool.pygen.package")
    assert "tool.pygen.strict" in message


def test_hook_table_accepts_hatchling_reserved_keys() -> None:
    check_hook_table(
        {
            "dependencies": ["x"],
            "require-runtime-dependencies": True,
            "require-runtime-features": ["a"],
            "enable-by-default": False,
        },
        "tool.hatch.build.hooks.pygen",
    )


def test_hook_table_rejects_pygen_options_pointing_to_tool_pygen() -> None:
    with pytest.raises(PygenError) as info:
        check_hook_table({"pakage": "x"}, "tool.hatch.build.targets.wheel.hooks.pygen")
    message = str(info.value)
    assert message.startswith("tool.hatch.build.targets.wheel.hooks.pygen.pakage: unknown option")
    assert "[tool.pygen]" in message
    assert "did you mean tool.pygen.package?" in message


def test_build_env_defaults(tmp_path: Path) -> None:
    assert BuildEnv.from_environ({}, tmp_path) == BuildEnv()


def test_build_env_flags_and_cache_dir(tmp_path: Path) -> None:
    env = BuildEnv.from_environ(
        {"PYGEN_OFFLINE": "true", "PYGEN_SKIP": "On", "PYGEN_CACHE_DIR": "cache"}, tmp_path
    )
    assert env == BuildEnv(offline=True, refresh=False, skip=True, cache_dir=tmp_path / "cache")
    absolute = tmp_path / "abs"
    assert BuildEnv.from_environ({"PYGEN_CACHE_DIR": str(absolute)}, tmp_path).cache_dir == absolute
    assert BuildEnv.from_environ({"PYGEN_REFRESH": "1", "PYGEN_OFFLINE": "0"}, tmp_path).refresh is True


def test_build_env_bad_flag_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(PygenError, match=r"PYGEN_OFFLINE='maybe'"):
        BuildEnv.from_environ({"PYGEN_OFFLINE": "maybe"}, tmp_path)


def test_offline_and_refresh_conflict(tmp_path: Path) -> None:
    with pytest.raises(PygenError, match="PYGEN_OFFLINE and PYGEN_REFRESH"):
        BuildEnv.from_environ({"PYGEN_OFFLINE": "1", "PYGEN_REFRESH": "1"}, tmp_path)


toml_scalars = st.one_of(st.text(max_size=12), st.booleans(), st.integers(), st.floats(allow_nan=False))
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
keys = st.one_of(
    st.sampled_from(
        [
            "package",
            "client-name",
            "data-models",
            "snapshot",
            "instance-space",
            "exclude-views",
            "names",
            "strict",
            "editable",
        ]
    ),
    st.text(max_size=10),
)


@settings(max_examples=120, deadline=None)
@given(st.dictionaries(keys, toml_values, max_size=6))
def test_any_table_validates_or_fails_with_one_line(table: dict[str, object]) -> None:
    message = ""
    try:
        load_config(table)
    except PygenError as exc:
        message = str(exc)
    if message:
        assert "\n" not in message
        assert message.startswith("pyproject.toml: tool.pygen")


def test_odd_keys_are_quoted_in_messages() -> None:
    message = error_of({"package": "a", "bad\nkey": 1})
    assert 'tool.pygen."bad\\nkey": unknown key' in message
