import uuid
from pathlib import PurePath
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop_fair.text import normalize_search_text, unique_slug, vietnamese_sort_key


def logo_upload_to(instance, filename: str) -> str:
    # The uploader never chooses the stored name: a random one cannot be guessed or collide.
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"cooperatives/logos/{uuid.uuid4().hex}{suffix}"


class Province(models.Model):
    """A province as it stood at the fair; the 2025 reorganisation is recorded beside it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(
        _("official code"),
        max_length=3,
        unique=True,
        help_text=_("Administrative unit code of the General Statistics Office, e.g. 42."),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    successor_name = models.CharField(
        _("now part of"),
        max_length=150,
        blank=True,
        default="",
        help_text=_("The administrative unit this province belongs to since the 2025 reform."),
    )
    successor_since = models.DateField(_("since"), null=True, blank=True)
    current_name = models.CharField(
        _("name today"),
        max_length=100,
        blank=True,
        default="",
        help_text=_(
            "The short name of the unit it belongs to since then (e.g. Quảng Trị, Thành phố Huế):"
            " the catalogue's province filter groups provinces by it."
        ),
    )
    reorganisation_note = models.TextField(_("reorganisation note"), blank=True, default="")
    search_name = models.CharField(_("search name"), max_length=100, editable=False, default="")

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                name="province_successor_dated",
                condition=(Q(successor_name="") & Q(successor_since__isnull=True))
                | (~Q(successor_name="") & Q(successor_since__isnull=False)),
                violation_error_message=_("A successor unit needs the date it took effect."),
            ),
            models.CheckConstraint(
                name="province_current_name_with_successor",
                condition=Q(current_name="") | ~Q(successor_name=""),
                violation_error_message=_(
                    "A name today is the name of the unit this province became: fill in “now part"
                    " of” and its date too."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Province, self.name)
        self.search_name = normalize_search_text(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:province-detail", kwargs={"slug": self.slug})

    @property
    def was_reorganised(self) -> bool:
        return bool(self.successor_name)

    @property
    def name_today(self) -> str:
        """The name of the administrative unit the province is, or belongs to, today."""
        return self.current_name or self.name

    def name_on(self, day) -> str:
        """The province's name as it stood on day (the name at the fair when day is its date)."""
        if self.current_name and self.successor_since and day and day >= self.successor_since:
            return self.current_name
        return self.name

    @property
    def name_with_today(self) -> str:
        """The name at the fair, with the unit it belongs to today when that differs."""
        if self.current_name and self.current_name != self.name:
            return _("%(name)s (now part of %(today)s)") % {
                "name": self.name,
                "today": self.current_name,
            }
        return self.name


class CooperativeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_published_products(self):
        """Cooperatives with at least one published product (an existence test, not a count)."""
        product = self.model._meta.get_field("products").related_model  # catalog imports us
        published = product.objects.filter(
            cooperative=models.OuterRef("pk"), status=product.Status.PUBLISHED
        )
        return self.filter(models.Exists(published))

    def editable_by(self, user):
        """Cooperatives the user is a staff member of (owner or editor): the only ones whose
        profile, products, photos and enquiries they may see or change outside the admin."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Cooperative(models.Model):
    """An OCOP producer ("chủ thể OCOP"): cooperative, cooperative group, household or company."""

    class Kind(models.TextChoices):
        COOPERATIVE = "htx", _("Cooperative (HTX)")
        COOPERATIVE_GROUP = "tht", _("Cooperative group (THT)")
        HOUSEHOLD = "household", _("Household business")
        ENTERPRISE = "enterprise", _("Enterprise")
        UNKNOWN = "unknown", _("Not yet known")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COOPERATIVE)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
    )
    district = models.CharField(
        _("district"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("As written at the time (districts were abolished on 1 July 2025)."),
    )
    commune = models.CharField(_("commune / ward"), max_length=100, blank=True, default="")
    address = models.CharField(_("street address"), max_length=255, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=30, blank=True, default="")
    email = models.EmailField(_("email"), blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    description = models.TextField(_("description"), blank=True, default="")
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True, default="")
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive cooperatives are hidden from visitors.")
    )
    is_verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_(
            "Off when the producer's name was not stated by the source and stands in for it."
        ),
    )
    search_name = models.CharField(_("search name"), max_length=200, editable=False, default="")
    # Vietnamese alphabetical order, the same on every database (see vietnamese_sort_key).
    name_sort = models.CharField(max_length=800, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CooperativeQuerySet.as_manager()
    # Who changed the profile and when, read by organisers in the admin.
    history = HistoricalRecords(excluded_fields=["search_name", "name_sort"])

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name_sort", "pk"]
        constraints = [
            # The natural key used by imports: one producer name per province.
            models.UniqueConstraint(
                fields=["name", "province"], name="cooperative_unique_name_per_province"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Cooperative, self.name, max_length=200)
        self.search_name = normalize_search_text(self.name)
        self.name_sort = vietnamese_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:cooperative-detail", kwargs={"slug": self.slug})

    @property
    def location(self) -> str:
        """Commune, district and province as one line, skipping what is unknown."""
        parts = [self.commune, self.district, self.province.name]
        return ", ".join(part for part in parts if part)


class ShopLink(models.Model):
    """A cooperative's shop on an online marketplace, shown as "where to buy"."""

    class Platform(models.TextChoices):
        POSTMART = "postmart", "Postmart"
        VOSO = "voso", "Voso"
        SHOPEE = "shopee", "Shopee"
        LAZADA = "lazada", "Lazada"
        TIKI = "tiki", "Tiki"
        FACEBOOK = "facebook", "Facebook"
        ZALO = "zalo", "Zalo"
        OTHER = "other", _("Other")

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="shop_links",
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    url = models.URLField(_("address"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("online shop")
        verbose_name_plural = _("online shops")
        ordering = ["cooperative", "sort_order", "platform"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "url"], name="shoplink_unique_url"),
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.url}"


