"""Writes to the catalogue that touch more than one row or a file: the admin, the staff portal,
imports and the demo use them."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from catalog.models import Certification, Product, ProductImage
from catalog.page_tags import product_tags, products_tags
from ocop_fair import page_versions
from ocop_fair.files import files_delete_on_commit, stored
from ocop_fair.images import Renditions, make_renditions

# Recorded on the history row of a hide done in the portal, so that unhiding can tell it apart
# from a product the organisers took down. The reason itself says whether it was published:
# products older than their history (or bulk-created) have no earlier row to read it from.
HIDDEN_BY_COOPERATIVE = "hidden by its cooperative"
HIDDEN_WHILE_PUBLISHED = "hidden by its cooperative while published"


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
        left = Product.objects.get(pk=stored_product_id)
        product_refresh_ocop(product=left)
        page_versions.bump(product_tags(left))
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
def products_delete(*, products: QuerySet[Product]) -> int:
    """Delete products (the admin's delete) with their photos, whose files go once committed."""
    doomed = list(products.select_for_update())
    product_images_delete(images=ProductImage.objects.filter(product__in=doomed))
    for product in doomed:
        product.delete()  # one by one: each leaves its history row ("deleted by …")
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
    # A bulk update sends no post_save: the pages showing these products are told here.
    if changing:
        page_versions.bump(products_tags(changing))
    return len(changing)


def product_publish_many(*, products: QuerySet[Product]) -> int:
    """Publish the given products in one update and return how many were not published before."""
    return _product_set_status(products, Product.Status.PUBLISHED)


def product_hide_many(*, products: QuerySet[Product]) -> int:
    """Hide the given products from visitors in one update and return how many changed."""
    return _product_set_status(products, Product.Status.HIDDEN)


@transaction.atomic
def product_save_with_packs(
    *,
    product: Product,
    pack_formset,
    renditions: list[Renditions] = (),
    remove_images: list[ProductImage] = (),
    main_image: ProductImage | None = None,
) -> Product:
    """Save a product, its pack options and its photo changes together; a new product awaits
    review. New photos (already processed) join the end of the gallery, removed ones go with
    their files once committed, and main_image becomes the first photo."""
    if product.pk is None:
        # Staff never publish: the organisers review every new product first.
        product.status = Product.Status.PENDING
    product.full_clean(exclude=["slug"])  # save() derives the slug of a new product
    product.save()
    pack_formset.instance = product
    pack_formset.save()
    if remove_images:
        product_images_delete(
            images=ProductImage.objects.filter(
                product=product, pk__in=[image.pk for image in remove_images]
            )
        )
    if renditions:
        product_images_add(product=product, renditions=list(renditions))
    if main_image is not None and main_image.product_id == product.pk:
        product_image_make_main(image=main_image)
    return product


def product_hide(*, product: Product) -> Product:
    """Take a product off the public catalogue at the cooperative's request."""
    was_published = product.status == Product.Status.PUBLISHED
    product.status = Product.Status.HIDDEN
    product._change_reason = HIDDEN_WHILE_PUBLISHED if was_published else HIDDEN_BY_COOPERATIVE
    product.save(update_fields=["status", "updated_at"])
    return product


def product_unhide(*, product: Product) -> Product:
    """Show a hidden product again: published if the cooperative itself hid it while
    published, otherwise back to the organisers' review (they may have hidden it)."""
    # Walk back over the edits made while hidden (text, prices) to the change that hid it; only
    # the cooperative's own hiding of a published product is undone without a new review.
    hiding = None
    records = product.history.order_by("-history_date", "-history_id")
    for record in records.only("status", "history_change_reason").iterator(chunk_size=50):
        if record.status != Product.Status.HIDDEN:
            break
        hiding = record
    hidden_by_cooperative = (
        hiding is not None and hiding.history_change_reason == HIDDEN_WHILE_PUBLISHED
    )
    product.status = Product.Status.PUBLISHED if hidden_by_cooperative else Product.Status.PENDING
    product.save(update_fields=["status", "updated_at"])
    return product


@transaction.atomic
def product_images_add(*, product: Product, renditions: list[Renditions]) -> list[ProductImage]:
    """Add several processed photos at once, all or none."""
    return [product_image_add(product=product, renditions=each) for each in renditions]


@transaction.atomic
def product_image_move(*, image: ProductImage, step: int) -> None:
    """Move a photo one place earlier (step -1) or later (+1) in its product's gallery."""
    gallery = list(
        ProductImage.objects.select_for_update()
        .filter(product_id=image.product_id)
        .order_by("sort_order", "id")
    )
    index = next((i for i, other in enumerate(gallery) if other.pk == image.pk), None)
    if index is None:
        return  # deleted meanwhile (another tab, another member of the cooperative)
    target = index + step
    if not 0 <= target < len(gallery):
        return
    gallery[index], gallery[target] = gallery[target], gallery[index]
    # Renumber the whole gallery: older photos may share an order number.
    changed = []
    for position, photo in enumerate(gallery):
        if photo.sort_order != position:
            photo.sort_order = position
            changed.append(photo)
    for photo in changed:
        photo.save(update_fields=["sort_order"])


@transaction.atomic
def product_image_make_main(*, image: ProductImage) -> None:
    """Put a photo first in its product's gallery (the one cards and shares show)."""
    gallery = list(
        ProductImage.objects.select_for_update()
        .filter(product_id=image.product_id)
        .order_by("sort_order", "id")
    )
    if not gallery or gallery[0].pk == image.pk or image.pk not in {p.pk for p in gallery}:
        return  # already first, or deleted meanwhile
    gallery.sort(key=lambda photo: photo.pk != image.pk)  # stable: the others keep their order
    for position, photo in enumerate(gallery):
        if photo.sort_order != position:
            photo.sort_order = position
            photo.save(update_fields=["sort_order"])
