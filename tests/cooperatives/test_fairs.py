"""A fair as visitors see it: status from today, days and hours, venue, exhibitors, programme."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Fair, FairExhibitor
from cooperatives.services import booth_assign, fair_exhibitor_add, fair_exhibitor_remove
from tests.factories import (
    BoothFactory,
    CooperativeFactory,
    FairDayFactory,
    FairExhibitorFactory,
    FairFactory,
    ProgrammeItemFactory,
)

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 12, 1), datetime.date(2026, 12, 4)


def fix_today(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


@pytest.mark.parametrize(
    ("today", "status", "label"),
    [
        (datetime.date(2026, 11, 30), Fair.Status.UPCOMING, "Sắp diễn ra"),
        (START, Fair.Status.ON, "Đang diễn ra"),
        (datetime.date(2026, 12, 3), Fair.Status.ON, "Đang diễn ra"),
        (END, Fair.Status.ON, "Đang diễn ra"),
        (datetime.date(2026, 12, 5), Fair.Status.OVER, "Đã kết thúc"),
    ],
)
def test_fair_status_is_computed_from_today(client, monkeypatch, today, status, label):
    fair = FairFactory(starts_on=START, ends_on=END, year=2026, is_current=True)
    fix_today(monkeypatch, today)

    response = client.get(fair.get_absolute_url())

    assert fair.status == status
    assert f'<span class="fair-status fair-status-{status.value}">{label}</span>' in (
        response.content.decode()
    )
    home = client.get(reverse("catalog:home")).content.decode()
    assert f'<span class="fair-status fair-status-{status.value}">{label}</span>' in home


def test_fair_page_shows_hours_per_day_venue_address_and_map(client):
    fair = FairFactory(
        starts_on=START,
        ends_on=START + datetime.timedelta(days=1),
        venue="Quảng trường Hồ Chí Minh",
        address="Đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
        map_url="https://maps.example.org/?q=vinh",
    )
    FairDayFactory(fair=fair, date=START, opens=datetime.time(8), closes=datetime.time(21))
    FairDayFactory(
        fair=fair,
        date=START + datetime.timedelta(days=1),
        opens=datetime.time(8, 30),
        closes=datetime.time(17),
    )

    content = client.get(fair.get_absolute_url()).content.decode()

    assert "Thứ 3 1/12</span> 08:00–21:00" in content
    assert "Thứ 4 2/12</span> 08:30–17:00" in content
    assert (
        "Quảng trường Hồ Chí Minh<br>Đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An" in content
    )
    assert '<a href="https://maps.example.org/?q=vinh" rel="noopener">Mở bản đồ</a>' in content
    for url in (
        reverse("catalog:fair-exhibitors", kwargs={"slug": fair.slug}),
        fair.get_floor_plan_url(),
        fair.get_programme_url(),
    ):
        assert f'href="{url}"' in content


def test_map_link_must_be_https():
    fair = FairFactory.build(map_url="http://maps.example.org/")
    with pytest.raises(ValidationError) as error:
        fair.full_clean(exclude=["slug"])
    assert "map_url" in error.value.message_dict


def test_a_day_outside_the_fair_is_refused():
    fair = FairFactory(starts_on=START, ends_on=END)
    day = FairDayFactory.build(fair=fair, date=END + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        day.full_clean()
    assert list(error.value.message_dict) == ["date"]


def test_fair_list_puts_the_current_fair_first_then_the_latest(client, monkeypatch):
    fix_today(monkeypatch, datetime.date(2026, 12, 2))
    old = FairFactory(name="Hội chợ 2022", starts_on=datetime.date(2022, 11, 2))
    older = FairFactory(name="Hội chợ 2019", starts_on=datetime.date(2019, 11, 2))
    current = FairFactory(name="Hội chợ 2026", starts_on=START, ends_on=END, is_current=True)

    response = client.get(reverse("cooperatives:fair-list"))

    assert list(response.context["fairs"]) == [current, old, older]
    content = response.content.decode()
    assert content.count("Đã kết thúc") == 2 and content.count("Đang diễn ra") == 1
    # Each fair, past ones too, leads to its own exhibitors, floor plan and programme.
    for fair in (current, old, older):
        item = content.split(f'href="{fair.get_absolute_url()}"', 1)[1].split("</li>", 1)[0]
        assert f'href="{reverse("catalog:fair-exhibitors", kwargs={"slug": fair.slug})}"' in item
        assert f'href="{fair.get_floor_plan_url()}"' in item
        assert f'href="{fair.get_programme_url()}"' in item


def test_programme_is_in_time_order_grouped_by_day(client):
    fair = FairFactory(starts_on=START, ends_on=END)

    def at(day, hour):
        return timezone.make_aware(
            datetime.datetime.combine(datetime.date(2026, 12, day), datetime.time(hour))
        )

    ProgrammeItemFactory(fair=fair, title="Thưởng thức cà phê", kind="tasting", starts_at=at(2, 9))
    ProgrammeItemFactory(
        fair=fair, title="Lễ khai mạc", kind="opening", starts_at=at(1, 8), place="Sân khấu chính"
    )
    ProgrammeItemFactory(fair=fair, title="Hội nghị kết nối cung cầu", starts_at=at(1, 10))
    ProgrammeItemFactory(title="Của hội chợ khác", starts_at=at(1, 9))

    response = client.get(fair.get_programme_url())

    days = response.context["programme"]
    assert [(day, [item.title for item in items]) for day, items in days] == [
        (START, ["Lễ khai mạc", "Hội nghị kết nối cung cầu"]),
        (datetime.date(2026, 12, 2), ["Thưởng thức cà phê"]),
    ]
    content = response.content.decode()
    assert "Lễ khai mạc" in content and "Sân khấu chính" in content
    assert "Của hội chợ khác" not in content


def test_exhibitor_add_is_idempotent_and_a_booth_makes_an_exhibitor():
    fair = FairFactory()
    cooperative, other = CooperativeFactory(), CooperativeFactory()

    first = fair_exhibitor_add(fair=fair, cooperative=cooperative)
    again = fair_exhibitor_add(fair=fair, cooperative=cooperative)
    booth_assign(booth=BoothFactory(fair=fair, code="C3"), cooperative=other)

    assert first.pk == again.pk
    assert set(FairExhibitor.objects.values_list("cooperative", flat=True)) == {
        cooperative.pk,
        other.pk,
    }


def test_an_exhibitor_holding_a_booth_cannot_be_removed():
    fair = FairFactory()
    cooperative = CooperativeFactory(name="HTX Đồng Tâm")
    booth_assign(booth=BoothFactory(fair=fair, code="A2"), cooperative=cooperative)
    exhibitor = FairExhibitor.objects.get()

    with pytest.raises(ValidationError, match="A2"):
        fair_exhibitor_remove(exhibitor=exhibitor)
    lone = FairExhibitorFactory(fair=fair)
    fair_exhibitor_remove(exhibitor=lone)

    assert list(FairExhibitor.objects.all()) == [exhibitor]


def test_header_links_to_the_current_fairs_floor_plan_and_exhibitors(client):
    fair = FairFactory(is_current=True)
    content = client.get(reverse("catalog:product-list")).content.decode()
    nav = content.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    exhibitors = reverse("catalog:fair-exhibitors", kwargs={"slug": fair.slug})
    assert f'<a href="{fair.get_floor_plan_url()}">Sơ đồ gian hàng</a>' in nav
    assert f'<a href="{exhibitors}">Đơn vị trưng bày</a>' in nav


def test_header_between_fairs_links_to_the_fairs(client):
    FairFactory(is_current=False)
    content = client.get(reverse("catalog:product-list")).content.decode()
    nav = content.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{reverse("cooperatives:fair-list")}">Hội chợ</a>' in nav
    assert "Sơ đồ gian hàng" not in nav


@pytest.mark.parametrize(
    "path",
    ["/fairs/khong-co/", "/fairs/khong-co/programme/", "/fairs/khong-co/exhibitors/"],
)
def test_unknown_fairs_are_404(client, path):
    assert client.get(path).status_code == 404
