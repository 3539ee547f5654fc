"""The web page in a real headless browser (Debian's chromium driven by playwright).

Upload the Omni snapshot, see its findings, download the SDK, unzip and import it; a hostile model's text is
shown as text, never run; the page and the API docs load nothing from outside the service. The session
installs chromium with apt-get when it is missing; under CI (``CI`` set) a missing browser fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen_core.service import Service
from tests._models import model_path

from .conftest import KEY, omni_findings, pumps

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("service_browser")]  # slow: a browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_PROPERTY = '<img src=x onerror="window.__pwned=1">'
HOSTILE_SCRIPT = "<script>window.__pwned=2</script>"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the page test must run under CI: {reason}")
    pytest.skip(reason)


def _install_chromium() -> None:
    if CHROMIUM.exists() or shutil.which("apt-get") is None or os.geteuid() != 0:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "-q", "chromium"], ["apt-get", "update", "-q"]):
        subprocess.run(command, env=env, capture_output=True, timeout=900, check=False)
        if CHROMIUM.exists():
            return
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "chromium"], env=env, capture_output=True, timeout=900, check=False
    )


def expect(locator: Any) -> Any:
    """Playwright's auto-waiting assertions (no string evaluation: the page's CSP forbids eval)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    _install_chromium()
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing and apt-get could not install it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, service: Service) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(60_000)
    opened.requested = []
    opened.on("request", lambda request: opened.requested.append(request.url))
    try:
        yield opened
    finally:
        context.close()


def _only_local(page: Any, service: Service) -> None:
    outside = [
        url for url in page.requested if not url.startswith((service.base_url + "/", "blob:", "data:"))
    ]
    assert outside == []


def test_upload_omni_see_findings_download_and_import_the_sdk(
    page: Any, service: Service, tmp_path: Path
) -> None:
    page.goto(service.base_url + "/")
    page.fill("#api-key", KEY)
    page.set_input_files("#file", str(model_path("Omni.json")))
    expect(page.locator("#file-info")).to_have_text(re.compile(r"^loaded Omni\.json "))
    page.fill("#package", "omni_sdk")

    page.click("#validate")
    errors, warnings, info = omni_findings()
    expect(page.locator("#status")).to_have_text(
        f"valid: {errors} error(s), {warnings} warning(s), {info} info"
    )
    assert page.locator("#findings tbody tr").count() == errors + warnings + info

    page.click("#generate")
    page.wait_for_selector("#download:not([hidden])")
    assert page.text_content("#status") == (
        f"generated omni_sdk.zip: {errors} error(s), {warnings} warning(s), {info} info"
    )
    cells = page.locator("#findings tbody tr").first.locator("td").all_text_contents()
    assert cells[0].startswith("PYG")
    assert cells[1] in ("warning", "info")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "omni_sdk.zip"
    archive = tmp_path / download.suggested_filename
    download.save_as(str(archive))
    with zipfile.ZipFile(archive) as sdk:
        sdk.extractall(tmp_path / "site")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import omni_sdk; print(sorted(omni_sdk.__all__)[:1], omni_sdk.OmniSdkClient)",
        ],
        cwd=tmp_path / "site",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "OmniSdkClient" in result.stdout
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
    _only_local(page, service)


def _hostile_model() -> dict[str, Any]:
    model = pumps()
    view = model["views"][0]
    template = next(iter(view["properties"].values()))
    view["properties"][HOSTILE_PROPERTY] = template
    view["properties"][HOSTILE_SCRIPT] = template
    view["description"] = "<b onmouseover=alert(1)>bold</b>"
    return model


def test_hostile_model_text_is_shown_as_text_and_never_runs(page: Any, service: Service) -> None:
    page.goto(service.base_url + "/")
    page.fill("#api-key", KEY)
    page.fill("#snapshot", json.dumps(_hostile_model()))
    page.fill("#package", "pumps_sdk")
    page.click("#validate")
    expect(page.locator("#status")).to_have_text(re.compile(r"^valid: "))
    text = page.text_content("#findings")
    assert HOSTILE_PROPERTY in text
    assert HOSTILE_SCRIPT in text
    assert page.locator("#findings img").count() == 0
    assert page.locator("#findings script").count() == 0
    # strict: the hostile names reach the error's findings too, which the page lists
    page.check("#strict")
    page.fill("#names", "Pump=<img src=y onerror=window.__pwned=3>")
    page.click("#generate")
    expect(page.locator("#status")).to_have_class("error")
    assert "<img src=y onerror=window.__pwned=3>" in page.text_content("#findings")
    assert page.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None
    _only_local(page, service)


def test_dropped_file_bad_json_and_a_missing_key_are_reported_on_the_page(
    page: Any, service: Service
) -> None:
    page.goto(service.base_url + "/")
    page.fill("#snapshot", "{not json")
    page.click("#validate")
    assert page.text_content("#status").startswith("pasted text: not valid JSON")
    dropped = page.evaluate_handle(
        """(text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "Pumps.json", { type: "application/json" }));
            return transfer;
        }""",
        json.dumps(pumps()),
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    expect(page.locator("#file-info")).to_have_text(re.compile(r"^loaded Pumps\.json "))
    page.click("#validate")
    expect(page.locator("#status")).to_have_text(re.compile(r"^unauthorized: missing or unknown API key"))


def test_api_docs_render_from_the_service_alone(page: Any, service: Service) -> None:
    page.goto(service.base_url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "pygen service" in page.text_content(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path[data-path='/v1/generate']")
    _only_local(page, service)
