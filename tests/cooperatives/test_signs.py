import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from catalog.models import Product
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    ProductFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def signs_url(fair, language="vi") -> str:
    with translation.override(language):
        return reverse("catalog:booth-signs", kwargs={"slug": fair.slug})


def sign_codes(response) -> list[str]:
    """The booth codes of the signs on the page, in order."""
    html = response.content.decode()
    return re.findall(
        r'<h2 class="sign-code"[^>]*><span class="sign-label">[^<]*</span> (\S+)</h2>', html
    )


def test_signs_anonymous_redirects_to_admin_login(client):
    fair = FairFactory()

    response = client.get(signs_url(fair))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={signs_url(fair)}"


@pytest.mark.parametrize("is_staff", [False, True])
def test_signs_denied_without_booth_permission(client, is_staff):
    client.force_login(UserFactory(is_staff=is_staff))

    response = client.get(signs_url(FairFactory()))

    assert response.status_code == 403


def test_signs_allowed_with_view_booth_permission(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_booth"))
    client.force_login(user)

    response = client.get(signs_url(FairFactory()))

    assert response.status_code == 200


def test_signs_one_per_booth_in_floor_plan_order(organiser_client):
    fair = FairFactory()
    for code in ("A10", "A2", "B1"):
        BoothAssignmentFactory(booth__fair=fair, booth__code=code, booth__zone="Khu A")
    BoothFactory(fair=fair, code="A1", zone="Khu A")  # free
    BoothFactory(code="Z9")  # another fair

    response = organiser_client.get(signs_url(fair))

    assert response.status_code == 200
    assert sign_codes(response) == ["A1", "A2", "A10", "B1"]
    assert response.content.decode().count('<article class="sign"') == 4


def test_sign_shows_cooperative_province_and_inline_qr_code(organiser_client, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    province = ProvinceFactory(name="Hà Tĩnh")
    cooperative = CooperativeFactory(name="HTX Bưởi Phúc Trạch", province=province)
    assignment = BoothAssignmentFactory(booth__code="B7", cooperative=cooperative)
    fair = assignment.booth.fair

    response = organiser_client.get(signs_url(fair, "en"))

    html = response.content.decode()
    sign = response.context["signs"][0]
    assert (sign.booth.code, sign.cooperative, sign.url) == (
        "B7",
        cooperative,
        f"https://ocop.example.vn/fairs/{fair.slug}/booths/B7/",
    )
    assert '<p class="sign-name">HTX Bưởi Phúc Trạch</p>' in html
    assert '<p class="sign-province">Hà Tĩnh</p>' in html
    assert "Scan to see the products" in html
    assert html.count('<svg viewBox="0 0 ') == 1  # the QR code, inline and not escaped
    assert "&lt;svg" not in html


def test_sign_shows_best_valid_stars_of_published_products(organiser_client):
    assignment = BoothAssignmentFactory()
    cooperative = assignment.cooperative
    valid = {"ocop_valid_until": timezone.localdate()}  # its last valid day is today
    ProductFactory(cooperative=cooperative, ocop_stars=3, **valid)
    ProductFactory(cooperative=cooperative, ocop_stars=4, **valid)
    ProductFactory(cooperative=cooperative, ocop_stars=None)
    # Failed before: an expired 5★ award was printed as the booth's best rating.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ProductFactory(cooperative=cooperative, ocop_stars=5, ocop_valid_until=yesterday)
    ProductFactory(cooperative=cooperative, ocop_stars=5, ocop_valid_until=None)  # undated
    for status in (Product.Status.PENDING, Product.Status.HIDDEN, Product.Status.DRAFT):
        ProductFactory(cooperative=cooperative, ocop_stars=5, status=status, **valid)
    ProductFactory(ocop_stars=5, **valid)  # another cooperative's

    response = organiser_client.get(signs_url(assignment.booth.fair, "en"))

    assert response.context["signs"][0].best_stars == 4
    assert 'aria-label="4 OCOP stars out of 5"' in response.content.decode()


def test_sign_without_a_valid_award_prints_no_rating(organiser_client):
    assignment = BoothAssignmentFactory()
    ProductFactory(cooperative=assignment.cooperative, ocop_stars=None)
    expired = timezone.localdate() - datetime.timedelta(days=1)
    ProductFactory(cooperative=assignment.cooperative, ocop_stars=4, ocop_valid_until=expired)

    response = organiser_client.get(signs_url(assignment.booth.fair, "en"))

    assert response.context["signs"][0].best_stars is None
    html = response.content.decode()
    assert "Best OCOP rating" not in html and 'class="stars-on"' not in html


def test_free_booth_and_inactive_cooperative_get_a_free_sign(organiser_client):
    fair = FairFactory()
    BoothFactory(fair=fair, code="A1")
    BoothAssignmentFactory(
        booth__fair=fair,
        booth__code="A2",
        cooperative__name="HTX Ngừng",
        cooperative__is_active=False,
    )

    response = organiser_client.get(signs_url(fair, "en"))

    html = response.content.decode()
    assert [sign.cooperative for sign in response.context["signs"]] == [None, None]
    assert html.count('<p class="sign-name sign-free">Free booth</p>') == 2
    assert "HTX Ngừng" not in html


def test_signs_booth_parameter_prints_one_sign(organiser_client):
    fair = FairFactory()
    for code in ("A1", "A2", "A3"):
        BoothFactory(fair=fair, code=code)

    response = organiser_client.get(signs_url(fair), {"booth": " a2 "})

    assert sign_codes(response) == ["A2"]


def test_signs_unknown_booth_is_404(organiser_client):
    fair = FairFactory()
    BoothFactory(fair=fair, code="A1")

    response = organiser_client.get(signs_url(fair), {"booth": "Z9"})

    assert response.status_code == 404


def test_signs_unknown_fair_is_404(organiser_client):
    response = organiser_client.get(reverse("catalog:booth-signs", kwargs={"slug": "khong-co"}))

    assert response.status_code == 404


def test_signs_query_count_does_not_grow_with_booths(organiser_client):
    fair = FairFactory()

    def add_booths(count):
        for _ in range(count):
            assignment = BoothAssignmentFactory(booth__fair=fair)
            ProductFactory.create_batch(2, cooperative=assignment.cooperative, ocop_stars=4)

    def query_count():
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(signs_url(fair))
        assert response.status_code == 200
        return len(queries), len(response.context["signs"])

    add_booths(3)
    few = query_count()
    add_booths(27)
    many = query_count()

    assert (few[1], many[1]) == (3, 30)
    assert few[0] == many[0] < 10
