"""The Vietnamese catalogue is complete: no untranslated or fuzzy entry, placeholders kept."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _messages():
    with PO_FILE.open("rb") as handle:
        catalog = read_po(handle)
    return [message for message in catalog if message.id]


def test_every_message_is_translated_and_not_fuzzy():
    problems = [
        message.id
        for message in _messages()
        if message.fuzzy
        or not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert problems == []


def test_translations_keep_every_placeholder():
    problems = []
    for message in _messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                problems.append((ids[0], string))
    assert problems == []
