"""Cooperatives' applications to exhibit at a fair: receive, match, review, accept.

Accepting an application is the one write path from an applicant to an exhibitor: the
cooperative (found or created), its place among the fair's exhibitors, its products pending
review and its contact's staff account, each application in its own transaction.
"""

import logging
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from catalog.models import Product, ProductGroup
from cooperatives import rules as producer_rules
from cooperatives.accounts import staff_invite_send
from cooperatives.models import Cooperative, Fair, Membership, Province
from cooperatives.services import fair_exhibitor_add
from trade.enquiries import REFERENCE_TRIES, new_reference
from trade.models import ApplicationProduct, CallForExhibitors, ExhibitorApplication

Status = ExhibitorApplication.Status
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProductClaim:
    name: str
    group: ProductGroup
    stars: int | None = None
    award_year: int | None = None
    # A product of the known cooperative already in the catalogue, picked by the applicant.
    product: Product | None = None


@dataclass
class Applicant:
    """What the applying cooperative tells about itself, already validated by the form."""

    kind: str
    name: str
    province: Province
    address: str
    tax_code: str
    contact_name: str
    phone: str
    zalo: str
    email: str
    booths: int
    needs_power: bool
    needs_refrigeration: bool
    consent_to_publish: bool
    products: list[ProductClaim] = field(default_factory=list)


def status_url(request, application: ExhibitorApplication) -> str:
    """Return the absolute address of an application's private status page (its path when
    there is no request to say the site's address, as in a management command)."""
    if request is None:
        return application.get_absolute_url()
    return request.build_absolute_uri(application.get_absolute_url())


def call_for(fair: Fair) -> CallForExhibitors | None:
    """Return the fair's call for exhibitors, or None when it has none."""
    return CallForExhibitors.objects.filter(fair=fair).first()


def cooperative_match(
    *, name: str, province: Province, tax_code: str = ""
) -> tuple[Cooperative | None, str]:
    """Return the known cooperative an applicant is (by tax code, else name key and province)."""
    if tax_code:
        known = (
            ExhibitorApplication.objects.filter(tax_code=tax_code, cooperative__isnull=False)
            .select_related("cooperative")
            .order_by("-created_at")
            .first()
        )
        if known is not None:
            return known.cooperative, ExhibitorApplication.Match.TAX_CODE
    key = producer_rules.producer_key(name)
    for cooperative in Cooperative.objects.filter(province=province).only("pk", "name"):
        if producer_rules.producer_key(cooperative.name) == key:
            return cooperative, ExhibitorApplication.Match.NAME
    return None, ExhibitorApplication.Match.NONE


def _mail(application: ExhibitorApplication, template: str, status_url: str, **extra) -> None:
    # Applicants read Vietnamese, whatever language they applied in.
    with translation.override("vi"):
        context = {"application": application, "status_url": status_url, **extra}
        subject = render_to_string(f"applications/{template}_subject.txt", context).strip()
        body = render_to_string(f"applications/{template}_body.txt", context)
    # The application is saved whatever the mail server does: its status page tells the rest.
    try:
        send_mail(subject, body, None, [application.email])
    except Exception:
        logger.exception("Application %s: the %s e-mail failed", application.reference, template)


def _invite(user, request, application: ExhibitorApplication) -> None:
    # As with _mail: the account exists whatever the mail server does; an organiser can resend.
    try:
        staff_invite_send(user=user, request=request)
    except Exception:
        logger.exception("Application %s: the invitation e-mail failed", application.reference)


def application_create(
    *, fair: Fair, applicant: Applicant, status_url, notify: bool = True
) -> ExhibitorApplication:
    """Save an application with a reference and a status token; e-mail the applicant on commit
    (notify=False: no e-mail, for the demo's generated applications).

    status_url(application) builds the absolute address of the private status page.
    """
    cooperative, match = cooperative_match(
        name=applicant.name, province=applicant.province, tax_code=applicant.tax_code
    )
    values = {
        name: getattr(applicant, name)
        for name in Applicant.__dataclass_fields__
        if name != "products"
    }
    for attempt in range(REFERENCE_TRIES):
        try:
            with transaction.atomic():
                application = ExhibitorApplication(
                    fair=fair,
                    reference=new_reference(),
                    token=secrets.token_urlsafe(24),
                    cooperative=cooperative,
                    match=match,
                    **values,
                )
                application.full_clean(exclude=["reference", "token"])
                application.save()
                ApplicationProduct.objects.bulk_create(
                    ApplicationProduct(
                        application=application,
                        name=claim.name,
                        group=claim.group,
                        stars_claimed=claim.stars,
                        award_year_claimed=claim.award_year,
                        product=claim.product,
                    )
                    for claim in applicant.products
                )
            break
        except IntegrityError:  # a reference already taken: draw another
            if attempt == REFERENCE_TRIES - 1:
                raise
    url = status_url(application)
    if notify:
        transaction.on_commit(lambda: _mail(application, "received", url))
    return application


