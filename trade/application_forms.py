"""The call-for-exhibitors form: the cooperative, its contact, its products and booth needs.

Spam defences are the enquiry form's (SpamGuardedForm: honeypot and signed fill time).
"""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, ProductGroup
from cooperatives import rules as producer_rules
from cooperatives.models import Cooperative, Province
from cooperatives.phone import normalize_vn_phone
from cooperatives.resources import province_find, provinces_by_key
from trade.applications import Applicant, ProductClaim, cooperative_match
from trade.enquiry_forms import HTML_TAG, PlainTextField, SpamGuardedForm

MAX_PRODUCTS = 5
PICK_OWN_ONLY = _("Pick only products of your own cooperative from the list.")
FIRST_AWARD_YEAR = 2018  # the OCOP programme's first decisions (docs/domain.md)
# A Vietnamese tax code: 10 digits, or 13 for a branch ("0101234567-001" written with a dash).
TAX_CODE = re.compile(r"[0-9]{10}([0-9]{3})?")


class TextField(PlainTextField):
    """Plain text without markup: names and addresses are printed on signs, lists and e-mails."""

    def validate(self, value):
        super().validate(value)
        if HTML_TAG.search(value):
            raise forms.ValidationError(
                _("Please write plain text, without HTML tags."), code="html"
            )


class ProductPickField(forms.TypedMultipleChoiceField):
    """Ids of a known cooperative's products; which ids are allowed is decided in form.clean(),
    once the cooperative is matched, so a field-level choice check would come too early."""

    def valid_value(self, value):
        return str(value).isdigit() and len(str(value)) < 12


class ApplicationForm(SpamGuardedForm):
    kind = forms.ChoiceField(
        label=_("Kind of producer"),
        choices=[(value, label) for value, label in Cooperative.Kind.choices if value != "unknown"],
    )
    name = TextField(
        label=_("Name of the cooperative"),
        max_length=200,
        help_text=_("As registered, e.g. HTX Nông nghiệp Đồng Tâm."),
    )
    province = TextField(
        label=_("Province"),
        max_length=100,
        help_text=_("Today's province or the one you registered in before 2025, e.g. Quảng Trị."),
    )
    address = TextField(label=_("Address"), max_length=255)
    tax_code = TextField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("10 or 13 digits, if the cooperative has one."),
    )
    contact_name = TextField(label=_("Contact person"), max_length=100)
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
    existing_products = ProductPickField(
        label=_("Products of yours already in the catalogue"),
        help_text=_("Tick the ones you will show; add new products below."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Set once the applicant has been shown its known products (a second, no-JS step).
    products_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_cooperative, self.known_products = None, []

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
        self._match_known(cleaned)
        return cleaned

    def _match_known(self, cleaned) -> None:
        """Find the known cooperative and offer its products; keep only picks among them."""
        self.known_cooperative, self.known_products = None, []
        picked = list(dict.fromkeys(cleaned.get("existing_products") or []))  # each once
        cleaned["existing_products"] = []
        province = cleaned.get("province")
        if cleaned.get("name") and isinstance(province, Province):
            self.known_cooperative, _match = cooperative_match(
                name=cleaned["name"], province=province, tax_code=cleaned.get("tax_code", "")
            )
        if self.known_cooperative is None:
            if picked and isinstance(province, Province):
                self.add_error("existing_products", PICK_OWN_ONLY)
            return
        self.known_products = list(
            # Only what the public catalogue already shows: anyone can type a name and province.
            Product.objects.published()
            .filter(cooperative=self.known_cooperative)
            .select_related("group")
            .order_by("name", "pk")
        )
        self.fields["existing_products"].choices = [
            (product.pk, f"{product.name} ({product.group.name})")
            for product in self.known_products
        ]
        by_id = {product.pk: product for product in self.known_products}
        if any(pk not in by_id for pk in picked):
            self.add_error("existing_products", PICK_OWN_ONLY)
        cleaned["existing_products"] = [by_id[pk] for pk in picked if pk in by_id]

    @property
    def needs_product_pick(self) -> bool:
        """True when a known cooperative's products have not been offered to the applicant yet."""
        return bool(self.known_products) and not self.cleaned_data.get("products_shown")


class ProductRowForm(forms.Form):
    name = TextField(label=_("Product"), max_length=200)
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


class BaseProductRowFormSet(forms.BaseFormSet):
    """New product rows; none are needed when the applicant picked known products."""

    def __init__(self, *args, picked: int = 0, **kwargs):
        self.picked = picked
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        rows = [form for form in self.forms if form.has_changed()]
        if not rows and not self.picked:
            raise forms.ValidationError(
                _("Add at least one product you will show."), code="no_product"
            )
        if len(rows) + self.picked > MAX_PRODUCTS:
            raise forms.ValidationError(
                _("Show at most %(max)d products in all."),
                code="too_many",
                params={"max": MAX_PRODUCTS},
            )


ProductRowFormSet = forms.formset_factory(
    ProductRowForm,
    formset=BaseProductRowFormSet,
    extra=MAX_PRODUCTS,
    min_num=0,
    max_num=MAX_PRODUCTS,
    absolute_max=MAX_PRODUCTS,
    validate_max=True,
)


def applicant_from(form: ApplicationForm, products: forms.BaseFormSet) -> Applicant:
    """Return the Applicant the valid form and product rows describe."""
    data = form.cleaned_data
    claims = [
        ProductClaim(name=product.name, group=product.group, product=product)
        for product in data.get("existing_products", [])
    ] + [
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
