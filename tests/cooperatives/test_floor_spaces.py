"""Floor spaces (entrance, stage, toilets…): never over a booth or another space, added on the
fair's admin page, drawn and listed on the floor plan."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Booth, Fair, FloorSpace
from cooperatives.services import booths_create_row
from tests.admin_pages import admin_url, get_counting_queries
from tests.factories import BoothFactory, FairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    """A current fair with A1–A3 side by side at row 2, each 2 × 2 cells (columns 0 to 6)."""
    fair = FairFactory(is_current=True)
    booths_create_row(fair=fair, prefix="A", first=1, last=3, x=0, y=2, zone="Khu Hà Tĩnh")
    return fair


def space(fair, **fields):
    return FloorSpace(fair=fair, **{"kind": FloorSpace.Kind.STAGE, "x": 0, "y": 0, **fields})


@pytest.mark.parametrize(
    ("x", "y", "width", "height", "overlaps"),
    [
        (0, 0, 6, 2, False),  # above the row, touching it
        (6, 2, 2, 2, False),  # right of A3, touching it
        (1, 1, 2, 2, True),  # over A1 and A2's top row
        (5, 3, 1, 1, True),  # inside A3
    ],
)
def test_a_space_never_covers_a_booth(fair, x, y, width, height, overlaps):
    candidate = space(fair, x=x, y=y, width=width, height=height)
    if not overlaps:
        candidate.full_clean()
        return
    with translation.override("en"), pytest.raises(ValidationError) as error:
        candidate.full_clean()
    assert error.value.error_dict["__all__"][0].code == "space_overlap"
    assert "overlaps booth" in error.value.messages[0]


def test_a_space_never_covers_another_space_but_may_move_over_itself(fair):
    stage = space(fair, label="Sân khấu chính", width=4, height=2)
    stage.full_clean()
    stage.save()
    with translation.override("vi"), pytest.raises(ValidationError, match="Sân khấu chính"):
        space(fair, kind=FloorSpace.Kind.TOILETS, x=3, width=2, height=1).full_clean()
    stage.width = 5
    stage.full_clean()  # its own old cells are no overlap


def test_a_booth_never_covers_a_space(fair):
    FloorSpace.objects.create(fair=fair, kind=FloorSpace.Kind.ENTRANCE, x=10, y=0, width=3)
    booth = Booth(fair=fair, code="Z1", x=11, y=0, width=2, height=2)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        booth.full_clean()
    assert error.value.messages == [
        "This overlaps the space “Entrance” of the same fair on the floor plan."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        booths_create_row(fair=fair, prefix="B", first=1, last=3, x=8, y=0)
    assert error.value.messages == [
        "Booth B2 overlaps the space “Entrance” on the floor plan.",
        "Booth B3 overlaps the space “Entrance” on the floor plan.",
    ]
    assert not fair.booths.filter(code__startswith="B").exists()


def test_the_database_refuses_a_space_of_no_size(fair):
    with pytest.raises(IntegrityError), transaction.atomic():
        FloorSpace.objects.create(fair=fair, x=20, y=0, width=0, height=1)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no exclusion constraints: FloorSpace.clean checks overlaps there",
)
def test_postgresql_refuses_two_spaces_sharing_a_cell(fair):
    FloorSpace.objects.create(fair=fair, x=10, y=0, width=2, height=2)
    FloorSpace.objects.create(fair=fair, x=12, y=0, width=2, height=2)  # touching
    with pytest.raises(IntegrityError), transaction.atomic():
        FloorSpace.objects.create(fair=fair, x=11, y=1, width=2, height=2)


def fair_form(fair: Fair, spaces: list[dict]) -> dict:
    """The fair's admin form as posted, with spaces as its floor-space rows."""
    data = {
        "name": fair.name,
        "year": fair.year,
        "starts_on": fair.starts_on.strftime("%d/%m/%Y"),
        "ends_on": fair.ends_on.strftime("%d/%m/%Y"),
        "venue": fair.venue,
        "address": "",
        "map_url": "",
        "organiser": fair.organiser,
        "description": "",
        "source_url": "",
    }
    for prefix in ("days", "programme"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {"floor_spaces-TOTAL_FORMS": len(spaces), "floor_spaces-INITIAL_FORMS": 0}
    for index, row in enumerate(spaces):
        data |= {f"floor_spaces-{index}-{key}": value for key, value in row.items()}
    return data


ENTRANCE = {"kind": "entrance", "label": "Cổng chính", "x": 0, "y": 0, "width": 3, "height": 1}
STAGE = {"kind": "stage", "label": "", "x": 10, "y": 0, "width": 4, "height": 2}


def test_organisers_add_spaces_on_the_fairs_admin_page(organiser_client, fair):
    page = organiser_client.get(admin_url(fair, "change", fair.pk))
    assert "floor_spaces-TOTAL_FORMS" in page.content.decode()

    response = organiser_client.post(
        admin_url(fair, "change", fair.pk), fair_form(fair, [ENTRANCE, STAGE])
    )

    assert response.status_code == 302
    assert sorted(fair.floor_spaces.values_list("kind", "label")) == [
        ("entrance", "Cổng chính"),
        ("stage", ""),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{**STAGE, "x": 1, "y": 2}], "Khu vực này chồng lấn lên gian hàng A1, A2, A3 trên sơ đồ."),
        ([ENTRANCE, {**STAGE, "x": 2}], "“Sân khấu” và “Cổng chính” chồng lấn nhau trên sơ đồ."),
        ([{**STAGE, "width": 0}], "Khu vực phải rộng và dài ít nhất một ô."),
    ],
)
def test_the_admin_refuses_overlapping_or_empty_spaces_in_vietnamese(
    organiser_client, fair, rows, message
):
    response = organiser_client.post(admin_url(fair, "change", fair.pk), fair_form(fair, rows))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not fair.floor_spaces.exists()


