"""Who an enquiry reaches, decided before the buyer's confirmation, which says exactly that."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory, UserFactory
from tests.trade.conftest import buyer_data
from tests.trade.test_enquiries import RefusingBackend, contact_url
from trade.enquiries import Buyer, _notifications_plan, enquiry_create, enquiry_fan_out
from trade.models import Enquiry, EnquiryNotification

pytestmark = pytest.mark.django_db

Audience = EnquiryNotification.Audience
DASHBOARD = reverse("dashboard:index")
CHANGELIST = reverse("admin:trade_enquiry_changelist")
WHOLESALE = reverse("trade:shortlist-enquiry")


@pytest.fixture(autouse=True)
def _vietnamese():
    """Pages asked for in English leave English active in the thread; each test starts in vi."""
    with translation.override("vi"):
        yield


def text(response) -> str:
    """The page's visible words, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def send(client, cooperative, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(cooperative), buyer_data(**overrides))
    assert response.status_code == 302
    return Enquiry.objects.latest("pk"), client.get(response.url)


def rows(enquiry) -> set[tuple[str, str]]:
    return set(enquiry.notifications.values_list("recipient", "audience"))


@pytest.fixture
def nobody(db):
    """A producer as most of the demo's: no staff account, no e-mail, no phone."""
    return CooperativeFactory(name="Hộ kinh doanh Tỏi đen Quảng Minh", email="", phone="")


def buyer(**overrides) -> Buyer:
    data = buyer_data(**overrides)
    return Buyer(
        name=data["name"],
        organisation=data["organisation"],
        buyer_type=data["buyer_type"],
        phone="+84912345678",
        email=data["email"],
        quantity=data["quantity"],
        message=data["message"],
        preferred_contact=data["preferred_contact"],
    )


def test_enquiry_to_a_cooperative_with_staff_says_how_many_were_told(
    client, trade, django_capture_on_commit_callbacks
):
    pomelo = trade["pomelo"]  # one owner, no address of its own
    MembershipFactory(cooperative=pomelo, user__email="ke.toan.buoi@example.vn")
    MembershipFactory(cooperative=pomelo, user__email="", user__username="no-address")
    MembershipFactory(cooperative=pomelo, user__email="former@example.vn", user__is_active=False)

    enquiry, page = send(client, pomelo, django_capture_on_commit_callbacks)

    assert rows(enquiry) == {
        ("buoi@example.vn", Audience.COOPERATIVE),
        ("ke.toan.buoi@example.vn", Audience.COOPERATIVE),
        (trade["organiser"].email, Audience.ORGANISER),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r for r, _a in rows(enquiry))
    words = text(page)
    assert "Yêu cầu của bạn đã được gửi" in words
    assert "Đã gửi tới 2 nhân viên hợp tác xã." in words
    assert "Bạn sẽ được liên hệ theo cách bạn đã chọn." in words


def test_enquiry_to_a_cooperative_with_staff_and_address_names_both(
    client, trade, django_capture_on_commit_callbacks
):
    _enquiry, page = send(client, trade["tea"], django_capture_on_commit_callbacks)
    assert "Đã gửi tới 1 nhân viên và địa chỉ e-mail của hợp tác xã." in text(page)
    english = Client().get(f"/en{page.request['PATH_INFO']}")
    assert "Sent to 1 staff member and to the e-mail address of the cooperative." in text(english)


def test_confirmation_pluralises_the_staff_in_english(trade):
    MembershipFactory(cooperative=trade["pomelo"], user__email="ke.toan.buoi@example.vn")
    enquiry = enquiry_create(cooperative=trade["pomelo"], products=[], buyer=buyer())
    page = Client().get(f"/en/enquiries/sent/{enquiry.reference}/")
    assert "Sent to 2 staff members of the cooperative." in text(page)


def test_enquiry_to_a_cooperative_with_only_an_email_says_so(
    client, db, organiser, django_capture_on_commit_callbacks
):
    shop = CooperativeFactory(name="HTX Nước mắm Cửa Hội", email="nuocmam@example.vn", phone="")

    enquiry, page = send(client, shop, django_capture_on_commit_callbacks)

    assert rows(enquiry) == {
        ("nuocmam@example.vn", Audience.COOPERATIVE),
        (organiser.email, Audience.ORGANISER),
    }
    words = text(page)
    assert "Đã gửi tới địa chỉ e-mail của hợp tác xã." in words
    assert "nhân viên" not in words
    # The buyer can write to the address shown, so quoting the reference makes sense.
    assert 'href="mailto:nuocmam@example.vn"' in page.content.decode()
    assert "Hãy nêu mã này khi bạn gọi điện hoặc viết thư" in words


