from django import template
from django.db.models import QuerySet
from django.urls import translate_url
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from catalog.illustrations import icon_path
from ocop_fair.dates import day_label
from ocop_fair.money import format_vnd

register = template.Library()


@register.inclusion_tag("catalog/includes/_stars.html")
def ocop_stars(stars):
    """Stars drawn as stars, with a text equivalent for screen readers."""
    return {"stars": stars, "filled": range(stars or 0), "empty": range(5 - (stars or 0))}


@register.inclusion_tag("catalog/includes/_award.html")
def ocop_award(product, long=False):
    """A product's latest award as it stands today: gold stars only while surely valid.

    An expired award says when it expired, an award whose decision day is unknown says it may
    have expired, and an undated one says its validity is unknown; long adds the reason. A
    product recognised without stars says when and by which decision, as far as known.
    """
    stars = product.ocop_stars
    return {
        "stars": stars,
        "status": product.ocop_status,
        "expiry_year": product.ocop_expiry_year,
        "recognition_year": product.ocop_recognition_year,
        "recognition_decision": product.ocop_recognition_decision,
        "filled": range(stars or 0),
        "empty": range(5 - (stars or 0)),
        "long": long,
    }


@register.simple_tag
def product_cards(products):
    """The products' cards, each rendered once per version of what it shows (catalog.cards)."""
    from catalog.cards import product_cards_html

    return product_cards_html(products)


@register.simple_tag
def filter_form(filterset):
    """The catalogue's filter form, from the cache while nothing it shows changed."""
    from catalog.filters import filter_form_html

    return filter_form_html(filterset)


@register.filter
def group_illustration(group):
    """A group's drawing, as a path for {% static %}: "I.5.b" -> "img/groups/teapot.svg"."""
    return icon_path(group.code if group else "")


@register.filter
def day(value):
    """A date as the reader expects it: "02/11/2022", or "2 Nov 2022" on English pages."""
    return day_label(value)


@register.filter
def vnd(amount):
    """120000 -> "120.000 ₫" (Vietnamese thousands separator), in every language."""
    return format_vnd(amount)


@register.filter
def quoted_alternatives(words):
    """("ong", "ongs") -> "“ong” or “ongs”" (hoặc in Vietnamese)."""
    return get_text_list([f"“{word}”" for word in words], _("or"))


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """The current page in another language (the switcher keeps the page and its filters)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes them)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    return "?" + query.urlencode() if query else "?"


@register.simple_tag(takes_context=True)
def active_filter_chips(context, filterset):
    """Removable chips for every valid, active filter: [{"label", "url" without it}]."""
    form, query = filterset.form, context["request"].GET
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return []
    chips = []
    for name, value in form.cleaned_data.items():
        if name == "sort" or not value:
            continue
        if name == "at_fair":
            # On by default while the fair is on: removing it means asking for every product.
            if value == "yes":
                remaining = query.copy()
                remaining.pop("page", None)
                remaining["at_fair"] = "no"
                label = _("At %(fair)s") % {"fair": filterset.fair.name}
                chips.append({"label": label, "url": "?" + remaining.urlencode()})
            continue
        several = isinstance(value, QuerySet | list | tuple)
        for item in value if several else [value]:
            remaining = query.copy()
            remaining.pop("page", None)
            if several:
                slug = str(getattr(item, "slug", item))
                remaining.setlist(name, [v for v in query.getlist(name) if v != slug])
            else:
                remaining.pop(name, None)
            chips.append(
                {"label": _chip_label(form, name, item), "url": "?" + remaining.urlencode()}
            )
    return chips


def _chip_label(form, name, item):
    field = form.fields[name]
    if name == "q":
        return _("Search: “%(term)s”") % {"term": item}
    if name in ("valid", "expired"):
        return str(field.label)
    if name == "unit":
        return f"{field.label}: {dict(field.choices).get(item, item)}"
    if name == "stars":
        return str(dict(field.choices).get(item, item))
    label = getattr(item, "label", None) or str(item)
    return f"{field.label}: {label}"


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """An absolute URL for canonical links and OpenGraph tags (the path, no query string)."""
    request = context["request"]
    return request.build_absolute_uri(path or request.path)
