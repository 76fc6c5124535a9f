"""The catalogue's filters: the query string is the whole state of a catalogue page."""

import hashlib

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductGroup
from catalog.search import MAX_QUERY_LENGTH, Correction, product_search
from catalog.selectors import by_stars
from cooperatives.models import Cooperative, Fair, FairExhibitor, Province
from ocop_fair.cache import catalogue_memo
from ocop_fair.text import vietnamese_slugify

FILTER_FORM_TEMPLATE = "catalog/includes/_filter_form.html"
FILTER_FORM_SECONDS = 3600

# Any other sort ("stars", and "relevance" without a search) is by_stars(): it depends on the day.
ORDERINGS = {
    "name": ("name_sort", "pk"),
    "newest": ("-created_at", "-pk"),
}


def in_group_tree(queryset, group: ProductGroup, *, path: str = "group"):
    """Keep the rows whose product group (at path) is group or one of its sub-groups."""
    return queryset.filter(
        Q(**{path: group})
        | Q(**{f"{path}__parent": group})
        | Q(**{f"{path}__parent__parent": group})
    )


class GroupChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, group):
        # Sub-groups are indented under their group: the codes (I, I.5, I.5.b) give the depth.
        return "— " * group.code.count(".") + group.label


def unit_choices() -> list[tuple[str, str]]:
    """Today's provinces and cities (slug, name), in the provinces' order: Quảng Trị once."""
    units: dict[str, str] = {}
    for province in Province.objects.only("name", "current_name"):
        units.setdefault(vietnamese_slugify(province.name_today), province.name_today)
    return list(units.items())


class ProvinceChoiceField(django_filters.fields.ModelMultipleChoiceField):
    def label_from_instance(self, province):
        return province.name_with_today  # "Quảng Bình (nay thuộc Quảng Trị)"


class ProvinceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ProvinceChoiceField


class GroupFilter(django_filters.ModelChoiceFilter):
    """Any group of the tree; a group includes its sub-groups (filter_group)."""

    field_class = GroupChoiceField


