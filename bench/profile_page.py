"""Where one page's server time goes: pyinstrument over N renders through Django's full stack.

Run by hand (never part of the tests), with the settings of bench/pages.py (production, DEBUG
off, page cache off; REDIS_URL for the memos and cards, as in production):

    DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/profile_page.py /products/
    BENCH_USER=username .venv/bin/python bench/profile_page.py /portal/    # signed in

Prints pyinstrument's call tree (frames under 2 % hidden), then the number of queries per request.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402  (sets up Django with the bench's settings)
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))


def main() -> None:
    pages.empty_bench_redis()
    url = sys.argv[1] if len(sys.argv) > 1 else "/products/"
    client = Client()
    if os.environ.get("BENCH_USER"):
        client.force_login(get_user_model().objects.get(username=os.environ["BENCH_USER"]))
    for _ in range(10):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(REQUESTS):
        client.get(url)
    profiler.stop()
    session = profiler.last_session
    print(profiler.output_text(unicode=True, color=False, time="percent_of_total"))
    if os.environ.get("BENCH_FLAT"):  # the self time of each function, largest first
        from pyinstrument.renderers import ConsoleRenderer

        flat = ConsoleRenderer(unicode=True, color=False, flat=True, time="percent_of_total")
        print("\n".join(flat.render(session).splitlines()[:60]))
    print(f"{len(queries)} queries per request; {REQUESTS} requests profiled")


if __name__ == "__main__":
    main()
