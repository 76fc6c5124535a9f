"""A fair's public exhibitor list and its filters: province (as named at the fair) and product group.

The group filter needs the products, so the list lives in catalog; who exhibits at a fair is the
cooperatives app's (cooperatives.selectors.exhibitor_cooperatives).
"""

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.filters import GroupChoiceField, in_group_tree
from catalog.models import Product, ProductGroup
from cooperatives.models import Fair
from cooperatives.selectors import exhibitor_cooperatives, exhibitor_provinces


class ExhibitorFilterForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    group = GroupChoiceField(
        label=_("Product group"),
        queryset=ProductGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All groups"),
    )

    def __init__(self, *args, provinces: dict[str, tuple[str, list[int]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = provinces
        self.fields["province"].choices = [("", _("All provinces"))] + [
            (slug, name) for slug, (name, _ids) in provinces.items()
        ]


def fair_exhibitors_filtered(*, fair: Fair, data) -> tuple[QuerySet, ExhibitorFilterForm]:
    """The fair's exhibitors A–Z, narrowed by the valid filters of data; invalid ones are ignored."""
    form = ExhibitorFilterForm(data, provinces=exhibitor_provinces(fair=fair))
    form.is_valid()
    chosen = getattr(form, "cleaned_data", {})
    cooperatives = exhibitor_cooperatives(fair=fair)
    if chosen.get("province"):
        cooperatives = cooperatives.filter(province__in=form.provinces[chosen["province"]][1])
    if chosen.get("group"):
        products = in_group_tree(
            Product.objects.published().filter(cooperative=OuterRef("pk")), chosen["group"]
        )
        cooperatives = cooperatives.filter(Exists(products))
    return cooperatives, form
