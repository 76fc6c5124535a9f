import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from catalog.models import Product
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.portal.conftest import product_post_data

PASSWORD = "correct horse battery staple"


def test_login_page_is_in_the_site_design_in_both_languages(client, db):
    # db: the header reads the current fair for its floor plan and exhibitors links.
    page = client.get(reverse("login")).content.decode()
    assert "<h1>Đăng nhập</h1>" in page
    assert 'class="site-header"' in page and 'name="csrfmiddlewaretoken"' in page
    english = client.get("/en" + reverse("login")).content.decode()
    assert "<h1>Log in</h1>" in english


def test_staff_log_in_to_their_dashboard_and_log_out(client, portal):
    response = client.post(reverse("login"), {"username": "htx_a", "password": PASSWORD})
    assert response["Location"] == reverse("portal:dashboard")
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "HTX Nông sản Khe Sanh" in dashboard and "HTX Sen Quê Bác" not in dashboard
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("catalog:home")
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_header_links_to_login_and_to_the_portal(client, portal):
    home = client.get(reverse("catalog:home")).content.decode()
    assert f'href="{reverse("login")}"' in home
    client.force_login(portal["staff_a"])
    home = client.get(reverse("catalog:home")).content.decode()
    assert f'href="{reverse("portal:dashboard")}">Trang hợp tác xã</a>' in home


