"""The service's parts without HTTP: engine adapter, keys, rate limiter, settings, archives, wheel project."""

from __future__ import annotations

import gzip
import io
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from pygen_core import PygenError
from pygen_core.service import ServiceSettings, hash_key
from pygen_core.service import _engine as engine
from pygen_core.service._archive import ARCHIVE_EPOCH, tar_gz, zip_archive
from pygen_core.service._errors import ServiceError
from pygen_core.service._keys import KeyStore, RateLimiter, parse_key_list, read_key_file
from pygen_core.service._limits import check_snapshot_shape, decode_json
from pygen_core.service._settings import cdf_url_allowed
from pygen_core.service._wheel import check_project, project_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

FILES = {PurePosixPath("pkg/__init__.py"): "x = 1\n", PurePosixPath("pkg/a/b.py"): "é = 'ü'\n"}


# --- the engine adapter ---------------------------------------------------------------------------


def test_languages_and_formats_come_from_the_engine() -> None:
    from pygen_core import codegen

    assert engine.languages() == codegen.languages()
    assert engine.formats("python") == ("zip", "tar.gz", "wheel")
    assert engine.formats("typescript") == ("zip", "tar.gz")


def test_options_map_onto_the_engines_options() -> None:
    options = engine.ModelOptions(package="acme_sdk", names={"Pump": "PumpNode"}, instance_space="sp")
    generated = engine._engine_options(options)
    assert dict(generated.names) == {"Pump": "PumpNode"}
    assert (generated.language, generated.default_instance_space) == ("python", "sp")


def test_pygen_table_uses_the_tool_pygen_keys() -> None:
    options = engine.ModelOptions(
        package="acme_sdk",
        client_name="Acme",
        instance_space="inst",
        data_models=("sp:M/1",),
        exclude_views=("V",),
        exclude_spaces=("cdf_cdm",),
        names={"b": "x", "a": "y"},
        strict=True,
    )
    assert engine.pygen_table(options) == {
        "package": "acme_sdk",
        "client-name": "Acme",
        "data-models": ["sp:M/1"],
        "instance-space": "inst",
        "exclude-views": ["V"],
        "exclude-spaces": ["cdf_cdm"],
        "names": {"a": "y", "b": "x"},
        "strict": True,
    }
    assert engine.pygen_table(engine.ModelOptions(package="p")) == {"package": "p"}


# --- the wheel project ----------------------------------------------------------------------------


def test_project_toml_keeps_hostile_text_inside_its_strings() -> None:
    hostile = 'x"\n[evil]\nkey = "\\u0000\u2028'
    table = {"package": "p", "names": {hostile: hostile, "V.p": "ok"}, "exclude-views": [hostile]}
    text = project_toml("acme-sdk", "1.0", ("httpx>=0.27", "pydantic>=2.6"), table)
    parsed = tomllib.loads(text)
    assert parsed["tool"]["pygen"] == table
    assert parsed["project"] == {
        "name": "acme-sdk",
        "version": "1.0",
        "requires-python": ">=3.10",
        "dependencies": ["httpx>=0.27", "pydantic>=2.6"],
    }
    assert set(parsed) == {"build-system", "project", "tool"}
    assert parsed["tool"]["hatch"] == {"build": {"hooks": {"pygen": {}}}}


def test_wheel_project_name_and_version_are_checked() -> None:
    assert check_project("acme-sdk", "1.0.0") == ("acme-sdk", "1.0.0")
    assert check_project("Acme.SDK_2", "01.2") == ("Acme.SDK_2", "1.2")
    with pytest.raises(PygenError, match=r"options\.project-name: '\.\./x' is not a valid distribution name"):
        check_project("../x", "1")
    with pytest.raises(PygenError, match=r"options\.version: 'one' is not a valid version"):
        check_project("a", "one")


# --- archives -------------------------------------------------------------------------------------


