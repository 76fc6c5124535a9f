"""Vietnamese product search, the same core on SQLite and PostgreSQL.

Both sides of every comparison are normalised (ocop_fair.text.normalize_search_text), so case,
tone marks and đ/d never matter. Each word of the query must start a word somewhere in the
product's name or summary, its cooperative's name or its province's name; regional synonyms
stand in for each other. On PostgreSQL a misspelt name is still found through pg_trgm.
"""

import functools
import re
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from catalog.models import Product
from ocop_fair.cache import catalogue_count
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


# A misspelt search lists at most this many products like it (by key, in one parameter).
TYPO_MATCHES_LIMIT = 2_000


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


def _words_match(terms: list[frozenset[str]]) -> Q:
    """Every term at the start of a word of the product's search document.

    The document holds the product's name and summary, its cooperative's and its province's
    names (Product.search_document), so this is one condition on one table. Every word that
    starts with "ca" is also a full-text token with the prefix "ca": a full-text index of the
    document's words (catalog/migrations/0008) finds the candidates first, and the LIKE tests
    decide, so both databases give the same results. At 23,800 products the search "ca phe"
    reads 500 rows instead of 23,800 (docs/benchmarks.md).
    """
    condition = Q()
    for term in terms:
        condition &= _any_word_start("search_document", term)
    plain_terms = [sorted(term) for term in terms if all(map(_PLAIN_WORD.fullmatch, term))]
    if not plain_terms:
        return condition
    if connection.vendor == "postgresql":
        query = " & ".join(
            "(" + " | ".join(f"{word}:*" for word in words) + ")" for words in plain_terms
        )
        return condition & Q(
            RawSQL(
                "to_tsvector('simple'::regconfig, search_document) @@ to_tsquery('simple', %s)",
                [query],
                output_field=BooleanField(),
            )
        )
    if connection.vendor == "sqlite" and _sqlite_has_fts5():
        query = " AND ".join(
            "(" + " OR ".join(f'"{word}"*' for word in words) + ")" for words in plain_terms
        )
        return condition & Q(
            pk__in=RawSQL(
                "SELECT rowid FROM catalog_product_words WHERE catalog_product_words MATCH %s",
                [query],
            )
        )
    return condition


@functools.cache
def _sqlite_has_fts5() -> bool:
    """Whether this Python's SQLite has FTS5, and so migration 0008 made the words index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        return bool(cursor.fetchone()[0])


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """Filter queryset by query and annotate search_rank (higher is better) for ordering."""
    terms = parse_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    phrase = normalize_search_text(query[:MAX_QUERY_LENGTH])
    matches = queryset.filter(_words_match(terms))
    if connection.vendor == "postgresql" and not catalogue_count(matches):
        # Typo tolerance only when the words as typed find nothing: a visitor whose words match
        # wants those, and comparing the phrase with the product names costs more than the
        # word search. The count is kept per catalogue version, as the page's own count is.
        matches = queryset.filter(pk__in=_as_one_parameter(_typo_keys(phrase)))
    name_has_every_term = Q()
    for term in terms:
        name_has_every_term &= _any_word_start("search_name", term)
    return matches.annotate(
        # Products whose own name matches rank first, then those whose name starts the query.
        search_rank=Case(
            When(search_name__startswith=phrase, then=Value(3)),
            When(name_has_every_term, then=Value(2)),
            When(_any_word_start("search_name", terms[0]), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _as_one_parameter(keys: list[int]) -> RawSQL:
    """Keys for pk__in as one array parameter, not one parameter per key.

    Each query parameter costs Django and the driver work in Python: at 1,000 matches the page's
    list and count queries spent about 4 ms only on passing the keys (docs/benchmarks.md).
    """
    return RawSQL("SELECT unnest(%s::bigint[])", [keys])


def _typo_keys(phrase: str) -> list[int]:
    """Products whose name is like the phrase ("phrase <% search_name", pg_trgm word similarity).

    Run once; the page then counts, ranks and lists the few products it finds by key.
    """
    similar = Product.objects.filter(search_name__trigram_word_similar=phrase).order_by()
    with _sequential_scans_off():
        return list(similar.values_list("pk", flat=True)[:TYPO_MATCHES_LIMIT])


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
