"""Geometry of a fair's floor plan, drawn as inline SVG by templates/cooperatives/floor_plan.html."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cooperatives.models import (
    Booth,
    BoothAssignment,
    Fair,
    FloorSpace,
    Province,
    booth_code_sort_key,
)
from ocop_fair.text import normalize_search_text

CELL = 28  # pixels per grid cell
MARGIN = 8
TOP = MARGIN + 16  # room above the first row for a zone's label
QUERY_MAX_LENGTH = 100  # a booth search longer than this is cut (a code, a name, a province)
# Distinct, readable fills (dark enough for white labels) for provinces in display order.
PROVINCE_COLOURS = ["#1f5f8b", "#8a3b12", "#2f6b2f", "#6b3d8f", "#8f6a00", "#00656b", "#8b1f4f"]
FREE_COLOUR = "#e7e2d8"


def in_pixels(item) -> dict[str, int]:
    """A booth's or a space's grid place and size as the map's pixels (2 px apart)."""
    return {
        "x": MARGIN + item.x * CELL,
        "y": TOP + item.y * CELL,
        "width": item.width * CELL - 2,
        "height": item.height * CELL - 2,
    }


class LabelledBox:
    """The centre of a placed box, where its label goes (x, y, width, height in pixels)."""

    # Whole pixels: a float would be localised in the template ("35,5" in Vietnamese).
    @property
    def label_x(self) -> int:
        return self.x + self.width // 2

    @property
    def label_y(self) -> int:
        return self.y + self.height // 2


@dataclass
class PlacedBooth(LabelledBox):
    booth: Booth
    cooperative: object | None
    x: int
    y: int
    width: int
    height: int
    colour: str
    highlighted: bool
    province_name: str = ""  # the cooperative's province as named on the fair's first day
    matched: bool = False  # found by the visitor's booth search


@dataclass
class PlacedSpace(LabelledBox):
    """An entrance, a stage, toilets…: a FloorSpace in pixels."""

    space: FloorSpace
    x: int
    y: int
    width: int
    height: int


@dataclass
class ZoneLabel:
    """A zone's name, written above the top-left corner of its booths."""

    name: str
    x: int
    y: int


@dataclass
class FloorPlan:
    fair: Fair
    booths: list[PlacedBooth]
    width: int
    height: int
    legend: list[tuple[str, str]]  # (province as named at the fair, colour)
    zones: list[tuple[str, list[PlacedBooth]]] = field(default_factory=list)
    highlighted: PlacedBooth | None = None
    spaces: list[PlacedSpace] = field(default_factory=list)
    zone_labels: list[ZoneLabel] = field(default_factory=list)
    query: str = ""  # the visitor's booth search, as used
    matches: list[PlacedBooth] = field(default_factory=list)


@dataclass
class MiniMap:
    """The outline of a fair's booths with a few marked: a cooperative page's small map.

    Occupants are left out: another cooperative's booth changing hands must not leave a stale
    map on this cooperative's cached page (a booth's own edit replaces every page's version).
    """

    fair: Fair
    booths: list[PlacedBooth]
    width: int
    height: int
    marked: list[PlacedBooth]


def mini_map(fair: Fair, codes: Iterable[str]) -> MiniMap:
    """Every booth of fair placed as on its floor plan (floor_plan), the booths codes marked.

    One query, whatever the number of booths.
    """
    marked = {code.casefold() for code in codes}
    booths = (
        Booth.objects.filter(fair=fair)
        .only("code", "zone", "x", "y", "width", "height")
        .order_by("y", "x", "code")
    )
    placed = [
        PlacedBooth(
            booth=booth,
            cooperative=None,
            **in_pixels(booth),
            colour=FREE_COLOUR,
            highlighted=booth.code.casefold() in marked,
        )
        for booth in booths
    ]
    return MiniMap(
        fair=fair,
        booths=placed,
        width=max((b.x + b.width for b in placed), default=0) + MARGIN,
        height=max((b.y + b.height for b in placed), default=0) + MARGIN,
        marked=sorted(
            (b for b in placed if b.highlighted),
            key=lambda item: booth_code_sort_key(item.booth.code),
        ),
    )


