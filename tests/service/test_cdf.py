"""Fetching the model from CDF (our emulator on 127.0.0.1) with a token passed through for one request."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator

import httpx
import pytest

from pygen_core.codegen import GenerateOptions, generate
from pygen_core.dms import DataModelId, SchemaClient
from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient
from pygen_core.service import Service
from pygen_core.snapshot import pull_snapshot
from tests._models import model_path

from .conftest import AUTH, LogRecorder, settings

OMNI_ID = "sp_pygen_models:Omni/1"
CANARY = "canary-cdf-token-0123456789-never-logged"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[model_path("Omni.json")]) as emu:
        yield emu


@pytest.fixture(scope="module")
def pulling() -> Iterator[Service]:
    with Service(settings(cdf_urls=("http://127.0.0.1:*",))) as running:
        yield running


@pytest.fixture
def http(pulling: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pulling.base_url, timeout=120) as client:
        yield client


def _request(emulator: Emulator, **options: object) -> dict[str, object]:
    return {
        "cdf": {"base-url": emulator.base_url, "project": emulator.project},
        "options": {"package": "omni_sdk", "data-models": [OMNI_ID], **options},
    }


def test_generate_from_cdf_equals_generation_from_the_snapshot(
    emulator: Emulator, http: httpx.Client
) -> None:
    response = http.post(
        "/v1/generate", json=_request(emulator), headers={**AUTH, "X-CDF-Token": emulator.token()}
    )
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        got = {name: archive.read(name).decode() for name in archive.namelist()}
    with HTTPClient(emulator.client_config()) as client:
        pulled = pull_snapshot(SchemaClient(client), [DataModelId.parse(OMNI_ID)])
    expected = generate(pulled, GenerateOptions(package="omni_sdk"))
    assert got == {path.as_posix(): text for path, text in expected.items()}


def test_cdf_failures_are_one_line_errors_and_the_token_is_never_echoed_or_logged(
    emulator: Emulator, http: httpx.Client, service_log: LogRecorder
) -> None:
    refused = http.post("/v1/validate", json=_request(emulator), headers={**AUTH, "X-CDF-Token": CANARY})
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["code"] == "cdf_unauthorized"
    missing = http.post(
        "/v1/validate",
        json=_request(emulator, **{"data-models": ["sp_pygen_models:Nope/1"]}),
        headers={**AUTH, "X-CDF-Token": emulator.token()},
    )
    assert missing.json()["error"] == {
        "code": "invalid_input",
        "message": "data model(s) not found (or not readable): sp_pygen_models:Nope/1",
    }
    no_models = http.post(
        "/v1/validate",
        json=_request(emulator, **{"data-models": []}),
        headers={**AUTH, "X-CDF-Token": CANARY},
    )
    assert (
        no_models.json()["error"]["message"] == "options.data-models: list the data models to fetch from CDF"
    )
    no_token = http.post("/v1/validate", json=_request(emulator), headers=AUTH)
    assert no_token.json()["error"]["message"] == "cdf: send the CDF bearer token in the X-CDF-Token header"
    elsewhere = {
        "cdf": {"base-url": "https://evil.example.com", "project": "p"},
        "options": {"package": "omni_sdk", "data-models": [OMNI_ID]},
    }
    blocked = http.post("/v1/validate", json=elsewhere, headers={**AUTH, "X-CDF-Token": CANARY})
    assert blocked.json()["error"] == {
        "code": "cdf_not_allowed",
        "message": "cdf.base-url: 'https://evil.example.com' is not a CDF URL this service may fetch from "
        "(allowed: http://127.0.0.1:*)",
    }
    time.sleep(0.2)
    answers = refused.text + missing.text + no_models.text + blocked.text
    assert CANARY not in answers
    assert CANARY not in service_log.text
    assert len([e for e in service_log.events() if e.get("event") == "request"]) == 5
