"""The staff portal: each cooperative keeps its own profile, products and photos current.

Every view finds its object through a queryset limited to the user's cooperatives
(portal.mixins), so another cooperative's object is simply not found.
"""

from django.contrib import admin, messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.forms.formsets import TOTAL_FORM_COUNT, BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from catalog import services as catalog_services
from catalog.models import Product
from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative
from portal.awards import award_in_words
from portal.forms import (
    CooperativeProfileForm,
    PackOptionFormSet,
    ShopLinkFormSet,
    StaffProductForm,
    VisibilityForm,
)
from portal.mixins import (
    MemberCooperativeMixin,
    MemberProductMixin,
)
from portal.selectors import (
    DASHBOARD_PRODUCTS,
    dashboard_cooperatives,
    products_review,
    products_with_counts,
)
from trade.models import Enquiry


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
    """The user's cooperatives a few at a time, each with the products needing attention first
    and a link to all of them; the count of new enquiries on top."""

    template_name = "portal/dashboard.html"
    cooperatives_per_page = 3

    def get_context_data(self, **kwargs):
        # One query for all the ids (few even for an organiser's test account), then one page.
        pks = Cooperative.objects.editable_by(self.request.user).order_by("name_sort", "pk")
        page = Paginator(
            list(pks.values_list("pk", flat=True)), self.cooperatives_per_page
        ).get_page(self.request.GET.get("page"))
        cooperatives = dashboard_cooperatives(self.request.user, pks=list(page))
        if page.paginator.num_pages == 1:
            new_enquiries = sum(cooperative.new_enquiry_count for cooperative in cooperatives)
        else:
            new_enquiries = (
                Enquiry.objects.for_user(self.request.user)
                .filter(status=Enquiry.Status.NEW)
                .count()
            )
        return super().get_context_data(
            cooperatives=cooperatives,
            page_obj=page,
            new_enquiries=new_enquiries,
            dashboard_products=DASHBOARD_PRODUCTS,
            **kwargs,
        )


class CooperativeProductsView(MemberCooperativeMixin, ListView):
    """All the products of one of the user's cooperatives, a page at a time."""

    template_name = "portal/product_list.html"
    context_object_name = "products"
    paginate_by = 20

    def get_queryset(self):
        return products_with_counts().filter(cooperative=self.get_cooperative())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(cooperative=self.get_cooperative(), **kwargs)
        context["products"] = products_review(context["products"])
        return context


class ProfileUpdateView(MemberCooperativeMixin, UpdateView):
    """The cooperative's profile and its shop links; "Add a link" works without JavaScript,
    as "Add a pack" does on the product page."""

    form_class = CooperativeProfileForm
    template_name = "portal/cooperative_form.html"

    def get_object(self, queryset=None):
        return self.get_cooperative()

    def get_context_data(self, **kwargs):
        if "links" not in kwargs:
            kwargs["links"] = ShopLinkFormSet(instance=self.object, prefix="links")
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        data = request.POST.copy()
        links = ShopLinkFormSet(data, instance=self.object, prefix="links")
        logo_not_kept = bool(request.FILES.get(form.add_prefix("new_logo")))
        if "link_add" in data:
            total_key = f"{links.prefix}-{TOTAL_FORM_COUNT}"
            if len(links.forms) < links.max_num:
                data[total_key] = str(len(links.forms) + 1)
            links = ShopLinkFormSet(data, instance=self.object, prefix="links")
            if links.forms:
                links.forms[-1].fields["url"].widget.attrs["autofocus"] = True
            _quiet(form)
            _quiet(links)
            return self.render_to_response(
                self.get_context_data(form=form, links=links, logo_not_kept=logo_not_kept)
            )
        # A post without the links' rows (a page from before they were editable, a script)
        # leaves the links as they are.
        with_links = f"{links.prefix}-{TOTAL_FORM_COUNT}" in data
        if form.is_valid() and (not with_links or links.is_valid()):
            logo = form.cleaned_data["new_logo"] or cooperative_services.KEEP_LOGO
            if with_links:
                cooperative_services.cooperative_save_with_shop_links(
                    cooperative=form.instance, shop_link_formset=links, logo=logo
                )
            else:
                cooperative_services.cooperative_save(cooperative=form.instance, logo=logo)
            messages.success(self.request, gettext("The profile was saved."))
            return redirect("portal:dashboard")
        if not with_links:
            links = ShopLinkFormSet(instance=self.object, prefix="links")
        return self.render_to_response(
            self.get_context_data(form=form, links=links, logo_not_kept=logo_not_kept)
        )


