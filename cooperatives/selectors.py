"""Reads that span the cooperatives models, shaped for the pages that show them."""

from django.db.models import Exists, OuterRef, Prefetch

from cooperatives.models import BoothAssignment, Cooperative, Fair, booth_code_sort_key


def current_fair() -> Fair | None:
    """The fair shown to visitors, or None between fairs."""
    return Fair.objects.current().first()


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
