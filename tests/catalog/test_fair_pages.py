"""The public exhibitor list of a fair and the catalogue's "at this fair" filter."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from tests.factories import (
    BoothAssignmentFactory,
    CooperativeFactory,
    FairExhibitorFactory,
    FairFactory,
    ProductFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db
ON_DAY = datetime.date(2026, 12, 2)


def fix_today(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


@pytest.fixture
def fair_2026(catalogue):
    """The current fair, on from 1 to 4 December 2026; Khe Sanh exhibits, Phúc Trạch does not."""
    fair = catalogue["fair"]
    fair.is_current = False
    fair.save()
    current = FairFactory(
        name="Hội chợ OCOP Bắc Trung Bộ 2026",
        year=2026,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 4),
        is_current=True,
    )
    FairExhibitorFactory(fair=current, cooperative=catalogue["khe_sanh"])
    # Phúc Trạch had a booth at the 2022 fair: that must not make it an exhibitor in 2026.
    FairExhibitorFactory(fair=fair, cooperative=catalogue["pomelo"].cooperative)
    return current


def exhibitors_url(fair):
    return reverse("catalog:fair-exhibitors", kwargs={"slug": fair.slug})


def names(response):
    return [cooperative.name for cooperative in response.context["exhibitors"]]


def test_exhibitors_are_listed_a_to_z_in_vietnamese_order(client):
    fair = FairFactory()
    for name in [
        "HTX Đông Sơn",
        "HTX Anh Đào",
        "HTX Ăn Lành",
        "HTX Dương Đông",
        "HTX Zét",
        "HTX Âu",
    ]:
        FairExhibitorFactory(fair=fair, cooperative__name=name)
    FairExhibitorFactory(cooperative__name="HTX Ở hội chợ khác")
    CooperativeFactory(name="HTX Không tham gia")
    FairExhibitorFactory(
        fair=fair, cooperative__name="HTX Ngừng hoạt động", cooperative__is_active=False
    )

    response = client.get(exhibitors_url(fair))

    assert names(response) == [
        "HTX Anh Đào",
        "HTX Ăn Lành",
        "HTX Âu",
        "HTX Dương Đông",
        "HTX Đông Sơn",
        "HTX Zét",
    ]


def test_exhibitor_shows_its_booths_in_order_with_links_to_the_map(client):
    fair = FairFactory()
    cooperative = CooperativeFactory(name="HTX Đồng Tâm")
    for code in ["A10", "A2"]:
        BoothAssignmentFactory(booth__fair=fair, booth__code=code, cooperative=cooperative)
    BoothAssignmentFactory(booth__code="Z9", cooperative=cooperative)  # another fair's booth
    FairExhibitorFactory(fair=fair, cooperative=cooperative)
    FairExhibitorFactory(fair=fair, cooperative__name="HTX Chưa có gian")

    response = client.get(exhibitors_url(fair))

    [without, with_booths] = response.context["exhibitors"]
    assert [booth.code for booth in with_booths.fair_booths] == ["A2", "A10"]
    assert without.fair_booths == []
    content = response.content.decode()
    map_url = f"{fair.get_floor_plan_url()}?booth=A2#booth-A2"
    assert f'<a href="{map_url}" aria-label="Gian hàng A2 trên sơ đồ">Gian hàng A2</a>' in content
    assert "Z9" not in content
    assert "gian hàng sẽ được thông báo sau" in content


def test_exhibitors_filter_by_province_as_named_at_the_fair(client):
    fair = FairFactory(
        year=2026, starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 4)
    )
    quang_tri = ProvinceFactory(name="Quảng Trị")
    quang_binh = ProvinceFactory(
        name="Quảng Bình",
        successor_name="Quảng Trị",
        successor_since=datetime.date(2025, 7, 1),
        current_name="Quảng Trị",
    )
    ha_tinh = ProvinceFactory(name="Hà Tĩnh")
    for name, province in [
        ("HTX Đại Phong", quang_binh),
        ("HTX Khe Sanh", quang_tri),
        ("HTX Bưởi Phúc Trạch", ha_tinh),
    ]:
        FairExhibitorFactory(fair=fair, cooperative__name=name, cooperative__province=province)

    response = client.get(exhibitors_url(fair), {"province": "quang-tri"})

    assert names(response) == ["HTX Đại Phong", "HTX Khe Sanh"]
    assert response.context["form"].fields["province"].choices == [
        ("", "Tất cả các tỉnh"),
        ("quang-tri", "Quảng Trị"),
        ("ha-tinh", "Hà Tĩnh"),
    ]


def test_exhibitors_filter_by_product_group_and_its_sub_groups(client, catalogue):
    fair = catalogue["fair"]
    FairExhibitorFactory(fair=fair, cooperative=catalogue["khe_sanh"])  # coffee: food
    FairExhibitorFactory(
        fair=fair, cooperative=catalogue["pomelo"].cooperative
    )  # tea: under food; herbs

    food = client.get(exhibitors_url(fair), {"group": catalogue["food"].slug})
    herbs = client.get(exhibitors_url(fair), {"group": catalogue["herbs"].slug})
    tea = client.get(exhibitors_url(fair), {"group": catalogue["tea"].slug})

    assert names(food) == ["HTX Bưởi Phúc Trạch", "HTX Nông sản Khe Sanh"]
    assert names(herbs) == names(tea) == ["HTX Bưởi Phúc Trạch"]


@pytest.mark.parametrize(
    "params",
    [
        {"province": "khong-co"},
        {"group": "\x00"},
        {"group": "x" * 5000},
        {"province": ["a", "b"]},
        {"page": "abc"},
        {"page": "99"},
    ],
)
def test_hostile_exhibitor_queries_never_fail(client, params):
    fair = FairFactory()
    FairExhibitorFactory(fair=fair, cooperative__name="HTX Đồng Tâm")
    response = client.get(exhibitors_url(fair), params)
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert names(response) == ["HTX Đồng Tâm"]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_exhibitor_list_query_count_does_not_grow_with_exhibitors(client):
    fair = FairFactory(is_current=True)
    province = ProvinceFactory()

    def grow(count):
        for _ in range(count):
            exhibitor = FairExhibitorFactory(fair=fair, cooperative__province=province)
            BoothAssignmentFactory(booth__fair=fair, cooperative=exhibitor.cooperative)

    url = exhibitors_url(fair) + f"?province={province.slug}"
    grow(1)
    few = _count(client, url)
    grow(40)
    assert _count(client, url) == few <= 10


def test_at_this_fair_is_on_by_default_while_the_fair_is_on(client, fair_2026, monkeypatch):
    fix_today(monkeypatch, ON_DAY)

    response = client.get(reverse("catalog:product-list"))

    products = {product.name for product in response.context["products"]}
    assert products == {"Cà phê Khe Sanh"}  # Phúc Trạch is not at the 2026 fair
    content = response.content.decode()
    assert (
        "Chỉ hiện sản phẩm của các đơn vị trưng bày tại Hội chợ OCOP Bắc Trung Bộ 2026" in content
    )
    assert '<a href="?at_fair=no">Xem tất cả sản phẩm</a>' in content


def test_at_this_fair_can_be_turned_off(client, fair_2026, monkeypatch):
    fix_today(monkeypatch, ON_DAY)

    response = client.get(reverse("catalog:product-list"), {"at_fair": "no"})

    assert response.context["paginator"].count == Product.objects.published().count() == 4
    assert "Chỉ hiện sản phẩm" not in response.content.decode()


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 30), datetime.date(2026, 12, 5)])
def test_at_this_fair_is_off_by_default_before_and_after_the_fair(
    client, fair_2026, monkeypatch, today
):
    fix_today(monkeypatch, today)

    default = client.get(reverse("catalog:product-list"))
    chosen = client.get(reverse("catalog:product-list"), {"at_fair": "yes"})

    assert default.context["paginator"].count == 4
    assert [product.name for product in chosen.context["products"]] == ["Cà phê Khe Sanh"]


def test_at_this_fair_is_absent_between_fairs(client, catalogue):
    catalogue["fair"].is_current = False
    catalogue["fair"].save()

    response = client.get(reverse("catalog:product-list"), {"at_fair": "yes"})

    assert response.context["paginator"].count == 4
    assert 'name="at_fair"' not in response.content.decode()


def test_catalogue_query_count_is_unchanged_by_the_fair_filter(client, fair_2026, monkeypatch):
    fix_today(monkeypatch, ON_DAY)
    url = reverse("catalog:product-list")
    on = _count(client, url)
    off = _count(client, url + "?at_fair=no")
    for _ in range(30):
        ProductFactory(cooperative=fair_2026.exhibitors.get().cooperative)
    assert _count(client, url) == on == off <= 10


def test_home_leads_with_the_current_fair(client, fair_2026, monkeypatch):
    fix_today(monkeypatch, ON_DAY)
    content = client.get(reverse("catalog:home")).content.decode()
    hero = content.split('<section class="hero">', 1)[1].split("</section>", 1)[0]
    assert "Hội chợ OCOP Bắc Trung Bộ 2026" in hero
    assert "Đang diễn ra" in hero
    assert "1/12/2026 – 4/12/2026" in hero
