"""The whole demo: catalog/demo/ loads the catalogue, the archived 2022 fair and the 2026 fair's
days, programme and floor plan; this module then fills the 2026 fair the way an organiser would,
through its call for exhibitors.

Every named producer of fixtures/ applies once (its details, a sample contact person, up to five
of its known products with the stars and award year on record, booth needs from its product
groups). The organiser's sample decisions accept most, put a few on the waiting list and reject a
few with a reason; auto-assign then seats the accepted ones in their province's zone. Producers the
source did not name (shown under a stand-in name) do not apply: a visitor could not find them.

The demo sends no e-mail (notify=False): contacts are on the reserved example.org and the demo
would otherwise print hundreds of mails on `make demo`. Running it again creates nothing: a
producer that has applied is never made to apply again, and decisions already taken are kept.
"""

import datetime
from collections import Counter
from dataclasses import replace

from django.db import transaction
from django.db.models import Prefetch

from catalog.demo.fair import ACCOUNTS, DEMO_EMAIL_DOMAIN
from catalog.demo.fair_2026 import NAME as FAIR_NAME
from catalog.demo.loader import DemoResult, demo_totals, load_demo
from catalog.demo.upsert import CREATED, upsert
from catalog.models import Product
from cooperatives.auto_assign import auto_assign_apply, auto_assign_plan
from cooperatives.models import BoothAssignment, Cooperative, Fair, FairExhibitor
from cooperatives.services import booth_vacate, fair_exhibitor_remove
from ocop_fair.text import normalize_search_text
from trade.application_forms import MAX_PRODUCTS
from trade.applications import (
    Applicant,
    ProductClaim,
    application_accept,
    application_create,
    application_reject,
    application_waitlist,
)
from trade.models import CallForExhibitors, ExhibitorApplication

Status = ExhibitorApplication.Status

# The call opens two months before the fair and stays open to its last day, so the demo's
# visitors can try the application form (a late applicant is waitlisted by the organisers).
CALL_OPENS_DAYS_BEFORE = 60

# The organiser's sample decisions, by the applicant's place in the list (province north to
# south, then Vietnamese alphabetical order): every WAITLIST_EVERY-th from WAITLIST_FIRST is
# waitlisted, every REJECT_EVERY-th from REJECT_FIRST rejected with the next reason below. The
# demo accounts' cooperatives are always accepted, so their owners find their fair.
WAITLIST_FIRST, WAITLIST_EVERY = 7, 15
REJECT_FIRST, REJECT_EVERY = 11, 25
REJECTION_REASONS = [
    "Hồ sơ chưa kèm quyết định công nhận sản phẩm OCOP còn hiệu lực. Mời hợp tác xã đăng ký "
    "lại khi đã bổ sung.",
    "Khu gian hàng của tỉnh đã đủ chỗ cho nhóm sản phẩm này. Ban tổ chức ưu tiên hợp tác xã "
    "chưa tham gia hội chợ năm trước.",
    "Sản phẩm đăng ký chưa có nhãn hàng hoá và truy xuất nguồn gốc theo quy định.",
]

# Sample contact people: the source names no person, so these are the demo's own.
CONTACTS = [
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Lê Thị Lan",
    "Phạm Văn Hùng",
    "Hoàng Thị Mai",
    "Võ Văn Dũng",
    "Đặng Thị Hương",
    "Bùi Văn Nam",
    "Đỗ Thị Thu",
    "Hồ Văn Sơn",
    "Ngô Thị Hạnh",
    "Dương Văn Tuấn",
]
# Sequential sample numbers (+84 900 000 001…) where the source gives no phone.
SAMPLE_PHONE = "+84900000{:03d}"
# Booth needs from the product groups: fresh food and meat need a fridge; fridges and coffee
# makers need power; a producer showing five products asks for two booths.
REFRIGERATED_GROUPS = ("I.1", "I.3.d")
POWERED_GROUPS = ("I.1", "I.3.d", "I.6")
TWO_BOOTHS_FROM = MAX_PRODUCTS


def _contact_emails() -> dict[str, str]:
    """The demo accounts' addresses by their cooperative, so the owners' accounts are reused."""
    return {
        normalize_search_text(account.cooperative): account.email
        for account in ACCOUNTS
        if account.cooperative
    }


def _in_groups(products: list[Product], prefixes: tuple[str, ...]) -> bool:
    return any(
        product.group.code == prefix or product.group.code.startswith(prefix + ".")
        for product in products
        for prefix in prefixes
    )


def _award_year(product: Product) -> int | None:
    years = [c.decision_date.year for c in product.certifications.all() if c.decision_date]
    return max(years, default=None)


