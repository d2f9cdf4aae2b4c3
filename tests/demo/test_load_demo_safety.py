"""`load_demo` never runs in production and never changes an account it did not create."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import Authority, Membership, Role, User
from maillage.demo.data import PASSWORD
from tests.factories import AuthorityFactory, UserFactory, member

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-test-only-0123456789"


def load() -> None:
    call_command("load_demo", stdout=StringIO(), verbosity=0)


def account_state(user: User) -> dict:
    user.refresh_from_db()
    return {
        "password": user.password,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "email": user.email,
        "first_name": user.first_name,
        "memberships": sorted(
            Membership.objects.filter(user=user).values_list("authority__siren", "role")
        ),
    }


def test_production_refuses_with_a_clear_message():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAILLAGE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env={
            **env,
            "MAILLAGE_ENV": "production",
            "DJANGO_SECRET_KEY": GOOD_KEY,
            "DJANGO_ALLOWED_HOSTS": "maillage.example.fr",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "MAILLAGE_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_production_setting_writes_nothing(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        load()
    assert not Authority.objects.filter(slug="bellerive").exists()
    assert not User.objects.filter(username__in=Role.values).exists()


@pytest.mark.django_db
def test_existing_superuser_named_admin_is_left_alone():
    admin = UserFactory(
        username="admin", is_superuser=True, is_staff=True, is_active=False, email="ops@x.fr"
    )
    before = account_state(admin)
    with pytest.raises(CommandError, match="admin"):
        load()
    assert account_state(admin) == before
    assert not admin.check_password(PASSWORD)
    # All or nothing: no demo authority, no other demo account.
    assert not Authority.objects.filter(slug="bellerive").exists()
    assert not User.objects.filter(username__in=set(Role.values) - {"admin"}).exists()


@pytest.mark.django_db
def test_existing_admin_of_a_real_authority_keeps_its_password_and_roles():
    real = AuthorityFactory(name="Ville réelle", siren="210000001")
    admin = member(real, Role.ADMIN, username="admin")
    before = account_state(admin)
    with pytest.raises(CommandError, match="admin"):
        load()
    assert account_state(admin) == before


@pytest.mark.django_db
def test_demo_account_given_a_role_elsewhere_is_no_longer_reset():
    load()
    real = AuthorityFactory(name="Ville réelle", siren="210000001")
    dri = User.objects.get(username="dri")
    dri.set_password("a-private-password-now")
    dri.save()
    Membership.objects.create(user=dri, authority=real, role=Role.DRI)
    before = account_state(dri)
    with pytest.raises(CommandError, match="dri"):
        load()
    assert account_state(dri) == before


@pytest.mark.django_db
def test_demo_accounts_it_created_are_still_refreshed():
    load()
    admin = User.objects.get(username="admin")
    admin.set_password("changed")
    admin.is_active = False
    admin.save()
    load()
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD) and admin.is_active
