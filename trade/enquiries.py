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
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Membership
from cooperatives.phone import format_vn_phone
from trade.models import Enquiry, EnquiryNotification

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
        notification_ids = _notifications_plan([enquiry])
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
    enquiries = []
    with transaction.atomic():
        for cooperative, own_products in by_cooperative.values():
            enquiry = _enquiry_save(
                cooperative=cooperative, products=own_products, buyer=buyer, batch=batch
            )
            enquiries.append(enquiry)
        notification_ids = _notifications_plan(enquiries)
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


def organiser_addresses() -> list[str]:
    """Return the organisers' addresses: active "Organisers" users, then OCOP_ORGANISERS_EMAIL."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ORGANISER_GROUP)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return _unique([*users, settings.OCOP_ORGANISERS_EMAIL])


def cooperative_addresses(cooperatives: Iterable[Cooperative]) -> dict[int, list[str]]:
    """Return each cooperative's addresses, its active staff first, then its own, in one query."""
    cooperatives = list(cooperatives)
    staff: dict[int, list[str]] = {cooperative.pk: [] for cooperative in cooperatives}
    memberships = (
        Membership.objects.filter(cooperative__in=cooperatives, user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("cooperative_id", "user__email")
    )
    for cooperative_id, email in memberships:
        staff[cooperative_id].append(email)
    return {c.pk: _unique([*staff[c.pk], c.email]) for c in cooperatives}


def enquiry_routes(cooperatives: Iterable[Cooperative]) -> dict[int, str]:
    """Say where an enquiry to each cooperative would go: "cooperative", "organisers", "nobody"."""
    addresses = cooperative_addresses(cooperatives)
    fallback = "organisers" if organiser_addresses() else "nobody"
    return {pk: "cooperative" if emails else fallback for pk, emails in addresses.items()}


def enquiry_route(cooperative: Cooperative) -> str:
    """Say where an enquiry to the cooperative would go (see enquiry_routes)."""
    return enquiry_routes([cooperative])[cooperative.pk]


def _unique(emails: Iterable[str]) -> list[str]:
    """Drop empty and repeated addresses (case-insensitively), keeping the first spelling."""
    seen: dict[str, str] = {}
    for email in emails:
        email = (email or "").strip()
        if email:
            seen.setdefault(email.lower(), email)
    return list(seen.values())


def _notifications_plan(enquiries: list[Enquiry]) -> list[int]:
    """Record one notification per recipient: the cooperative's staff and address, then organisers.

    Organisers hear of every enquiry; for a cooperative with no one to notify they are the only
    recipients, and it is for them to pass the enquiry on (the admin's "no recipient" queue).
    """
    organisers = organiser_addresses()
    addresses = cooperative_addresses({e.cooperative_id: e.cooperative for e in enquiries}.values())
    rows = []
    for enquiry in enquiries:
        recipients: dict[str, str] = {}
        for email in addresses[enquiry.cooperative_id]:
            recipients.setdefault(email.lower(), EnquiryNotification.Audience.COOPERATIVE)
        for email in organisers:
            recipients.setdefault(email.lower(), EnquiryNotification.Audience.ORGANISER)
        rows += [
            EnquiryNotification(enquiry=enquiry, recipient=email, audience=audience)
            for email, audience in recipients.items()
        ]
    return [notification.pk for notification in EnquiryNotification.objects.bulk_create(rows)]


@dataclass(frozen=True)
class Delivery:
    """Whom one enquiry was addressed to, read from its notification rows, for the buyer."""

    enquiry: Enquiry
    staff: int
    cooperative_address: bool
    organisers: int

    @property
    def reached_cooperative(self) -> bool:
        return bool(self.staff or self.cooperative_address)

    @property
    def reached_anyone(self) -> bool:
        return self.reached_cooperative or bool(self.organisers)

    def summary(self) -> str:
        """Say what happened to this enquiry, in the buyer's language."""
        if self.staff and self.cooperative_address:
            return ngettext(
                "Sent to %(count)d staff member and to the e-mail address of the cooperative.",
                "Sent to %(count)d staff members and to the e-mail address of the cooperative.",
                self.staff,
            ) % {"count": self.staff}
        if self.staff:
            return ngettext(
                "Sent to %(count)d staff member of the cooperative.",
                "Sent to %(count)d staff members of the cooperative.",
                self.staff,
            ) % {"count": self.staff}
        if self.cooperative_address:
            return gettext("Sent to the cooperative's e-mail address.")
        if self.organisers:
            return gettext(
                "No one at the cooperative receives enquiries online yet: the organisers have "
                "received yours and will pass it on to the cooperative."
            )
        return gettext(
            "Saved, but no one has been notified: neither the cooperative nor the organisers "
            "have an address for enquiries yet."
        )


def enquiry_deliveries(enquiries: Iterable[Enquiry]) -> list[Delivery]:
    """Tell, per enquiry, who was notified; needs the cooperative and the notifications loaded."""
    deliveries = []
    for enquiry in enquiries:
        own_address = enquiry.cooperative.email.strip().lower()
        to_cooperative = [
            n.recipient.lower()
            for n in enquiry.notifications.all()
            if n.audience == EnquiryNotification.Audience.COOPERATIVE
        ]
        has_address = bool(own_address) and own_address in to_cooperative
        deliveries.append(
            Delivery(
                enquiry=enquiry,
                staff=len(to_cooperative) - has_address,
                cooperative_address=has_address,
                organisers=sum(
                    n.audience == EnquiryNotification.Audience.ORGANISER
                    for n in enquiry.notifications.all()
                ),
            )
        )
    return deliveries


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
        reverse("portal:enquiry-detail", kwargs={"reference": enquiry.reference})
        if notification.audience == EnquiryNotification.Audience.COOPERATIVE
        else reverse("admin:trade_enquiry_change", args=[enquiry.pk])
    )
    # An organiser's copy of an enquiry no one at the cooperative received asks them to pass it on.
    to_forward = (
        notification.audience == EnquiryNotification.Audience.ORGANISER
        and not enquiry.notifications.filter(
            audience=EnquiryNotification.Audience.COOPERATIVE
        ).exists()
    )
    # Recipients are Vietnamese staff: the e-mail is in Vietnamese whatever the buyer's language.
    with translation.override("vi"):
        context = {
            "enquiry": enquiry,
            "to_forward": to_forward,
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
