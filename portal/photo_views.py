"""The staff portal's photo pages: upload several photos at once, describe, move and delete
one. The product page (portal.views) also adds and removes photos; these pages remain for a
photo's description and for staff who prefer one step at a time.

Each view finds its photo or product through a queryset limited to the user's cooperatives
(portal.mixins), so another cooperative's photo is simply not found.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.generic import DeleteView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from catalog import services as catalog_services
from portal.forms import PhotoAltTextForm, PhotoMoveForm, PhotoUploadForm
from portal.mixins import MemberPhotoMixin, MemberProductMixin


class ProductPhotosView(MemberProductMixin, SingleObjectMixin, FormView):
    form_class = PhotoUploadForm
    template_name = "portal/product_photos.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        photos = self.object.images.order_by("sort_order", "id")
        return super().get_context_data(photos=photos, **kwargs)

    def form_valid(self, form):
        added = catalog_services.product_images_add(
            product=self.object, renditions=form.cleaned_data["photos"]
        )
        message = ngettext(
            "%(count)d photo added. Describe it for people who cannot see it.",
            "%(count)d photos added. Describe each one for people who cannot see it.",
            len(added),
        )
        messages.success(self.request, message % {"count": len(added)})
        return redirect("portal:product-photos", pk=self.object.pk)


class PhotoUpdateView(MemberPhotoMixin, UpdateView):
    form_class = PhotoAltTextForm
    template_name = "portal/photo_form.html"

    def get_success_url(self):
        messages.success(self.request, gettext("The description of the photo was saved."))
        return reverse("portal:product-edit", args=[self.object.product_id])


class PhotoMoveView(MemberPhotoMixin, FormView):
    form_class = PhotoMoveForm
    http_method_names = ["post"]

    def form_valid(self, form):
        photo = self.get_photo()
        catalog_services.product_image_move(image=photo, step=form.step)
        return redirect("portal:product-photos", pk=photo.product_id)

    def form_invalid(self, form):
        photo = self.get_photo()
        messages.error(self.request, gettext("Unknown direction; nothing was changed."))
        return redirect("portal:product-photos", pk=photo.product_id)


class PhotoDeleteView(MemberPhotoMixin, DeleteView):
    template_name = "portal/photo_confirm_delete.html"

    def form_valid(self, form):
        photo = self.object
        catalog_services.product_image_delete(image=photo)
        messages.success(self.request, gettext("The photo was deleted."))
        return redirect("portal:product-photos", pk=photo.product_id)
