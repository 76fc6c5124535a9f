"""PostgreSQL only: an index in the catalogue's default order over published products.

The catalogue lists published products by stars (best first, unrated last), then Vietnamese
alphabetical order (catalog.selectors.BY_STARS). With this index the first page reads 24 index
entries instead of sorting every product: 70 ms → 0.6 ms at 23,800 products (docs/benchmarks.md).
SQLite cannot index NULLS LAST, and needs no such index at one fair's size.
"""

from django.db import migrations

INDEX = "catalog_product_catalogue_order"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product "
            "(ocop_stars DESC NULLS LAST, name_sort, id) WHERE status = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_product_history")]

    operations = [migrations.RunPython(create_index, drop_index)]
