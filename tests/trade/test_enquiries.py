import io
import re
import time
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from tests.trade.conftest import buyer_data
from trade.enquiries import REFERENCE_ALPHABET
from trade.enquiry_forms import started_token
from trade.models import Enquiry, EnquiryNotification

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: what leaves the process is the only thing we fake."""

    calls = 0

    def send_messages(self, email_messages):
        RefusingBackend.calls += 1
        raise ConnectionRefusedError("SMTP server unreachable")


def contact_url(cooperative, product=None):
    url = reverse("trade:enquiry-create", kwargs={"slug": cooperative.slug})
    return f"{url}?product={product.pk}" if product else url


def test_enquiry_flow_saves_then_emails_staff_and_organisers_and_shows_reference(
    client, trade, django_capture_on_commit_callbacks
):
    tea, green_tea = trade["tea"], trade["green_tea"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(tea, green_tea), buyer_data())

    enquiry = Enquiry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("trade:enquiry-sent", args=[enquiry.reference])
    assert enquiry.cooperative == tea
    assert list(enquiry.products.all()) == [green_tea]
    assert enquiry.phone == "+84912345678"
    assert enquiry.status == Enquiry.Status.NEW
    assert re.fullmatch(
        f"[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}", enquiry.reference
    )
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        ["htx.che@example.vn", "chu.htx.che@example.vn", trade["organiser"].email]
    )
    message = mail.outbox[0]
    assert enquiry.reference in message.subject
    assert "Nguyễn Thị Lan" in message.body
    assert "0912 345 678" in message.body
    assert "Chè xanh Hương Sơn" in message.body
    assert message.reply_to == ["lan@coopmart.example.vn"]
    assert "buoi@example.vn" not in recipients  # the other cooperative's staff hear nothing
    assert EnquiryNotification.objects.unsent().count() == 0

    page = client.get(response.url)
    assert page.status_code == 200
    assert enquiry.reference in page.content.decode()
    assert "HTX Chè Hương Sơn" in page.content.decode()


def test_no_email_leaves_before_the_enquiry_is_committed(client, trade):
    client.post(contact_url(trade["tea"]), buyer_data())
    assert Enquiry.objects.count() == 1
    assert mail.outbox == []  # the on-commit callback never ran: the test transaction is open
    assert EnquiryNotification.objects.unsent().count() == 3


def test_email_failure_still_saves_and_the_retry_command_sends(
    client, trade, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    RefusingBackend.calls = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(trade["tea"]), buyer_data())

    enquiry = Enquiry.objects.get()
    assert response.url == reverse("trade:enquiry-sent", args=[enquiry.reference])
    notifications = list(enquiry.notifications.all())
    assert len(notifications) == 3
    assert all(n.sent_at is None and n.attempts == 1 for n in notifications)
    assert all("SMTP server unreachable" in n.last_error for n in notifications)
    # The server is tried once, not once per recipient: the buyer waits one timeout at most.
    assert RefusingBackend.calls == 1

    with pytest.raises(SystemExit):  # still failing: the command says so with its exit code
        call_command("send_enquiry_notifications", stdout=io.StringIO())
    assert set(enquiry.notifications.values_list("attempts", flat=True)) == {2}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_enquiry_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 3
    assert EnquiryNotification.objects.unsent().count() == 0
    assert set(enquiry.notifications.values_list("last_error", flat=True)) == {""}

    call_command("send_enquiry_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 3  # nothing is sent twice


def test_retry_gives_up_after_max_attempts(client, trade, settings):
    client.post(contact_url(trade["tea"]), buyer_data())
    EnquiryNotification.objects.update(attempts=5)
    call_command("send_enquiry_notifications", "--max-attempts=5", stdout=io.StringIO())
    assert mail.outbox == []


def test_wrong_product_is_ignored_and_unknown_cooperative_is_404(client, trade):
    response = client.get(contact_url(trade["tea"], trade["pomelo_fruit"]))
    assert response.status_code == 200
    assert "Bưởi Phúc Trạch</strong>" not in response.content.decode()
    client.post(contact_url(trade["tea"], trade["pomelo_fruit"]), buyer_data())
    assert list(Enquiry.objects.get().products.all()) == []
    assert client.get("/cooperatives/khong-co/contact/").status_code == 404
    assert (
        client.get(contact_url(trade["tea"]) + "?product=99999999999999999999").status_code == 200
    )


@pytest.mark.parametrize("product", ["²", "①", "٣", "1²", " 1", "0"])
def test_product_that_only_looks_like_a_number_is_ignored(client, trade, product):
    url = f"{contact_url(trade['tea'])}?{urlencode({'product': product})}"

    page = client.get(url)
    client.post(url, buyer_data())

    assert page.status_code == 200
    assert page.context["product"] is None
    assert list(Enquiry.objects.get().products.all()) == []


def test_form_page_is_never_cached_and_carries_a_csrf_token(client, trade):
    response = client.get(contact_url(trade["tea"], trade["green_tea"]))
    assert "no-cache" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in response.content.decode()
    for name in (
        "name",
        "organisation",
        "buyer_type",
        "phone",
        "email",
        "quantity",
        "message",
        "preferred_contact",
        "started",
        "website",
    ):
        assert f'name="{name}"' in response.content.decode()


def refused(response) -> str:
    assert response.status_code in (200, 429)
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []
    html = response.content.decode()
    # What the buyer typed is still there.
    assert 'value="Nguyễn Thị Lan"' in html
    assert "Chúng tôi muốn nhập hàng" in html
    assert "Yêu cầu của bạn chưa được gửi" in html
    return html


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"website": "http://spam.example"}, "robot gửi thư rác"),
        ({"started": "NOW"}, "gửi quá nhanh"),
        ({"started": ""}, "đã hết hạn"),
        ({"started": "1700000000:forged"}, "đã hết hạn"),
        ({"started": started_token(time.time() - 2 * 24 * 3600)}, "đã hết hạn"),
        ({"phone": "12345"}, "số điện thoại di động hoặc cố định Việt Nam"),
        ({"phone": "+1 202 555 0101"}, "số điện thoại di động hoặc cố định Việt Nam"),
        ({"message": "Chúng tôi muốn nhập hàng <a href='x'>mua</a>"}, "không có thẻ HTML"),
        (
            {"message": "Chúng tôi muốn nhập hàng " + " ".join(["https://x.example"] * 3)},
            "tối đa 2 liên kết",
        ),
        ({"message": "Chúng tôi muốn nhập hàng " + "a" * 2000}, "tối đa 2000 kí tự"),
        ({"name": "Nguyễn Thị Lan", "organisation": "x" * 151}, "tối đa 150 kí tự"),
        ({"preferred_contact": "email", "email": ""}, "để được trả lời qua email"),
        ({"buyer_type": "hacker"}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
    ids=[
        "honeypot",
        "too-fast",
        "no-stamp",
        "forged-stamp",
        "stale-stamp",
        "short-phone",
        "foreign-phone",
        "html",
        "links",
        "long-message",
        "long-organisation",
        "email-wanted-without-address",
        "unknown-buyer-type",
    ],
)
def test_refused_submissions_say_why_in_vietnamese_and_keep_the_input(
    client, trade, overrides, expected
):
    if overrides.get("started") == "NOW":
        overrides = {"started": started_token()}  # stamped now, sent at once
    html = refused(client.post(contact_url(trade["tea"]), buyer_data(**overrides)))
    assert expected in html


def test_refused_form_gets_a_fresh_time_stamp_so_it_can_be_resent(client, trade, settings):
    settings.ENQUIRY_MIN_FILL_SECONDS = 0
    response = client.post(contact_url(trade["tea"]), buyer_data(phone="12345"))
    stamp = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    client.post(contact_url(trade["tea"]), buyer_data(started=stamp))
    assert Enquiry.objects.count() == 1


def test_message_is_stored_and_shown_as_plain_text(client, trade):
    client.post(
        contact_url(trade["tea"]),
        buyer_data(message='Giá 5 < 10 & "tốt"\r\ndòng hai\x00\x07'),
    )
    enquiry = Enquiry.objects.get()
    assert enquiry.message == 'Giá 5 < 10 & "tốt"\ndòng hai'
    client.force_login(trade["tea_owner"])
    html = client.get(enquiry.get_absolute_url()).content.decode()
    assert "Giá 5 &lt; 10 &amp; &quot;tốt&quot;<br>dòng hai" in html


def test_sent_page_of_an_unknown_reference_is_404(client, db):
    assert client.get(reverse("trade:enquiry-sent", args=["AAAA-AAAA"])).status_code == 404


def test_enquiry_admin_is_readonly_for_buyer_data(organiser_client, trade):
    enquiry = Enquiry.objects.create(
        reference="ACDE-FGHJ",
        cooperative=trade["tea"],
        buyer_name="Lan",
        buyer_type="exporter",
        phone="+84912345678",
        message="Xin báo giá",
    )
    listing = organiser_client.get(reverse("admin:trade_enquiry_changelist") + "?q=ACDE")
    assert "ACDE-FGHJ" in listing.content.decode()
    change_url = reverse("admin:trade_enquiry_change", args=[enquiry.pk])
    response = organiser_client.post(
        change_url,
        {
            "status": "replied",
            "buyer_name": "Changed",
            "notifications-TOTAL_FORMS": "0",
            "notifications-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.buyer_name) == ("replied", "Lan")
    assert organiser_client.get(reverse("admin:trade_enquiry_add")).status_code == 403
