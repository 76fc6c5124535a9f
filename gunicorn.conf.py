"""gunicorn settings for OCOP Fair (`make serve`, the systemd unit in README "Deploying").

Every value can be overridden from the environment, e.g. GUNICORN_WORKERS=8.
"""

import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    # An empty variable (as .env.example leaves some) means the default.
    return int(os.environ.get(name) or default)


wsgi_app = "ocop_fair.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"

# Sync workers: pages are short, CPU-bound renders; 2 per core plus one keeps the cores busy
# while one worker waits on PostgreSQL.
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request that takes longer than this is stuck (a slow import has its own limits): kill it.
timeout = env_int("GUNICORN_TIMEOUT", "30")
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", "30")
keepalive = env_int("GUNICORN_KEEPALIVE", "5")
# Recycle workers now and then so a slow leak never grows unbounded; jitter avoids all at once.
max_requests = env_int("GUNICORN_MAX_REQUESTS", "5000")
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", "500")

# One line per request on stdout, one line per event on stderr (journald collects both).
# GUNICORN_ACCESS_LOG=off silences it (load tests, where nginx logs anyway).
accesslog = (
    None
    if os.environ.get("GUNICORN_ACCESS_LOG") == "off"
    else os.environ.get("GUNICORN_ACCESS_LOG", "-")
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Trust X-Forwarded-* only from the local proxy (nginx on the same host).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# No control socket (gunicorn ≥ 25 puts one in ~/.gunicorn/ by default): two instances on one
# host would fight over the same path, and systemd already controls the server.
control_socket_disable = True


def post_worker_init(worker):
    """Do Django's lazy first-request work (URLs, translations, templates, cache connection)
    before the worker takes a request, so no visitor waits for it (ocop_fair/warmup.py)."""
    if os.environ.get("GUNICORN_WARM_UP") == "0":  # only to measure what it saves
        return
    from ocop_fair.warmup import warm_up

    took = warm_up()
    worker.log.info("warmed up in %.0f ms (%s)", sum(took.values()), took)
