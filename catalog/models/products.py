"""Products, the one rule of what visitors see (published_products) and their search documents."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.groups import ProductGroup
from catalog.models.validity import Validity, validity_case, validity_on
from cooperatives.models import Cooperative
from ocop_fair.text import normalize_search_text, search_forms, unique_slug, vietnamese_sort_key

# Between the parts of a product's search document (ProductQuerySet.refresh_search_documents).
# Whitespace, so that each part's first word starts a word as the search's LIKE test sees it
# (" word"); never in a query, whose whitespace normalize_search_text folds to single spaces, so
# no phrase of a query spans two parts.
SEARCH_DOCUMENT_SEPARATOR = " \n "
# After the product's name, and nowhere else: "% word%" + NAME_END + "%" finds a word of the name.
SEARCH_DOCUMENT_NAME_END = " \n\n "


def search_document(
    name: str, summary: str, cooperative: str, province: str, province_now: str = ""
) -> str:
    """Return what the catalogue search matches for a product (catalog.search).

    The words of the product's name, its summary, its cooperative's name and its province's
    names (at the fair and today), each part without diacritics and then with them
    (ocop_fair.text.search_forms). The name comes first and ends with SEARCH_DOCUMENT_NAME_END.
    """
    parts = [summary, cooperative, f"{province} {province_now}"]
    return (
        search_forms(name, separator=SEARCH_DOCUMENT_SEPARATOR)
        + SEARCH_DOCUMENT_NAME_END
        + SEARCH_DOCUMENT_SEPARATOR.join(
            search_forms(part, separator=SEARCH_DOCUMENT_SEPARATOR) for part in parts
        )
    )


def published_products(path: str = "", cooperative_path: str | None = None) -> Q:
    """The one rule of what visitors may see, as a filter: a published product of an active
    cooperative.

    path leads from the queried model to the product ("cooperatives__products__" from a
    province); cooperative_path leads to the product's cooperative where the query already
    joins it ("cooperatives__"), which spares joining it a second time.
    """
    if cooperative_path is None:
        cooperative_path = f"{path}cooperative__"
    return Q(**{f"{path}status": Product.Status.PUBLISHED, f"{cooperative_path}is_active": True})


class ProductQuerySet(models.QuerySet):
    def published(self):
        """Products visitors may see (published_products)."""
        return self.filter(published_products())

    def with_valid_certificate(self, on: datetime.date | None = None):
        """Products whose latest OCOP award (3★ or more) is surely valid on the given day (today).

        An award known only by its year is left out during the year it may have expired in.
        """
        day = on or timezone.localdate()
        return self.filter(ocop_stars__gte=3, ocop_valid_until__gte=day)

    def with_validity(self, on: datetime.date | None = None):
        """Annotate ocop_validity: the latest award's Validity on the given day (today)."""
        return self.annotate(ocop_validity=validity_case(on or timezone.localdate()))

    def refresh_search_documents(self) -> int:
        """Rewrite these products' search documents from their cooperative's and province's names.

        The only definition of the document (search_document), run by Product.save(),
        when a cooperative or a province is renamed (catalog.signals) and after bulk inserts.
        """
        rows = self.values_list(
            "pk",
            "name",
            "summary",
            "cooperative__name",
            "cooperative__province__name",
            "cooperative__province__current_name",
        ).order_by("pk")
        changed = [
            Product(pk=pk, search_document=search_document(*names))
            for pk, *names in rows.iterator(chunk_size=2_000)
        ]
        Product.objects.bulk_update(changed, ["search_document"], batch_size=500)
        return len(changed)


