"""Days as the reader expects them: "02/11/2022" in Vietnamese, "2 Nov 2022" in English.

A day-first "2/11/2022" reads as 11 February to many English readers, so English pages name the
month. Month names are written here rather than taken from the locale, so the English form is the
same on every server whatever its C library's locales.
"""

import datetime

from django.utils.dateformat import format as format_date
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


def _english() -> bool:
    return (get_language() or "").startswith("en")


def day_label(day: datetime.date | None, vietnamese: str = "d/m/Y") -> str:
    """The day in the active language; "" for None.

    vietnamese is the Django date format of the Vietnamese form: "d/m/Y" ("02/11/2022") unless a
    page has its own ("j/n/Y", "2/11/2022", on the fair pages).
    """
    if day is None:
        return ""
    if _english():
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return format_date(day, vietnamese)


def weekday_label(day: datetime.date | None, *, year: bool = True) -> str:
    """The day with its weekday, for a fair's hours and programme; "" for None.

    "Thứ 4 2/11/2022" in Vietnamese (the day and month as fair-goers write them on a calendar),
    "Wednesday 2 Nov 2022" in English; without the year when the page has given it already.
    """
    if day is None:
        return ""
    weekday = format_date(day, "l")  # translated by Django's own catalogue
    if _english():
        month = ENGLISH_MONTHS[day.month - 1]
        return f"{weekday} {day.day} {month} {day.year}" if year else f"{weekday} {day.day} {month}"
    return (
        f"{weekday} {day.day}/{day.month}/{day.year}"
        if year
        else f"{weekday} {day.day}/{day.month}"
    )
