"""The staff portal: each cooperative keeps its own profile, products and photos current.

Every view finds its object through a queryset limited to the user's cooperatives
(portal.mixins), so another cooperative's object is simply not found.
"""

from django.contrib import admin, messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DeleteView, FormView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from catalog import services as catalog_services
from catalog.models import Product
from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative
from portal.forms import (
    CooperativeProfileForm,
    PackOptionFormSet,
    PhotoAltTextForm,
    PhotoMoveForm,
    PhotoUploadForm,
    StaffProductForm,
    VisibilityForm,
)
from portal.mixins import (
    MemberCooperativeMixin,
    MemberPhotoMixin,
    MemberProductMixin,
)
from portal.selectors import dashboard_cooperatives


def landing_url(request) -> str:
    """Return where a user lands after logging in: organisers the admin, cooperative staff
    their dashboard, anyone else a page that says what to ask for."""
    if admin.site.has_permission(request):
        return reverse("admin:index")
    if Cooperative.objects.editable_by(request.user).exists():
        return reverse("portal:dashboard")
    return reverse("portal:unlinked")


class RoleLoginView(LoginView):
    """The site's login; without a safe ?next= the landing page follows the user's role."""

    def get_default_redirect_url(self):
        return landing_url(self.request)


class UnlinkedAccountView(LoginRequiredMixin, TemplateView):
    """For a signed-in user who is neither an organiser nor a cooperative's staff member."""

    template_name = "portal/unlinked.html"

    def get(self, request, *args, **kwargs):
        # Linked since (or an organiser opening the link): send them where they belong.
        if (url := landing_url(request)) != request.path:
            return redirect(url)
        return super().get(request, *args, **kwargs)


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        cooperatives = dashboard_cooperatives(self.request.user)
        return super().get_context_data(
            cooperatives=cooperatives,
            new_enquiries=sum(c.new_enquiry_count for c in cooperatives),
            **kwargs,
        )


class ProfileUpdateView(MemberCooperativeMixin, UpdateView):
    form_class = CooperativeProfileForm
    template_name = "portal/cooperative_form.html"

    def get_object(self, queryset=None):
        return self.get_cooperative()

    def form_valid(self, form):
        cooperative_services.cooperative_save(
            cooperative=form.instance,
            logo=form.cleaned_data["new_logo"] or cooperative_services.KEEP_LOGO,
        )
        messages.success(self.request, gettext("The profile was saved."))
        return redirect("portal:dashboard")


class ProductFormMixin:
    """A product form and its pack-option formset, saved together by one service."""

    form_class = StaffProductForm
    template_name = "portal/product_form.html"

    def get_context_data(self, **kwargs):
        if "packs" not in kwargs:
            kwargs["packs"] = PackOptionFormSet(instance=self.object, prefix="packs")
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        packs = PackOptionFormSet(request.POST, instance=form.instance, prefix="packs")
        if form.is_valid() and packs.is_valid():
            product = catalog_services.product_save_with_packs(
                product=form.instance, pack_formset=packs
            )
            messages.success(request, self.success_message)
            return HttpResponseRedirect(reverse("portal:product-edit", args=[product.pk]))
        return self.render_to_response(self.get_context_data(form=form, packs=packs))


class ProductCreateView(MemberCooperativeMixin, ProductFormMixin, UpdateView):
    success_message = _(
        "The product was saved. It will appear in the catalogue once the organisers have reviewed it."
    )

    def get_object(self, queryset=None):
        # Unsaved: the form fills it, the service saves it as pending review.
        return Product(cooperative=self.get_cooperative())


class ProductUpdateView(MemberProductMixin, ProductFormMixin, UpdateView):
    @property
    def success_message(self):
        if self.object.status == Product.Status.PUBLISHED:
            return gettext("The product was saved; the changes are already in the catalogue.")
        return gettext("The product was saved.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certifications=self.object.certifications.all(),
            visibility_form=VisibilityForm(),
            **kwargs,
        )


class ProductVisibilityView(MemberProductMixin, SingleObjectMixin, FormView):
    form_class = VisibilityForm
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        product = self.object
        if form.cleaned_data["action"] == "hide":
            catalog_services.product_hide(product=product)
            messages.success(self.request, gettext("The product is hidden from visitors."))
        elif product.status == Product.Status.HIDDEN:
            catalog_services.product_unhide(product=product)
            if product.status == Product.Status.PUBLISHED:
                messages.success(self.request, gettext("The product is visible again."))
            else:
                messages.success(
                    self.request,
                    gettext(
                        "The product will be visible again once the organisers have reviewed it."
                    ),
                )
        return redirect("portal:product-edit", pk=product.pk)

    def form_invalid(self, form):
        messages.error(self.request, gettext("Unknown action; nothing was changed."))
        return redirect("portal:product-edit", pk=self.object.pk)


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
        return reverse("portal:product-photos", args=[self.object.product_id])


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