def _quiet(form) -> None:
    """Let a bound form or formset re-render its entered values without judging them: adding
    or moving a pack is not an attempt to save, so nothing is shown as an error yet."""
    if isinstance(form, BaseFormSet):
        form._errors, form._non_form_errors = [], form.error_class()
        for each in form.forms:
            _quiet(each)
    else:
        form._errors, form.cleaned_data = ErrorDict(), {}


def pack_rows(packs) -> list:
    """The pack forms in the order staff see them: by their hidden place, then as posted."""

    def place(pair):
        index, form = pair
        try:
            return (int(form["sort_order"].value()), index)
        except (TypeError, ValueError):
            return (MAX_PACK_PLACE, index)

    return [form for _index, form in sorted(enumerate(packs.forms), key=place)]


MAX_PACK_PLACE = 32767


class ProductFormMixin:
    """One page for a product: its text, its photos and its packs, saved together by one
    service. "Add a pack" and the up/down buttons are submit buttons too, so the page works
    without JavaScript: they re-render the form with what was typed, one row more or two
    rows swapped."""

    form_class = StaffProductForm
    template_name = "portal/product_form.html"

    def get_context_data(self, **kwargs):
        if "packs" not in kwargs:
            packs = PackOptionFormSet(instance=self.object, prefix="packs")
            # Each row's place is its position on the page, a new row last.
            for position, form in enumerate(packs.forms):
                form.initial["sort_order"] = position
            kwargs["packs"] = packs
        kwargs["pack_rows"] = pack_rows(kwargs["packs"])
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        kwargs["photo_rows"] = kwargs["form"].photo_rows()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        data = request.POST.copy()
        if "pack_add" in data or "pack_move" in data:
            return self.rearrange_packs(form, data)
        packs = PackOptionFormSet(data, instance=form.instance, prefix="packs")
        if form.is_valid() and packs.is_valid():
            product = catalog_services.product_save_with_packs(
                product=form.instance,
                pack_formset=packs,
                renditions=form.cleaned_data["new_photos"],
                remove_images=form.cleaned_data["remove_photos"],
                main_image=form.cleaned_data["main_photo"],
            )
            messages.success(request, self.success_message)
            return HttpResponseRedirect(reverse("portal:product-edit", args=[product.pk]))
        return self.render_to_response(
            self.get_context_data(
                form=form, packs=packs, photos_not_kept=self.photos_not_kept(form)
            )
        )

    def photos_not_kept(self, form) -> int:
        """How many chosen photos a re-rendered page asks to choose again (a browser never
        re-sends a file): all of them when nothing was saved."""
        return len(self.request.FILES.getlist(form.add_prefix("new_photos")))

    def rearrange_packs(self, form, data):
        """Re-render the page with one more pack row, or with a row moved up or down."""
        packs = PackOptionFormSet(data, instance=form.instance, prefix="packs")
        rows = pack_rows(packs)
        total_key = f"{packs.prefix}-{TOTAL_FORM_COUNT}"
        if "pack_add" in data:
            if len(rows) < packs.max_num:
                data[total_key] = str(len(rows) + 1)
                data[f"{packs.prefix}-{len(rows)}-sort_order"] = str(len(rows))
            else:
                messages.warning(
                    self.request,
                    gettext("A product has at most %(max)d packs.") % {"max": packs.max_num},
                )
        else:
            prefix, _sep, direction = data["pack_move"].rpartition(":")
            index = next((i for i, row in enumerate(rows) if row.prefix == prefix), None)
            target = None if index is None else index + (-1 if direction == "up" else 1)
            if target is not None and 0 <= target < len(rows):
                rows[index], rows[target] = rows[target], rows[index]
        # Renumber every row by its place on the page: the saved order is the order shown.
        for position, row in enumerate(rows):
            data[f"{row.prefix}-sort_order"] = str(position)
        packs = PackOptionFormSet(data, instance=form.instance, prefix="packs")
        _quiet(form)
        _quiet(packs)
        context = self.get_context_data(
            form=form, packs=packs, photos_not_kept=self.photos_not_kept(form)
        )
        if "pack_add" in data:
            new_row = packs.forms[-1]
            new_row.fields["label"].widget.attrs["autofocus"] = True
        else:
            context["focus_row"], context["focus_direction"] = prefix, direction
        return self.render_to_response(context)


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
            awards=[
                award_in_words(award, timezone.localdate())
                for award in self.object.certifications.all()
            ],
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
