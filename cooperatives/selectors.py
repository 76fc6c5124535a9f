"""Reads that span the cooperatives models, shaped for the pages that show them."""

import datetime
import itertools

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from cooperatives.models import (
    BoothAssignment,
    Cooperative,
    Fair,
    FairExhibitor,
    ProgrammeItem,
    Province,
    booth_code_sort_key,
)
from ocop_fair.cache import catalogue_memo
from ocop_fair.text import vietnamese_slugify


def current_fair() -> Fair | None:
    """The fair shown to visitors, or None between fairs."""
    return Fair.objects.current().first()


def current_fair_of(request) -> Fair | None:
    """current_fair(), read once per request: the header, the page and its filters share it.

    From the shared cache while the "all" version and the day are the same: a fair saved, made
    current, or its days edited replaces "all" (docs/caching.md).
    """
    if not hasattr(request, "_ocop_current_fair"):
        request._ocop_current_fair = catalogue_memo("current-fair", current_fair, tags=())
    return request._ocop_current_fair


def fairs_for_listing() -> QuerySet:
    """Every fair, the current one first, then the others from the latest."""
    return Fair.objects.order_by("-is_current", "-starts_on", "pk")


def exhibitor_cooperatives(*, fair: Fair) -> QuerySet:
    """The fair's active exhibitors in Vietnamese alphabetical order, each with its province and
    its booth assignments at this fair (`fair_assignments`; see with_fair_booths)."""
    assignments = BoothAssignment.objects.filter(booth__fair=fair).select_related("booth__fair")
    return (
        Cooperative.objects.active()
        .filter(Exists(FairExhibitor.objects.filter(fair=fair, cooperative=OuterRef("pk"))))
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "booth_assignments", queryset=assignments.order_by(), to_attr="fair_assignments"
            )
        )
        # name_sort, not name: the database would put Ă, Â, Đ… after Z.
        .order_by("name_sort", "pk")
    )


def with_fair_booths(cooperatives, *, fair: Fair) -> list[Cooperative]:
    """Give each cooperative `fair_booths` in the order visitors read them (A2 before A10) and
    `fair_province`, its province's name on the fair's first day."""
    cooperatives = list(cooperatives)
    for cooperative in cooperatives:
        booths = [assignment.booth for assignment in cooperative.fair_assignments]
        cooperative.fair_booths = sorted(booths, key=lambda booth: booth_code_sort_key(booth.code))
        cooperative.fair_province = cooperative.province.name_on(fair.starts_on)
    return cooperatives


def exhibitor_provinces(*, fair: Fair) -> dict[str, tuple[str, list[int]]]:
    """{slug: (name, province ids)} of the provinces the fair's exhibitors come from, as named
    on the fair's first day (after 1/7/2025 Quảng Bình's producers are Quảng Trị's)."""
    exhibits = FairExhibitor.objects.filter(
        fair=fair, cooperative__province=OuterRef("pk"), cooperative__is_active=True
    )
    units: dict[str, tuple[str, list[int]]] = {}
    for province in Province.objects.filter(Exists(exhibits)).order_by("display_order", "name"):
        name = province.name_on(fair.starts_on)
        units.setdefault(vietnamese_slugify(name), (name, []))[1].append(province.pk)
    return units


def programme_by_day(*, fair: Fair) -> list[tuple[datetime.date, list[ProgrammeItem]]]:
    """The fair's programme in time order, grouped by day in the site's time zone."""
    items = ProgrammeItem.objects.of_fair(fair)
    return [
        (day, list(group))
        for day, group in itertools.groupby(
            items, key=lambda item: timezone.localtime(item.starts_at).date()
        )
    ]


def fair_exhibitors(*, fair: Fair) -> list[Cooperative]:
    """Return the active cooperatives with a booth at fair, by province then Vietnamese name.

    Each carries `fair_booths`, its booths at this fair in natural order (A2 before A10), and
    `fair_province`, the name of its province in force on the fair's first day: at a fair after
    1 July 2025 the producers of Quảng Bình and Quảng Trị are one province, Quảng Trị.
    """
    assignments = BoothAssignment.objects.filter(booth__fair=fair)
    cooperatives = list(
        Cooperative.objects.active()
        .filter(Exists(assignments.filter(cooperative=OuterRef("pk"))))
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "booth_assignments",
                queryset=assignments.select_related("booth").order_by(),
                to_attr="fair_assignments",
            )
        )
        # name_sort, not name: the database would put Ă, Â, Đ… after Z.
        .order_by("province__display_order", "province__name", "name_sort", "pk")
    )
    first_place: dict[str, int] = {}  # each province as it stood, at its first place in order
    for cooperative in cooperatives:
        booths = [assignment.booth for assignment in cooperative.fair_assignments]
        cooperative.fair_booths = sorted(booths, key=lambda booth: booth_code_sort_key(booth.code))
        cooperative.fair_province = cooperative.province.name_on(fair.starts_on)
        first_place.setdefault(cooperative.fair_province, len(first_place))
    return sorted(
        cooperatives,
        key=lambda cooperative: (
            first_place[cooperative.fair_province],
            cooperative.name_sort,
            cooperative.pk,
        ),
    )
