"""Reads for the staff portal: what a member may see, shaped for its templates."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, ProductImage
from cooperatives.models import Cooperative
from trade.models import Enquiry

# A certificate that ends within this many days is flagged so staff can apply for re-award.
EXPIRY_WARNING_DAYS = 90
# The enquiries a cooperative has not answered yet, counted on the portal's dashboard.
NEW_ENQUIRY = Q(enquiries__status=Enquiry.Status.NEW)


@dataclass
class ProductChecklist:
    """What a buyer looks for on a product page, ticked off; drives the completeness score."""

    done: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def score(self) -> int:
        total = len(self.done) + len(self.missing)
        return round(100 * len(self.done) / total) if total else 100


def products_editable_by(user) -> QuerySet[Product]:
    """Products of the cooperatives the user is a member of; anything else is not found."""
    return Product.objects.filter(cooperative__in=Cooperative.objects.editable_by(user))


def product_images_editable_by(user) -> QuerySet[ProductImage]:
    """Photos of the products the user may edit."""
    return ProductImage.objects.filter(
        product__cooperative__in=Cooperative.objects.editable_by(user)
    ).select_related("product")


def product_checklist(product: Product) -> ProductChecklist:
    """Tick what the product page already has; needs the counts of dashboard_cooperatives."""
    checks = [
        (bool(product.summary), _("a one-line summary")),
        (len(product.description) >= 80, _("a description of a few sentences")),
        (product.image_count > 0, _("a photo")),
        (product.image_count > 0 and product.images_without_alt == 0, _("alt text on every photo")),
        (product.priced_pack_count > 0, _("a pack with its price")),
    ]
    checklist = ProductChecklist()
    for passed, label in checks:
        (checklist.done if passed else checklist.missing).append(label)
    return checklist


def product_attention(product: Product, today: datetime.date) -> list:
    """Reasons the product needs its cooperative's attention, most urgent first."""
    reasons = []
    if product.status == Product.Status.PENDING:
        reasons.append(_("Waiting for the organisers' review."))
    if product.ocop_valid_until is not None:
        last_day = product.ocop_possibly_valid_until or product.ocop_valid_until
        if last_day < today:
            reasons.append(_("The OCOP certificate has expired: apply for re-assessment."))
        elif product.ocop_valid_until < today:
            reasons.append(
                _(
                    "The OCOP certificate may have expired (the decision day is not known): "
                    "apply for re-assessment."
                )
            )
        elif product.ocop_valid_until <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            reasons.append(_("The OCOP certificate expires within 90 days."))
    if product.image_count == 0:
        reasons.append(_("No photo yet."))
    if product.priced_pack_count == 0:
        reasons.append(_("No price yet."))
    return reasons


# Products a dashboard shows per cooperative (those needing attention first); the cooperative's
# product list shows them all, a page at a time.
DASHBOARD_PRODUCTS = 4


def products_with_counts() -> QuerySet[Product]:
    """Products with the counts their checklist and attention list read."""
    return (
        Product.objects.select_related("group")
        .annotate(
            image_count=Count("images", distinct=True),
            images_without_alt=Count("images", filter=Q(images__alt_text=""), distinct=True),
            priced_pack_count=Count(
                "pack_options", filter=Q(pack_options__price_vnd__isnull=False), distinct=True
            ),
        )
        .order_by("name_sort", "pk")
    )


def products_review(products) -> list[Product]:
    """Attach each product's checklist and attention list (products from products_with_counts)."""
    today = timezone.localdate()
    products = list(products)
    for product in products:
        product.checklist = product_checklist(product)
        product.attention = product_attention(product, today)
    return products


def dashboard_cooperatives(user, *, pks=None) -> list[Cooperative]:
    """The user's cooperatives (those of pks: a page of them) with their products, each with a
    checklist and attention list; dashboard_products holds the few the dashboard shows.

    Three queries whatever the number of cooperatives and products.
    """
    cooperatives = Cooperative.objects.editable_by(user)
    if pks is not None:
        cooperatives = cooperatives.filter(pk__in=pks)
    cooperatives = list(
        cooperatives.select_related("province")
        .annotate(new_enquiry_count=Count("enquiries", filter=NEW_ENQUIRY))
        .prefetch_related(Prefetch("products", queryset=products_with_counts()))
        .order_by("name_sort", "pk")
    )
    for cooperative in cooperatives:
        products = products_review(cooperative.products.all())
        cooperative.product_count = len(products)
        # What needs doing first, by name within (a stable sort keeps the name order).
        products.sort(key=lambda product: not product.attention)
        cooperative.dashboard_products = products[:DASHBOARD_PRODUCTS]
    return cooperatives
