"""The demo fair on 2 December 2026: no page, sign, directory or export shows a lapsed award as current.

The clock is the only thing mocked (timezone.localdate); the demo is loaded once for the module.
"""

import csv
import datetime
import io
import json
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from catalog.models import Certification, Product, Validity
from cooperatives.models import Fair
from tests.catalog.test_load_demo import demo, demo_output  # noqa: F401 - the shared fixtures
from trade.shortlist import MAX_ITEMS

TODAY = datetime.date(2026, 12, 2)
CARD = re.compile(r'<li class="card">(.*?)</li>', re.DOTALL)
SHORTLIST_ITEM = re.compile(r'<li>(<a href="[^"]+">.*?)</li>', re.DOTALL)  # one product
HREF = re.compile(r'href="([^"]+)"')
GOLD = 'class="stars-on"'
# What a card says of a recognition without stars, or of no recognition, by page language.
CARD_WORDS = {
    "vi": ("Được công nhận năm", "chưa rõ hạng sao", "Hạng sao chưa được xác minh"),
    "en": ("Recognised in", "star rating not known", "Star rating not yet verified"),
}
# A day written out (02/12/2026): what a year-only award must never be given.
DAY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


@pytest.fixture
def today(monkeypatch, demo):  # noqa: F811 - the imported fixture
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    # Addresses are reversed in the active language, which a request to /en/ leaves behind.
    with translation.override("vi"):
        yield TODAY


@pytest.fixture
def organiser(client):
    client.force_login(get_user_model().objects.get(username="bantochuc"))
    return client


def _statuses() -> dict[str, str]:
    """Each published product's award status today, by its page address."""
    return {
        product.get_absolute_url(): product.ocop_status or "no_stars"
        for product in Product.objects.published()
    }


def _recognitions() -> dict[str, int]:
    """The year each published product without stars was recognised in, by its page address."""
    return {
        product.get_absolute_url(): product.ocop_recognition_year
        for product in Product.objects.published().filter(ocop_stars__isnull=True)
        if product.ocop_recognition_year
    }


def _check_cards(
    html: str, statuses: dict[str, str], recognitions: dict[str, int], card_pattern=CARD
) -> list[str]:
    """Check the product cards of a page; return their statuses, in the page's order."""
    language = "en" if '<html lang="en">' in html else "vi"
    recognised, unknown, unverified = CARD_WORDS[language]
    seen = []
    for card in card_pattern.findall(html):
        link = HREF.search(card).group(1).removeprefix("/en")
        status = statuses[link]
        seen.append(status)
        # Gold stars only for a valid award; a lapsed one says what it is, in words.
        assert (GOLD in card) == (status == Validity.VALID), (link, status)
        if link in recognitions:  # recognised without stars: the year, not "nothing verified"
            assert f"{recognised} {recognitions[link]}" in card, link
            assert unknown in card and unverified not in card, link
        elif status == "no_stars":
            assert unverified in card, link
    return seen


def _sitemap_paths(client) -> list[str]:
    index = client.get(reverse("sitemap")).content.decode()
    paths = []
    for section in re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index):
        page = client.get(section).content.decode()
        paths += re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", page)
    return paths


def test_demo_award_counts_as_the_site_shows_them(today):
    counts = Counter(_statuses().values())
    # Measured on the demo's source rows: of the 175 dated star awards, 56 are valid, 68 surely
    # expired and 51 (year-only decisions of 2023) may have expired; 19 have no date at all.
    assert counts == {
        Validity.VALID: 56,
        Validity.EXPIRED: 68,
        Validity.UNCERTAIN: 51,
        Validity.UNDATED: 19,
        "no_stars": 44,
    }
    # Each lapsed kind shows on the catalogue's cards as such, by the same SQL bounds.
    published = Product.objects.published().filter(ocop_stars__gte=3)
    assert (
        published.filter(ocop_valid_until__lt=today, ocop_possibly_valid_until__gte=today).count()
        == 51
    )
    assert published.filter(ocop_possibly_valid_until__lt=today).count() == 68
    # The SQL filter and the Python status agree on which awards are valid.
    assert Product.objects.published().with_valid_certificate().count() == counts[Validity.VALID]
    # 22 of the products without stars keep a dated recognition from their source.
    assert Certification.objects.filter(stars__isnull=True).count() == 22
    # Their cards say so: the year is kept on the product (3 also name their decision).
    assert len(_recognitions()) == 22
    assert Product.objects.exclude(ocop_recognition_decision="").count() == 3


def test_no_public_page_of_the_sitemap_shows_a_lapsed_award_as_current(client, today):
    statuses, recognitions = _statuses(), _recognitions()
    paths = _sitemap_paths(client)
    assert len(paths) > 450
    cards_seen = Counter()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        cards_seen.update(_check_cards(html, statuses, recognitions))
        bare = path.removeprefix("/en")
        if bare in statuses:  # a product page
            status = statuses[bare]
            lead = html.split('class="product-stars"', 1)[1].split("</p>", 1)[0]
            assert (GOLD in lead) == (status == Validity.VALID), (path, status)
            json_ld = json.loads(html.split('<script type="application/ld+json">')[1].split("<")[0])
            assert ("additionalProperty" in json_ld) == (status == Validity.VALID), path
    # The walk met every kind of award on the cards.
    assert set(cards_seen) == {"valid", "expired", "uncertain", "undated", "no_stars"}