def _account_for(application: ExhibitorApplication, cooperative: Cooperative):
    """Return the contact's user (created without a password) made staff of cooperative."""
    users = get_user_model()
    user = users.objects.filter(email__iexact=application.email).order_by("pk").first()
    created = user is None
    if created:
        user = users(username=application.email.lower()[:150], email=application.email)
        first, _space, last = application.contact_name.rpartition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(
        user=user, cooperative=cooperative, defaults={"role": Membership.Role.OWNER}
    )
    return user, created


def _cooperative_for(application: ExhibitorApplication) -> Cooperative:
    if application.cooperative_id:
        return application.cooperative
    cooperative, match = cooperative_match(
        name=application.name, province=application.province, tax_code=application.tax_code
    )
    if cooperative is None:
        cooperative = Cooperative(
            kind=application.kind,
            name=application.name,
            province=application.province,
            address=application.address,
            phone=application.phone,
            email=application.email,
        )
        cooperative.full_clean(exclude=["slug"])
        cooperative.save()
    application.cooperative, application.match = cooperative, match
    return cooperative


def application_accept(*, application: ExhibitorApplication, request, notify: bool = True) -> bool:
    """Make the applicant an exhibitor with its products pending review and a staff account
    (notify=False: neither the decision nor the "set your password" e-mail).

    Return False (and change nothing) when the application was already accepted.
    """
    with transaction.atomic():
        application = (
            ExhibitorApplication.objects.select_for_update(of=("self",))
            .select_related("cooperative", "province", "fair")
            .get(pk=application.pk)
        )
        if application.status == Status.ACCEPTED:
            return False
        cooperative = _cooperative_for(application)
        already_exhibitor = application.fair.exhibitors.filter(cooperative=cooperative).exists()
        exhibitor = fair_exhibitor_add(fair=application.fair, cooperative=cooperative)
        if not already_exhibitor:
            # The booth needs the application states are what auto-assign honours; an exhibitor
            # an organiser added or edited before keeps the organiser's figures.
            exhibitor.booths_wanted = application.booths
            exhibitor.needs_power = application.needs_power
            exhibitor.needs_refrigeration = application.needs_refrigeration
            exhibitor.save(update_fields=["booths_wanted", "needs_power", "needs_refrigeration"])
        for row in application.products.select_related("group", "product"):
            # Claimed awards stay on the row: no Certification until an organiser verifies it.
            if row.product is not None and row.product.cooperative_id == cooperative.pk:
                continue  # a known product the applicant picked: already in the catalogue
            product = Product.objects.filter(cooperative=cooperative, name=row.name).first()
            if product is None:
                product = Product(
                    cooperative=cooperative,
                    group=row.group,
                    name=row.name,
                    status=Product.Status.PENDING,
                )
                product.full_clean(exclude=["slug"])
                product.save()
            row.product = product
            row.save(update_fields=["product"])
        user, created = _account_for(application, cooperative)
        application.status, application.decided_at = Status.ACCEPTED, timezone.now()
        application.rejection_reason = ""
        application.save()
        if notify:
            url = status_url(request, application)
            transaction.on_commit(
                lambda: _mail(application, "accepted", url, account_created=created)
            )
            if created:
                transaction.on_commit(lambda: _invite(user, request, application))
    return True


def application_waitlist(
    *, application: ExhibitorApplication, status_url: str = "", notify: bool = True
) -> bool:
    """Put a new application on the waiting list and tell the applicant (once, on commit, unless
    notify is False); return False if it was already accepted or rejected."""
    with transaction.atomic():
        moved = ExhibitorApplication.objects.filter(pk=application.pk, status=Status.NEW).update(
            status=Status.WAITLISTED, decided_at=timezone.now()
        )
        if moved:
            application = ExhibitorApplication.objects.select_related("fair").get(pk=application.pk)
            if notify:
                transaction.on_commit(lambda: _mail(application, "waitlisted", status_url))
            return True
    return ExhibitorApplication.objects.filter(pk=application.pk, status=Status.WAITLISTED).exists()


def application_reject(
    *, application: ExhibitorApplication, reason: str, status_url: str, notify: bool = True
) -> bool:
    """Reject an application not yet accepted and e-mail the reason (unless notify is False);
    False if it was accepted."""
    with transaction.atomic():
        application = ExhibitorApplication.objects.select_for_update().get(pk=application.pk)
        if application.status == Status.ACCEPTED:
            return False
        application.status, application.decided_at = Status.REJECTED, timezone.now()
        application.rejection_reason = reason
        application.save(update_fields=["status", "decided_at", "rejection_reason"])
        if notify:
            transaction.on_commit(lambda: _mail(application, "rejected", status_url))
    return True
