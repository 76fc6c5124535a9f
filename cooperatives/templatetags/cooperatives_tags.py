from django import template

from ocop_fair.dates import day_label, weekday_label

register = template.Library()


@register.filter
def province_name_on(province, day):
    """The province's name in force on day: "Quảng Trị" for Quảng Bình at a fair after 1/7/2025."""
    return province.name_on(day)


@register.filter
def day(value, vietnamese="d/m/Y"):
    """A date as the reader expects it: "02/11/2022", or "2 Nov 2022" on English pages;
    |day:"j/n/Y" writes "2/11/2022" on Vietnamese pages."""
    return day_label(value, vietnamese)


@register.filter
def weekday(value, year=True):
    """A date with its weekday: "Thứ 4 2/11/2022", "Wednesday 2 Nov 2022"; |weekday:False
    leaves the year out."""
    return weekday_label(value, year=bool(year))
