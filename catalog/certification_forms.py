"""Saving the admin's certification forms through catalog.services, never by a bare save()."""

from django.db import transaction

from catalog.models import Certification, Product
from catalog.services import (
    certification_correct,
    certification_delete_many,
    certification_record,
    certification_revoke,
)
from ocop_fair.admin_mixins import formset_save_through

# What certification_record takes; revocation is a later, separate decision.
RECORD_FIELDS = (
    "stars",
    "level",
    "award_type",
    "criteria_version",
    "decision_number",
    "decision_date",
    "date_precision",
    "expires_on",
    "holder_name",
    "source_url",
    "note",
)
REVOCATION_FIELDS = {"revoked_on", "revocation_decision"}


@transaction.atomic
def certification_save(form, *, product: Product) -> Certification:
    """Record, revoke or correct the award of a validated certification form."""
    data = form.cleaned_data
    revoked_on = data.get("revoked_on")
    decision = data.get("revocation_decision", "")
    if form.instance.pk is None:
        values = {field: data[field] for field in RECORD_FIELDS if field in data}
        certification = certification_record(product=product, **values)
        if revoked_on is not None:
            certification_revoke(
                certification=certification, revoked_on=revoked_on, decision=decision
            )
        return certification
    changed = set(form.changed_data)
    if changed and changed <= REVOCATION_FIELDS and revoked_on is not None:
        return certification_revoke(
            certification=form.instance, revoked_on=revoked_on, decision=decision
        )
    changes = {field: data[field] for field in form.changed_data if field in data}
    return certification_correct(certification=form.instance, changes=changes)


def certification_formset_save(formset) -> None:
    """Save a product's certification inline through the services, for the admin's history."""
    formset_save_through(
        formset,
        save=lambda form: certification_save(form, product=formset.instance),
        delete=lambda deleted: certification_delete_many(
            certifications=Certification.objects.filter(pk__in=[c.pk for c in deleted])
        ),
    )
