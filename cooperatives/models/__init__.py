"""The cooperatives models, one module per part of the domain; imported from here, as Django expects."""

from cooperatives.models.fairs import (
    Booth,
    BoothAssignment,
    Fair,
    FairDay,
    FairExhibitor,
    FairQuerySet,
    booth_code_sort_key,
)
from cooperatives.models.floor_spaces import FloorSpace, FloorSpaceQuerySet
from cooperatives.models.producers import (
    Cooperative,
    CooperativeQuerySet,
    Membership,
    ShopLink,
    logo_upload_to,
)
from cooperatives.models.programme import ProgrammeItem, ProgrammeItemQuerySet
from cooperatives.models.provinces import Province

__all__ = [
    "logo_upload_to",
    "Province",
    "CooperativeQuerySet",
    "Cooperative",
    "ShopLink",
    "Membership",
    "FairQuerySet",
    "Fair",
    "FairDay",
    "FairExhibitor",
    "ProgrammeItem",
    "ProgrammeItemQuerySet",
    "booth_code_sort_key",
    "Booth",
    "BoothAssignment",
    "FloorSpace",
    "FloorSpaceQuerySet",
]
