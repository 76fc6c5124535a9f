"""The demo's non-exhibit spaces: an entrance, a stage, an information desk, toilets…

Placed around the fair's booths, whatever their layout: the entrance below the last row, the
others in one column right of the booths, each in rows of its own, so no space ever covers a
booth or another space, also when a reload moves them all.
"""

from collections import Counter

from django.db.models import F, Max

from catalog.demo.upsert import upsert
from cooperatives.models import Fair, FloorSpace

Kind = FloorSpace.Kind
AISLE = 2  # cells between the booths and the spaces

# (kind, label, row in the right-hand column, width, height); the entrance is placed apart.
COLUMN = [
    (Kind.STAGE, "Sân khấu chính", 0, 5, 4),
    (Kind.INFORMATION, "Bàn thông tin", 5, 5, 1),
    (Kind.FOOD, "Khu ẩm thực", 7, 5, 3),
    (Kind.TOILETS, "", 11, 5, 2),
    (Kind.FIRST_AID, "", 14, 5, 1),
]
ENTRANCE = (Kind.ENTRANCE, "Cổng chính", 4, 1)


def floor_spaces_load(fair: Fair, tally: Counter) -> list[FloorSpace]:
    """Create or move the demo's spaces of fair around its booths; none when it has no booths."""
    box = fair.booths.aggregate(right=Max(F("x") + F("width")), bottom=Max(F("y") + F("height")))
    if box["right"] is None:
        return []
    right, bottom = box["right"], box["bottom"]
    kind, label, width, height = ENTRANCE
    places = [(kind, label, max(right // 2 - width // 2, 0), bottom + AISLE, width, height)]
    places += [(kind, label, right + AISLE, y, w, h) for kind, label, y, w, h in COLUMN]
    return [
        upsert(
            FloorSpace,
            lookup={"fair": fair, "kind": kind, "label": label},
            values={"x": x, "y": y, "width": width, "height": height},
            tally=tally,
        )
        for kind, label, x, y, width, height in places
    ]
