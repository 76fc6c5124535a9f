"""One palette, one print section, one section-marker style.

Every colour is a custom property defined once, in the `:root` block of static/css/palette.css;
the stylesheets and the templates' inline styles and SVG paint attributes use only var(--…).
static/img/ holds images (the favicon), not styles, and is not checked.
"""

import re
from pathlib import Path

import pytest
from PIL import ImageColor

ROOT = Path(__file__).resolve().parents[1]
CSS_DIR = ROOT / "static" / "css"
PALETTE = CSS_DIR / "palette.css"
STYLESHEETS = sorted(CSS_DIR.glob("*.css"))
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))

COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# An innermost rule: its prelude (selector or at-rule) and its declarations.
RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
COLOUR_FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|color-mix)\(", re.I)
WORD = re.compile(r"(?<![\w-])[a-zA-Z]+(?![\w-])")
# The 148 named colours of CSS Color 4; transparent, currentColor and inherit are not among them.
NAMED_COLOURS = frozenset(ImageColor.colormap)
CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:")
VAR = re.compile(r"var\(\s*(--[\w-]+)")
PRINT_AT_RULE = re.compile(r"@media[^{;]*\bprint\b", re.I)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.I)
PAINT_ATTRIBUTE = re.compile(r'\s(?:fill|stroke|stop-color|flood-color|lighting-color)="([^"]*)"')
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
STATIC_CSS = re.compile(r"""\{% static ['"]css/([\w.-]+\.css)['"] %\}""")


def raw_colours(value: str) -> list[str]:
    """Return the colours written out in a CSS value: hex, colour functions, named colours."""
    value = re.sub(r"\"[^\"]*\"|'[^']*'", "", value)  # font names and other strings
    found = HEX.findall(value) + COLOUR_FUNCTION.findall(value)
    return found + [word for word in WORD.findall(value) if word.lower() in NAMED_COLOURS]


def rules(css: str) -> list[tuple[str, str]]:
    """Return (prelude, declarations) of every innermost rule of css, comments removed."""
    return [
        (prelude.rsplit(";", 1)[-1].strip(), body)
        for prelude, body in RULE.findall(COMMENT.sub("", css))
    ]


def declarations(body: str) -> list[tuple[str, str]]:
    pairs = (declaration.partition(":") for declaration in body.split(";"))
    return [(name.strip(), value.strip()) for name, colon, value in pairs if colon]


def raw_colours_in_css(css: str, *, palette: bool = False) -> list[str]:
    """Return "selector { property: value }" for each raw colour outside the palette block."""
    return [
        f"{prelude} {{ {name}: {value} }}"
        for prelude, body in rules(css)
        if not (palette and prelude == ":root")
        for name, value in declarations(body)
        if raw_colours(value)
    ]


def print_sections(css: str) -> int:
    return len(PRINT_AT_RULE.findall(COMMENT.sub("", css)))


def text_after_print_section(css: str) -> str:
    """Return what follows the closing brace of css's print section (empty when it ends css)."""
    css = COMMENT.sub("", css)
    start = PRINT_AT_RULE.search(css).end()
    depth = 0
    for index in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        if depth == 0:
            return css[index + 1 :].strip()
    raise AssertionError("unclosed @media print block")


def marker_styles(css: str) -> set[str]:
    """Return the section-marker styles of css: a banner's ruling, e.g. "=== … ===", or "plain"
    for a bare one-line title; a comment that is a sentence is not a marker."""
    styles = set()
    for comment in COMMENT.findall(css):
        text = comment[2:-2].strip()
        lead = re.match(r"([-=*#~_+])\1+", text)
        trail = re.search(r"([-=*#~_+])\1+$", text)
        if lead or trail:
            styles.add(f"{lead.group(0) if lead else ''} … {trail.group(0) if trail else ''}")
        elif "\n" not in text and not text.endswith((".", "!", "?")):
            styles.add("plain")
    return styles


def palette_properties() -> dict[str, str]:
    (root,) = [body for prelude, body in rules(PALETTE.read_text()) if prelude == ":root"]
    return dict(declarations(root))


def test_the_palette_defines_every_colour_once():
    palette = palette_properties()
    colours = {name for name, value in palette.items() if raw_colours(value)}
    defined = [
        name
        for sheet in STYLESHEETS
        for _prelude, body in rules(sheet.read_text())
        for name in CUSTOM_PROPERTY.findall(body)
    ]

    assert len(colours) >= 10  # the palette is found and holds the site's colours
    assert sorted(name for name in set(defined) if defined.count(name) > 1) == []
    # Every palette entry is a colour, written out or another palette entry.
    assert {
        name: value
        for name, value in palette.items()
        if not raw_colours(value) and set(VAR.findall(value)) - colours
    } == {}


