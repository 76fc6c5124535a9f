"""Login lockouts (django-axes) that an outsider cannot turn against a staff member."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from cooperatives.models import Membership

PASSWORD = "correct horse battery staple"
NGINX = "127.0.0.1"
ADDRESS_A = "198.51.100.10"
ADDRESS_B = "203.0.113.20"


def via_nginx(client_address: str, forged: str = "") -> dict:
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": chain}


def log_in(client, password, **headers):
    return client.post(reverse("login"), {"username": "htx_a", "password": password}, **headers)


def lock_out(settings, **headers) -> None:
    statuses = [
        log_in(Client(), "doan-mo", **headers).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def logged_in(client, response) -> bool:
    return response.status_code == 302 and SESSION_KEY in client.session


def test_wrong_passwords_from_one_address_do_not_lock_the_user_out_from_another(portal, settings):
    # Failed before: behind nginx every client was 127.0.0.1, so the lock hit everybody.
    settings.TRUSTED_PROXY_COUNT = 1
    lock_out(settings, **via_nginx(ADDRESS_A))
    response = log_in(Client(), PASSWORD, **via_nginx(ADDRESS_A))
    assert response.status_code == 429
    assert "ban tổ chức hội chợ có thể mở khóa sớm hơn" in response.content.decode()
    staff = Client()
    assert logged_in(staff, log_in(staff, PASSWORD, **via_nginx(ADDRESS_B)))


def test_forged_forwarded_for_does_not_spread_the_guesses(portal, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(Client(), "doan-mo", **via_nginx(ADDRESS_A, f"10.0.0.{attempt}"))
    assert response.status_code == 429
    # Nor does naming the staff member's own address unlock the guesser.
    response = log_in(Client(), PASSWORD, **via_nginx(ADDRESS_A, forged=ADDRESS_B))
    assert response.status_code == 429
    staff = Client()
    assert logged_in(staff, log_in(staff, PASSWORD, **via_nginx(ADDRESS_B)))


def test_without_a_proxy_the_connection_address_counts(portal, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    lock_out(settings, REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR=ADDRESS_B)
    response = log_in(Client(), PASSWORD, REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert response.status_code == 429
    staff = Client()
    assert logged_in(staff, log_in(staff, PASSWORD, REMOTE_ADDR=ADDRESS_B))


def test_behind_two_proxies_the_client_is_two_hops_from_the_right(portal, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    cdn = "192.0.2.200"
    lock_out(settings, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{ADDRESS_A}, {cdn}")
    staff = Client()
    response = log_in(
        staff, PASSWORD, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{ADDRESS_B}, {cdn}"
    )
    assert logged_in(staff, response)


def test_an_organiser_unlocks_a_locked_out_staff_member(client, organiser, portal, settings):
    lock_out(settings)
    assert log_in(Client(), PASSWORD).status_code == 429
    client.force_login(organiser)
    membership = Membership.objects.get(user=portal["staff_a"])
    response = client.post(
        reverse("admin:cooperatives_membership_changelist"),
        {"action": "unlock_login", "_selected_action": [membership.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã mở khóa đăng nhập cho 1 người."]
    staff = Client()
    assert logged_in(staff, log_in(staff, PASSWORD))
    # Asking again finds nothing to unlock, and says so.
    response = client.post(
        reverse("admin:cooperatives_membership_changelist"),
        {"action": "unlock_login", "_selected_action": [membership.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Không tài khoản nào trong số đã chọn có lần nhập sai mật khẩu."
    ]


@pytest.mark.parametrize("page", ["login", "locked_out"])
def test_a_locked_out_staff_member_can_reset_the_password_by_email(client, portal, settings, page):
    if page == "locked_out":
        lock_out(settings)
        html = log_in(client, PASSWORD).content.decode()
    else:
        html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html
    client.post(reverse("password_reset"), {"email": portal["staff_a"].email})
    assert [message.to for message in mail.outbox] == [[portal["staff_a"].email]]
    assert re.search(r"http://testserver/\S+/", mail.outbox[0].body)
