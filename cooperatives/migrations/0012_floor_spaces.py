"""Floor spaces (entrance, stage, toilets…); on PostgreSQL two spaces of a fair never share a cell.

The exclusion constraint is 0008's for booths, on this table. A space over a booth spans two
tables, which no constraint can check: FloorSpace.clean, Booth.clean and the booth services refuse
it on both engines.
"""

import django.db.models.deletion
from django.db import migrations, models

CONSTRAINT = "floorspace_no_overlap"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE cooperatives_floorspace ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist (
    fair_id WITH =,
    int4range(x::integer, x::integer + width::integer) WITH &&,
    int4range(y::integer, y::integer + height::integer) WITH &&
);
"""
DROP = f"ALTER TABLE cooperatives_floorspace DROP CONSTRAINT IF EXISTS {CONSTRAINT};"


def constraint_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def constraint_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ('cooperatives', '0011_booth_needs'),
    ]

    operations = [
        migrations.CreateModel(
            name='FloorSpace',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('entrance', 'entrance'), ('exit', 'exit'), ('stage', 'stage'), ('information', 'information desk'), ('toilets', 'toilets'), ('first_aid', 'first aid'), ('food', 'food court'), ('other', 'other')], default='other', max_length=20, verbose_name='kind')),
                ('label', models.CharField(blank=True, default='', help_text='Shown on the map, e.g. “Main stage” or “Gate 2”; the kind when empty.', max_length=60, verbose_name='label')),
                ('x', models.PositiveSmallIntegerField(default=0, verbose_name='column')),
                ('y', models.PositiveSmallIntegerField(default=0, verbose_name='row')),
                ('width', models.PositiveSmallIntegerField(default=2, verbose_name='width')),
                ('height', models.PositiveSmallIntegerField(default=1, verbose_name='height')),
                ('fair', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='floor_spaces', to='cooperatives.fair', verbose_name='fair')),
            ],
            options={
                'verbose_name': 'floor space',
                'verbose_name_plural': 'floor spaces (entrance, stage, toilets…)',
                'ordering': ['fair', 'y', 'x'],
                'constraints': [models.CheckConstraint(condition=models.Q(('width__gte', 1), ('height__gte', 1)), name='floorspace_positive_size', violation_error_message='A space is at least one cell wide and high.')],
            },
        ),
        migrations.RunPython(constraint_add, constraint_drop, elidable=False),
    ]
