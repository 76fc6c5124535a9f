"""QR codes decode, with a real decoder, to the absolute Vietnamese address of the public page.

PNGs go straight to zbar's `zbarimg`. SVGs are first drawn by Chromium (`--screenshot`), the
renderer that shows and prints them, so a wrong viewBox, size or quiet zone fails the test.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from cooperatives import qr
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import BoothAssignmentFactory, BoothFactory, CooperativeFactory, FairFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://ocop.example.vn"


def require_tool(path: str | None, install: str) -> str:
    """Skip (or, under OCOP_REQUIRE_BROWSER=1, fail) when a decoding tool is missing."""
    if path:
        return path
    reason = f"{install} is needed to decode QR codes"
    if os.environ.get("OCOP_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def zbar_decode(image: Path) -> list[str]:
    """Every QR code zbar finds in image, as text."""
    zbarimg = require_tool(shutil.which("zbarimg"), "zbarimg (apt-get install zbar-tools)")
    command = [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return result.stdout.splitlines()


def chromium_screenshot(document: Path, tmp_path: Path) -> Path:
    """Draw an SVG or HTML file as Chromium shows it, on a white page."""
    chromium = require_tool(
        str(CHROMIUM) if CHROMIUM.exists() else None, "Chromium (apt-get install chromium)"
    )
    screenshot = tmp_path / f"{document.stem}-screenshot.png"
    command = [
        chromium,
        *CHROMIUM_ARGS,
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--hide-scrollbars",
        "--window-size=700,800",
        f"--screenshot={screenshot}",
        document.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    return screenshot


def decode(content: bytes, fmt: str, tmp_path: Path) -> list[str]:
    image = tmp_path / f"code.{fmt}"
    image.write_bytes(content)
    if fmt == "svg":
        image = chromium_screenshot(image, tmp_path)
    return zbar_decode(image)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL
    return SITE_URL


def qr_url(kind: str, obj, fmt: str) -> str:
    if kind == "cooperative":
        return reverse("cooperatives:cooperative-qr", kwargs={"slug": obj.slug, "fmt": fmt})
    kwargs = {"slug": obj.fair.slug, "code": obj.code, "fmt": fmt}
    return reverse("cooperatives:booth-qr", kwargs=kwargs)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_cooperative_qr_decodes_to_cooperative_page(client, site_url, tmp_path, fmt):
    cooperative = CooperativeFactory(name="HTX Bưởi Phúc Trạch")

    response = client.get(qr_url("cooperative", cooperative, fmt))

    assert response.status_code == 200
    assert decode(response.content, fmt, tmp_path) == [
        "https://ocop.example.vn/cooperatives/htx-buoi-phuc-trach/"
    ]


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_booth_qr_decodes_to_booth_address(client, site_url, tmp_path, fmt):
    booth = BoothFactory(fair=FairFactory(name="Hội chợ OCOP 2022"), code="A12")

    response = client.get(qr_url("booth", booth, fmt))

    assert response.status_code == 200
    assert decode(response.content, fmt, tmp_path) == [
        "https://ocop.example.vn/fairs/hoi-cho-ocop-2022/booths/A12/"
    ]


def test_qr_follows_site_url_not_request_host(client, settings, tmp_path):
    cooperative = CooperativeFactory()
    url = qr_url("cooperative", cooperative, "png")
    decoded = []
    for site in ("https://ocop.example.vn", "http://hoicho.example.org:8080"):
        settings.SITE_URL = site

        decoded += decode(client.get(url, HTTP_HOST="localhost").content, "png", tmp_path)

    assert decoded == [
        f"https://ocop.example.vn/cooperatives/{cooperative.slug}/",
        f"http://hoicho.example.org:8080/cooperatives/{cooperative.slug}/",
    ]


def test_qr_under_english_prefix_encodes_vietnamese_page(client, site_url, tmp_path):
    cooperative = CooperativeFactory()
    with translation.override("en"):
        url = qr_url("cooperative", cooperative, "png")
    assert url.startswith("/en/")

    response = client.get(url)

    assert decode(response.content, "png", tmp_path) == [
        f"https://ocop.example.vn/cooperatives/{cooperative.slug}/"
    ]


def test_sign_qr_code_decodes_to_booth_address(organiser_client, site_url, tmp_path):
    assignment = BoothAssignmentFactory(booth__code="B7")
    booth = assignment.booth
    response = organiser_client.get(
        reverse("catalog:booth-signs", kwargs={"slug": booth.fair.slug})
    )
    # The sign's own drawing, not the header's search icon.
    svg = re.search(
        r'<figure class="sign-qr">\s*(<svg .*?</svg>)', response.content.decode(), re.DOTALL
    ).group(1)
    page = tmp_path / "sign.html"
    page.write_text(f"<!doctype html><meta charset='utf-8'><body>{svg}</body>", encoding="utf-8")

    decoded = zbar_decode(chromium_screenshot(page, tmp_path))

    assert decoded == [f"https://ocop.example.vn/fairs/{booth.fair.slug}/booths/B7/"]


@pytest.mark.parametrize(
    ("kind", "fmt", "content_type", "magic"),
    [
        ("cooperative", "svg", "image/svg+xml", b"<?xml"),
        ("cooperative", "png", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("booth", "svg", "image/svg+xml", b"<?xml"),
        ("booth", "png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_qr_response_headers(client, kind, fmt, content_type, magic):
    obj = CooperativeFactory() if kind == "cooperative" else BoothFactory(code="C3")

    response = client.get(qr_url(kind, obj, fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response.content.startswith(magic)


def test_booth_qr_ignores_code_case(client):
    booth = BoothFactory(code="A12")

    response = client.get(f"/fairs/{booth.fair.slug}/booths/a12/qr.png")

    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["gif", "jpg", "SVG", "svgz", "png.svg"])
def test_qr_unknown_format_is_404(client, fmt):
    cooperative, booth = CooperativeFactory(), BoothFactory()

    responses = [
        client.get(qr_url(kind, obj, fmt))
        for kind, obj in [("cooperative", cooperative), ("booth", booth)]
    ]

    assert [response.status_code for response in responses] == [404, 404]


def test_qr_of_inactive_cooperative_is_404(client):
    cooperative = CooperativeFactory(is_active=False)

    response = client.get(qr_url("cooperative", cooperative, "png"))

    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_qr_of_unknown_booth_is_404(client):
    booth = BoothFactory(code="A1")
    other_fair = FairFactory()

    responses = [
        client.get(reverse("cooperatives:booth-qr", kwargs=kwargs))
        for kwargs in (
            {"slug": booth.fair.slug, "code": "Z9", "fmt": "png"},
            {"slug": other_fair.slug, "code": "A1", "fmt": "png"},
        )
    ]

    assert [response.status_code for response in responses] == [404, 404]


def test_qr_only_answers_get_and_head(client):
    cooperative = CooperativeFactory()

    response = client.post(qr_url("cooperative", cooperative, "png"))

    assert response.status_code == 405


def test_public_url_is_vietnamese_and_absolute(site_url):
    cooperative = CooperativeFactory(name="HTX Nông sản Khe Sanh")

    with translation.override("en"):
        url = qr.public_url(cooperative)

    assert url == "https://ocop.example.vn/cooperatives/htx-nong-san-khe-sanh/"
