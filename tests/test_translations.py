"""The Vietnamese catalogue is complete: no untranslated or fuzzy entry, placeholders kept."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = [
    ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    ROOT / "locale_vendor" / "vi" / "LC_MESSAGES" / "django.po",
    ROOT / "locale_vendor" / "vi" / "LC_MESSAGES" / "djangojs.po",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _messages(po_file):
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    return [message for message in catalog if message.id]


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda path: f"{path.parts[-4]}-{path.stem}")
def test_every_message_is_translated_and_not_fuzzy(po_file):
    problems = [
        message.id
        for message in _messages(po_file)
        if message.fuzzy
        or not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert problems == []


@pytest.mark.parametrize("po_file", PO_FILES, ids=lambda path: f"{path.parts[-4]}-{path.stem}")
def test_translations_keep_every_placeholder(po_file):
    problems = []
    for message in _messages(po_file):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                problems.append((ids[0], string))
    assert problems == []