def test_enquiry_to_a_cooperative_with_nobody_goes_to_the_organisers(
    client, nobody, organiser, settings, django_capture_on_commit_callbacks
):
    settings.OCOP_ORGANISERS_EMAIL = "Bantochuc@Hoicho.test"
    form = client.get(contact_url(nobody))
    assert "ban tổ chức sẽ nhận yêu cầu của bạn và chuyển tới hợp tác xã" in text(form)

    enquiry, page = send(client, nobody, django_capture_on_commit_callbacks)

    assert rows(enquiry) == {
        (organiser.email, Audience.ORGANISER),
        ("bantochuc@hoicho.test", Audience.ORGANISER),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [organiser.email, "bantochuc@hoicho.test"]
    )
    assert "Xin ban tổ chức chuyển tới hợp tác xã." in mail.outbox[0].body
    words = text(page)
    assert (
        "Hợp tác xã chưa có người nhận yêu cầu trực tuyến: ban tổ chức đã nhận yêu cầu của bạn "
        "và sẽ chuyển tới hợp tác xã."
    ) in words
    assert "Đã gửi tới" not in words and "nhân viên" not in words
    # The only contact the buyer can use is the organisers' mailbox: it is shown.
    assert 'href="mailto:Bantochuc@Hoicho.test"' in page.content.decode()
    assert "Ban tổ chức:" in words


def test_organisers_copy_of_a_reached_enquiry_does_not_ask_to_pass_it_on(
    client, trade, django_capture_on_commit_callbacks
):
    send(client, trade["tea"], django_capture_on_commit_callbacks)
    organiser_mail = next(m for m in mail.outbox if m.to == [trade["organiser"].email])
    assert "chuyển tới hợp tác xã" not in organiser_mail.body


def test_enquiry_no_one_can_receive_claims_no_one_was_told(
    client, nobody, django_capture_on_commit_callbacks
):
    # An organiser without an address, and no shared mailbox configured.
    UserFactory(email="").groups.add(Group.objects.get(name="Organisers"))
    form = client.get(contact_url(nobody))
    assert "chưa ai được báo qua e-mail" in text(form)

    enquiry, page = send(client, nobody, django_capture_on_commit_callbacks)

    assert rows(enquiry) == set()
    assert mail.outbox == []
    words = text(page)
    assert "Yêu cầu của bạn đã được lưu" in words
    assert "chưa báo được cho ai" in words
    for claim in ("đã được gửi", "Đã gửi tới", "đã được báo tin", "sẽ được liên hệ", "khi gọi"):
        assert claim not in words
    # Nothing to call or write to: no "quote it" wording, no empty contact line.
    assert "Hãy nêu mã này" not in words
    assert "tel:" not in page.content.decode() and "mailto:" not in page.content.decode()
    assert enquiry.reference in words


def test_confirmation_shows_the_organisers_phone_when_configured(nobody, settings):
    settings.OCOP_ORGANISERS_PHONE = "0238 3 844 555"
    enquiry = enquiry_create(cooperative=nobody, products=[], buyer=buyer())
    page = Client().get(reverse("trade:enquiry-sent", args=[enquiry.reference]))
    assert 'href="tel:02383844555"' in page.content.decode()
    assert "Hãy nêu mã này khi bạn gọi điện" in text(page)


