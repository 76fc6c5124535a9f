"""Page cache on: every write path re-renders each page that shows it, and only those.

docs/caching.md says which page depends on which tag; here each write is made through the
service or save the admin and the portal use, then every page that shows it must be a miss with
the new content on the very next request, while a page that does not show it stays a hit.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalog.models import PackOption
from catalog.services import certification_record, product_image_add, product_image_delete
from cooperatives.services import booth_assign
from tests.factories import BoothFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "shared"])
def page_cache(request, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 600
    # Per-process memory, and a cache every process would share (as Redis is): with the
    # latter, the cards, the filter form and the memos (current fair, a cooperative's booths
    # and products) come from the cache too, and each edit must reach them as well.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-versions-tests",
        }
        if request.param == "locmem"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def pages(catalogue):
    """The English public pages of the small fair, by name."""
    return {
        "coffee": "/en" + catalogue["coffee"].get_absolute_url(),
        "pomelo": "/en" + catalogue["pomelo"].get_absolute_url(),
        "herbal": "/en" + catalogue["herbal"].get_absolute_url(),
        "catalogue": "/en/products/",
        "home": "/en/",
        "khe sanh": "/en" + catalogue["khe_sanh"].get_absolute_url(),
        "phuc trach": "/en" + catalogue["pomelo"].cooperative.get_absolute_url(),
        "quang tri": "/en" + reverse("catalog:province-detail", args=[catalogue["quang_tri"].slug]),
        "ha tinh": "/en" + reverse("catalog:province-detail", args=[catalogue["ha_tinh"].slug]),
        "floor plan": "/en" + reverse("cooperatives:floor-plan"),
    }


def cached(client, pages) -> None:
    """Render every page until it is stored, and check each is then served from the cache."""
    for url in pages.values():
        client.get(url)
        client.get(url)
    assert {name: client.get(url)["X-Page-Cache"] for name, url in pages.items()} == dict.fromkeys(
        pages, "hit"
    )


def after_edit(client, pages, shown: list[str], text: str, *, gone: str = "") -> set[str]:
    """Assert text is on each page of shown at once (and gone is not); return the pages that
    were served from the cache."""
    hits = set()
    for name, url in pages.items():
        response = client.get(url)
        html = response.content.decode()
        if name in shown:
            assert response["X-Page-Cache"] == "miss", name
            assert text in html, name
            assert not gone or gone not in html, name
        elif response["X-Page-Cache"] == "hit":
            hits.add(name)
    return hits


def test_pack_price_shows_on_its_product_page_and_its_cards(client, catalogue, pages):
    cached(client, pages)
    pack = PackOption.objects.get(product=catalogue["coffee"])

    pack.price_vnd = 172_000
    pack.save()

    # Cards show the lowest price ("from 172.000 ₫"): the listings render again; the other
    # cooperative's pages and the floor plan are still served from the cache.
    shown = ["coffee", "catalogue", "khe sanh", "quang tri"]
    hits = after_edit(client, pages, shown, "172.000", gone="150.000")
    assert hits == {"pomelo", "herbal", "phuc trach", "floor plan"}


def test_product_name_shows_on_every_page_that_lists_it(client, catalogue, pages):
    cached(client, pages)
    coffee = catalogue["coffee"]

    coffee.name = "Cà phê Arabica Khe Sanh"
    coffee.save()

    shown = ["coffee", "catalogue", "khe sanh", "quang tri"]
    hits = after_edit(client, pages, shown, "Cà phê Arabica Khe Sanh")
    # Another cooperative's product pages and the floor plan do not show it.
    assert {"pomelo", "herbal", "phuc trach", "floor plan"} <= hits


def test_cooperative_name_shows_on_its_pages_the_cards_and_the_floor_plan(client, catalogue, pages):
    cached(client, pages)
    khe_sanh = catalogue["khe_sanh"]

    khe_sanh.name = "HTX Cà phê Khe Sanh"
    khe_sanh.save()

    shown = ["coffee", "catalogue", "khe sanh", "quang tri", "floor plan"]
    hits = after_edit(client, pages, shown, "HTX Cà phê Khe Sanh", gone="HTX Nông sản Khe Sanh")
    assert {"pomelo", "herbal", "phuc trach"} <= hits


def test_award_shows_on_the_product_its_cooperative_and_the_listings(client, catalogue, pages):
    antler = "/en" + catalogue["antler"].get_absolute_url()
    cached(client, pages)

    certification_record(
        product=catalogue["antler"],
        stars=2,
        level="province",
        decision_date=datetime.date(2025, 3, 1),
    )

    response = client.get(antler)
    assert "2 OCOP stars out of 5" in response.content.decode()
    # The cooperative's other products show the antler's card beside them; its stars too.
    shown = ["pomelo", "herbal", "catalogue", "phuc trach", "ha tinh"]
    hits = after_edit(client, pages, shown, "2 OCOP stars")
    assert {"coffee", "khe sanh", "floor plan"} <= hits


def test_booth_assignment_shows_on_the_cooperative_its_products_and_the_floor_plan(
    client, catalogue, pages
):
    cached(client, pages)
    booth = BoothFactory(fair=catalogue["fair"], code="C12")

    booth_assign(booth=booth, cooperative=catalogue["pomelo"].cooperative)

    # Creating the booth row itself replaces "all"; the next test checks what stays cached.
    shown = ["pomelo", "herbal", "phuc trach", "floor plan"]
    after_edit(client, pages, shown, "C12")


def test_booth_assignment_keeps_other_cooperatives_pages_cached(client, catalogue, pages):
    booth = BoothFactory(fair=catalogue["fair"], code="C12")
    cached(client, pages)

    booth_assign(booth=booth, cooperative=catalogue["pomelo"].cooperative)

    hits = after_edit(client, pages, ["pomelo", "herbal", "phuc trach", "floor plan"], "C12")
    # The cooperative also became an exhibitor of the fair, which "at this fair" listings show:
    # they render again; other cooperatives' pages stay cached.
    assert hits == {"coffee", "khe sanh"}
    second = BoothFactory(fair=catalogue["fair"], code="C13")
    cached(client, pages)

    booth_assign(booth=second, cooperative=catalogue["pomelo"].cooperative)

    # Already an exhibitor: a second booth changes its pages and the map, and the listings too,
    # since cards show a booth at the current fair; other cooperatives' pages stay cached.
    hits = after_edit(client, pages, ["pomelo", "herbal", "phuc trach", "floor plan"], "C13")
    assert hits == {"coffee", "khe sanh"}


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "#2f7d32").save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_new_photo_shows_on_its_product_page(client, catalogue, pages):
    cached(client, pages)

    image = product_image_add(product=catalogue["coffee"], file=_photo(), alt_text="Hạt cà phê")

    hits = after_edit(client, pages, ["coffee"], image.thumbnail.url)
    assert {"pomelo", "herbal", "phuc trach", "floor plan"} <= hits


def test_deleted_cover_photo_leaves_every_card_at_once(client, catalogue, pages):
    cover = catalogue["coffee"].images.get()
    cached(client, pages)
    assert cover.thumbnail.url in client.get(pages["catalogue"]).content.decode()

    product_image_delete(image=cover)

    for name in ["coffee", "catalogue", "khe sanh", "quang tri"]:
        response = client.get(pages[name])
        assert response["X-Page-Cache"] == "miss", name
        assert cover.thumbnail.url not in response.content.decode(), name
    assert client.get(pages["pomelo"])["X-Page-Cache"] == "hit"


def test_unrelated_product_page_is_rendered_once_under_edits(client, catalogue, pages):
    """Ten saves of one product: another cooperative's product page is never re-rendered."""
    cached(client, pages)
    coffee = catalogue["coffee"]

    for number in range(10):
        coffee.summary = f"Arabica, lô {number}"
        coffee.save()
        assert client.get(pages["pomelo"])["X-Page-Cache"] == "hit"
        assert f"Arabica, lô {number}" in client.get(pages["coffee"]).content.decode()


