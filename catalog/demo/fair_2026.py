"""The demo's current fair, "Hội chợ OCOP Bắc Trung Bộ 2026": dates relative to the day the demo
is loaded (it began yesterday and lasts four days), so the demo always shows a fair that is on.

The venue, hours and programme are the demo's own, not a real event's. The 2022 fair stays as it
was, an archived fair; this one reuses its floor plan.
"""

import datetime
from collections import Counter

from django.utils import timezone

from catalog.demo.fair import zone_name
from catalog.demo.upsert import CREATED, upsert
from cooperatives.models import Booth, BoothAssignment, Fair, FairDay, ProgrammeItem, Province
from cooperatives.services import booth_assign, fair_exhibitor_add, fair_make_current

NAME = "Hội chợ OCOP Bắc Trung Bộ 2026"
DAYS = 4
VALUES = {
    "year": 2026,
    "venue": "Quảng trường Hồ Chí Minh",
    "address": "Đường Trường Thi, phường Thành Vinh, tỉnh Nghệ An",
    "map_url": "https://www.google.com/maps/search/?api=1&query=Qu%E1%BA%A3ng+tr%C6%B0%E1%BB%9Dng+H%E1%BB%93+Ch%C3%AD+Minh%2C+Vinh",
    "organiser": "Liên minh hợp tác xã các tỉnh Bắc Trung Bộ",
    "description": (
        "Hội chợ minh hoạ của bản demo: sản phẩm OCOP của các hợp tác xã, tổ hợp tác và hộ "
        "kinh doanh bốn tỉnh Bắc Trung Bộ, với hội nghị kết nối cung cầu, thử sản phẩm và trình "
        "diễn chế biến. Ngày, giờ và chương trình là dữ liệu mẫu."
    ),
}
OPENS, CLOSES, LAST_DAY_CLOSES = datetime.time(8), datetime.time(21), datetime.time(17)
# (day index, start, end, kind, title, place)
Kind = ProgrammeItem.Kind
PROGRAMME = [
    (0, (8, 0), (9, 0), Kind.OPENING, "Lễ khai mạc hội chợ", "Sân khấu chính"),
    (
        0,
        (9, 30),
        (11, 30),
        Kind.CONFERENCE,
        "Hội nghị kết nối cung cầu sản phẩm OCOP Bắc Trung Bộ",
        "Hội trường A",
    ),
    (
        0,
        (14, 0),
        (16, 30),
        Kind.MATCHING,
        "Phiên kết nối giao thương với nhà phân phối và siêu thị",
        "Phòng kết nối giao thương",
    ),
    (1, (9, 0), (10, 30), Kind.TASTING, "Thưởng thức cà phê và trà thảo dược", "Khu ẩm thực"),
    (
        1,
        (15, 0),
        (16, 0),
        Kind.DEMONSTRATION,
        "Trình diễn đóng gói và truy xuất nguồn gốc sản phẩm",
        "Khu trình diễn",
    ),
    (
        2,
        (9, 0),
        (11, 0),
        Kind.CONFERENCE,
        "Hội thảo nâng hạng sao sản phẩm OCOP",
        "Hội trường A",
    ),
    (2, (14, 0), (16, 0), Kind.MATCHING, "Kết nối sàn thương mại điện tử", "Hội trường B"),
    (3, (16, 0), None, Kind.OTHER, "Bế mạc và tổng kết hội chợ", "Sân khấu chính"),
]


def fair_2026_load(archived: Fair, provinces: list[Province], tally: Counter) -> Fair:
    """Create or update the 2026 fair with its days, programme, booths and exhibitors, and make
    it the current fair."""
    starts_on = timezone.localdate() - datetime.timedelta(days=1)
    fair = upsert(
        Fair,
        lookup={"name": NAME},
        values={
            **VALUES,
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(DAYS - 1),
        },
        tally=tally,
    )
    fair_make_current(fair=fair)
    days_load(fair, tally)
    programme_load(fair, tally)
    booths_copy(archived, fair, tally)
    exhibitors_load(fair, provinces, tally)
    return fair


def days_load(fair: Fair, tally: Counter) -> None:
    # A rerun on a later day moves the fair: days outside its new dates go.
    FairDay.objects.filter(fair=fair).exclude(date__range=(fair.starts_on, fair.ends_on)).delete()
    for index in range(DAYS):
        day = fair.starts_on + datetime.timedelta(days=index)
        closes = LAST_DAY_CLOSES if index == DAYS - 1 else CLOSES
        upsert(
            FairDay,
            lookup={"fair": fair, "date": day},
            values={"opens": OPENS, "closes": closes},
            tally=tally,
        )


def _at(day: datetime.date, hour_minute: tuple[int, int] | None) -> datetime.datetime | None:
    if hour_minute is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(*hour_minute)))


def programme_load(fair: Fair, tally: Counter) -> None:
    for index, starts, ends, kind, title, place in PROGRAMME:
        day = fair.starts_on + datetime.timedelta(days=index)
        upsert(
            ProgrammeItem,
            lookup={"fair": fair, "title": title},
            values={
                "starts_at": _at(day, starts),
                "ends_at": _at(day, ends),
                "kind": kind,
                "place": place,
            },
            tally=tally,
        )


def booths_copy(archived: Fair, fair: Fair, tally: Counter) -> None:
    """Give the fair the archived fair's floor plan: the same codes, zones and places."""
    for booth in archived.booths.order_by("pk"):
        values = {name: getattr(booth, name) for name in ("zone", "x", "y", "width", "height")}
        upsert(Booth, lookup={"fair": fair, "code": booth.code}, values=values, tally=tally)


def exhibitors_load(fair: Fair, provinces: list[Province], tally: Counter) -> None:
    """Make each province's named producers exhibitors and seat them in its zone, A to Z.

    The one place the demo chooses the 2026 exhibitors (applications will replace it). Producers
    the source did not name (shown under a stand-in name) do not exhibit: a visitor could not
    find them at the fair.
    """
    taken = set(BoothAssignment.objects.filter(booth__fair=fair).values_list("booth_id", flat=True))
    for province in provinces:
        chosen = province.cooperatives.active().filter(is_verified=True).order_by("name_sort", "pk")
        booths = sorted(
            fair.booths.filter(zone=zone_name(province)), key=lambda booth: int(booth.code[1:])
        )
        free = iter(booth for booth in booths if booth.pk not in taken)
        seated = set(
            BoothAssignment.objects.filter(booth__fair=fair).values_list(
                "cooperative_id", flat=True
            )
        )
        for cooperative in chosen:
            fair_exhibitor_add(fair=fair, cooperative=cooperative)
            if cooperative.pk in seated:
                continue
            booth = next(free, None)
            if booth is not None:
                booth_assign(booth=booth, cooperative=cooperative)
                tally["BoothAssignment", CREATED] += 1
