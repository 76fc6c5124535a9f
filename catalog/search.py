"""Vietnamese product search, the same core on SQLite and PostgreSQL.

Both sides of every comparison are normalised (ocop_fair.text.normalize_search_text), so case,
tone marks and đ/d never matter. Each word of the query must start a word somewhere in the
product's name or summary, its cooperative's name or its province's name; regional synonyms
stand in for each other. On PostgreSQL a misspelt name is still found through pg_trgm.
"""

import functools
import json
import re
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from catalog.models import Product
from cooperatives.models import Cooperative
from ocop_fair.text import normalize_search_text

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

# Northern and southern words for the same thing (normalised). A small, tested table.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"vung", "me"}),
    frozenset({"lon", "heo"}),
    frozenset({"dua", "thom"}),
    frozenset({"ngo", "bap"}),
    frozenset({"lac", "dau phong"}),
    frozenset({"bat", "chen"}),
    frozenset({"mi", "my"}),
    frozenset({"trai", "qua"}),
)
_SYNONYMS = {word: group for group in SYNONYM_GROUPS for word in group}
# Longest phrases first, so "dau phong" is read as one term before "dau".
_PHRASES = sorted(_SYNONYMS, key=lambda phrase: -len(phrase.split()))


# Up to this many matches are passed on by key (SQLite accepts 32,766 parameters); a broader
# search keeps its conditions in the later queries instead.
MATCHES_BY_KEY = 2_000


def parse_terms(query: str) -> list[frozenset[str]]:
    """Split a query into terms; each term is the set of words that may stand for it."""
    words = normalize_search_text(query[:MAX_QUERY_LENGTH]).split()
    terms: list[frozenset[str]] = []
    index = 0
    while index < len(words) and len(terms) < MAX_TERMS:
        for phrase in _PHRASES:
            size = len(phrase.split())
            if " ".join(words[index : index + size]) == phrase:
                terms.append(_SYNONYMS[phrase])
                index += size
                break
        else:
            terms.append(frozenset({words[index]}))
            index += 1
    return terms


def _word_start(field: str, word: str) -> Q:
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})


def _any_word_start(field: str, term: frozenset[str]) -> Q:
    condition = Q()
    for word in term:
        condition |= _word_start(field, word)
    return condition


# A query word the full-text parsers (PostgreSQL's and SQLite FTS5's) read as one plain token, so
# a prefix query for it is safe (anything else keeps to the LIKE conditions alone).
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def _product_word_start(term: frozenset[str]) -> Q:
    """A term at the start of a word of the product's own text (name and summary).

    Every word that starts with "ca" is also a full-text token with the prefix "ca", so a
    full-text index of the words (catalog/migrations/0006 on PostgreSQL, 0008 on SQLite) narrows
    the candidates first; the LIKE conditions then decide, so both databases give the same results
    (23,800 products: 20 ms → 8 ms for "ca" on PostgreSQL, docs/benchmarks.md).
    """
    condition = _any_word_start("search_text", term)
    if not all(_PLAIN_WORD.fullmatch(word) for word in term):
        return condition
    words = sorted(term)
    if connection.vendor == "postgresql":
        return condition & Q(
            RawSQL(
                "to_tsvector('simple'::regconfig, search_text) @@ to_tsquery('simple', %s)",
                [" | ".join(f"{word}:*" for word in words)],
                output_field=BooleanField(),
            )
        )
    if connection.vendor == "sqlite" and _sqlite_has_fts5():
        return condition & Q(
            pk__in=RawSQL(
                "SELECT rowid FROM catalog_product_words WHERE catalog_product_words MATCH %s",
                [" OR ".join(f'"{word}"*' for word in words)],
            )
        )
    return condition


