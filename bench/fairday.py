"""Fair day: the browsing mix's req/s under gunicorn while products are saved, as a ratio to a
trivial view measured on the same server in the same run. Loopback only, bounded in time.

Run by hand (never part of the tests), after `load_demo`, with a Redis database of the bench's
own (it is emptied first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/fairday.py          # make bench-fairday

Production settings, the anonymous page cache on (Redis), gunicorn with WORKERS (2) sync workers,
`wrk -t2 -cCONNECTIONS (16) -dDURATION (10 s)` replaying the mix: 60 product pages, 10 catalogue
pages, 10 cooperative pages and the floor plan, cycled in that proportion. The mix runs with no
editor, then with an editor process that saves 1 and 5 products a second through the services the
staff portal uses (`product_save_with_packs` with the portal's pack formset: a new summary and,
where the product has packs, a new price; with EDIT=name, a new name instead of a new summary,
an edit every listing shows). The trivial view is measured before each mix run and
once at the end; each ratio divides by the mean of the runs before and after it.
"""

import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("PORT", "8798"))
DURATION = os.environ.get("DURATION", "10s")
CONNECTIONS = os.environ.get("CONNECTIONS", "16")
RATES = [float(rate) for rate in os.environ.get("RATES", "0 1 5").split()]
EDIT = os.environ.get("EDIT", "summary")  # or "name": an edit the listings show

os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_LOG_LEVEL="WARNING",
    GUNICORN_WORKERS=os.environ.get("WORKERS", "2"),
    GUNICORN_ACCESS_LOG="off",
    REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10"),
)
os.environ.pop("OCOP_PAGE_CACHE_SECONDS", None)  # on: 600 s with Redis, as in production
os.environ.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.urls import reverse  # noqa: E402

from catalog.models import Product  # noqa: E402
from catalog.services import product_save_with_packs  # noqa: E402
from cooperatives.models import Cooperative  # noqa: E402
from portal.forms import PackOptionFormSet  # noqa: E402


def mix() -> list[str]:
    """60 product pages, 10 catalogue pages, 10 cooperative pages and the floor plan."""
    products = Product.objects.published().order_by("pk")
    cooperatives = Cooperative.objects.active().filter(products__status="published").distinct()
    catalogue = [f"/products/?page={page}" for page in range(1, 6)] + [
        "/products/",
        "/products/?stars=4",
        "/products/?stars=5",
        "/products/?sort=name",
        "/en/products/",
    ]
    return (
        [product.get_absolute_url() for product in products[:60]]
        + catalogue
        + [cooperative.get_absolute_url() for cooperative in cooperatives.order_by("pk")[:10]]
        + [reverse("cooperatives:floor-plan")]
    )


def edit(product: Product, number: int) -> None:
    """Save a product the way the staff portal's product form does."""
    packs = list(product.pack_options.order_by("pk"))
    data = {
        "pack_options-TOTAL_FORMS": str(len(packs)),
        "pack_options-INITIAL_FORMS": str(len(packs)),
        "pack_options-MIN_NUM_FORMS": "0",
        "pack_options-MAX_NUM_FORMS": "30",
    }
    for index, pack in enumerate(packs):
        data |= {
            f"pack_options-{index}-id": str(pack.pk),
            f"pack_options-{index}-label": pack.label,
            f"pack_options-{index}-price_vnd": str((pack.price_vnd or 10_000) + 1_000),
            f"pack_options-{index}-sort_order": str(pack.sort_order),
        }
    formset = PackOptionFormSet(data, instance=product, prefix="pack_options")
    if not formset.is_valid():
        raise SystemExit(f"pack formset of {product}: {formset.errors}")
    field = "name" if EDIT == "name" else "summary"
    text = getattr(product, field).split(" · lần sửa ")[0]
    limit = Product._meta.get_field(field).max_length
    setattr(product, field, f"{text[: limit - 20]} · lần sửa {number}")
    product_save_with_packs(product=product, pack_formset=formset)


def editor(rate: float) -> None:
    """Save random published products at rate per second until SIGTERM; print how many."""
    keys = list(Product.objects.published().values_list("pk", flat=True))
    chooser = random.Random(21)
    saves, stop = 0, False

    def finish(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, finish)
    print("ready", flush=True)
    next_at = started = time.monotonic()
    while not stop:
        edit(Product.objects.get(pk=chooser.choice(keys)), saves)
        saves += 1
        next_at += 1 / rate
        time.sleep(max(0.0, next_at - time.monotonic()))
    print(f"{saves / (time.monotonic() - started):.2f}", flush=True)


def wrk(target: str, script: str | None = None) -> float:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{target}"], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"non-2xx responses for {target}:\n{out}")
    return float(next(line for line in out.splitlines() if "Requests/sec" in line).split()[1])


def lua_script(paths: list[str]) -> str:
    quoted = ",".join(f'"{path}"' for path in paths)
    text = f"""paths = {{{quoted}}}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(text)
    handle.close()
    return handle.name


def main() -> None:
    import redis

    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--no-input", "-v0"], check=True, cwd=ROOT
    )
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}"]
        + ["bench.wsgi:application"],
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        paths = mix()
        for _ in range(3):  # learn each page's tags, store it, serve it: a warm start
            for path in paths:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10).read()
        script = lua_script(paths)
        print(f"gunicorn: {os.environ['GUNICORN_WORKERS']} sync workers; wrk -t2 -c{CONNECTIONS}")
        print(f"-d{DURATION} on the same machine; database: {os.environ.get('DATABASE_URL')}")
        print(f"mix: {len(paths)} URLs (60 products, 10 catalogue, 10 cooperatives, floor plan)")
        print(f"editor: a new {EDIT} and new prices")
        trivial = [wrk("/bench/trivial")]
        results = []
        for rate in RATES:
            process = None
            if rate:
                process = subprocess.Popen(
                    [BIN / "python", __file__, "--editor", str(rate)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                assert process.stdout.readline().strip() == "ready"
            rate_mix = wrk("/", script)
            saves = ""
            if process:
                process.terminate()
                saves = process.communicate(timeout=30)[0].strip()  # saves/s achieved
            trivial.append(wrk("/bench/trivial"))
            results.append((rate, rate_mix, saves, (trivial[-2] + trivial[-1]) / 2))
        print(f"{'saves/s':>8} {'done':>6} {'mix req/s':>10} {'trivial req/s':>14} {'ratio':>6}")
        for rate, rate_mix, saves, base in results:
            print(f"{rate:>8g} {saves:>6} {rate_mix:>10.0f} {base:>14.0f} {rate_mix / base:>6.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--editor"]:
        editor(float(sys.argv[2]))
    else:
        main()
