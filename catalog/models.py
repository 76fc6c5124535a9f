import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative
from ocop_fair.files import random_upload_name
from ocop_fair.text import normalize_search_text, search_forms, unique_slug, vietnamese_sort_key

# OCOP results are valid for 36 months from the decision (QĐ 148/QĐ-TTg, docs/domain.md §a).
CERTIFICATE_VALIDITY_MONTHS = 36
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


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return day shifted by months, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


class Validity(models.TextChoices):
    """What an OCOP award is worth on a given day."""

    VALID = "valid", _("valid")
    # Decided in a known year on an unknown day: it expires some day of the third year after.
    UNCERTAIN = "uncertain", _("may have expired")
    EXPIRED = "expired", _("expired")
    UNDATED = "undated", _("validity unknown")
    # A recognition whose source states no stars: it rates nothing.
    NO_STARS = "no_stars", _("no stars stated")


def validity_on(
    day: datetime.date,
    stars: int | None,
    valid_until: datetime.date | None,
    possibly_valid_until: datetime.date | None,
) -> str:
    """Return the Validity on day of an award surely valid to one day, perhaps to another.

    The dates decide, whatever the stars: a valid 2★ rating is valid, though no certificate.
    """
    if stars is None:
        return Validity.NO_STARS
    if valid_until is None:
        return Validity.UNDATED
    if day <= valid_until:
        return Validity.VALID
    if possibly_valid_until is not None and day <= possibly_valid_until:
        return Validity.UNCERTAIN
    return Validity.EXPIRED


def validity_case(day: datetime.date) -> Case:
    """Return validity_on(day, ...) of each product's latest award, as a database expression."""
    return Case(
        When(ocop_stars__isnull=True, then=Value(Validity.NO_STARS)),
        When(ocop_valid_until__isnull=True, then=Value(Validity.UNDATED)),
        When(ocop_valid_until__gte=day, then=Value(Validity.VALID)),
        When(ocop_possibly_valid_until__gte=day, then=Value(Validity.UNCERTAIN)),
        default=Value(Validity.EXPIRED),
        output_field=models.CharField(),
    )


def product_image_upload_to(instance, filename: str) -> str:
    return random_upload_name("products", filename)


