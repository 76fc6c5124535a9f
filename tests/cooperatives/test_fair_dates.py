"""Fair dates as each reader expects them (ocop_fair/dates.py): on English pages "2 Nov 2022",
where a day-first "2/11/2022" reads as 11 February; Vietnamese pages as they were ("2/11/2022" on
the public fair pages, "02/11/2022" in the organisers' directory)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from ocop_fair.dates import weekday_label
from tests.factories import FairDayFactory, FairFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2022, 11, 2)  # a Wednesday


@pytest.fixture
def fair():
    fair = FairFactory(is_current=True, starts_on=START, ends_on=START + datetime.timedelta(days=2))
    FairDayFactory(fair=fair, date=START, opens=datetime.time(8), closes=datetime.time(21))
    ProgrammeItemFactory(fair=fair)
    return fair


def _get(client, name, fair, language):
    with translation.override(language):
        url = reverse(name, kwargs={"slug": fair.slug}) if fair else reverse(name)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "dates", "weekday", "weekday_with_year"),
    [
        ("vi", "2/11/2022 – 4/11/2022", "Thứ 4 2/11<", "Thứ 4 2/11/2022<"),
        ("en", "2 Nov 2022 – 4 Nov 2022", "Wednesday 2 Nov<", "Wednesday 2 Nov 2022<"),
    ],
)
def test_public_fair_pages(client, fair, language, dates, weekday, weekday_with_year):
    detail = _get(client, "cooperatives:fair-detail", fair, language)
    assert dates in detail
    assert weekday in detail  # opening hours, the year given above them
    assert weekday_with_year in detail  # the programme's day heading
    assert dates in _get(client, "cooperatives:fair-list", None, language)
    assert weekday_with_year in _get(client, "cooperatives:fair-programme", fair, language)
    assert dates in _get(client, "catalog:home", None, language)


def test_english_pages_never_write_a_day_first_number_date(client, fair):
    for name, slug in [
        ("cooperatives:fair-detail", fair),
        ("cooperatives:fair-list", None),
        ("cooperatives:fair-programme", fair),
    ]:
        assert "2/11" not in _get(client, name, slug, "en")


@pytest.mark.parametrize(
    ("language", "dates"), [("vi", "02/11/2022–04/11/2022"), ("en", "2 Nov 2022–4 Nov 2022")]
)
def test_directory_for_organisers(organiser_client, fair, language, dates):
    assert dates in _get(organiser_client, "cooperatives:fair-directory", fair, language)


def test_weekday_label_without_a_day():
    assert weekday_label(None) == ""
