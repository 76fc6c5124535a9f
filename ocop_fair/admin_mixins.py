"""Behaviour shared by the admins of both apps: diacritics-blind search, https links, odd ids."""

from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.text import smart_split, unescape_string_literal

from ocop_fair.text import normalize_search_text


class HttpsURLMixin:
    """Read a typed "example.vn" as https://example.vn, Django 6's default, already now."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class NormalisedSearchMixin:
    """Admin search where "buoi phuc trach" finds "Bưởi Phúc Trạch".

    Fields that hold normalize_search_text output (search_name, search_text) are matched with
    the normalised term; list them in `normalised_search_fields` as well as in `search_fields`
    (which shows the search box and enables autocomplete). Other search fields are matched as
    typed, case-insensitively. Every word must match one of the fields, as in Django's own search.
    """

    normalised_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        search_fields = [str(field) for field in self.get_search_fields(request)]
        if not search_term or not search_fields:
            return queryset, False
        condition = Q()
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[0] == word[-1]:
                word = unescape_string_literal(word)
            normalised = normalize_search_text(word)
            matches_word = Q()
            for field in search_fields:
                if field in self.normalised_search_fields:
                    # Stored lower-case without diacritics, so a plain contains works everywhere.
                    matches_word |= Q(**{f"{field}__contains": normalised})
                else:
                    matches_word |= Q(**{f"{field}__icontains": word})
            condition &= matches_word
        may_have_duplicates = any(
            lookup_spawns_duplicates(self.opts, field) for field in search_fields
        )
        return queryset.filter(condition), may_have_duplicates


class OddIdsMixin:
    """Odd ids and options in admin URLs get a 404 or the admin's "doesn't exist", never a 500.

    Mixed into every registered admin by AdminSite.register (ocop_fair/admin_site.py).
    """

    def get_object(self, request, object_id, from_field=None):
        # An empty "?_to_field=" is read by Django as a field named "": it means the primary key.
        return super().get_object(request, object_id, from_field or None)

    def history_view(self, request, object_id, extra_context=None):
        _check_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's view of one past version looks both ids up unchecked ("²": a 500).
        _check_id(self.model, object_id)
        _check_id(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _check_id(model, value) -> None:
    try:
        model._meta.pk.to_python(unquote(value))
    except ValidationError as error:
        raise Http404("No such object.") from error
