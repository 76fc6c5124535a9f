"""Indexes that migrations make outside Django's knowledge must exist after all of them.

On SQLite Django rebuilds a table for many schema changes and keeps only the indexes it knows
of; a migration that forgets to make these again would leave the catalogue sorting every product
or the search index stale, with every other test still passing.
"""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def product_table_indexes():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "catalog_product"))


def test_the_catalogue_order_index_exists():
    assert "catalog_product_catalogue_order" in product_table_indexes()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's words index")
def test_postgresql_indexes_the_words_of_the_search_document():
    indexes = product_table_indexes()
    assert "catalog_product_search_document_words" in indexes
    assert "catalog_product_search_text_words" not in indexes  # replaced by the one above


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's words index")
def test_postgresql_words_index_has_no_pending_list():
    # A pending list is read whole by every search until VACUUM merges it (migration 0010).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'catalog_product_search_document_words'"
        )
        assert "fastupdate=off" in cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 words index")
def test_sqlite_keeps_its_words_index_in_step_with_triggers():
    from catalog.search import _sqlite_has_fts5

    if not _sqlite_has_fts5():
        pytest.skip("this Python's SQLite has no FTS5")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'catalog_product'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert triggers == {
        "catalog_product_words_insert",
        "catalog_product_words_update",
        "catalog_product_words_delete",
    }
