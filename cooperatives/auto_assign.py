"""Auto-assignment of a fair's exhibitors to its free booths: a pure plan, previewed, then applied
in one transaction (auto_assign_apply).

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
- Booth needs (FairExhibitor.booths_wanted, needs_power, needs_refrigeration, from the accepted
  application): an exhibitor wanting several booths gets adjacent ones (touching on the floor
  plan) where the zone has such a run free, else the first free ones of the zone; an exhibitor
  needing power gets only booths with power, one needing refrigeration at least one booth with
  it. Exhibitors without a need leave the booths with power or refrigeration that later
  exhibitors of the zone need (counted, so a scarce fridge booth is kept for who needs it).
- No overflow: an exhibitor whose province has no zone, or whose zones have no room or no booth
  meeting its needs, is left without a booth and the preview says why; booths without a zone
  are never used by the plan.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Booth, BoothAssignment, Fair, FairExhibitor
from cooperatives.models.fairs import booth_code_sort_key
from cooperatives.page_tags import booth_assignment_tags
from ocop_fair import page_versions
from ocop_fair.text import vietnamese_sort_key

ZONE_PREFIX = "khu "

NO_ZONE = gettext_lazy("The fair has no zone for this province.")
ZONE_FULL = gettext_lazy("Every booth of the zone is taken.")
TOO_FEW = gettext_lazy("The zone has fewer free booths than the exhibitor wants.")
NEEDS_UNMET = gettext_lazy(
    "No free booth of the zone has the power or refrigeration the exhibitor needs."
)


@dataclass(frozen=True)
class Candidate:
    """An exhibitor without a booth, as the planner needs it."""

    cooperative_id: int
    name: str
    name_sort: str
    province_names: tuple[str, ...]  # the name on the fair's date first, then its own name
    booths: int = 1
    needs_power: bool = False
    needs_refrigeration: bool = False


@dataclass(frozen=True)
class FreeBooth:
    booth_id: int
    code: str
    zone: str
    x: int = 0
    y: int = 0
    width: int = 1
    height: int = 1
    has_power: bool = True
    has_refrigeration: bool = False

    def touches(self, other: "FreeBooth") -> bool:
        """True when the two booths share a side on the floor plan."""
        rows = self.y < other.y + other.height and other.y < self.y + self.height
        columns = self.x < other.x + other.width and other.x < self.x + self.width
        side_by_side = self.x + self.width == other.x or other.x + other.width == self.x
        one_above = self.y + self.height == other.y or other.y + other.height == self.y
        return (rows and side_by_side) or (columns and one_above)


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


@dataclass
class _Room:
    """What is left of a zone while exhibitors choose zones."""

    free: int = 0
    power: int = 0
    fridge: int = 0

    def reason_against(self, c: Candidate) -> str | None:
        if self.free < c.booths:
            return str(ZONE_FULL if self.free == 0 else TOO_FEW)
        if (c.needs_power and self.power < c.booths) or (c.needs_refrigeration and self.fridge < 1):
            return str(NEEDS_UNMET)
        return None

    def take(self, c: Candidate) -> None:
        self.free -= c.booths
        self.power -= c.booths if c.needs_power else 0
        self.fridge -= 1 if c.needs_refrigeration else 0


def _fits(c: Candidate, booths: list[FreeBooth]) -> bool:
    if c.needs_power and not all(booth.has_power for booth in booths):
        return False
    return not c.needs_refrigeration or any(booth.has_refrigeration for booth in booths)


def _runs(c: Candidate, free: list[FreeBooth]):
    """Candidate booth sets in code order: adjacent runs first, then any first free booths."""
    for start, booth in enumerate(free):
        run = [booth]
        # Neighbours come close in code order: a short look ahead keeps the plan linear.
        for other in free[start + 1 : start + 2 * c.booths + 4]:
            if len(run) == c.booths:
                break
            if other.touches(run[-1]):
                run.append(other)
        if len(run) == c.booths:
            yield run
    if c.booths > 1:
        usable = [b for b in free if b.has_power] if c.needs_power else list(free)
        fridge = next((b for b in usable if b.has_refrigeration), None)
        if c.needs_refrigeration and fridge is not None:
            others = [b for b in usable if b.booth_id != fridge.booth_id][: c.booths - 1]
            yield sorted([fridge, *others], key=lambda b: booth_code_sort_key(b.code))
        yield usable[: c.booths]


def _seat_zone(
    members: list[Candidate], free: list[FreeBooth]
) -> tuple[list[tuple[Candidate, list[FreeBooth]]], list[tuple[Candidate, str]]]:
    """Seat a zone's members, in Vietnamese alphabetical order, on its free booths (code order)."""
    free = list(free)
    seated, left = [], []
    # What the members still to seat need, so that no one takes what a later one needs.
    power_after = [0] * (len(members) + 1)
    fridge_after = [0] * (len(members) + 1)
    for index in range(len(members) - 1, -1, -1):
        c = members[index]
        power_after[index] = power_after[index + 1] + (c.booths if c.needs_power else 0)
        fridge_after[index] = fridge_after[index + 1] + (1 if c.needs_refrigeration else 0)
    power = sum(b.has_power for b in free)
    fridge = sum(b.has_refrigeration for b in free)
    for index, c in enumerate(members):
        power_needed, fridge_needed = power_after[index + 1], fridge_after[index + 1]

        def leaves_enough(run, power=power, fridge=fridge, p=power_needed, f=fridge_needed):
            return (
                power - sum(b.has_power for b in run) >= p
                and fridge - sum(b.has_refrigeration for b in run) >= f
            )

        first_fit, run = None, None
        for candidate_run in _runs(c, free):
            if len(candidate_run) == c.booths and _fits(c, candidate_run):
                first_fit = first_fit or candidate_run
                if leaves_enough(candidate_run):
                    run = candidate_run
                    break
        run = run or first_fit
        if run is None:
            left.append((c, str(NEEDS_UNMET if len(free) >= c.booths else TOO_FEW)))
            continue
        seated.append((c, run))
        taken = {b.booth_id for b in run}
        free = [b for b in free if b.booth_id not in taken]
        power -= sum(b.has_power for b in run)
        fridge -= sum(b.has_refrigeration for b in run)
    return seated, left


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
    room = {
        key: _Room(
            len(booths), sum(b.has_power for b in booths), sum(b.has_refrigeration for b in booths)
        )
        for key, booths in free_by_zone.items()
    }
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
        reasons = [room.get(key, _Room()).reason_against(candidate) for key in choices]
        key = next((key for key, reason in zip(choices, reasons, strict=True) if not reason), None)
        if key is None:
            left.append((candidate, reasons[0] if choices else str(NO_ZONE)))
        else:
            room[key].take(candidate)
            members.setdefault(key, []).append(candidate)
    seats = []
    for key, group in members.items():
        # Within a zone, Vietnamese alphabetical order on booth-code order.
        order = sorted(group, key=lambda c: (c.name_sort, c.cooperative_id))
        seated, unseated = _seat_zone(order, free_by_zone[key])
        left.extend(unseated)
        seats.extend(
            Seat(c.province_names[0], c.cooperative_id, c.name, b.booth_id, b.code, b.zone)
            for c, run in seated
            for b in run
        )
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
            booths=each.booths_wanted,
            needs_power=each.needs_power,
            needs_refrigeration=each.needs_refrigeration,
        )
        for each in exhibitors
    ]
    free = [
        FreeBooth(*row)
        for row in Booth.objects.filter(fair=fair)
        .exclude(pk__in=_held_booth_ids(fair))
        .values_list(
            "pk", "code", "zone", "x", "y", "width", "height", "has_power", "has_refrigeration"
        )
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
    """Write the previewed plan (its (booth id, cooperative id) pairs) in one insert, or raise
    ValidationError, writing nothing, if the plan for fair is no longer the same.

    A handful of queries whatever the fair's size: the fair's row is locked (two organisers
    confirming at once apply one after the other), then the plan's booths (an organiser giving
    one of them by hand meanwhile waits, then finds it taken: services.booth_check_free), then
    the plan is checked against the database as it now stands.
    """
    pairs = [(int(booth_id), int(cooperative_id)) for booth_id, cooperative_id in pairs]
    Fair.objects.select_for_update().filter(pk=fair.pk).first()
    booth_ids = [booth_id for booth_id, _c in pairs]
    list(Booth.objects.select_for_update().filter(pk__in=booth_ids).values_list("pk", flat=True))
    if pairs != auto_assign_plan(fair).pairs:
        raise ValidationError(_changed_message(fair, pairs), code="plan_changed")
    try:
        # A savepoint: SQLite has no row locks, so the unique constraint is the last guard.
        with transaction.atomic():
            created = BoothAssignment.objects.bulk_create(
                BoothAssignment(booth_id=booth_id, cooperative_id=cooperative_id)
                for booth_id, cooperative_id in pairs
            )
    except IntegrityError as error:
        raise ValidationError(_changed_message(fair, pairs), code="plan_changed") from error
    # Every seated cooperative is already an exhibitor of the fair (the plan seats only them);
    # a bulk insert sends no post_save, so the pages showing the booths are told here.
    page_versions.bump(set().union(*(booth_assignment_tags(assignment) for assignment in created)))
    return created
