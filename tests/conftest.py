import datetime
import importlib

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from catalog.services import certification_record
from tests.factories import (
    BoothAssignmentFactory,
    CooperativeFactory,
    FairFactory,
    PackOptionFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductImageFactory,
    ProvinceFactory,
    ShopLinkFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep every file a test writes out of the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language.

    A request to an /en/ page leaves English active in the test's thread (Django activates the
    request's language and never deactivates it), so a later test's reverse() would build /en/
    addresses.
    """
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache every process would share (not per-process memory), with the page cache off: each
    request renders its page, and only what the page's memos and cards keep comes from the cache."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


def organisers_group() -> Group:
    """The "Organisers" group as its migration makes it.

    A transactional test (the booth races, the browser tests) ends with a flush that empties
    every table, migration data included: the group is then rebuilt with the same permissions.
    """
    migration = importlib.import_module("cooperatives.migrations.0002_organisers_group")
    group, created = Group.objects.get_or_create(name=migration.ORGANISER_GROUP)
    if created:
        group.permissions.set(
            # Enquiries moved to the trade app with their permissions (trade/migrations/0001).
            Permission.objects.filter(content_type__app_label__in=[*migration.APP_LABELS, "trade"])
            | Permission.objects.filter(
                content_type__app_label="auth", codename__in=migration.AUTH_PERMISSIONS
            )
        )
    return group


@pytest.fixture
def organiser(db):
    """A staff user whose only rights come from the "Organisers" group; not a superuser."""
    user = UserFactory(is_staff=True)
    user.groups.add(organisers_group())
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def catalogue():
    """A small fair: two provinces, two groups, a few products with awards, images and booths."""
    fair = FairFactory(is_current=True, name="Hội nghị xúc tiến thương mại Bắc Trung Bộ 2022")
    ha_tinh = ProvinceFactory(name="Hà Tĩnh", code="42")
    quang_tri = ProvinceFactory(name="Quảng Trị", code="45")
    food = ProductGroupFactory(code="I", name="Thực phẩm", name_en="Food")
    herbs = ProductGroupFactory(code="III", name="Dược liệu", name_en="Medicinal herbs")
    tea = ProductGroupFactory(code="I.5", name="Chè", name_en="Tea", parent=food)
    khe_sanh = CooperativeFactory(name="HTX Nông sản Khe Sanh", province=quang_tri)
    phuc_trach = CooperativeFactory(name="HTX Bưởi Phúc Trạch", province=ha_tinh)
    coffee = ProductFactory(
        name="Cà phê Khe Sanh", cooperative=khe_sanh, group=food, summary="Arabica Hướng Hóa"
    )
    pomelo = ProductFactory(name="Bưởi Phúc Trạch", cooperative=phuc_trach, group=food)
    herbal = ProductFactory(name="Trà túi lọc cà gai leo", cooperative=phuc_trach, group=tea)
    antler = ProductFactory(name="Nhung hươu Hương Sơn", cooperative=phuc_trach, group=herbs)
    ProductFactory(name="Đậu phộng rang", cooperative=khe_sanh, group=food, status="pending")
    certification_record(
        product=coffee, stars=5, level="national", decision_date=datetime.date(2025, 1, 16)
    )
    certification_record(
        product=pomelo,
        stars=3,
        level="province",
        decision_date=datetime.date(2019, 1, 1),
        date_precision="year",
    )
    certification_record(
        product=herbal, stars=4, level="province", decision_date=datetime.date(2024, 10, 15)
    )
    for product in (coffee, pomelo, herbal, antler):
        ProductImageFactory(product=product)
    PackOptionFactory(product=coffee, label="gói 500 g", price_vnd=150_000)
    ShopLinkFactory(cooperative=khe_sanh)
    BoothAssignmentFactory(booth__fair=fair, booth__code="B7", cooperative=khe_sanh)
    return {
        "fair": fair,
        "ha_tinh": ha_tinh,
        "quang_tri": quang_tri,
        "food": food,
        "tea": tea,
        "herbs": herbs,
        "coffee": coffee,
        "pomelo": pomelo,
        "herbal": herbal,
        "antler": antler,
        "khe_sanh": khe_sanh,
    }