def test_the_floor_plan_draws_zone_labels_and_labelled_spaces(client, fair):
    FloorSpace.objects.create(fair=fair, kind="entrance", label="Cổng chính", x=0, y=0, width=3)
    FloorSpace.objects.create(fair=fair, kind="toilets", x=20, y=0, width=2, height=2)

    with translation.override("vi"):
        content = client.get(reverse("cooperatives:floor-plan")).content.decode()

    svg = content.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="zone-label">Khu Hà Tĩnh</text>') == 1
    assert 'class="floor-space floor-space-entrance" role="img" aria-label="Cổng chính"' in svg
    assert 'class="floor-space floor-space-toilets" role="img" aria-label="Nhà vệ sinh"' in svg
    # The map is wide enough for the toilets at columns 20–21 (8 + 22 × 28 - 2 + 8).
    assert 'viewBox="0 0 630 ' in content
    places = content.split('class="floor-space-list"', 1)[1].split("</ul>", 1)[0]
    assert "Cổng chính" in places and "Nhà vệ sinh" in places


def test_a_past_fair_keeps_its_own_spaces(client, fair):
    past = FairFactory()
    BoothFactory(fair=past, code="K1", x=0, y=0)
    FloorSpace.objects.create(fair=past, kind="stage", label="Sân khấu 2022", x=4, y=0)
    FloorSpace.objects.create(fair=fair, kind="stage", label="Sân khấu 2026", x=10, y=0)

    content = client.get(past.get_floor_plan_url()).content.decode()

    assert "Sân khấu 2022" in content and "Sân khấu 2026" not in content


def test_the_fairs_admin_page_reads_its_spaces_in_one_query(organiser_client, fair):
    url = admin_url(fair, "change", fair.pk)
    FloorSpace.objects.create(fair=fair, kind="entrance", x=0, y=0, width=2)
    _, few = get_counting_queries(organiser_client, url)
    for index in range(1, 15):
        FloorSpace.objects.create(fair=fair, kind="other", x=index * 3, y=0, width=2)
    response, many = get_counting_queries(organiser_client, url)
    assert len(many) == len(few)
    assert response.content.decode().count('name="floor_spaces-') >= 15 * 6
