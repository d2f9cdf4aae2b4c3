"""Accounts across authorities in the Django admin.

An authority's administrator manages only the accounts that live entirely in their authority
(every role there, neither superuser nor staff). For any other member they may only add or
remove roles in their own authority. Nobody but a superuser sets a password.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from maillage.core.models import AuditEvent, Membership, Role, User

from ..factories import AuthorityFactory, member

KINDS = ["own", "shared", "superuser", "staff"]


@pytest.fixture
def elsewhere(db):
    return AuthorityFactory(name="Ville voisine", slug="voisine", siren="219000001")


@pytest.fixture
def admin_client(authority, client_for):
    return client_for(member(authority, Role.ADMIN, username="chef"))


@pytest.fixture
def target(request, authority, elsewhere) -> User:
    """One member of ``authority`` of the kind given by the test's parameter."""
    kind = request.param
    user = member(authority, Role.AGENT, username=f"cible-{kind}", email=f"{kind}@ex.fr")
    if kind == "shared":
        Membership.objects.create(user=user, authority=elsewhere, role=Role.ADMIN)
    if kind in ("superuser", "staff"):
        user.is_staff = True
        user.is_superuser = kind == "superuser"
        user.save()
    return user


def state(user: User) -> dict | None:
    """Everything about an account that an authority administrator must not change."""
    row = User.objects.filter(pk=user.pk).values().first()
    if row is None:
        return None
    row.pop("last_login")
    row["memberships"] = sorted(
        Membership.objects.filter(user=user).values_list("authority_id", "role")
    )
    return row


def change_form_data(user: User, authority, *, new_role: str | None = None, **fields) -> dict:
    """A change form submission: the account's fields plus the inline of its roles here."""
    memberships = list(Membership.objects.filter(user=user, authority=authority).order_by("pk"))
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "memberships-TOTAL_FORMS": str(len(memberships) + 1),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(memberships):
        data |= {f"memberships-{i}-id": m.pk, f"memberships-{i}-user": user.pk}
        data[f"memberships-{i}-role"] = m.role
    extra = len(memberships)
    data |= {f"memberships-{extra}-user": user.pk, f"memberships-{extra}-role": new_role or ""}
    data |= fields
    return {k: v for k, v in data.items() if v != ""}


def change_url(user: User) -> str:
    return reverse("admin:core_user_change", args=[user.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_password_page_is_refused(target, admin_client):
    before = state(target)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert admin_client.get(url).status_code == 403
    response = admin_client.post(url, {"password1": "Pirate-2026!x", "password2": "Pirate-2026!x"})
    assert response.status_code == 403
    assert state(target) == before


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_change_form_offers_no_password(target, admin_client):
    page = admin_client.get(change_url(target)).content.decode()
    assert "password/" not in page
    assert 'name="password' not in page
    notice = "seuls ses rôles dans votre collectivité se modifient ici"
    assert (notice in page) == (target.username != "cible-own")
    assert "Envoyer un lien de réinitialisation" in admin_client.get(
        reverse("admin:core_user_changelist")
    ).content.decode("utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_edit_only_own_accounts(target, authority, admin_client):
    before = state(target)
    data = change_form_data(
        target, authority, email="pirate@ex.fr", first_name="Pirate", is_active=""
    )
    response = admin_client.post(change_url(target), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = state(target)
    if target.username == "cible-own":
        assert (after["email"], after["first_name"], after["is_active"]) == (
            "pirate@ex.fr",
            "Pirate",
            False,
        )
    else:
        assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_delete_only_own_accounts(target, admin_client):
    before = state(target)
    url = reverse("admin:core_user_delete", args=[target.pk])
    response = admin_client.post(url, {"post": "yes"})
    if target.username == "cible-own":
        assert response.status_code == 302
        assert state(target) is None
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.DELETE, object_type="core.User", object_id=str(target.pk)
        ).exists()
    else:
        assert response.status_code == 403
        assert state(target) == before


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_bulk_delete_only_own_accounts(target, authority, admin_client):
    bystander = member(authority, Role.AGENT, username="voisin-de-liste")
    before = state(target)
    response = admin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "delete_selected", "_selected_action": [target.pk, bystander.pk], "post": "yes"},
    )
    if target.username == "cible-own":
        assert response.status_code == 302
        assert state(target) is None and state(bystander) is None
        deleted = AuditEvent.objects.filter(
            authority=authority, action=AuditEvent.Action.DELETE, object_type="core.User"
        )
        assert set(deleted.values_list("object_id", flat=True)) == {
            str(target.pk),
            str(bystander.pk),
        }
    else:
        # One account out of reach: nothing is deleted at all.
        assert response.status_code in (200, 403)
        assert state(target) == before
        assert state(bystander) is not None


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_add_role_in_own_authority_for_every_kind(target, authority, elsewhere, admin_client):
    before = state(target)
    data = change_form_data(target, authority, new_role=Role.DRI, email="pirate@ex.fr")
    response = admin_client.post(change_url(target), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = state(target)
    assert (authority.pk, Role.DRI) in after["memberships"]
    assert [m for m in after["memberships"] if m[0] != authority.pk] == [
        m for m in before["memberships"] if m[0] != authority.pk
    ]
    if target.username != "cible-own":
        after["memberships"].remove((authority.pk, Role.DRI))
        assert after == before
    event = AuditEvent.objects.get(object_type="core.Membership", action=AuditEvent.Action.CREATE)
    assert event.authority == authority
    assert event.changes == {"user": target.username, "role": Role.DRI}


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_remove_role_in_own_authority_for_every_kind(target, authority, admin_client):
    Membership.objects.create(user=target, authority=authority, role=Role.DRI)
    dri = Membership.objects.get(user=target, authority=authority, role=Role.DRI)
    data = change_form_data(target, authority)
    index = next(i for i in range(5) if data.get(f"memberships-{i}-id") == dri.pk)
    data[f"memberships-{index}-DELETE"] = "on"
    response = admin_client.post(change_url(target), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Membership.objects.filter(pk=dri.pk).exists()
    assert User.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(object_type="core.Membership", action=AuditEvent.Action.DELETE)
    assert event.authority == authority and event.object_id == str(dri.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_remove_from_authority_keeps_the_account(target, authority, elsewhere, admin_client):
    before = state(target)
    response = admin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "remove_from_authority", "_selected_action": [target.pk]},
    )
    assert response.status_code == 302
    after = state(target)
    assert after is not None
    assert after["memberships"] == [m for m in before["memberships"] if m[0] != authority.pk]
    assert AuditEvent.objects.filter(
        authority=authority, object_type="core.Membership", action=AuditEvent.Action.DELETE
    ).exists()


@pytest.mark.django_db
def test_cannot_reach_memberships_of_another_authority(authority, elsewhere, admin_client):
    shared = member(authority, Role.AGENT, username="partage")
    theirs = Membership.objects.create(user=shared, authority=elsewhere, role=Role.ADMIN)
    data = change_form_data(shared, authority)
    # Smuggle the other authority's membership into the formset as if it were listed here.
    data |= {
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "2",
        "memberships-1-id": theirs.pk,
        "memberships-1-user": shared.pk,
        "memberships-1-role": Role.AGENT,
        "memberships-1-DELETE": "on",
    }
    admin_client.post(change_url(shared), data)
    theirs.refresh_from_db()
    assert (theirs.authority, theirs.role) == (elsewhere, Role.ADMIN)


@pytest.mark.django_db
@pytest.mark.parametrize("target", KINDS, indirect=True)
def test_reset_link_only_for_own_accounts(target, admin_client, settings):
    settings.ALLOWED_HOSTS = ["maillage.caen.fr", "testserver"]
    before = state(target)
    admin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "send_reset_link", "_selected_action": [target.pk]},
        HTTP_HOST="maillage.caen.fr",
    )
    if target.username == "cible-own":
        (message,) = mail.outbox
        assert message.to == [target.email]
        assert "\n" not in message.subject and "mot de passe" in message.subject
        assert "http://maillage.caen.fr/mot-de-passe/nouveau/" in message.body
    else:
        assert mail.outbox == []
    assert state(target) == before


