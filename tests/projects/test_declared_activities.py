"""Activities declared outside a partner project (e-APD): the DRI's list and form, the usual
codes of each kind, the audit trail, tenancy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Country, Role
from maillage.interop import eapd
from maillage.projects.funding import activities
from maillage.projects.models import DeclaredActivity

from ..factories import member

D = Decimal


def form_data(**values) -> dict[str, str]:
    return {
        "year": "2025",
        "kind": "awareness",
        "title": "Festival des solidarités",
        "amount": "1500.50",
        "region": "998",
        "legal_basis": "L1115-1",
        "m57_function": "044",
        **values,
    }


@pytest.mark.django_db
def test_create_fills_the_usual_codes_and_records_it(authority, users, client_for):
    client = client_for(users[Role.DRI])
    page = client.get(reverse("declared_activity_create") + "?annee=2025").content.decode()
    assert 'name="purpose_code"' in page
    assert "non examiné" in page  # the markers' empty choice
    response = client.post(reverse("declared_activity_create"), form_data(marker_gender="1"))
    assert response.status_code == 302
    assert response.url == reverse("declared_activity_list") + "?annee=2025"
    activity = DeclaredActivity.objects.get()
    assert (activity.authority, activity.purpose_code, activity.channel, activity.aid_type) == (
        authority,
        "99820",
        "11002",
        "H01",
    )
    assert (activity.amount, activity.marker_gender, activity.marker_environment) == (
        D("1500.50"),
        1,
        None,
    )
    assert AuditEvent.objects.filter(
        authority=authority, kind="declared_activity.created", object_id=str(activity.pk)
    ).exists()
    listing = client.get(reverse("declared_activity_list") + "?annee=2025").content.decode()
    assert "Festival des solidarités" in listing
    assert "objet 99820, canal 11002, type H01" in listing
    assert "1\xa0500,50 €" in listing


@pytest.mark.django_db
def test_refugees_codes_and_multilateral_needs_its_channel(authority, users, client_for):
    client = client_for(users[Role.DRI])
    client.post(
        reverse("declared_activity_create"),
        form_data(kind="refugees", title="Accueil", channel="22000"),
    )
    refugees = DeclaredActivity.objects.get(title="Accueil")
    assert (refugees.purpose_code, refugees.channel, refugees.aid_type) == (
        "93010",
        "22000",
        "H02",
    )
    response = client.post(
        reverse("declared_activity_create"), form_data(kind="multilateral", title="UNICEF")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indiquez le canal de l&#x27;organisme multilatéral" in page
    assert "Indiquez le code-objet CRS" in page
    assert not DeclaredActivity.objects.filter(title="UNICEF").exists()
    response = client.post(
        reverse("declared_activity_create"),
        form_data(kind="multilateral", title="UNICEF", channel="41122", purpose_code="12240"),
    )
    assert response.status_code == 302
    assert DeclaredActivity.objects.get(title="UNICEF").aid_type == "B02"
    response = client.post(
        reverse("declared_activity_create"), form_data(title="Mauvais code", purpose_code="998")
    )
    assert "Un code-objet CRS a cinq chiffres." in response.content.decode()


@pytest.mark.django_db
def test_update_and_delete(authority, users, client_for):
    client = client_for(users[Role.DRI])
    activity = activities.create_declared_activity(authority, by=None, **form_data(amount="10"))
    url = reverse("declared_activity_update", args=[activity.pk])
    data = form_data(amount="20", title="Renommée", version=str(activity.version))
    response = client.post(url, data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.amount) == ("Renommée", D("20"))
    # Saved again from the same, now old, version: the conflict page.
    assert client.post(url, data).status_code == 409
    delete = reverse("declared_activity_delete", args=[activity.pk])
    assert "Supprimer l&#x27;activité « Renommée » (2025, 20,00 €) ?" in (
        client.get(delete).content.decode()
    )
    assert DeclaredActivity.objects.filter(pk=activity.pk).exists()
    assert client.post(delete).status_code == 302
    assert not DeclaredActivity.objects.filter(pk=activity.pk).exists()
    kinds = set(AuditEvent.objects.filter(authority=authority).values_list("kind", flat=True))
    assert {"declared_activity.updated", "declared_activity.deleted"} <= kinds


@pytest.mark.django_db
def test_another_authoritys_activity_is_out_of_reach(authority, other_authority, users, client_for):
    theirs = activities.create_declared_activity(
        other_authority, by=None, **form_data(title="Pas chez nous", amount="5")
    )
    client = client_for(users[Role.DRI])
    assert client.get(reverse("declared_activity_update", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("declared_activity_delete", args=[theirs.pk])).status_code == 404
    assert DeclaredActivity.objects.filter(pk=theirs.pk).exists()
    assert "Pas chez nous" not in client.get(reverse("declared_activity_list")).content.decode()
    outsider = member(other_authority, Role.DRI, username="outsider")
    page = client_for(outsider).get(reverse("declared_activity_list")).content.decode()
    assert "Pas chez nous" in page


@pytest.mark.django_db
def test_only_those_who_edit_projects_record_activities(users, client_for):
    for role in (Role.DIRECTION, Role.AGENT, Role.REFERENT, Role.ELECTED):
        client = client_for(users[role])
        assert client.get(reverse("declared_activity_list")).status_code == 403
        assert client.post(reverse("declared_activity_create"), form_data()).status_code == 403
    assert not DeclaredActivity.objects.exists()


@pytest.mark.django_db
def test_a_country_replaces_the_region_in_the_declaration(authority):
    activities.create_declared_activity(
        authority,
        by=None,
        **form_data(
            kind="scholarships", region="289", amount="700", country=Country.objects.get(iso2="SN")
        ),
    )
    activity = DeclaredActivity.objects.get()
    assert (activity.country_id, activity.region) == ("SN", "998")
    (row,) = eapd.declaration(authority, 2025).rows
    assert (row.recipient_code, row.recipient_name, row.aid_type, row.purpose_code) == (
        "SN",
        "Sénégal",
        "E01",
        "11420",
    )
