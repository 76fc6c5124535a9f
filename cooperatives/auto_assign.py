"""Auto-assignment of a fair's exhibitors to its free booths: a pure plan, previewed, then applied
in one transaction through services.booth_assign.

Rules (issue 18, item 4):
- Only exhibitors holding no booth at the fair are seated, only on booths nobody holds; every
  existing assignment is left as it is.
- Each exhibitor goes to its province's zone: a zone named like the province as it was called on
  the fair's first day (Province.name_on), "Khu " in front or not, case and Unicode form ignored.
  When that zone is missing or full, the zone under the province's own name is used (a 2026
  fair whose floor plan still has "Khu Quảng Bình" and "Khu Thừa Thiên Huế"). So at a fair after
  1 July 2025 a Quảng Bình cooperative goes to "Khu Quảng Trị", then to "Khu Quảng Bình" once
  the Quảng Trị zone is full (docs/domain.md, the 2025 reorganisation); exhibitors with a single
  zone choose first, so those fallbacks never take a booth they need.
- Within a zone, exhibitors in Vietnamese alphabetical order (Cooperative.name_sort) take the
  free booths in booth-code order (booth_code_sort_key).
- One booth per exhibitor: FairExhibitor records no number of booths or needs yet.
- No overflow: an exhibitor whose province has no zone, or whose zones are full, is left without
  a booth and the preview says why; booths without a zone are never used by the plan.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Booth, BoothAssignment, Cooperative, Fair, FairExhibitor
from cooperatives.models.fairs import booth_code_sort_key
from cooperatives.services import booth_assign
from ocop_fair.text import vietnamese_sort_key

ZONE_PREFIX = "khu "

NO_ZONE = gettext_lazy("The fair has no zone for this province.")
ZONE_FULL = gettext_lazy("Every booth of the zone is taken.")


@dataclass(frozen=True)
class Candidate:
    """An exhibitor without a booth, as the planner needs it."""

    cooperative_id: int
    name: str
    name_sort: str
    province_names: tuple[str, ...]  # the name on the fair's date first, then its own name


@dataclass(frozen=True)
class FreeBooth:
    booth_id: int
    code: str
    zone: str


@dataclass(frozen=True)
class Seat:
    province: str
    cooperative_id: int
    cooperative: str
    booth_id: int
    booth: str
    zone: str


@dataclass(frozen=True)
class Unseated:
    province: str
    cooperative_id: int
    cooperative: str
    reason: str


@dataclass(frozen=True)
class AssignmentPlan:
    seats: tuple[Seat, ...]
    unseated: tuple[Unseated, ...]

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """(booth id, cooperative id) of every seat, the form the preview page carries."""
        return [(seat.booth_id, seat.cooperative_id) for seat in self.seats]


def zone_key(name: str) -> str:
    """The province a zone stands for: "Khu Nghệ An", "khu nghệ an" and "Nghệ An" are one."""
    key = unicodedata.normalize("NFC", name).strip().casefold()
    return key.removeprefix(ZONE_PREFIX).strip()


def _zone_options(candidate: Candidate, fair_zones: set[str]) -> list[str]:
    """The fair's zones for the candidate's province, by its name on the fair's date first."""
    keys = dict.fromkeys(zone_key(name) for name in candidate.province_names)
    return [key for key in keys if key in fair_zones]