@pytest.mark.django_db
def test_new_account_has_no_password_and_gets_a_link(authority, admin_client, settings):
    settings.ALLOWED_HOSTS = ["maillage.caen.fr", "testserver"]
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {
            "username": "nouvelle",
            "first_name": "Inès",
            "last_name": "Nouvelle",
            "email": "ines@caen.fr",
            "password1": "Impose-2026!x",
            "password2": "Impose-2026!x",
            "is_superuser": "on",
            "is_staff": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-role": Role.REFERENT,
        },
        HTTP_HOST="maillage.caen.fr",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nouvelle")
    assert not user.has_usable_password()
    assert not (user.is_staff or user.is_superuser)
    assert list(Membership.objects.filter(user=user).values_list("authority", "role")) == [
        (authority.pk, Role.REFERENT)
    ]
    (message,) = mail.outbox
    assert message.to == ["ines@caen.fr"]
    assert "https://" not in message.body and "http://maillage.caen.fr/" in message.body


@pytest.mark.django_db
def test_superuser_keeps_django_password_page(authority, client_for):
    root = member(authority, Role.ADMIN, username="root", is_superuser=True, is_staff=True)
    agent = member(authority, Role.AGENT, username="simple")
    url = reverse("admin:auth_user_password_change", args=[agent.pk])
    assert client_for(root).get(url).status_code == 200


@pytest.mark.django_db
def test_user_pickers_offer_only_members_of_the_authority(authority, elsewhere, rf):
    from django.contrib import admin

    from maillage.organisation.models import Agent
    from maillage.skills.models import SkillCall

    chef = member(authority, Role.ADMIN, username="chef")
    ours = member(authority, Role.AGENT, username="des-notres")
    theirs = member(elsewhere, Role.ADMIN, username="d-ailleurs")
    request = rf.get("/admin/")
    request.user, request.authority, request.roles = chef, authority, frozenset({Role.ADMIN})
    for model, name in [(Agent, "user"), (SkillCall, "created_by")]:
        model_admin = admin.site._registry[model]
        field = model_admin.formfield_for_foreignkey(model._meta.get_field(name), request)
        choices = set(field.queryset)
        assert ours in choices and chef in choices, model
        assert theirs not in choices, model


@pytest.mark.django_db
def test_bulk_delete_of_other_rows_is_audited(authority, admin_client):
    from ..factories import ServiceFactory

    services = [ServiceFactory(authority=authority) for _ in range(2)]
    response = admin_client.post(
        reverse("admin:organisation_service_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in services], "post": "yes"},
    )
    assert response.status_code == 302
    events = AuditEvent.objects.filter(
        authority=authority, action=AuditEvent.Action.DELETE, object_type="organisation.Service"
    )
    assert set(events.values_list("object_id", flat=True)) == {str(s.pk) for s in services}


@pytest.mark.django_db
def test_role_filter_looks_only_at_roles_here(authority, elsewhere, admin_client):
    shared = member(authority, Role.AGENT, username="partage")
    Membership.objects.create(user=shared, authority=elsewhere, role=Role.DRI)
    dri_here = member(authority, Role.DRI, username="dri-ici")
    response = admin_client.get(reverse("admin:core_user_changelist") + "?role=dri")
    listed = set(response.context["cl"].result_list)
    assert listed == {dri_here}
