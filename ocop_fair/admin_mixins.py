"""Behaviour shared by the admins of both apps: diacritics-blind search, https links, services."""

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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


class ServiceFormErrorsMixin:
    """Show a service's ValidationError raised while saving as an error of the admin's form.

    The admin validates the form, then saves through the services (save_model, save_formset);
    a service may still refuse (a booth taken a moment ago by another organiser). The admin's
    own transaction is then rolled back and the page is shown again with the service's message,
    as for any invalid form, instead of a server error.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST" or hasattr(request, "service_error"):
                raise
            request.service_error = error
            for _field, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # the first pass read the uploaded files
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "service_error", None)
        if error is None:
            return form_class

        class ServiceErrorForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        self.add_error(field if field in self.fields else None, errors)
                else:
                    self.add_error(None, error)
                return cleaned_data

        return ServiceErrorForm
