"""Every combination of /products/ filters, checked against a plain-Python reference.

The reference reads only the attributes of the objects the fixture created (never the app's
querysets), so a disagreement names either a bug in the catalogue or a rule the reference got
wrong: both are worth knowing. Each test loops over its combinations inside one function, because
building the fair once per combination would make the matrix minutes long.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, replace

import pytest
from django.urls import reverse

from catalog.models import Product
from catalog.services import certification_record, certification_revoke
from ocop_fair.text import vietnamese_sort_key
from tests.factories import (
    CooperativeFactory,
    ProductFactory,
    ProductGroupFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
PAGE_SIZE = 24
CREATED_BASE = datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Row:
    """What the reference needs to know about one product, read from the objects created."""

    pk: int
    name: str
    status: str
    cooperative_active: bool
    cooperative: str
    province: str
    group: int
    stars: int | None
    valid: bool
    # How the star sort ranks it: 10 + stars while valid, stars while it may have expired, else 0.
    rank: int
    created_at: datetime.datetime


@dataclass(frozen=True)
class World:
    rows: list[Row]
    parents: dict[int, int | None]  # group pk -> parent pk
    group_pks: dict[str, int]  # group slug -> pk
    slugs: dict[str, str]  # fixture key -> slug, for provinces, groups and cooperatives


@dataclass(frozen=True)
class Query:
    province: tuple[str, ...] = ()
    group: str | None = None
    stars: str | None = None
    valid: bool = False
    cooperative: str | None = None
    sort: str | None = None
    expired: bool = False  # widen the star filter to awards not surely valid today

    def params(self) -> dict:
        params = {"province": list(self.province)} if self.province else {}
        for name in ("group", "stars", "cooperative", "sort"):
            if getattr(self, name) is not None:
                params[name] = getattr(self, name)
        if self.valid:
            params["valid"] = "on"
        if self.expired:
            params["expired"] = "on"
        return params


# --- The reference --------------------------------------------------------------------------


def latest_award(awards):
    """The award that counts: the latest dated one, else the latest recorded undated one."""
    dated = sorted((a for a in awards if a.decision_date), key=lambda a: (a.decision_date, a.pk))
    undated = sorted((a for a in awards if not a.decision_date), key=lambda a: a.pk)
    ordered = list(reversed(dated)) + list(reversed(undated))
    return ordered[0] if ordered else None


def last_valid_day(award):
    """The last day the award is surely valid: a year-only decision of Y to the end of Y+2."""
    end = award.expires_on
    if end is None and award.decision_date and award.date_precision == "year":
        end = datetime.date(award.decision_date.year + 2, 12, 31)
    if award.revoked_on is None:
        return end
    day_before = award.revoked_on - datetime.timedelta(days=1)
    return day_before if end is None else min(day_before, end)


def last_possible_day(award):
    """The last day the award may still be valid: a year-only decision of Y to the end of Y+3."""
    end = award.expires_on
    if end is None and award.decision_date and award.date_precision == "year":
        end = datetime.date(award.decision_date.year + 3, 12, 31)
    if award.revoked_on is None:
        return end
    day_before = award.revoked_on - datetime.timedelta(days=1)
    return day_before if end is None else min(day_before, end)


def star_rank(award) -> int:
    """What the card shows, as the star sort ranks it: valid stars, then stars that may have
    expired, then nothing (expired, undated or no award)."""
    if award is None or award.stars is None:
        return 0
    last_day, last_possible = last_valid_day(award), last_possible_day(award)
    if last_day and last_day >= TODAY:
        return 10 + award.stars
    if last_possible and last_possible >= TODAY:
        return award.stars
    return 0


def make_row(product, awards) -> Row:
    latest = latest_award(awards)
    last_day = last_valid_day(latest) if latest else None
    return Row(
        pk=product.pk,
        name=product.name,
        status=product.status,
        cooperative_active=product.cooperative.is_active,
        cooperative=product.cooperative.slug,
        province=product.cooperative.province.slug,
        group=product.group.pk,
        stars=latest.stars if latest else None,
        valid=bool(latest and latest.stars >= 3 and last_day and last_day >= TODAY),
        rank=star_rank(latest),
        created_at=product.created_at,
    )


def in_tree(world: World, group_pk: int, top_pk: int) -> bool:
    while group_pk is not None:
        if group_pk == top_pk:
            return True
        group_pk = world.parents[group_pk]
    return False


def expected(world: World, query: Query) -> tuple[list[tuple[str, int]], int]:
    """The (name, pk) pairs /products/ should list, and how many warnings it should show."""
    rows = [r for r in world.rows if r.status == "published" and r.cooperative_active]
    if query.province:
        rows = [r for r in rows if r.province in query.province]
    if query.group is not None:
        # Any group of the tree, sub-groups included.
        rows = [r for r in rows if in_tree(world, r.group, world.group_pks[query.group])]
    if query.stars is not None:
        rows = [r for r in rows if r.stars is not None and r.stars >= int(query.stars)]
        if not query.expired:  # by default the star filter counts only valid awards
            rows = [r for r in rows if r.valid]
    if query.valid:
        rows = [r for r in rows if r.valid]
    if query.cooperative is not None:
        rows = [r for r in rows if r.cooperative == query.cooperative]
    if query.sort == "name":
        rows.sort(key=lambda r: (vietnamese_sort_key(r.name), r.pk))
    elif query.sort == "newest":
        rows.sort(key=lambda r: (r.created_at, r.pk), reverse=True)
    else:  # "stars", and "relevance" (the default) when nothing is searched
        rows.sort(key=lambda r: (-r.rank, vietnamese_sort_key(r.name), r.pk))
    # Names alone would hide the order of two products of the same name: pk tells them apart.
    return [(r.name, r.pk) for r in rows], 0


# --- The fair -------------------------------------------------------------------------------

# (name, cooperative, group, status, awards, hours after CREATED_BASE). An award is
# (stars, decision date or None, extra keyword arguments); "revoked_on" revokes it afterwards.
PRODUCTS = [
    ("Cà phê Khe Sanh", "khe_sanh", "food", "published", [(5, (2025, 1, 16), {})], 9),
    ("Cà phê hạt rang Hướng Hóa", "khe_sanh", "food", "published", [(4, (2022, 3, 1), {})], 3),
    (
        "Bưởi Phúc Trạch",
        "phuc_trach",
        "food",
        "published",
        [(3, (2019, 1, 1), {"date_precision": "year"})],
        1,
    ),
    ("Bưởi đường Hương Khê", "phuc_trach", "food", "published", [], 14),
    ("Chè xanh Hồng Lĩnh", "hong_linh", "tea", "published", [(4, (2024, 10, 15), {})], 5),
    # Boundaries: 36 months after the decision is today (valid) and yesterday (expired).
    ("Trà túi lọc cà gai leo", "hong_linh", "herbal_tea", "published", [(3, (2023, 6, 15), {})], 7),
    ("Trà thảo mộc Vũ Quang", "hong_linh", "herbal_tea", "published", [(4, (2023, 6, 14), {})], 2),
    ("Nhung hươu Hương Sơn", "phuc_trach", "herbs", "published", [], 12),
    ("Cao cà gai leo Pù Mát", "pu_mat", "extracts", "published", [(5, (2024, 1, 10), {})], 6),
    # An expired award renewed with more stars.
    (
        "Tinh dầu sả Pù Mát",
        "pu_mat",
        "herbs",
        "published",
        [(3, (2021, 4, 1), {}), (4, (2024, 5, 1), {})],
        11,
    ),
    # A valid 4★ award followed by a 2★ one: the product is no longer OCOP.
    (
        "Nước mắm Cửa Hội",
        "cua_hoi",
        "food",
        "published",
        [(4, (2025, 2, 1), {}), (2, (2025, 9, 1), {})],
        4,
    ),
    (
        "Mắm tôm Cửa Hội",
        "cua_hoi",
        "food",
        "published",
        [(5, (2024, 3, 1), {"revoked_on": datetime.date(2025, 12, 1)})],
        10,
    ),
    (
        "Nem chua Thanh Hóa",
        "nem_chua",
        "food",
        "published",
        [(4, (2025, 6, 1), {"expires_on": datetime.date(2026, 6, 16)})],
        13,
    ),
    # An undated award, recorded first, counts less than any dated one.
    (
        "Đậu phộng rang Gio Linh",
        "khe_sanh",
        "food",
        "published",
        [(5, None, {"date_precision": "unknown"}), (3, (2024, 8, 1), {})],
        8,
    ),
    ("Mật ong rừng Pù Mát", "pu_mat", "food", "published", [(5, (2025, 4, 1), {})], 0),
    # Decided some day of 2023: surely valid to the end of 2025, perhaps to the end of 2026.
    (
        "Mè xửng Thanh Hóa",
        "nem_chua",
        "food",
        "published",
        [(4, (2023, 1, 1), {"date_precision": "year"})],
        21,
    ),
    # The source gives no date: no star claim, ranked with the products without stars.
    (
        "Nước mắm Gio Linh",
        "khe_sanh",
        "food",
        "published",
        [(5, None, {"date_precision": "unknown"})],
        22,
    ),
    ("Gạo hữu cơ Triệu Phong", "khe_sanh", "food", "published", [], 8),  # same hour as above
    # The same name as another cooperative's product: only pk tells them apart.
    ("Bưởi Phúc Trạch", "hong_linh", "food", "published", [(4, (2024, 9, 9), {})], 15),
    # Not shown to visitors.
    ("Kẹo cu đơ Hà Tĩnh", "hong_linh", "food", "pending", [(5, (2025, 1, 1), {})], 16),
    ("Bánh đa vừng", "phuc_trach", "food", "hidden", [(4, (2025, 1, 1), {})], 17),
    ("Nón lá Quảng Trị", "khe_sanh", "crafts", "hidden", [(3, (2025, 1, 1), {})], 18),
    ("Mật ong Hương Sơn", "huong_son", "food", "published", [(5, (2025, 1, 1), {})], 19),
]


def create_product(cooperatives, groups, name, cooperative, group, status, awards, hours):
    product = ProductFactory(
        name=name, cooperative=cooperatives[cooperative], group=groups[group], status=status
    )
    records = []
    for stars, day, options in awards:
        extra = dict(options)
        revoked_on = extra.pop("revoked_on", None)
        record = certification_record(
            product=product,
            stars=stars,
            level="province",
            decision_date=datetime.date(*day) if day else None,
            **extra,
        )
        if revoked_on:
            record = certification_revoke(certification=record, revoked_on=revoked_on)
        records.append(record)
    created_at = CREATED_BASE + datetime.timedelta(hours=hours)
    Product.objects.filter(pk=product.pk).update(created_at=created_at)
    product.refresh_from_db()
    return make_row(product, records)


@pytest.fixture
def world(monkeypatch):
    """A fair of four provinces, a three-level group tree and 23 products of every kind."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    provinces = {
        "ha_tinh": ProvinceFactory(name="Hà Tĩnh", code="42"),
        "quang_tri": ProvinceFactory(name="Quảng Trị", code="45"),
        "nghe_an": ProvinceFactory(name="Nghệ An", code="40"),
        "thanh_hoa": ProvinceFactory(name="Thanh Hóa", code="38"),
    }
    food = ProductGroupFactory(code="I", name="Thực phẩm")
    tea = ProductGroupFactory(code="I.5", name="Chè", parent=food)
    herbs = ProductGroupFactory(code="III", name="Dược liệu")
    groups = {
        "food": food,
        "tea": tea,
        "herbal_tea": ProductGroupFactory(code="I.5.b", name="Trà thảo mộc", parent=tea),
        "herbs": herbs,
        "extracts": ProductGroupFactory(code="III.1", name="Cao dược liệu", parent=herbs),
        "crafts": ProductGroupFactory(code="IV", name="Thủ công mỹ nghệ"),  # only hidden products
    }
    cooperatives = {
        "khe_sanh": CooperativeFactory(
            name="HTX Nông sản Khe Sanh", province=provinces["quang_tri"]
        ),
        "phuc_trach": CooperativeFactory(name="HTX Bưởi Phúc Trạch", province=provinces["ha_tinh"]),
        "hong_linh": CooperativeFactory(name="HTX Chè Hồng Lĩnh", province=provinces["ha_tinh"]),
        "pu_mat": CooperativeFactory(name="HTX Dược liệu Pù Mát", province=provinces["nghe_an"]),
        "cua_hoi": CooperativeFactory(
            name="Công ty Nước mắm Cửa Hội", province=provinces["nghe_an"]
        ),
        "nem_chua": CooperativeFactory(
            name="HTX Nem chua Thanh Hóa", province=provinces["thanh_hoa"]
        ),
        "huong_son": CooperativeFactory(
            name="HTX Mật ong Hương Sơn", province=provinces["ha_tinh"], is_active=False
        ),
    }
    rows = [create_product(cooperatives, groups, *product) for product in PRODUCTS]
    return World(
        rows=rows,
        parents={g.pk: g.parent_id for g in groups.values()},
        group_pks={g.slug: g.pk for g in groups.values()},
        slugs={
            key: obj.slug
            for key, obj in itertools.chain(provinces.items(), groups.items(), cooperatives.items())
        },
    )