@functools.cache
def _sqlite_has_fts5() -> bool:
    """Whether this Python's SQLite has FTS5, and so migration 0008 made the words index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        return bool(cursor.fetchone()[0])


def _term_keys(term: frozenset[str]) -> QuerySet:
    """Keys of the products a term matches: in their own text, cooperative or province.

    The cooperatives whose own or province's name matches are listed first (a small table: 2,080
    rows at 100 times the demo fair), so the products are one indexed query on one table: the full-text index for their
    words, the cooperative index for the rest. One OR across the join tested every row of it
    instead (search at 20,000 products: 500 ms), and subqueries of the small tables gave
    PostgreSQL estimates so wrong that it scanned every product (docs/benchmarks.md).
    """
    cooperatives = Cooperative.objects.filter(
        _any_word_start("search_name", term) | _any_word_start("province__search_name", term)
    )
    condition = _product_word_start(term)
    if cooperative_keys := list(cooperatives.order_by().values_list("pk", flat=True)):
        condition |= Q(cooperative__in=cooperative_keys)
    return Product.objects.filter(condition).order_by().values_list("pk", flat=True)


def _term_anywhere(term: frozenset[str]) -> Q:
    """A term in the product's own words, its cooperative's name or its province's name."""
    return (
        _any_word_start("search_text", term)
        | _any_word_start("cooperative__search_name", term)
        | _any_word_start("cooperative__province__search_name", term)
    )


def _matching_keys(queryset: QuerySet, terms: list[frozenset[str]]) -> list[int] | QuerySet:
    """Keys of the products of queryset that every term matches: a list when there are few.

    The term likely to match fewest products (its shortest word is the longest) is looked up
    through the indexes; the other terms are then tested on its matches alone, so a short, common
    word ("ca" matches 5,200 of 23,800 products) is never matched across the whole table (search
    "ca phe" at 23,800 products: 17 ms against 4 ms on PostgreSQL, docs/benchmarks.md). The page then
    counts, ranks and lists the matches by key; past MATCHES_BY_KEY the query stays a subquery.
    """
    first, *others = sorted(terms, key=lambda term: -min(len(word) for word in term))
    candidates = queryset.filter(pk__in=_term_keys(first))
    for term in others:
        candidates = candidates.filter(_term_anywhere(term))
    candidates = candidates.order_by().values_list("pk", flat=True)
    keys = list(candidates[: MATCHES_BY_KEY + 1])
    return keys if len(keys) <= MATCHES_BY_KEY else candidates


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """Filter queryset by query and annotate search_rank (higher is better) for ordering."""
    terms = parse_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    phrase = normalize_search_text(query[:MAX_QUERY_LENGTH])
    keys = _matching_keys(queryset, terms)
    if connection.vendor == "postgresql" and keys == []:
        # Typo tolerance only when the words as typed find nothing: a visitor whose words match
        # wants those, and comparing the phrase with the product names costs more than the word
        # search (7 ms against 3 ms at 23,800 products, docs/benchmarks.md).
        keys = _typo_keys(phrase)
    name_has_every_term = Q()
    for term in terms:
        name_has_every_term &= _any_word_start("search_name", term)
    return queryset.filter(pk__in=_as_one_parameter(keys)).annotate(
        # Products whose own name matches rank first, then those whose name starts the query.
        search_rank=Case(
            When(search_name__startswith=phrase, then=Value(3)),
            When(name_has_every_term, then=Value(2)),
            When(_any_word_start("search_name", terms[0]), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _as_one_parameter(keys: list[int] | QuerySet) -> list[int] | QuerySet | RawSQL:
    """Keys for pk__in as one array (PostgreSQL) or JSON (SQLite) parameter, not one per key.

    Each query parameter costs Django and the driver work in Python: at 1,000 matches the page's
    list and count queries spent about 4 ms only on passing the keys (docs/benchmarks.md).
    """
    if not isinstance(keys, list):
        return keys
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [keys])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])


def _typo_keys(phrase: str) -> list[int]:
    """Products whose name is like the phrase ("phrase <% search_name", pg_trgm word similarity).

    Run once; the page then counts, ranks and lists the few products it finds by key.
    """
    similar = Product.objects.filter(search_name__trigram_word_similar=phrase).order_by()
    with _sequential_scans_off():
        return list(similar.values_list("pk", flat=True)[:MATCHES_BY_KEY])


@contextmanager
def _sequential_scans_off():
    """Make PostgreSQL use the trigram index for the next query.

    At its default costs (random_page_cost = 4, made for spinning disks) PostgreSQL reckons the
    GIN trigram index dearer than comparing the phrase with every name, which takes 93 ms at
    23,800 products against 6 ms through the index. Set for this query only (set_config with
    is_local, undone before leaving), since the same costs suit the rest of the catalogue.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        previous, _ = cursor.fetchone()
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
