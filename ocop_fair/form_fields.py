"""Form-field rules shared by the admin and the staff portal."""

from django.db import models

# A typed "example.vn" is read as https://example.vn: Django 6's default, already now.
ASSUME_HTTPS = {"assume_scheme": "https"}


def https_by_default(model_field, **kwargs):
    """A ModelForm's formfield_callback applying ASSUME_HTTPS to its URL fields."""
    if isinstance(model_field, models.URLField):
        kwargs = {**ASSUME_HTTPS, **kwargs}
    return model_field.formfield(**kwargs)
