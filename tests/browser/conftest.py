"""Browser-level checks: Playwright driving Debian's Chromium, axe-core and the Nu HTML Checker.

On a machine without Chromium, Node packages or Java these tests are skipped with a reason that
says how to enable them; CI sets OCOP_REQUIRE_BROWSER=1, which turns every such skip into a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = (
    "apt-get install chromium fonts-dejavu-core; npm ci --ignore-scripts; a Java runtime"
)

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def require(condition: bool, what: str) -> None:
    """Skip (or, under OCOP_REQUIRE_BROWSER=1, fail) when a browser-check tool is missing."""
    if condition:
        return
    reason = f"{what} is not installed (to enable: {HOW_TO_ENABLE})"
    if os.environ.get("OCOP_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _chromium_available():
    require(CHROMIUM.exists(), "Chromium (/usr/bin/chromium)")


@pytest.fixture(scope="session")
def browser(_chromium_available):
    # Plain Playwright rather than pytest-playwright: one browser, Debian's, and no extra plugins.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe-core goes in as an inline script, which the site's Content-Security-Policy blocks; the
    # policy itself is checked with a context of its own (test_content_security_policy.py).
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_path():
    require(AXE.exists(), "axe-core (node_modules/axe-core)")
    return AXE


@pytest.fixture
def vnu_command():
    java = shutil.which("java")
    require(java is not None and VNU.exists(), "The Nu HTML Checker (Java + node_modules/vnu-jar)")
    return [java, "-jar", str(VNU)]


def vnu_errors(vnu_command: list[str], folder: Path) -> list[str]:
    """Check every .html file in folder with the Nu HTML Checker (one JVM for all of them:
    starting Java costs more than checking a page); return "file:line: message" per error."""
    result = subprocess.run(
        [
            *vnu_command,
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stdout)["messages"]
        if m["type"] == "error"
    ]
