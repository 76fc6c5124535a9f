"""Vietnamese product search, the same core on SQLite and PostgreSQL.

Each word of the query must start a word somewhere in the product's name or summary, its
cooperative's name or its province's names (at the fair and today); case never matters. A word
typed without diacritics matches every spelling ("lon": long, lợn, lòng); a word typed with them
matches only words with those diacritics ("lợn" never finds "long", "ngô" never "ngọc"), the tone
mark's place in "oa", "oe", "uy" apart (ocop_fair.text.search_forms). Regional synonyms stand in
for each other, and a misspelt word is corrected against the catalogue's vocabulary.
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
from ocop_fair.db import sqlite_has_fts5
from ocop_fair.text import has_diacritics, search_words, strip_diacritics

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8

# Northern and southern words for the same thing, with their diacritics. A small, tested table.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"vừng", "mè"}),
    frozenset({"lợn", "heo"}),
    frozenset({"dứa", "thơm"}),
    frozenset({"ngô", "bắp"}),
    frozenset({"lạc", "đậu phộng"}),
    frozenset({"bát", "chén"}),
    frozenset({"mì", "mỳ"}),
    frozenset({"trái", "quả"}),
)
# Typed with diacritics, a word stands for the group's words with theirs ("dứa": dứa, thơm; not
# "dưa", melon); typed without, for the group's words without ("dua": dua, thom).
_SYNONYMS = {word: group for group in SYNONYM_GROUPS for word in group} | {
    strip_diacritics(word): frozenset(map(strip_diacritics, group))
    for group in SYNONYM_GROUPS
    for word in group
}
# Longest phrases first, so "dau phong" is read as one term before "dau".
_PHRASES = sorted(_SYNONYMS, key=lambda phrase: -len(phrase.split()))


# Shorter words are too ambiguous to correct: "lac" (peanut) is one letter from "loc", "lai",
# "lan", "lao"... and a search for peanuts should not list filter tea.
MIN_CORRECTED_LENGTH = 4
_LETTERS = string.ascii_lowercase + string.digits
# The letters a word typed with diacritics is corrected with: every vowel with every tone, and đ.
_VIETNAMESE_LETTERS = (
    _LETTERS
    + "đăâêôơư"
    + "".join(
        letter
        for vowel in "aăâeêioôơuưy"
        for letter in search_words(
            " ".join(vowel + tone for tone in "\u0300\u0301\u0303\u0309\u0323")
        )
    )
)


def parse_terms(query: str) -> list[frozenset[str]]:
    """Split a query into terms; each term is the set of words that may stand for it."""
    words = search_words(query[:MAX_QUERY_LENGTH])
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


def _any_whole_word(field: str, term: frozenset[str]) -> Q:
    condition = Q()
    for word in term:
        condition |= (
            Q(**{field: word})
            | Q(**{f"{field}__startswith": f"{word} "})
            | Q(**{f"{field}__contains": f" {word} "})
            | Q(**{f"{field}__endswith": f" {word}"})
        )
    return condition


# A query word the full-text parsers (PostgreSQL's and SQLite FTS5's) read as one plain token, so
# a prefix query for it is safe (anything else keeps to the LIKE conditions alone).
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def _words_match(terms: list[frozenset[str]]) -> Q:
    """Every term at the start of a word of the product's search document.

    The document holds the product's name and summary, its cooperative's and its province's
    names (catalog.models.search_document), each without diacritics and with them, in one column,
    so this is one condition on one table. Every word that starts with "ca" or "cà" is also a
    full-text token with the prefix "ca": a full-text index of the document's words
    (catalog/migrations/0008) finds the candidates first, and the LIKE tests decide, so both
    databases give the same results. At 23,800 products the search "ca phe" reads 500 rows
    instead of 23,800 (docs/benchmarks.md).
    """
    condition = Q()
    for term in terms:
        condition &= _any_word_start("search_document", term)
    plain_terms = [
        sorted({strip_diacritics(word) for word in term})
        for term in terms
        if all(_PLAIN_WORD.fullmatch(strip_diacritics(word)) for word in term)
    ]
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
    """sqlite_has_fts5 of the default database, asked once per process."""
    return sqlite_has_fts5(connection)


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
        # No word at all: an empty query lists everything, one of symbols only ("%%") nothing.
        found = queryset.none() if query.strip() else queryset
        return ProductSearch(found.annotate(search_rank=Value(0, output_field=IntegerField())))
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
    phrase = " ".join(search_words(query[:MAX_QUERY_LENGTH]))
    return ProductSearch(_ranked(matches, terms, phrase), corrections)


def _in_name(word: str) -> list[tuple[str, str]]:
    """Where and how to look for word in a product's name: (field, form) pairs.

    Without diacritics in search_name. With them in the name as written, lower-case or
    capitalised ("thành", "Thành"): a short column, and the same answer on both databases for
    names written in ordinary case (SQLite's LIKE ignores the case of ASCII letters only).
    """
    if not has_diacritics(word):
        return [("search_name", word)]
    return [("name", word), ("name", word[:1].upper() + word[1:])]


def _name_word_start(term: frozenset[str]) -> Q:
    condition = Q()
    for word in term:
        for field, form in _in_name(word):
            condition |= _word_start(field, form)
    return condition


def _name_whole_word(term: frozenset[str]) -> Q:
    condition = Q()
    for word in term:
        for field, form in _in_name(word):
            condition |= _any_whole_word(field, frozenset({form}))
    return condition


def _ranked(matches: QuerySet, terms: list[frozenset[str]], phrase: str) -> QuerySet:
    """Annotate matches with search_rank: whole words first, then the product's own name.

    First the products whose name or summary has every term as a whole word ("ngo": ngô, ngó)
    rather than the start of one (ngọc), the words typed before their synonyms; among them,
    those whose name starts with the query, then those whose name holds every term, as a whole
    word then as a start, then those whose name holds the first.

    Only short columns are read: the whole words in search_text (name and summary, without
    diacritics: whether a word typed with them is in the product's document the filter has
    decided already), the name in search_name or as written (_in_name). Testing whole words in
    the document, twice as long since it holds both forms, doubled the ranking's time for `tra`
    at 23,800 products (docs/benchmarks.md).
    """
    every_typed_whole, every_whole, every_whole_in_name, every_start_in_name = Q(), Q(), Q(), Q()
    synonyms_typed = False
    for term in terms:
        # The word typed before its synonyms ("mè": sesame oil, then "vừng" cakes).
        typed = frozenset(word for word in term if f" {word} " in f" {phrase} ") or term
        every_typed_whole &= _any_whole_word("search_text", frozenset(map(strip_diacritics, typed)))
        every_whole &= _any_whole_word("search_text", frozenset(map(strip_diacritics, term)))
        synonyms_typed = synonyms_typed or typed != term
        every_whole_in_name &= _name_whole_word(term)
        every_start_in_name &= _name_word_start(term)
    starts_whole, starts = Q(), Q()
    for field, form in _in_name(phrase):
        starts_whole |= Q(**{field: form}) | Q(**{f"{field}__startswith": f"{form} "})
        starts |= Q(**{f"{field}__startswith": form})
    name_level = Case(
        When(starts_whole, then=Value(5)),
        When(every_whole_in_name, then=Value(4)),
        When(starts, then=Value(3)),
        When(every_start_in_name, then=Value(2)),
        When(_name_word_start(terms[0]), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    whole_words = [When(every_typed_whole, then=Value(20))]
    if synonyms_typed:  # otherwise the same test again
        whole_words.append(When(every_whole, then=Value(10)))
    whole = Case(*whole_words, default=Value(0), output_field=IntegerField())
    return matches.annotate(search_rank=whole + name_level)


def catalogue_vocabulary() -> tuple[str, ...]:
    """The words of the names visitors search, sorted; computed once per catalogue version.

    Product, cooperative and province names, not the summaries, each word without diacritics and
    with them. Vietnamese is written in syllables, a few thousand at most, so the vocabulary
    hardly grows with the fair: 444 words without diacritics at 238 products, 543 at 23,800
    (docs/benchmarks.md). Without a shared
    cache it is read for every misspelt search (17 ms at 238 products, 116 ms at 23,800).
    """
    return catalogue_memo("search-words", _vocabulary)


def _vocabulary() -> tuple[str, ...]:
    names = [
        Product.objects.published().values_list("name", flat=True),
        Cooperative.objects.active().values_list("name", flat=True),
        Province.objects.values_list("name", flat=True),
        Province.objects.values_list("current_name", flat=True),
    ]
    typed: set[str] = set()
    for queryset in names:
        for name in queryset.iterator(chunk_size=5_000):
            typed.update(name.split())
    # Each word once, in both its forms: a few thousand, however many products share them.
    words: set[str] = set()
    for token in typed:
        for word in search_words(token):
            words.update((word, strip_diacritics(word)))
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
    # A word typed with diacritics is corrected to a word with diacritics, never to one that
    # would match every spelling ("dứaa" may become "dứa", never "dua").
    accented = has_diacritics(word)
    letters = _VIETNAMESE_LETTERS if accented else _LETTERS
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}  # a letter left out
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + letter + right[1:] for left, right in splits if right for letter in letters}
    edits |= {left + letter + right for left, right in splits for letter in letters}
    edits = {edit for edit in edits if has_diacritics(edit) == accented}
    edits.discard(word)
    words = {edit for edit in edits if _is_a_word(edit, vocabulary)}
    if words:
        return words
    return {edit for edit in edits if len(edit) >= len(word) and _starts_a_word(edit, vocabulary)}