# --- Checking the view against the reference ------------------------------------------------


def listing(client, params: dict) -> tuple[int, list[Product], int, list[str]]:
    """Status, products of the page, total count and message levels of one /products/ page."""
    response = client.get(reverse("catalog:product-list"), params)
    if response.status_code != 200:
        return response.status_code, [], 0, []
    return (
        200,
        list(response.context["products"]),
        response.context["paginator"].count,
        [message.level_tag for message in response.context["messages"]],
    )


def check(client, world: World, query: Query, extra: dict | None = None, result=None) -> list[str]:
    """Compare one listing with the reference; return the problems found (empty if none)."""
    want, warnings = expected(world, query)
    label = f"{query.params()} {extra or ''}"
    result = result or listing(client, {**query.params(), **(extra or {})})
    status, products, count, levels = result
    got = [(product.name, product.pk) for product in products]
    problems = [] if status == 200 else [f"{label}: status {status}"]
    if got != want[:PAGE_SIZE] or count != len(want):
        problems.append(f"{label}: got {count} {got}, expected {len(want)} {want}")
    if levels != ["warning"] * warnings:
        problems.append(f"{label}: messages {levels}, expected {warnings} warning(s)")
    return problems


def assert_all_agree(client, world, queries):
    problems = [problem for query in queries for problem in check(client, world, query)]
    shown = "\n".join(problems[:5])
    assert not problems, f"{len(problems)} disagreements in {len(queries)} combinations:\n{shown}"


