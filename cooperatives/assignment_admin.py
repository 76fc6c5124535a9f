"""Import and export of one fair's booth assignments in the assignment admin (CSV/XLSX)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm

from cooperatives.assignment_resources import BoothAssignmentResource
from cooperatives.booth_tools import picker_fair
from cooperatives.models import Fair
from ocop_fair.imports import SpreadsheetAdminMixin, SpreadsheetImportForm


class AssignmentImportForm(SpreadsheetImportForm):
    fair = forms.ModelChoiceField(
        label=_("Fair"),
        queryset=Fair.objects.all(),
        help_text=_("The booth codes of the file are looked up at this fair."),
    )


class AssignmentConfirmImportForm(ConfirmImportForm):
    fair = forms.ModelChoiceField(queryset=Fair.objects.all(), widget=forms.HiddenInput)


class AssignmentImportAdminMixin(SpreadsheetAdminMixin, ImportExportMixin):
    """Assignments in and out as spreadsheets, the import previewed before anything is saved."""

    resource_classes = [BoothAssignmentResource]
    import_form_class = AssignmentImportForm
    confirm_form_class = AssignmentConfirmImportForm

    def get_import_form_initial(self, request):
        fair = picker_fair(request)
        return {**super().get_import_form_initial(request), "fair": fair.pk if fair else None}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["fair"] = import_form.cleaned_data["fair"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        fair = None
        if form is not None and form.is_bound and form.is_valid():
            fair = form.cleaned_data.get("fair")
        return {**super().get_import_resource_kwargs(request, **kwargs), "fair": fair}
