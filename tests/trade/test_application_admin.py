"""Organisers review applications in the admin: accept in bulk, waitlist, reject with a reason."""

import pytest
from django.core import mail
from django.urls import reverse

from catalog.models import Certification, Product
from cooperatives.models import Cooperative, FairExhibitor, Membership
from tests.factories import (
    ApplicationProductFactory,
    CooperativeFactory,
    ExhibitorApplicationFactory,
    MembershipFactory,
    UserFactory,
)
from trade.applications import application_accept
from trade.models import ExhibitorApplication

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:trade_exhibitorapplication_changelist"


def run_action(client, action, applications, **extra):
    data = {"action": action, "_selected_action": [app.pk for app in applications], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_accept_creates_cooperative_exhibitor_products_account_and_invitation(
    organiser_client, django_capture_on_commit_callbacks
):
    row = ApplicationProductFactory(
        application__name="HTX Dược liệu Trường Sơn",
        application__email="nguyet@truongson.example.vn",
        application__contact_name="Hồ Thị Ánh Nguyệt",
        stars_claimed=4,
        award_year_claimed=2024,
    )
    application = row.application

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(organiser_client, "accept_selected", [application])

    assert response.status_code == 302
    application.refresh_from_db()
    cooperative = Cooperative.objects.get(name="HTX Dược liệu Trường Sơn")
    assert application.status == ExhibitorApplication.Status.ACCEPTED
    assert application.cooperative == cooperative
    assert FairExhibitor.objects.filter(fair=application.fair, cooperative=cooperative).exists()
    product = Product.objects.get(cooperative=cooperative)
    assert (product.name, product.status, product.group) == (row.name, "pending", row.group)
    assert product.ocop_stars is None
    assert not Certification.objects.filter(product=product).exists()
    membership = Membership.objects.get(cooperative=cooperative)
    assert membership.user.email == "nguyet@truongson.example.vn"
    assert not membership.user.has_usable_password()
    accepted, invitation = mail.outbox
    assert accepted.to == invitation.to == ["nguyet@truongson.example.vn"]
    assert accepted.subject == (
        f"Đơn đăng ký {application.reference} tham gia {application.fair.name}: đã được chấp nhận"
    )
    assert "Kính gửi Hồ Thị Ánh Nguyệt" in accepted.body
    assert "HTX Dược liệu Trường Sơn sẽ tham gia trưng bày" in accepted.body
    assert "một thư riêng sẽ gửi đường dẫn để bạn đặt mật khẩu" in accepted.body
    assert application.get_absolute_url() in accepted.body
    assert "/accounts/reset/" in invitation.body
    assert "/accounts/reset/" not in accepted.body


def test_accept_twice_is_harmless(organiser_client, django_capture_on_commit_callbacks):
    application = ApplicationProductFactory().application
    with django_capture_on_commit_callbacks(execute=True):
        run_action(organiser_client, "accept_selected", [application])
        run_action(organiser_client, "accept_selected", [application])

    assert Cooperative.objects.count() == 1
    assert Product.objects.count() == 1
    assert Membership.objects.count() == 1
    assert FairExhibitor.objects.count() == 1
    assert len(mail.outbox) == 2  # accepted and the invitation, once


def test_accept_links_the_matched_cooperative_and_its_existing_account(
    organiser_client, django_capture_on_commit_callbacks
):
    known = CooperativeFactory(name="HTX Khoai deo Lệ Thủy")
    user = UserFactory(email="le.thuy@example.vn")
    application = ExhibitorApplicationFactory(
        name="HTX Khoai deo Lệ Thủy", province=known.province, email="le.thuy@example.vn"
    )

    with django_capture_on_commit_callbacks(execute=True):
        run_action(organiser_client, "accept_selected", [application])

    application.refresh_from_db()
    assert application.cooperative == known
    assert Cooperative.objects.count() == 1
    assert Membership.objects.get().user == user
    # An existing account keeps its password: the decision only, no invitation.
    [accepted] = mail.outbox
    assert "tài khoản hiện có (le.thuy@example.vn)" in accepted.body


def test_waitlist_tells_the_applicant_once(organiser_client, django_capture_on_commit_callbacks):
    application = ExhibitorApplicationFactory(email="cho@example.vn", contact_name="Lê Văn Chờ")

    with django_capture_on_commit_callbacks(execute=True):
        run_action(organiser_client, "waitlist_selected", [application])
        run_action(organiser_client, "waitlist_selected", [application])

    application.refresh_from_db()
    assert application.status == ExhibitorApplication.Status.WAITLISTED
    [message] = mail.outbox
    assert message.to == ["cho@example.vn"]
    assert message.subject.endswith(": trong danh sách chờ")
    assert "Kính gửi Lê Văn Chờ" in message.body
    assert "đưa vào danh sách chờ" in message.body
    assert application.get_absolute_url() in message.body


def test_waitlist_leaves_decided_applications_alone(
    organiser_client, django_capture_on_commit_callbacks
):
    accepted = ExhibitorApplicationFactory(status=ExhibitorApplication.Status.ACCEPTED)
    rejected = ExhibitorApplicationFactory(status=ExhibitorApplication.Status.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        run_action(organiser_client, "waitlist_selected", [accepted, rejected])

    assert sorted(ExhibitorApplication.objects.values_list("status", flat=True)) == [
        "accepted",
        "rejected",
    ]
    assert mail.outbox == []


def test_accept_survives_a_failing_mail_server(
    organiser_client, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("trade.applications.send_mail", refuse)
    monkeypatch.setattr("cooperatives.accounts.send_mail", refuse)
    application = ApplicationProductFactory().application

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(organiser_client, "accept_selected", [application])

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ExhibitorApplication.Status.ACCEPTED


def test_reject_asks_for_a_reason_then_emails_it(
    organiser_client, django_capture_on_commit_callbacks
):
    application = ExhibitorApplicationFactory(email="a@example.vn")

    asked = run_action(organiser_client, "reject_selected", [application])
    with django_capture_on_commit_callbacks(execute=True):
        done = run_action(
            organiser_client,
            "reject_selected",
            [application],
            reason="Khu thực phẩm đã hết gian hàng.",
        )

    assert asked.status_code == 200
    assert 'name="reason"' in asked.text
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ExhibitorApplication.Status.REJECTED
    assert application.rejection_reason == "Khu thực phẩm đã hết gian hàng."
    [message] = mail.outbox
    assert message.to == ["a@example.vn"]
    assert message.subject.endswith(": kết quả xét duyệt")
    assert "không được chấp nhận" in message.body
    assert "Lý do: Khu thực phẩm đã hết gian hàng." in message.body
    assert application.get_absolute_url() in message.body


def test_reject_leaves_an_accepted_application_alone(organiser_client):
    application = ExhibitorApplicationFactory(status=ExhibitorApplication.Status.ACCEPTED)

    run_action(organiser_client, "reject_selected", [application], reason="Nhầm")

    application.refresh_from_db()
    assert application.status == ExhibitorApplication.Status.ACCEPTED
    assert mail.outbox == []


def test_application_change_page_shows_claims_as_not_verified(organiser_client):
    row = ApplicationProductFactory(stars_claimed=4, award_year_claimed=2024)

    response = organiser_client.get(
        reverse("admin:trade_exhibitorapplication_change", args=[row.application.pk])
    )

    assert response.status_code == 200
    assert "4★ (2024), khai báo, chưa xác minh" in response.text


def test_cooperative_staff_cannot_see_applications(client):
    staff = MembershipFactory().user
    ExhibitorApplicationFactory()
    client.force_login(staff)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_user_without_permission_is_refused(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_changelist_query_count_does_not_grow(organiser_client, django_assert_max_num_queries):
    ApplicationProductFactory()
    with django_assert_max_num_queries(20) as few:
        assert organiser_client.get(reverse(CHANGELIST)).status_code == 200
    for _ in range(10):
        ApplicationProductFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = organiser_client.get(reverse(CHANGELIST))

    assert response.text.count('name="_selected_action"') == 11


def test_accept_records_the_booth_needs_auto_assign_honours(organiser_client):
    application = ApplicationProductFactory(
        application__booths=3,
        application__needs_power=True,
        application__needs_refrigeration=True,
    ).application

    run_action(organiser_client, "accept_selected", [application])

    exhibitor = FairExhibitor.objects.get(fair=application.fair)
    assert (exhibitor.booths_wanted, exhibitor.needs_power, exhibitor.needs_refrigeration) == (
        3,
        True,
        True,
    )


def test_accepting_without_a_request_still_tells_the_applicant(django_capture_on_commit_callbacks):
    # A management command (the demo loader) has no request: the status link is then a path.
    user = UserFactory(email="co.san@example.vn")
    application = ApplicationProductFactory(application__email="co.san@example.vn").application

    with django_capture_on_commit_callbacks(execute=True):
        assert application_accept(application=application, request=None)

    [accepted] = mail.outbox
    assert application.get_absolute_url() in accepted.body
    assert Membership.objects.get().user == user


def test_a_user_who_may_only_view_applications_cannot_decide_them(client):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_exhibitorapplication"))
    client.force_login(viewer)
    application = ExhibitorApplicationFactory()

    assert client.get(reverse(CHANGELIST)).status_code == 200
    for action in ("accept_selected", "waitlist_selected"):
        run_action(client, action, [application])

    application.refresh_from_db()
    assert application.status == ExhibitorApplication.Status.NEW
    assert not FairExhibitor.objects.exists() and mail.outbox == []
