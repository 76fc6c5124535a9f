"""load_demo --scale: numbered copies for benchmarks, searchable like the originals, once."""

import pytest

from catalog.demo.scale import demo_scale
from catalog.models import Certification, Product, ProductImage
from cooperatives.models import Cooperative
from ocop_fair.page_versions import ALL, versions

pytestmark = pytest.mark.django_db


def test_scale_copies_products_awards_and_photos_once(catalogue):
    products, cooperatives = Product.objects.count(), Cooperative.objects.count()
    awards, images = Certification.objects.count(), ProductImage.objects.count()
    version = versions([ALL])

    result = demo_scale(factor=12)

    assert result.products == Product.objects.count() == products * 12
    # Copies 1–9 stay with the original producers, 10 and 11 go to one copy of each.
    assert result.cooperatives == cooperatives + 2
    assert Cooperative.objects.filter(name__endswith=" · thử tải 1").count() == 2
    assert Certification.objects.count() == awards * 12
    assert ProductImage.objects.count() == images * 12
    assert versions([ALL]) != version

    copy = Product.objects.get(name="Cà phê Khe Sanh · thử tải 11")
    assert copy.cooperative.name == "HTX Nông sản Khe Sanh · thử tải 1"
    assert copy.ocop_stars == catalogue["coffee"].ocop_stars
    assert copy.images.get().image.name == catalogue["coffee"].images.get().image.name
    assert copy.search_text.startswith("ca phe khe sanh · thu tai 11 ")

    again = demo_scale(factor=12)
    assert again.created == {}
    assert Product.objects.count() == products * 12
