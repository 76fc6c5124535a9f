"""Enquiries now belong to the trade app (trade/migrations/0001): forget them here, keep the tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0006_province_current_name"),
        ("trade", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="enquirynotification",
                    name="enquiry",
                ),
                migrations.DeleteModel(
                    name="Enquiry",
                ),
                migrations.DeleteModel(
                    name="EnquiryNotification",
                ),
            ],
            database_operations=[],
        ),
    ]
