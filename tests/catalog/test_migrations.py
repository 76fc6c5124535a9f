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


@pytest.mark.django_db(transaction=True)
def test_migration_0011_turns_invented_year_only_expiries_into_ranges():
    import datetime

    from django.db.migrations.executor import MigrationExecutor

    # cooperatives stays before 0006 too: the province model of 0010's time has no current_name.
    cooperatives = ("cooperatives", "0005_enquiries")
    before = [("catalog", "0010_search_index_without_pending_list"), cooperatives]
    after = [("catalog", "0011_ocop_validity_as_a_range"), cooperatives]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Product = apps.get_model("catalog", "Product")
    Certification = apps.get_model("catalog", "Certification")
    Province = apps.get_model("cooperatives", "Province")
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    ProductGroup = apps.get_model("catalog", "ProductGroup")
    province = Province.objects.create(name="Hà Tĩnh", code="42", slug="ha-tinh")
    cooperative = Cooperative.objects.create(name="HTX", slug="htx", province=province)
    group = ProductGroup.objects.create(code="I", name="Thực phẩm", slug="thuc-pham")
    year_only, exact = (
        Product.objects.create(name=name, slug=name, cooperative=cooperative, group=group)
        for name in ("year-only", "exact")
    )
    # As the old code stored them: 1 January + 36 months, copied onto the product.
    Certification.objects.create(
        product=year_only,
        stars=4,
        decision_date=datetime.date(2023, 1, 1),
        date_precision="year",
        expires_on=datetime.date(2026, 1, 1),
    )
    Certification.objects.create(
        product=exact,
        stars=3,
        decision_date=datetime.date(2023, 1, 17),
        expires_on=datetime.date(2026, 1, 17),
    )
    Product.objects.filter(pk=year_only.pk).update(
        ocop_stars=4, ocop_valid_until=datetime.date(2026, 1, 1)
    )
    Product.objects.filter(pk=exact.pk).update(
        ocop_stars=3, ocop_valid_until=datetime.date(2026, 1, 17)
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    Product = apps.get_model("catalog", "Product")
    Certification = apps.get_model("catalog", "Certification")

    assert Certification.objects.get(product__name="year-only").expires_on is None
    assert Certification.objects.get(product__name="exact").expires_on == datetime.date(2026, 1, 17)
    rows = dict(
        (name, (surely, possibly))
        for name, surely, possibly in Product.objects.values_list(
            "name", "ocop_valid_until", "ocop_possibly_valid_until"
        )
    )
    assert rows == {
        "year-only": (datetime.date(2025, 12, 31), datetime.date(2026, 12, 31)),
        "exact": (datetime.date(2026, 1, 17), datetime.date(2026, 1, 17)),
    }
    # Leave the database at the latest migration for the tests that follow, indexes intact.
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert "catalog_product_catalogue_order" in product_table_indexes()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchone()[0] >= 3


@pytest.mark.django_db(transaction=True)
def test_migration_0013_keeps_the_recognition_of_products_without_stars():
    import datetime

    from django.db.migrations.executor import MigrationExecutor

    before = [("catalog", "0012_search_document_with_diacritics")]
    after = [("catalog", "0013_ocop_recognition_without_stars")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Product = apps.get_model("catalog", "Product")
    Certification = apps.get_model("catalog", "Certification")
    Province = apps.get_model("cooperatives", "Province")
    Cooperative = apps.get_model("cooperatives", "Cooperative")
    ProductGroup = apps.get_model("catalog", "ProductGroup")
    province = Province.objects.create(name="Quảng Bình", code="44", slug="quang-binh")
    cooperative = Cooperative.objects.create(name="HTX", slug="htx", province=province)
    group = ProductGroup.objects.create(code="I", name="Thực phẩm", slug="thuc-pham")
    garlic, honey, rated, nothing = (
        Product.objects.create(name=name, slug=name, cooperative=cooperative, group=group)
        for name in ("garlic", "honey", "rated", "nothing")
    )
    # Recognitions without stars: the latest dated one counts; an undated one comes last.
    for product, day, precision, number in [
        (garlic, datetime.date(2019, 1, 1), "year", "38/QĐ-UBND"),
        (garlic, None, "unknown", "1/QĐ-UBND"),
        (garlic, datetime.date(2017, 5, 2), "day", "7/QĐ-UBND"),
        (honey, datetime.date(2022, 1, 1), "year", ""),
        (rated, datetime.date(2019, 1, 1), "year", "38/QĐ-UBND"),
    ]:
        Certification.objects.create(
            product=product,
            stars=None,
            decision_date=day,
            date_precision=precision,
            decision_number=number,
        )
    # A product with a star award keeps its stars; its recognition has nothing to add.
    Certification.objects.create(product=rated, stars=4, decision_date=datetime.date(2024, 3, 1))
    Product.objects.filter(pk=rated.pk).update(ocop_stars=4)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Product = executor.loader.project_state(after).apps.get_model("catalog", "Product")

    rows = Product.objects.values_list(
        "name", "ocop_recognition_year", "ocop_recognition_decision"
    ).order_by("name")
    assert list(rows) == [
        ("garlic", 2019, "38/QĐ-UBND"),
        ("honey", 2022, ""),
        ("nothing", None, ""),
        ("rated", None, ""),
    ]
    # Leave the database at the latest migration for the tests that follow, indexes intact.
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert "catalog_product_catalogue_order" in product_table_indexes()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchone()[0] >= 3
