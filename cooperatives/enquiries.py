"""Buyers' enquiries: save first, then tell the cooperative's staff and the organisers by e-mail.

The enquiry and one EnquiryNotification row per recipient are written in one transaction; the
e-mails go out only after it commits. A failed e-mail leaves its row unsent with the error, and
`manage.py send_enquiry_notifications` retries it: the buyer's enquiry is never lost or blocked.
"""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Enquiry, EnquiryNotification
from cooperatives.phone import format_vn_phone

# The columns of an enquiry export, for staff (the inbox) and organisers (the admin) alike.
ENQUIRY_CSV_FIELDS = [
    "reference",
    "created_at",
    "status",
    ("cooperative__name", _("cooperative")),
    "buyer_name",
    "organisation",
    "buyer_type",
    "phone",
    "email",
    "preferred_contact",
    "quantity",
    "message",
    "batch_reference",
]

logger = logging.getLogger(__name__)

ORGANISER_GROUP = "Organisers"
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing a buyer can misread or mishear over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_TRIES = 5
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Buyer:
    """Who asks and how to answer them: the part every cooperative of a wholesale request sees."""

    name: str
    organisation: str
    buyer_type: str
    phone: str
    email: str
    quantity: str
    message: str
    preferred_contact: str


def new_reference() -> str:
    """Return a random reference like "K7MX-4PQT" (25⁸ ≈ 1.5·10¹¹ values: not guessable)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def enquiry_create(*, cooperative: Cooperative, products: Iterable, buyer: Buyer) -> Enquiry:
    """Save one buyer's enquiry to one cooperative and e-mail its staff once it is committed."""
    with transaction.atomic():
        enquiry = _enquiry_save(cooperative=cooperative, products=list(products), buyer=buyer)
        notification_ids = _notifications_plan(enquiry)
    transaction.on_commit(lambda: notifications_send(notification_ids))
    return enquiry


def enquiry_fan_out(*, products: Iterable, cooperatives: Iterable, buyer: Buyer) -> list[Enquiry]:
    """Save one wholesale request as one enquiry per cooperative, each with only its products.

    Every enquiry shares a batch reference, the one the buyer is given.
    """
    by_cooperative: dict[int, tuple[Cooperative, list]] = {}
    for cooperative in cooperatives:
        by_cooperative.setdefault(cooperative.pk, (cooperative, []))
    for product in products:
        if product.cooperative_id not in by_cooperative:
            by_cooperative[product.cooperative_id] = (product.cooperative, [])
        by_cooperative[product.cooperative_id][1].append(product)
    batch = _unused_batch_reference()
    enquiries, notification_ids = [], []
    with transaction.atomic():
        for cooperative, own_products in by_cooperative.values():
            enquiry = _enquiry_save(
                cooperative=cooperative, products=own_products, buyer=buyer, batch=batch
            )
            enquiries.append(enquiry)
            notification_ids += _notifications_plan(enquiry)
    transaction.on_commit(lambda: notifications_send(notification_ids))
    return enquiries


def enquiry_set_status(*, enquiry: Enquiry, status: str) -> Enquiry:
    """Move an enquiry to new, replied or closed."""
    enquiry.status = status
    enquiry.full_clean()
    enquiry.save(update_fields=["status", "updated_at"])
    return enquiry


def _enquiry_save(*, cooperative, products, buyer: Buyer, batch: str = "") -> Enquiry:
    for _attempt in range(REFERENCE_TRIES):
        enquiry = Enquiry(
            reference=new_reference(),
            batch_reference=batch,
            cooperative=cooperative,
            buyer_name=buyer.name,
            organisation=buyer.organisation,
            buyer_type=buyer.buyer_type,
            phone=buyer.phone,
            email=buyer.email,
            quantity=buyer.quantity,
            message=buyer.message,
            preferred_contact=buyer.preferred_contact,
        )
        enquiry.full_clean(exclude=["reference"])
        try:
            # A savepoint: a (very unlikely) repeated reference must not break the outer atomic.
            with transaction.atomic():
                enquiry.save()
        except IntegrityError:
            if Enquiry.objects.filter(reference=enquiry.reference).exists():
                continue
            raise
        enquiry.products.set(products)
        return enquiry
    raise RuntimeError("Could not draw an unused enquiry reference.")


