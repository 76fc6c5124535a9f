"""Search documents hold every word with its diacritics too, and the province's name today.

catalog.models.search_document now writes each part of the document twice, without diacritics
and with them, so that a word typed with diacritics finds only the words that have them
(catalog/search.py), and the province part holds the name of the unit it belongs to since 2025
(cooperatives/migrations/0006). The column and its indexes stay; every document is rewritten.
"""

from django.db import migrations

from catalog.models import search_document


def rewrite_documents(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    rows = Product.objects.values_list(
        "pk",
        "name",
        "summary",
        "cooperative__name",
        "cooperative__province__name",
        "cooperative__province__current_name",
    ).order_by("pk")
    changed = [
        Product(pk=pk, search_document=search_document(*names))
        for pk, *names in rows.iterator(chunk_size=2_000)
    ]
    Product.objects.bulk_update(changed, ["search_document"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0011_ocop_validity_as_a_range"),
        ("cooperatives", "0006_province_current_name"),
    ]

    operations = [migrations.RunPython(rewrite_documents, migrations.RunPython.noop)]
