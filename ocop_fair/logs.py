"""Log formatting: one line per event, so journald, Docker and log shippers never split one."""

import logging

from django.http import HttpRequest

from ocop_fair.client_ip import client_ip


class OneLineFormatter(logging.Formatter):
    """Format a record on one line: newlines in the message and traceback become " | "."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r\n", "\n").replace("\n", " | ")


class ClientAddressFilter(logging.Filter):
    """Give every record a `client`: the visitor's address for a request's event, else "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request and django.security attach the request (4xx, 5xx, suspicious input).
        request = getattr(record, "request", None)
        address = client_ip(request) if isinstance(request, HttpRequest) else None
        record.client = address or "-"
        return True
