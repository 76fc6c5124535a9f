from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Booth, BoothAssignment
from cooperatives.services import booth_check_free

MAX_BOOTHS_PER_ROW = 200


class BoothAssignmentForm(forms.ModelForm):
    """Checks the booth is free before the database constraint would refuse it."""

    class Meta:
        model = BoothAssignment
        fields = ["booth", "cooperative", "note"]

    def clean(self):
        cleaned_data = super().clean()
        booth = cleaned_data.get("booth")
        if booth is None and self.instance.booth_id:  # inline under a booth: the booth is fixed
            booth = Booth.objects.filter(pk=self.instance.booth_id).first()
        if booth is not None:
            try:
                booth_check_free(booth=booth, exclude=self.instance)
            except forms.ValidationError as error:
                self.add_error("booth" if "booth" in self.fields else None, error)
        return cleaned_data


class BoothRowForm(forms.Form):
    """A row of booths "A1–A20" placed side by side from a grid position."""

    prefix = forms.CharField(
        label=_("Code prefix"),
        max_length=4,
        validators=[RegexValidator(r"^[A-Za-z]{1,4}$", _("Use one to four letters, e.g. A."))],
    )
    first = forms.IntegerField(label=_("First number"), min_value=1, max_value=999, initial=1)
    last = forms.IntegerField(label=_("Last number"), min_value=1, max_value=999, initial=20)
    zone = forms.CharField(label=_("Zone"), max_length=100, required=False)
    x = forms.IntegerField(
        label=_("Column of the first booth"), min_value=0, max_value=500, initial=0
    )
    y = forms.IntegerField(label=_("Row of the first booth"), min_value=0, max_value=500, initial=0)
    width = forms.IntegerField(label=_("Width (cells)"), min_value=1, max_value=20, initial=2)
    height = forms.IntegerField(label=_("Height (cells)"), min_value=1, max_value=20, initial=2)
    vertical = forms.BooleanField(label=_("Lay the row out downwards"), required=False)

    def clean_prefix(self):
        return self.cleaned_data["prefix"].upper()

    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("first"), cleaned_data.get("last")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last", _("The last number must not be below the first."))
            elif last - first + 1 > MAX_BOOTHS_PER_ROW:
                self.add_error(
                    "last", _("At most %(count)d booths at a time.") % {"count": MAX_BOOTHS_PER_ROW}
                )
        return cleaned_data