def _unused_batch_reference() -> str:
    while True:
        batch = new_reference()
        used = Q(reference=batch) | Q(batch_reference=batch)
        if not Enquiry.objects.filter(used).exists():
            return batch


def _notifications_plan(enquiry: Enquiry) -> list[int]:
    """Record one notification per recipient: cooperative staff and address, then organisers."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    staff = users.filter(memberships__cooperative=enquiry.cooperative).values_list(
        "email", flat=True
    )
    organisers = users.filter(groups__name=ORGANISER_GROUP).values_list("email", flat=True)
    recipients: dict[str, str] = {}
    for email in [*staff, enquiry.cooperative.email]:
        if email:
            recipients.setdefault(email.lower(), EnquiryNotification.Audience.COOPERATIVE)
    for email in organisers:
        recipients.setdefault(email.lower(), EnquiryNotification.Audience.ORGANISER)
    created = EnquiryNotification.objects.bulk_create(
        EnquiryNotification(enquiry=enquiry, recipient=email, audience=audience)
        for email, audience in recipients.items()
    )
    return [notification.pk for notification in created]


def notifications_send(notification_ids: Iterable[int]) -> tuple[int, int]:
    """Send the given unsent notifications, one row lock each; return (sent, failed)."""
    sent = failed = 0
    connection = get_connection(fail_silently=False)
    # After one failure the server is presumed down for this run: the buyer's request waits for
    # at most one EMAIL_TIMEOUT, and the rest are left (recorded) for the retry command.
    run_error = None
    for notification_id in notification_ids:
        with transaction.atomic():
            # skip_locked: a retry run and an on-commit send never mail the same row twice.
            notification = (
                EnquiryNotification.objects.unsent()
                .select_for_update(skip_locked=True)
                .select_related("enquiry__cooperative")
                .filter(pk=notification_id)
                .first()
            )
            if notification is None:
                continue
            notification.attempts += 1
            try:
                if run_error is not None:
                    raise run_error
                _email(notification, connection).send()
            except Exception as error:  # any transport failure: record it, retry later
                logger.warning("Enquiry e-mail %s failed: %s", notification, error)
                notification.last_error = f"{type(error).__name__}: {error}"[:500]
                run_error = error
                failed += 1
            else:
                notification.sent_at = timezone.now()
                notification.last_error = ""
                sent += 1
            notification.save(update_fields=["attempts", "sent_at", "last_error"])
    return sent, failed


def notifications_retry(*, max_attempts: int = MAX_ATTEMPTS) -> tuple[int, int]:
    """Send again every unsent notification that has not yet failed max_attempts times."""
    pending = EnquiryNotification.objects.unsent().filter(attempts__lt=max_attempts)
    return notifications_send(list(pending.order_by("pk").values_list("pk", flat=True)))


def _email(notification: EnquiryNotification, connection) -> EmailMessage:
    enquiry = notification.enquiry
    inbox_path = (
        reverse("enquiries:detail", kwargs={"reference": enquiry.reference})
        if notification.audience == EnquiryNotification.Audience.COOPERATIVE
        else reverse("admin:cooperatives_enquiry_change", args=[enquiry.pk])
    )
    # Recipients are Vietnamese staff: the e-mail is in Vietnamese whatever the buyer's language.
    with translation.override("vi"):
        context = {
            "enquiry": enquiry,
            "products": list(enquiry.products.all()),
            "phone": format_vn_phone(enquiry.phone),
            "link": settings.SITE_URL + inbox_path,
        }
        subject = render_to_string("enquiries/email_subject.txt", context).strip()
        body = render_to_string("enquiries/email_body.txt", context)
    reply_to = [enquiry.email] if enquiry.email else None
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[notification.recipient],
        reply_to=reply_to,
        connection=connection,
    )