class Membership(models.Model):
    """A user who may edit a cooperative's listing, and in which role."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cooperative", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperative"], name="membership_unique_user_cooperative"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.cooperative} ({self.get_role_display()})"


class FairQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()


class Fair(models.Model):
    """A trade-promotion fair; at most one is the current fair shown to visitors."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=255)
    description = models.TextField(_("description"), blank=True, default="")
    source_url = models.URLField(_("source"), blank=True, default="")
    is_current = models.BooleanField(
        _("current fair"), default=False, help_text=_("The fair shown on the home page.")
    )

    objects = FairQuerySet.as_manager()

    class Meta:
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="fair_single_current",
                violation_error_message=_("Only one fair can be the current fair."),
            ),
            models.CheckConstraint(
                name="fair_ends_after_start",
                condition=Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("A fair cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Fair, f"{self.name}", max_length=200)
        super().save(*args, **kwargs)

    def get_floor_plan_url(self):
        return reverse("cooperatives:fair-floor-plan", kwargs={"slug": self.slug})


class Booth(models.Model):
    """A stand on the fair's floor plan, placed on a grid of cells."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="booths"
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("E.g. A12."))
    zone = models.CharField(
        _("zone"), max_length=100, blank=True, default="", help_text=_("E.g. a province pavilion.")
    )
    x = models.PositiveSmallIntegerField(_("column"), default=0)
    y = models.PositiveSmallIntegerField(_("row"), default=0)
    width = models.PositiveSmallIntegerField(_("width"), default=1)
    height = models.PositiveSmallIntegerField(_("height"), default=1)

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["fair", "zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "code"], name="booth_unique_code_per_fair"),
            models.CheckConstraint(
                name="booth_positive_size", condition=Q(width__gte=1) & Q(height__gte=1)
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.fair.year})"

    def get_absolute_url(self):
        """The booth's stable address, printed on its QR sign (see views.booths)."""
        return reverse("cooperatives:booth", kwargs={"slug": self.fair.slug, "code": self.code})

    def get_floor_plan_url(self):
        """The fair's floor plan with this booth highlighted."""
        query = urlencode({"booth": self.code})
        return f"{self.fair.get_floor_plan_url()}?{query}#booth-{self.code}"


class BoothAssignment(models.Model):
    """A cooperative exhibiting at a booth; a booth holds at most one cooperative."""

    booth = models.ForeignKey(
        Booth, verbose_name=_("booth"), on_delete=models.CASCADE, related_name="assignments"
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        related_name="booth_assignments",
    )
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("booth assignment")
        verbose_name_plural = _("booth assignments")
        ordering = ["booth"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth"],
                name="boothassignment_one_per_booth",
                violation_error_message=_("This booth is already assigned to a cooperative."),
            ),
        ]

    def __str__(self):
        return f"{self.booth.code}: {self.cooperative}"
