"""Helpers for the admin tests: admin URLs, posting an action, counting a page's queries."""

from html.parser import HTMLParser

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


class _FormReader(HTMLParser):
    """Collect what a browser would submit from one <form> of a page, left as rendered."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that follows <textarea>.
            name, text = self.data[-1]
            self.data[-1] = (name, text.removeprefix("\n"))
            self.textarea = None


def form_data(response, form_id) -> dict:
    """Return the POST data of the form form_id on response as a browser would send it."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data: dict = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
