"""The 2025 administrative units: each province's name today beside its name at the fair.

Quảng Bình and Quảng Trị merged into Quảng Trị on 1 July 2025; Thừa Thiên Huế became Thành phố
Huế on 1 January 2025. The provinces already in a database (the demo's, matched by their official
code) get the names their units have today, and the dates and notes of fixtures/provinces.csv.
"""

import datetime

from django.db import migrations, models

MERGER = (
    "Ngày 12/6/2025, Quốc hội thông qua nghị quyết sắp xếp đơn vị hành chính cấp tỉnh: tỉnh {a}"
    " và tỉnh {b} hợp nhất thành tỉnh Quảng Trị mới, hoạt động từ ngày 1/7/2025."
)
# code: (name today, now part of, since, note)
UNITS = {
    "44": (
        "Quảng Trị",
        "tỉnh Quảng Trị (hợp nhất Quảng Bình và Quảng Trị)",
        datetime.date(2025, 7, 1),
        MERGER.format(a="Quảng Bình", b="Quảng Trị"),
    ),
    "45": (
        "Quảng Trị",
        "tỉnh Quảng Trị (hợp nhất Quảng Bình và Quảng Trị)",
        datetime.date(2025, 7, 1),
        MERGER.format(a="Quảng Trị", b="Quảng Bình"),
    ),
    "46": (
        "Thành phố Huế",
        "Thành phố Huế (trực thuộc Trung ương)",
        datetime.date(2025, 1, 1),
        "Theo Nghị quyết 175/2024/QH15 của Quốc hội (thông qua ngày 30/11/2024), tỉnh Thừa Thiên"
        " Huế trở thành Thành phố Huế trực thuộc Trung ương từ ngày 1/1/2025.",
    ),
}


def record_units(apps, schema_editor):
    Province = apps.get_model("cooperatives", "Province")
    for code, (current, successor, since, note) in UNITS.items():
        for province in Province.objects.filter(code=code):
            province.current_name = current
            province.successor_name = province.successor_name or successor
            province.successor_since = province.successor_since or since
            province.reorganisation_note = province.reorganisation_note or note
            province.save(
                update_fields=[
                    "current_name",
                    "successor_name",
                    "successor_since",
                    "reorganisation_note",
                ]
            )


class Migration(migrations.Migration):

    dependencies = [
        ('cooperatives', '0005_enquiries'),
    ]

    operations = [
        migrations.AddField(
            model_name='province',
            name='current_name',
            field=models.CharField(blank=True, default='', help_text="The short name of the unit it belongs to since then (e.g. Quảng Trị, Thành phố Huế): the catalogue's province filter groups provinces by it.", max_length=100, verbose_name='name today'),
        ),
        migrations.AddConstraint(
            model_name='province',
            constraint=models.CheckConstraint(condition=models.Q(('current_name', ''), models.Q(('successor_name', ''), _negated=True), _connector='OR'), name='province_current_name_with_successor', violation_error_message='A name today is the name of the unit this province became: fill in “now part of” and its date too.'),
        ),
        migrations.RunPython(record_units, migrations.RunPython.noop),
    ]
