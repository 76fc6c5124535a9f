"""Applicants of a known cooperative pick their catalogue products, and may add new ones."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from catalog.models import Product
from tests.factories import CooperativeFactory, ProductFactory
from tests.trade import test_applications as base
from tests.trade.test_applications import application_data, apply_url
from trade.applications import application_accept
from trade.models import ApplicationProduct, ExhibitorApplication

pytestmark = pytest.mark.django_db

# The call for exhibitors, its provinces and product group, shared with the form's own tests.
call, group, provinces = base.call, base.group, base.provinces

NO_NEW_ROWS = {
    "products-0-name": "",
    "products-0-group": "",
    "products-0-stars": "",
    "products-0-award_year": "",
}


@pytest.fixture
def known(provinces, group):
    cooperative = CooperativeFactory(name="HTX Dược liệu Trường Sơn", province=provinces[0])
    tea = ProductFactory(cooperative=cooperative, group=group, name="Trà cà gai leo")
    soap = ProductFactory(cooperative=cooperative, group=group, name="Cao cà gai leo")
    return cooperative, tea, soap


def test_a_known_cooperative_is_shown_its_products_before_anything_is_saved(
    client, call, group, known
):
    response = client.post(apply_url(call.fair), application_data(group, tax_code=""))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Trà cà gai leo" in page
    assert "Cao cà gai leo" in page
    assert 'name="products_shown" value="1"' in page
    assert 'name="existing_products"' in page
    assert ExhibitorApplication.objects.count() == 0


def test_picked_products_are_linked_and_not_duplicated_on_accepting(client, call, group, known):
    cooperative, tea, _soap = known
    data = application_data(
        group, tax_code="", products_shown="1", existing_products=[str(tea.pk)], **NO_NEW_ROWS
    )

    response = client.post(apply_url(call.fair), data)

    assert response.status_code == 302
    application = ExhibitorApplication.objects.get()
    assert application.cooperative == cooperative
    [row] = application.products.all()
    assert (row.name, row.product) == ("Trà cà gai leo", tea)

    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    assert application_accept(application=application, request=request)
    assert Product.objects.filter(cooperative=cooperative).count() == 2
    assert ApplicationProduct.objects.get().product == tea


def test_picked_and_new_products_together(client, call, group, known):
    cooperative, tea, soap = known
    data = application_data(
        group, tax_code="", products_shown="1", existing_products=[str(tea.pk), str(soap.pk)]
    )

    client.post(apply_url(call.fair), data)

    application = ExhibitorApplication.objects.get()
    rows = sorted(application.products.values_list("name", "product__name"))
    assert rows == [
        ("Cao cà gai leo", "Cao cà gai leo"),
        ("Trà cà gai leo", "Trà cà gai leo"),
        ("Trà cà gai leo túi lọc", None),
    ]


def test_another_cooperatives_product_cannot_be_picked(client, call, group, known, provinces):
    other = ProductFactory(name="Nước mắm của người khác")
    data = application_data(
        group, tax_code="", products_shown="1", existing_products=[str(other.pk)]
    )

    response = client.post(apply_url(call.fair), data)

    assert response.status_code == 200
    assert "Chỉ chọn sản phẩm của chính hợp tác xã" in response.content.decode()
    assert ExhibitorApplication.objects.count() == 0


def test_no_product_at_all_is_refused_clearly(client, call, group, known):
    data = application_data(group, tax_code="", products_shown="1", **NO_NEW_ROWS)

    response = client.post(apply_url(call.fair), data)

    assert response.status_code == 200
    assert "Thêm ít nhất một sản phẩm" in response.content.decode()
    assert ExhibitorApplication.objects.count() == 0


def test_a_new_cooperative_goes_straight_through(client, call, group, provinces):
    response = client.post(apply_url(call.fair), application_data(group))

    assert response.status_code == 302
    assert ExhibitorApplication.objects.get().products.get().product is None


def test_the_form_without_javascript_offers_five_new_product_rows(client, call):
    response = client.get(apply_url(call.fair))

    page = response.content.decode()
    assert 'name="products-4-name"' in page
    assert 'name="existing_products"' not in page


def test_picked_and_new_products_count_together_against_the_limit(client, call, group, known):
    _cooperative, tea, soap = known
    data = application_data(
        group, tax_code="", products_shown="1", existing_products=[str(tea.pk), str(soap.pk)]
    )
    data.update({f"products-{n}-name": f"Sản phẩm mới {n}" for n in range(1, 4)})
    data.update({f"products-{n}-group": str(group.pk) for n in range(1, 4)})

    response = client.post(apply_url(call.fair), data)

    assert response.status_code == 200
    assert "Trưng bày tối đa 5 sản phẩm tất cả." in response.text
    assert ExhibitorApplication.objects.count() == 0


def test_a_product_picked_twice_is_claimed_once(client, call, group, known):
    _cooperative, tea, _soap = known
    data = application_data(
        group,
        tax_code="",
        products_shown="1",
        existing_products=[str(tea.pk), str(tea.pk)],
        **NO_NEW_ROWS,
    )

    client.post(apply_url(call.fair), data)

    application = ExhibitorApplication.objects.get()
    assert list(application.products.values_list("product", flat=True)) == [tea.pk]


def test_only_published_products_are_offered_to_pick(client, call, group, known):
    # Anyone can type a cooperative's name and province: the form shows what visitors may see.
    cooperative, _tea, _soap = known
    ProductFactory(
        cooperative=cooperative, group=group, name="Trà chưa duyệt", status=Product.Status.DRAFT
    )

    page = client.post(apply_url(call.fair), application_data(group, tax_code=""))

    assert "Trà cà gai leo" in page.content.decode()
    assert "Trà chưa duyệt" not in page.content.decode()


def test_accepting_keeps_the_booth_needs_an_organiser_set_for_an_exhibitor(
    client, call, group, known
):
    from cooperatives.services import fair_exhibitor_add

    cooperative, tea, _soap = known
    exhibitor = fair_exhibitor_add(fair=call.fair, cooperative=cooperative)
    exhibitor.booths_wanted, exhibitor.needs_refrigeration = 3, True
    exhibitor.save()
    data = application_data(
        group, tax_code="", products_shown="1", existing_products=[str(tea.pk)], **NO_NEW_ROWS
    )
    response = client.post(apply_url(call.fair), data)
    assert response.status_code == 302, response.content.decode()[-3000:]

    assert application_accept(
        application=ExhibitorApplication.objects.get(), request=None, notify=False
    )

    exhibitor.refresh_from_db()
    assert (exhibitor.booths_wanted, exhibitor.needs_refrigeration) == (3, True)