class ProductGroup(models.Model):
    """An OCOP product group or sub-group of Decision 148/QĐ-TTg (e.g. I.5.b herbal teas)."""

    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("E.g. I.5.b."))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, default="")
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        default="",
        help_text=_("Hex colour used for cards and charts, e.g. #2f7d32."),
    )

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                name="productgroup_not_own_parent", condition=~Q(parent=models.F("pk"))
            ),
            models.CheckConstraint(
                name="productgroup_colour_hex",
                condition=Q(colour="") | Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(ProductGroup, self.name, max_length=100)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The group's name in the active language (Vietnamese unless English is active)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


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


class Certification(models.Model):
    """One OCOP award decision for a product; a product keeps all of them as its history."""

    class Level(models.TextChoices):
        # Contexts: "Province" is also the catalogue's filter label, translated differently.
        DISTRICT = "district", pgettext_lazy("awarding level", "District")
        PROVINCE = "province", pgettext_lazy("awarding level", "Province")
        NATIONAL = "national", pgettext_lazy("awarding level", "National")

    class AwardType(models.TextChoices):
        FIRST = "first", _("First award")
        RE_AWARD = "re_award", _("Re-award")
        UPGRADE = "upgrade", _("Upgrade")

    class Criteria(models.TextChoices):
        QD_1048 = "qd1048", _("Decision 1048/QĐ-TTg (2019)")
        QD_148 = "qd148", _("Decision 148/QĐ-TTg (2023)")
        QD_1489 = "qd1489", _("Decision 1489/QĐ-TTg (2025)")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        YEAR = "year", _("Year only")
        UNKNOWN = "unknown", _("Unknown")

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    # Empty for a recognition whose source names no stars (a provincial list of 2019, say):
    # its year and source are facts worth keeping, but it is no star rating.
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source recognises the product without stating stars."),
    )
    level = models.CharField(
        _("awarding level"),
        max_length=10,
        choices=Level,
        blank=True,
        default="",
        help_text=_("Leave empty when the source does not say who awarded it."),
    )
    award_type = models.CharField(
        _("award type"), max_length=10, choices=AwardType, default=AwardType.FIRST
    )
    criteria_version = models.CharField(
        _("criteria"), max_length=10, choices=Criteria, blank=True, default=""
    )
    decision_number = models.CharField(
        _("decision number"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("E.g. 2394/QĐ-UBND."),
    )
    decision_date = models.DateField(
        _("decision date"),
        null=True,
        blank=True,
        help_text=_(
            "When only the year is known, 1 January of that year with precision 'year only'."
        ),
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_(
            "36 months after the decision unless set; left empty when only the year is known."
        ),
    )
    holder_name = models.CharField(
        _("holder named on the decision"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("The producer as named at the time, if it has changed since."),
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_decision = models.CharField(
        _("revocation decision"), max_length=60, blank=True, default=""
    )
    source_url = models.URLField(_("source"), blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP certification")
        verbose_name_plural = _("OCOP certifications")
        # Latest first: dated awards by date, then awards whose date is unknown.
        ordering = [models.F("decision_date").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                name="certification_stars_range",
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                violation_error_message=_("OCOP stars go from 1 to 5."),
            ),
            models.CheckConstraint(
                name="certification_date_matches_precision",
                condition=(Q(date_precision="unknown") & Q(decision_date__isnull=True))
                | (~Q(date_precision="unknown") & Q(decision_date__isnull=False)),
                violation_error_message=_("Give a decision date, or mark its precision unknown."),
            ),
            models.CheckConstraint(
                name="certification_expires_after_decision",
                condition=Q(expires_on__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(expires_on__gt=models.F("decision_date")),
                violation_error_message=_("The expiry date must be after the decision date."),
            ),
            models.CheckConstraint(
                name="certification_revoked_after_decision",
                condition=Q(revoked_on__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(revoked_on__gte=models.F("decision_date")),
                violation_error_message=_("A certificate cannot be revoked before it was awarded."),
            ),
            models.CheckConstraint(
                name="certification_revocation_dated",
                condition=Q(revocation_decision="") | Q(revoked_on__isnull=False),
                violation_error_message=_("A revocation decision needs its date."),
            ),
        ]

    def __str__(self):
        stars = f"{self.stars}★" if self.stars else gettext("no stars")
        return f"{self.product} – {stars} ({self.decision_label})"

    def save(self, *args, **kwargs):
        # Only a known day gives a known expiry: a year-only decision keeps a range (valid_until).
        if (
            self.expires_on is None
            and self.decision_date is not None
            and self.date_precision == self.DatePrecision.DAY
        ):
            self.expires_on = add_months(self.decision_date, CERTIFICATE_VALIDITY_MONTHS)
        super().save(*args, **kwargs)

    @property
    def decision_label(self) -> str:
        """The decision date as precisely as it is known: "02/11/2022", "2022" or "date unknown"."""
        if self.decision_date is None:
            return gettext("date unknown")
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.decision_date.year)
        return self.decision_date.strftime("%d/%m/%Y")

    @property
    def valid_until(self) -> datetime.date | None:
        """The last day the award surely counts: its expiry, or the day before it was revoked.

        A decision known only by its year Y expires some day of Y+3 (36 months later): it surely
        counts to the end of Y+2.
        """
        return self._last_day(surely=True)

    @property
    def possibly_valid_until(self) -> datetime.date | None:
        """The last day the award may still count: the end of Y+3 for a decision of year Y."""
        return self._last_day(surely=False)

    def _last_day(self, *, surely: bool) -> datetime.date | None:
        end = self.expires_on
        if end is None and self.decision_date is not None:
            if self.date_precision == self.DatePrecision.YEAR:
                years = CERTIFICATE_VALIDITY_MONTHS // 12 - (1 if surely else 0)
                end = datetime.date(self.decision_date.year + years, 12, 31)
            else:
                end = add_months(self.decision_date, CERTIFICATE_VALIDITY_MONTHS)
        if self.revoked_on is not None:
            day_before = self.revoked_on - datetime.timedelta(days=1)
            return min(day_before, end) if end else day_before
        return end

    @property
    def expiry_label(self) -> str:
        """When the award expires, as precisely as known: "02/11/2025", "2027" or ""."""
        last = self.possibly_valid_until
        if last is None:
            return ""
        if last == self.valid_until:
            return last.strftime("%d/%m/%Y")
        return str(last.year)

    def validity_on(self, day: datetime.date) -> str:
        """The award's Validity on day."""
        return validity_on(day, self.stars, self.valid_until, self.possibly_valid_until)

    @property
    def validity(self) -> str:
        """The award's Validity today."""
        return self.validity_on(timezone.localdate())

    def is_valid_on(self, day: datetime.date) -> bool:
        """True when the award is an OCOP certificate (3★ or more) surely valid on day."""
        return (
            self.stars is not None and self.stars >= 3 and self.validity_on(day) == Validity.VALID
        )


class PackOption(models.Model):
    """A pack size or SKU of a product ("hộp 500 g", "chai 500 ml 30°N"), with its price."""

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="pack_options",
    )
    label = models.CharField(_("pack"), max_length=100, help_text=_("E.g. hộp 500 g."))
    price_vnd = models.PositiveIntegerField(
        _("price (VND)"), null=True, blank=True, help_text=_("Leave empty when on request.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pack option")
        verbose_name_plural = _("pack options")
        ordering = ["product", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "label"], name="packoption_unique_label_per_product"
            ),
        ]

    def __str__(self):
        return self.label


class ProductImage(models.Model):
    """A photo of a product, ordered; stored under a random name the uploader does not choose."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        _("image"),
        upload_to=product_image_upload_to,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    # A small rendition for lists and galleries: pages never send the original to a phone.
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=product_image_upload_to,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
        blank=True,
        default="",
        editable=False,
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["product", "sort_order", "id"]

    def __str__(self):
        return self.alt_text or self.product.name

    def store_renditions(self, renditions) -> None:
        """Attach an original and its thumbnail (ocop_fair.images.Renditions); the caller saves."""
        self.image.save(renditions.original.name, renditions.original, save=False)
        self.thumbnail.save(renditions.thumbnail.name, renditions.thumbnail, save=False)
