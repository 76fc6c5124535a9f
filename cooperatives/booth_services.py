"""Booths placed many at a time: the overlap check of a batch and copying a fair's layout.

Booth.clean checks one booth against its fair; a row of 200 booths or a layout of 2,000 is
checked here in one query and one sweep, and written in one transaction.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cooperatives.models import Booth, Fair, FloorSpace, booth_code_sort_key
from cooperatives.models.fairs import overlap_message
from ocop_fair import page_versions

# An error lists at most this many overlaps: the first ones are enough to fix a layout.
MAX_REPORTED = 10


def _overlaps(a: Booth, b: Booth) -> bool:
    # Cells are half-open [x, x + width): booths that only touch share no cell.
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def booths_overlapping(*, fair: Fair, booths: list[Booth]) -> list[tuple[Booth, Booth]]:
    """Return the pairs (new booth, booth it covers) among booths and the fair's stored booths.

    One query reads the stored booths inside the batch's bounding box; a sweep along x then
    compares only booths whose columns meet.
    """
    if not booths:
        return []
    left, top = min(b.x for b in booths), min(b.y for b in booths)
    right = max(b.x + b.width for b in booths)
    bottom = max(b.y + b.height for b in booths)
    new_pks = {b.pk for b in booths if b.pk is not None}
    stored = [
        b
        for b in Booth.objects.overlapping(
            fair_id=fair.pk, x=left, y=top, width=right - left, height=bottom - top
        ).only("code", "x", "y", "width", "height")
        if b.pk not in new_pks
    ]
    tagged = [(b, True) for b in booths] + [(b, False) for b in stored]
    tagged.sort(key=lambda item: item[0].x)
    pairs, active = [], []
    for booth, is_new in tagged:
        active = [(a, new) for a, new in active if a.x + a.width > booth.x]
        for other, other_new in active:
            if (is_new or other_new) and _overlaps(booth, other):
                pairs.append((booth, other) if is_new else (other, booth))
        active.append((booth, is_new))
    return pairs


def booths_over_spaces(*, fair: Fair, booths: list[Booth]) -> list[tuple[Booth, FloorSpace]]:
    """Return the pairs (booth, floor space it covers): one query for the fair's spaces."""
    if not booths:
        return []
    spaces = list(FloorSpace.objects.filter(fair=fair))
    return [(booth, space) for booth in booths for space in spaces if _overlaps(booth, space)]


def booths_check_overlaps(*, fair: Fair, booths: list[Booth]) -> None:
    """Raise ValidationError naming the overlapping booths and floor spaces, when any of booths
    overlaps one."""
    pairs = booths_overlapping(fair=fair, booths=booths)
    messages = [
        _("Booth %(code)s overlaps booth %(other)s on the floor plan.")
        % {"code": new.code, "other": other.code}
        for new, other in pairs[:MAX_REPORTED]
    ]
    over_spaces = booths_over_spaces(fair=fair, booths=booths)
    messages += [
        _("Booth %(code)s overlaps the space “%(space)s” on the floor plan.")
        % {"code": booth.code, "space": space.name}
        for booth, space in over_spaces[:MAX_REPORTED]
    ]
    pairs += over_spaces
    if not pairs:
        return
    if len(pairs) > len(messages):
        messages.append(_("… and %(count)d more overlaps.") % {"count": len(pairs) - len(messages)})
    raise ValidationError(messages, code="booth_overlap")


def previous_fair(fair: Fair) -> Fair | None:
    """The latest fair before fair that has booths: the layout a new fair usually starts from."""
    return (
        Fair.objects.filter(starts_on__lt=fair.starts_on, booths__isnull=False)
        .exclude(pk=fair.pk)
        .distinct()
        .order_by("-starts_on")
        .first()
    )


@dataclass
class LayoutCopyPlan:
    """What copying source's booths to target would do, shown before anything is written."""

    source: Fair
    target: Fair
    booths: list[Booth] = field(default_factory=list)
    code_conflicts: list[str] = field(default_factory=list)
    overlaps: list[tuple[Booth, Booth]] = field(default_factory=list)
    # The entrance, stage… copied too when the target has none of its own.
    spaces: list[FloorSpace] = field(default_factory=list)
    space_overlaps: list[tuple[Booth, FloorSpace]] = field(default_factory=list)

    @property
    def can_copy(self) -> bool:
        return (
            bool(self.booths)
            and not self.code_conflicts
            and not self.overlaps
            and not self.space_overlaps
        )

    @property
    def zones(self) -> list[str]:
        return sorted({booth.zone for booth in self.booths if booth.zone})


