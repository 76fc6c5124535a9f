"""Time buyers' enquiries on the demo fair: the form end to end, the staff inbox, the dashboard.

    DJANGO_DEBUG=1 .venv/bin/python bench/enquiries.py

SQLite by default; with DATABASE_URL=postgres://…/name the throwaway database is "test_name".
Each enquiry is posted through Django's test client with its e-mails (locmem backend) sent after
the commit, as in production; figures are printed, never asserted.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENQUIRIES = 300


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as folder:
        if not url.startswith("postgres"):
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["MEDIA_ROOT"] = folder
        for limit in ("", "_PER_COOPERATIVE", "_PER_ADDRESS"):
            os.environ[f"ENQUIRY_RATE_LIMIT{limit}"] = str(ENQUIRIES * 10)
        os.environ["ENQUIRY_MIN_FILL_SECONDS"] = "0"
        import django
        from django.test.utils import setup_databases, setup_test_environment, teardown_databases

        django.setup()
        setup_test_environment()  # locmem e-mail, testserver host
        from django.contrib.auth import get_user_model
        from django.core import mail
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from catalog.demo.loader import load_demo
        from cooperatives.models import Cooperative, Membership
        from trade.enquiry_forms import started_token
        from trade.models import Enquiry

        config = setup_databases(verbosity=0, interactive=False)
        try:
            load_demo()
            # Demo accounts have no e-mail address: give them one, so every enquiry sends mail.
            for user in get_user_model().objects.all():
                user.email = f"{user.username}@example.vn"
                user.save(update_fields=["email"])
            membership = Membership.objects.select_related("cooperative", "user").first()
            cooperative = membership.cooperative
            others = list(Cooperative.objects.exclude(pk=cooperative.pk)[:20])
            client = Client()
            data = {
                "name": "Nguyễn Thị Lan",
                "organisation": "Siêu thị Co.opmart Vinh",
                "buyer_type": "supermarket",
                "phone": "0912 345 678",
                "email": "lan@example.vn",
                "quantity": "500 hộp",
                "message": "Xin báo giá sỉ cho 12 siêu thị.",
                "preferred_contact": "phone",
                "website": "",
            }
            timings, queries, executed = [], [], []

            def count_query(execute, *args):
                executed.append(1)
                return execute(*args)

            for n in range(ENQUIRIES):
                target = cooperative if n % 2 == 0 else others[n % len(others)]
                path = reverse("trade:enquiry-create", kwargs={"slug": target.slug})
                executed.clear()
                # execute_wrapper, not CaptureQueriesContext: each request resets the query log.
                with connection.execute_wrapper(count_query):
                    start = time.perf_counter()
                    response = client.post(
                        path, {**data, "started": started_token(0 + time.time() - 10)}
                    )
                    timings.append(time.perf_counter() - start)
                assert response.status_code == 302, response.status_code
                queries.append(len(executed))
            total = sum(timings)
            print(f"database: {connection.vendor}")
            print(
                f"enquiries: {ENQUIRIES} in {total:.2f} s = {ENQUIRIES / total:.0f}/s; "
                f"median {statistics.median(timings) * 1000:.1f} ms, "
                f"p95 {sorted(timings)[int(ENQUIRIES * 0.95)] * 1000:.1f} ms; "
                f"queries per enquiry (with its e-mails) {statistics.median(queries):.0f}; "
                f"e-mails {len(mail.outbox)}"
            )
            staff = Client()
            staff.force_login(membership.user)
            inbox = reverse("portal:enquiry-inbox")
            staff.get(inbox)
            for label, path in (("inbox", inbox), ("inbox CSV", reverse("portal:enquiry-export"))):
                runs = []
                for _ in range(10):
                    start = time.perf_counter()
                    staff.get(path)
                    runs.append(time.perf_counter() - start)
                print(
                    f"{label} ({Enquiry.objects.filter(cooperative=cooperative).count()} enquiries): "
                    f"median {statistics.median(runs) * 1000:.1f} ms"
                )
            organiser = get_user_model().objects.filter(groups__name="Organisers").first()
            admin = Client()
            admin.force_login(organiser)
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                response = admin.get(reverse("dashboard:index"))
                runs.append(time.perf_counter() - start)
            assert response.status_code == 200
            print(
                f"dashboard ({Enquiry.objects.count()} enquiries, demo fair): "
                f"median {statistics.median(runs) * 1000:.1f} ms"
            )
        finally:
            teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
