"""Days as the reader expects them: "02/11/2022" in Vietnamese, "2 Nov 2022" in English.

A day-first "2/11/2022" reads as 11 February to many English readers, so English pages name the
month. Month names are written here rather than taken from the locale, so the English form is the
same on every server whatever its C library's locales.
"""

import datetime

from django.utils.translation import get_language

ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def day_label(day: datetime.date | None) -> str:
    """The day in the active language; "" for None."""
    if day is None:
        return ""
    if (get_language() or "").startswith("en"):
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return day.strftime("%d/%m/%Y")
