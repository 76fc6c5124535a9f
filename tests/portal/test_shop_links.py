"""Shop links in the portal's cooperative profile: the cooperative's own staff add, change and
remove them; only web addresses (http, https); "Add a link" works without JavaScript."""

import pytest
from django.urls import reverse

from cooperatives.models import ShopLink
from tests.portal.conftest import db_snapshot


def _profile_data(cooperative, links=(), **changes):
    data = {
        "description": cooperative.description,
        "phone": "0233 3880 123",
        "email": "",
        "website": "",
        "address": "",
        "commune": "",
        "links-TOTAL_FORMS": str(len(links)),
        "links-INITIAL_FORMS": str(sum(1 for link in links if link.get("id"))),
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    for index, link in enumerate(links):
        for key, value in link.items():
            data[f"links-{index}-{key}"] = value
    data.update(changes)
    return data


def _links(cooperative):
    return list(cooperative.shop_links.order_by("sort_order").values_list("platform", "url"))


def test_staff_add_change_and_remove_shop_links(client, portal):
    coop = portal["coop_a"]
    client.force_login(portal["staff_a"])
    url = reverse("portal:profile", args=[coop.slug])
    html = client.get(url).content.decode()
    assert 'name="links-0-url"' in html and 'name="links-0-DELETE"' not in html

    data = _profile_data(
        coop,
        links=[
            {"platform": "shopee", "url": "shopee.vn/htxkhesanh"},
            {"platform": "facebook", "url": "https://facebook.com/htxkhesanh"},
        ],
    )
    assert client.post(url, data).status_code == 302
    assert _links(coop) == [
        ("shopee", "https://shopee.vn/htxkhesanh"),
        ("facebook", "https://facebook.com/htxkhesanh"),
    ]
    shopee, facebook = coop.shop_links.order_by("sort_order")
    data = _profile_data(
        coop,
        links=[
            {"id": shopee.pk, "platform": "shopee", "url": shopee.url, "DELETE": "on"},
            {"id": facebook.pk, "platform": "zalo", "url": "https://zalo.me/0912345678"},
        ],
    )
    assert client.post(url, data).status_code == 302
    assert _links(coop) == [("zalo", "https://zalo.me/0912345678")]


def test_add_a_link_without_javascript_keeps_what_was_typed(client, portal):
    coop = portal["coop_a"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = _profile_data(
        coop, links=[{"platform": "tiki", "url": "tiki.vn/cua-hang/htx"}], link_add="1"
    )
    response = client.post(reverse("portal:profile", args=[coop.slug]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="links-TOTAL_FORMS" value="2"' in html
    assert 'value="tiki.vn/cua-hang/htx"' in html
    assert "errorlist" not in html
    assert db_snapshot() == before and not ShopLink.objects.exists()


@pytest.mark.parametrize(
    "address",
    ["ftp://shop.example.vn/", "javascript:alert(1)", "https://", "shopee", "x" * 300],
)
def test_only_web_addresses_are_accepted(client, portal, address):
    coop = portal["coop_a"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = _profile_data(coop, links=[{"platform": "other", "url": address}])
    response = client.post(reverse("portal:profile", args=[coop.slug]), data)
    assert response.status_code == 200
    assert "links-0-url" in response.content.decode()
    assert response.context["links"].errors[0]["url"]
    assert db_snapshot() == before and not ShopLink.objects.exists()


def test_another_cooperatives_link_cannot_be_changed(client, portal):
    theirs = ShopLink.objects.create(
        cooperative=portal["coop_b"], platform="shopee", url="https://shopee.vn/senquebac"
    )
    coop = portal["coop_a"]
    client.force_login(portal["staff_a"])
    data = _profile_data(
        coop,
        links=[
            {"id": theirs.pk, "platform": "other", "url": "https://evil.example/", "DELETE": ""}
        ],
    )
    client.post(reverse("portal:profile", args=[coop.slug]), data)
    theirs.refresh_from_db()
    assert (theirs.cooperative, theirs.url) == (portal["coop_b"], "https://shopee.vn/senquebac")
    # Staff B cannot post A's profile at all.
    client.force_login(portal["staff_b"])
    before = db_snapshot()
    data = _profile_data(coop, links=[{"platform": "tiki", "url": "https://tiki.vn/x"}])
    assert client.post(reverse("portal:profile", args=[coop.slug]), data).status_code == 404
    assert db_snapshot() == before
    assert not coop.shop_links.exists()


def test_add_a_link_on_a_page_without_the_rows_never_fails(client, portal):
    coop = portal["coop_a"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = _profile_data(coop, link_add="1")
    for key in [key for key in data if key.startswith("links-")]:
        del data[key]
    response = client.post(reverse("portal:profile", args=[coop.slug]), data)
    assert response.status_code == 200
    assert db_snapshot() == before


def test_links_keep_the_order_shown_after_one_is_removed(client, portal):
    coop = portal["coop_a"]
    client.force_login(portal["staff_a"])
    url = reverse("portal:profile", args=[coop.slug])
    first = [
        {"platform": "shopee", "url": "https://shopee.vn/a"},
        {"platform": "facebook", "url": "https://facebook.com/a"},
        {"platform": "zalo", "url": "https://zalo.me/0912345678"},
    ]
    assert client.post(url, _profile_data(coop, links=first)).status_code == 302
    shopee, facebook, zalo = coop.shop_links.order_by("sort_order")

    # The first is removed and a new one added; the two left unchanged move up, the new one last.
    links = [
        {"id": shopee.pk, "platform": "shopee", "url": shopee.url, "DELETE": "on"},
        {"id": facebook.pk, "platform": "facebook", "url": facebook.url},
        {"id": zalo.pk, "platform": "zalo", "url": zalo.url},
        {"platform": "tiki", "url": "https://tiki.vn/cua-hang/a"},
    ]
    assert client.post(url, _profile_data(coop, links=links)).status_code == 302

    orders = list(coop.shop_links.order_by("sort_order").values_list("platform", "sort_order"))
    assert orders == [("facebook", 0), ("zalo", 1), ("tiki", 2)]