def test_repeated_wrong_passwords_lock_the_login(client, portal, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "htx_a", "password": "doan-mo"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
    response = client.post(url, {"username": "htx_a", "password": "doan-mo"})
    assert response.status_code == 429
    # Locked: even the right password is refused now, with the explanation.
    response = client.post(url, {"username": "htx_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "Bạn đã đăng nhập sai quá nhiều lần" in response.content.decode()
    # A password reset does not lift the lock (django-axes counts per username and address),
    # so the page must not suggest it does.
    assert "kể cả khi nhập đúng mật khẩu" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not locked by someone else's guessing.
    response = client.post(url, {"username": "htx_b", "password": PASSWORD})
    assert response["Location"] == reverse("portal:dashboard")


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
@pytest.mark.parametrize("length", [151, 300, 10_000])
def test_overlong_username_is_a_wrong_login_not_an_error(client, portal, url_name, length):
    # Longer than any account's name (150): it never reaches django-axes, whose 255-character
    # column PostgreSQL enforces.
    response = client.post(reverse(url_name), {"username": "a" * length, "password": PASSWORD})

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["username"]] == ["invalid_login"]
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
    assert "_auth_user_id" not in client.session


def test_username_of_the_longest_allowed_length_can_log_in(client, db):
    user = UserFactory(username="h" * 150, password=PASSWORD)
    MembershipFactory(user=user)  # cooperative staff land on their portal
    response = client.post(reverse("login"), {"username": "h" * 150, "password": PASSWORD})
    assert response["Location"] == reverse("portal:dashboard")


def test_password_reset_by_email(client, portal):
    client.post(reverse("password_reset"), {"email": portal["staff_a"].email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt mật khẩu mới cho Hội chợ OCOP"
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "ca-phe-khe-sanh-2022"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("password_reset_complete")
    response = client.post(reverse("login"), {"username": "htx_a", "password": new_password})
    assert response["Location"] == reverse("portal:dashboard")


def test_organiser_sends_a_set_password_link_from_the_admin(client, organiser, portal):
    newcomer = UserFactory(username="htx_moi", email="moi@example.vn", password=None)
    newcomer.set_unusable_password()
    newcomer.save()
    no_email = UserFactory(username="htx_khong_email", email="")
    memberships = [
        MembershipFactory(user=newcomer, cooperative=portal["coop_a"], role="editor"),
        MembershipFactory(user=no_email, cooperative=portal["coop_a"], role="editor"),
    ]
    client.force_login(organiser)
    response = client.post(
        reverse("admin:cooperatives_membership_changelist"),
        {"action": "send_set_password_link", "_selected_action": [m.pk for m in memberships]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã gửi đường dẫn “đặt mật khẩu” qua e-mail cho 1 người.",
        "Chưa gửi đường dẫn cho những tài khoản chưa có địa chỉ e-mail: htx_khong_email",
    ]
    assert [m.to for m in mail.outbox] == [["moi@example.vn"]]
    assert mail.outbox[0].subject == "Tài khoản Hội chợ OCOP của bạn: hãy đặt mật khẩu"
    assert "htx_moi" in mail.outbox[0].body

    client.logout()
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    password = "sen-que-bac-2022"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    assert get_user_model().objects.get(pk=newcomer.pk).check_password(password)


def test_staff_change_their_password(client, portal):
    client.force_login(portal["staff_a"])
    page = client.get(reverse("password_change")).content.decode()
    assert "<h1>Đổi mật khẩu</h1>" in page
    new = "mat-khau-moi-2022"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")


def test_organisers_read_who_changed_what_in_the_admin(client, organiser, portal):
    client.force_login(portal["staff_a"])
    product = portal["product_a"]
    client.post(
        reverse("portal:product-edit", args=[product.pk]),
        product_post_data(product, summary="Arabica rang mộc"),
    )
    client.force_login(organiser)
    page = client.get(reverse("admin:catalog_product_history", args=[product.pk]))
    assert page.status_code == 200
    latest = page.context["page_obj"][0]
    assert (latest.history_user, latest.summary) == (portal["staff_a"], "Arabica rang mộc")
    # Who, and what changed from what to what.
    content = page.content.decode()
    assert "htx_a" in content
    assert [(c["field"], c["new"]) for c in latest.history_delta_changes] == [
        ("Tóm tắt", "Arabica rang mộc")
    ]


def test_organiser_publishes_pending_products_with_the_bulk_action(client, organiser, portal):
    pending = ProductFactory(cooperative=portal["coop_a"], status=Product.Status.PENDING)
    client.force_login(organiser)
    client.post(
        reverse("admin:catalog_product_changelist"),
        {"action": "publish", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.status == Product.Status.PUBLISHED
    published = pending.history.first()
    assert (published.status, published.history_user) == ("published", organiser)


@pytest.mark.parametrize("path", ["/staff/", "/en/staff/"])
def test_portal_speaks_the_language_of_its_url(client, portal, path):
    client.force_login(portal["staff_a"])
    page = client.get(path).content.decode()
    assert ("Hợp tác xã của tôi" if path == "/staff/" else "My cooperatives") in page


def test_set_password_link_opens_the_vietnamese_page_from_the_english_admin(
    client, organiser, portal
):
    membership = MembershipFactory(user=UserFactory(username="htx_en", email="en@example.vn"))
    client.force_login(organiser)
    client.post(
        "/en" + reverse("admin:cooperatives_membership_changelist"),
        {"action": "send_set_password_link", "_selected_action": [membership.pk]},
    )
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    assert link.startswith("/accounts/reset/")
    client.logout()
    page = client.get(client.get(link)["Location"]).content.decode()
    assert "<h1>Đặt mật khẩu</h1>" in page


@pytest.mark.parametrize(
    "next_url", ["//evil.example/", "https://evil.example/staff/", "/\\evil.example/"]
)
def test_login_never_redirects_off_site(client, portal, next_url):
    response = client.post(
        reverse("login"), {"username": "htx_a", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == reverse("portal:dashboard")


def log_in(client, user, **query):
    url = reverse("login") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return client.post(url, {"username": user.username, "password": PASSWORD, **query})


def test_organiser_logging_in_on_the_site_lands_on_the_admin(client, organiser):
    # Used to land on /staff/ with "not linked to any cooperative": a dead end for organisers.
    response = log_in(client, organiser)
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_superuser_logging_in_lands_on_the_admin(client, db):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert log_in(client, superuser)["Location"] == reverse("admin:index")


def test_organiser_who_is_also_cooperative_staff_lands_on_the_admin(client, organiser, portal):
    MembershipFactory(user=organiser, cooperative=portal["coop_a"])
    assert log_in(client, organiser)["Location"] == reverse("admin:index")


def test_cooperative_staff_logging_in_land_on_their_dashboard(client, portal):
    assert log_in(client, portal["staff_a"])["Location"] == reverse("portal:dashboard")


def test_user_with_no_role_is_told_what_to_ask_for(client, db):
    user = UserFactory(username="nguyenvana")

    response = log_in(client, user)

    assert response["Location"] == reverse("portal:unlinked")
    page = client.get(response["Location"]).content.decode()
    assert "<h1>Tài khoản của bạn chưa được liên kết</h1>" in page
    assert "Bạn đã đăng nhập với tên nguyenvana" in page
    assert "đề nghị ban tổ chức thêm tài khoản này vào hợp tác xã" in page


def test_unlinked_page_sends_a_linked_user_where_they_belong(client, portal, organiser):
    assert client.get(reverse("portal:unlinked"))["Location"].startswith(reverse("login"))
    client.force_login(portal["staff_a"])
    assert client.get(reverse("portal:unlinked"))["Location"] == reverse("portal:dashboard")
    client.force_login(organiser)
    assert client.get(reverse("portal:unlinked"))["Location"] == reverse("admin:index")


@pytest.mark.parametrize("role", ["organiser", "staff_a"])
def test_login_follows_a_safe_next(client, portal, organiser, role):
    user = organiser if role == "organiser" else portal[role]
    wanted = reverse("portal:enquiry-inbox")
    assert log_in(client, user, next=wanted)["Location"] == wanted


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/staff/"])
def test_login_ignores_a_next_to_another_site(client, organiser, unsafe):
    assert log_in(client, organiser, next=unsafe)["Location"] == reverse("admin:index")
