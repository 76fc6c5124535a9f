"""Print the catalogue search's answers to the accent test list (tests/catalog/accent_queries.py).

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/accent_search.py

Run it on a database holding the demo fair (`manage.py load_demo`): for each query, the number of
products found, the first three, and whether the first is the one the list expects. Figures are
printed, never asserted (tests/catalog/test_search_accents.py asserts them).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    import django

    django.setup()
    from catalog.models import Product
    from catalog.search import product_search
    from catalog.selectors import by_stars
    from tests.catalog.accent_queries import CASES

    agree = 0
    for case in CASES:
        found = list(
            product_search(Product.objects.published(), case.query)
            .products.order_by("-search_rank", *by_stars())
            .values_list("name", flat=True)
        )
        first = found[0] if found else None
        ok = first == case.first and not any(
            word in name.lower() for name in found for word in case.never
        )
        agree += ok
        shown = "; ".join(found[:3]) or "—"
        print(f"{'ok ' if ok else 'NO '} {case.query!r:24} {len(found):3}  {shown}")
    print(f"{agree}/{len(CASES)} as expected")


if __name__ == "__main__":
    main()
