"""Vietnamese product search, the same core on SQLite and PostgreSQL.

Both sides of every comparison are normalised (ocop_fair.text.normalize_search_text), so case,
tone marks and đ/d never matter. Each word of the query must start a word somewhere in the
product's name or summary, its cooperative's name or its province's name; regional synonyms
stand in for each other. On PostgreSQL a misspelt name is still found through pg_trgm.
"""

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

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

SEARCH_FIELDS = (
    "search_text",
    "cooperative__search_name",
    "cooperative__province__search_name",
)


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


def _term_matches(term: frozenset[str]) -> Q:
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= _any_word_start(field, term)
    return condition


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """Filter queryset by query and annotate search_rank (higher is better) for ordering."""
    terms = parse_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    matches = Q()
    for term in terms:
        matches &= _term_matches(term)
    phrase = normalize_search_text(query[:MAX_QUERY_LENGTH])
    if connection.vendor == "postgresql":
        matches |= _typo_matches(phrase)
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
    # "phrase <% search_name" (pg_trgm word similarity, threshold 0.6): served by a GIN index.
    return Q(search_name__trigram_word_similar=phrase)
