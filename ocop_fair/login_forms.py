"""The site's and the admin's login forms, with the username bounded as the model bounds it.

Django's AuthenticationForm sets the field's max_length only after the field is built, so the
limit reaches the HTML but is never checked: a longer name went on to django-axes, whose
failed-attempt row holds 255 characters, and PostgreSQL refused it (a 500).
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm


class BoundedUsernameMixin:
    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            # No account has such a name: the same answer as any wrong name or password.
            raise self.get_invalid_login_error()
        return username


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    """The staff portal's login (accounts/login/)."""


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    """The admin's login (admin/login/)."""
