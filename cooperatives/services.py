"""Writes to cooperatives, fairs and booths that touch more than one row or a file; the admin,
the staff portal and load_demo use them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cooperatives.booth_services import booths_check_overlaps
from cooperatives.models import (
    Booth,
    BoothAssignment,
    Cooperative,
    Fair,
    FairExhibitor,
    ShopLink,
)
from ocop_fair import page_versions
from ocop_fair.files import files_delete_on_commit


class BoothTaken(ValidationError):
    """The booth already holds a cooperative."""


def booth_check_free(*, booth: Booth, exclude: BoothAssignment | None = None) -> None:
    """Raise BoothTaken if another assignment holds booth; lock the booth row until commit.

    The lock (PostgreSQL) makes a second organiser assigning the same booth wait for the first
    transaction and then see its assignment, instead of racing it to the unique constraint.
    """
    Booth.objects.select_for_update().filter(pk=booth.pk).first()
    holders = BoothAssignment.objects.filter(booth=booth).select_related("cooperative")
    if exclude is not None and exclude.pk is not None:
        holders = holders.exclude(pk=exclude.pk)
    holder = holders.first()
    if holder is not None:
        raise BoothTaken(
            _("Booth %(code)s is already assigned to %(cooperative)s.")
            % {"code": booth.code, "cooperative": holder.cooperative.name},
            code="booth_taken",
        )


def _exhibitor_ensure(*, fair_id: int, cooperative: Cooperative) -> FairExhibitor:
    # get_or_create retries the read when a concurrent insert wins the unique constraint.
    exhibitor, _created = FairExhibitor.objects.get_or_create(
        fair_id=fair_id, cooperative=cooperative
    )
    return exhibitor


@transaction.atomic
def fair_exhibitor_add(*, fair: Fair, cooperative: Cooperative) -> FairExhibitor:
    """Make cooperative an exhibitor of fair; adding it again returns the existing row."""
    return _exhibitor_ensure(fair_id=fair.pk, cooperative=cooperative)


@transaction.atomic
def fair_exhibitor_remove(*, exhibitor: FairExhibitor) -> None:
    """Remove a cooperative from a fair's exhibitors, or raise ValidationError if it holds a booth
    there: the map and the exhibitor list must never disagree."""
    booths = BoothAssignment.objects.filter(
        booth__fair_id=exhibitor.fair_id, cooperative_id=exhibitor.cooperative_id
    ).values_list("booth__code", flat=True)
    if booths:
        raise ValidationError(
            _("%(cooperative)s holds booth %(codes)s at this fair: free the booth first.")
            % {"cooperative": exhibitor.cooperative.name, "codes": ", ".join(booths)},
            code="holds_booth",
        )
    exhibitor.delete()


@transaction.atomic
def booth_assign(*, booth: Booth, cooperative: Cooperative, note: str = "") -> BoothAssignment:
    """Give booth to cooperative, or raise BoothTaken; exactly one of two racing calls wins.

    A cooperative with a booth is an exhibitor of the fair: it is added to them if need be.
    """
    booth_check_free(booth=booth)
    try:
        # A savepoint: if the constraint still fires (SQLite has no row locks), the caller's
        # transaction stays usable and gets a clear error rather than a broken connection.
        with transaction.atomic():
            assignment = BoothAssignment.objects.create(
                booth=booth, cooperative=cooperative, note=note
            )
    except IntegrityError as error:
        raise BoothTaken(
            _("Booth %(code)s has just been assigned by someone else.") % {"code": booth.code},
            code="booth_taken",
        ) from error
    _exhibitor_ensure(fair_id=booth.fair_id, cooperative=cooperative)
    return assignment


@transaction.atomic
def booth_move(*, assignment: BoothAssignment, booth: Booth) -> BoothAssignment:
    """Move an assignment's cooperative to another (free) booth in one step."""
    booth_check_free(booth=booth, exclude=assignment)
    assignment.booth = booth
    assignment.save(update_fields=["booth"])
    return assignment


@transaction.atomic
def booth_assignment_change(
    *, assignment: BoothAssignment, booth: Booth, cooperative: Cooperative, note: str = ""
) -> BoothAssignment:
    """Move an assignment to booth if it changed, and record its cooperative and note."""
    # Compared with the stored row: a form may already have set the new booth on assignment.
    stored = BoothAssignment.objects.select_for_update().get(pk=assignment.pk)
    if booth.pk != stored.booth_id:
        booth_move(assignment=assignment, booth=booth)
    assignment.cooperative, assignment.note = cooperative, note
    assignment.full_clean(exclude=["booth"], validate_constraints=False)
    assignment.save(update_fields=["cooperative", "note"])
    _exhibitor_ensure(fair_id=assignment.booth.fair_id, cooperative=cooperative)
    if stored.cooperative_id != cooperative.pk:
        # The save's signal tells the new holder's pages; the former holder's pages are told here.
        page_versions.bump({page_versions.cooperative(stored.cooperative_id)})
    return assignment


