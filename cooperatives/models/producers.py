"""OCOP producers (cooperatives, households, companies), their shop links and their staff."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models.provinces import Province
from ocop_fair.files import random_upload_name
from ocop_fair.text import normalize_search_text, unique_slug, vietnamese_sort_key

# Vietnamese mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x and 8 digits.
MOBILE = re.compile(r"0[35789]\d{8}")


def logo_upload_to(instance, filename: str) -> str:
    return random_upload_name("cooperatives/logos", filename)


class CooperativeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

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
    def phone_digits(self) -> str:
        """The phone as dialled in Vietnam: "+84 912 345 678" and "0912.345.678" -> "0912345678"."""
        digits = re.sub(r"\D", "", self.phone)
        if digits.startswith("84") and len(digits) in (11, 12):
            digits = "0" + digits[2:]
        return digits

    @property
    def tel_url(self) -> str:
        """A tel: link that dials from any country ("tel:+84912345678"), or "" without a phone."""
        digits = self.phone_digits
        if not digits:
            return ""
        return f"tel:+84{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"

    @property
    def zalo_url(self) -> str:
        """Zalo's chat link for a Vietnamese mobile number (Zalo accounts are mobile numbers;
        a landline, 02…, has none), else ""."""
        digits = self.phone_digits
        return f"https://zalo.me/{digits}" if MOBILE.fullmatch(digits) else ""

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
