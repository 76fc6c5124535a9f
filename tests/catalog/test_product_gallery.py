"""The product page's gallery: the main photo large, the others as thumbnails linking to full size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db

# The product page's queries with the page cache off (measured before the gallery was redrawn).
PAGE_QUERIES = 10
IMG = re.compile(r"<img [^>]*>")


def _page(client, product) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _gallery(html: str) -> str:
    return html.split('<div class="product-gallery">')[1].split('<div class="product-info">')[0]


@pytest.fixture
def product(catalogue, settings):
    settings.PAGE_CACHE_SECONDS = 0
    return ProductFactory(
        name="Mật ong hoa cà phê", cooperative=catalogue["khe_sanh"], group=catalogue["food"]
    )


def test_main_photo_large_and_the_others_as_linked_thumbnails(client, product):
    main = ProductImageFactory(product=product, sort_order=0, alt_text="Hũ mật ong 500 ml")
    others = [
        ProductImageFactory(product=product, sort_order=1, alt_text="Tổ ong trong vườn cà phê"),
        ProductImageFactory(product=product, sort_order=2, alt_text=""),
    ]
    html, queries = _page(client, product)
    gallery = _gallery(html)
    assert queries == PAGE_QUERIES

    main_figure = gallery.split('<figure class="gallery-main">')[1].split("</figure>")[0]
    assert f'href="{main.image.url}"' in main_figure
    assert 'alt="Hũ mật ong 500 ml"' in main_figure
    assert 'loading="lazy"' not in main_figure

    thumbs = gallery.split('<ul class="gallery-thumbs"')[1].split("</ul>")[0]
    links = re.findall(r'<li><a href="([^"]+)"><img ([^>]*)></a></li>', thumbs)
    assert [href for href, _ in links] == [image.image.url for image in others]
    for (_, img), image in zip(links, others, strict=True):
        assert f'src="{image.thumbnail.url}"' in img
        assert f'width="{image.thumbnail_width}" height="{image.thumbnail_height}"' in img
        assert 'loading="lazy"' in img
    # A photo without its own description is still named, so its link is too.
    assert 'alt="Tổ ong trong vườn cà phê"' in links[0][1]
    assert 'alt="Ảnh 3 của Mật ong hoa cà phê"' in links[1][1]

    for img in IMG.findall(gallery):
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img), img
        assert re.search(r'alt="[^"]+"', img), img


def test_queries_do_not_grow_with_photos(client, product):
    ProductImageFactory(product=product)
    assert _page(client, product)[1] == PAGE_QUERIES
    ProductImageFactory.create_batch(5, product=product)
    html, queries = _page(client, product)
    assert queries == PAGE_QUERIES
    assert _gallery(html).count("<li>") == 5


def test_a_single_photo_has_no_thumbnail_row(client, product):
    ProductImageFactory(product=product, alt_text="Hũ mật ong")
    gallery = _gallery(_page(client, product)[0])
    assert 'class="gallery-main"' in gallery and "gallery-thumbs" not in gallery


def test_without_photos_the_group_illustration_stays(client, product):
    html, queries = _page(client, product)
    gallery = _gallery(html)
    assert queries == PAGE_QUERIES
    assert 'class="product-illustration"' in gallery
    assert "gallery-main" not in gallery and "gallery-thumbs" not in gallery


def test_english_page_names_unnamed_photos_in_english(client, product):
    ProductImageFactory(product=product, alt_text="")
    ProductImageFactory(product=product, alt_text="")
    html = client.get("/en" + product.get_absolute_url()).content.decode()
    gallery = _gallery(html)
    assert 'alt="Photo of Mật ong hoa cà phê"' in gallery
    assert 'alt="Photo 2 of Mật ong hoa cà phê"' in gallery
