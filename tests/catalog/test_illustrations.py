"""The group illustrations shown for products without photos (catalog/illustrations.py), the
vendored drawings in static/img/groups/ (make icons) and how cards and product pages use them."""

import csv
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse

from catalog.icons_build import build, svg_of
from catalog.illustrations import (
    GENERIC_ICON,
    GROUP_ICONS,
    ICON_DIR,
    icon_for_code,
    icon_names,
    icon_path,
)
from tests.factories import ProductFactory, ProductGroupFactory

STATIC_DIR = Path(settings.BASE_DIR) / "static"
VENDORED = STATIC_DIR / ICON_DIR
SVG = "{http://www.w3.org/2000/svg}"


def test_every_group_of_decision_148_has_its_own_mapping():
    with open(Path(settings.BASE_DIR) / "fixtures" / "product_groups.csv", encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    assert codes == set(GROUP_ICONS)


@pytest.mark.parametrize(
    ("code", "icon"),
    [
        ("I.6", "hot-beverage"),  # coffee
        ("I.5.a", "teacup-without-handle"),  # tea
        ("I.2.b", "honey-pot"),
        ("I.2.a", "sheaf-of-rice"),
        ("I.4.a", "fish"),  # fish sauce
        ("I.1.a", "mango"),  # fruit
        ("III", "herb"),
        ("IV", "basket"),
        ("VI", "national-park"),
        ("I.5.z", "teacup-without-handle"),  # an unknown sub-group: its parent's drawing
        ("IX.1", GENERIC_ICON),
        ("", GENERIC_ICON),
    ],
)
def test_icon_for_code_uses_the_most_specific_mapped_group(code, icon):
    assert icon_for_code(code) == icon


def test_the_vendored_drawings_are_exactly_those_used_with_their_licence():
    assert sorted(path.stem for path in VENDORED.glob("*.svg")) == icon_names()
    licence = (VENDORED / "LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Microsoft" in licence


@pytest.mark.parametrize("name", icon_names())
def test_each_drawing_is_a_picture_without_text_or_script(name):
    root = ElementTree.parse(VENDORED / f"{name}.svg").getroot()
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 32 32"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"text", "script", "foreignObject", "image", "a"}
    assert tags & {"path", "circle", "ellipse", "rect"}


def test_build_writes_the_used_icons_resolves_aliases_and_removes_stale_ones(tmp_path):
    source, out = tmp_path / "set", tmp_path / "out"
    source.mkdir()
    out.mkdir()
    body = '<path fill="#f00" d="M0 0h32v32H0z"/>'
    icons = {name: {"body": body} for name in icon_names() if name != "package"}
    icon_set = {"prefix": "x", "width": 32, "height": 32, "icons": icons}
    icon_set["aliases"] = {"package": {"parent": "basket"}}
    (source / "icons.json").write_text(json.dumps(icon_set), encoding="utf-8")
    (source / "package.json").write_text('{"version": "9.9.9"}', encoding="utf-8")
    (out / "old-drawing.svg").write_text("<svg/>", encoding="utf-8")

    written = build(source, out)

    assert written == icon_names()
    assert sorted(path.stem for path in out.glob("*.svg")) == icon_names()
    assert (out / "package.svg").read_text(encoding="utf-8") == svg_of(icon_set, "basket")
    assert "9.9.9" in (out / "LICENSE.txt").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_a_card_without_photo_shows_its_group_illustration_marked_as_such(client, catalogue):
    honey = ProductGroupFactory(code="I.2.b", name="Mật ong", parent=catalogue["food"])
    ProductFactory(name="Mật ong bạc hà", cooperative=catalogue["coffee"].cooperative, group=honey)

    html = client.get(reverse("catalog:product-list")).content.decode()

    card = re.search(r'<li class="card">(?:(?!</li>).)*Mật ong bạc hà.*?</li>', html, re.S)[0]
    image = re.search(r"<img [^>]*>", card)[0]
    assert "card-illustration" in image and f"/{ICON_DIR}/honey-pot" in image
    assert 'alt="Hình minh hoạ nhóm Mật ong, không phải ảnh sản phẩm"' in image
    assert 'width="32" height="32"' in image
    assert "Mật ong bạc hà" not in image  # never a picture of the name
    # The products with photos keep them.
    assert html.count("card-illustration") == 1


@pytest.mark.django_db
def test_a_product_page_without_photo_captions_the_illustration(client, catalogue):
    product = ProductFactory(cooperative=catalogue["coffee"].cooperative, group=catalogue["tea"])

    html = client.get(product.get_absolute_url()).content.decode()

    assert f"/{icon_path('I.5')}".replace(".svg", "") in html
    assert "Chưa có ảnh sản phẩm: đây là hình minh hoạ nhóm Chè." in html
