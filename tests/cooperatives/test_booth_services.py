import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cooperatives.models import Booth, BoothAssignment
from cooperatives.services import BoothTaken, booth_assign, booth_move, booths_create_row
from tests.factories import BoothAssignmentFactory, BoothFactory, CooperativeFactory, FairFactory


@pytest.mark.django_db
def test_booth_assign_refuses_a_taken_booth_with_a_clear_message():
    assignment = BoothAssignmentFactory(booth__code="A12")
    with pytest.raises(BoothTaken, match="A12 .*" + assignment.cooperative.name):
        booth_assign(booth=assignment.booth, cooperative=CooperativeFactory())
    assert BoothAssignment.objects.count() == 1


@pytest.mark.django_db
def test_booth_move_in_one_step_and_only_to_a_free_booth():
    assignment = BoothAssignmentFactory()
    free = BoothFactory(fair=assignment.booth.fair)
    taken = BoothAssignmentFactory(booth__fair=assignment.booth.fair).booth
    booth_move(assignment=assignment, booth=free)
    assert BoothAssignment.objects.get(pk=assignment.pk).booth == free
    with pytest.raises(BoothTaken):
        booth_move(assignment=assignment, booth=taken)
    assert BoothAssignment.objects.get(pk=assignment.pk).booth == free


@pytest.mark.django_db
def test_booths_create_row_places_booths_side_by_side():
    fair = FairFactory()
    booths = booths_create_row(fair=fair, prefix="A", first=1, last=20, zone="Khu A", x=2, y=4)
    assert [b.code for b in booths] == [f"A{n}" for n in range(1, 21)]
    assert [(b.x, b.y) for b in Booth.objects.filter(fair=fair).order_by("x")][:3] == [
        (2, 4),
        (4, 4),
        (6, 4),
    ]
    column = booths_create_row(fair=fair, prefix="B", first=1, last=3, x=0, y=0, vertical=True)
    assert [(b.x, b.y) for b in column] == [(0, 0), (0, 2), (0, 4)]


@pytest.mark.django_db
def test_booths_create_row_creates_nothing_when_a_code_exists():
    fair = FairFactory()
    BoothFactory(fair=fair, code="A5")
    with pytest.raises(ValidationError, match="A5"):
        booths_create_row(fair=fair, prefix="A", first=1, last=10)
    assert Booth.objects.filter(fair=fair).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_twenty_organisers_assigning_one_booth_at_once_yield_exactly_one_assignment():
    booth = BoothFactory()
    cooperatives = [CooperativeFactory() for _ in range(20)]
    start = threading.Barrier(len(cooperatives))
    outcomes: list[str] = []

    def assign(cooperative):
        try:
            start.wait()
            booth_assign(booth=booth, cooperative=cooperative)
            outcomes.append("assigned")
        except BoothTaken:
            outcomes.append("taken")
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=assign, args=(c,)) for c in cooperatives]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["assigned"] + ["taken"] * 19
    assert BoothAssignment.objects.filter(booth=booth).count() == 1
