"""Read the product CSV and plan producers, products and awards, without touching the database."""

import csv
import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from catalog import rules as award_rules
from catalog.demo.facts import DECISIONS_BY_SOURCE, PRODUCT_ALIASES
from cooperatives import rules as producer_rules
from ocop_fair.text import normalize_search_text

DatePrecision = award_rules.DatePrecision


@dataclass(frozen=True)
class SourceRow:
    """One line of fixtures/ocop_products.csv: one product at one award, as the source stated it."""

    line: int
    product_name: str
    group_name: str
    stars: int | None
    producer_name: str
    producer_type: str
    commune: str
    district: str
    province: str
    year: int | None
    source_url: str

    @property
    def place(self) -> str:
        return producer_rules.place_line(self.commune, self.district, self.province)

    @property
    def merged_name(self) -> str:
        return PRODUCT_ALIASES.get((self.province, self.product_name), self.product_name)


@dataclass
class ProducerPlan:
    province: str
    name: str
    kind: str
    commune: str = ""
    district: str = ""
    is_verified: bool = True
    description: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.province, producer_rules.producer_key(self.name)


@dataclass(frozen=True)
class AwardPlan:
    stars: int | None  # None: a recognition whose source states no stars
    decision_date: datetime.date | None
    date_precision: str
    decision_number: str
    level: str
    criteria_version: str
    award_type: str
    holder_name: str
    source_url: str


@dataclass
class ProductPlan:
    province: str
    name: str
    group_code: str
    summary: str
    source_url: str
    producer: ProducerPlan
    awards: list[AwardPlan] = field(default_factory=list)  # oldest first

    @property
    def current_stars(self) -> int | None:
        return self.awards[-1].stars if self.awards else None

    @property
    def is_featured(self) -> bool:
        # Editorial: the 4★ and 5★ products lead the catalogue, whether or not still valid.
        return self.current_stars in (4, 5)


def read_rows(path: Path) -> list[SourceRow]:
    """Return the CSV's rows with text in NFC, so that equal names compare equal."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [_to_row(line, record) for line, record in enumerate(csv.DictReader(handle), 2)]


def _to_row(line: int, record: dict[str, str]) -> SourceRow:
    text = {
        key: unicodedata.normalize("NFC", (value or "").strip()) for key, value in record.items()
    }
    return SourceRow(
        line=line,
        product_name=text["product_name"],
        group_name=text["product_group"],
        stars=int(text["stars"]) if text["stars"] else None,
        producer_name=text["producer_name"],
        producer_type=text["producer_type"],
        commune=text["commune"],
        district=text["district"],
        province=text["province"],
        year=int(text["year_recognized"]) if text["year_recognized"] else None,
        source_url=text["source_url"],
    )


def award_date(row: SourceRow) -> tuple[datetime.date | None, str, str]:
    """Return (decision date, its precision, decision number) for a row's award."""
    decision = DECISIONS_BY_SOURCE.get(row.source_url)
    if decision is not None and decision.round_year == row.year:
        if decision.day is not None:
            return decision.day, DatePrecision.DAY, decision.number
        return datetime.date(row.year, 1, 1), DatePrecision.YEAR, decision.number
    if row.year is not None:
        return datetime.date(row.year, 1, 1), DatePrecision.YEAR, ""
    return None, DatePrecision.UNKNOWN, ""


def _chronology(row: SourceRow) -> tuple:
    # Undated awards first: in this CSV an undated award of a merged product is the older mention
    # (docs/domain.md §f: Khe Sanh's 4★ came before its 2024 national 5★). Same order as the model's
    # "latest first" ordering, reversed.
    day = award_date(row)[0]
    return day is not None, day or datetime.date.min, row.line


def collect_producers(rows: Iterable[SourceRow]) -> dict[tuple[str, str], ProducerPlan]:
    """Return the named producers, one per normalised name and province, first spelling kept."""
    producers: dict[tuple[str, str], ProducerPlan] = {}
    for row in rows:
        if not row.producer_name:
            continue
        kind = producer_rules.KIND_BY_TYPE[row.producer_type]
        plan = producers.setdefault(
            (row.province, producer_rules.producer_key(row.producer_name)),
            ProducerPlan(province=row.province, name=row.producer_name, kind=kind),
        )
        # A later row may know what the first one left blank.
        plan.kind = kind if plan.kind == producer_rules.Kind.UNKNOWN else plan.kind
        plan.commune = plan.commune or row.commune
        plan.district = plan.district or row.district
    return producers


def _placeholder_producer(row: SourceRow, product_name: str) -> ProducerPlan:
    kind = producer_rules.KIND_BY_TYPE[row.producer_type]
    return ProducerPlan(
        province=row.province,
        name=producer_rules.placeholder_producer_name(product_name),
        kind=kind,
        commune=row.commune,
        district=row.district,
        is_verified=False,
        description=producer_rules.placeholder_description(kind),
    )


def _awards(rows: list[SourceRow], owner: ProducerPlan, producers: dict) -> list[AwardPlan]:
    awards: list[AwardPlan] = []
    for row in rows:
        decision_date, precision, number = award_date(row)
        level, criteria = award_rules.infer_level_and_criteria(row.stars, decision_date, precision)
        holder = producers.get((row.province, producer_rules.producer_key(row.producer_name)))
        awards.append(
            AwardPlan(
                stars=row.stars,
                decision_date=decision_date,
                date_precision=precision,
                decision_number=number,
                level=level,
                criteria_version=criteria,
                award_type=award_rules.infer_award_type(
                    row.stars, [a.stars for a in awards if a.stars is not None]
                ),
                # The producer as the decision named it, when it is not today's owner.
                holder_name=holder.name if holder is not None and holder is not owner else "",
                source_url=row.source_url,
            )
        )
    return awards


def plan_product(
    rows: list[SourceRow], producers: dict, group_codes: dict[str, str]
) -> ProductPlan:
    """Plan one product from its rows: the latest award's row gives its owner, group and place."""
    name = rows[0].merged_name  # the first spelling met in the CSV
    rows = sorted(rows, key=_chronology)
    awarded = [row for row in rows if row.stars is not None]
    # Without any star award, a recognition the source dates (a provincial list of 2019 naming
    # no stars) keeps its year, decision and source rather than vanishing.
    recognised = awarded or [row for row in rows if row.year is not None]
    primary = (awarded or rows)[-1]
    owner = producers.get((primary.province, producer_rules.producer_key(primary.producer_name)))
    if owner is None:
        owner = _placeholder_producer(primary, name)
    return ProductPlan(
        province=primary.province,
        name=name,
        group_code=award_rules.refine_group_code(group_codes[primary.group_name], name),
        summary=award_rules.product_summary(
            group_name=primary.group_name,
            producer_name=owner.name if owner.is_verified else "",
            place=primary.place,
        ),
        source_url=primary.source_url,
        producer=owner,
        awards=_awards(recognised, owner, producers),
    )


def plan_catalogue(rows: list[SourceRow], group_codes: dict[str, str]) -> list[ProductPlan]:
    """Plan every product of the CSV, merging rows of one product (same province, same name)."""
    producers = collect_producers(rows)
    by_product: dict[tuple[str, str], list[SourceRow]] = {}
    for row in rows:
        key = row.province, normalize_search_text(row.merged_name)
        by_product.setdefault(key, []).append(row)
    return [plan_product(group, producers, group_codes) for group in by_product.values()]
