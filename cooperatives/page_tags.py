"""Which cached pages a cooperative-side row appears on (ocop_fair/page_versions.py).

Provinces, fairs and booths are left to the default, "all": they are renamed or redrawn rarely,
and every page names them.
"""

from ocop_fair import page_versions
from ocop_fair.page_versions import FAIR, LISTING


def cooperative_tags(cooperative) -> set[str]:
    # Its own page and its products' pages, the cards that name it, the floor plan.
    return {page_versions.cooperative(cooperative.pk), LISTING, FAIR}


def shop_link_tags(link) -> set[str]:
    return {page_versions.cooperative(link.cooperative_id)}


def booth_assignment_tags(assignment) -> set[str]:
    # The booths show on the cooperative's page, its products' pages and cards (the booth at
    # the current fair) and the floor plan.
    return {page_versions.cooperative(assignment.cooperative_id), LISTING, FAIR}


def fair_exhibitor_tags(exhibitor) -> set[str]:
    # "At this fair" limits the listings to the exhibitors; the fair's own pages declare nothing
    # and so follow every write.
    return {page_versions.cooperative(exhibitor.cooperative_id), LISTING, FAIR}


def membership_tags(membership) -> set[str]:
    return set()  # who may edit a cooperative is never shown to visitors


def register_all() -> None:
    from cooperatives.models import (
        BoothAssignment,
        Cooperative,
        FairExhibitor,
        Membership,
        ShopLink,
    )

    page_versions.register(Cooperative, cooperative_tags)
    page_versions.register(ShopLink, shop_link_tags)
    page_versions.register(BoothAssignment, booth_assignment_tags)
    page_versions.register(FairExhibitor, fair_exhibitor_tags)
    page_versions.register(Membership, membership_tags)
