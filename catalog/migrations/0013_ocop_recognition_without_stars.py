"""A product without a star award keeps its latest recognition's year and decision.

catalog.services.product_refresh_ocop now copies them onto the product, as it does the stars, so
that a card says "recognised in 2019 by Decision 38/QĐ-UBND · star rating not known" without a
query per card. This migration fills them in for the products recorded before.

On SQLite, adding a column that is not nullable rebuilds catalog_product, and the copy keeps only
the indexes Django knows of: 0007's catalogue-order index and 0008's full-text triggers are made
again after the column is added (and after it is removed, when migrating back).
tests/catalog/test_migrations.py fails if they are missing.
"""

from django.db import migrations, models

ORDER_INDEX = "catalog_product_catalogue_order"  # 0007
FTS_TABLE = "catalog_product_words"  # 0008
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


def make_sqlite_indexes_again(apps, schema_editor):
    """The rebuilt table lost 0007's index and 0008's triggers (SQLite only)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {ORDER_INDEX} ON catalog_product "
        "(ocop_stars DESC, name_sort, id) WHERE status = 'published'"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        has_words_index = cursor.fetchone() is not None  # a Python without FTS5 has none
    if has_words_index:
        for name, body in TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        schema_editor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    schema_editor.execute("ANALYZE")


def fill_recognitions(apps, schema_editor):
    """Copy the latest recognition of each product without a star award onto the product."""
    Certification = apps.get_model("catalog", "Certification")
    Product = apps.get_model("catalog", "Product")
    latest = {}
    recognitions = Certification.objects.filter(product__ocop_stars__isnull=True).order_by(
        "product_id", models.F("decision_date").desc(nulls_last=True), "-id"
    )
    for certification in recognitions:
        latest.setdefault(certification.product_id, certification)
    for product_id, certification in latest.items():
        day = certification.decision_date
        Product.objects.filter(pk=product_id).update(
            ocop_recognition_year=day.year if day else None,
            ocop_recognition_decision=certification.decision_number,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0012_search_document_with_diacritics"),
    ]

    operations = [
        # Reversed last, after the columns are gone again.
        migrations.RunPython(migrations.RunPython.noop, make_sqlite_indexes_again),
        migrations.AddField(
            model_name="historicalproduct",
            name="ocop_recognition_decision",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=60,
                verbose_name="recognition decision",
            ),
        ),
        migrations.AddField(
            model_name="historicalproduct",
            name="ocop_recognition_year",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="recognised without stars in"
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="ocop_recognition_decision",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=60,
                verbose_name="recognition decision",
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="ocop_recognition_year",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="recognised without stars in"
            ),
        ),
        migrations.RunPython(make_sqlite_indexes_again, migrations.RunPython.noop),
        migrations.RunPython(fill_recognitions, migrations.RunPython.noop),
    ]