def filter_queries(world, sort, provinces, groups, stars, valid, cooperatives, expired=(False,)):
    s = world.slugs
    return [
        Query(
            province=tuple(s[p] for p in province),
            group=s[group] if group else None,
            stars=star,
            valid=is_valid,
            cooperative=s[cooperative] if cooperative else None,
            sort=sort,
            expired=with_expired,
        )
        for province, group, star, is_valid, cooperative, with_expired in itertools.product(
            provinces, groups, stars, valid, cooperatives, expired
        )
    ]


PROVINCES = [(), ("ha_tinh",), ("quang_tri", "nghe_an")]
GROUPS = [None, "food", "herbs", "crafts", "tea"]  # "tea" is a sub-group
STARS = [None, "3", "4", "5"]
VALID = [False, True]
COOPERATIVES = [None, "hong_linh", "huong_son"]  # "huong_son" is inactive


def test_every_filter_combination_sorted_by_name_matches_the_reference(client, world):
    queries = filter_queries(world, "name", PROVINCES, GROUPS, STARS, VALID, COOPERATIVES)
    assert_all_agree(client, world, queries)
    # The matrix is only worth something if its combinations tell the products apart.
    results = {tuple(expected(world, query)[0]) for query in queries}
    # (The star filter now implies validity unless widened, so fewer of them differ than before.)
    assert len(queries) == 360 and len(results) >= 25


