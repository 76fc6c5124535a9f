"""Behaviour shared by the admins of both apps: diacritics-blind search, https links, dates,
service errors, odd ids."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext

from ocop_fair.form_fields import ASSUME_HTTPS
from ocop_fair.text import normalize_search_text


class HttpsURLMixin:
    """URL fields read a typed "example.vn" as https://example.vn (ocop_fair/form_fields.py)."""

    formfield_overrides = {models.URLField: ASSUME_HTTPS}


class QuickActionCheckboxMixin:
    """The changelist's row checkboxes written directly, the same HTML as Django's.

    Django renders each row's checkbox through the form renderer's templates (a CheckboxInput
    widget): 86 % of the per-row cost of the product changelist, and about half of a 100-row
    page's time (docs/benchmarks.md, issue 21).
    """

    def action_checkbox(self, obj):
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )


def date_format_hint() -> str:
    """Return how the active language writes a date in a form: "dd/mm/yyyy" in Vietnamese."""
    first = get_format("DATE_INPUT_FORMATS")[0]
    return first.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")


class DateHintWidget(AdminDateWidget):
    """The admin's date box and calendar, showing the format to type as its placeholder."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # At render time: the hint follows the language of the request.
        context["widget"]["attrs"].setdefault("placeholder", date_format_hint())
        return context


def formset_save_through(formset, *, save, delete) -> None:
    """Save an admin inline row by row through services: delete(instances), then save(form).

    Fills the three lists the admin's history message reads, as formset.save() would.
    """
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = [form.instance for form in formset.deleted_forms if form.instance.pk is not None]
    if deleted:
        delete(deleted)
        formset.deleted_objects = deleted
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        is_new = form.instance.pk is None
        saved = save(form)
        if is_new:
            formset.new_objects.append(saved)
        else:
            formset.changed_objects.append((saved, form.changed_data))


class DateHintMixin:
    """Date fields show "dd/mm/yyyy" (in Vietnamese) where nothing is typed yet."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) is models.DateField:
            kwargs.setdefault("widget", DateHintWidget)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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
