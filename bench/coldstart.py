"""Cold start: the first 100 requests of the browsing mix after a deploy and after a cache flush.

Run by hand (never part of the tests), after `load_demo`, with a Redis database of the bench's
own (it is emptied, twice):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/coldstart.py          # make bench-coldstart

Production settings and the real `gunicorn.conf.py` (WORKERS, default 2, sync workers), the
anonymous page cache on (Redis). The mix is bench/fairday.py's: 60 product pages, 10 catalogue
pages, 10 cooperative pages and the floor plan, replayed in order (cycled) one request at a time,
each on a new connection, timed by the client on the loopback (so each figure is the server's
time plus well under a millisecond). Three runs:

- deploy: Redis emptied, a new gunicorn started; it counts as up when /healthz answers (as a load
  balancer sees it), then the first 100 requests of the mix;
- flush: the same server, Redis emptied again, the first 100 requests again;
- warm: after two more passes (a page is stored at its second render), the same 100 requests,
  every page now served from the cache (the reference).

For each run it prints, per kind of page, the count, median, p95 and max in ms, then the slowest
requests. Beside each wall time, the CPU time the workers spent (from /proc, Linux only): on a
shared, busy machine the wall time grows with the load, the CPU time much less. The goal (issue 21) is no request over 250 ms in the first two runs.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("PORT", "8150"))
REQUESTS = int(os.environ.get("REQUESTS", "100"))
LIMIT_MS = 250
os.environ["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
sys.path.insert(0, str(ROOT))

from bench.fairday import mix  # noqa: E402  (sets the production environment, django.setup())


def kind(path: str) -> str:
    bare = path.removeprefix("/en")
    if bare.startswith("/products/?") or bare == "/products/":
        return "catalogue"
    if bare.startswith("/products/"):
        return "product"
    if bare.startswith("/cooperatives/"):
        return "cooperative"
    return "floor plan"


def workers_cpu_ns(master: int) -> int:
    """CPU time the gunicorn workers have run so far, in ns (/proc/PID/schedstat, Linux)."""
    total = 0
    for task in Path(f"/proc/{master}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                total += int(Path(f"/proc/{child}/schedstat").read_text().split()[0])
            except FileNotFoundError:  # a worker that has just been replaced
                pass
    return total


def get(path: str, master: int) -> tuple[float, float]:
    """Wall and worker-CPU milliseconds of one page on a new connection; only 200 is accepted."""
    cpu, started = workers_cpu_ns(master), time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
        response.read()
        assert response.status == 200, (path, response.status)
    wall = (time.perf_counter() - started) * 1000
    return wall, (workers_cpu_ns(master) - cpu) / 1e6


def replay(paths: list[str], master: int) -> list[tuple[str, float, float]]:
    cycled = (paths * (REQUESTS // len(paths) + 1))[:REQUESTS]
    return [(path, *get(path, master)) for path in cycled]


def report(name: str, timings: list[tuple[str, float, float]]) -> float:
    print(f"\n{name}: {len(timings)} requests; ms of wall time (of worker CPU time)")
    print(f"  {'page':<12} {'n':>4} {'median':>14} {'p95':>14} {'max':>14}")
    kinds = sorted({kind(path) for path, _, _ in timings})
    for each in [*kinds, "all"]:
        rows = [(wall, cpu) for path, wall, cpu in timings if each in ("all", kind(path))]
        figures = []
        for column in (0, 1):
            ms = sorted(row[column] for row in rows)
            p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
            figures.append((statistics.median(ms), p95, ms[-1]))
        cells = [f"{wall:>6.1f} ({cpu:>5.1f})" for wall, cpu in zip(*figures, strict=True)]
        print(f"  {each:<12} {len(rows):>4} " + " ".join(cells))
    slowest = sorted(enumerate(timings, 1), key=lambda item: -item[1][1])[:5]
    print(
        "  slowest: "
        + ", ".join(f"#{i} {path} {wall:.0f} ms ({cpu:.0f})" for i, (path, wall, cpu) in slowest)
    )
    return max(wall for _, wall, _ in timings)


def wait_until_healthy() -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=1):
                pass
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def main() -> None:
    import redis

    cache = redis.Redis.from_url(os.environ["REDIS_URL"])
    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--no-input", "-v0"], check=True, cwd=ROOT
    )
    paths = mix()
    cache.flushdb()
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}"], cwd=ROOT
    )
    try:
        wait_until_healthy()
        print(f"gunicorn: {os.environ['GUNICORN_WORKERS']} sync workers, gunicorn.conf.py")
        print(f"database: {os.environ.get('DATABASE_URL', 'SQLite (db.sqlite3)')}")
        print(f"mix: {len(paths)} URLs (products, catalogue, cooperatives, floor plan), in order")
        worst = report("deploy (new gunicorn, empty cache)", replay(paths, server.pid))
        cache.flushdb()
        worst = max(worst, report("flush (same server, empty cache)", replay(paths, server.pid)))
        for _ in range(2):  # a page is stored at its second render (ocop_fair/cache.py)
            replay(paths, server.pid)
        report("warm (every page cached)", replay(paths, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    verdict = "within" if worst <= LIMIT_MS else "OVER"
    print(f"\ncold start: slowest request {worst:.0f} ms, {verdict} the {LIMIT_MS} ms goal")


if __name__ == "__main__":
    main()