def _catalogue_pages(client, params: dict) -> list[str]:
    """Every page of /products/ with params, in order."""
    url = reverse("catalog:product-list")
    first = client.get(url, params)
    pages = [first.content.decode()]
    for number in range(2, first.context["paginator"].num_pages + 1):
        pages.append(client.get(url, {**params, "page": number}).content.decode())
    return pages


@pytest.mark.parametrize(
    "params",
    [
        {},  # the default order: by stars, as a visitor sees them
        {"sort": "stars"},
        {"sort": "name"},
        {"stars": "3", "expired": "on"},
        {"q": "mật ong"},
        {"unit": "quang-tri"},
    ],
    ids=["default", "stars", "name", "expired-included", "search", "unit"],
)
def test_no_catalogue_page_shows_a_lapsed_award_as_current(client, today, params):
    statuses, recognitions = _statuses(), _recognitions()
    seen = []
    for html in _catalogue_pages(client, params):
        seen += _check_cards(html, statuses, recognitions)
    assert seen


@pytest.mark.parametrize("params", [{}, {"sort": "stars"}], ids=["default", "stars"])
def test_the_catalogue_ranks_valid_stars_then_uncertain_then_the_rest(client, today, params):
    statuses = _statuses()
    stars = {product.get_absolute_url(): product.ocop_stars for product in Product.objects.all()}
    order = []
    # The whole catalogue, not only the current fair's exhibitors (the default while it is on).
    for html in _catalogue_pages(client, {**params, "at_fair": "no"}):
        for card in CARD.findall(html):
            link = HREF.search(card).group(1)
            status = statuses[link]
            tier = {Validity.VALID: 0, Validity.UNCERTAIN: 1}.get(status, 2)
            # Stars rank only where the card shows them (valid, or may have expired).
            order.append((tier, -stars[link] if tier < 2 else 0))
    assert len(order) == len(statuses)
    assert order == sorted(order)
    # So the first pages hold the 56 valid awards, before the first that may have expired.
    assert [tier for tier, _stars in order][:57] == [0] * 56 + [1]


