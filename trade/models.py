"""Trade connection: buyers' enquiries to cooperatives and the e-mails that tell someone of them;
cooperatives' applications to exhibit at a fair.

The tables were created by the cooperatives app and keep their names (Meta.db_table): the models
moved here without copying a row (trade/migrations/0001_initial.py).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, ProductGroup
from cooperatives.models import Cooperative, Fair, Province
from cooperatives.phone import format_vn_phone


class EnquiryQuerySet(models.QuerySet):
    def for_user(self, user):
        """Enquiries addressed to the cooperatives the user is a staff member of."""
        return self.filter(cooperative__in=Cooperative.objects.editable_by(user))

    def without_recipient(self):
        """Enquiries no one at their cooperative was told of: the organisers must pass them on."""
        to_cooperative = EnquiryNotification.objects.filter(
            enquiry=models.OuterRef("pk"), audience=EnquiryNotification.Audience.COOPERATIVE
        )
        return self.filter(~models.Exists(to_cooperative))


class Enquiry(models.Model):
    """A trade buyer's request to one cooperative; a wholesale request is one row per cooperative."""

    class BuyerType(models.TextChoices):
        DISTRIBUTOR = "distributor", _("Distributor")
        SUPERMARKET = "supermarket", _("Supermarket")
        HORECA = "horeca", _("Restaurant or hotel")
        EXPORTER = "exporter", _("Exporter")
        CONSUMER = "consumer", _("Consumer")
        OTHER = "other", _("Other")

    class ContactChannel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        ZALO = "zalo", _("Zalo")
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        REPLIED = "replied", _("Replied")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(
        _("reference"),
        max_length=12,
        unique=True,
        help_text=_("Given to the buyer; short enough to read over the phone."),
    )
    batch_reference = models.CharField(
        _("wholesale reference"),
        max_length=12,
        blank=True,
        default="",
        db_index=True,
        help_text=_("Shared by the enquiries one buyer sent to several cooperatives at once."),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        related_name="enquiries",
    )
    products = models.ManyToManyField(
        Product, verbose_name=_("products"), blank=True, related_name="enquiries"
    )
    buyer_name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True, default="")
    buyer_type = models.CharField(_("buyer type"), max_length=20, choices=BuyerType)
    phone = models.CharField(
        _("phone"), max_length=16, help_text=_("Normalised: +84 followed by the subscriber number.")
    )
    email = models.EmailField(_("email"), blank=True, default="")
    quantity = models.CharField(_("quantity wanted"), max_length=100, blank=True, default="")
    message = models.TextField(_("message"), max_length=2000)
    preferred_contact = models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=ContactChannel,
        default=ContactChannel.PHONE,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        db_table = "cooperatives_enquiry"
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="enquiry_has_buyer_and_phone",
                condition=~Q(buyer_name="") & ~Q(phone="") & ~Q(message=""),
            ),
            models.CheckConstraint(
                name="enquiry_email_when_preferred",
                condition=~Q(preferred_contact="email") | ~Q(email=""),
                violation_error_message=_("An email address is needed to be answered by email."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.buyer_name} → {self.cooperative}"

    def get_absolute_url(self):
        return reverse("portal:enquiry-detail", kwargs={"reference": self.reference})

    @property
    def phone_display(self) -> str:
        """The buyer's number as Vietnamese write it (0912 345 678)."""
        return format_vn_phone(self.phone)


class EnquiryNotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class EnquiryNotification(models.Model):
    """One e-mail about an enquiry to one recipient; kept so that a failed send is retried."""

    class Audience(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative staff")
        ORGANISER = "organiser", _("Organisers")

    enquiry = models.ForeignKey(
        Enquiry,
        verbose_name=_("enquiry"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient = models.EmailField(_("recipient"))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EnquiryNotificationQuerySet.as_manager()

    class Meta:
        db_table = "cooperatives_enquirynotification"
        verbose_name = _("enquiry notification")
        verbose_name_plural = _("enquiry notifications")
        ordering = ["enquiry", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "recipient"], name="enquirynotification_unique_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.enquiry.reference} → {self.recipient}"


class CallForExhibitors(models.Model):
    """The days a fair takes exhibitors' applications (/fairs/<slug>/apply/)."""

    fair = models.OneToOneField(
        Fair,
        verbose_name=_("fair"),
        on_delete=models.CASCADE,
        related_name="call_for_exhibitors",
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), help_text=_("The last day applications are taken.")
    )

    class Meta:
        verbose_name = _("call for exhibitors")
        verbose_name_plural = _("calls for exhibitors")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                name="callforexhibitors_closes_after_opening",
                condition=Q(closes_on__gte=models.F("opens_on")),
                violation_error_message=_("The call cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.fair} ({self.opens_on:%d/%m/%Y}–{self.closes_on:%d/%m/%Y})"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class ExhibitorApplication(models.Model):
    """A cooperative's application to exhibit at a fair, reviewed by the organisers."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")

    class Match(models.TextChoices):
        NONE = "", _("New cooperative")
        TAX_CODE = "tax_code", _("Same tax code")
        NAME = "name", _("Same name and province")

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("reference"), max_length=9, unique=True)
    # The private status link's secret (/fairs/applications/<token>/).
    token = models.CharField(_("status token"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.NEW, db_index=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Cooperative.Kind)
    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, default="")
    contact_name = models.CharField(_("contact person"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30)
    zalo = models.CharField(_("Zalo"), max_length=30, blank=True, default="")
    email = models.EmailField(_("email"))
    booths = models.PositiveSmallIntegerField(_("booths wanted"), default=1)
    needs_power = models.BooleanField(_("needs power"), default=False)
    needs_refrigeration = models.BooleanField(_("needs refrigeration"), default=False)
    consent_to_publish = models.BooleanField(_("consents to publish"), default=False)
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_(
            "The known cooperative the application was matched to, or created on accepting."
        ),
    )
    match = models.CharField(
        _("matched by"), max_length=10, choices=Match, blank=True, default=Match.NONE
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, default="")
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("exhibitor application")
        verbose_name_plural = _("exhibitor applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="exhibitorapplication_booths_range",
                condition=Q(booths__gte=1, booths__lte=4),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.name}"

    def get_absolute_url(self):
        return reverse("trade:application-status", kwargs={"token": self.token})


class ApplicationProduct(models.Model):
    """A product an applicant will show; its award is a claim until an organiser verifies it."""

    application = models.ForeignKey(
        ExhibitorApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="products",
    )
    name = models.CharField(_("name"), max_length=200)
    group = models.ForeignKey(
        ProductGroup, verbose_name=_("product group"), on_delete=models.PROTECT, related_name="+"
    )
    stars_claimed = models.PositiveSmallIntegerField(_("stars claimed"), null=True, blank=True)
    award_year_claimed = models.PositiveSmallIntegerField(
        _("award year claimed"), null=True, blank=True
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The catalogue product created or linked on accepting."),
    )

    class Meta:
        verbose_name = _("product applied with")
        verbose_name_plural = _("products applied with")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                name="applicationproduct_stars_range",
                condition=Q(stars_claimed__isnull=True)
                | Q(stars_claimed__gte=1, stars_claimed__lte=5),
            ),
        ]

    def __str__(self):
        return self.name