def test_organisers_rows_are_retried_like_any_other(
    client, nobody, organiser, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{RefusingBackend.__module__}.RefusingBackend"
    enquiry, _page = send(client, nobody, django_capture_on_commit_callbacks)
    assert list(enquiry.notifications.unsent().values_list("recipient", flat=True)) == [
        organiser.email
    ]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_enquiry_notifications", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert enquiry.notifications.unsent().count() == 0


def test_organisers_queue_counts_enquiries_with_no_recipient(
    organiser_client, trade, nobody, settings
):
    settings.OCOP_ORGANISERS_EMAIL = "bantochuc@hoicho.test"
    waiting = enquiry_create(cooperative=nobody, products=[], buyer=buyer())
    answered = enquiry_create(cooperative=nobody, products=[], buyer=buyer(name="Trần Văn Nam"))
    answered.status = Enquiry.Status.CLOSED
    answered.save()
    reached = enquiry_create(cooperative=trade["tea"], products=[], buyer=buyer())

    assert set(Enquiry.objects.without_recipient()) == {waiting, answered}

    dashboard = organiser_client.get(DASHBOARD)
    words = text(dashboard)
    assert "Yêu cầu chưa có người nhận" in words
    assert "1 yêu cầu mới chưa tới được ai ở hợp tác xã: xin ban tổ chức chuyển tiếp." in words
    queue = next(t for t in dashboard.context["tables"] if t.key == "enquiries-no-recipient")
    assert [row[0] for row in queue.rows] == [waiting.reference]
    assert queue.rows[0][2] == "Hộ kinh doanh Tỏi đen Quảng Minh"

    listing = organiser_client.get(queue.link)
    assert [e.reference for e in listing.context["cl"].result_list] == [waiting.reference]
    everything = organiser_client.get(CHANGELIST + "?recipient=none")
    assert {e.reference for e in everything.context["cl"].result_list} == {
        waiting.reference,
        answered.reference,
    }
    sent = organiser_client.get(CHANGELIST + "?recipient=reached")
    assert [e.reference for e in sent.context["cl"].result_list] == [reached.reference]
    assert "chưa có (ban tổ chức)" in text(everything)

    csv = organiser_client.get(DASHBOARD + "?csv=enquiries-no-recipient").content.decode(
        "utf-8-sig"
    )
    assert waiting.reference in csv and answered.reference not in csv


def test_wholesale_confirmation_says_per_cooperative_who_was_told(
    client, trade, nobody, django_capture_on_commit_callbacks
):
    shop = CooperativeFactory(name="HTX Nước mắm Cửa Hội", email="nuocmam@example.vn")
    for cooperative in (nobody, shop):
        product = ProductFactory(cooperative=cooperative)
        client.post(
            reverse("trade:shortlist-toggle"),
            {"kind": "product", "id": product.pk, "action": "add", "next": "/"},
        )
    client.post(
        reverse("trade:shortlist-toggle"),
        {"kind": "product", "id": trade["pomelo_fruit"].pk, "action": "add", "next": "/"},
    )

    form = text(client.get(WHOLESALE))
    assert form.count("ban tổ chức sẽ chuyển tới hợp tác xã") == 1  # only the one with no one

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WHOLESALE, buyer_data())

    by_name = {e.cooperative.name: e for e in Enquiry.objects.select_related("cooperative")}
    assert rows(by_name["Hộ kinh doanh Tỏi đen Quảng Minh"]) == {
        (trade["organiser"].email, Audience.ORGANISER)
    }
    page = client.get(response.url)
    names = ["HTX Bưởi Phúc Trạch", "HTX Nước mắm Cửa Hội", "Hộ kinh doanh Tỏi đen Quảng Minh"]
    items = {}
    for item in re.findall(r'<li class="delivery-\w+">(.*?)</li>', page.content.decode(), re.S):
        words = " ".join(re.sub(r"<[^>]+>", " ", item).split())
        items[next(name for name in names if words.startswith(name))] = words
    assert set(items) == set(names)
    assert "Đã gửi tới 1 nhân viên hợp tác xã." in items["HTX Bưởi Phúc Trạch"]
    assert "Đã gửi tới địa chỉ e-mail của hợp tác xã." in items["HTX Nước mắm Cửa Hội"]
    assert (
        "ban tổ chức đã nhận yêu cầu của bạn và sẽ chuyển tới hợp tác xã"
        in (items["Hộ kinh doanh Tỏi đen Quảng Minh"])
    )
    assert "Hợp tác xã bạn đã hỏi (3)" in text(page)


def test_staff_dashboard_counts_new_enquiries(client, trade):
    for name in ("Lan", "Nam"):
        enquiry_create(cooperative=trade["tea"], products=[], buyer=buyer(name=name))
    replied = enquiry_create(cooperative=trade["tea"], products=[], buyer=buyer(name="Hà"))
    replied.status = Enquiry.Status.REPLIED
    replied.save()
    enquiry_create(cooperative=trade["pomelo"], products=[], buyer=buyer())  # not theirs
    client.force_login(trade["tea_owner"])

    page = client.get(reverse("portal:dashboard"))

    assert [c.new_enquiry_count for c in page.context["cooperatives"]] == [2]
    words = text(page)
    assert "2 yêu cầu liên hệ mới từ người mua" in words
    inbox = reverse("portal:enquiry-inbox")
    html = page.content.decode()
    assert f'href="{inbox}?status=new"' in html
    assert f'href="{inbox}?status=new&amp;cooperative={trade["tea"].pk}"' in html


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


@pytest.mark.parametrize("count", [1, 3])
def test_planning_recipients_costs_three_queries_for_any_number_of_cooperatives(
    trade, nobody, count, django_assert_num_queries
):
    cooperatives = [trade["tea"], trade["pomelo"], nobody][:count]
    enquiries = [
        Enquiry.objects.create(
            reference=f"TEST-000{index}",
            cooperative=c,
            buyer_name="Lan",
            phone="+84912345678",
            message="Xin báo giá.",
        )
        for index, c in enumerate(cooperatives)
    ]
    # The organisers, the staff of every cooperative at once, one insert of every row.
    with django_assert_num_queries(3):
        ids = _notifications_plan(enquiries)
    assert len(ids) == EnquiryNotification.objects.count() > count


def test_confirmation_and_organisers_dashboard_query_counts_do_not_grow(
    trade, nobody, organiser_client
):
    small = enquiry_fan_out(products=[], cooperatives=[trade["tea"]], buyer=buyer())
    big = enquiry_fan_out(
        products=[], cooperatives=[trade["tea"], trade["pomelo"], nobody], buyer=buyer()
    )
    anonymous = Client()
    url = "trade:enquiry-sent"
    small_count = _queries(lambda: anonymous.get(reverse(url, args=[small[0].batch_reference])))
    big_count = _queries(lambda: anonymous.get(reverse(url, args=[big[0].batch_reference])))
    assert big_count == small_count

    before = _queries(lambda: organiser_client.get(DASHBOARD))
    for _index in range(5):
        enquiry_create(cooperative=nobody, products=[], buyer=buyer())
    assert _queries(lambda: organiser_client.get(DASHBOARD)) == before
