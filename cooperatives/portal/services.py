"""Writes of the staff portal. Views and the admin call these; forms have validated the input."""

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from catalog.images import Renditions
from catalog.models import Product, ProductImage
from catalog.services import product_image_add
from cooperatives.models import Cooperative
from ocop_fair.files import files_delete_on_commit

# Recorded on the history row of a hide done in the portal, so that unhiding can tell it apart
# from a product the organisers took down. The reason itself says whether it was published:
# products older than their history (or bulk-created) have no earlier row to read it from.
HIDDEN_BY_COOPERATIVE = "hidden by its cooperative"
HIDDEN_WHILE_PUBLISHED = "hidden by its cooperative while published"


def staff_invite_send(*, user, request) -> None:
    """E-mail the user a one-time link to choose a password (also for accounts that have none)."""
    # Staff read Vietnamese, whatever the organiser's admin language: the e-mail and the page
    # the link opens (no /en/ prefix) both.
    with override("vi"):
        # Django's PasswordResetForm skips users without a usable password: new staff have none.
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "link": request.build_absolute_uri(path)}
        subject = render_to_string("registration/set_password_subject.txt", context).strip()
        body = render_to_string("registration/set_password_email.txt", context)
    send_mail(subject, body, None, [user.email])


def staff_invite_send_many(*, users: Iterable, request) -> tuple[int, list]:
    """Invite every user that has an e-mail address; return how many and who was skipped."""
    sent, without_email = 0, []
    for user in users:
        if not user.email:
            without_email.append(user)
            continue
        staff_invite_send(user=user, request=request)
        sent += 1
    return sent, without_email


def staff_login_unlock(*, users: Iterable) -> int:
    """Clear these users' failed logins from every address; return how many had any."""
    return sum(1 for user in users if axes_reset(username=user.get_username()))


# cooperative_save(logo=KEEP_LOGO) leaves the logo as it is stored.
KEEP_LOGO = object()


@transaction.atomic
def cooperative_save(*, cooperative: Cooperative, logo=KEEP_LOGO) -> Cooperative:
    """Save a cooperative's profile; logo (a file made by catalog.images.make_logo, or None to
    remove it) replaces the stored one, whose file is deleted once the change commits."""
    if logo is not KEEP_LOGO:
        previous = ""
        if cooperative.pk is not None:
            # The stored name, not the instance's: the admin's form may have changed that.
            previous = (
                Cooperative.objects.filter(pk=cooperative.pk).values_list("logo", flat=True).first()
            ) or ""
        if logo is None:
            cooperative.logo = ""
        else:
            cooperative.logo.save(logo.name, logo, save=False)
        if previous != cooperative.logo.name:
            files_delete_on_commit([(cooperative.logo.storage, previous)])
    cooperative.full_clean(exclude=["slug"])  # save() derives the slug of a new cooperative
    cooperative.save()
    return cooperative


@transaction.atomic
def product_save_with_packs(*, product: Product, pack_formset) -> Product:
    """Save a product and its pack options together; a new product awaits review."""
    if product.pk is None:
        # Staff never publish: the organisers review every new product first.
        product.status = Product.Status.PENDING
    product.full_clean(exclude=["slug"])  # save() derives the slug of a new product
    product.save()
    pack_formset.instance = product
    pack_formset.save()
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
