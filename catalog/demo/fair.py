"""Load the 2022 fair, its floor plan, booth assignments and the demo accounts."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.demo.upsert import CREATED, UNCHANGED, UPDATED, update_if_changed, upsert
from cooperatives.models import Booth, BoothAssignment, Cooperative, Fair, Membership, Province
from cooperatives.services import booth_assign
from ocop_fair.text import normalize_search_text

# docs/domain.md §(d) and its source article (nhandan.vn, 2/11/2022); the description only
# paraphrases it.
FAIR_NAME = "Hội nghị xúc tiến thương mại kinh tế tập thể Bắc Trung Bộ năm 2022"
FAIR_YEAR = 2022
FAIR_VALUES = {
    "starts_on": datetime.date(2022, 11, 2),
    "ends_on": datetime.date(2022, 11, 2),
    "venue": "Thành phố Hà Tĩnh",
    "organiser": "Liên minh hợp tác xã các tỉnh Bắc Trung Bộ",
    "source_url": "https://nhandan.vn/ket-noi-thuong-mai-nang-tam-cac-san-pham-ocop-khu-vuc-bac-trung-bo-post722850.html",
    "description": (
        "Hoạt động thường niên của Liên minh hợp tác xã các tỉnh Bắc Trung Bộ, năm 2022 do Liên "
        "minh hợp tác xã Hà Tĩnh tổ chức ngày 2/11 tại thành phố Hà Tĩnh. Hơn 200 sản phẩm OCOP "
        "tiêu biểu của các hợp tác xã và tổ hợp tác năm tỉnh Nghệ An, Hà Tĩnh, Quảng Bình, Quảng "
        "Trị và Thừa Thiên Huế tham gia kết nối cung cầu, quảng bá và tìm cơ hội tiêu thụ. Liên "
        "minh hợp tác xã các tỉnh ký biên bản ghi nhớ hợp tác xúc tiến đầu tư."
    ),
}

# The floor plan is the demo's own (the source gives no booth count): one zone per province,
# north to south, room for about 90% of the province's producers and a few booths left free.
SHARE_WITH_BOOTH = 0.9
FREE_BOOTHS_PER_ZONE = 3
BOOTHS_PER_ROW = 12
BOOTH_CELLS = 2  # each booth is 2 × 2 grid cells
AISLE_CELLS = 1  # between two rows of booths
ZONE_GAP_CELLS = 2  # the wider aisle between zones
ZONE_LETTERS = "ABCDEFGH"

DEMO_PASSWORD = "ocop-demo-2022"
DEMO_EMAIL_DOMAIN = "example.org"
ORGANISERS_GROUP = "Organisers"  # created by migration cooperatives/0002


@dataclass(frozen=True)
class BoothSpot:
    code: str
    zone: str
    x: int
    y: int


@dataclass(frozen=True)
class DemoAccount:
    username: str
    purpose: str
    province: str = ""
    cooperative: str = ""

    @property
    def email(self) -> str:
        # example.org is reserved (RFC 2606): the demo's enquiry e-mails reach no real person.
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


ACCOUNTS = [
    DemoAccount("bantochuc", "organiser: manages the whole fair in the admin"),
    DemoAccount(
        "htx_khesanh",
        "owner of HTX Nông sản Khe Sanh (Quảng Trị)",
        "Quảng Trị",
        "HTX Nông sản Khe Sanh",
    ),
    DemoAccount(
        "htx_senquebac",
        "owner of HTX Nông nghiệp Sen quê Bác (Nghệ An)",
        "Nghệ An",
        "HTX Nông nghiệp Sen quê Bác",
    ),
    DemoAccount(
        "htx_hoalinhchi",
        "owner of HTX Kinh doanh và chế biến hải sản Hoa Linh Chi (Hà Tĩnh)",
        "Hà Tĩnh",
        "HTX Kinh doanh và chế biến hải sản Hoa Linh Chi",
    ),
]


def zone_name(province: Province) -> str:
    return f"Khu {province.name}"


def zone_size(producers: int) -> int:
    """Return the booths of a zone: about 90% of its producers, plus the free ones."""
    return math.ceil(producers * SHARE_WITH_BOOTH) + FREE_BOOTHS_PER_ZONE


def floor_plan(zones: list[tuple[str, int]]) -> list[BoothSpot]:
    """Lay out zones (name, booth count) top to bottom on a grid; codes A1…, B1… per zone."""
    spots: list[BoothSpot] = []
    top = 0
    for letter, (zone, count) in zip(ZONE_LETTERS, zones, strict=False):
        for index in range(count):
            row, column = divmod(index, BOOTHS_PER_ROW)
            y = top + row * (BOOTH_CELLS + AISLE_CELLS)
            spots.append(BoothSpot(f"{letter}{index + 1}", zone, column * BOOTH_CELLS, y))
        rows = math.ceil(count / BOOTHS_PER_ROW)
        top += rows * (BOOTH_CELLS + AISLE_CELLS) - AISLE_CELLS + ZONE_GAP_CELLS
    return spots


def fair_load(tally: Counter) -> Fair:
    """Create or update the 2022 fair; it becomes current unless an organiser chose another."""
    others_current = (
        Fair.objects.filter(is_current=True).exclude(name=FAIR_NAME, year=FAIR_YEAR).exists()
    )
    values = {**FAIR_VALUES, "is_current": not others_current}
    return upsert(Fair, lookup={"name": FAIR_NAME, "year": FAIR_YEAR}, values=values, tally=tally)


def booths_load(fair: Fair, spots: list[BoothSpot], tally: Counter) -> None:
    for spot in spots:
        values = {
            "zone": spot.zone,
            "x": spot.x,
            "y": spot.y,
            "width": BOOTH_CELLS,
            "height": BOOTH_CELLS,
        }
        upsert(Booth, lookup={"fair": fair, "code": spot.code}, values=values, tally=tally)


def _booth_number(booth: Booth) -> int:
    return int(booth.code[1:])


def assignments_load(fair: Fair, provinces: list[Province], tally: Counter) -> None:
    """Seat each province's producers in its zone, keeping FREE_BOOTHS_PER_ZONE booths free.

    Named producers come before stand-ins, each sorted by name, so reruns give the same plan;
    existing assignments (also ones made by hand) are kept and count against the zone's room.
    """
    assignments = BoothAssignment.objects.filter(booth__fair=fair)
    taken = set(assignments.values_list("booth_id", flat=True))
    seated = set(assignments.values_list("cooperative_id", flat=True))
    for province in provinces:
        booths = sorted(fair.booths.filter(zone=zone_name(province)), key=_booth_number)
        free = [booth for booth in booths if booth.pk not in taken]
        room = len(free) - FREE_BOOTHS_PER_ZONE
        candidates = sorted(
            province.cooperatives.active().exclude(pk__in=seated),
            key=lambda coop: (not coop.is_verified, coop.search_name, coop.name),
        )
        for cooperative, booth in zip(candidates[: max(room, 0)], free, strict=False):
            booth_assign(booth=booth, cooperative=cooperative)
            tally["BoothAssignment", CREATED] += 1


def fair_with_booths_load(
    provinces: list[Province], producers_per_province: Counter, tally: Counter
) -> Fair:
    """Create the fair, its floor plan and its booth assignments."""
    fair = fair_load(tally)
    zones = [(zone_name(p), zone_size(producers_per_province[p.name])) for p in provinces]
    booths_load(fair, floor_plan(zones), tally)
    assignments_load(fair, provinces, tally)
    return fair


def _account_user(account: DemoAccount, tally: Counter):
    User = get_user_model()
    values = {"is_staff": not account.cooperative}
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = User(username=account.username, email=account.email, **values)
        # Only a new account gets the demo password: an existing one keeps whatever it has.
        user.set_password(DEMO_PASSWORD)
        user.save()
        status = CREATED
    else:
        # An address someone gave the account is kept; an empty one gets the demo's.
        values["email"] = user.email or account.email
        status = UPDATED if update_if_changed(user, values) else UNCHANGED
    tally["User", status] += 1
    return user


def accounts_load(tally: Counter) -> list[DemoAccount]:
    """Create the organiser and the cooperative owners; return the accounts for the summary."""
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    for account in ACCOUNTS:
        user = _account_user(account, tally)
        if not account.cooperative:
            user.groups.add(organisers)
            continue
        cooperative = Cooperative.objects.get(
            province__name=account.province, search_name=normalize_search_text(account.cooperative)
        )
        upsert(
            Membership,
            lookup={"user": user, "cooperative": cooperative},
            values={"role": Membership.Role.OWNER},
            tally=tally,
        )
    return ACCOUNTS