def test_zip_is_deterministic_with_fixed_times_and_modes() -> None:
    data = zip_archive(FILES)
    assert data == zip_archive(dict(reversed(list(FILES.items()))))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["pkg/__init__.py", "pkg/a/b.py"]
        assert archive.read("pkg/a/b.py").decode() == "é = 'ü'\n"
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644


def test_tar_gz_is_deterministic_with_fixed_metadata() -> None:
    data = tar_gz(FILES)
    assert data == tar_gz(FILES)
    assert gzip.decompress(data)  # a valid gzip stream
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = archive.getmembers()
        assert [m.name for m in members] == ["pkg/__init__.py", "pkg/a/b.py"]
        assert {(m.mtime, m.mode, m.uid, m.gid, m.uname) for m in members} == {
            (ARCHIVE_EPOCH, 0o644, 0, 0, "")
        }


# --- keys and the rate limiter --------------------------------------------------------------------


def test_keys_in_clear_and_hashed_identify_their_id(tmp_path: Path) -> None:
    entries = parse_key_list(" alice:alice-key-0123456789 , bare-key-0123456789abc ")
    assert entries[0] == ("alice", hash_key("alice-key-0123456789"))
    assert entries[1][0] == "key-" + hash_key("bare-key-0123456789abc")[7:15]
    keys_file = tmp_path / "keys"
    keys_file.write_text(
        f"# comment\n\nbob {hash_key('bob-key-0123456789ab')}  # trailing\n", encoding="utf-8"
    )
    store = KeyStore(entries + read_key_file(str(keys_file)))
    assert len(store) == 3
    assert store.identify("alice-key-0123456789") == "alice"
    assert store.identify("bob-key-0123456789ab") == "bob"
    assert store.identify("bob-key-0123456789a") is None
    assert store.identify("") is None
    assert store.identify(None) is None


def test_key_errors_never_show_the_key(tmp_path: Path) -> None:
    with pytest.raises(PygenError) as short:
        parse_key_list("a:short-secret")
    assert "short-secret" not in str(short.value)
    assert "at least 16 characters" in str(short.value)
    with pytest.raises(PygenError, match="key id 'a b'"):
        parse_key_list("a b:long-enough-key-0123")
    bad = tmp_path / "keys"
    bad.write_text("carol plain-text-key-in-a-file\n", encoding="utf-8")
    with pytest.raises(PygenError, match=r"keys:1: expected 'ID sha256:<64 hex digits>'"):
        read_key_file(str(bad))
    with pytest.raises(PygenError, match="listed twice"):
        KeyStore([("a", hash_key("x")), ("a", hash_key("y"))])
    with pytest.raises(PygenError, match="cannot read the keys file"):
        read_key_file(str(tmp_path / "missing"))


