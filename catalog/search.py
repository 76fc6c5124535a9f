"""Vietnamese product search, the same core on SQLite and PostgreSQL.

Both sides of every comparison are normalised (ocop_fair.text.normalize_search_text), so case,
tone marks and đ/d never matter. Each word of the query must start a word somewhere in the
product's name or summary, its cooperative's name or its province's name; regional synonyms
stand in for each other. On PostgreSQL a misspelt name is still found through pg_trgm.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from catalog.models import Product
from cooperatives.models import Cooperative, Province
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


# A query word PostgreSQL's full-text parser reads as one plain token, so "word:*" is a safe
# prefix query for it (anything else keeps to the LIKE conditions alone).
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def _product_word_start(term: frozenset[str]) -> Q:
    condition = _any_word_start("search_text", term)
    if connection.vendor != "postgresql" or not all(_PLAIN_WORD.fullmatch(w) for w in term):
        return condition
    # Every word that starts with "ca" is also a full-text token with the prefix "ca", so a GIN
    # index on the words (catalog/migrations/0006) narrows the scan first; the LIKE conditions
    # then decide, so results stay those of SQLite (23,800 products: 20 ms → 8 ms for "ca").
    prefixes = " | ".join(f"{word}:*" for word in sorted(term))
    return condition & Q(
        RawSQL(
            "to_tsvector('simple'::regconfig, search_text) @@ to_tsquery('simple', %s)",
            [prefixes],
            output_field=BooleanField(),
        )
    )


def _term_keys(term: frozenset[str]) -> QuerySet:
    """Keys of the products a term matches: in their own text, cooperative or province.

    One query per table rather than one OR across a join, so each can use its own index instead
    of testing every row of the join (search at 20,000 products: 500 ms, docs/benchmarks.md).
    """
    cooperatives = Cooperative.objects.filter(_any_word_start("search_name", term))
    provinces = Province.objects.filter(_any_word_start("search_name", term))
    by_table = [
        Product.objects.filter(_product_word_start(term)),
        Product.objects.filter(cooperative__in=cooperatives),
        Product.objects.filter(cooperative__province__in=provinces),
    ]
    keys = [products.order_by().values_list("pk", flat=True) for products in by_table]
    return keys[0].union(*keys[1:])


def _matching_products(terms: list[frozenset[str]]) -> Q:
    """The products every term matches (any status), by key when there are few.

    The terms' sets are intersected in the database. The page then counts, ranks and lists the
    matches: by key each of those is an index lookup instead of another pass of the word search
    (at 23,800 products: 15 ms against 40 ms); past MATCHES_BY_KEY the query stays a subquery.
    """
    per_term = [_term_keys(term) for term in terms]
    combined = per_term[0].intersection(*per_term[1:]) if len(per_term) > 1 else per_term[0]
    keys = list(combined[: MATCHES_BY_KEY + 1])
    return Q(pk__in=keys) if len(keys) <= MATCHES_BY_KEY else Q(pk__in=combined)


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """Filter queryset by query and annotate search_rank (higher is better) for ordering."""
    terms = parse_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    phrase = normalize_search_text(query[:MAX_QUERY_LENGTH])
    matches = _matching_products(terms)
    if connection.vendor == "postgresql" and not queryset.filter(matches).exists():
        # Typo tolerance only when the words as typed find nothing: comparing the phrase with
        # every product name costs more than the word search (100 ms against 15 ms at 23,800
        # products, docs/benchmarks.md), and a visitor whose words match wants those.
        matches = _typo_matches(phrase)
    name_has_every_term = Q()
    for term in terms:
        name_has_every_term &= _any_word_start("search_name", term)
    return queryset.filter(matches).annotate(
        # Products whose own name matches rank first, then those whose name starts the query.
        search_rank=Case(
            When(search_name__startswith=phrase, then=Value(3)),
            When(name_has_every_term, then=Value(2)),
            When(_any_word_start("search_name", terms[0]), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _typo_matches(phrase: str) -> Q:
    # "phrase <% search_name" (pg_trgm word similarity, threshold 0.6), run once here: the page
    # then counts, ranks and lists the few products it finds by key.
    similar = Product.objects.filter(search_name__trigram_word_similar=phrase).order_by()
    return Q(pk__in=list(similar.values_list("pk", flat=True)[:MATCHES_BY_KEY]))
