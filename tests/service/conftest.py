"""Fixtures of the service tests: a running service (real HTTP on 127.0.0.1), keys, a log recorder."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pygen_core.service import Service, ServiceSettings, hash_key
from tests._models import model_path

KEY = "test-key-0123456789abcdef"
OTHER_KEY = "other-key-0123456789abcdef"
KEYS = (("tester", hash_key(KEY)), ("other", hash_key(OTHER_KEY)))
AUTH = {"Authorization": f"Bearer {KEY}"}


def omni() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_path("Omni.json").read_text(encoding="utf-8"))
    return data


def omni_findings(**options: Any) -> tuple[int, int, int]:
    """(errors, warnings, info) the engine itself reports for Omni with these GenerateOptions keywords."""
    from pygen_core.codegen import GenerateOptions
    from pygen_core.ir import Severity, build_ir
    from pygen_core.snapshot import snapshot_content

    generate_options = GenerateOptions(package="omni_sdk", **options)
    findings = build_ir(snapshot_content(omni()), generate_options.ir_options()).findings
    return tuple(sum(1 for f in findings if f.severity is s) for s in Severity)  # type: ignore[return-value]


def findings_header(**options: Any) -> str:
    """The ``X-Pygen-Findings`` header the service must send for Omni with these options."""
    errors, warnings, info = omni_findings(**options)
    return f"errors={errors}, warnings={warnings}, info={info}"


def pumps() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_path("Pumps.json").read_text(encoding="utf-8"))
    return data


def settings(**overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {"keys": KEYS, "rate_per_minute": 10_000, "burst": 10_000, "processes": 1}
    values.update(overrides)
    return ServiceSettings(**values)


class LogRecorder(logging.Handler):
    """Every line the service logs (access log and errors), formatted as the CLI prints them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines if line.startswith("{")]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def service_log() -> Iterator[LogRecorder]:
    recorder = LogRecorder()
    logger = logging.getLogger("pygen_core.service")
    previous = logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(previous)


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    with Service(settings()) as running:
        yield running


@pytest.fixture
def client(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.base_url, timeout=60) as http:
        yield http
