"""The call-for-exhibitors form: the cooperative, its contact, its products and booth needs.

Spam defences are the enquiry form's (SpamGuardedForm: honeypot and signed fill time).
"""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductGroup
from cooperatives import rules as producer_rules
from cooperatives.models import Cooperative
from cooperatives.phone import normalize_vn_phone
from cooperatives.resources import province_find, provinces_by_key
from trade.applications import Applicant, ProductClaim
from trade.enquiry_forms import PlainTextField, SpamGuardedForm

MAX_PRODUCTS = 5
FIRST_AWARD_YEAR = 2018  # the OCOP programme's first decisions (docs/domain.md)
# A Vietnamese tax code: 10 digits, or 13 for a branch ("0101234567-001" written with a dash).
TAX_CODE = re.compile(r"[0-9]{10}([0-9]{3})?")


class ApplicationForm(SpamGuardedForm):
    kind = forms.ChoiceField(
        label=_("Kind of producer"),
        choices=[(value, label) for value, label in Cooperative.Kind.choices if value != "unknown"],
    )
    name = PlainTextField(
        label=_("Name of the cooperative"),
        max_length=200,
        help_text=_("As registered, e.g. HTX Nông nghiệp Đồng Tâm."),
    )
    province = PlainTextField(
        label=_("Province"),
        max_length=100,
        help_text=_("Today's province or the one you registered in before 2025, e.g. Quảng Trị."),
    )
    address = PlainTextField(label=_("Address"), max_length=255)
    tax_code = PlainTextField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("10 or 13 digits, if the cooperative has one."),
    )
    contact_name = PlainTextField(label=_("Contact person"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("E.g. 0912 345 678 or +84 912 345 678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    zalo = forms.CharField(
        label=_("Zalo"),
        max_length=30,
        required=False,
        help_text=_("The phone number of your Zalo account, if it differs (optional)."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send the confirmation and the decision here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    booths = forms.TypedChoiceField(
        label=_("Number of booths"), choices=[(n, n) for n in range(1, 5)], coerce=int, initial=1
    )
    needs_power = forms.BooleanField(label=_("We need electric power"), required=False)
    needs_refrigeration = forms.BooleanField(label=_("We need refrigeration"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_(
            "I agree that the cooperative's details and products are published in the catalogue"
        )
    )

    def clean_tax_code(self):
        value = re.sub(r"[\s.\-]", "", self.cleaned_data["tax_code"])
        if value and not TAX_CODE.fullmatch(value):
            raise forms.ValidationError(
                _("A tax code is 10 or 13 digits, e.g. 3100123456."), code="tax_code"
            )
        return value

    def clean_phone(self):
        return normalize_vn_phone(self.cleaned_data["phone"])

    def clean_zalo(self):
        zalo = self.cleaned_data["zalo"]
        return normalize_vn_phone(zalo) if zalo.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("province"):
            errors: dict[str, list[str]] = {}
            key = producer_rules.producer_key(cleaned.get("name", ""))
            known = {
                (province_id, producer_rules.producer_key(name))
                for province_id, name in Cooperative.objects.values_list("province_id", "name")
            }
            cleaned["province"] = province_find(
                provinces_by_key(),
                cleaned["province"],
                errors,
                producer_known_in=lambda province: (province.pk, key) in known,
            )
            for message in errors.get("province", []):
                self.add_error("province", message)
        return cleaned


class ProductRowForm(forms.Form):
    name = PlainTextField(label=_("Product"), max_length=200)
    group = forms.ModelChoiceField(label=_("Product group"), queryset=ProductGroup.objects.all())
    stars = forms.TypedChoiceField(
        label=_("OCOP stars"),
        choices=[("", _("None yet"))] + [(n, f"{n}★") for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    award_year = forms.IntegerField(label=_("Award year"), required=False)

    def clean_award_year(self):
        year = self.cleaned_data["award_year"]
        if year is not None and not FIRST_AWARD_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter a year from %(first)d to this year."),
                code="year",
                params={"first": FIRST_AWARD_YEAR},
            )
        return year


ProductRowFormSet = forms.formset_factory(
    ProductRowForm,
    extra=MAX_PRODUCTS - 1,
    min_num=1,
    max_num=MAX_PRODUCTS,
    absolute_max=MAX_PRODUCTS,
    validate_min=True,
    validate_max=True,
)


def applicant_from(form: ApplicationForm, products: forms.BaseFormSet) -> Applicant:
    """Return the Applicant the valid form and product rows describe."""
    data = form.cleaned_data
    claims = [
        ProductClaim(
            name=row["name"], group=row["group"], stars=row["stars"], award_year=row["award_year"]
        )
        for row in products.cleaned_data
        if row
    ]
    return Applicant(
        **{name: data[name] for name in Applicant.__dataclass_fields__ if name != "products"},
        products=claims,
    )
