"""Server-side time of the signed-in pages: the staff portal's dashboard, a cooperative's product
list and a product's edit page, the admin's product list (changelist) and a product's admin page.

Run by hand (never part of the tests) on the database of DATABASE_URL after `load_demo` and
`load_demo --scale 100` (issue 21: 200 products in one cooperative, 20,000 in the catalogue):

    DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/logged_in.py   # make bench-logged-in

**It changes the bench database**: so that a cooperative has STAFF_PRODUCTS (200) products, it
moves load-test copies ("… · thử tải N", catalog/demo/scale.py) into the first demo member's
cooperative (a second run moves nothing). Settings, warm-up and timing as in bench/pages.py
(production settings, the Django test client, BENCH_REQUESTS timed requests after 10), signed in
with force_login as the demo's cooperative member and as its organiser.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402  (sets up Django with the bench's settings)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from catalog.demo.scale import COPY_INFIX  # noqa: E402
from catalog.models import Product  # noqa: E402
from cooperatives.models import Cooperative, Membership  # noqa: E402
from ocop_fair.cache import catalogue_changed  # noqa: E402

STAFF_PRODUCTS = int(os.environ.get("STAFF_PRODUCTS", "200"))


def staff_cooperative() -> tuple[object, Cooperative]:
    """The first demo member and their cooperative, grown to STAFF_PRODUCTS products."""
    membership = (
        Membership.objects.select_related("user", "cooperative")
        .exclude(cooperative__name__contains=COPY_INFIX)
        .order_by("pk")
        .first()
    )
    cooperative = membership.cooperative
    missing = STAFF_PRODUCTS - cooperative.products.count()
    if missing > 0:
        copies = list(
            Product.objects.filter(name__contains=COPY_INFIX)
            .exclude(cooperative=cooperative)
            .order_by("pk")
            .values_list("pk", flat=True)[:missing]
        )
        with transaction.atomic():
            Product.objects.filter(pk__in=copies).update(cooperative=cooperative)
        catalogue_changed()
    return membership.user, cooperative


def main() -> None:
    pages.empty_bench_redis()
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    staff, cooperative = staff_cooperative()
    organiser = get_user_model().objects.filter(is_superuser=False, groups__isnull=False)
    organiser = organiser.exclude(pk=staff.pk).order_by("pk").first()
    product = cooperative.products.order_by("name_sort", "pk").first()
    print(
        f"{connection.vendor}{' + Redis' if os.environ.get('REDIS_URL') else ''}:"
        f" {Product.objects.count()} products; {cooperative.products.count()} in"
        f" {cooperative.name} (member {staff.username}), organiser {organiser.username};"
        f" {pages.REQUESTS} requests per page (after {pages.WARM_UP} warm-up), milliseconds"
        f"{' of CPU time' if pages.CLOCK is not pages.time.perf_counter else ''}"
    )
    print(f"{'page':<38} {'median':>8} {'p95':>8} {'KiB':>6}")
    for user, name, url in [
        (staff, "staff dashboard", reverse("portal:dashboard")),
        (
            staff,
            "staff product list (200 products)",
            reverse("portal:product-list", args=[cooperative.slug]),
        ),
        (staff, "staff product edit", reverse("portal:product-edit", args=[product.pk])),
        (organiser, "admin product changelist", reverse("admin:catalog_product_changelist")),
        (
            organiser,
            "admin product changelist, searched",
            reverse("admin:catalog_product_changelist") + "?q=tra",
        ),
        (
            organiser,
            "admin product change",
            reverse("admin:catalog_product_change", args=[product.pk]),
        ),
    ]:
        client = Client()
        client.force_login(user)
        median, p95, size = pages.measure(client, url)
        print(f"{name:<38} {median:8.1f} {p95:8.1f} {size / 1024:6.0f}  {url}")


if __name__ == "__main__":
    main()
