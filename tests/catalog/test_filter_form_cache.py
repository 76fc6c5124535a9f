"""The catalogue's filter form from the shared cache (catalog.filters.filter_form_html): rendered
once per choice of filters, language and version, and every edit it shows is on the next page."""

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from catalog.filters import FILTER_FORM_TEMPLATE
from tests.factories import ProvinceFactory

# A cache every process would share, the page cache off (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


@pytest.fixture
def form_renders():
    renders = []

    def note(sender, template, context, **kwargs):
        if template.name == FILTER_FORM_TEMPLATE:
            renders.append(context["filterset"].form.data.urlencode())

    template_rendered.connect(note, dispatch_uid="filter-form-renders")
    yield renders
    template_rendered.disconnect(dispatch_uid="filter-form-renders")


def form_html(response) -> str:
    html = response.content.decode()
    start = html.index('<form class="filters"')
    return html[start : html.index("</form>", start)]


def test_the_form_is_rendered_once_per_choice_of_filters(client, catalogue, form_renders):
    url = reverse("catalog:product-list")
    first = client.get(url, {"stars": "4"})
    second = client.get(url, {"stars": "4", "page": "1"})  # the page is not in the form
    other = client.get(url, {"stars": "5"})

    assert len(form_renders) == 2
    assert form_html(first) == form_html(second)
    assert 'value="4" selected' in form_html(first)
    assert 'value="5" selected' in form_html(other)


def test_what_was_typed_is_shown_as_typed(client, catalogue):
    url = reverse("catalog:product-list")
    client.get(url, {"q": "mật ong"})

    html = form_html(client.get(url, {"q": "<b>trà</b>"}))

    assert 'value="&lt;b&gt;trà&lt;/b&gt;"' in html
    assert "mật ong" not in html


def test_each_language_has_its_form(client, catalogue):
    client.get("/products/")

    english = form_html(client.get("/en/products/"))

    assert "Medicinal herbs" in english and "Dược liệu" not in english


def test_a_renamed_province_is_in_the_next_form(client, catalogue, form_renders):
    client.get("/products/")
    ha_tinh = catalogue["ha_tinh"]
    ha_tinh.name = "Hà Tĩnh mới"
    ha_tinh.save()

    html = form_html(client.get("/products/"))

    assert "Hà Tĩnh mới" in html
    assert len(form_renders) == 2


def test_a_new_province_is_in_the_next_form(client, catalogue):
    client.get("/products/")
    ProvinceFactory(name="Nghệ An", code="40")

    assert "Nghệ An" in form_html(client.get("/products/"))


def test_a_renamed_group_is_in_the_next_form(client, catalogue):
    client.get("/products/")
    herbs = catalogue["herbs"]
    herbs.name = "Dược liệu quý"
    herbs.save()

    assert "Dược liệu quý" in form_html(client.get("/products/"))


def test_a_renamed_fair_is_in_the_next_form(client, catalogue):
    fair = catalogue["fair"]
    client.get("/products/")
    fair.name = "Hội chợ OCOP Bắc Trung Bộ 2026"
    fair.save()

    assert "Hội chợ OCOP Bắc Trung Bộ 2026" in form_html(client.get("/products/"))


def test_a_cached_form_needs_no_query(client, catalogue, django_assert_max_num_queries):
    url = reverse("catalog:product-list")
    client.get(url, {"group": catalogue["tea"].slug})

    with django_assert_max_num_queries(10) as queries:
        client.get(url, {"group": catalogue["tea"].slug})

    # The group asked for is read to filter by it, but the form's choices are not listed.
    assert not [q for q in queries.captured_queries if "cooperatives_province" in q["sql"]]
