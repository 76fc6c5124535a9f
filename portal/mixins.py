"""Access control of the staff portal, declared once: login first, then membership."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404

from cooperatives.models import Cooperative
from portal.selectors import product_images_editable_by, products_editable_by


class MemberCooperativeMixin(LoginRequiredMixin):
    """The cooperative named in the URL, if the user is a member; a 404 otherwise."""

    def get_cooperative(self) -> Cooperative:
        if not hasattr(self, "_cooperative"):
            self._cooperative = get_object_or_404(
                Cooperative.objects.editable_by(self.request.user).select_related("province"),
                slug=self.kwargs["slug"],
            )
        return self._cooperative


class MemberProductMixin(LoginRequiredMixin):
    """A product of one of the user's cooperatives; another cooperative's product is a 404."""

    def get_queryset(self):
        return products_editable_by(self.request.user).select_related("cooperative", "group")


class MemberPhotoMixin(LoginRequiredMixin):
    """A photo of one of the user's products; anyone else's photo is a 404."""

    def get_queryset(self):
        return product_images_editable_by(self.request.user)

    def get_photo(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
