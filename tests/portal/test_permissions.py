"""The permission matrix: {anonymous, staff of A, staff of B, organiser} × every staff URL ×
GET and POST. Only members of cooperative A may see or change A's objects; everyone else is
sent to log in (anonymous) or finds nothing (404), and a refused POST changes nothing."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from catalog.models import PackOption, Product, ProductImage
from tests.factories import PackOptionFactory
from tests.portal.conftest import db_snapshot, image_bytes, product_post_data, upload


def _profile_post(portal):
    return {
        "description": "Mô tả mới của hợp tác xã.",
        "phone": "0233 3880 123",
        "email": "htx@example.vn",
        "website": "",
        "address": "Khe Sanh, Hướng Hóa",
        "commune": "Khe Sanh",
    }


def _product_add_post(portal):
    return product_post_data(
        Product(name="Mật ong rừng", group=portal["product_a"].group, summary="Mật ong nguyên chất")
    )


def _product_edit_post(portal):
    pack = portal["pack_a"]
    return product_post_data(
        portal["product_a"],
        packs=[{"id": pack.pk, "label": pack.label, "price_vnd": 160_000, "sort_order": 0}],
        summary="Cà phê rang xay nguyên chất",
    )


# name -> (URL of A's object, POST data, whether GET is allowed, check that staff A's POST worked)
STAFF_URLS = {
    "dashboard": (lambda p: reverse("portal:dashboard"), lambda p: {}, True, None),
    "profile": (
        lambda p: reverse("portal:profile", args=[p["coop_a"].slug]),
        _profile_post,
        True,
        lambda p: p["coop_a"].__class__.objects.get(pk=p["coop_a"].pk).phone == "0233 3880 123",
    ),
    "profile-shop-links": (
        lambda p: reverse("portal:profile", args=[p["coop_a"].slug]),
        lambda p: {
            **_profile_post(p),
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-platform": "shopee",
            "links-0-url": "https://shopee.vn/htxkhesanh",
        },
        True,
        lambda p: (
            list(p["coop_a"].shop_links.values_list("url", flat=True))
            == ["https://shopee.vn/htxkhesanh"]
        ),
    ),
    "product-add": (
        lambda p: reverse("portal:product-add", args=[p["coop_a"].slug]),
        _product_add_post,
        True,
        lambda p: Product.objects.get(name="Mật ong rừng").status == Product.Status.PENDING,
    ),
    "product-list": (
        lambda p: reverse("portal:product-list", args=[p["coop_a"].slug]),
        lambda p: {},
        True,
        None,
    ),
    "product-edit": (
        lambda p: reverse("portal:product-edit", args=[p["product_a"].pk]),
        _product_edit_post,
        True,
        lambda p: (
            Product.objects.get(pk=p["product_a"].pk).summary == "Cà phê rang xay nguyên chất"
        ),
    ),
    "product-visibility": (
        lambda p: reverse("portal:product-visibility", args=[p["product_a"].pk]),
        lambda p: {"action": "hide"},
        False,
        lambda p: Product.objects.get(pk=p["product_a"].pk).status == Product.Status.HIDDEN,
    ),
    "product-photos": (
        lambda p: reverse("portal:product-photos", args=[p["product_a"].pk]),
        lambda p: {"photos": [upload(image_bytes())]},
        True,
        lambda p: p["product_a"].images.count() == 3,
    ),
    "photo-edit": (
        lambda p: reverse("portal:photo-edit", args=[p["photo_a"].pk]),
        lambda p: {"alt_text": "Gói cà phê 500 g"},
        True,
        lambda p: ProductImage.objects.get(pk=p["photo_a"].pk).alt_text == "Gói cà phê 500 g",
    ),
    "photo-move": (
        lambda p: reverse("portal:photo-move", args=[p["photo_a"].pk]),
        lambda p: {"direction": "down"},
        False,
        lambda p: (
            list(p["product_a"].images.order_by("sort_order").values_list("pk", flat=True))
            == [p["photo_a2"].pk, p["photo_a"].pk]
        ),
    ),
    "photo-delete": (
        lambda p: reverse("portal:photo-delete", args=[p["photo_a"].pk]),
        lambda p: {},
        True,
        lambda p: not ProductImage.objects.filter(pk=p["photo_a"].pk).exists(),
    ),
}
ROLES = ["anonymous", "staff_a", "staff_b", "organiser"]
# Pages that only show: a POST is refused as a method, before anyone's objects are looked up.
READ_ONLY = {"dashboard", "product-list"}


@pytest.fixture
def as_role(client, portal, organiser):
    def log_in(role):
        if role == "organiser":
            client.force_login(organiser)
        elif role != "anonymous":
            client.force_login(portal[role])
        return client

    return log_in


@pytest.mark.parametrize("name", STAFF_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_get(as_role, portal, role, name):
    url_of, _, get_allowed, _ = STAFF_URLS[name]
    url = url_of(portal)
    response = as_role(role).get(url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(url)}"
    elif not get_allowed:
        assert response.status_code == 405
    elif name == "dashboard":
        assert response.status_code == 200
        names = [c.name for c in response.context["cooperatives"]]
        expected = {"staff_a": ["HTX Nông sản Khe Sanh"], "staff_b": ["HTX Sen Quê Bác"]}
        assert names == expected.get(role, [])
    elif role == "staff_a":
        assert response.status_code == 200
        assert response["Content-Type"] == "text/html; charset=utf-8"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", STAFF_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_post(as_role, portal, role, name):
    url_of, data_of, _, worked = STAFF_URLS[name]
    url = url_of(portal)
    before = db_snapshot()
    response = as_role(role).post(url, data_of(portal))

    if role == "staff_a" and name not in READ_ONLY:
        assert response.status_code == 302, getattr(response, "context", None) and [
            form.errors for form in (response.context.get("form"),) if form
        ]
        assert worked(portal)
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif name in READ_ONLY:
        assert response.status_code == 405
    else:
        assert response.status_code == 404
    assert db_snapshot() == before


def _photo_and_pack_actions(portal):
    product, pack = portal["product_a"], portal["pack_a"]
    packs = [{"id": pack.pk, "label": pack.label, "price_vnd": "150000", "sort_order": "0"}]
    return {
        "pack-add": product_post_data(product, packs=packs, pack_add="1"),
        "pack-move": product_post_data(product, packs=packs, pack_move="packs-0:down"),
        "photo-main": product_post_data(product, main_photo=str(portal["photo_a2"].pk)),
        "photo-remove": product_post_data(product, remove_photos=[str(portal["photo_a"].pk)]),
        "photo-upload": product_post_data(product, new_photos=[upload(image_bytes())]),
    }


@pytest.mark.parametrize(
    "action", ["pack-add", "pack-move", "photo-main", "photo-remove", "photo-upload"]
)
@pytest.mark.parametrize("role", ROLES)
def test_product_page_actions_are_for_the_cooperatives_own_staff(as_role, portal, role, action):
    url = reverse("portal:product-edit", args=[portal["product_a"].pk])
    before = db_snapshot()
    response = as_role(role).post(url, _photo_and_pack_actions(portal)[action])
    if role == "staff_a":
        # Adding or moving a pack re-renders the page; a photo change is saved with the form.
        assert response.status_code == (200 if action.startswith("pack") else 302)
        if action.startswith("pack"):
            assert db_snapshot() == before
        else:
            assert db_snapshot()["images"] != before["images"]
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404
    assert db_snapshot() == before


def test_csrf_token_is_required_on_staff_forms(portal):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    url = reverse("portal:photo-edit", args=[portal["photo_a"].pk])
    response = client.post(url, {"alt_text": "Không có mã CSRF"})
    assert response.status_code == 403
    assert db_snapshot() == before


def test_pack_option_of_another_product_cannot_be_changed_through_the_formset(client, portal):
    # Staff A posts the id of B's pack (and of A's own pack into a new product): Django's
    # inline formset must ignore rows outside the product, neither editing nor moving them.
    pack_b = PackOptionFactory(product=portal["product_b"], label="hộp 200 g", price_vnd=90_000)
    client.force_login(portal["staff_a"])
    forged = [{"id": pack_b.pk, "label": "đổi giá", "price_vnd": "10.000", "sort_order": 0}]
    client.post(
        reverse("portal:product-edit", args=[portal["product_a"].pk]),
        product_post_data(portal["product_a"], packs=forged),
    )
    deleted = [dict(forged[0], label=pack_b.label, DELETE="on")]
    client.post(
        reverse("portal:product-edit", args=[portal["product_a"].pk]),
        product_post_data(portal["product_a"], packs=deleted),
    )
    own = [{"id": portal["pack_a"].pk, "label": "chuyển", "price_vnd": "10.000", "sort_order": 0}]
    client.post(
        reverse("portal:product-add", args=[portal["coop_a"].slug]),
        product_post_data(Product(name="Mật ong", group=portal["product_a"].group), packs=own),
    )
    assert list(PackOption.objects.order_by("pk").values_list("product", "label", "price_vnd")) == [
        (portal["product_a"].pk, "gói 500 g", 150_000),
        (portal["product_b"].pk, "hộp 200 g", 90_000),
    ]


@pytest.mark.parametrize(
    "path",
    ["products/99999999999999999999999/", "photos/9223372036854775808/", "products/0/photos/"],
)
def test_out_of_range_ids_are_not_found(client, portal, path):
    client.force_login(portal["staff_a"])
    assert client.get(reverse("portal:dashboard") + path).status_code == 404
    before = db_snapshot()
    assert client.post(reverse("portal:dashboard") + path, {}).status_code == 404
    assert db_snapshot() == before