def booth_search(booths: Iterable[PlacedBooth], query: str) -> list[PlacedBooth]:
    """The booths a visitor's search finds, in booth-code order; diacritics and case ignored.

    A query that is a booth's code finds that booth only ("A1" is not A10); otherwise every word
    must begin a word of the booth's code, zone, cooperative or province ("ha tinh", "Hà Tĩnh",
    "dong tam"). A free booth is found by its code only: a visitor looks for who exhibits.
    """
    words = normalize_search_text(query).split()
    if not words:
        return []
    booths = list(booths)
    whole = " ".join(words)
    found = [item for item in booths if normalize_search_text(item.booth.code) == whole]
    if not found:
        for item in booths:
            cooperative = item.cooperative
            if cooperative is None:
                continue
            text = [item.booth.code, item.booth.zone, item.province_name]
            text += [cooperative.name, cooperative.province.name]
            haystack = normalize_search_text(" ".join(text)).split()
            if all(any(word.startswith(w) for word in haystack) for w in words):
                found.append(item)
    return sorted(found, key=lambda item: booth_code_sort_key(item.booth.code))


def floor_plan(
    fair: Fair,
    highlight: str = "",
    highlights: Iterable[str] = (),
    query: str = "",
    with_spaces: bool = False,
) -> FloorPlan:
    """Place every booth of fair on the grid, coloured by its cooperative's province.

    Provinces are named as in force on the fair's first day (Province.name_on): at a fair after
    1 July 2025 the producers of Quảng Bình and Quảng Trị share Quảng Trị's name and colour.
    highlight is the one booth a link points at; highlights marks several (a visitor's shortlist);
    query is the visitor's booth search (booth_search), its matches marked and listed.
    with_spaces adds the entrance, stage… (one query; the shortlist's small map leaves them out).
    """
    marked = {code.casefold() for code in [highlight, *highlights] if code}
    assignments = BoothAssignment.objects.select_related("cooperative__province").filter(
        cooperative__is_active=True
    )
    booths = (
        Booth.objects.filter(fair=fair)
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="current"))
        .order_by("zone", "y", "x", "code")
    )
    names = [p.name_on(fair.starts_on) for p in Province.objects.order_by("display_order", "name")]
    names = list(dict.fromkeys(names))  # each name once, at its first place
    colours = {name: PROVINCE_COLOURS[i % len(PROVINCE_COLOURS)] for i, name in enumerate(names)}
    placed, used_names = [], set()
    for booth in booths:
        cooperative = booth.current[0].cooperative if booth.current else None
        province_name = cooperative.province.name_on(fair.starts_on) if cooperative else ""
        if cooperative is not None:
            used_names.add(province_name)
        placed.append(
            PlacedBooth(
                booth=booth,
                cooperative=cooperative,
                **in_pixels(booth),
                colour=colours[province_name] if cooperative else FREE_COLOUR,
                highlighted=booth.code.casefold() in marked,
                province_name=province_name,
            )
        )
    zones: dict[str, list[PlacedBooth]] = {}
    # Zones in the order a visitor meets them on the map (top to bottom, left to right).
    for item in sorted(placed, key=lambda item: (item.booth.y, item.booth.x)):
        zones.setdefault(item.booth.zone, []).append(item)
    zone_labels = [
        ZoneLabel(
            name=zone,
            x=min(item.x for item in items),
            y=min(item.y for item in items) - 5,
        )
        for zone, items in zones.items()
        if zone
    ]
    for items in zones.values():
        items.sort(key=lambda item: booth_code_sort_key(item.booth.code))
    spaces = [
        PlacedSpace(
            space=space,
            **in_pixels(space),
        )
        for space in (
            FloorSpace.objects.filter(fair=fair).order_by("y", "x", "pk") if with_spaces else []
        )
    ]
    query = query[:QUERY_MAX_LENGTH].strip()
    matches = booth_search(placed, query)
    for item in matches:
        item.matched = True
    shapes = [*placed, *spaces]
    return FloorPlan(
        fair=fair,
        booths=placed,
        width=max((b.x + b.width for b in shapes), default=0) + MARGIN,
        height=max((b.y + b.height for b in shapes), default=0) + MARGIN,
        legend=[(name, colours[name]) for name in names if name in used_names],
        zones=list(zones.items()),
        highlighted=next((b for b in placed if b.highlighted), None),
        spaces=spaces,
        zone_labels=zone_labels,
        query=query,
        matches=matches,
    )
