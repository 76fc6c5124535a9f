"""The demo's 2022 floor plan keeps to the booth rules: no two booths of a fair overlap."""

import pytest

from cooperatives.booth_services import booths_overlapping
from cooperatives.models import Fair
from tests.catalog.test_load_demo import demo, demo_output  # noqa: F401 - the shared fixtures


@pytest.mark.usefixtures("demo")
def test_demo_floor_plan_has_no_overlapping_booths():
    # On PostgreSQL the load itself would have failed (booth_no_overlap); this checks SQLite too.
    fairs = list(Fair.objects.all())
    assert fairs
    for fair in fairs:
        booths = list(fair.booths.all())
        assert len(booths) > 100
        assert booths_overlapping(fair=fair, booths=booths) == []
