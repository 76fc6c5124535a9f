import datetime

import pytest
from django.db import IntegrityError, transaction

from cooperatives.models import Booth, Cooperative, Fair
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    MembershipFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


def test_booth_holds_at_most_one_cooperative():
    assignment = BoothAssignmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BoothAssignmentFactory(booth=assignment.booth)


def test_cooperative_may_hold_several_booths():
    cooperative = CooperativeFactory()
    BoothAssignmentFactory(cooperative=cooperative)
    BoothAssignmentFactory(cooperative=cooperative)
    assert cooperative.booth_assignments.count() == 2


def test_only_one_current_fair():
    FairFactory(is_current=True)
    FairFactory(is_current=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        FairFactory(is_current=True)
    assert Fair.objects.current().exists()


def test_fair_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        FairFactory(starts_on=datetime.date(2022, 11, 2), ends_on=datetime.date(2022, 11, 1))


def test_booth_code_unique_per_fair_but_reusable_across_fairs():
    booth = BoothFactory(code="A1")
    BoothFactory(code="A1")  # another fair
    with pytest.raises(IntegrityError), transaction.atomic():
        BoothFactory(fair=booth.fair, code="A1")


def test_booth_size_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        BoothFactory(width=0)
    assert not Booth.objects.exists()


def test_cooperative_name_unique_per_province():
    cooperative = CooperativeFactory(name="HTX Nông sản Khe Sanh")
    CooperativeFactory(name="HTX Nông sản Khe Sanh")  # another province
    with pytest.raises(IntegrityError), transaction.atomic():
        CooperativeFactory(name="HTX Nông sản Khe Sanh", province=cooperative.province)


def test_membership_unique_per_user_and_cooperative():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=membership.user, cooperative=membership.cooperative)


def test_province_successor_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvinceFactory(successor_name="Thành phố Huế")
    province = ProvinceFactory(
        successor_name="Thành phố Huế", successor_since=datetime.date(2025, 1, 1)
    )
    assert province.was_reorganised


def test_slugs_are_vietnamese_aware_unique_and_stable():
    first = CooperativeFactory(name="Đặc sản Đồng Hới")
    second = CooperativeFactory(name="Đặc sản Đồng Hới")
    assert (first.slug, second.slug) == ("dac-san-dong-hoi", "dac-san-dong-hoi-2")

    first.name = "Đặc sản Quảng Bình"
    first.save()
    first.refresh_from_db()
    assert first.slug == "dac-san-dong-hoi"
    assert first.search_name == "dac san quang binh"


def test_cooperative_location_skips_unknown_parts():
    cooperative = CooperativeFactory(
        commune="Hướng Tân",
        district="",
        province__name="Quảng Trị",
        kind=Cooperative.Kind.COOPERATIVE,
    )
    assert cooperative.location == "Hướng Tân, Quảng Trị"
