"""Log formatting: one line per event, so journald, Docker and log shippers never split one."""

import logging


class OneLineFormatter(logging.Formatter):
    """Format a record on one line: newlines in the message and traceback become " | "."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r\n", "\n").replace("\n", " | ")
