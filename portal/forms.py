"""Forms of the staff portal: only the fields staff may change, validated here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.forms import PackOptionForm
from catalog.models import PackOption, Product, ProductImage
from cooperatives.models import Cooperative
from ocop_fair.form_fields import https_by_default
from ocop_fair.images import make_logo, make_renditions, refuse_embedded_markup

MAX_PHOTOS_PER_UPLOAD = 10


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


class StaffProductForm(forms.ModelForm):
    """Text a cooperative keeps current itself; status and OCOP awards are not fields here."""

    class Meta:
        model = Product
        formfield_callback = https_by_default
        fields = ["name", "group", "summary", "description", "traceability_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def clean_name(self):
        # The form leaves the cooperative out, so Django cannot check this constraint itself.
        name = self.cleaned_data["name"]
        others = Product.objects.filter(cooperative=self.instance.cooperative, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("Your cooperative already has a product with this name."), code="duplicate"
            )
        return name


PackOptionFormSet = forms.inlineformset_factory(
    Product,
    PackOption,
    form=PackOptionForm,
    fields=["label", "price_vnd", "sort_order"],
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once and cleans each of them."""

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise ValidationError(_("Choose at least one photo."), code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


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
        files = self.cleaned_data["photos"]
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