class Product(models.Model):
    """An OCOP product (or a range of SKUs sold under one OCOP award) of one cooperative."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True, default="")
    description = models.TextField(_("description"), blank=True, default="")
    traceability_url = models.URLField(
        _("traceability link"),
        blank=True,
        default="",
        help_text=_("Address behind the product's traceability (QR) stamp, if it has one."),
    )
    source_url = models.URLField(
        _("source"), blank=True, default="", help_text=_("Where the product's facts come from.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    # Denormalised from the latest Certification by catalog.services, for fast filtering.
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"), null=True, blank=True, editable=False, db_index=True
    )
    # The latest award's validity as a range (Certification.valid_until and
    # possibly_valid_until): surely valid up to the first day, perhaps up to the second; the two
    # differ only for a decision known by its year alone. Both empty when the date is unknown.
    ocop_valid_until = models.DateField(
        _("OCOP valid at least until"), null=True, blank=True, editable=False, db_index=True
    )
    ocop_possibly_valid_until = models.DateField(
        _("OCOP valid at most until"), null=True, blank=True, editable=False
    )
    # A product without a star award keeps its latest recognition without stars (a provincial
    # list of 2019, say) here, also by catalog.services: what its card can say it is known for.
    ocop_recognition_year = models.PositiveSmallIntegerField(
        _("recognised without stars in"), null=True, blank=True, editable=False
    )
    ocop_recognition_decision = models.CharField(
        _("recognition decision"), max_length=60, blank=True, default="", editable=False
    )
    search_name = models.CharField(_("search name"), max_length=200, editable=False, default="")
    search_text = models.TextField(_("search text"), editable=False, default="")
    # What the catalogue search matches (catalog.search): the search text, then the cooperative's
    # and the province's names, in one column so that a search is one indexed query on one table.
    search_document = models.TextField(_("search document"), editable=False, default="")
    # Vietnamese alphabetical order, the same on every database (see vietnamese_sort_key).
    name_sort = models.CharField(max_length=800, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProductQuerySet.as_manager()
    # Who changed what and when, read by organisers in the admin; derived fields are left out.
    history = HistoricalRecords(
        excluded_fields=["search_name", "search_text", "search_document", "name_sort"]
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name_sort", "pk"]
        indexes = [
            # The home page's featured products, in its order: a few dozen entries to read
            # instead of every product (23,800 products: 12 ms → under 1 ms, docs/benchmarks.md).
            models.Index(
                F("ocop_stars").desc(),
                "name_sort",
                name="product_featured",
                condition=Q(is_featured=True),
            ),
        ]
        constraints = [
            # The natural key used by imports: one product name per cooperative.
            models.UniqueConstraint(
                fields=["name", "cooperative"], name="product_unique_name_per_cooperative"
            ),
            models.CheckConstraint(
                name="product_ocop_stars_range",
                condition=Q(ocop_stars__isnull=True) | Q(ocop_stars__gte=1, ocop_stars__lte=5),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Product, self.name, max_length=200)
        self.search_name = normalize_search_text(self.name)
        self.search_text = normalize_search_text(f"{self.name} {self.summary}")
        self.name_sort = vietnamese_sort_key(self.name)
        super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # One definition of the document, in SQL, shared with renames and bulk inserts.
            Product.objects.filter(pk=self.pk).refresh_search_documents()

    def get_absolute_url(self):
        return reverse("catalog:product-detail", kwargs={"slug": self.slug})

    @property
    def is_ocop_certified(self) -> bool:
        """True when the latest award is 3★ or more (an OCOP product, valid or not)."""
        return self.ocop_stars is not None and self.ocop_stars >= 3

    @property
    def ocop_is_valid(self) -> bool:
        """True when the latest award (3★ or more) is surely valid today; computed, never stored."""
        return self.is_ocop_certified and self.ocop_status == Validity.VALID

    @property
    def ocop_status(self) -> str:
        """The latest award's Validity today ("" without stars); computed, never stored."""
        if self.ocop_stars is None:
            return ""
        return validity_on(
            timezone.localdate(),
            self.ocop_stars,
            self.ocop_valid_until,
            self.ocop_possibly_valid_until,
        )

    @property
    def ocop_expiry_is_exact(self) -> bool:
        """False when the latest award expires on a day unknown within a year (year-only date)."""
        return self.ocop_valid_until == self.ocop_possibly_valid_until

    @property
    def ocop_expiry_year(self) -> int | None:
        """The year the latest award expires (or expired) in, when its date is known."""
        last = self.ocop_possibly_valid_until
        return last.year if last else None
