"""Forms of the staff portal: only the fields staff may change, validated here."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from catalog.forms import PackOptionForm
from catalog.models import PackOption, Product, ProductGroup, ProductImage
from cooperatives.models import Cooperative, ShopLink
from ocop_fair.form_fields import https_by_default
from ocop_fair.images import make_logo, make_renditions, refuse_embedded_markup

MAX_PHOTOS_PER_UPLOAD = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once and cleans each of them."""

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            if not self.required:
                return []
            raise ValidationError(_("Choose at least one photo."), code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class CooperativeProfileForm(forms.ModelForm):
    # A plain file field: the photo pipeline judges the content, not Django's ImageField.
    new_logo = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Cooperative
        formfield_callback = https_by_default
        fields = ["description", "phone", "email", "website", "address", "commune"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean_new_logo(self):
        """Return the normalised logo (ocop_fair.images.make_logo), or None to keep the current one."""
        logo = self.cleaned_data.get("new_logo")
        if not logo:
            return None
        normalised = make_logo(logo)
        refuse_embedded_markup(logo)
        return normalised


class ShopLinkForm(forms.ModelForm):
    """A cooperative's shop on a marketplace: a web page address, nothing else (no ftp:, no
    javascript:)."""

    class Meta:
        model = ShopLink
        formfield_callback = https_by_default
        fields = ["platform", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].label = _("Web address")
        self.fields["url"].widget.attrs["placeholder"] = "https://shopee.vn/…"
        self.fields["url"].validators.append(
            URLValidator(
                schemes=["http", "https"],
                message=_("Write a web address starting with https:// or http://."),
            )
        )


ShopLinkFormSet = forms.inlineformset_factory(
    Cooperative,
    ShopLink,
    form=ShopLinkForm,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=10,
    validate_max=True,
)


class GroupChoiceField(forms.ModelChoiceField):
    """The product group chosen by its name, grouped under its top-level group; no codes."""

    def label_from_instance(self, obj):
        return obj.label

    def grouped_choices(self):
        groups = list(self.queryset.select_related("parent__parent"))
        roots = [group for group in groups if group.parent_id is None]

        def root_of(group):
            while group.parent_id is not None:
                group = group.parent
            return group

        def option_label(group):
            # A sub-sub-group names its sub-group: "Chè: Chè tươi, chế biến".
            if group.parent_id and group.parent.parent_id:
                return f"{group.parent.label}: {group.label}"
            return group.label

        choices = [("", _("Choose a product group"))]
        for root in roots:
            members = [group for group in groups if root_of(group).pk == root.pk]
            choices.append((root.label, [(group.pk, option_label(group)) for group in members]))
        return choices


class StaffProductForm(forms.ModelForm):
    """Text a cooperative keeps current itself, and its photos; status and OCOP awards are not
    fields here."""

    group = GroupChoiceField(
        label=_("Product group"),
        queryset=ProductGroup.objects.all(),
    )
    new_photos = MultipleFileField(
        label=_("Add photos"),
        required=False,
        help_text=_(
            "Take them with the camera or choose them from your phone: up to 10 at once, JPEG, PNG or WebP, 10 MB each."
        ),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}
        ),
    )
    main_photo = forms.ModelChoiceField(
        label=_("Main photo"),
        queryset=ProductImage.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Remove photos"),
        queryset=ProductImage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Product
        formfield_callback = https_by_default
        fields = ["name", "group", "summary", "description", "traceability_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = self.fields["group"].grouped_choices()
        # static/js/portal.js adds a search box with this label above the list.
        self.fields["group"].widget.attrs["data-group-search"] = _(
            "Find the group: type e.g. honey, tea, coffee"
        )
        if self.instance.pk:
            photos = self.instance.images.order_by("sort_order", "id")
            self.fields["main_photo"].queryset = photos
            self.fields["remove_photos"].queryset = photos
            self.photos = list(photos)
        else:
            self.photos = []
        if self.photos:
            self.initial.setdefault("main_photo", self.photos[0].pk)

    def clean_name(self):
        # The form leaves the cooperative out, so Django cannot check this constraint itself.
        name = self.cleaned_data["name"]
        others = Product.objects.filter(cooperative=self.instance.cooperative, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("Your cooperative already has a product with this name."), code="duplicate"
            )
        return name

    def photo_rows(self) -> list[dict]:
        """The product's photos with whether each is (to be) the main one or removed."""
        main = str(self["main_photo"].value() or "")
        removed = {str(value) for value in (self["remove_photos"].value() or [])}
        return [
            {"photo": photo, "main": str(photo.pk) == main, "remove": str(photo.pk) in removed}
            for photo in self.photos
        ]

    def clean_new_photos(self):
        """Every file proved and processed (once) before anything is stored; [] for none."""
        files = self.cleaned_data.get("new_photos") or []
        return process_photos(files)

    def clean(self):
        cleaned = super().clean()
        main, removed = cleaned.get("main_photo"), cleaned.get("remove_photos") or []
        if main is not None and main in removed:
            self.add_error(
                "main_photo", _("The main photo cannot also be removed: choose another one.")
            )
        return cleaned


class PackRowForm(PackOptionForm):
    """One pack as a row of the staff form: its place is a hidden number the view keeps."""

    class Meta(PackOptionForm.Meta):
        fields = ["label", "price_vnd", "sort_order"]
        widgets = {"sort_order": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One help line above all the rows (#pack-help), not the same text under every row.
        for name, placeholder in (("label", _("e.g. jar of 500 g")), ("price_vnd", "65.000")):
            self.fields[name].help_text = ""
            self.fields[name].widget.attrs["placeholder"] = placeholder
        self.fields["price_vnd"].widget.attrs["aria-describedby"] = "pack-help"
        self.fields["label"].label = _("Pack")
        self.fields["price_vnd"].label = _("Price")
        # The page fills it in; a row posted without it (an old page, a script) goes first.
        self.fields["sort_order"].required = False

    def clean_sort_order(self):
        return self.cleaned_data.get("sort_order") or 0

    def has_changed(self):
        # A new row's place is set by the page, not by the user: an untouched row stays unsaved.
        if self.instance.pk is None:
            return any(name != "sort_order" for name in self.changed_data)
        return super().has_changed()


PackOptionFormSet = forms.inlineformset_factory(
    Product,
    PackOption,
    form=PackRowForm,
    fields=["label", "price_vnd", "sort_order"],
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
    validate_max=True,
)


def process_photos(files) -> list:
    """Prove and process each uploaded photo; every file's problem is reported by its name."""
    if len(files) > MAX_PHOTOS_PER_UPLOAD:
        raise ValidationError(
            _("Upload at most %(max)d photos at once."),
            code="too_many",
            params={"max": MAX_PHOTOS_PER_UPLOAD},
        )
    errors, renditions = [], []
    for upload in files:
        try:
            # Every file is proved (and processed, once) before any is stored.
            processed = make_renditions(upload)
            refuse_embedded_markup(upload)
            renditions.append(processed)
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    ValidationError(
                        _("%(file)s: %(message)s"),
                        code=error.code,
                        params={"file": upload.name[:80], "message": message},
                    )
                )
    if errors:
        raise ValidationError(errors)
    return renditions


class PhotoUploadForm(forms.Form):
    photos = MultipleFileField(
        label=_("Photos"),
        help_text=_(
            "Take them with the camera or choose them from your phone: up to 10 at once, JPEG, PNG or WebP, 10 MB each."
        ),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}
        ),
    )

    def clean_photos(self):
        return process_photos(self.cleaned_data["photos"])


class PhotoAltTextForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["alt_text"]


class PhotoMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Earlier")), ("down", _("Later"))])

    @property
    def step(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class VisibilityForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("unhide", _("Show again"))])
