"""Enquiries and their notifications move from the cooperatives app to trade, rows untouched.

The tables keep their names (Meta.db_table), so the database does nothing: only Django's model
state moves (cooperatives 0007 removes it there). The content types are renamed in place, so the
permissions granted on them (the Organisers group) and the admin's history follow the models.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ["enquiry", "enquirynotification"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if not ContentType.objects.filter(app_label=old, model=model).exists():
            continue  # a database whose content types were never created: nothing to carry
        # A content type made for the new label in the meantime (a partial migrate runs
        # post_migrate) has no grants or history worth keeping; the old one has both.
        ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_to_trade(apps, schema_editor):
    _relabel(apps, "cooperatives", "trade")


def content_types_to_cooperatives(apps, schema_editor):
    _relabel(apps, "trade", "cooperatives")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0012_search_document_with_diacritics"),
        ("cooperatives", "0006_province_current_name"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Enquiry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(
                                help_text="Given to the buyer; short enough to read over the phone.",
                                max_length=12,
                                unique=True,
                                verbose_name="reference",
                            ),
                        ),
                        (
                            "batch_reference",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                default="",
                                help_text="Shared by the enquiries one buyer sent to several cooperatives at once.",
                                max_length=12,
                                verbose_name="wholesale reference",
                            ),
                        ),
                        ("buyer_name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "organisation",
                            models.CharField(
                                blank=True, default="", max_length=150, verbose_name="organisation"
                            ),
                        ),
                        (
                            "buyer_type",
                            models.CharField(
                                choices=[
                                    ("distributor", "Distributor"),
                                    ("supermarket", "Supermarket"),
                                    ("horeca", "Restaurant or hotel"),
                                    ("exporter", "Exporter"),
                                    ("consumer", "Consumer"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                                verbose_name="buyer type",
                            ),
                        ),
                        (
                            "phone",
                            models.CharField(
                                help_text="Normalised: +84 followed by the subscriber number.",
                                max_length=16,
                                verbose_name="phone",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(
                                blank=True, default="", max_length=254, verbose_name="email"
                            ),
                        ),
                        (
                            "quantity",
                            models.CharField(
                                blank=True,
                                default="",
                                max_length=100,
                                verbose_name="quantity wanted",
                            ),
                        ),
                        ("message", models.TextField(max_length=2000, verbose_name="message")),
                        (
                            "preferred_contact",
                            models.CharField(
                                choices=[
                                    ("phone", "Phone call"),
                                    ("zalo", "Zalo"),
                                    ("email", "Email"),
                                ],
                                default="phone",
                                max_length=10,
                                verbose_name="preferred contact",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("new", "New"),
                                    ("replied", "Replied"),
                                    ("closed", "Closed"),
                                ],
                                default="new",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="received"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "cooperative",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="enquiries",
                                to="cooperatives.cooperative",
                                verbose_name="cooperative",
                            ),
                        ),
                        (
                            "products",
                            models.ManyToManyField(
                                blank=True,
                                related_name="enquiries",
                                to="catalog.product",
                                verbose_name="products",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enquiry",
                        "verbose_name_plural": "enquiries",
                        "db_table": "cooperatives_enquiry",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="EnquiryNotification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        (
                            "audience",
                            models.CharField(
                                choices=[
                                    ("cooperative", "Cooperative staff"),
                                    ("organiser", "Organisers"),
                                ],
                                max_length=12,
                                verbose_name="audience",
                            ),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent"),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
                        ),
                        (
                            "last_error",
                            models.CharField(
                                blank=True, default="", max_length=500, verbose_name="last error"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "enquiry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="trade.enquiry",
                                verbose_name="enquiry",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "enquiry notification",
                        "verbose_name_plural": "enquiry notifications",
                        "db_table": "cooperatives_enquirynotification",
                        "ordering": ["enquiry", "pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="enquiry",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("buyer_name", ""), _negated=True),
                            models.Q(("phone", ""), _negated=True),
                            models.Q(("message", ""), _negated=True),
                        ),
                        name="enquiry_has_buyer_and_phone",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="enquiry",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("preferred_contact", "email"), _negated=True),
                            models.Q(("email", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="enquiry_email_when_preferred",
                        violation_error_message="An email address is needed to be answered by email.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="enquirynotification",
                    constraint=models.UniqueConstraint(
                        fields=("enquiry", "recipient"), name="enquirynotification_unique_recipient"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_trade, content_types_to_cooperatives),
    ]
