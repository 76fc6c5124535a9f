"""Forms shared by the admin and the staff portal."""

from django import forms
from django.utils.text import format_lazy

from catalog.models import PackOption
from ocop_fair.money import HOW_TO_WRITE, VndPriceField

_price = PackOption._meta.get_field("price_vnd")


class PackOptionForm(forms.ModelForm):
    """A pack and its price, the price typed the Vietnamese way ("180.000", "1.250.000 ₫")."""

    # Declared, not derived from the model field: the admin would give a model-derived field its
    # <input type="number">, which refuses "180.000" in the browser.
    price_vnd = VndPriceField(
        label=_price.verbose_name,
        help_text=format_lazy("{} {}", _price.help_text, HOW_TO_WRITE),
        required=False,
    )

    class Meta:
        model = PackOption
        fields = ["product", "label", "price_vnd", "sort_order"]
