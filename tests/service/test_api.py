"""The API over real HTTP: generate (zip, tar.gz, JSON), validate, health, version, errors, CLI texts."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import httpx
import pytest

from pygen_core.codegen import GenerateOptions, generate_with_ir
from pygen_core.snapshot import snapshot_content

from .conftest import AUTH, KEY, findings_header, omni, omni_findings, pumps

BIN = Path(sys.executable).parent


def _expected_files(package: str = "omni_sdk", **options: object) -> dict[str, bytes]:
    files, _ = generate_with_ir(snapshot_content(omni()), GenerateOptions(package=package, **options))  # type: ignore[arg-type]
    return {PurePosixPath(path).as_posix(): text.encode("utf-8") for path, text in files.items()}


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _untar(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        out = {}
        for member in archive.getmembers():
            handle = archive.extractfile(member)
            assert handle is not None
            out[member.name] = handle.read()
        return out


def test_health_and_version_need_no_key(client: httpx.Client) -> None:
    assert client.get("/v1/health").json() == {"status": "ok"}
    version = client.get("/v1/version").json()
    from pygen_core import __version__

    assert version["version"] == __version__
    assert version["languages"] == ["python", "typescript"]
    assert version["formats"]["python"] == ["zip", "tar.gz", "wheel"]
    assert version["formats"]["typescript"] == ["zip", "tar.gz"]
    assert version["limits"]["maxViews"] == 1000
    assert version["limits"]["timeoutSeconds"] == 60.0


@pytest.mark.slow
def test_generate_zip_holds_exactly_the_generated_package_and_it_imports(
    client: httpx.Client, tmp_path: Path
) -> None:
    response = client.post(
        "/v1/generate", json={"snapshot": omni(), "options": {"package": "omni_sdk"}}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="omni_sdk.zip"'
    assert response.headers["x-pygen-findings"] == findings_header()
    assert _unzip(response.content) == _expected_files()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import omni_sdk; print(omni_sdk.OmniSdkClient.__name__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OmniSdkClient"


def test_generate_is_deterministic_and_tar_gz_has_the_same_files(client: httpx.Client) -> None:
    body = {"snapshot": omni(), "options": {"package": "omni_sdk", "format": "tar.gz"}}
    first = client.post("/v1/generate", json=body, headers=AUTH)
    second = client.post("/v1/generate", json=body, headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/gzip"
    assert first.content == second.content
    assert _untar(first.content) == _expected_files()


def test_options_as_in_tool_pygen_reach_the_generator(client: httpx.Client) -> None:
    options = {
        "package": "omni_sdk",
        "client-name": "OmniClient",
        "instance-space": "omni_instances",
        "exclude-views": ["Empty"],
        "names": {"PrimitiveNullable.date": "day"},
    }
    response = client.post("/v1/generate", json={"snapshot": omni(), "options": options}, headers=AUTH)
    assert response.status_code == 200, response.text
    expected = _expected_files(
        client_name="OmniClient",
        default_instance_space="omni_instances",
        exclude_views=("Empty",),
        names={"PrimitiveNullable.date": "day"},
    )
    assert _unzip(response.content) == expected
    assert expected != _expected_files()


def test_json_answer_carries_the_same_bytes_and_the_findings(client: httpx.Client) -> None:
    body = {"snapshot": omni(), "options": {"package": "omni_sdk"}}
    binary = client.post("/v1/generate", json=body, headers=AUTH)
    answer = client.post("/v1/generate", json=body, headers={**AUTH, "Accept": "application/json"})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert base64.b64decode(data["contentBase64"]) == binary.content
    assert data["filename"] == "omni_sdk.zip"
    assert data["size"] == len(binary.content)
    errors, warnings, info = omni_findings()
    assert data["summary"] == {"errors": errors, "warnings": warnings, "info": info}
    validated = client.post("/v1/validate", json=body, headers=AUTH).json()
    assert data["findings"] == validated["findings"]


def test_validate_lists_every_finding_with_code_location_and_suggestion(client: httpx.Client) -> None:
    response = client.post(
        "/v1/validate", json={"snapshot": omni(), "options": {"package": "omni_sdk"}}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    data = response.json()
    _, result = generate_with_ir(snapshot_content(omni()), GenerateOptions(package="omni_sdk"))
    assert data["valid"] is True
    assert [
        (f["code"], f["severity"], f["location"]["text"], f["message"], f["suggestion"])
        for f in data["findings"]
    ] == [(f.code, f.severity.value, str(f.location), f.message, f.suggestion) for f in result.findings]
    renamed = next(f for f in data["findings"] if f["code"] == "PYG301")
    assert renamed["location"]["view"] == "sp_pygen_models:Empty/1"
    assert renamed["location"]["property"] == "json"


def test_raw_dms_items_form_is_accepted(client: httpx.Client) -> None:
    response = client.post(
        "/v1/validate",
        json={"snapshot": {"items": [pumps()]}, "options": {"package": "pumps_sdk"}},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    assert response.json()["valid"] is True


def _cli_error(tmp_path: Path, snapshot: object, *args: str) -> str:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "pygen"), "generate", "--snapshot", str(path), "--output", str(tmp_path / "out"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("pygen: error: ")
    return line.removeprefix("pygen: error: ").replace(str(path), "snapshot")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("snapshot", "options", "cli_args", "code"),
    [
        (None, {"package": "Bad-Name"}, ["--package", "Bad-Name"], "invalid_options"),
        (
            None,
            {"package": "omni_sdk", "client-name": "1st"},
            ["--package", "omni_sdk", "--client-name", "1st"],
            "invalid_options",
        ),
        (
            {"views": "nope", "externalId": "X"},
            {"package": "x_sdk"},
            ["--package", "x_sdk"],
            "invalid_snapshot",
        ),
        (
            None,
            {"package": "omni_sdk", "strict": True},
            ["--package", "omni_sdk", "--strict"],
            "model_invalid",
        ),
    ],
)
def test_errors_carry_the_cli_texts(
    client: httpx.Client,
    tmp_path: Path,
    snapshot: object,
    options: dict[str, object],
    cli_args: list[str],
    code: str,
) -> None:
    model = snapshot if snapshot is not None else omni()
    response = client.post("/v1/generate", json={"snapshot": model, "options": options}, headers=AUTH)
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] == _cli_error(tmp_path, model, *cli_args)
    assert "\n" not in error["message"]
    if code == "model_invalid":
        assert response.status_code == 422
        # every finding travels with the error: the 10 warnings turned errors by strict, and the 4 infos
        severities = [f["severity"] for f in error["findings"]]
        _errors, warnings, info = omni_findings()
        assert (severities.count("error"), severities.count("info")) == (warnings, info)
    else:
        assert response.status_code == 400


@pytest.mark.parametrize(
    ("package", "shadowed"),
    [
        ("json", "standard library module 'json'"),
        ("os", "standard library module 'os'"),
        ("pydantic", "'pydantic'"),
        ("httpx", "'httpx'"),
    ],
)
def test_package_names_that_shadow_are_refused(client: httpx.Client, package: str, shadowed: str) -> None:
    response = client.post(
        "/v1/generate", json={"snapshot": pumps(), "options": {"package": package}}, headers=AUTH
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_options"
    assert error["message"].startswith(f"package: {package!r} would shadow ")
    assert shadowed in error["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"options": {"package": "x"}},
            "request body: give either snapshot or cdf (to fetch the models from CDF)",
        ),
        (
            {"snapshot": {}, "options": {"package": "x", "clientname": "A"}},
            "options.clientname: unknown key; did you mean options.client-name?",
        ),
        (
            {"snapshot": {}, "options": {"package": "x", "strict": "yes"}},
            "options.strict: expected a boolean",
        ),
        (
            {"snapshot": {}, "options": {"package": "x", "format": "rar"}},
            "options.format: expected 'zip', 'tar.gz' or 'wheel'",
        ),
        ({"snapshot": {}}, "options: required key is missing"),
        (
            {"snapshot": {}, "options": {"package": "x"}, "extra": 1},
            "extra: unknown key; known keys: cdf, options, snapshot",
        ),
        ([1, 2], "request body: expected a JSON object"),
    ],
)
def test_bad_requests_get_one_line_naming_the_json_path(
    client: httpx.Client, body: object, message: str
) -> None:
    response = client.post("/v1/generate", json=body, headers=AUTH)
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_request", "message": message}}


def test_invalid_json_unknown_language_and_paths_are_json_errors(client: httpx.Client) -> None:
    response = client.post(
        "/v1/validate", content=b'{"snapshot": ', headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("request body: invalid JSON at line 1, column 14")
    response = client.post(
        "/v1/generate",
        json={"snapshot": pumps(), "options": {"package": "p_sdk", "language": "cobol"}},
        headers=AUTH,
    )
    assert response.json()["error"] == {
        "code": "invalid_options",
        "message": "language: 'cobol' is not supported; choose one of python, typescript",
    }
    missing = client.get("/v1/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = client.get("/v1/generate")
    assert wrong.status_code == 405
    assert wrong.json()["error"] == {"code": "method_not_allowed", "message": "GET is not allowed here"}


def test_openapi_document_describes_the_request_bodies(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    generate = document["paths"]["/v1/generate"]["post"]
    assert generate["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GenerateRequest"
    }
    schemas = document["components"]["schemas"]
    options = schemas["GenerateOptionsIn"]["properties"]
    assert {"package", "client-name", "exclude-views", "names", "strict", "language", "format"} <= set(
        options
    )
    assert {"HTTPBearer", "APIKeyHeader"} <= set(document["components"]["securitySchemes"])
    assert "/v1/validate" in document["paths"]
    assert "/v1/health" in document["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static-docs/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200
    redoc = client.get("/redoc")
    assert redoc.status_code == 200
    assert "/static-docs/redoc.standalone.js" in redoc.text


def test_page_is_self_contained_with_a_strict_content_security_policy(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text  # no inline script
    assert 'src="/static/app.js"' in page.text
    assert "http://" not in page.text
    assert "https://" not in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../_app.py").status_code == 404


def test_key_is_checked_before_anything_else(client: httpx.Client) -> None:
    body = {"snapshot": pumps(), "options": {"package": "p_sdk"}}
    for headers in (
        {},
        {"Authorization": "Bearer wrong-key-0123456789"},
        {"X-API-Key": KEY[:-1]},
        {"Authorization": KEY},
    ):
        response = client.post("/v1/generate", json=body, headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.post("/v1/validate", json=body, headers={"X-API-Key": KEY}).status_code == 200
    assert client.post("/v1/validate", json=body, headers=AUTH).status_code == 200


def test_finding_levels_are_options_like_in_the_table(client: httpx.Client) -> None:
    options = {"package": "omni_sdk", "strict": True, "findings": {"PYG301": "warning"}}
    response = client.post("/v1/validate", json={"snapshot": omni(), "options": options}, headers=AUTH)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["valid"] is True
    assert {f["severity"] for f in data["findings"] if f["code"] == "PYG301"} == {"warning"}
    bad = {"package": "omni_sdk", "findings": {"PYG305": "ignore"}}
    response = client.post("/v1/validate", json={"snapshot": omni(), "options": bad}, headers=AUTH)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_options"
    assert error["message"].startswith("findings: PYG305 is an error")
