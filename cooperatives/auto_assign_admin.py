"""The fair page's "assign booths automatically": a preview of the plan, then one confirmation."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext

from cooperatives.auto_assign import auto_assign_apply, auto_assign_plan
from cooperatives.models import Fair
from ocop_fair.guards import parse_id

# The preview's plan travels in the confirm form, signed so a confirmation applies only a plan
# this site previewed; auto_assign_apply still checks it against the database.
PLAN_SALT = "cooperatives.auto_assign"


def _confirmed_pairs(request) -> list[tuple[int, int]] | None:
    try:
        pairs = signing.loads(request.POST.get("plan", ""), salt=PLAN_SALT)
    except signing.BadSignature:
        return None
    return [(int(booth_id), int(cooperative_id)) for booth_id, cooperative_id in pairs]


def auto_assign_page(modeladmin, request, fair: Fair):
    """Show the plan (nothing written); on confirmation apply exactly the plan that was shown."""
    errors = []
    if request.method == "POST":
        pairs = _confirmed_pairs(request)
        try:
            if pairs is None:
                raise ValidationError(gettext("The preview has expired: check the new preview."))
            assignments = auto_assign_apply(fair=fair, pairs=pairs)
        except ValidationError as error:
            errors = error.messages
        else:
            # Exhibitors, not booths: one exhibitor may be given several booths.
            seated = len({assignment.cooperative_id for assignment in assignments})
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d exhibitor given a booth at %(fair)s.",
                    "%(count)d exhibitors given a booth at %(fair)s.",
                    seated,
                )
                % {"count": seated, "fair": fair.name},
                messages.SUCCESS,
            )
            return redirect(
                reverse("admin:cooperatives_booth_changelist") + f"?fair__id__exact={fair.pk}"
            )
    plan = auto_assign_plan(fair)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Assign booths automatically"),
        "fair": fair,
        "plan": plan,
        "token": signing.dumps(plan.pairs, salt=PLAN_SALT, compress=True),
        "errors": errors,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/cooperatives/fair/auto_assign.html", context)


class FairAutoAssignAdminMixin:
    """Adds the auto-assignment page to the fair admin (cooperatives.fair_admin.FairAdmin)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/auto-assign/",
                self.admin_site.admin_view(self.auto_assign_view),
                name="cooperatives_fair_auto_assign",
            ),
            *super().get_urls(),
        ]

    def auto_assign_view(self, request, object_id):
        fair = get_object_or_404(Fair, pk=parse_id(object_id))
        if not self.has_change_permission(request, fair):
            raise PermissionDenied
        return auto_assign_page(self, request, fair)
