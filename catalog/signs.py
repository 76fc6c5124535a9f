"""Booth signs for organisers to print: one A5 sign per booth, drawn by booth_signs.html."""

from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from catalog.models import published_products
from cooperatives import qr
from cooperatives.models import Booth, BoothAssignment, Cooperative, Fair, booth_code_sort_key


@dataclass
class BoothSign:
    booth: Booth
    cooperative: Cooperative | None  # None: a free booth (or one whose cooperative is inactive)
    best_stars: int | None  # of the cooperative's awards valid today
    url: str
    qr_svg: SafeString


def booth_signs(fair: Fair, code: str = "") -> list[BoothSign]:
    """Return a sign for every booth of fair (or only the booth with code), in floor-plan order."""
    # A sign is printed once and read for the whole fair: only awards surely valid today count.
    published = published_products("cooperative__products__", "cooperative__") & Q(
        cooperative__products__ocop_stars__gte=3,
        cooperative__products__ocop_valid_until__gte=timezone.localdate(),
    )
    assignments = (
        BoothAssignment.objects.filter(cooperative__is_active=True)
        .select_related("cooperative__province")
        .annotate(best_stars=Max("cooperative__products__ocop_stars", filter=published))
    )
    booths = (
        Booth.objects.filter(fair=fair)
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="current"))
        .order_by()  # sorted below, naturally
    )
    if code:
        booths = booths.filter(code__iexact=code)
    signs = []
    for booth in sorted(booths, key=lambda booth: booth_code_sort_key(booth.code)):
        booth.fair = fair  # get_absolute_url needs the fair's slug; spare a query per booth
        assignment = booth.current[0] if booth.current else None
        url = qr.public_url(booth)
        signs.append(
            BoothSign(
                booth=booth,
                cooperative=assignment.cooperative if assignment else None,
                best_stars=assignment.best_stars if assignment else None,
                url=url,
                # segno's own markup of a URL we built: no user-supplied text reaches it.
                qr_svg=mark_safe(qr.svg_inline(url)),
            )
        )
    return signs
