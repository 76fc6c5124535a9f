"""The demo's current fair, "Hội chợ OCOP Bắc Trung Bộ 2026": dates relative to the day the demo
is loaded (it began yesterday and lasts four days), so the demo always shows a fair that is on.

The venue, hours and programme are the demo's own, not a real event's. The 2022 fair stays as it
was, an archived fair; this one reuses its floor plan. Its exhibitors apply, are accepted and get
their booths through the call for exhibitors (trade/demo.py), as an organiser's would.
"""

import datetime
from collections import Counter

from django.utils import timezone

from catalog.demo.upsert import upsert
from cooperatives.models import Booth, Fair, FairDay, ProgrammeItem
from cooperatives.services import fair_make_current

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


def fair_2026_load(archived: Fair, tally: Counter) -> Fair:
    """Create or update the 2026 fair with its days, programme and booths, and make it the
    current fair. Its exhibitors come through applications: trade/demo.py, run after this."""
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


# Every sixth booth of a row (B6, B12…) has a refrigerator: the demo's own equipment, so the
# exhibitors who show fresh food and meat can be seated by auto-assign.
REFRIGERATED_EVERY = 6


def _has_refrigeration(code: str) -> bool:
    number = "".join(ch for ch in code if ch.isdigit())
    return bool(number) and int(number) % REFRIGERATED_EVERY == 0


def booths_copy(archived: Fair, fair: Fair, tally: Counter) -> None:
    """Give the fair the archived fair's floor plan: the same codes, zones and places, with
    power everywhere and a refrigerator in every sixth booth."""
    for booth in archived.booths.order_by("pk"):
        values = {name: getattr(booth, name) for name in ("zone", "x", "y", "width", "height")}
        values["has_refrigeration"] = _has_refrigeration(booth.code)
        upsert(Booth, lookup={"fair": fair, "code": booth.code}, values=values, tally=tally)