def test_star_filter_including_expired_awards_matches_the_reference(client, world):
    queries = filter_queries(
        world, "name", PROVINCES, GROUPS, ["3", "4", "5"], [False], COOPERATIVES, expired=[True]
    )
    assert_all_agree(client, world, queries)
    # Including expired awards really lists more than the default.
    assert any(
        expected(world, query)[0] != expected(world, replace(query, expired=False))[0]
        for query in queries
    )


def test_filter_combinations_in_other_orders_match_the_reference(client, world):
    queries = [
        query
        for sort in (None, "relevance", "stars", "newest")
        for query in filter_queries(
            world,
            sort,
            [(), ("ha_tinh", "quang_tri")],
            [None, "food", "herbs"],
            [None, "4"],
            VALID,
            [None],
            expired=[False, True],
        )
    ]
    assert_all_agree(client, world, queries)


def test_the_reference_knows_the_edge_cases_of_the_fair(world):
    # Guards the reference itself: these are the facts the fixture was written to contain.
    valid = {row.name for row in world.rows if row.valid and row.status == "published"}
    assert "Trà túi lọc cà gai leo" in valid  # last valid day is today
    assert "Trà thảo mộc Vũ Quang" not in valid  # last valid day was yesterday
    assert "Mắm tôm Cửa Hội" not in valid  # revoked
    assert "Nước mắm Cửa Hội" not in valid  # latest award below 3★
    assert "Tinh dầu sả Pù Mát" in valid  # renewed
    assert "Nem chua Thanh Hóa" in valid  # explicit expiry after today
    stars = {row.name: row.stars for row in world.rows}
    assert stars["Đậu phộng rang Gio Linh"] == 3  # a dated award outranks an undated one
    assert stars["Nước mắm Cửa Hội"] == 2
    ranks = {row.name: row.rank for row in world.rows}
    assert ranks["Tinh dầu sả Pù Mát"] == 14  # valid 4★
    assert ranks["Nước mắm Cửa Hội"] == 12  # a valid 2★ still shows its two stars
    assert ranks["Mè xửng Thanh Hóa"] == 4  # may have expired
    assert ranks["Mắm tôm Cửa Hội"] == ranks["Nước mắm Gio Linh"] == 0  # revoked; undated
    assert ranks["Trà thảo mộc Vũ Quang"] == ranks["Nhung hươu Hương Sơn"] == 0  # expired; none
    # The stored fields the catalogue filters on agree with the reference's reading.
    for row in world.rows:
        product = Product.objects.get(pk=row.pk)
        assert product.ocop_stars == row.stars, row.name
        assert product.ocop_is_valid == row.valid, row.name


