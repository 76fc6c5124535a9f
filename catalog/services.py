"""Writes to the catalogue that touch more than one row. Admin, imports and the demo use them."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from catalog.images import Renditions, make_renditions
from catalog.models import Certification, Product, ProductImage
from ocop_fair.files import files_delete_on_commit, stored
from ocop_fair.imports import spreadsheet_import


def product_refresh_ocop(*, product: Product) -> None:
    """Copy the latest star award's stars and validity range onto the product for filtering.

    A product without a star award keeps its latest recognition's year and decision instead.
    """
    awards = list(product.certifications.order_by(*Certification._meta.ordering))
    # A recognition without stars is kept for the product page but rates nothing.
    latest = next((award for award in awards if award.stars is not None), None)
    recognition = None if latest else next(iter(awards), None)
    fields = {
        "ocop_stars": latest.stars if latest else None,
        "ocop_valid_until": latest.valid_until if latest else None,
        "ocop_possibly_valid_until": latest.possibly_valid_until if latest else None,
        # What a card can say of a starless recognition: its year (never a day) and decision.
        "ocop_recognition_year": (
            recognition.decision_date.year if recognition and recognition.decision_date else None
        ),
        "ocop_recognition_decision": recognition.decision_number if recognition else "",
    }
    # update() leaves updated_at alone: a derived field changing is not an edit of the product.
    Product.objects.filter(pk=product.pk).update(**fields)
    for name, value in fields.items():
        setattr(product, name, value)


@transaction.atomic
def certification_record(
    *,
    product: Product,
    stars: int | None,
    level: str,
    decision_date: datetime.date | None,
    date_precision: str = Certification.DatePrecision.DAY,
    award_type: str = Certification.AwardType.FIRST,
    criteria_version: str = "",
    decision_number: str = "",
    expires_on: datetime.date | None = None,
    holder_name: str = "",
    source_url: str = "",
    note: str = "",
    check_constraints: bool = True,
) -> Certification:
    """Validate and save an OCOP award for product, then refresh the product's current stars.

    check_constraints=False skips re-checking the CheckConstraints in Python (one query each):
    for bulk imports whose rows were already validated; the database still enforces them.
    """
    certification = Certification(
        product=product,
        stars=stars,
        level=level,
        decision_date=decision_date,
        date_precision=date_precision,
        award_type=award_type,
        criteria_version=criteria_version,
        decision_number=decision_number,
        expires_on=expires_on,
        holder_name=holder_name,
        source_url=source_url,
        note=note,
    )
    certification.full_clean(validate_constraints=check_constraints)
    certification.save()
    product_refresh_ocop(product=product)
    return certification


@transaction.atomic
def certification_revoke(
    *, certification: Certification, revoked_on: datetime.date, decision: str = ""
) -> Certification:
    """Withdraw an award before it expires and refresh the product's current validity."""
    certification.revoked_on = revoked_on
    certification.revocation_decision = decision
    certification.full_clean()
    certification.save(update_fields=["revoked_on", "revocation_decision"])
    product_refresh_ocop(product=certification.product)
    return certification


@transaction.atomic
def certification_correct(
    *, certification: Certification, changes: dict[str, object]
) -> Certification:
    """Correct a recorded award (stars, dates, even its product) and refresh the products."""
    stored_product_id = (
        Certification.objects.filter(pk=certification.pk).values_list("product_id", flat=True).get()
    )
    for field, value in changes.items():
        setattr(certification, field, value)
    certification.full_clean()
    certification.save()
    product_refresh_ocop(product=certification.product)
    if certification.product_id != stored_product_id:
        # Moved to another product: the one it left may have lost its latest award.
        product_refresh_ocop(product=Product.objects.get(pk=stored_product_id))
    return certification


@transaction.atomic
def certification_delete_many(*, certifications: QuerySet[Certification]) -> int:
    """Delete awards entered by mistake and refresh their products' current stars."""
    products = list(Product.objects.filter(certifications__in=certifications).distinct())
    _total, deleted = certifications.delete()
    for product in products:
        product_refresh_ocop(product=product)
    return deleted.get(Certification._meta.label, 0)


def product_image_store(*, image: ProductImage, renditions: Renditions) -> ProductImage:
    """Save a photo with new renditions; the files they replace go once the change commits.

    For a new photo (the admin's add form) and a replaced one (the admin's change form) alike.
    """
    previous = []
    if image.pk is not None:
        # The stored names, not the instance's: a form may already have put the upload there.
        stored_row = ProductImage.objects.filter(pk=image.pk).values("image", "thumbnail").first()
        if stored_row:
            previous = [stored_row["image"], stored_row["thumbnail"]]
    image.store_renditions(renditions)
    image.full_clean()
    image.save()
    storage = image.image.storage
    files_delete_on_commit(
        [
            (storage, name)
            for name in previous
            if name not in (image.image.name, image.thumbnail.name)
        ]
    )
    return image


@transaction.atomic
def product_image_add(
    *, product: Product, file=None, alt_text: str = "", renditions: Renditions | None = None
) -> ProductImage:
    """Normalise an uploaded photo, store it with its thumbnail and append it to the gallery.

    A form that already made the renditions while validating passes them instead of the file.
    """
    if renditions is None:
        renditions = make_renditions(file)
    last = product.images.order_by("-sort_order").values_list("sort_order", flat=True).first()
    image = ProductImage(
        product=product, alt_text=alt_text, sort_order=0 if last is None else last + 1
    )
    return product_image_store(image=image, renditions=renditions)


@transaction.atomic
def product_image_delete(*, image: ProductImage) -> None:
    """Delete a photo and, once the deletion is committed, its original and thumbnail."""
    product_images_delete(images=ProductImage.objects.filter(pk=image.pk))


@transaction.atomic
def product_images_delete(*, images: QuerySet[ProductImage]) -> int:
    """Delete photos (an admin bulk delete) and, once committed, all their files."""
    doomed = list(images.select_for_update())
    files = [stored(each.image) for each in doomed] + [stored(each.thumbnail) for each in doomed]
    for each in doomed:
        each.delete()  # one by one: each leaves its history row ("deleted by …")
    files_delete_on_commit(files)
    return len(doomed)


@transaction.atomic
def _product_set_status(products: QuerySet[Product], status: str) -> int:
    # One bulk UPDATE plus one bulk INSERT of history rows (who published or hid, and when);
    # a status change is an edit worth dating, so updated_at moves too.
    changing = list(products.exclude(status=status).select_for_update())
    now = timezone.now()
    for product in changing:
        product.status, product.updated_at = status, now
    bulk_update_with_history(changing, Product, ["status", "updated_at"], batch_size=500)
    return len(changing)


def product_publish_many(*, products: QuerySet[Product]) -> int:
    """Publish the given products in one update and return how many were not published before."""
    return _product_set_status(products, Product.Status.PUBLISHED)


def product_hide_many(*, products: QuerySet[Product]) -> int:
    """Hide the given products from visitors in one update and return how many changed."""
    return _product_set_status(products, Product.Status.HIDDEN)


def products_import(*, data: bytes, file_format: str, dry_run: bool = False):
    """Import a CSV or XLSX of products (catalog.resources), all rows or none."""
    from catalog.resources import ProductResource  # the resource imports these services

    return spreadsheet_import(
        ProductResource(), data=data, file_format=file_format, dry_run=dry_run
    )
