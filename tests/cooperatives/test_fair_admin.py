"""The fair's admin page at any size: booths managed on their own changelist, one current fair."""

import pytest
from django.conf import settings
from django.urls import reverse

from cooperatives.models import Booth, Fair
from tests.admin_pages import admin_url, form_data, get_counting_queries, messages_of, post_action
from tests.factories import BoothAssignmentFactory, BoothFactory, FairFactory

pytestmark = pytest.mark.django_db


def booths_for(fair, count):
    Booth.objects.bulk_create(
        Booth(fair=fair, code=f"B{n}", zone="Khu B", x=n % 100, y=n // 100) for n in range(count)
    )


def test_a_fair_of_2000_booths_saves_through_its_admin_change_form(organiser_client):
    fair = FairFactory(name="Hội chợ OCOP 2022")
    booths_for(fair, 2000)
    url = admin_url(Fair, "change", fair.pk)
    data = form_data(organiser_client.get(url), "fair_form")

    # The field limit stays Django's: the page must not need more fields than a request may carry.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert len(data) < 50
    response = organiser_client.post(url, {**data, "name": "Hội chợ OCOP Bắc Trung Bộ 2022"})

    assert response.status_code == 302
    fair.refresh_from_db()
    assert fair.name == "Hội chợ OCOP Bắc Trung Bộ 2022"
    assert fair.booths.count() == 2000


def test_fair_change_page_queries_do_not_grow_with_its_booths(organiser_client):
    small, large = FairFactory(), FairFactory()
    booths_for(small, 1)
    booths_for(large, 500)
    BoothAssignmentFactory(booth=large.booths.first())

    _page, few = get_counting_queries(organiser_client, admin_url(Fair, "change", small.pk))
    _page, many = get_counting_queries(organiser_client, admin_url(Fair, "change", large.pk))

    assert len(few) == len(many)


def test_fair_page_links_to_its_booths_with_their_count(organiser_client):
    fair = FairFactory()
    BoothAssignmentFactory(booth=BoothFactory(fair=fair, code="A1"))
    BoothFactory(fair=fair, code="A2")
    BoothFactory(fair=fair, code="A3")

    response = organiser_client.get(admin_url(Fair, "change", fair.pk, language="en"))

    html = response.content.decode()
    booths_url = reverse("admin:cooperatives_booth_changelist") + f"?fair__id__exact={fair.pk}"
    assert "3 booths, 1 assigned" in html
    assert f'href="{booths_url}"' in html.replace("&amp;", "&")
    assert reverse("admin:cooperatives_fair_booth_row", args=[fair.pk]) in html
    # The booths themselves are not fields of the fair's form.
    assert "booths-TOTAL_FORMS" not in html


def test_booth_changelist_filtered_by_fair_shows_each_booths_exhibitor(organiser_client):
    fair, other = FairFactory(), FairFactory()
    assignments = [BoothAssignmentFactory(booth=BoothFactory(fair=fair)) for _ in range(3)]
    BoothFactory(fair=other)

    response = organiser_client.get(admin_url(Booth, "changelist"), {"fair__id__exact": fair.pk})

    rows = {(b.code, b.assigned_cooperative_name) for b in response.context["cl"].result_list}
    assert rows == {(a.booth.code, a.cooperative.name) for a in assignments}


def test_booth_row_from_the_fair_page_creates_booths_and_lists_them(organiser_client):
    fair = FairFactory()
    url = reverse("admin:cooperatives_fair_booth_row", args=[fair.pk])
    row = {"prefix": "c", "first": "1", "last": "12", "zone": "Khu C"}
    grid = {"x": "0", "y": "0", "width": "2", "height": "2"}

    form_page = organiser_client.get(url)
    response = organiser_client.post(url, {**row, **grid, "apply": "1"})

    assert 'name="prefix"' in form_page.content.decode()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?fair__id__exact={fair.pk}")
    assert fair.booths.count() == 12


def test_make_current_action_switches_the_current_fair_in_one_step(organiser_client):
    old = FairFactory(is_current=True)
    new = FairFactory()

    response = post_action(organiser_client, Fair, "make_current", [new])

    assert Fair.objects.get(is_current=True) == new
    old.refresh_from_db()
    assert not old.is_current
    assert messages_of(response) == [f"{new.name} is now the current fair."]


def test_make_current_action_refuses_two_fairs(organiser_client):
    old = FairFactory(is_current=True)
    one, two = FairFactory(), FairFactory()

    response = post_action(organiser_client, Fair, "make_current", [one, two])

    assert messages_of(response) == ["Select exactly one fair."]
    assert Fair.objects.get(is_current=True) == old


def test_make_current_button_on_the_fair_page(organiser_client):
    FairFactory(is_current=True)
    fair = FairFactory()
    page = organiser_client.get(admin_url(Fair, "change", fair.pk))
    button_url = reverse("admin:cooperatives_fair_make_current", args=[fair.pk])

    ignored = organiser_client.get(button_url)
    assert not Fair.objects.get(pk=fair.pk).is_current
    response = organiser_client.post(button_url)

    assert f'action="{button_url}"' in page.content.decode()
    assert (ignored.status_code, response.status_code) == (302, 302)
    assert Fair.objects.get(is_current=True) == fair


def test_adding_a_booth_from_one_fairs_booths_starts_at_that_fair(organiser_client):
    fair = FairFactory()

    response = organiser_client.get(
        admin_url(Booth, "add"), {"_changelist_filters": f"fair__id__exact={fair.pk}"}
    )

    assert response.context["adminform"].form.initial["fair"] == str(fair.pk)