def test_the_star_sort_ranks_the_stars_a_visitor_is_shown(client, world):
    def alphabetical(*names):
        return sorted(names, key=vietnamese_sort_key)

    response = client.get(reverse("catalog:product-list"), {"sort": "stars"})

    assert [product.name for product in response.context["products"]] == [
        *alphabetical("Cà phê Khe Sanh", "Cao cà gai leo Pù Mát", "Mật ong rừng Pù Mát"),
        *alphabetical(
            "Bưởi Phúc Trạch", "Chè xanh Hồng Lĩnh", "Nem chua Thanh Hóa", "Tinh dầu sả Pù Mát"
        ),
        *alphabetical("Đậu phộng rang Gio Linh", "Trà túi lọc cà gai leo"),
        "Nước mắm Cửa Hội",  # a valid 2★ shows its two stars
        "Mè xửng Thanh Hóa",  # a 4★ that may have expired
        # No star claim on the card, whatever the stars once were: all in alphabetical order.
        *alphabetical(
            "Mắm tôm Cửa Hội",  # 5★, revoked
            "Nước mắm Gio Linh",  # 5★, no date
            "Cà phê hạt rang Hướng Hóa",  # 4★, expired in 2025
            "Trà thảo mộc Vũ Quang",  # 4★, expired yesterday
            "Bưởi Phúc Trạch",  # 3★ of 2019
            "Bưởi đường Hương Khê",
            "Gạo hữu cơ Triệu Phong",
            "Nhung hươu Hương Sơn",
        ),
    ]


