"""PostgreSQL only: pg_trgm and GIN indexes that keep substring and typo search fast at scale.

SQLite has no such indexes; the same queries run there as plain scans, which is fine at the
size of one fair.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "catalog_product_search_name_trgm": ("catalog_product", "search_name"),
    "catalog_product_search_text_trgm": ("catalog_product", "search_text"),
    "cooperatives_cooperative_search_name_trgm": ("cooperatives_cooperative", "search_name"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("cooperatives", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
