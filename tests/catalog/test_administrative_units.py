"""The 2025 administrative units: Quảng Bình merged into Quảng Trị, Thừa Thiên Huế became Thành phố
Huế. Filters, search, cards, province notes, signs, the directory and both importers."""

import csv
import datetime
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalog.demo.catalogue import groups_load, provinces_load
from catalog.models import Product
from catalog.resources import products_import
from catalog.search import product_search
from cooperatives.models import Cooperative, Province
from cooperatives.resources import cooperatives_import
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    ProductFactory,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces():
    """The five provinces of fixtures/provinces.csv, as the demo loads them, by name."""
    tally = Counter()
    groups_load(FIXTURES / "product_groups.csv", tally)
    return provinces_load(FIXTURES / "provinces.csv", tally)


@pytest.fixture
def producers(provinces):
    """One producer and product in each of Quảng Bình, Quảng Trị, Thừa Thiên Huế and Hà Tĩnh."""
    made = {}
    for key, province, cooperative, product in [
        ("quang_binh", "Quảng Bình", "HTX Tỏi Quảng Minh", "Tỏi đen Quảng Minh"),
        ("quang_tri", "Quảng Trị", "HTX Nông sản Khe Sanh", "Cà phê Khe Sanh"),
        ("hue", "Thừa Thiên Huế", "HTX Mè xửng Thiên Hương", "Mè xửng Huế"),
        ("ha_tinh", "Hà Tĩnh", "HTX Bưởi Phúc Trạch", "Bưởi Phúc Trạch"),
    ]:
        made[key] = ProductFactory(
            name=product,
            summary="",
            cooperative=CooperativeFactory(name=cooperative, province=provinces[province]),
        )
    return made


def listed(client, params) -> set[str]:
    response = client.get(reverse("catalog:product-list"), params)
    assert response.status_code == 200
    return {product.name for product in response.context["products"]}


def test_provinces_know_the_unit_they_belong_to_today(provinces):
    assert {name: p.name_today for name, p in provinces.items()} == {
        "Nghệ An": "Nghệ An",
        "Hà Tĩnh": "Hà Tĩnh",
        "Quảng Bình": "Quảng Trị",
        "Quảng Trị": "Quảng Trị",
        "Thừa Thiên Huế": "Thành phố Huế",
    }
    quang_binh = provinces["Quảng Bình"]
    assert quang_binh.name_on(datetime.date(2025, 6, 30)) == "Quảng Bình"
    assert quang_binh.name_on(datetime.date(2025, 7, 1)) == "Quảng Trị"
    assert provinces["Thừa Thiên Huế"].name_on(datetime.date(2025, 1, 1)) == "Thành phố Huế"
    with translation.override("vi"):
        assert quang_binh.name_with_today == "Quảng Bình (nay thuộc Quảng Trị)"
        assert provinces["Quảng Trị"].name_with_today == "Quảng Trị"


def test_the_province_filter_offers_todays_units_and_the_provinces_before_2025(client, producers):
    response = client.get(reverse("catalog:product-list"))
    form = response.context["filterset"].form
    assert [label for _, label in form.fields["unit"].choices] == [
        "Nghệ An",
        "Hà Tĩnh",
        "Quảng Trị",
        "Thành phố Huế",
    ]
    content = response.content.decode()
    assert "Quảng Bình (nay thuộc Quảng Trị)" in content
    assert "Thừa Thiên Huế (nay thuộc Thành phố Huế)" in content


def test_filtering_by_quang_tri_today_includes_the_former_quang_binh(client, producers):
    assert listed(client, {"unit": "quang-tri"}) == {"Tỏi đen Quảng Minh", "Cà phê Khe Sanh"}
    assert listed(client, {"unit": "thanh-pho-hue"}) == {"Mè xửng Huế"}
    assert listed(client, {"unit": ["ha-tinh", "thanh-pho-hue"]}) == {
        "Bưởi Phúc Trạch",
        "Mè xửng Huế",
    }
    # The province before 2025 can still be picked on its own.
    assert listed(client, {"province": "quang-binh"}) == {"Tỏi đen Quảng Minh"}
    assert listed(client, {"province": "quang-tri"}) == {"Cà phê Khe Sanh"}


