import io
import logging

import pytest
from django.test import RequestFactory

from ocop_fair.client_ip import client_ip
from ocop_fair.logs import OneLineFormatter

NGINX = "127.0.0.1"
CLIENT = "203.0.113.7"
CDN = "198.51.100.20"


def request_with(remote_addr: str, forwarded_for: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        # No proxy: the connection is the client; any header is the client's own invention.
        (0, CLIENT, None, CLIENT),
        (0, CLIENT, "192.0.2.1", CLIENT),
        (0, CLIENT, "192.0.2.1, 192.0.2.2", CLIENT),
        # nginx in front: it appends the address it saw, the rightmost entry.
        (1, NGINX, CLIENT, CLIENT),
        (1, NGINX, f"192.0.2.1, {CLIENT}", CLIENT),
        (1, NGINX, f"192.0.2.1, 192.0.2.2, 10.0.0.1, {CLIENT}", CLIENT),
        (1, NGINX, f"not-an-address, , unknown, {CLIENT}", CLIENT),
        (1, NGINX, f"for=192.0.2.1;proto=https, {CLIENT}", CLIENT),
        # A CDN, then nginx: nginx appended the CDN's address; the CDN appended the client's.
        (2, NGINX, f"{CLIENT}, {CDN}", CLIENT),
        (2, NGINX, f"192.0.2.1, {CLIENT}, {CDN}", CLIENT),
        # IPv6 clients.
        (1, NGINX, "2001:db8::1", "2001:db8::1"),
        (0, "2001:db8::2", "192.0.2.1", "2001:db8::2"),
    ],
)
def test_client_address_is_read_from_our_own_proxies_only(
    settings, proxies, remote_addr, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_with(remote_addr, forwarded_for)) == expected


@pytest.mark.parametrize("forwarded_for", [None, "", "garbage"])
def test_without_a_usable_header_the_connection_address_is_used(settings, forwarded_for):
    # A request that did not pass through the proxy (a health check from the machine itself)
    # is counted as the proxy, never as an address it names.
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_with(NGINX, forwarded_for)) == NGINX


def test_a_chain_shorter_than_the_proxies_counts_as_the_last_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with(NGINX, CLIENT)) == NGINX


@pytest.mark.parametrize("proxies", [0, 1])
@pytest.mark.parametrize("remote_addr", [None, "", "unix:/run/gunicorn.sock", "testclient"])
def test_no_address_at_all_is_none(settings, proxies, remote_addr):
    # None, not a placeholder: django-axes stores it in an inet column on PostgreSQL.
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/")
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    assert client_ip(request) is None


def test_the_address_is_derived_once_per_request(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_with(NGINX, CLIENT)
    assert client_ip(request) == CLIENT
    request.META["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
    assert client_ip(request) == CLIENT


def test_log_lines_name_the_client_not_the_proxy(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The console handler of settings.LOGGING, its formatter and filter as configured.
    (console,) = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, OneLineFormatter)
    ]
    stream = io.StringIO()
    original = console.setStream(stream)
    try:
        response = client.get(
            "/khong-co-trang-nay/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {CLIENT}"
        )
        logging.getLogger("ocop_fair").warning("Outside any request")
    finally:
        console.setStream(original)
    lines = stream.getvalue().splitlines()
    assert response.status_code == 404
    assert [line.split(" ", 2)[2] for line in lines] == [
        f"WARNING django.request {CLIENT} Not Found: /khong-co-trang-nay/",
        "WARNING ocop_fair - Outside any request",
    ]
