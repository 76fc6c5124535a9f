"""SQLite: a full-text index of the words of each product's search text (FTS5).

The SQLite counterpart of 0006: catalog/search.py asks it for word prefixes ("ca"*) before the
LIKE word-start test, so a search no longer reads every product (23,800 products: 13 ms for the
word "phe", docs/benchmarks.md). An external-content FTS5 table holds only the index; triggers
keep it in step with every insert, update and delete, bulk ones included.

If a later migration makes Django rebuild catalog_product on SQLite (some ALTERs copy the table),
the triggers go with the old table: recreate them there. The search tests would fail first.
Python builds whose SQLite lacks FTS5 skip this, and search keeps to the LIKE test.
"""

from django.db import migrations

TABLE = "catalog_product_words"
TRIGGERS = {
    "catalog_product_words_insert": f"""
        AFTER INSERT ON catalog_product BEGIN
            INSERT INTO {TABLE} (rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    "catalog_product_words_delete": f"""
        AFTER DELETE ON catalog_product BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END""",
    "catalog_product_words_update": f"""
        AFTER UPDATE OF search_text ON catalog_product BEGIN
            INSERT INTO {TABLE} ({TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
            INSERT INTO {TABLE} (rowid, search_text) VALUES (new.id, new.search_text);
        END""",
}


def _sqlite_with_fts5(schema_editor) -> bool:
    if schema_editor.connection.vendor != "sqlite":
        return False
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        return bool(cursor.fetchone()[0])


def create_index(apps, schema_editor):
    if not _sqlite_with_fts5(schema_editor):
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5"
        "(search_text, content='catalog_product', content_rowid='id')"
    )
    for name, body in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    schema_editor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_sqlite_catalogue_order_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