def test_description_shows_on_its_product_page_and_keeps_the_listings_cached(
    client, catalogue, pages
):
    cached(client, pages)
    coffee = catalogue["coffee"]

    coffee.description = "Rang xay tại Hướng Hóa."
    coffee.save()

    hits = after_edit(client, pages, ["coffee"], "Rang xay tại Hướng Hóa.")
    # No card shows a description: the listings and the cooperative's pages stay cached.
    assert hits == set(pages) - {"coffee"}


def test_pack_label_shows_on_its_product_page_and_keeps_the_listings_cached(
    client, catalogue, pages
):
    cached(client, pages)
    pack = PackOption.objects.get(product=catalogue["coffee"])

    pack.label = "Túi 1 kg"
    pack.save()

    hits = after_edit(client, pages, ["coffee"], "Túi 1 kg")
    assert hits == set(pages) - {"coffee"}


def test_summary_shows_on_search_results_and_keeps_the_other_listings_cached(
    client, catalogue, pages
):
    search = "/en/products/?q=robusta"
    pages = pages | {"search": search}
    cached(client, pages)
    assert "Cà phê Khe Sanh" not in client.get(search).content.decode()
    coffee = catalogue["coffee"]

    coffee.summary = "Robusta Hướng Hóa"
    coffee.save()

    # The search matches summaries: its results change; the cards themselves do not.
    hits = after_edit(client, pages, ["coffee", "search"], "Cà phê Khe Sanh")
    assert "Robusta Hướng Hóa" in client.get(pages["coffee"]).content.decode()
    assert hits == set(pages) - {"coffee", "search"}


def test_product_name_shows_at_once_on_the_catalogue_and_search_results(client, catalogue, pages):
    pages = pages | {"search": "/en/products/?q=khe+sanh"}
    cached(client, pages)
    coffee = catalogue["coffee"]

    coffee.name = "Cà phê Arabica Khe Sanh"
    coffee.save()

    after_edit(client, pages, ["catalogue", "search"], "Cà phê Arabica Khe Sanh")


def test_any_product_save_renews_the_sitemap(client, catalogue, pages):
    sitemap = "/sitemap-products-en.xml"
    pages = pages | {"sitemap": sitemap}
    cached(client, pages)
    coffee = catalogue["coffee"]

    coffee.description = "Rang xay tại Hướng Hóa."
    coffee.save()

    # The sitemap dates each product's last edit (updated_at); the catalogue does not.
    coffee.refresh_from_db()
    hits = after_edit(client, pages, ["coffee", "sitemap"], coffee.get_absolute_url())
    assert hits == set(pages) - {"coffee", "sitemap"}
