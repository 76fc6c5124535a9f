"""PostgreSQL only: the search words index takes new entries straight into its tree.

By default a GIN index collects new entries in an unsorted "pending list" and merges them into
its tree only at the next VACUUM (or when the list passes 4 MB); every search reads the whole
list meanwhile. After a bulk load, or between autovacuum runs, that was most of a search's index
time: at 23,800 products the list held 7,049 entries on 398 pages and the index lookup for
"ca phe" took 2.8 ms instead of 0.7 (docs/benchmarks.md). The catalogue is read far more than it
is written, so PostgreSQL's own advice applies: turn the pending list off and pay a little on each
write. The list already there is merged now.
"""

from django.db import migrations

INDEX = "catalog_product_search_document_words"


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Off first, so that nothing joins the list after it is merged.
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_product_featured_index")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
