"""The buyer's enquiry form, with its spam defences (no third-party service).

Field names are part of the public contract (documented in README.md): name, organisation,
buyer_type, phone, email, quantity, message, preferred_contact, started, website (the honeypot).
"""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperatives.phone import normalize_vn_phone
from trade.enquiries import Buyer
from trade.models import Enquiry

STARTED_SALT = "cooperatives.enquiry-form.started"
# A form left open longer than this is stale: its start time may have been harvested by a bot.
STARTED_MAX_AGE = 24 * 3600
MAX_LINKS = 2
# Control characters other than tab and newlines: never part of a message a person types.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def started_token(at: float | None = None) -> str:
    """Return the signed time the form was shown, for the minimum-fill-time check."""
    return signing.Signer(salt=STARTED_SALT).sign(str(int(time.time() if at is None else at)))


def plain_text(value: str) -> str:
    """Return value without control characters, newlines normalised, outer spaces trimmed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value).strip()


class PlainTextField(forms.CharField):
    def to_python(self, value):
        return plain_text(super().to_python(value))


class SpamGuardedForm(forms.Form):
    """A public form's spam defences: a honeypot field and a signed time the form was shown."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden from people by CSS, filled in by bots that complete every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = started_token()

    def _spam_refusal(self):
        """Why this submission looks automated (honeypot, fill time), or None."""
        if self.data.get("website"):
            return forms.ValidationError(
                _("The hidden field “Leave this field empty” was filled in, as spam robots do."),
                code="honeypot",
            )
        try:
            shown_at = int(signing.Signer(salt=STARTED_SALT).unsign(self.data.get("started", "")))
        except (signing.BadSignature, ValueError):
            shown_at = None
        age = time.time() - shown_at if shown_at is not None else None
        if age is None or age > STARTED_MAX_AGE:
            return forms.ValidationError(
                _("This form has expired. Please check your details and send it again."),
                code="stale",
            )
        if age < settings.ENQUIRY_MIN_FILL_SECONDS:
            return forms.ValidationError(
                _("The form was sent too quickly. Please check your details and send it again."),
                code="too_fast",
            )
        return None

    def clean(self):
        cleaned = super().clean()
        refusal = self._spam_refusal()
        if refusal is not None:
            self.add_error(None, refusal)
        return cleaned

    def refresh_started(self) -> None:
        """After a refusal, stamp the re-shown form anew so the buyer can simply send it again."""
        data = self.data.copy()
        data["started"] = started_token()
        self.data = data


class EnquiryForm(SpamGuardedForm):
    required_css_class = "required"  # the label shows "*" before any error (static/css/site.css)

    name = PlainTextField(label=_("Your name"), max_length=100)
    organisation = PlainTextField(
        label=_("Organisation"),
        max_length=150,
        required=False,
        help_text=_("Company, shop, restaurant… (optional)"),
    )
    # No preset answer: a buyer who skips it is asked, rather than filed as a distributor.
    buyer_type = forms.ChoiceField(
        label=_("You are"), choices=[("", _("Choose…")), *Enquiry.BuyerType.choices]
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("E.g. 0912 345 678 or +84 912 345 678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    quantity = PlainTextField(
        label=_("Quantity wanted"),
        max_length=100,
        required=False,
        help_text=_("E.g. 500 boxes a month (optional)."),
    )
    message = PlainTextField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text, at most 2,000 characters."),
    )
    preferred_contact = forms.ChoiceField(
        label=_("Contact me by"),
        choices=Enquiry.ContactChannel.choices,
        initial=Enquiry.ContactChannel.PHONE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_phone(self):
        return normalize_vn_phone(self.cleaned_data["phone"])

    def clean_message(self):
        message = self.cleaned_data["message"]
        if HTML_TAG.search(message):
            raise forms.ValidationError(
                _("Please write the message as plain text, without HTML tags."), code="html"
            )
        if len(LINK.findall(message)) > MAX_LINKS:
            raise forms.ValidationError(
                _("Please include at most %(count)d links."),
                code="links",
                params={"count": MAX_LINKS},
            )
        return message

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_contact") == Enquiry.ContactChannel.EMAIL and not cleaned.get(
            "email"
        ):
            self.add_error("email", _("Enter your email address to be answered by email."))
        return cleaned

    def buyer(self) -> Buyer:
        data = self.cleaned_data
        return Buyer(
            name=data["name"],
            organisation=data["organisation"],
            buyer_type=data["buyer_type"],
            phone=data["phone"],
            email=data["email"],
            quantity=data["quantity"],
            message=data["message"],
            preferred_contact=data["preferred_contact"],
        )


class EnquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Enquiry.Status.choices)


class EnquiryFilterForm(forms.Form):
    """The staff inbox filters; unknown values are dropped rather than failing the page."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + Enquiry.Status.choices, required=False
    )
    buyer_type = forms.ChoiceField(
        label=_("Buyer type"),
        choices=[("", _("All"))] + Enquiry.BuyerType.choices,
        required=False,
    )
    cooperative = forms.ModelChoiceField(
        label=_("Cooperative"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, cooperatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].queryset = cooperatives

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["buyer_type"]:
            queryset = queryset.filter(buyer_type=data["buyer_type"])
        if data["cooperative"]:
            queryset = queryset.filter(cooperative=data["cooperative"])
        if data["q"]:
            term = data["q"].strip()
            queryset = queryset.filter(
                Q(reference__iexact=term)
                | Q(buyer_name__icontains=term)
                | Q(organisation__icontains=term)
                | Q(phone__contains=term.replace(" ", ""))
            )
        return queryset
