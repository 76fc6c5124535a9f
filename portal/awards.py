"""An OCOP award in words, for staff who read "5 sao · cấp Trung ương · năm 2024 · còn hiệu lực"
more easily than symbols, codes and arrows."""

import datetime

from django.utils.translation import gettext, ngettext, pgettext

from catalog.models import Certification
from catalog.models.validity import Validity


def award_in_words(award: Certification, day: datetime.date) -> str:
    """Stars, level, year of the decision and whether the award counts on day, in words."""
    parts = [
        ngettext("%(stars)d star", "%(stars)d stars", award.stars) % {"stars": award.stars}
        if award.stars
        else gettext("no stars stated")
    ]
    levels = {
        Certification.Level.DISTRICT: pgettext("award in words", "district level"),
        Certification.Level.PROVINCE: pgettext("award in words", "provincial level"),
        Certification.Level.NATIONAL: pgettext("award in words", "national level"),
    }
    if award.level in levels:
        parts.append(levels[award.level])
    if award.decision_date:
        parts.append(gettext("year %(year)d") % {"year": award.decision_date.year})
    if award.revoked_on is not None and award.revoked_on <= day:
        parts.append(gettext("withdrawn"))
    elif award.stars:
        parts.append(
            {
                Validity.VALID: gettext("valid"),
                Validity.UNCERTAIN: gettext("may have expired"),
                Validity.EXPIRED: gettext("expired"),
            }.get(award.validity_on(day), gettext("validity unknown"))
        )
    return " · ".join(parts)