def applicant_for(cooperative: Cooperative, index: int, email: str = "") -> Applicant:
    """The application the cooperative would fill in, from what fixtures/ says about it."""
    products = sorted(
        cooperative.products.all(),
        key=lambda product: (-(product.ocop_stars or 0), product.name, product.pk),
    )[:MAX_PRODUCTS]
    phone = cooperative.phone or SAMPLE_PHONE.format(index + 1)
    return Applicant(
        kind=cooperative.kind,
        name=cooperative.name,
        province=cooperative.province,
        address=cooperative.address or cooperative.location,
        tax_code="",  # the source gives none, and the demo never invents one
        contact_name=CONTACTS[index % len(CONTACTS)],
        phone=phone,
        zalo=phone,
        email=email or cooperative.email or f"lienhe-{cooperative.slug}@{DEMO_EMAIL_DOMAIN}",
        booths=2 if len(products) >= TWO_BOOTHS_FROM else 1,
        needs_power=_in_groups(products, POWERED_GROUPS),
        needs_refrigeration=_in_groups(products, REFRIGERATED_GROUPS),
        consent_to_publish=True,
        products=[
            ProductClaim(p.name, p.group, stars=p.ocop_stars, award_year=_award_year(p))
            for p in products
        ],
    )


def decision_for(index: int, *, keep: bool = False) -> tuple[str, str]:
    """The organiser's sample decision on the index-th applicant: (status, rejection reason)."""
    if not keep and index % REJECT_EVERY == REJECT_FIRST:
        return Status.REJECTED, REJECTION_REASONS[index // REJECT_EVERY % len(REJECTION_REASONS)]
    if not keep and index % WAITLIST_EVERY == WAITLIST_FIRST:
        return Status.WAITLISTED, ""
    return Status.ACCEPTED, ""


def applicants() -> list[Cooperative]:
    """The producers that apply, in the order the organiser reviews them."""
    products = Product.objects.select_related("group").prefetch_related("certifications")
    return list(
        Cooperative.objects.active()
        .filter(is_verified=True)
        .select_related("province")
        .prefetch_related(Prefetch("products", queryset=products))
        .order_by("province__display_order", "name_sort", "pk")
    )


def _no_status_url(application: ExhibitorApplication) -> str:
    return application.get_absolute_url()  # never mailed: notify=False


def _forget_direct_exhibitor(fair: Fair, cooperative: Cooperative) -> None:
    """Undo what the demo before applications did (exhibitors added directly) for a producer the
    organiser did not accept, so a database loaded by it shows only accepted exhibitors."""
    for assignment in BoothAssignment.objects.filter(booth__fair=fair, cooperative=cooperative):
        booth_vacate(assignment=assignment)
    for exhibitor in FairExhibitor.objects.filter(fair=fair, cooperative=cooperative):
        fair_exhibitor_remove(exhibitor=exhibitor)


def applications_load(fair: Fair, tally: Counter) -> None:
    """Open the fair's call, file each producer's application once and decide it."""
    upsert(
        CallForExhibitors,
        lookup={"fair": fair},
        values={
            "opens_on": fair.starts_on - datetime.timedelta(days=CALL_OPENS_DAYS_BEFORE),
            "closes_on": fair.ends_on,
        },
        tally=tally,
    )
    applied = set(
        ExhibitorApplication.objects.filter(fair=fair).values_list("cooperative_id", flat=True)
    )
    emails = _contact_emails()
    for index, cooperative in enumerate(applicants()):
        if cooperative.pk in applied:
            continue
        email = emails.get(cooperative.search_name, "")
        application = application_create(
            fair=fair,
            applicant=applicant_for(cooperative, index, email),
            status_url=_no_status_url,
            notify=False,
        )
        tally["ExhibitorApplication", CREATED] += 1
        status, reason = decision_for(index, keep=bool(email))
        if status == Status.ACCEPTED:
            application_accept(application=application, request=None, notify=False)
            continue
        if status == Status.WAITLISTED:
            application_waitlist(application=application, notify=False)
        else:
            application_reject(application=application, reason=reason, status_url="", notify=False)
        _forget_direct_exhibitor(fair, cooperative)


def booths_load(fair: Fair, tally: Counter) -> None:
    """Seat the accepted exhibitors without a booth, as the organiser's auto-assign would."""
    pairs = auto_assign_plan(fair).pairs
    if pairs:
        auto_assign_apply(fair=fair, pairs=pairs)
        tally["BoothAssignment", CREATED] += len(pairs)


def totals() -> dict[str, int]:
    statuses = Counter(ExhibitorApplication.objects.values_list("status", flat=True))
    return {
        **demo_totals(),
        **{f"applications {status.value}": statuses[status] for status in Status},
    }


@transaction.atomic
def demo_load() -> DemoResult:
    """Load the catalogue and both fairs, then the 2026 fair's applications and booths."""
    result = load_demo()
    fair = Fair.objects.get(name=FAIR_NAME)
    applications_load(fair, result.changes)
    booths_load(fair, result.changes)
    return replace(result, totals=totals())