@transaction.atomic
def booth_vacate(*, assignment: BoothAssignment) -> Booth:
    """Free the assignment's booth for another cooperative; return the booth."""
    booth = assignment.booth
    # The lock makes an organiser assigning the booth at the same moment wait for the vacating.
    Booth.objects.select_for_update().filter(pk=booth.pk).first()
    assignment.delete()
    return booth


@transaction.atomic
def fair_make_current(*, fair: Fair) -> Fair:
    """Make fair the one current fair shown to visitors, in one step.

    The previous current fair is unticked first: the database allows a single current fair
    (constraint fair_single_current), so the order matters.
    """
    Fair.objects.select_for_update().filter(is_current=True).exclude(pk=fair.pk).update(
        is_current=False
    )
    Fair.objects.filter(pk=fair.pk).update(is_current=True)
    fair.is_current = True
    # Updates send no signal; the current fair's booths are on most public pages.
    page_versions.bump_all()
    return fair


@transaction.atomic
def booths_create_row(
    *,
    fair: Fair,
    prefix: str,
    first: int,
    last: int,
    zone: str = "",
    x: int = 0,
    y: int = 0,
    width: int = 2,
    height: int = 2,
    vertical: bool = False,
) -> list[Booth]:
    """Create booths prefix+first … prefix+last side by side on the grid, or none at all.

    Raise ValidationError, creating nothing, when a code already exists at the fair or a booth
    would overlap one already on the floor plan.
    """
    codes = [f"{prefix}{number}" for number in range(first, last + 1)]
    taken = sorted(Booth.objects.filter(fair=fair, code__in=codes).values_list("code", flat=True))
    if taken:
        raise ValidationError(
            _("These booth codes already exist at this fair: %(codes)s.")
            % {"codes": ", ".join(taken)},
            code="duplicate_codes",
        )
    booths = [
        Booth(
            fair=fair,
            code=code,
            zone=zone,
            x=x if vertical else x + index * width,
            y=y + index * height if vertical else y,
            width=width,
            height=height,
        )
        for index, code in enumerate(codes)
    ]
    for booth in booths:
        booth.clean_fields()
    # One query for the whole row, where Booth.clean would make one per booth.
    booths_check_overlaps(fair=fair, booths=booths)
    created = Booth.objects.bulk_create(booths)
    page_versions.bump({page_versions.FAIR})  # new booths are free: only the floor plan shows them
    return created


# cooperative_save(logo=KEEP_LOGO) leaves the logo as it is stored.
KEEP_LOGO = object()


@transaction.atomic
def cooperatives_delete(*, cooperatives: QuerySet[Cooperative]) -> int:
    """Delete cooperatives (the admin's delete; their products protect them) and, once the
    deletion is committed, their logos."""
    doomed = list(cooperatives.select_for_update())
    logos = [(each.logo.storage, each.logo.name) for each in doomed]
    for cooperative in doomed:
        cooperative.delete()  # one by one: each leaves its history row
    files_delete_on_commit(logos)
    return len(doomed)


@transaction.atomic
def cooperative_save(*, cooperative: Cooperative, logo=KEEP_LOGO) -> Cooperative:
    """Save a cooperative's profile; logo (a file made by ocop_fair.images.make_logo, or None to
    remove it) replaces the stored one, whose file is deleted once the change commits."""
    if logo is not KEEP_LOGO:
        previous = ""
        if cooperative.pk is not None:
            # The stored name, not the instance's: the admin's form may have changed that.
            previous = (
                Cooperative.objects.filter(pk=cooperative.pk).values_list("logo", flat=True).first()
            ) or ""
        if logo is None:
            cooperative.logo = ""
        else:
            cooperative.logo.save(logo.name, logo, save=False)
        if previous != cooperative.logo.name:
            files_delete_on_commit([(cooperative.logo.storage, previous)])
    cooperative.full_clean(exclude=["slug"])  # save() derives the slug of a new cooperative
    cooperative.save()
    return cooperative


@transaction.atomic
def cooperative_save_with_shop_links(
    *, cooperative: Cooperative, shop_link_formset, logo=KEEP_LOGO
) -> Cooperative:
    """Save a cooperative's profile and its shop links together (the staff portal's profile);
    links keep the order they are shown in, a new one last."""
    cooperative = cooperative_save(cooperative=cooperative, logo=logo)
    kept = [form for form in shop_link_formset.forms if form not in shop_link_formset.deleted_forms]
    for position, form in enumerate(kept):
        form.instance.sort_order = position
    shop_link_formset.instance = cooperative
    shop_link_formset.save()
    # save() writes only the rows whose fields changed: a link below a deleted one keeps its
    # old number unless every kept row's new position is written too.
    ShopLink.objects.bulk_update(
        [form.instance for form in kept if form.instance.pk], ["sort_order"]
    )
    return cooperative
