"""Time opening and saving a fair of 2,000 booths in the admin, into a throwaway database.

    DJANGO_DEBUG=1 .venv/bin/python bench/fair_admin.py

The change page is fetched and posted back as a browser would (tests/admin_pages.form_data),
through the whole admin stack. SQLite by default; with DATABASE_URL=postgres://…/name the
throwaway database is "test_name", created, migrated and dropped like a test run's.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOTHS = 2_000
RUNS = 5


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as folder:
        if not url.startswith("postgres"):
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["MEDIA_ROOT"] = folder
        import django
        from django.test.utils import setup_databases, setup_test_environment, teardown_databases

        django.setup()
        setup_test_environment()  # the test client's response.context, ALLOWED_HOSTS
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse
        from django.utils import translation

        from cooperatives.models import Booth, Fair
        from tests.admin_pages import form_data

        config = setup_databases(verbosity=0, interactive=False)
        try:
            fair = Fair.objects.create(
                name="Hội chợ OCOP Bắc Trung Bộ 2022",
                year=2022,
                starts_on="2022-11-02",
                ends_on="2022-11-06",
                venue="Thành phố Hà Tĩnh",
                organiser="Liên minh hợp tác xã",
            )
            Booth.objects.bulk_create(
                Booth(fair=fair, code=f"A{n}", x=n % 100, y=n // 100) for n in range(BOOTHS)
            )
            user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
            client = Client()
            client.force_login(user)
            with translation.override("vi"):
                page_url = reverse("admin:cooperatives_fair_change", args=[fair.pk])
            opened, saved = [], []
            for run in range(RUNS):
                start = time.perf_counter()
                page = client.get(page_url)
                opened.append(time.perf_counter() - start)
                data = {**form_data(page, "fair_form"), "name": f"Hội chợ OCOP 2022 ({run})"}
                start = time.perf_counter()
                response = client.post(page_url, data)
                saved.append(time.perf_counter() - start)
                assert response.status_code == 302, response.status_code
            fair.refresh_from_db()
            print(f"fair of {fair.booths.count()} booths, {len(data)} form fields, {RUNS} runs")
            print(f"  open the change page: median {statistics.median(opened) * 1000:6.1f} ms")
            print(f"  save the change form: median {statistics.median(saved) * 1000:6.1f} ms")
        finally:
            teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
