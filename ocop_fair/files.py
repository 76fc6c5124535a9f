"""Stored files that outlive their rows: removed only once the change is committed."""

from django.db import transaction
from django.db.models.fields.files import FieldFile


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
