"""QR codes of public pages (cooperatives, booths) for printed signs, as SVG or PNG."""

import io

import segno
from django.conf import settings
from django.utils import translation

# M (15 % of the code may be lost) keeps codes small enough to scan from a distance; segno raises
# the level further whenever that costs no extra modules (boost_error).
ERROR_LEVEL = "m"
# The standard's quiet zone: four light modules around the code, or phones fail to find it.
BORDER = 4
# Pixels per module: a 41-module code becomes a 490 px PNG, enough for a screen or a print shop.
PNG_SCALE = 10
SVG_SCALE = 8
DARK, LIGHT = "#000", "#fff"


def public_url(obj) -> str:
    """Return the absolute address of obj's Vietnamese public page on the public site."""
    # Never the request's host: signs are printed on an organiser's laptop or a staging server.
    with translation.override("vi"):
        return settings.SITE_URL + obj.get_absolute_url()


def make_code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL)


def svg_bytes(url: str) -> bytes:
    """Return a standalone SVG document of url's QR code."""
    buffer = io.BytesIO()
    make_code(url).save(buffer, kind="svg", scale=SVG_SCALE, border=BORDER, dark=DARK, light=LIGHT)
    return buffer.getvalue()


def png_bytes(url: str) -> bytes:
    """Return a PNG image of url's QR code."""
    buffer = io.BytesIO()
    make_code(url).save(buffer, kind="png", scale=PNG_SCALE, border=BORDER, dark=DARK, light=LIGHT)
    return buffer.getvalue()


def svg_inline(url: str) -> str:
    """Return url's QR code as an <svg> element for an HTML page, sized by CSS (no width)."""
    return make_code(url).svg_inline(
        scale=1, border=BORDER, dark=DARK, light=LIGHT, omitsize=True, svgclass="qr-code"
    )
