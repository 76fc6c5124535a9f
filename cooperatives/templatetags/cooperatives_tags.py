from django import template

register = template.Library()


@register.filter
def province_name_on(province, day):
    """The province's name in force on day: "Quảng Trị" for Quảng Bình at a fair after 1/7/2025."""
    return province.name_on(day)
