"""Product cards from the shared cache (catalog/cards.py): rendered once per version of what
they show, and every edit of what a card shows is on the next page that lists it."""

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from catalog.cards import CARD_TEMPLATE

# A cache every process would share, the page cache off (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


@pytest.fixture
def card_renders():
    """The names of the products whose cards were rendered, in order."""
    names = []

    def note(sender, template, context, **kwargs):
        if template.name == CARD_TEMPLATE:
            names.append(context["product"].name)

    template_rendered.connect(note, dispatch_uid="card-renders")
    yield names
    template_rendered.disconnect(dispatch_uid="card-renders")


def test_cards_are_rendered_once_per_version(client, catalogue, card_renders):
    url = reverse("catalog:product-list")
    first = client.get(url)
    assert len(card_renders) == 4  # the published products

    second = client.get(url)

    assert len(card_renders) == 4
    assert second.content == first.content


def test_renamed_product_card_is_rendered_again_at_once(client, catalogue, card_renders):
    url = reverse("catalog:product-list")
    client.get(url)
    coffee = catalogue["coffee"]
    card_renders.clear()

    coffee.name = "Cà phê Arabica Khe Sanh"
    coffee.save()
    html = client.get(url).content.decode()

    assert card_renders == ["Cà phê Arabica Khe Sanh"]
    assert "Cà phê Arabica Khe Sanh" in html


def test_renamed_cooperative_shows_on_its_products_cards(client, catalogue, card_renders):
    url = reverse("catalog:product-list")
    client.get(url)
    phuc_trach = catalogue["pomelo"].cooperative
    card_renders.clear()

    phuc_trach.name = "HTX Bưởi Phúc Trạch Hà Tĩnh"
    phuc_trach.save()
    html = client.get(url).content.decode()

    assert sorted(card_renders) == sorted(
        catalogue[name].name for name in ("pomelo", "herbal", "antler")
    )
    assert html.count("HTX Bưởi Phúc Trạch Hà Tĩnh") == 3


def test_each_language_has_its_own_cards(client, catalogue, card_renders):
    client.get(reverse("catalog:product-list"))
    card_renders.clear()

    html = client.get("/en/products/").content.decode()

    assert len(card_renders) == 4
    assert "Food" in html


@pytest.mark.parametrize("page", ["catalogue", "province", "cooperative"])
def test_cached_cards_keep_the_query_count(client, catalogue, page, django_assert_max_num_queries):
    url = {
        "catalogue": reverse("catalog:product-list"),
        "province": reverse("catalog:province-detail", args=[catalogue["quang_tri"].slug]),
        "cooperative": catalogue["khe_sanh"].get_absolute_url(),
    }[page]
    client.get(url)  # the cards are in the cache now

    with django_assert_max_num_queries(10):
        response = client.get(url)

    assert catalogue["coffee"].name in response.content.decode()


@pytest.mark.parametrize("page", ["catalogue", "home", "cooperative", "product"])
def test_cached_cards_load_no_product(client, catalogue, page, django_assert_max_num_queries):
    url = {
        "catalogue": reverse("catalog:product-list"),
        "home": "/",
        "cooperative": catalogue["pomelo"].cooperative.get_absolute_url(),
        "product": catalogue["pomelo"].get_absolute_url(),
    }[page]
    client.get(url)  # the cards are in the cache now

    with django_assert_max_num_queries(10) as queries:
        client.get(url)

    # The cards' keys are read, but no cover photo is: no card's product was loaded.
    covers = '"catalog_productimage"."product_id" IN'
    assert not [q for q in queries.captured_queries if covers in q["sql"]]


def test_only_the_stale_cards_products_are_loaded(client, catalogue, card_renders):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("catalog:product-list")
    client.get(url)
    coffee = catalogue["coffee"]
    coffee.name = "Cà phê Arabica Khe Sanh"
    coffee.save()
    card_renders.clear()

    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()

    photos = [q["sql"] for q in queries.captured_queries if "catalog_productimage" in q["sql"]]
    assert len(photos) == 1 and f"IN ({coffee.pk})" in photos[0]
    assert card_renders == ["Cà phê Arabica Khe Sanh"]
    assert "Cà phê Arabica Khe Sanh" in html
