"""Get-or-create by natural key that writes only real changes, so reloading the demo is a no-op."""

from collections import Counter

from django.db import models

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def update_if_changed(obj: models.Model, values: dict) -> bool:
    """Set the fields that differ and save; return False, without saving, when none differ."""
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(obj, name, value)
    # A full save() keeps what save() derives (slugs, search text) in step with the new values.
    obj.save()
    return True


def upsert(model, *, lookup: dict, values: dict, tally: Counter | None = None):
    """Return the row with the natural key lookup, created or brought up to date with values.

    Saves only when a field actually differs, so auto_now timestamps (updated_at) stay put when
    the data already matches. Reference data comes from the reviewed fixtures; the database
    constraints still guard every invariant, so no full_clean() here (it would also reject the
    fields that save() derives, such as slugs).
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        status = CREATED
    else:
        status = UPDATED if update_if_changed(obj, values) else UNCHANGED
    if tally is not None:
        tally[model.__name__, status] += 1
    return obj
