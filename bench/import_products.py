"""Time importing 5,000 products from CSV into a throwaway database (target: under a minute).

    DJANGO_DEBUG=1 .venv/bin/python bench/import_products.py

SQLite by default; with DATABASE_URL=postgres://…/name the throwaway database is "test_name",
created, migrated and dropped like a test run's.
"""

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTS = 5_000


def sample_csv(count: int) -> bytes:
    """Return a CSV of count products in the columns of fixtures/ocop_products.csv."""
    provinces = ["Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế"]
    groups = ["Thực phẩm", "Đồ uống", "Dược liệu và sản phẩm từ dược liệu", "Thủ công mỹ nghệ"]
    lines = [
        "product_name,product_group,stars,producer_name,producer_type,province,year_recognized"
    ]
    for n in range(count):
        producer = f"HTX Nông nghiệp số {n // 4}"  # four products per producer
        lines.append(
            f"Sản phẩm OCOP số {n},{groups[n % 4]},{3 + n % 3},{producer},HTX,"
            f"{provinces[(n // 4) % 5]},{2019 + n % 6}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as folder:
        if not url.startswith("postgres"):
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["MEDIA_ROOT"] = folder
        import django
        from django.test.utils import setup_databases, teardown_databases

        django.setup()
        from catalog.demo.catalogue import groups_load, provinces_load
        from catalog.models import Product
        from catalog.resources import products_import

        # A test database: created empty, migrated, dropped at the end (also on PostgreSQL).
        config = setup_databases(verbosity=0, interactive=False)
        try:
            tally = Counter()
            provinces_load(ROOT / "fixtures" / "provinces.csv", tally)
            groups_load(ROOT / "fixtures" / "product_groups.csv", tally)
            data = sample_csv(PRODUCTS)
            for label, dry_run in (("preview", True), ("import", False), ("re-import", False)):
                start = time.perf_counter()
                result = products_import(data=data, file_format="csv", dry_run=dry_run)
                seconds = time.perf_counter() - start
                counts = {kind: n for kind, n in result.totals.items() if n}
                print(f"{label:>9}: {PRODUCTS} rows in {seconds:5.1f} s  {counts}")
            print(f"products in the database: {Product.objects.count()}")
        finally:
            teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
