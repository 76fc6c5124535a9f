import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from catalog.models import PackOption, Product, ProductImage
from cooperatives.models import Cooperative, ShopLink
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PackOptionFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
)


def image_bytes(fmt="JPEG", size=(1200, 900), colour="#2f7d32", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def db_snapshot():
    """Everything a staff page can change, as plain values, to compare before and after."""
    return {
        "cooperatives": list(Cooperative.objects.order_by("pk").values()),
        "products": list(Product.objects.order_by("pk").values()),
        "packs": list(PackOption.objects.order_by("pk").values()),
        "images": list(ProductImage.objects.order_by("pk").values()),
        "shop_links": list(ShopLink.objects.order_by("pk").values()),
        "history": Product.history.count() + Cooperative.history.count(),
    }


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Start every test in Vietnamese: a request under /en/ leaves English active in the thread."""
    with translation.override("vi"):
        yield


@pytest.fixture
def portal(db):
    """Two cooperatives, A and B, each with a staff member, a published product and a photo."""
    coop_a = CooperativeFactory(name="HTX Nông sản Khe Sanh", description="Cà phê Arabica.")
    coop_b = CooperativeFactory(name="HTX Sen Quê Bác")
    staff_a = UserFactory(username="htx_a")
    staff_b = UserFactory(username="htx_b")
    MembershipFactory(user=staff_a, cooperative=coop_a)
    MembershipFactory(user=staff_b, cooperative=coop_b, role="editor")
    product_a = ProductFactory(name="Cà phê Khe Sanh", cooperative=coop_a)
    product_b = ProductFactory(name="Trà sen", cooperative=coop_b)
    pack_a = PackOptionFactory(product=product_a, label="gói 500 g", price_vnd=150_000)
    photo_a = ProductImageFactory(product=product_a, sort_order=0, alt_text="Gói cà phê")
    photo_a2 = ProductImageFactory(product=product_a, sort_order=1, alt_text="Hạt cà phê")
    photo_b = ProductImageFactory(product=product_b)
    return {
        "coop_a": coop_a,
        "coop_b": coop_b,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "product_a": product_a,
        "product_b": product_b,
        "pack_a": pack_a,
        "photo_a": photo_a,
        "photo_a2": photo_a2,
        "photo_b": photo_b,
    }


def product_post_data(product, packs=(), **changes):
    """A complete, valid POST of the product form with its pack formset."""
    data = {
        "name": product.name,
        "group": product.group_id,
        "summary": product.summary,
        "description": product.description,
        "traceability_url": product.traceability_url,
        "packs-TOTAL_FORMS": str(len(packs)),
        "packs-INITIAL_FORMS": str(sum(1 for pack in packs if pack.get("id"))),
        "packs-MIN_NUM_FORMS": "0",
        "packs-MAX_NUM_FORMS": "1000",
    }
    for index, pack in enumerate(packs):
        for key, value in pack.items():
            data[f"packs-{index}-{key}"] = "" if value is None else value
    data.update(changes)
    return data