def layout_copy_plan(*, source: Fair, target: Fair) -> LayoutCopyPlan:
    """Return the booths a copy would create at target, and the codes and places that clash."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose another fair to copy the layout from."), code="same_fair")
    booths = [
        Booth(
            fair=target,
            code=b.code,
            zone=b.zone,
            x=b.x,
            y=b.y,
            width=b.width,
            height=b.height,
        )
        for b in source.booths.only("code", "zone", "x", "y", "width", "height")
    ]
    booths.sort(key=lambda booth: booth_code_sort_key(booth.code))
    existing = list(target.booths.only("code", "x", "y", "width", "height"))
    codes = {booth.code for booth in existing}
    conflicts = [booth.code for booth in booths if booth.code in codes]
    target_spaces = list(FloorSpace.objects.filter(fair=target))
    spaces = (
        []
        if target_spaces
        else [
            FloorSpace(
                fair=target,
                kind=s.kind,
                label=s.label,
                x=s.x,
                y=s.y,
                width=s.width,
                height=s.height,
            )
            for s in FloorSpace.objects.filter(fair=source).order_by("y", "x", "pk")
        ]
    )
    return LayoutCopyPlan(
        source=source,
        target=target,
        booths=booths,
        code_conflicts=conflicts,
        overlaps=booths_overlapping(fair=target, booths=booths),
        spaces=spaces,
        space_overlaps=[
            (booth, space)
            for booth, space in [
                *((b, s) for b in booths for s in target_spaces),
                *((b, s) for b in existing for s in spaces),
            ]
            if _overlaps(booth, space)
        ],
    )


@transaction.atomic
def layout_copy(*, source: Fair, target: Fair) -> list[Booth]:
    """Create at target a copy of every booth of source (not its assignments), or none at all,
    and of its floor spaces when target has none.

    Raise ValidationError, creating nothing, when a code already exists at target or a copied
    booth would overlap one of target's booths.
    """
    # The lock makes a second copy started at the same moment wait, then see the first's codes.
    Fair.objects.select_for_update().filter(pk=target.pk).first()
    plan = layout_copy_plan(source=source, target=target)
    if not plan.booths:
        raise ValidationError(
            _("%(fair)s has no booths to copy.") % {"fair": source.name}, code="no_booths"
        )
    if plan.code_conflicts:
        raise ValidationError(
            _("These booth codes already exist at this fair: %(codes)s.")
            % {"codes": ", ".join(plan.code_conflicts[: MAX_REPORTED * 3])},
            code="duplicate_codes",
        )
    booths_check_overlaps(fair=target, booths=plan.booths)
    if plan.space_overlaps:
        raise ValidationError(
            [
                _("Booth %(code)s overlaps the space “%(space)s” on the floor plan.")
                % {"code": booth.code, "space": space.name}
                for booth, space in plan.space_overlaps[:MAX_REPORTED]
            ],
            code="booth_overlap",
        )
    FloorSpace.objects.bulk_create(plan.spaces)
    return Booth.objects.bulk_create(plan.booths)


def booth_save(*, booth: Booth) -> Booth:
    """Save one booth (the admin's form has run Booth.clean).

    Another organiser may have placed an overlapping booth since the form was checked: on
    PostgreSQL the exclusion constraint then refuses the row, and the organiser gets the same
    message as the form's, not a server error.
    """
    try:
        with transaction.atomic():
            booth.save()
    except IntegrityError:
        covered = Booth.objects.overlapping(
            fair_id=booth.fair_id, x=booth.x, y=booth.y, width=booth.width, height=booth.height
        ).exclude(pk=booth.pk)
        codes = sorted(covered.values_list("code", flat=True), key=booth_code_sort_key)
        if not codes:
            raise  # not an overlap: let the admin's own handling report it
        raise ValidationError(overlap_message(codes)) from None
    return booth


def booths_equip(*, booths, has_power: bool | None = None, has_refrigeration: bool | None = None):
    """Set the power and refrigeration of many booths at once (what auto-assign matches exhibitors'
    needs against); return how many booths changed. Only the floor plan's page version is
    replaced: no public page shows a booth's equipment, but auto-assign previews read it fresh."""
    changes = {}
    if has_power is not None:
        changes["has_power"] = has_power
    if has_refrigeration is not None:
        changes["has_refrigeration"] = has_refrigeration
    if not changes:
        return 0
    changed = booths.exclude(**changes).update(**changes)  # those already so are not counted
    if changed:
        page_versions.bump({page_versions.FAIR})
    return changed
