"""A fair loaded before exhibitors existed keeps every exhibitor (cooperatives 0010)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperatives.models import FairExhibitor
from tests.conftest import organisers_group

BEFORE = [("cooperatives", "0009_fair_days_exhibitors_programme")]


@pytest.mark.django_db(transaction=True)
def test_booth_holders_become_exhibitors_of_their_fair():
    organisers_group()  # as its migrations made it, had an earlier test's flush emptied it
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Province = old.get_model("cooperatives", "Province")
    Cooperative = old.get_model("cooperatives", "Cooperative")
    Fair = old.get_model("cooperatives", "Fair")
    Booth = old.get_model("cooperatives", "Booth")
    BoothAssignment = old.get_model("cooperatives", "BoothAssignment")
    province = Province.objects.create(name="Hà Tĩnh", code="42", slug="ha-tinh")
    fair = Fair.objects.create(
        name="Hội nghị 2022",
        slug="hoi-nghi-2022",
        year=2022,
        starts_on="2022-11-02",
        ends_on="2022-11-02",
        venue="Thành phố Hà Tĩnh",
        organiser="Liên minh HTX",
    )
    two_booths = Cooperative.objects.create(name="HTX Đồng Tâm", slug="dong-tam", province=province)
    one_booth = Cooperative.objects.create(
        name="HTX Ánh Dương", slug="anh-duong", province=province
    )
    Cooperative.objects.create(name="HTX Không gian hàng", slug="khong", province=province)
    # Side by side: on PostgreSQL booths of a fair may not overlap (cooperatives 0008).
    for column, (code, cooperative) in enumerate(
        [("A1", two_booths), ("A2", two_booths), ("B1", one_booth)]
    ):
        booth = Booth.objects.create(fair=fair, code=code, x=column * 4)
        BoothAssignment.objects.create(booth=booth, cooperative=cooperative)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    exhibitors = FairExhibitor.objects.filter(fair_id=fair.pk)
    assert sorted(exhibitors.values_list("cooperative__name", flat=True)) == [
        "HTX Ánh Dương",
        "HTX Đồng Tâm",
    ]
    granted = set(organisers_group().permissions.values_list("codename", flat=True))
    assert {"add_fairexhibitor", "change_programmeitem", "delete_fairday"} <= granted
