"""Two booths of one fair never share a cell: refused by the form, the services and PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from cooperatives.booth_services import booths_check_overlaps
from cooperatives.models import Booth
from cooperatives.services import booths_create_row
from tests.admin_pages import admin_url
from tests.factories import FairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    """A fair with A2–A4 side by side at row 0, each 2 × 2 cells (columns 2 to 8)."""
    fair = FairFactory()
    booths_create_row(fair=fair, prefix="A", first=2, last=4, x=2, y=0)
    return fair


def booth_data(fair, **changes):
    return {
        "fair": fair.pk,
        "code": "Z1",
        "zone": "",
        "x": 0,
        "y": 0,
        "width": 2,
        "height": 2,
        **changes,
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
    }


@pytest.mark.parametrize(
    ("x", "y", "overlaps"),
    [
        (0, 0, False),  # touches A2's left edge
        (8, 0, False),  # touches A4's right edge
        (4, 2, False),  # touches A3's bottom edge
        (1, 0, True),  # covers one column of A2
        (5, 1, True),  # straddles A3 and A4
    ],
)
def test_booth_clean_refuses_overlap_and_allows_touching(fair, x, y, overlaps):
    booth = Booth(fair=fair, code="Z1", x=x, y=y, width=2, height=2)
    if overlaps:
        with pytest.raises(ValidationError) as error:
            booth.full_clean()
        assert error.value.error_dict["__all__"][0].code == "booth_overlap"
    else:
        booth.full_clean()


def test_booth_moved_onto_itself_is_not_an_overlap(fair):
    booth = fair.booths.get(code="A3")
    booth.x += 1  # still over its own old cells, now also over A4
    with pytest.raises(ValidationError, match="A4"):
        booth.full_clean()
    booth.x -= 1
    booth.full_clean()


def test_admin_booth_form_refuses_overlap_in_vietnamese(organiser_client, fair):
    response = organiser_client.post(admin_url(Booth, "add"), booth_data(fair, x=3))

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["Gian hàng này chồng lấn lên gian hàng A2, A3 của cùng hội chợ trên sơ đồ."]
    assert not fair.booths.filter(code="Z1").exists()


def test_admin_booth_form_accepts_a_touching_booth(organiser_client, fair):
    response = organiser_client.post(admin_url(Booth, "add"), booth_data(fair, x=0))

    assert response.status_code == 302
    assert fair.booths.filter(code="Z1", x=0).exists()


def test_row_over_existing_booths_is_refused_and_creates_nothing(fair):
    # The case: Z1–Z3 laid over A2–A4.
    with translation.override("en"), pytest.raises(ValidationError) as error:
        booths_create_row(fair=fair, prefix="Z", first=1, last=3, x=2, y=0)

    assert error.value.messages == [
        "Booth Z1 overlaps booth A2 on the floor plan.",
        "Booth Z2 overlaps booth A3 on the floor plan.",
        "Booth Z3 overlaps booth A4 on the floor plan.",
    ]
    assert sorted(fair.booths.values_list("code", flat=True)) == ["A2", "A3", "A4"]


def test_row_touching_existing_booths_is_created(fair):
    below = booths_create_row(fair=fair, prefix="B", first=1, last=3, x=2, y=2)
    right = booths_create_row(fair=fair, prefix="C", first=1, last=2, x=8, y=0, vertical=True)
    assert [b.code for b in below + right] == ["B1", "B2", "B3", "C1", "C2"]


def test_other_fairs_booths_do_not_count(fair):
    booths_create_row(fair=FairFactory(), prefix="A", first=2, last=4, x=2, y=0)
    assert Booth.objects.filter(x=2, y=0).count() == 2


def test_batch_check_reads_the_floor_plan_once(fair, django_assert_num_queries):
    batch = [Booth(fair=fair, code=f"N{n}", x=2 * n, y=10, width=2, height=2) for n in range(200)]
    batch.append(Booth(fair=fair, code="N-dup", x=3, y=10, width=2, height=2))
    # One query for the booths, one for the floor spaces (stage, entrance…).
    with django_assert_num_queries(2), pytest.raises(ValidationError) as error:
        booths_check_overlaps(fair=fair, booths=batch)
    assert len(error.value.messages) == 2  # N-dup over N1 and over N2


def test_row_page_shows_the_overlap_as_a_form_error(organiser_client, fair):
    response = organiser_client.post(
        admin_url(fair, "booth_row", fair.pk),
        {
            "prefix": "Z",
            "first": 1,
            "last": 3,
            "x": 2,
            "y": 0,
            "width": 2,
            "height": 2,
            "apply": "1",
        },
    )
    assert response.status_code == 200
    assert (
        "Gian hàng Z1 chồng lấn lên gian hàng A2 trên sơ đồ."
        in response.context["form"].non_field_errors()
    )
    assert fair.booths.count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no exclusion constraints: the services check overlaps there",
)
def test_postgresql_refuses_an_overlapping_insert_and_allows_touching(fair):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'booth_no_overlap'"
        )
        (definition,) = cursor.fetchone()
    assert definition.startswith("EXCLUDE USING gist (fair_id WITH =")

    Booth.objects.bulk_create([Booth(fair=fair, code="T1", x=8, y=0, width=2, height=2)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.bulk_create([Booth(fair=fair, code="Z1", x=3, y=1, width=2, height=2)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.filter(code="T1", fair=fair).update(x=7)
    assert sorted(fair.booths.values_list("code", flat=True)) == ["A2", "A3", "A4", "T1"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no exclusion constraint: the form's check is the only one there",
)
def test_an_overlap_saved_meanwhile_is_a_form_error_not_a_server_error(
    organiser_client, fair, monkeypatch
):
    # Another organiser placed A3 after this form was checked: Booth.clean saw no overlap.
    monkeypatch.setattr(Booth, "clean", lambda booth: None)
    response = organiser_client.post(admin_url(Booth, "add"), booth_data(fair, x=3))

    assert response.status_code == 200
    assert "chồng lấn lên gian hàng A2, A3" in response.content.decode()
    assert not fair.booths.filter(code="Z1").exists()
