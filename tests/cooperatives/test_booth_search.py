"""The floor plan's booth search: a plain GET form (?find=), no JavaScript needed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    """A1–A2 held by Hà Tĩnh's cooperatives, A10 by Quảng Trị's, A11 free."""
    fair = FairFactory(is_current=True)
    ha_tinh = ProvinceFactory(name="Hà Tĩnh")
    quang_tri = ProvinceFactory(name="Quảng Trị")
    holders = [
        ("A1", "HTX Bưởi Phúc Trạch", ha_tinh),
        ("A2", "HTX Kẹo cu đơ Thiên Cầm", ha_tinh),
        ("A10", "HTX Cà phê Khe Sanh", quang_tri),
    ]
    for x, (code, name, province) in enumerate(holders):
        BoothAssignmentFactory(
            booth=BoothFactory(fair=fair, code=code, zone=f"Khu {province.name}", x=x, y=0),
            cooperative=CooperativeFactory(name=name, province=province),
        )
    BoothFactory(fair=fair, code="A11", zone="Khu Quảng Trị", x=3, y=0)
    return fair


def search(client, query, language="vi"):
    with translation.override(language):
        response = client.get(reverse("cooperatives:floor-plan"), {"find": query})
    assert response.status_code == 200
    return response.content.decode()


def found(content: str) -> list[str]:
    """The booth codes the results list, in order."""
    if 'id="booth-results"' not in content:
        return []
    results = content.split('id="booth-results"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="#booth-([^"]+)"><strong>', results)


def marked(content: str) -> set[str]:
    svg = content.split("<svg", 1)[1].split("</svg>", 1)[0]
    return set(re.findall(r'id="booth-([^"]+)" class="[^"]*booth-match', svg))


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("Hà Tĩnh", ["A1", "A2"]),  # the province, with its diacritics
        ("ha tinh", ["A1", "A2"]),  # … and without
        ("HA TĨNH", ["A1", "A2"]),
        ("A1", ["A1"]),  # a booth's code finds that booth, not A10 and A11
        ("a10", ["A10"]),
        ("keo cu do", ["A2"]),  # the cooperative's name, "đ" typed as "d"
        ("cà phê", ["A10"]),
        ("phuc trach", ["A1"]),
        ("quang tri", ["A10"]),  # not the zone's free booth A11…
        ("a11", ["A11"]),  # … found by its code only
    ],
)
def test_search_finds_booths_by_code_name_or_province(client, fair, query, codes):
    content = search(client, query)
    assert found(content) == codes
    assert marked(content) == set(codes)


def test_results_link_to_the_map_and_the_cooperative(client, fair):
    content = search(client, "Hà Tĩnh")
    results = content.split('id="booth-results"', 1)[1].split("</section>", 1)[0]
    cooperative = fair.booths.get(code="A1").assignments.get().cooperative
    assert f'href="{cooperative.get_absolute_url()}"' in results
    assert "Tìm thấy 2 gian hàng cho “Hà Tĩnh”" in results
    form = re.search(r'<form class="booth-search"[^>]*>.*?</form>', content, re.S).group()
    assert 'method="get"' in form and "<script" not in form
    assert 'name="find"' in form and 'value="Hà Tĩnh"' in form


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_match_says_so(client, fair, language):
    content = search(client, "Nghệ An", language)
    assert found(content) == [] and marked(content) == set()
    expected = {
        "vi": "Không có gian hàng nào khớp với “Nghệ An”.",
        "en": "No booth matches “Nghệ An”.",
    }[language]
    assert expected in content


@pytest.mark.parametrize(
    "query", ["", "   ", "<script>alert(1)</script>", "x" * 5000, "%", "'; DROP TABLE", "\u202e"]
)
def test_hostile_or_empty_queries_are_harmless(client, fair, query):
    content = search(client, query)
    assert "<script>alert" not in content.split("<main", 1)[1]
    assert marked(content) == set()


def test_a_long_query_is_cut_and_still_shown(client, fair):
    content = search(client, "ha tinh " + "x" * 500)
    assert 'value="ha tinh ' + "x" * 92 + '"' in content


def test_search_costs_no_query_more_than_the_map(client, fair):
    def count(params):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cooperatives:floor-plan"), params)
        return len(queries)

    plain = count({})
    assert count({"find": "ha tinh"}) == plain
    for index in range(20, 60):
        BoothAssignmentFactory(booth=BoothFactory(fair=fair, code=f"B{index}", y=4))
    assert count({"find": "ha tinh"}) == plain <= 10


def test_a_past_fair_is_searched_on_its_own_map(client, fair):
    past = FairFactory()
    BoothAssignmentFactory(
        booth=BoothFactory(fair=past, code="K1", x=0, y=0),
        cooperative=CooperativeFactory(name="HTX Nước mắm Cửa Hội"),
    )
    content = client.get(past.get_floor_plan_url(), {"find": "cua hoi"}).content.decode()
    assert found(content) == ["K1"]
    assert found(search(client, "cua hoi")) == []


def test_many_results_list_twenty_and_mark_all(client, fair):
    cooperative = fair.booths.get(code="A1").assignments.get().cooperative
    for index in range(30):
        BoothAssignmentFactory(
            booth=BoothFactory(fair=fair, code=f"H{index}", zone="Khu Hà Tĩnh", x=index, y=6),
            cooperative=CooperativeFactory(province=cooperative.province),
        )
    content = search(client, "ha tinh")
    assert len(found(content)) == 20
    assert len(marked(content)) == 32
    assert "12 gian hàng khác được đánh dấu trên sơ đồ và trong danh sách gian hàng." in content