def test_the_dashboards_star_chart_counts_only_valid_awards_under_stars(organiser, today):
    response = organiser.get(reverse("dashboard:index"), {"csv": "stars"})
    rows = dict(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == {
        "Hạng sao": "Sản phẩm",
        "5 ★, còn hiệu lực": "3",
        "4 ★, còn hiệu lực": "14",
        "3 ★, còn hiệu lực": "39",
        "2 ★, còn hiệu lực": "0",
        "1 ★, còn hiệu lực": "0",
        "Hạng sao có thể đã hết hiệu lực": "51",
        "Hạng sao đã hết hiệu lực": "68",
        "Hạng sao chưa rõ ngày quyết định": "19",
        "Không có hạng sao": "44",
    }


def test_no_shared_shortlist_shows_a_lapsed_award_as_current(client, today):
    statuses, recognitions = _statuses(), _recognitions()
    ids = list(Product.objects.published().order_by("pk").values_list("pk", flat=True))
    seen = []
    for start in range(0, len(ids), MAX_ITEMS):  # a shortlist holds at most MAX_ITEMS
        query = ".".join(map(str, ids[start : start + MAX_ITEMS]))
        html = client.get(reverse("trade:shortlist-shared"), {"p": query}).content.decode()
        seen += _check_cards(html, statuses, recognitions, card_pattern=SHORTLIST_ITEM)
    assert Counter(seen) == Counter(statuses.values())


def test_the_floor_plan_shows_no_stars(client, today):
    html = client.get(reverse("cooperatives:floor-plan")).content.decode()
    plan = html.split('class="floor-plan-page"', 1)[1]
    assert "★" not in plan and GOLD not in plan and "sao OCOP" not in plan


def test_the_garlic_card_says_what_is_known(client, today):
    garlic = Product.objects.get(name="Tỏi đen Quảng Minh")
    html = client.get(garlic.cooperative.get_absolute_url()).content.decode()
    [card] = [card for card in CARD.findall(html) if garlic.name in card]
    assert "Được công nhận năm 2019 theo Quyết định 38/QĐ-UBND · chưa rõ hạng sao" in card


def test_year_only_awards_get_no_invented_day_on_their_page(client, today):
    year_only = Product.objects.published().filter(
        ocop_stars__isnull=False, certifications__date_precision="year"
    )
    assert year_only.count() > 100
    for product in year_only.distinct():
        html = client.get(product.get_absolute_url()).content.decode()
        # The latest award's facts (earlier awards below may have been decided on a known day).
        award = html.split('class="award', 1)[1].split("</dl>", 1)[0]
        latest = product.certifications.exclude(stars=None).first()
        if latest.date_precision == "year":
            assert not DAY.search(award), product.name
            assert f"năm {latest.decision_date.year}" in award, product.name


def test_the_product_page_says_what_is_known_of_each_kind_of_award(client, today):
    def award_text(name):
        html = client.get(Product.objects.get(name=name).get_absolute_url()).content.decode()
        return html.split('class="award', 1)[1].split("</section>", 1)[0]

    # A 2024 national 5★ known by its year: valid until some day of 2027.
    khe_sanh = award_text("Cà phê Khe Sanh (Khe Sanh Coffee)")
    assert "Còn hiệu lực: quyết định năm 2024, hết hạn vào một ngày trong năm 2027" in khe_sanh
    # A 2023 award known by its year: on 2 December 2026 it may have expired.
    assert "Có thể đã hết hiệu lực — chưa rõ ngày quyết định" in award_text("Bánh ram xứ Nghệ")
    # The 2019 provincial list without stars: its year and decision, not "nothing verified".
    garlic = award_text("Tỏi đen Quảng Minh")
    assert "38/QĐ-UBND" in garlic and "được công nhận năm 2019" in garlic
    assert "Chưa có chứng nhận OCOP nào" not in garlic


def test_home_features_only_valid_awards(client, today):
    html = client.get(reverse("catalog:home")).content.decode()
    featured = html.split('id="featured-title"', 1)[1]
    statuses = _statuses()
    links = [HREF.search(card).group(1) for card in CARD.findall(featured)]
    assert links and all(statuses[link] == Validity.VALID for link in links)


def test_star_filter_counts_valid_awards_unless_expired_ones_are_asked_for(client, today):
    url = reverse("catalog:product-list")
    published = Product.objects.published().filter(ocop_stars__gte=4)
    valid = published.with_valid_certificate().count()
    # Every product, not only those of the 2026 fair's exhibitors (the default while it is on).
    default = client.get(url, {"stars": "4", "at_fair": "no"})
    widened = client.get(url, {"stars": "4", "expired": "on", "at_fair": "no"})
    assert default.context["paginator"].count == valid
    assert widened.context["paginator"].count == published.count() > valid
    assert f"{valid} sản phẩm có chứng nhận OCOP còn hiệu lực hôm nay" in default.content.decode()
    assert (
        f"{published.count()} sản phẩm, tính cả chứng nhận đã hết hiệu lực"
        in widened.content.decode()
    )


def test_booth_signs_print_only_valid_stars(organiser, today):
    # The 2022 fair, where the issue found booth D1's lapsed award printed as current.
    fair = Fair.objects.get(year=2022)
    html = organiser.get(reverse("catalog:booth-signs", kwargs={"slug": fair.slug}))
    signs = re.findall(r'<article class="sign".*?</article>', html.content.decode(), re.DOTALL)
    assert len(signs) > 100
    best = {}
    for product in Product.objects.published().select_related("cooperative__province"):
        key = (escape(product.cooperative.name), escape(product.cooperative.province.name))
        if product.ocop_is_valid:
            best[key] = max(best.get(key, 0), product.ocop_stars)
    for sign in signs:
        name = re.search(r'<p class="sign-name">(.*?)</p>', sign)
        if name is None:
            continue  # a free booth
        province = re.search(r'<p class="sign-province">(.*?)</p>', sign).group(1)
        gold = re.search(r'<span class="stars-on" aria-hidden="true">(★*)</span>', sign)
        stars = len(gold.group(1)) if gold else None
        assert stars == best.get((name.group(1), province)), name.group(1)
    # Booth D1's 2020 4★ award expired in 2023: the issue saw it printed as current.
    d1 = organiser.get(
        reverse("catalog:booth-signs", kwargs={"slug": fair.slug}), {"booth": "D1"}
    ).content.decode()
    assert "Hạng sao OCOP cao nhất" not in d1


@pytest.mark.parametrize("year", [2022, 2026])
def test_directory_and_csv_exports_print_no_lapsed_stars(organiser, today, year):
    fair = Fair.objects.get(year=year)
    directory = organiser.get(reverse("cooperatives:fair-directory", kwargs={"slug": fair.slug}))
    listing = directory.content.decode().split('<div class="directory">', 1)[1]
    assert "★" not in listing and GOLD not in listing
    booths = organiser.get(reverse("cooperatives:fair-assignments-csv", kwargs={"slug": fair.slug}))
    assert "★" not in booths.content.decode("utf-8-sig")
    # The organisers' certificates table: a year-only award gives its year, never a day.
    response = organiser.get(reverse("dashboard:index"), {"csv": "certificates"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    assert rows
    names = {row[0]: row for row in rows}
    for product in Product.objects.published().filter(name__in=names):
        valid_until = names[product.name][header.index("Hiệu lực đến")]
        if product.ocop_expiry_is_exact:
            assert valid_until == product.ocop_valid_until.strftime("%d/%m/%Y")
        else:
            assert valid_until == str(product.ocop_expiry_year), product.name
