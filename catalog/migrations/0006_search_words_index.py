"""PostgreSQL only: a GIN index of the words of each product's search text.

catalog/search.py asks it for word prefixes ("ca:*") before the LIKE word-start test, so a
search no longer reads every product. SQLite has no such index and needs none at one fair's size.
"""

from django.db import migrations

INDEX = "catalog_product_search_text_words"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_product_catalogue_order_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
