import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import CooperativeFactory
from tests.trade.conftest import buyer_data
from trade.models import Enquiry

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"
VENUE_WIFI = "203.0.113.50"
REFUSED = "Có quá nhiều yêu cầu được gửi trong vài phút vừa qua"


def contact_url(cooperative):
    return reverse("trade:enquiry-create", kwargs={"slug": cooperative.slug})


def buyer(number: int) -> dict:
    """A different buyer each time: their own phone and e-mail."""
    return buyer_data(phone=f"0912 345 6{number:02d}", email=f"buyer{number}@example.vn")


def via_nginx(client_address: str, forged: str = "") -> dict:
    """The headers nginx sends on: what the client sent, then the address it saw."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": chain}


def test_twelve_buyers_behind_one_proxy_are_all_accepted(trade, settings):
    # Failed before: every client was the proxy's address, 8 accepted and 4 refused.
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(12):
        response = Client().post(
            contact_url(trade["tea"]), buyer(number), **via_nginx(f"198.51.100.{number + 1}")
        )
        assert response.status_code == 302
    assert Enquiry.objects.count() == 12


def test_twelve_buyers_on_the_venue_wifi_are_all_accepted(trade, settings):
    # One public address for the whole venue (or a carrier's NAT) is not one buyer.
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(12):
        response = Client().post(contact_url(trade["tea"]), buyer(number), **via_nginx(VENUE_WIFI))
        assert response.status_code == 302
    assert Enquiry.objects.count() == 12


def test_a_buyer_flooding_one_cooperative_is_refused_in_vietnamese(client, trade, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = contact_url(trade["tea"])
    limit = settings.ENQUIRY_RATE_LIMIT_PER_COOPERATIVE
    for _ in range(limit):
        assert client.post(url, buyer(1), **via_nginx(VENUE_WIFI)).status_code == 302
    response = client.post(url, buyer(1), **via_nginx(VENUE_WIFI))
    assert response.status_code == 429
    page = response.content.decode()
    assert REFUSED in page
    assert '<html lang="vi"' in page
    assert 'value="Nguyễn Thị Lan"' in page  # what the buyer typed is kept
    assert Enquiry.objects.count() == limit
    # The next buyer on the same Wi-Fi is not held back.
    other = Client().post(url, buyer(2), **via_nginx(VENUE_WIFI))
    assert other.status_code == 302
    assert Enquiry.objects.count() == limit + 1


@pytest.mark.parametrize(
    "same",
    [
        pytest.param(lambda n: {"phone": "0912 345 678", "email": f"b{n}@example.vn"}, id="phone"),
        pytest.param(lambda n: {"phone": f"0912 345 6{n:02d}", "email": "a@x.vn"}, id="email"),
    ],
)
def test_a_sender_is_limited_across_cooperatives(trade, settings, same):
    settings.ENQUIRY_RATE_LIMIT = 2
    cooperatives = [CooperativeFactory() for _ in range(3)]
    statuses = [
        Client().post(contact_url(cooperative), buyer_data(**same(number))).status_code
        for number, cooperative in enumerate(cooperatives)
    ]
    assert statuses == [302, 302, 429]
    assert Enquiry.objects.count() == 2


def test_a_session_is_limited_whatever_contact_it_gives(client, trade, settings):
    settings.ENQUIRY_RATE_LIMIT = 2
    client.post(
        reverse("trade:shortlist-toggle"),
        {"kind": "product", "id": trade["green_tea"].pk, "action": "add", "next": "/"},
    )
    statuses = [
        client.post(contact_url(CooperativeFactory()), buyer(number)).status_code
        for number in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_a_wholesale_enquiry_counts_for_every_cooperative_it_reaches(client, trade, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_COOPERATIVE = 1
    toggle = reverse("trade:shortlist-toggle")
    for product in (trade["green_tea"], trade["pomelo_fruit"]):
        client.post(toggle, {"kind": "product", "id": product.pk, "action": "add", "next": "/"})
    assert client.post(reverse("trade:shortlist-enquiry"), buyer(1)).status_code == 302
    response = Client().post(contact_url(trade["pomelo"]), buyer(1))
    assert response.status_code == 429
    assert Enquiry.objects.count() == 2


def test_forged_forwarded_for_does_not_escape_the_address_ceiling(trade, settings):
    # Failed before: behind the proxy, the only limit was the proxy's own address.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ENQUIRY_RATE_LIMIT_PER_ADDRESS = 5
    url = contact_url(trade["tea"])
    statuses = [
        Client()
        .post(url, buyer(number), **via_nginx("198.51.100.66", forged=f"10.9.{number}.1"))
        .status_code
        for number in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    # Another machine behind the same proxy is still served.
    assert Client().post(url, buyer(7), **via_nginx("198.51.100.67")).status_code == 302


def test_the_ceiling_counts_refused_forms_too(client, trade, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_ADDRESS = 2
    url = contact_url(trade["tea"])
    assert client.post(url, buyer_data(phone="12345")).status_code == 200
    assert client.post(url, buyer_data(phone="12345")).status_code == 200
    assert client.post(url, buyer(1)).status_code == 429
    assert Enquiry.objects.count() == 0


def test_without_a_proxy_a_forwarded_for_header_is_ignored(trade, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ENQUIRY_RATE_LIMIT_PER_ADDRESS = 1
    url = contact_url(trade["tea"])
    first = Client().post(url, buyer(1), REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    second = Client().post(
        url, buyer(2), REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="2.2.2.2"
    )
    third = Client().post(url, buyer(3), REMOTE_ADDR="198.51.100.2")
    assert [first.status_code, second.status_code, third.status_code] == [302, 429, 302]


def test_behind_two_proxies_the_client_is_two_hops_from_the_right(trade, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.ENQUIRY_RATE_LIMIT_PER_ADDRESS = 1
    url = contact_url(trade["tea"])
    cdn = "192.0.2.200"

    def post(number, chain):
        return (
            Client()
            .post(url, buyer(number), REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=chain)
            .status_code
        )

    assert post(1, f"198.51.100.1, {cdn}") == 302
    assert post(2, f"198.51.100.2, {cdn}") == 302
    assert post(3, f"10.0.0.3, 198.51.100.1, {cdn}") == 429


def test_the_counters_live_in_the_shared_cache(client, trade, settings):
    settings.ENQUIRY_RATE_LIMIT = 1
    url = contact_url(trade["tea"])
    assert client.post(url, buyer(1)).status_code == 302
    assert client.post(url, buyer(1)).status_code == 429
    cache.clear()  # what every worker and server reads (Redis in production)
    assert client.post(url, buyer(1)).status_code == 302