def plan_assignments(
    *, candidates: list[Candidate], free_booths: list[FreeBooth], zones: set[str]
) -> AssignmentPlan:
    """Seat candidates on free_booths by province zone; zones are all zone names of the fair.

    Pure and deterministic: the same input gives the same plan whatever its order.
    """
    fair_zones = {zone_key(zone) for zone in zones if zone.strip()}
    free_by_zone: dict[str, list[FreeBooth]] = {}
    for booth in sorted(free_booths, key=lambda booth: booth_code_sort_key(booth.code)):
        if booth.zone.strip():
            free_by_zone.setdefault(zone_key(booth.zone), []).append(booth)
    room = {key: len(booths) for key, booths in free_by_zone.items()}
    options = {c.cooperative_id: _zone_options(c, fair_zones) for c in candidates}
    members: dict[str, list[Candidate]] = {}
    left: list[tuple[Candidate, str]] = []
    # Exhibitors with one zone choose first, so a merged province's exhibitors (who may also
    # use the zone under their old name) never push out those who have nowhere else to go.
    for candidate in sorted(
        candidates,
        key=lambda c: (len(options[c.cooperative_id]) > 1, c.name_sort, c.cooperative_id),
    ):
        choices = options[candidate.cooperative_id]
        key = next((key for key in choices if room.get(key, 0) > 0), None)
        if key is None:
            left.append((candidate, str(ZONE_FULL if choices else NO_ZONE)))
        else:
            room[key] -= 1
            members.setdefault(key, []).append(candidate)
    seats = [
        Seat(c.province_names[0], c.cooperative_id, c.name, booth.booth_id, booth.code, booth.zone)
        for key, group in members.items()
        # Within a zone, Vietnamese alphabetical order on booth-code order.
        for c, booth in zip(
            sorted(group, key=lambda c: (c.name_sort, c.cooperative_id)),
            free_by_zone[key],
            strict=False,
        )
    ]
    seats.sort(key=lambda seat: (booth_code_sort_key(seat.booth), seat.cooperative_id))
    left.sort(key=lambda item: (vietnamese_sort_key(item[0].province_names[0]), item[0].name_sort))
    unseated = [
        Unseated(c.province_names[0], c.cooperative_id, c.name, reason) for c, reason in left
    ]
    return AssignmentPlan(tuple(seats), tuple(unseated))


def _held_booth_ids(fair: Fair):
    return BoothAssignment.objects.filter(booth__fair=fair).values("booth_id")


def auto_assign_plan(fair: Fair) -> AssignmentPlan:
    """The plan for fair as the database stands now, in three queries; nothing is written."""
    seated = BoothAssignment.objects.filter(booth__fair=fair).values("cooperative_id")
    exhibitors = (
        FairExhibitor.objects.filter(fair=fair)
        .exclude(cooperative_id__in=seated)
        .select_related("cooperative__province")
    )
    candidates = [
        Candidate(
            cooperative_id=each.cooperative_id,
            name=each.cooperative.name,
            name_sort=each.cooperative.name_sort,
            province_names=(
                each.cooperative.province.name_on(fair.starts_on),
                each.cooperative.province.name,
            ),
        )
        for each in exhibitors
    ]
    free = [
        FreeBooth(pk, code, zone)
        for pk, code, zone in Booth.objects.filter(fair=fair)
        .exclude(pk__in=_held_booth_ids(fair))
        .values_list("pk", "code", "zone")
    ]
    zones = set(Booth.objects.filter(fair=fair).values_list("zone", flat=True).distinct())
    return plan_assignments(candidates=candidates, free_booths=free, zones=zones)


def _changed_message(fair: Fair, pairs: list[tuple[int, int]]) -> str:
    taken = (
        BoothAssignment.objects.filter(booth__fair=fair, booth_id__in=[b for b, _c in pairs])
        .select_related("booth", "cooperative")
        .first()
    )
    if taken is not None:
        return _(
            "Booth %(code)s was assigned to %(cooperative)s after the preview. Nothing was"
            " written: check the new preview."
        ) % {"code": taken.booth.code, "cooperative": taken.cooperative.name}
    return _(
        "The exhibitors or booths of this fair changed after the preview. Nothing was written:"
        " check the new preview."
    )


@transaction.atomic
def auto_assign_apply(*, fair: Fair, pairs: list[tuple[int, int]]) -> list[BoothAssignment]:
    """Write the previewed plan (its (booth id, cooperative id) pairs) through booth_assign, or
    raise ValidationError, writing nothing, if the plan for fair is no longer the same."""
    # The fair's row is locked so two organisers confirming at once apply one after the other.
    Fair.objects.select_for_update().filter(pk=fair.pk).first()
    if [tuple(pair) for pair in pairs] != auto_assign_plan(fair).pairs:
        raise ValidationError(_changed_message(fair, pairs), code="plan_changed")
    booths = Booth.objects.in_bulk([booth_id for booth_id, _c in pairs])
    cooperatives = Cooperative.objects.in_bulk([cooperative_id for _b, cooperative_id in pairs])
    # booth_assign locks and checks each booth: one taken meanwhile raises and undoes them all.
    return [
        booth_assign(booth=booths[booth_id], cooperative=cooperatives[cooperative_id])
        for booth_id, cooperative_id in pairs
    ]
