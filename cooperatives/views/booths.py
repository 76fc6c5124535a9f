from django.shortcuts import get_object_or_404, redirect

from cooperatives.models import Booth, BoothAssignment, Fair


def booth_redirect(request, slug: str, code: str):
    """A booth's stable public address (printed on its QR sign): its cooperative, or the map.

    Signs are printed before the fair; pointing at the booth rather than at a cooperative keeps
    them right when organisers move a cooperative to another booth.
    """
    fair = get_object_or_404(Fair, slug=slug)
    booth = get_object_or_404(Booth, fair=fair, code__iexact=code)
    assignment = (
        BoothAssignment.objects.filter(booth=booth, cooperative__is_active=True)
        .select_related("cooperative")
        .first()
    )
    if assignment is not None:
        return redirect(assignment.cooperative)
    return redirect(booth.get_floor_plan_url())