def test_rate_limiter_refills_over_time(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("pygen_core.service._keys.time.monotonic", lambda: now[0])
    limiter = RateLimiter(per_minute=60, burst=2)
    assert [limiter.take("k"), limiter.take("k")] == [0, 0]
    assert limiter.take("k") == 1
    assert limiter.take("other") == 0
    now[0] += 0.5
    assert limiter.take("k") == 1
    now[0] += 0.6
    assert limiter.take("k") == 0
    slow = RateLimiter(per_minute=1, burst=1)
    assert slow.take("k") == 0
    assert slow.take("k") == 60


# --- settings and limits --------------------------------------------------------------------------


def test_settings_from_the_environment() -> None:
    env = {
        "PYGEN_SERVICE_KEYS": "ci:ci-key-0123456789abcd",
        "PYGEN_SERVICE_TIMEOUT": "5",
        "PYGEN_SERVICE_MAX_VIEWS": "10",
        "PYGEN_SERVICE_CDF_URLS": "https://*.cognitedata.com, http://127.0.0.1:*",
    }
    settings = ServiceSettings.from_env(env, processes=3)
    assert settings.keys == (("ci", hash_key("ci-key-0123456789abcd")),)
    assert (settings.timeout, settings.max_views, settings.processes) == (5.0, 10, 3)
    assert settings.cdf_urls == ("https://*.cognitedata.com", "http://127.0.0.1:*")
    assert ServiceSettings.from_json(settings.to_json()) == settings
    assert "ci-key-0123456789abcd" not in settings.to_json()
    assert ServiceSettings.from_env({"PYGEN_SERVICE_NO_AUTH": "1"}).auth is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no API keys: set PYGEN_SERVICE_KEYS"),
        (
            {"PYGEN_SERVICE_KEYS": "a:0123456789abcdefg", "PYGEN_SERVICE_TIMEOUT": "soon"},
            "PYGEN_SERVICE_TIMEOUT='soon'",
        ),
        (
            {"PYGEN_SERVICE_KEYS": "a:0123456789abcdefg", "PYGEN_SERVICE_MAX_VIEWS": "0"},
            "max_views: must be a positive",
        ),
        (
            {"PYGEN_SERVICE_KEYS": "a:0123456789abcdefg", "PYGEN_SERVICE_CDF_URLS": "ftp://x"},
            "cdf_urls: 'ftp://x'",
        ),
    ],
)
def test_bad_settings_are_one_line_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(PygenError) as caught:
        ServiceSettings.from_env(env)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://westeurope-1.cognitedata.com", True),
        ("https://westeurope-1.cognitedata.com/", True),
        ("https://cognitedata.com.evil.com", False),
        ("http://westeurope-1.cognitedata.com", False),
        ("https://westeurope-1.cognitedata.com:8443", False),
        ("https://user:pw@westeurope-1.cognitedata.com", False),
        ("https://westeurope-1.cognitedata.com/api", False),
        ("http://127.0.0.1:8080", True),
        ("http://127.0.0.1", False),
        ("http://127.0.0.2:8080", False),
        ("not a url", False),
    ],
)
def test_cdf_urls_are_matched_against_the_allowed_list(url: str, allowed: bool) -> None:
    assert cdf_url_allowed(url, ("https://*.cognitedata.com", "http://127.0.0.1:*")) is allowed


def test_shape_is_counted_in_every_snapshot_form() -> None:
    limits = ServiceSettings(auth=False, max_views=3, max_properties=4)
    view: dict[str, dict[str, object]] = {"properties": {"a": {}, "b": {}}}
    assert check_snapshot_shape({"views": [view], "externalId": "M"}, limits) == (1, 2)
    assert check_snapshot_shape({"items": [{"views": [view]}, {"views": [view]}]}, limits) == (2, 4)
    assert check_snapshot_shape({"formatVersion": 1, "dataModels": [{"views": [view, {}]}]}, limits) == (2, 2)
    with pytest.raises(ServiceError, match=r"5 properties is over the limit of 4 \(max_properties\)"):
        check_snapshot_shape({"views": [view, view, {"properties": {"c": 1}}]}, limits)
    with pytest.raises(ServiceError, match=r"4 views is over the limit of 3 \(max_views\)"):
        check_snapshot_shape({"views": [{}, {}, {}, {}]}, limits)


def test_decode_json_refuses_bad_bodies() -> None:
    limits = ServiceSettings(auth=False, max_json_bytes=1000, max_depth=3)
    assert decode_json(b'{"a": [1]}', None, limits) == {"a": [1]}
    assert decode_json(gzip.compress(b'{"a": 1}'), "GZIP", limits) == {"a": 1}
    for body, encoding, status, text in [
        (b"", None, 400, "expected a JSON object, got nothing"),
        (b"\xff\xfe", None, 400, "not UTF-8 text"),
        (b'{"a": [[[1]]]}', None, 400, "nested deeper than the limit of 3"),
        (b" " * 1001, None, 413, "request JSON is over the limit of 1000 bytes"),
        (gzip.compress(b"{}")[:-4], "gzip", 400, "truncated gzip data"),
        (b"{}", "deflate", 415, "Content-Encoding 'deflate'"),
    ]:
        with pytest.raises(ServiceError) as caught:
            decode_json(body, encoding, limits)
        assert caught.value.status == status
        assert text in caught.value.message
