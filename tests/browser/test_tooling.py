import pytest

from tests.browser.conftest import require


def test_a_missing_tool_skips_with_a_reason_on_a_newcomers_machine(monkeypatch):
    monkeypatch.delenv("OCOP_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium .* is not installed \\(to enable: "):
        require(False, "Chromium (/usr/bin/chromium)")


def test_a_missing_tool_fails_in_ci(monkeypatch):
    monkeypatch.setenv("OCOP_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="is not installed"):
        require(False, "axe-core")


def test_a_present_tool_passes(monkeypatch):
    monkeypatch.setenv("OCOP_REQUIRE_BROWSER", "1")
    require(True, "axe-core")
