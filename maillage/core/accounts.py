"""Accounts across authorities: who an authority's administrator may manage, and reset links.

An account can hold roles in several authorities; its password, e-mail address, name and
active flag open all of them. So an authority's administrator manages an account only when the
whole account lives in their authority; for any other account they may grant or withdraw roles
*in their own authority* and nothing else. Passwords are never set by an administrator: they
send a single-use reset link to the account's own address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import audit
from .models import AuditEvent, Authority, Membership, User

RESET_SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "registration/password_reset_email.txt"


def managed_by(user: User, authority: Authority | None) -> bool:
    """Whether ``authority``'s administrators manage the whole ``user`` account.

    True only for an account that is neither superuser nor staff and whose every membership is
    in ``authority`` (at least one).
    """
    if authority is None or user.pk is None or user.is_superuser or user.is_staff:
        return False
    authority_ids = set(Membership.objects.filter(user=user).values_list("authority_id", flat=True))
    return authority_ids == {authority.pk}


def reset_email_context() -> dict[str, int]:
    return {"hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}


def send_password_reset(request: HttpRequest, user: User, *, authority: Authority | None) -> bool:
    """E-mail ``user`` a single-use link to choose a password. False if they have no address.

    The link expires after ``PASSWORD_RESET_TIMEOUT`` and dies as soon as the password changes
    (the token signs the password hash). Built on the request's host, like Django's own view.
    """
    if not user.email or not user.is_active:
        return False
    site = get_current_site(request)
    context = {
        "email": user.email,
        "domain": site.domain,
        "site_name": site.name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        **reset_email_context(),
    }
    PasswordResetForm().send_mail(
        RESET_SUBJECT_TEMPLATE, RESET_EMAIL_TEMPLATE, context, None, user.email
    )
    audit.record(
        authority=authority,
        user=request.user,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        changes={"password_reset_link": "sent"},
    )
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's address for login throttling, trusting only the configured proxies.

    Each of ``TRUSTED_PROXY_COUNT`` proxies appends the address it received from to
    X-Forwarded-For; anything further left was written by the client and could be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return remote


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    """The failure count at which django-axes locks, per account or per address.

    axes compares one number, the larger of the account's and the address's failure counts,
    with this limit. Answering the account limit once the account has reached it, and the
    address limit otherwise, locks an account after LOGIN_FAILURE_LIMIT failures and an address
    after LOGIN_ADDRESS_FAILURE_LIMIT, so a few colleagues' typos behind one gateway never lock
    the whole authority out.
    """
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    username = get_client_username(request, credentials) if credentials else None
    if username:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=since
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (failures or 0) >= settings.LOGIN_FAILURE_LIMIT:
            return settings.LOGIN_FAILURE_LIMIT
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT
