import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BoothAssignmentFactory, BoothFactory, CooperativeFactory, FairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    fair = FairFactory(is_current=True)
    for index in range(1, 4):
        BoothAssignmentFactory(
            booth=BoothFactory(fair=fair, code=f"A{index}", zone="Khu Hà Tĩnh", x=index * 2),
            cooperative=CooperativeFactory(name=f"HTX Đồng Tâm {index}"),
        )
    BoothFactory(fair=fair, code="A10", zone="Khu Hà Tĩnh", x=8)  # free
    return fair


def svg_links(content: str) -> dict[str, str]:
    """{booth code: link target} of every link inside the map."""
    svg = content.split("<svg", 1)[1].split("</svg>", 1)[0]
    links = re.findall(r'<a href="([^"]+)" id="booth-([^"]+)"', svg)
    assert len(links) == svg.count("<a ")  # no other links hide in the map
    return {code: href for href, code in links}


def test_floor_plan_has_one_link_per_assigned_booth_to_its_cooperative(client, fair):
    response = client.get(reverse("cooperatives:floor-plan"))
    content = response.content.decode()
    assert response.status_code == 200
    expected = {
        booth.code: booth.assignments.get().cooperative.get_absolute_url()
        for booth in fair.booths.filter(assignments__isnull=False)
    }
    assert svg_links(content) == expected
    assert 'id="booth-A10"' in content and "booth-free" in content  # free booths drawn, no link


def test_booths_are_labelled_and_the_legend_names_provinces(client, fair):
    content = client.get(reverse("cooperatives:floor-plan")).content.decode()
    for code in ("A1", "A2", "A3", "A10"):
        assert re.search(rf'class="booth-label[^"]*">{code}</text>', content)
    # SVG numbers must never be localised ("35,5" in Vietnamese would break the drawing).
    svg = content.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert not re.search(r'(?:x|y|width|height)="[\d.]*,', svg)
    province = fair.booths.get(code="A1").assignments.get().cooperative.province
    assert province.name in content.split('class="legend"', 1)[1]


def test_booths_are_listed_by_zone_in_natural_order(client, fair):
    content = client.get(reverse("cooperatives:floor-plan")).content.decode()
    listing = content.split('class="booth-list"', 1)[1]
    codes = re.findall(r"<strong>(\w+)</strong>", listing)
    assert codes == ["A1", "A2", "A3", "A10"]


@pytest.mark.parametrize("code", ["A2", "a2"])
def test_highlight_marks_one_booth(client, fair, code):
    response = client.get(reverse("cooperatives:floor-plan"), {"booth": code})
    content = response.content.decode()
    assert content.count("booth-highlighted") == 1
    assert re.search(r'id="booth-A2" class="booth booth-highlighted"', content)
    assert "HTX Đồng Tâm 2" in content.split('role="status"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("code", ["Z99", "x" * 5000, "<script>"])
def test_unknown_highlight_gives_a_message_not_an_error(client, fair, code):
    response = client.get(reverse("cooperatives:floor-plan"), {"booth": code})
    assert response.status_code == 200
    assert "booth-highlighted" not in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_any_fair_has_its_floor_plan_and_unknown_fairs_are_404(client, fair):
    other = FairFactory()
    BoothFactory(fair=other, code="K1")
    response = client.get(other.get_floor_plan_url())
    assert response.status_code == 200 and ">K1</text>" in response.content.decode()
    url = reverse("cooperatives:fair-floor-plan", kwargs={"slug": "khong-co"})
    assert client.get(url).status_code == 404


def test_no_current_fair_is_404(client):
    FairFactory(is_current=False)
    assert client.get(reverse("cooperatives:floor-plan")).status_code == 404


def test_floor_plan_query_count_does_not_grow_with_booths(client, fair):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cooperatives:floor-plan")).status_code == 200
        return len(queries)

    few = count()
    for index in range(20, 60):
        BoothAssignmentFactory(booth=BoothFactory(fair=fair, code=f"B{index}", y=4))
    assert count() == few <= 10


def test_booth_address_leads_to_its_cooperative_or_to_the_map(client, fair):
    taken = fair.booths.get(code="A1")
    response = client.get(taken.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == taken.assignments.get().cooperative.get_absolute_url()
    free = fair.booths.get(code="A10")
    response = client.get(free.get_absolute_url())
    assert response["Location"] == f"{fair.get_floor_plan_url()}?booth=A10#booth-A10"
    unknown = reverse("cooperatives:booth", kwargs={"slug": fair.slug, "code": "Z9"})
    assert client.get(unknown).status_code == 404


def test_product_and_cooperative_pages_link_to_their_booth_highlighted(client, catalogue):
    url = catalogue["fair"].get_floor_plan_url() + "?booth=B7#booth-B7"
    for page in (catalogue["coffee"], catalogue["khe_sanh"]):
        assert f'href="{url}"' in client.get(page.get_absolute_url()).content.decode()
