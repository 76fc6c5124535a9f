"""Take the README's screenshots of the catalogue on a phone and on a desktop.

Run through `make screenshots`, which serves a fresh demo fair and calls:
    python docs/screenshots.py http://127.0.0.1:8765 docs/screenshots
Uses Playwright with Debian's Chromium (apt-get install chromium), like the browser tests.
"""

import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = {
    # name: (path, viewport, full page)
    "catalogue-phone.png": ("/products/?province=ha-tinh", {"width": 390, "height": 844}, False),
    "catalogue-desktop.png": ("/products/", {"width": 1366, "height": 900}, False),
    "product-phone.png": (
        "/products/ca-phe-khe-sanh-khe-sanh-coffee/",
        {"width": 390, "height": 844},
        True,
    ),
}


def wait_for(url: str, seconds: int = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main(base_url: str, folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    wait_for(base_url + "/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, (path, viewport, full_page) in SHOTS.items():
            page = browser.new_page(viewport=viewport, device_scale_factor=1, locale="vi-VN")
            page.goto(base_url + path, wait_until="networkidle")
            page.screenshot(path=out / name, full_page=full_page)
            page.close()
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
