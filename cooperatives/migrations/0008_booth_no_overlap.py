"""PostgreSQL refuses two booths of one fair that share a cell of the floor plan.

An exclusion constraint over the booth's column and row ranges, half-open ('[)'), so booths that
only touch are allowed. btree_gist lets the gist index compare fair_id with "=". SQLite has no
such constraint: there the check is Booth.clean and cooperatives.booth_services, which every
write path (admin, row of booths, layout copy) goes through on both engines.
"""

from django.db import migrations

CONSTRAINT = "booth_no_overlap"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE cooperatives_booth ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist (
    fair_id WITH =,
    int4range(x::integer, x::integer + width::integer) WITH &&,
    int4range(y::integer, y::integer + height::integer) WITH &&
);
"""
# The extension stays: other schemas may use it, and keeping it costs nothing.
DROP = f"ALTER TABLE cooperatives_booth DROP CONSTRAINT IF EXISTS {CONSTRAINT};"


def constraint_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def constraint_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0007_enquiries_moved_to_trade")]

    operations = [migrations.RunPython(constraint_add, constraint_drop, elidable=False)]
