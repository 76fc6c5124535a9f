"""The product's search document, and full-text indexes of its words on both databases.

The catalogue search (catalog/search.py) matches every word of a query in the product's name and
summary, its cooperative's name or its province's name. With the three in one column (Product.
search_document, kept in step by Product.save and catalog.signals) a search is one indexed query
on one table; across the join PostgreSQL tested every row or misjudged how many would match
(docs/benchmarks.md).

The full-text indexes narrow each search by word prefix ("ca"*) before the LIKE word-start test
decides: on PostgreSQL a GIN expression index, replacing 0006's on the search text alone; on
SQLite an external-content FTS5 table that triggers keep in step with every insert, update and
delete, bulk ones included. A Python whose SQLite lacks FTS5 skips that index, and search keeps
to LIKE.

On SQLite, Django rebuilds catalog_product for many schema changes (adding this column is one)
and the copy keeps only the indexes Django knows of: a later migration that does so must make
0007's index and these triggers again, as this one does for 0007's.
tests/catalog/test_migrations.py fails if it does not.
"""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Concat

from ocop_fair.db import sqlite_has_fts5

SEPARATOR = " \n "  # catalog.models.SEARCH_DOCUMENT_SEPARATOR
OLD_INDEX = "catalog_product_search_text_words"
INDEX = "catalog_product_search_document_words"
ORDER_INDEX = "catalog_product_catalogue_order"  # 0007
FTS_TABLE = "catalog_product_words"
TRIGGERS = {
    "catalog_product_words_insert": f"""
        AFTER INSERT ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE} (rowid, search_document)
            VALUES (new.id, new.search_document);
        END""",
    "catalog_product_words_delete": f"""
        AFTER DELETE ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
        END""",
    "catalog_product_words_update": f"""
        AFTER UPDATE OF search_document ON catalog_product BEGIN
            INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, search_document)
            VALUES ('delete', old.id, old.search_document);
            INSERT INTO {FTS_TABLE} (rowid, search_document)
            VALUES (new.id, new.search_document);
        END""",
}


def fill_documents(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    cooperative = Cooperative.objects.filter(pk=OuterRef("cooperative_id"))
    Product.objects.update(
        search_document=Concat(
            F("search_text"),
            Value(SEPARATOR),
            Subquery(cooperative.values("search_name")),
            Value(SEPARATOR),
            Subquery(cooperative.values("province__search_name")),
            output_field=models.TextField(),
        )
    )


def make_order_index_again(apps, schema_editor):
    """Adding or removing the column rebuilds catalog_product on SQLite, without 0007's index."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {ORDER_INDEX} ON catalog_product "
            "(ocop_stars DESC, name_sort, id) WHERE status = 'published'"
        )
        schema_editor.execute("ANALYZE")


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product "
            "USING gin (to_tsvector('simple'::regconfig, search_document))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        return
    if sqlite_has_fts5(connection):
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5"
            "(search_document, content='catalog_product', content_rowid='id')"
        )
        for name, body in TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        schema_editor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")


def drop_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON catalog_product "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    elif connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_sqlite_catalogue_order_index"),
        ("cooperatives", "0005_enquiries"),
    ]

    operations = [
        # Reversed last, after the column is gone again.
        migrations.RunPython(migrations.RunPython.noop, make_order_index_again),
        migrations.AddField(
            model_name="product",
            name="search_document",
            field=models.TextField(default="", editable=False, verbose_name="search document"),
        ),
        migrations.RunPython(make_order_index_again, migrations.RunPython.noop),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
