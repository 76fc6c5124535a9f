"""Cooperative staff accounts: the "set your password" invitation and unlocking a locked login."""

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override


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
