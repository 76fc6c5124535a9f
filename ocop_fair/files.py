"""Stored files that outlive their rows: removed only once the change is committed."""

import uuid
from pathlib import PurePath

from django.db import transaction
from django.db.models.fields.files import FieldFile


def random_upload_name(folder: str, filename: str) -> str:
    """Where an upload is stored: a random name in folder, keeping only a short suffix.

    The uploader never chooses the stored name: a random one cannot be guessed or collide.
    """
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def files_delete_on_commit(files: list[tuple]) -> None:
    """Delete the given (storage, name) pairs after the current transaction commits.

    Never before: if the transaction rolls back, the rows still point at these files.
    """
    files = [(storage, name) for storage, name in files if name]
    if not files:
        return

    def delete():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


def stored(file: FieldFile) -> tuple:
    """The (storage, name) of a stored file, kept before its field is given another file."""
    return file.storage, file.name
