"""Trade connection: buyers' enquiries to cooperatives and the e-mails that tell someone of them.

The tables were created by the cooperatives app and keep their names (Meta.db_table): the models
moved here without copying a row (trade/migrations/0001_initial.py).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from cooperatives.models import Cooperative
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