def test_an_unknown_unit_is_ignored_with_a_message(client, producers):
    response = client.get(reverse("catalog:product-list"), {"unit": "atlantis"})
    assert len(response.context["products"]) == 4
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_the_unit_chip_names_todays_unit(client, producers):
    content = client.get(reverse("catalog:product-list"), {"unit": "thanh-pho-hue"}).content
    assert '<a class="chip" href="/products/?"><span>Tỉnh, thành phố: Thành phố Huế</span>' in (
        content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Thành phố Huế", {"Mè xửng Huế"}),
        ("thanh pho hue", {"Mè xửng Huế"}),
        ("Thừa Thiên Huế", {"Mè xửng Huế"}),
        ("quảng trị", {"Tỏi đen Quảng Minh", "Cà phê Khe Sanh"}),
        ("quảng bình", {"Tỏi đen Quảng Minh"}),
    ],
)
def test_search_finds_products_by_the_name_at_the_fair_or_today(producers, query, expected):
    found = product_search(Product.objects.all(), query).products
    assert {product.name for product in found} == expected


def test_renaming_a_unit_today_reaches_the_search(producers, provinces):
    hue = provinces["Thừa Thiên Huế"]
    hue.current_name = "Thành phố Huế mới"
    hue.save()
    found = product_search(Product.objects.all(), "hue moi").products
    assert [product.name for product in found] == ["Mè xửng Huế"]


def test_cards_name_the_province_with_its_unit_today(client, producers):
    content = client.get(reverse("catalog:product-list"), {"unit": "quang-tri"}).content.decode()
    assert '<span class="card-meta">Quảng Bình (nay thuộc Quảng Trị)</span>' in content


@pytest.mark.parametrize(
    ("fair_day", "said", "not_said"),
    [
        (datetime.date(2022, 11, 2), "diễn ra trước ngày đó", "diễn ra sau ngày đó"),
        (datetime.date(2026, 11, 2), "diễn ra sau ngày đó", "diễn ra trước ngày đó"),
    ],
)
def test_the_province_note_says_which_names_the_fair_uses(
    client, provinces, fair_day, said, not_said
):
    FairFactory(is_current=True, year=fair_day.year, starts_on=fair_day, ends_on=fair_day)
    content = client.get(provinces["Quảng Bình"].get_absolute_url()).content.decode()
    assert said in content and not_said not in content
    assert "giữ nguyên tên gọi" not in content  # the old claim, false for a 2026 fair


def _fair_with_booths(producers, day):
    fair = FairFactory(year=day.year, starts_on=day, ends_on=day)
    for index, key in enumerate(("quang_tri", "quang_binh", "ha_tinh")):
        BoothAssignmentFactory(
            booth=BoothFactory(fair=fair, code=f"A{index + 1}"),
            cooperative=producers[key].cooperative,
        )
    return fair


@pytest.mark.parametrize(
    ("day", "provinces_named"),
    [
        (datetime.date(2022, 11, 2), ["Quảng Trị", "Quảng Bình", "Hà Tĩnh"]),
        (datetime.date(2026, 11, 2), ["Quảng Trị", "Quảng Trị", "Hà Tĩnh"]),
    ],
)
def test_booth_signs_name_the_province_in_force_on_the_fairs_date(
    admin_client, producers, day, provinces_named
):
    fair = _fair_with_booths(producers, day)
    response = admin_client.get(reverse("catalog:booth-signs", args=[fair.slug]))
    content = response.content.decode()
    assert re.findall(r'<p class="sign-province">([^<]*)</p>', content) == provinces_named


