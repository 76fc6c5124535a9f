"""Helpers for the admin tests: admin URLs, posting an action, counting a page's queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation


def admin_url(model, view, *args, language="vi"):
    """Return the admin URL of model's view ("changelist", "add", "change"…) in language."""
    with translation.override(language):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def get_counting_queries(client, url):
    """GET url, check it rendered, and return the response with the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def post_action(client, model, action, objects, **extra):
    """Run a changelist action on objects, in English so messages can be compared."""
    url = admin_url(model, "changelist", language="en")
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
