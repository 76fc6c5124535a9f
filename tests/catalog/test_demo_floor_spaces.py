"""The demo's floor spaces sit around the fair's booths, never over one, and reload unchanged."""

from collections import Counter

import pytest

from catalog.demo.floor_spaces import floor_spaces_load
from cooperatives.models import FloorSpace
from cooperatives.services import booths_create_row
from tests.factories import FairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    fair = FairFactory(is_current=True)
    booths_create_row(fair=fair, prefix="A", first=1, last=12, x=0, y=0, zone="Khu Nghệ An")
    booths_create_row(fair=fair, prefix="B", first=1, last=12, x=0, y=3, zone="Khu Hà Tĩnh")
    return fair


def test_the_demo_fair_gets_an_entrance_a_stage_and_facilities_clear_of_every_booth(fair):
    tally = Counter()
    spaces = floor_spaces_load(fair, tally)

    assert {space.kind for space in spaces} == {
        "entrance",
        "stage",
        "information",
        "food",
        "toilets",
        "first_aid",
    }
    assert tally["FloorSpace", "created"] == 6
    for space in spaces:
        space.full_clean()  # over no booth, no other space
    entrance = fair.floor_spaces.get(kind="entrance")
    assert entrance.y == 5 + 2  # below the last row (rows end at 5), past an aisle


def test_a_reload_changes_nothing_and_follows_a_moved_layout(fair):
    floor_spaces_load(fair, Counter())
    tally = Counter()
    floor_spaces_load(fair, tally)
    assert tally == Counter({("FloorSpace", "unchanged"): 6})

    booths_create_row(fair=fair, prefix="C", first=1, last=14, x=0, y=30, zone="Khu Huế")
    floor_spaces_load(fair, tally)
    for space in FloorSpace.objects.filter(fair=fair):
        space.full_clean()
    assert fair.floor_spaces.count() == 6


def test_a_fair_without_booths_gets_no_spaces():
    assert floor_spaces_load(FairFactory(), Counter()) == []