@pytest.mark.parametrize(
    ("day", "headings"),
    [
        (datetime.date(2022, 11, 2), ["Hà Tĩnh", "Quảng Bình", "Quảng Trị"]),
        (datetime.date(2026, 11, 2), ["Hà Tĩnh", "Quảng Trị"]),
    ],
)
def test_the_directory_groups_exhibitors_by_the_province_in_force(
    admin_client, producers, day, headings
):
    fair = _fair_with_booths(producers, day)
    response = admin_client.get(reverse("cooperatives:fair-directory", args=[fair.slug]))
    grouped = {}
    for cooperative in response.context["exhibitors"]:
        grouped.setdefault(cooperative.fair_province, []).append(cooperative.name)
    assert list(grouped) == headings
    if len(headings) == 2:  # one Quảng Trị, its producers in alphabetical order
        assert grouped["Quảng Trị"] == ["HTX Nông sản Khe Sanh", "HTX Tỏi Quảng Minh"]


@pytest.mark.parametrize(
    ("day", "provinces_named"),
    [
        (datetime.date(2022, 11, 2), ["Quảng Trị", "Quảng Bình", "Hà Tĩnh", ""]),
        (datetime.date(2026, 11, 2), ["Quảng Trị", "Quảng Trị", "Hà Tĩnh", ""]),
    ],
)
def test_the_booth_csv_names_the_province_in_force_on_the_fairs_date(
    admin_client, producers, day, provinces_named
):
    fair = _fair_with_booths(producers, day)
    BoothFactory(fair=fair, code="A4")  # free: no province
    response = admin_client.get(reverse("cooperatives:fair-assignments-csv", args=[fair.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    province = rows[0].index("Tỉnh/thành phố")
    assert [row[province] for row in rows[1:]] == provinces_named


@pytest.mark.parametrize(
    ("day", "legend", "listed"),
    [
        (
            datetime.date(2022, 11, 2),
            ["Hà Tĩnh", "Quảng Bình", "Quảng Trị"],
            ["Quảng Trị", "Quảng Bình", "Hà Tĩnh"],
        ),
        (
            datetime.date(2026, 11, 2),
            ["Hà Tĩnh", "Quảng Trị"],
            ["Quảng Trị", "Quảng Trị", "Hà Tĩnh"],
        ),
    ],
)
def test_the_floor_plan_names_the_province_in_force_on_the_fairs_date(
    client, producers, day, legend, listed
):
    fair = _fair_with_booths(producers, day)
    content = client.get(reverse("cooperatives:fair-floor-plan", args=[fair.slug])).text
    legend_html = content.split('class="legend"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"</svg> ([^<]+)</li>", legend_html)[:-1] == legend  # then "free booth"
    booth_list = content.split('class="booth-list"', 1)[1]
    assert re.findall(r'<span class="muted">\(([^)]+)\)</span>', booth_list) == listed
    titles = re.findall(r"<title>A\d – [^<]+ \(([^)]+)\)</title>", content)
    assert titles == listed
    # One unit, one colour: the merged provinces are not told apart by colour either.
    colours = dict(re.findall(r'id="booth-(A\d)".*?fill="(#\w+)"', content, re.DOTALL))
    assert (colours["A1"] == colours["A2"]) == (listed[0] == listed[1])


# --- Import ------------------------------------------------------------------------------------

PRODUCTS_HEADER = "product_name,product_group,stars,producer_name,producer_type,province\n"
COOPERATIVES_HEADER = "Tên chủ thể,Tỉnh,Loại hình\n"


def product_rows(*rows: str) -> bytes:
    return (PRODUCTS_HEADER + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("province", ["Quảng Trị", "tỉnh Quảng Trị", "Quảng Bình", "44"])
def test_importing_a_quang_binh_producer_under_any_name_matches_it(producers, province):
    row = f"Tỏi đen Quảng Minh,Thực phẩm,,HTX Tỏi Quảng Minh,HTX,{province}"
    result = products_import(data=product_rows(row), file_format="csv")
    assert not result.has_errors() and not result.has_validation_errors()
    assert Cooperative.objects.filter(name="HTX Tỏi Quảng Minh").count() == 1
    assert Product.objects.filter(name="Tỏi đen Quảng Minh").count() == 1


@pytest.mark.parametrize("province", ["Thành phố Huế", "TP Huế", "Huế", "thua thien hue"])
def test_importing_under_the_name_of_hue_today_is_accepted(producers, province):
    rows = [
        f"Mè xửng Huế,Thực phẩm,,HTX Mè xửng Thiên Hương,HTX,{province}",
        f"Tôm chua Huế,Thực phẩm,,HTX Tôm chua Gia Hội,HTX,{province}",
    ]
    result = products_import(data=product_rows(*rows), file_format="csv")
    assert not result.has_errors() and not result.has_validation_errors()
    assert Cooperative.objects.filter(name="HTX Mè xửng Thiên Hương").count() == 1
    new = Cooperative.objects.get(name="HTX Tôm chua Gia Hội")
    assert new.province.name == "Thừa Thiên Huế"


def test_a_new_producer_under_quang_tri_today_goes_to_the_province_of_that_name(producers):
    row = "Gạo hữu cơ Triệu Phong,Thực phẩm,,HTX Gạo Triệu Phong,HTX,Quảng Trị"
    assert not products_import(data=product_rows(row), file_format="csv").has_validation_errors()
    assert Cooperative.objects.get(name="HTX Gạo Triệu Phong").province.name == "Quảng Trị"


def test_a_producer_known_in_both_merged_provinces_is_a_row_error(producers, provinces):
    CooperativeFactory(name="HTX Tỏi Quảng Minh", province=provinces["Quảng Trị"])
    row = "Tỏi đen Quảng Minh,Thực phẩm,,HTX Tỏi Quảng Minh,HTX,Quảng Trị"
    with translation.override("vi"):
        result = products_import(data=product_rows(row), file_format="csv")
    [invalid] = result.invalid_rows
    assert list(invalid.error_dict) == ["province"]
    assert invalid.error_dict["province"] == [
        "“Quảng Trị” hiện gồm nhiều tỉnh cũ (Quảng Bình, Quảng Trị) và chủ thể này có tên ở hơn"
        " một tỉnh: hãy ghi tỉnh nơi chủ thể đăng ký trước năm 2025."
    ]
    assert Product.objects.filter(name="Tỏi đen Quảng Minh").count() == 1  # nothing written


def test_importing_cooperatives_matches_the_historical_unit(producers):
    rows = "HTX Tỏi Quảng Minh,Quảng Trị,HTX\nHTX Mè xửng Thiên Hương,Thành phố Huế,HTX\n"
    result = cooperatives_import(data=(COOPERATIVES_HEADER + rows).encode(), file_format="csv")
    assert not result.has_validation_errors()
    assert Counter(Cooperative.objects.values_list("name", flat=True)) == Counter(
        {
            "HTX Tỏi Quảng Minh": 1,
            "HTX Nông sản Khe Sanh": 1,
            "HTX Mè xửng Thiên Hương": 1,
            "HTX Bưởi Phúc Trạch": 1,
        }
    )
    assert Cooperative.objects.get(name="HTX Tỏi Quảng Minh").province == Province.objects.get(
        name="Quảng Bình"
    )


def test_importing_a_cooperative_known_in_both_merged_provinces_is_a_row_error(
    producers, provinces
):
    CooperativeFactory(name="HTX Tỏi Quảng Minh", province=provinces["Quảng Trị"])
    rows = "HTX Tỏi Quảng Minh,Quảng Trị,HTX\n"
    result = cooperatives_import(data=(COOPERATIVES_HEADER + rows).encode(), file_format="csv")
    assert [list(row.error_dict) for row in result.invalid_rows] == [["province"]]
    assert Cooperative.objects.filter(name="HTX Tỏi Quảng Minh").count() == 2  # none added
