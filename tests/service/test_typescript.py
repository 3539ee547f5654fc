"""The service generates TypeScript too: ``language: "typescript"`` gives the npm package as zip or tar.gz."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import PurePosixPath

import httpx

from pygen_core.codegen import GenerateOptions, generate
from pygen_core.snapshot import snapshot_content

from .conftest import AUTH, omni


def _expected(package: str) -> dict[str, bytes]:
    options = GenerateOptions(package=package, language="typescript")
    files = generate(snapshot_content(omni()), options)
    return {path.as_posix(): text.encode("utf-8") for path, text in files.items()}


def test_typescript_zip_is_the_npm_package_the_engine_writes(client: httpx.Client) -> None:
    body = {"snapshot": omni(), "options": {"package": "@acme/omni-sdk", "language": "typescript"}}
    response = client.post("/v1/generate", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="omni-sdk.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert files == _expected("@acme/omni-sdk")
    package = json.loads(files["omni-sdk/package.json"])
    assert package["name"] == "@acme/omni-sdk"
    assert (package["type"], package["types"]) == ("module", "./dist/index.d.ts")
    assert "dependencies" not in package
    assert b"export class OmniSdkClient extends InstanceClient {" in files["omni-sdk/src/_client.ts"]
    assert any(PurePosixPath(name).parts[1:3] == ("src", "_runtime") for name in files)


def test_typescript_tar_gz_holds_the_same_files(client: httpx.Client) -> None:
    options = {"package": "omni-sdk", "language": "typescript", "format": "tar.gz"}
    body = {"snapshot": omni(), "options": options}
    response = client.post("/v1/generate", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="omni-sdk.tar.gz"'
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
        files = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}  # type: ignore[union-attr]
    assert files == _expected("omni-sdk")


def test_typescript_options_are_checked_as_the_cli_checks_them(client: httpx.Client) -> None:
    options = {"package": "omni-sdk", "language": "typescript", "format": "wheel"}
    wheel = {"snapshot": omni(), "options": options}
    response = client.post("/v1/generate", json=wheel, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "format: 'wheel' is not offered for typescript; choose one of zip, tar.gz"
    )
    bad = {"snapshot": omni(), "options": {"package": "Omni SDK", "language": "typescript"}}
    response = client.post("/v1/generate", json=bad, headers=AUTH)
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("package: 'Omni SDK' is not a valid npm package name")
    # an npm name may be a Python stdlib module's name: the shadowing check is Python's only
    ok = {"snapshot": omni(), "options": {"package": "json", "language": "typescript"}}
    assert client.post("/v1/validate", json=ok, headers=AUTH).json()["valid"] is True
