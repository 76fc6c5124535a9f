"""Vietnamese formats: Django's, plus the input formats Vietnamese write dates in.

Django's vi locale has no input formats, so the global ones applied: "02/11/2026" was read
as 11 February (%m/%d/%Y) and "15/12/2026" refused. Day first, always; ISO also works.
"""

from django.conf.locale.vi.formats import *  # noqa: F403

# The first is the one date inputs display a stored date in (and the admin's calendar writes).
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 02/11/2026
    "%d-%m-%Y",  # 02-11-2026
    "%d.%m.%Y",  # 02.11.2026
    "%Y-%m-%d",  # 2026-11-02 (ISO, and what browsers' date pickers send)
]
DATETIME_INPUT_FORMATS = [
    *(
        f"{day} {time}"
        for day in DATE_INPUT_FORMATS
        for time in ("%H:%M:%S", "%H:%M:%S.%f", "%H:%M")
    ),
    *DATE_INPUT_FORMATS,
]
# Weeks start on Monday (the admin's calendar).
FIRST_DAY_OF_WEEK = 1
