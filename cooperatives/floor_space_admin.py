"""A fair's floor spaces (entrance, stage, toilets…) as an inline of the fair's page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from cooperatives.models import FloorSpace


def _overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


class FloorSpaceFormSet(forms.BaseInlineFormSet):
    """Each space is checked against the stored booths and spaces by FloorSpace.clean; this
    checks the spaces of one submission against each other (a new fair has none stored)."""

    def clean(self):
        super().clean()
        places = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            if None in (data.get(key) for key in ("x", "y", "width", "height")):
                continue
            name = FloorSpace(kind=data.get("kind"), label=data.get("label", "")).name
            for other_name, other in places:
                if _overlaps(data, other):
                    raise ValidationError(
                        gettext("“%(space)s” and “%(other)s” overlap on the floor plan.")
                        % {"space": name, "other": other_name},
                        code="space_overlap",
                    )
            places.append((name, data))


class FloorSpaceInline(admin.TabularInline):
    """Few per fair (an entrance, a stage, a few desks): inline, unlike the hundreds of booths."""

    model = FloorSpace
    formset = FloorSpaceFormSet
    fields = ["kind", "label", "x", "y", "width", "height"]
    extra = 0
