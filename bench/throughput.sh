#!/usr/bin/env bash
# Throughput under gunicorn with wrk: req/s of pages as a ratio to a trivial Django view, all on
# the same server in the same run. Loopback only, bounded in time. Run by hand:
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench REDIS_URL=redis://127.0.0.1:6379/12 \
#     bash bench/throughput.sh
#
# With REDIS_URL the anonymous page cache is on (as in production); OCOP_PAGE_CACHE_SECONDS=0
# measures every page rendered. DURATION (default 10 s), CONNECTIONS (16), WORKERS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8799}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_LOG_LEVEL=WARNING
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export STATIC_ROOT="${STATIC_ROOT:-$PWD/staticfiles}" GUNICORN_WORKERS="${WORKERS:-2}" GUNICORN_ACCESS_LOG=off
$BIN/python manage.py collectstatic --no-input -v0
# A fresh Redis database for the run: no page from an earlier run can be served.
if [ -n "${REDIS_URL:-}" ]; then $BIN/python -c "import redis,os; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"; fi

$BIN/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$PORT bench.wsgi:application &
server=$!
trap 'kill $server; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -fs -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.2; done

product=$($BIN/python manage.py shell -c "from catalog.models import Product; print(Product.objects.published().order_by('pk').first().get_absolute_url())" 2>/dev/null | tail -1)
rate() {  # prints req/s of one URL
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$1" > /tmp/ocop-wrk.$$ 2>&1
  if grep -q "Non-2xx" /tmp/ocop-wrk.$$; then echo "non-2xx responses for $1" >&2; cat /tmp/ocop-wrk.$$ >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' /tmp/ocop-wrk.$$
}
echo "gunicorn: $GUNICORN_WORKERS sync workers; wrk -t2 -c$CONNECTIONS -d$DURATION on the same machine"
cache_state="off"
if [ -n "${REDIS_URL:-}" ] && [ "${OCOP_PAGE_CACHE_SECONDS:-600}" != "0" ]; then cache_state="on (Redis)"; fi
echo "page cache: $cache_state; database: ${DATABASE_URL:-SQLite db.sqlite3}"
curl -fs -o /dev/null "http://127.0.0.1:$PORT/products/"; curl -fs -o /dev/null "http://127.0.0.1:$PORT$product"
trivial=$(rate /bench/trivial)
catalogue=$(rate /products/)
product_rate=$(rate "$product")
trivial_again=$(rate /bench/trivial)
printf '%-28s %10s %7s\n' "URL" "req/s" "ratio"
printf '%-28s %10.0f %7s\n' "trivial view (before)" "$trivial" "1"
printf '%-28s %10.0f %7.2f\n' "/products/" "$catalogue" "$(echo "$catalogue / $trivial" | bc -l)"
printf '%-28s %10.0f %7.2f\n' "product page" "$product_rate" "$(echo "$product_rate / $trivial" | bc -l)"
printf '%-28s %10.0f %7.2f\n' "trivial view (after)" "$trivial_again" "$(echo "$trivial_again / $trivial" | bc -l)"
rm -f /tmp/ocop-wrk.$$