class ProductFilter(django_filters.FilterSet):
    """Filters for /products/; invalid values are dropped (and reported), never fatal."""

    # The words of q replaced because, as typed, they matched nothing (catalog.search).
    search_corrections: tuple[Correction, ...] = ()

    AT_FAIR_CHOICES = [("yes", _("At the fair")), ("no", _("All products"))]
    SORT_CHOICES = [
        ("relevance", _("Most relevant")),
        ("name", _("Name (A–Z)")),
        ("stars", _("Most stars")),
        ("newest", _("Newest")),
    ]
    STAR_CHOICES = [("3", _("3★ and more")), ("4", _("4★ and more")), ("5", _("5★"))]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. cà phê Khe Sanh")}),
    )
    # Today's administrative units: Quảng Trị holds the former Quảng Bình since 1/7/2025.
    unit = django_filters.MultipleChoiceFilter(
        label=_("Province or city"),
        choices=unit_choices,
        method="filter_unit",
        widget=forms.CheckboxSelectMultiple,
    )
    # The province a producer registered in, as it was before the 2025 reorganisation.
    province = ProvinceFilter(
        label=_("Province before 2025"),
        field_name="cooperative__province__slug",
        to_field_name="slug",
        queryset=Province.objects.all(),
        # A product has one province: without DISTINCT (django-filter's default for multiple
        # choices) the page walks the catalogue-order index instead of sorting every match.
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group = GroupFilter(
        label=_("Product group"),
        to_field_name="slug",
        queryset=ProductGroup.objects.all(),
        method="filter_group",
        empty_label=_("All groups"),
    )
    stars = django_filters.ChoiceFilter(
        label=_("OCOP stars"),
        choices=STAR_CHOICES,
        method="filter_stars",
        empty_label=_("Any"),
    )
    # The star filter counts only awards surely valid today unless the visitor asks otherwise.
    expired = django_filters.BooleanFilter(
        label=_("Include expired awards and awards that may have expired"),
        method="filter_expired",
        widget=forms.CheckboxInput,
    )
    valid = django_filters.BooleanFilter(
        label=_("Only valid OCOP certificates"),
        method="filter_valid",
        widget=forms.CheckboxInput,
    )
    cooperative = django_filters.ModelChoiceFilter(
        label=_("Cooperative"),
        to_field_name="slug",
        queryset=Cooperative.objects.all(),
        widget=forms.HiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )
    # Only the products of the current fair's exhibitors; on by default while the fair is on.
    at_fair = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=AT_FAIR_CHOICES,
        method="filter_at_fair",
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *args, fair: Fair | None = None, **kwargs):
        """fair is the current fair (or None between fairs, when the at_fair filter is absent)."""
        self.fair = fair
        if fair is not None and fair.is_on and data is not None and "at_fair" not in data:
            data = data.copy()
            data["at_fair"] = "yes"
        searching = bool(data and str(data.get("q", "")).strip())
        if not searching and data is not None and data.get("sort") == "relevance":
            data = data.copy()
            data["sort"] = "stars"  # the same order: without a search, relevance is by stars
        super().__init__(data, *args, **kwargs)
        if fair is None:
            del self.filters["at_fair"]
        if not searching:
            # "Most relevant" means nothing without a search: the default reads "Most stars".
            sort = self.filters["sort"]
            sort.extra["choices"] = sorted(
                (choice for choice in self.SORT_CHOICES if choice[0] != "relevance"),
                key=lambda choice: choice[0] != "stars",
            )

    @property
    def qs(self):
        # Apply the filters that validated and ignore the rest; the view reports the errors.
        if not hasattr(self, "_qs"):
            self.form.is_valid()
            queryset = self.filter_queryset(self.queryset.all())
            self._qs = self._order(queryset)
        return self._qs

    def ignored_filter_messages(self) -> list[str]:
        """One message per filter value that did not validate (and so was ignored)."""
        self.form.is_valid()
        return [
            gettext("The filter “%(label)s” was ignored: %(error)s")
            % {"label": self.form.fields[name].label, "error": " ".join(errors)}
            for name, errors in self.form.errors.items()
            if name in self.form.fields
        ]

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        search = product_search(queryset, value)
        self.search_corrections = search.corrections  # shown above the results
        return search.products

    def filter_unit(self, queryset, name, slugs):
        if not slugs:
            return queryset
        provinces = [
            province.pk
            for province in Province.objects.only("name", "current_name")
            if vietnamese_slugify(province.name_today) in slugs
        ]
        # No DISTINCT and no join, as for the province filter: one province per product.
        return queryset.filter(cooperative__province__in=provinces)

    def filter_group(self, queryset, name, group):
        return in_group_tree(queryset, group)

    def filter_at_fair(self, queryset, name, value):
        if value != "yes" or self.fair is None:
            return queryset
        # The fair's exhibitors, not its booth holders: an exhibitor may not have a booth yet.
        exhibits = FairExhibitor.objects.filter(fair=self.fair, cooperative=OuterRef("cooperative"))
        return queryset.filter(Exists(exhibits))

    def filter_stars(self, queryset, name, value):
        queryset = queryset.filter(ocop_stars__gte=int(value))  # value is one of STAR_CHOICES
        if self.form.cleaned_data.get("expired"):
            return queryset
        return queryset.with_valid_certificate()

    def filter_expired(self, queryset, name, value):
        return queryset  # read by filter_stars: it widens the star filter, filters nothing itself

    def filter_valid(self, queryset, name, value):
        return queryset.with_valid_certificate() if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied once, after every filter, in _order()

    def _order(self, queryset):
        sort = self.form.cleaned_data.get("sort") or "relevance"
        if sort == "relevance" and "search_rank" in queryset.query.annotations:
            return queryset.order_by("-search_rank", *by_stars())
        return queryset.order_by(*ORDERINGS.get(sort) or by_stars())


def filter_form_html(filterset: ProductFilter) -> SafeString:
    """The catalogue's filter form, rendered once per choice of filters, language and version.

    It shows the values asked for (the query string, as validated or not: each widget shows
    what was typed) among today's provinces, the product groups and the current fair's name, all
    of which depend on the "all" version (a province, group or fair saved replaces it), and the
    day (the at-fair default). Its 800 widget renders were a fifth of a catalogue page's time
    (docs/benchmarks.md, issue 21); from the cache it costs one round trip and no query.
    """
    form = filterset.form
    asked = [(name, form.data.getlist(name)) for name in form.fields]
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()
    name = f"filter-form:{translation.get_language()}:{digest}"

    def render() -> str:
        return str(get_template(FILTER_FORM_TEMPLATE).render({"filterset": filterset}))

    html = catalogue_memo(name, render, timeout=FILTER_FORM_SECONDS, tags=())
    return mark_safe(html)  # rendered (and escaped) by its template
