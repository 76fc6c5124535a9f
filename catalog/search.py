"""Vietnamese product search, the same core on SQLite and PostgreSQL.

Both sides of every comparison are normalised (ocop_fair.text.normalize_search_text), so case,
tone marks and đ/d never matter. Each word of the query must start a word somewhere in the
product's name or summary, its cooperative's name or its province's name; regional synonyms
stand in for each other. A misspelt word is corrected against the catalogue's vocabulary.
"""

import bisect
import functools
import re
import string
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from catalog.models import Product
from cooperatives.models import Cooperative, Province
from ocop_fair.cache import catalogue_count, catalogue_memo
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


# Shorter words are too ambiguous to correct: "lac" (peanut) is one letter from "loc", "lai",
# "lan", "lao"... and a search for peanuts should not list filter tea.
MIN_CORRECTED_LENGTH = 4
_LETTERS = string.ascii_lowercase + string.digits


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


class Correction(NamedTuple):
    """A word of the query that matched nothing and the words searched instead (normalised)."""

    typed: str  # "ongg"
    searched: tuple[str, ...]  # ("ong",)


class ProductSearch(NamedTuple):
    products: QuerySet  # filtered and annotated with search_rank (higher is better)
    corrections: tuple[Correction, ...] = ()


def product_search(queryset: QuerySet, query: str) -> ProductSearch:
    """The products query finds, and the corrections made when its words as typed found none."""
    terms = parse_terms(query)
    if not terms:
        return ProductSearch(queryset.annotate(search_rank=Value(0, output_field=IntegerField())))
    phrase = normalize_search_text(query[:MAX_QUERY_LENGTH])
    matches = queryset.filter(_words_match(terms))
    corrections: tuple[Correction, ...] = ()
    if not catalogue_count(matches):
        # Typo tolerance only when the words as typed find nothing: a visitor whose words match
        # wants those. The count is kept per catalogue version, as the page's own count is.
        corrected = correct_terms(terms, catalogue_vocabulary())
        if corrected != terms:
            corrections = tuple(
                Correction(" / ".join(sorted(typed)), tuple(sorted(searched)))
                for typed, searched in zip(terms, corrected, strict=True)
                if typed != searched
            )
            terms, matches = corrected, queryset.filter(_words_match(corrected))
    name_has_every_term = Q()
    for term in terms:
        name_has_every_term &= _any_word_start("search_name", term)
    ranked = matches.annotate(
        # Products whose own name matches rank first, then those whose name starts the query.
        search_rank=Case(
            When(search_name__startswith=phrase, then=Value(3)),
            When(name_has_every_term, then=Value(2)),
            When(_any_word_start("search_name", terms[0]), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return ProductSearch(ranked, corrections)


def catalogue_vocabulary() -> tuple[str, ...]:
    """The words of the names visitors search, sorted; computed once per catalogue version.

    Product, cooperative and province names, not the summaries. Normalised Vietnamese is written
    in syllables, a few thousand at most without tone marks, so the vocabulary hardly grows with
    the fair: 444 words at 238 products, 543 at 23,800 (docs/benchmarks.md). Without a shared
    cache it is read for every misspelt search (17 ms at 238 products, 116 ms at 23,800).
    """
    return catalogue_memo("search-vocabulary", _vocabulary)


def _vocabulary() -> tuple[str, ...]:
    names = [
        Product.objects.published().values_list("search_name", flat=True),
        Cooperative.objects.active().values_list("search_name", flat=True),
        Province.objects.values_list("search_name", flat=True),
    ]
    words: set[str] = set()
    for queryset in names:
        for name in queryset.iterator(chunk_size=5_000):
            words.update(name.split())
    return tuple(sorted(words))


def correct_terms(terms: list[frozenset[str]], vocabulary: tuple[str, ...]) -> list[frozenset[str]]:
    """Replace each term that starts no word of the vocabulary by the words one typo away.

    One typo is one letter left out, added, changed, or two letters swapped ("phux" → "phuc",
    "ongg" → "ong", "tach" → "trach"). A term with no such word is kept as typed.
    """
    return [
        term
        if any(_starts_a_word(word, vocabulary) for word in term)
        else frozenset(correction for word in term for correction in _corrections(word, vocabulary))
        or term
        for term in terms
    ]


def _first_word_from(text: str, vocabulary: tuple[str, ...]) -> str:
    """The first word of the sorted vocabulary not before text ("" if none): text itself if it
    is a word, else a word that text starts, if there is one."""
    index = bisect.bisect_left(vocabulary, text)
    return vocabulary[index] if index < len(vocabulary) else ""


def _starts_a_word(prefix: str, vocabulary: tuple[str, ...]) -> bool:
    return _first_word_from(prefix, vocabulary).startswith(prefix)


def _is_a_word(word: str, vocabulary: tuple[str, ...]) -> bool:
    return _first_word_from(word, vocabulary) == word


def _corrections(word: str, vocabulary: tuple[str, ...]) -> set[str]:
    """The vocabulary's words one edit from word; failing those, the starts of words one edit away.

    A query word may be the start of a word ("phuon" finds "phuong"), so a typo in a start counts
    too ("phuox" → "phuon"), but only when no whole word is one edit away.
    """
    if len(word) < MIN_CORRECTED_LENGTH:
        return set()
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}  # a letter left out
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + letter + right[1:] for left, right in splits if right for letter in _LETTERS}
    edits |= {left + letter + right for left, right in splits for letter in _LETTERS}
    edits.discard(word)
    words = {edit for edit in edits if _is_a_word(edit, vocabulary)}
    if words:
        return words
    return {edit for edit in edits if len(edit) >= len(word) and _starts_a_word(edit, vocabulary)}