def test_tracking_parameters_change_nothing(client, world):
    extras = [{"utm_source": "x"}, {"utm_source": "x", "utm_medium": "email", "fbclid": "a"}]
    queries = filter_queries(world, "name", PROVINCES, GROUPS, STARS, VALID, COOPERATIVES)[::9]
    queries += filter_queries(world, None, PROVINCES, [None, "food"], [None, "3"], VALID, [None])
    problems = []
    for index, query in enumerate(queries):
        extra = extras[index % len(extras)]
        tracked = listing(client, {**query.params(), **extra})
        if tracked != listing(client, query.params()):
            problems.append(f"{query.params()} + {extra}: not the same page as without")
        problems += check(client, world, query, extra, result=tracked)
    assert not problems, f"{len(problems)} of {len(queries)} combinations differ: {problems[:5]}"


def test_page_two_continues_page_one_without_overlap(client, world):
    # Grow the fair past one page with names, stars and creation times that tie.
    cooperatives = [CooperativeFactory(name=f"HTX Tổ hợp {n}") for n in range(7)]
    same_time = CREATED_BASE + datetime.timedelta(hours=20)
    for index, cooperative in enumerate(cooperatives):
        for name in ("Mật ong rừng Pù Mát", "Chè xanh Hồng Lĩnh"):
            product = ProductFactory(
                name=name, cooperative=cooperative, group_id=world.group_pks[world.slugs["food"]]
            )
            records = []
            if index % 2:
                records.append(
                    certification_record(
                        product=product,
                        stars=4,
                        level="province",
                        decision_date=datetime.date(2025, 3, 3),
                    )
                )
            Product.objects.filter(pk=product.pk).update(created_at=same_time)
            product.refresh_from_db()
            world.rows.append(make_row(product, records))
    url = reverse("catalog:product-list")
    cases = [Query(sort=sort) for sort in (None, "name", "stars", "newest")]
    cases += [Query(group=world.slugs["food"], sort=sort) for sort in ("name", "stars", "newest")]
    for query in cases:
        want, _ = expected(world, query)
        assert len(want) > PAGE_SIZE, query
        pages = [client.get(url, {**query.params(), "page": page}) for page in (1, 2)]
        first, second = ([p.pk for p in page.context["products"]] for page in pages)
        assert [p.context["paginator"].count for p in pages] == [len(want)] * 2, query
        assert len(first) == PAGE_SIZE and not set(first) & set(second), query
        assert first + second == [pk for _, pk in want], query
        last = client.get(url, {**query.params(), "page": "last"})
        assert [p.pk for p in last.context["products"]] == second, query


def breadcrumb_group(client, product_slug: str) -> str:
    content = client.get(reverse("catalog:product-detail", args=[product_slug])).content
    return re.search(r'href="/products/\?group=([^"]+)"', content.decode())[1]


def test_the_group_breadcrumb_of_a_product_in_a_group_or_sub_group_lists_its_group(client, world):
    for name in ("Cà phê Khe Sanh", "Chè xanh Hồng Lĩnh", "Cao cà gai leo Pù Mát"):
        product = Product.objects.get(name=name)
        query = Query(group=breadcrumb_group(client, product.slug), sort="name")
        assert check(client, world, query) == []
        assert product.pk in [pk for _, pk in expected(world, query)[0]]


def test_the_group_breadcrumb_of_a_product_in_a_third_level_group_lists_its_group(client, world):
    product = Product.objects.get(name="Trà túi lọc cà gai leo")  # in I.5.b
    query = Query(group=breadcrumb_group(client, product.slug), sort="name")
    response = client.get(reverse("catalog:product-list"), query.params())
    assert [m.level_tag for m in response.context["messages"]] == []
    names = [p.name for p in response.context["products"]]
    assert product.name in names and "Nhung hươu Hương Sơn" not in names
