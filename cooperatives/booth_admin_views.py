"""The fair page's layout tools: copy another fair's booths, previewed before one transaction;
the booth list's actions that equip many booths at once."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cooperatives.booth_services import booths_equip, layout_copy, layout_copy_plan, previous_fair
from cooperatives.models import Fair
from ocop_fair.guards import parse_id


class LayoutCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the booths of"),
        queryset=Fair.objects.none(),
        help_text=_("Only the booths (codes, zones, places) are copied, not who held them."),
    )

    def __init__(self, *args, target: Fair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Fair.objects.exclude(pk=target.pk).filter(booths__isnull=False).distinct()
        )


def layout_copy_page(modeladmin, request, target: Fair):
    """Choose a fair, see what its layout would bring (booths, clashes), then copy it."""
    source = previous_fair(target)
    form = LayoutCopyForm(
        request.POST or None, target=target, initial={"source": source.pk if source else None}
    )
    plan = None
    if request.method == "POST" and form.is_valid():
        plan = layout_copy_plan(source=form.cleaned_data["source"], target=target)
        if "apply" in request.POST:
            try:
                booths = layout_copy(source=plan.source, target=target)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                modeladmin.message_user(
                    request,
                    ngettext(
                        "%(count)d booth copied from %(source)s.",
                        "%(count)d booths copied from %(source)s.",
                        len(booths),
                    )
                    % {"count": len(booths), "source": plan.source.name},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse("admin:cooperatives_booth_changelist") + f"?fair__id__exact={target.pk}"
                )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Copy a fair's booth layout"),
        "fair": target,
        "form": form,
        "plan": plan,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/cooperatives/fair/layout_copy.html", context)


class FairLayoutAdminMixin:
    """Adds the layout copy page to the fair admin (cooperatives.fair_admin.FairAdmin)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/copy-layout/",
                self.admin_site.admin_view(self.layout_copy_view),
                name="cooperatives_fair_layout_copy",
            ),
            *super().get_urls(),
        ]

    def layout_copy_view(self, request, object_id):
        fair = get_object_or_404(Fair, pk=parse_id(object_id))
        if not self.has_change_permission(request, fair):
            raise PermissionDenied
        return layout_copy_page(self, request, fair)


class BoothEquipmentActionsMixin:
    """Organisers mark the booths of a row with refrigeration or power in one step, as
    auto-assign matches exhibitors' needs against them (rather than editing 2,000 booths)."""

    def _equip(self, request, queryset, **equipment) -> None:
        changed = booths_equip(booths=queryset, **equipment)
        self.message_user(
            request,
            ngettext("%(count)d booth changed.", "%(count)d booths changed.", changed)
            % {"count": changed},
        )

    @admin.action(
        description=_("Mark the selected booths: with refrigeration"), permissions=["change"]
    )
    def equip_with_refrigeration(self, request, queryset):
        self._equip(request, queryset, has_refrigeration=True)

    @admin.action(
        description=_("Mark the selected booths: without refrigeration"), permissions=["change"]
    )
    def remove_refrigeration(self, request, queryset):
        self._equip(request, queryset, has_refrigeration=False)

    @admin.action(description=_("Mark the selected booths: with power"), permissions=["change"])
    def equip_with_power(self, request, queryset):
        self._equip(request, queryset, has_power=True)

    @admin.action(description=_("Mark the selected booths: without power"), permissions=["change"])
    def remove_power(self, request, queryset):
        self._equip(request, queryset, has_power=False)