@pytest.mark.parametrize("sheet", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheets_have_no_raw_colour_outside_the_palette(sheet):
    css = sheet.read_text()

    assert raw_colours_in_css(css, palette=sheet == PALETTE) == []


def test_templates_have_no_raw_colour_in_styles_or_svg_paint():
    found = {}
    for template in TEMPLATES:
        html = template.read_text()
        values = STYLE_ATTRIBUTE.findall(html) + PAINT_ATTRIBUTE.findall(html)
        offenders = [value for value in values if raw_colours(TEMPLATE_CODE.sub(" ", value))]
        offenders += [
            rule for element in STYLE_ELEMENT.findall(html) for rule in raw_colours_in_css(element)
        ]
        if offenders:
            found[str(template.relative_to(ROOT))] = offenders

    assert found == {}


@pytest.mark.parametrize(
    "sheet", [sheet for sheet in STYLESHEETS if sheet != PALETTE], ids=lambda path: path.name
)
def test_stylesheets_use_only_defined_custom_properties(sheet):
    # site.css may add its own non-colour tokens (--radius, --font); the admin's stylesheets are
    # loaded without site.css, so they may use the palette only.
    own = set(CUSTOM_PROPERTY.findall(COMMENT.sub("", sheet.read_text())))
    used = set(VAR.findall(sheet.read_text()))

    assert used - set(palette_properties()) - own == set()


def test_pages_link_the_palette_before_a_stylesheet_that_uses_it():
    palette = set(palette_properties())
    users = {
        sheet.name for sheet in STYLESHEETS if set(VAR.findall(sheet.read_text())) & palette
    } - {PALETTE.name}
    missing = {}
    for template in TEMPLATES:
        linked = STATIC_CSS.findall(template.read_text())
        for position, name in enumerate(linked):
            if name in users and PALETTE.name not in linked[:position]:
                missing.setdefault(str(template.relative_to(ROOT)), []).append(name)

    assert {"site.css", "dashboard.css"} <= users
    assert missing == {}


@pytest.mark.parametrize("sheet", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheets_have_at_most_one_print_section_at_their_end(sheet):
    css = sheet.read_text()

    assert print_sections(css) <= 1
    if print_sections(css):
        assert text_after_print_section(css) == ""


def test_stylesheets_share_one_section_marker_style():
    styles = {sheet.name: marker_styles(sheet.read_text()) for sheet in STYLESHEETS}

    assert set().union(*styles.values()) == {"=== … ==="}, styles


@pytest.mark.parametrize(
    ("value", "colours"),
    [
        ("1px solid #9aa5b1", ["#9aa5b1"]),
        ("rgb(0 0 0 / 50%)", ["rgb("]),
        ("hsl(120, 50%, 50%)", ["hsl("]),
        ("0 0 0 2px White", ["White"]),
        ("var(--white)", []),
        ("var(--green-dark)", []),
        ("transparent", []),
        ("currentColor", []),
        ("inherit", []),
        ('700 9px "Segoe UI", Roboto', []),
    ],
)
def test_raw_colours_finds_written_out_colours_only(value, colours):
    assert raw_colours(value) == colours


def test_the_checks_catch_what_they_guard_against():
    css = """/* === A === */
a { color: #fff; }
:root { --x: red; }
@media print { a { color: black; } }
/* ----- B ----- */
/* Title */
b { background: var(--x); }
@media print { b { border: 0; } }
"""

    assert raw_colours_in_css(css) == [
        "a { color: #fff }",
        ":root { --x: red }",
        "a { color: black }",
    ]
    assert print_sections(css) == 2
    assert marker_styles(css) == {"=== … ===", "----- … -----", "plain"}
    assert text_after_print_section("@media print { a { b: c; } }\nb { c: d; }") == "b { c: d; }"


# === No text under 12 px (issue 20) ===
# 12 px = 0.75rem = 9pt (print); em and % are read against a 16 px parent, as every one of
# this site's sizes is set on elements whose parent has the body's 1rem.
MIN_TEXT_PX = 12.0
PX_PER_UNIT = {"px": 1.0, "rem": 16.0, "em": 16.0, "pt": 4 / 3, "%": 0.16}
LENGTH = re.compile(r"(?<![\w.-])(\d*\.?\d+)(px|rem|em|pt|%)(?![\w-])")
SMALL_KEYWORDS = re.compile(r"(?<![\w-])(?:xx-small|x-small|small|smaller)(?![\w-])")
FONT_SIZE_ATTRIBUTE = re.compile(r'\sfont-size="(\d*\.?\d+)(px)?"')


def text_sizes_px(value: str, *, shorthand: bool) -> list[float]:
    """The sizes in a font-size value, or the size in a font shorthand (the length before an
    optional /line-height), in px."""
    if shorthand:  # "700 9px var(--font)", "italic 0.8rem/1.2 serif"
        value = value.split("/", 1)[0]
    return [float(number) * PX_PER_UNIT[unit] for number, unit in LENGTH.findall(value)]


def small_text_in_css(css: str) -> list[str]:
    found = []
    for selector, body in rules(css):
        for name, value in declarations(body):
            if name not in ("font-size", "font"):
                continue
            sizes = text_sizes_px(value, shorthand=name == "font")
            if any(size < MIN_TEXT_PX for size in sizes) or SMALL_KEYWORDS.search(value):
                found.append(f"{selector} {{ {name}: {value} }}")
    return found


def test_small_text_detection():
    css = ".a { font-size: 0.7rem } .b { font: 700 9px var(--f) } .c { font-size: 8pt } .d { font-size: 0.75rem } .e { font: 1rem/1.2 serif } .f { font-size: smaller }"
    assert small_text_in_css(css) == [
        ".a { font-size: 0.7rem }",
        ".b { font: 700 9px var(--f) }",
        ".c { font-size: 8pt }",
        ".f { font-size: smaller }",
    ]


@pytest.mark.parametrize("sheet", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheets_set_no_text_under_12_px(sheet):
    assert small_text_in_css(sheet.read_text()) == []


def test_templates_set_no_text_under_12_px():
    found = []
    for template in TEMPLATES:
        text = template.read_text()
        styles = STYLE_ATTRIBUTE.findall(text) + STYLE_ELEMENT.findall(text)
        for style in styles:
            found += [f"{template.name}: {rule}" for rule in small_text_in_css(f"x {{{style}}}")]
        found += [
            f"{template.name}: font-size={size}"
            for size, unit in FONT_SIZE_ATTRIBUTE.findall(text)
            if float(size) < MIN_TEXT_PX
        ]
    assert found == []
