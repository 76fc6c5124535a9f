"""Searches that respect the diacritics typed, over the demo fair (loaded once) and small cases."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from catalog.models import Product
from catalog.search import product_search
from catalog.selectors import by_stars
from tests.catalog.accent_queries import CASES

STAR_DAY = datetime.date(2026, 12, 2)  # the day tests/catalog/accent_queries.py was written for


@pytest.fixture(scope="module")
def demo_fair(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run load_demo once, inside a transaction that is rolled back after the module."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")):
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_fair, db):
    return demo_fair


def names(query: str) -> list[str]:
    found = product_search(Product.objects.published(), query).products
    # Ties go by the stars shown on a fixed day: the list must not change with the clock.
    order = by_stars(STAR_DAY)
    return list(found.order_by("-search_rank", *order).values_list("name", flat=True))


def test_the_accent_list_is_long_enough():
    from ocop_fair.text import has_diacritics

    accented = [case for case in CASES if any(map(has_diacritics, case.query.split()))]
    assert len(CASES) >= 40
    assert len(accented) >= 20
    assert len(CASES) - len(accented) >= 10


@pytest.mark.parametrize("case", CASES, ids=[case.query for case in CASES])
def test_demo_search_finds_the_expected_first_product(demo, case):
    found = names(case.query)
    assert (found[0] if found else None) == case.first
    contradicting = [name for name in found for word in case.never if word in name.lower()]
    assert contradicting == []


def test_demo_search_without_diacritics_finds_every_spelling(demo):
    assert set(names("lợn")) == set()
    assert {"Giò bột Long Bình", "Thanh long ruột đỏ (Tương Dương)"} <= set(names("lon"))
    assert set(names("dứa")) | set(names("dưa")) | set(names("đũa")) <= set(names("dua"))
    assert set(names("ngô")) | set(names("ngọc")) <= set(names("ngo"))


def test_demo_search_by_the_name_at_the_fair_or_today(demo):
    hue = set(
        Product.objects.published()
        .filter(cooperative__province__name="Thừa Thiên Huế")
        .values_list("name", flat=True)
    )
    assert hue
    assert set(names("Thừa Thiên Huế")) == set(names("thanh pho hue")) == hue
    quang_binh = set(
        Product.objects.published()
        .filter(cooperative__province__name="Quảng Bình")
        .values_list("name", flat=True)
    )
    assert quang_binh <= set(names("quảng trị"))
    assert set(names("quảng bình")) == quang_binh
