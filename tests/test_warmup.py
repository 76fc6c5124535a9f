"""A new gunicorn worker warms up before its first request: without the database, never failing."""

import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.template import engines
from django.urls import clear_url_caches, get_resolver
from django.utils import translation

from ocop_fair import warmup

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cold(settings):
    """A process as gunicorn leaves it: no template compiled, no reverse table built."""
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        loader.reset()
    clear_url_caches()
    yield engine
    clear_url_caches()


def _cached_templates(engine) -> set[str]:
    (loader,) = engine.template_loaders  # the cached loader, as in production
    return {template.origin.template_name for template in loader.get_template_cache.values()}


def test_warm_up_compiles_the_visitor_templates_and_builds_every_language_urls(cold, caplog):
    # No database here: pytest-django refuses any query, which would make a step fail.
    took = warmup.warm_up()

    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []

    assert set(took) == {"urls", "reverse", "templates", "cache", "storage"}
    names = warmup.visitor_templates()
    assert {"base.html", "catalog/product_detail.html", "cooperatives/floor_plan.html"} <= set(
        names
    )
    assert not [name for name in names if name.startswith(("admin/", "simple_history/"))]
    assert set(names) <= _cached_templates(cold)
    resolver = get_resolver()
    assert {"vi", "en"} <= set(resolver._reverse_dict)
    assert translation.get_language() == "vi"


def test_a_failing_step_is_logged_and_the_others_still_run(cold, caplog):
    with mock.patch.object(warmup.cache, "get", side_effect=ConnectionError("no Redis")):
        took = warmup.warm_up()

    assert set(took) == {"urls", "reverse", "templates", "cache", "storage"}
    assert "warm-up step cache failed" in caplog.text
    assert set(warmup.visitor_templates()) <= _cached_templates(cold)


def test_gunicorn_runs_it_in_each_worker_once_the_app_is_loaded():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    worker = mock.Mock()

    with mock.patch.object(warmup, "warm_up", return_value={"urls": 1.0}) as warm_up:
        config["post_worker_init"](worker)

    warm_up.assert_called_once_with()
    assert "warmed up" in worker.log.info.call_args.args[0]
    # Two instances on one host must not fight over one control socket.
    assert config["control_socket_disable"] is True
