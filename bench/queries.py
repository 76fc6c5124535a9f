"""Where a page's server time goes: each SQL query's median time, beside the page's.

Run by hand, like bench/pages.py (same production settings, page cache off, REDIS_URL emptied
first), for the pages given as paths or, without arguments, for every page of bench/pages.py:

    DATABASE_URL=… REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/queries.py "/products/?q=tra"

The rest of the page's time is Python: the view, the templates and the middleware. Used to find
which query grows with the data (docs/benchmarks.md).
"""

import os
import statistics
import sys
import time
from collections import defaultdict

import pages  # sets up Django with the bench's settings (bench/pages.py)
from django.db import connection
from django.test import Client

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))


def profile(client: Client, url: str) -> None:
    times: dict[int, list[float]] = defaultdict(list)
    statements: dict[int, str] = {}
    page_times = []
    for request in range(pages.WARM_UP + REQUESTS):
        query_times: list[tuple[str, float]] = []

        def timed(execute, sql, params, many, context, query_times=query_times):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                query_times.append((sql, (time.perf_counter() - started) * 1000))

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if request < pages.WARM_UP:
            continue
        page_times.append((time.perf_counter() - started) * 1000)
        for position, (sql, elapsed) in enumerate(query_times):
            times[position].append(elapsed)
            statements[position] = sql
    medians = {position: statistics.median(values) for position, values in times.items()}
    print(f"{url}: page {statistics.median(page_times):.1f} ms, SQL {sum(medians.values()):.1f} ms")
    for position, median in medians.items():
        print(f"  {median:7.2f}  {' '.join(statements[position].split())[:110]}")


def main() -> None:
    pages.empty_bench_redis()
    client = Client()
    print(
        f"{connection.vendor}: median ms over {REQUESTS} requests (after {pages.WARM_UP} warm-up)"
    )
    for url in sys.argv[1:] or pages.pages().values():
        profile(client, url)


if __name__ == "__main__":
    main()
