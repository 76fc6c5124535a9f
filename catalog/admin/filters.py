"""The product admin's list filters: group tree, stars, certificate validity."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductGroup
from ocop_fair.guards import parse_id


class TopLevelGroupFilter(admin.SimpleListFilter):
    """Filter by one of the six top-level OCOP groups, whatever the level below it."""

    title = _("top-level group")
    parameter_name = "top_group"
    # Path from the listed model to its ProductGroup ("" when listing groups themselves).
    group_path = "group__"

    def lookups(self, request, model_admin):
        return [(group.pk, str(group)) for group in ProductGroup.objects.filter(parent=None)]

    def queryset(self, request, queryset):
        top = parse_id(self.value())
        if top is None:  # no filter, or an id edited into something else
            return queryset
        # Decision 148 has three levels: group (I), group (I.5), sub-group (I.5.b).
        path = self.group_path
        return queryset.filter(
            Q(**{f"{path}pk": top})
            | Q(**{f"{path}parent": top})
            | Q(**{f"{path}parent__parent": top})
        )


class GroupTreeFilter(TopLevelGroupFilter):
    group_path = ""


class StarsFilter(admin.SimpleListFilter):
    title = _("OCOP stars")
    parameter_name = "stars"

    def lookups(self, request, model_admin):
        return [(str(stars), "★" * stars) for stars in range(5, 0, -1)] + [("none", _("No award"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(ocop_stars__isnull=True)
        if value in {"1", "2", "3", "4", "5"}:
            return queryset.filter(ocop_stars=int(value))
        return queryset


class CertificateFilter(admin.SimpleListFilter):
    title = _("OCOP certificate")
    parameter_name = "certificate"

    def lookups(self, request, model_admin):
        return [("valid", _("Valid today")), ("expired", _("Not valid today"))]

    def queryset(self, request, queryset):
        # Compared with today at request time: validity is never stored.
        if self.value() == "valid":
            return queryset.with_valid_certificate()
        if self.value() == "expired":
            # 3★ or more, but expired, revoked, or awarded on an unknown date.
            return queryset.filter(ocop_stars__gte=3).exclude(
                ocop_valid_until__gte=timezone.localdate()
            )
        return queryset
