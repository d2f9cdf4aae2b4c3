"""Partners: the gazetteer, the service functions, and the list, detail, form and delete pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Country, Role
from maillage.projects.models import Partner, PartnerContact
from maillage.projects.partners import gazetteer
from maillage.projects.partners import services as partners

from ..factories import (
    AgreementFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

D = Decimal


@pytest.fixture
def senegal(db):
    return Country.objects.get(iso2="SN")


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def partner_data(country, **overrides):
    data = {
        "name": "Commune de Thiès",
        "organisation_type": "11",
        "country": country,
        "subdivision": "Région de Thiès",
        "city": "Thiès",
        "latitude": None,
        "longitude": None,
        "website": "",
        "description": "",
    }
    return data | overrides


def form_post(**overrides) -> dict[str, str]:
    """A partner form as the browser posts it, with one empty contact row."""
    data = {
        "name": "Commune de Thiès",
        "organisation_type": "11",
        "country": "SN",
        "subdivision": "",
        "city": "Thiès",
        "latitude": "",
        "longitude": "",
        "website": "",
        "description": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "50",
    }
    return data | overrides


# --- Gazetteer -----------------------------------------------------------------------------


def test_gazetteer_finds_cities_whatever_the_accents_and_case():
    thies = gazetteer.locate("sn", "THIES")
    assert thies is not None
    assert thies.name == "Thiès"
    assert (thies.latitude, thies.longitude) == (D("14.78944"), D("-16.92602"))
    assert gazetteer.locate("SN", "saint louis").name == "Saint-Louis"


def test_gazetteer_knows_french_names_of_foreign_cities():
    assert gazetteer.locate("GB", "Londres").name == "London"
    assert gazetteer.locate("SN", "Nowhere-sur-Mer") is None
    assert gazetteer.locate("SN", "") is None
    assert gazetteer.locate("", "Thiès") is None


def test_gazetteer_suggests_cities_starting_with_the_text_first():
    names = [c.name for c in gazetteer.suggest("SN", "thi")]
    assert names[0] == "Thiès"
    assert len(gazetteer.suggest("FR", "", limit=5)) == 5
    assert gazetteer.suggest("FR", "", limit=5)[0].name == "Paris"  # the most populous first


# --- Service functions ---------------------------------------------------------------------


def test_create_partner_fills_coordinates_from_the_gazetteer(authority, users, senegal):
    partner = partners.create_partner(authority, by=users[Role.DRI], data=partner_data(senegal))
    partner.refresh_from_db()
    assert partner.authority == authority
    assert (partner.latitude, partner.longitude) == (D("14.78944"), D("-16.92602"))
    event = AuditEvent.objects.get(object_type="projects.Partner", object_id=str(partner.pk))
    assert event.action == "create"
    assert event.user == users[Role.DRI]
    assert event.changes["name"] == [None, "Commune de Thiès"]
    assert event.changes["country"] == [None, "SN"]


def test_manual_coordinates_win_over_the_gazetteer(authority, senegal):
    data = partner_data(senegal, latitude=D("14.5"), longitude=D("-16.5"))
    partner = partners.create_partner(authority, by=None, data=data)
    partner.refresh_from_db()
    assert (partner.latitude, partner.longitude) == (D("14.5"), D("-16.5"))


def test_unknown_city_leaves_coordinates_empty(authority, senegal):
    data = partner_data(senegal, city="Keur Massar Village")
    partner = partners.create_partner(authority, by=None, data=data)
    assert partner.latitude is None and partner.longitude is None


def test_update_partner_follows_a_new_city_unless_coordinates_are_typed(authority, senegal):
    partner = partners.create_partner(authority, by=None, data=partner_data(senegal))
    partners.update_partner(partner, by=None, data={"city": "Saint-Louis"})
    partner.refresh_from_db()
    assert partner.latitude == D("16.01793")
    partners.update_partner(
        partner, by=None, data={"city": "Dakar", "latitude": D("1"), "longitude": D("2")}
    )
    partner.refresh_from_db()
    assert (partner.latitude, partner.longitude) == (D("1"), D("2"))
    partners.update_partner(partner, by=None, data={"description": "Ville jumelle"})
    partner.refresh_from_db()
    assert (partner.latitude, partner.longitude) == (D("1"), D("2"))


def test_update_partner_audits_only_changes(authority, users, senegal):
    partner = partners.create_partner(authority, by=None, data=partner_data(senegal))
    partners.update_partner(partner, by=users[Role.ADMIN], data={"name": "Thiès Ville"})
    partners.update_partner(partner, by=users[Role.ADMIN], data={"name": "Thiès Ville"})
    events = AuditEvent.objects.filter(object_id=str(partner.pk), action="update")
    assert [e.changes for e in events] == [{"name": ["Commune de Thiès", "Thiès Ville"]}]


def test_unknown_field_is_refused(authority, senegal):
    with pytest.raises(TypeError):
        partners.create_partner(authority, by=None, data=partner_data(senegal, authority=1))


def test_save_contacts_adds_changes_deletes_and_ignores_other_partners(authority):
    partner = PartnerFactory(authority=authority)
    kept = PartnerContact.objects.create(partner=partner, name="Awa Diop")
    gone = PartnerContact.objects.create(partner=partner, name="Moussa Ndiaye")
    foreign = PartnerContact.objects.create(partner=PartnerFactory(), name="Autre")
    changes = partners.ContactChanges(
        added=[{"name": "Fatou Sall", "position": "Maire", "email": "", "phone": ""}],
        changed=[(kept.pk, {"name": "Awa Diop", "position": "SG", "email": "", "phone": ""})],
        deleted=[gone.pk, foreign.pk],
    )
    partners.save_contacts(partner, by=None, changes=changes)
    assert sorted(partner.contacts.values_list("name", "position")) == [
        ("Awa Diop", "SG"),
        ("Fatou Sall", "Maire"),
    ]
    assert PartnerContact.objects.filter(pk=foreign.pk).exists()
    actions = AuditEvent.objects.filter(object_type="projects.PartnerContact")
    assert sorted(actions.values_list("action", flat=True)) == ["create", "delete", "update"]


def test_delete_partner_refused_while_linked(authority):
    partner = PartnerFactory(authority=authority)
    agreement = AgreementFactory(authority=authority)
    agreement.partners.add(partner)
    ProjectPartnerFactory(project=ProjectFactory(authority=authority), partner=partner)
    with pytest.raises(partners.PartnerInUse) as refusal:
        partners.delete_partner(partner, by=None)
    assert "1 projet et 1 convention" in refusal.value.message
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_delete_partner_removes_it_and_its_contacts(authority, users):
    partner = PartnerFactory(authority=authority)
    PartnerContact.objects.create(partner=partner, name="Awa Diop")
    pk = partner.pk
    partners.delete_partner(partner, by=users[Role.DRI])
    assert not Partner.objects.filter(pk=pk).exists()
    assert not PartnerContact.objects.filter(partner_id=pk).exists()
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


# --- List ----------------------------------------------------------------------------------


def test_list_searches_filters_and_sorts(authority, other_authority, users, client_for):
    PartnerFactory(authority=authority, name="Thiès", city="Thiès")
    PartnerFactory(
        authority=authority,
        name="Ville de Würzburg",
        city="Würzburg",
        country=Country.objects.get(iso2="DE"),
    )
    PartnerFactory(authority=other_authority, name="Thiès secret")
    client = client_for(users[Role.AGENT])
    response = client.get(reverse("partner_list"))
    assert response.status_code == 200
    assert [p.name for p in response.context["page_obj"]] == ["Thiès", "Ville de Würzburg"]
    assert "Thiès secret" not in response.content.decode()
    response = client.get(reverse("partner_list"), {"q": "würzburg"})
    assert [p.name for p in response.context["page_obj"]] == ["Ville de Würzburg"]
    response = client.get(reverse("partner_list"), {"pays": "SN"})
    assert [p.name for p in response.context["page_obj"]] == ["Thiès"]
    response = client.get(reverse("partner_list"), {"tri": "-nom"})
    assert [p.name for p in response.context["page_obj"]] == ["Ville de Würzburg", "Thiès"]
    assert response.context["countries"] == [("DE", "Allemagne"), ("SN", "Sénégal")]


def test_list_paginates_by_fifty(authority, users, client_for):
    PartnerFactory.create_batch(51, authority=authority)
    client = client_for(users[Role.AGENT])
    first = client.get(reverse("partner_list"))
    assert len(first.context["page_obj"]) == 50
    second = client.get(reverse("partner_list"), {"page": 2})
    assert len(second.context["page_obj"]) == 1


def test_empty_list_says_what_to_do(users, client_for):
    html = client_for(users[Role.DRI]).get(reverse("partner_list")).content.decode()
    assert "Aucun partenaire n'est encore enregistré" in html
    assert reverse("partner_create") in html
    html = client_for(users[Role.DRI]).get(reverse("partner_list"), {"q": "x"}).content.decode()
    assert "Aucun partenaire ne correspond à cette recherche" in html


# --- Detail --------------------------------------------------------------------------------


def test_detail_shows_contacts_agreements_and_projects(authority, users, client_for):
    partner = PartnerFactory(authority=authority, name="Thiès")
    PartnerContact.objects.create(partner=partner, name="Awa Diop", email="awa@thies.sn")
    agreement = AgreementFactory(authority=authority, title="Jumelage Caen – Thiès")
    agreement.partners.add(partner)
    project = ProjectFactory(authority=authority, title="Eau potable à Thiès")
    ProjectPartnerFactory(project=project, partner=partner)
    response = client_for(users[Role.AGENT]).get(reverse("partner_detail", args=[partner.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Awa Diop" in html
    assert reverse("agreement_detail", args=[agreement.pk]) in html
    assert "Eau potable à Thiès" in html
    assert reverse("project_detail", kwargs={"pk": project.pk}) in html
    assert "Gouvernement" in html  # IATI type 10, named in French
    assert reverse("partner_update", args=[partner.pk]) not in html  # an agent only reads


def test_other_authority_partner_is_404(other_authority, users, client_for):
    partner = PartnerFactory(authority=other_authority)
    client = client_for(users[Role.ADMIN])
    for name in ["partner_detail", "partner_update", "partner_delete"]:
        assert client.get(reverse(name, args=[partner.pk])).status_code == 404, name
    response = client.post(reverse("partner_update", args=[partner.pk]), form_post(name="Pris"))
    assert response.status_code == 404
    assert client.post(reverse("partner_delete", args=[partner.pk])).status_code == 404
    partner.refresh_from_db()
    assert partner.name != "Pris"


# --- Create and update ---------------------------------------------------------------------


def test_create_partner_with_a_contact(authority, dri):
    data = form_post(**{"contacts-0-name": "Awa Diop", "contacts-0-email": "awa@thies.sn"})
    response = dri.post(reverse("partner_create"), data)
    partner = Partner.objects.get(name="Commune de Thiès")
    assert response.status_code == 302
    assert response["Location"] == reverse("partner_detail", args=[partner.pk])
    assert partner.authority == authority
    assert partner.latitude == D("14.78944")
    assert list(partner.contacts.values_list("name", "email")) == [("Awa Diop", "awa@thies.sn")]


def test_create_form_shows_the_country_cities(dri):
    response = dri.get(reverse("partner_create"), {"pays": "SN"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<datalist id="city-options">' in html
    assert '<option value="Thiès">' in html
    assert "maillage/city-suggestions.js" in html
    assert 'data-suggestions-url="/partenaires/villes/"' in html


def test_create_form_errors_are_explained(dri):
    response = dri.post(
        reverse("partner_create"), form_post(name="", latitude="14.7", country="ZZ")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Ce champ est obligatoire."]
    assert "country" in form.errors
    assert form.errors["longitude"] == [
        "Indiquez la latitude et la longitude, ou laissez les deux champs vides."
    ]
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not Partner.objects.exists()


def test_out_of_range_latitude_is_refused(dri):
    response = dri.post(reverse("partner_create"), form_post(latitude="91", longitude="2"))
    assert "latitude" in response.context["form"].errors
    assert not Partner.objects.exists()


def test_update_partner_and_delete_a_contact(authority, dri):
    partner = PartnerFactory(authority=authority, name="Thiès", city="Thiès")
    contact = PartnerContact.objects.create(partner=partner, name="Awa Diop")
    data = form_post(
        name="Ville de Thiès",
        version="1",
        **{
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": str(contact.pk),
            "contacts-0-partner": str(partner.pk),
            "contacts-0-name": "Awa Diop",
            "contacts-0-DELETE": "on",
        },
    )
    response = dri.post(reverse("partner_update", args=[partner.pk]), data)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Ville de Thiès"
    assert not partner.contacts.exists()
    event = AuditEvent.objects.get(object_id=str(partner.pk), action="update")
    assert event.changes["name"] == ["Thiès", "Ville de Thiès"]


def test_read_only_roles_cannot_write(authority, users, client_for):
    partner = PartnerFactory(authority=authority, name="Thiès")
    for role in [Role.AGENT, Role.REFERENT, Role.ELECTED, Role.DIRECTION]:
        client = client_for(users[role])
        assert client.post(reverse("partner_create"), form_post()).status_code == 403
        response = client.post(reverse("partner_update", args=[partner.pk]), form_post(name="X"))
        assert response.status_code == 403
        assert client.post(reverse("partner_delete", args=[partner.pk])).status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Thiès"
    assert Partner.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("partner_list", "post"),
        ("partner_detail", "post"),
        ("partner_create", "put"),
        ("partner_update", "delete"),
        ("partner_delete", "put"),
        ("city_suggestions", "post"),
    ],
)
def test_wrong_method_is_405(name, method, authority, dri):
    partner = PartnerFactory(authority=authority)
    args = (
        [partner.pk] if name not in {"partner_list", "partner_create", "city_suggestions"} else []
    )
    assert getattr(dri, method)(reverse(name, args=args)).status_code == 405


# --- Delete --------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_deletes(authority, dri):
    partner = PartnerFactory(authority=authority, name="Thiès")
    response = dri.get(reverse("partner_delete", args=[partner.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le partenaire « Thiès » et ses contacts seront placés dans la corbeille." in html
    assert "Placer dans la corbeille" in html
    assert Partner.objects.filter(pk=partner.pk).exists()
    response = dri.post(reverse("partner_delete", args=[partner.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("partner_list")
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_delete_of_a_linked_partner_is_refused_with_a_reason(authority, dri):
    partner = PartnerFactory(authority=authority, name="Thiès")
    AgreementFactory(authority=authority).partners.add(partner)
    response = dri.get(reverse("partner_delete", args=[partner.pk]))
    html = response.content.decode()
    assert "Suppression impossible" in html
    assert "il est lié à 1 convention" in html
    assert "Placer dans la corbeille" not in html
    response = dri.post(reverse("partner_delete", args=[partner.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("partner_detail", args=[partner.pk])
    assert "ne peut pas être supprimé" in response.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()


# --- City suggestions ----------------------------------------------------------------------


def test_city_suggestions_answer_json(users, client_for):
    client = client_for(users[Role.AGENT])
    response = client.get(reverse("city_suggestions"), {"pays": "sn", "q": "thi"})
    assert response.status_code == 200
    cities = response.json()["cities"]
    assert cities[0] == {"name": "Thiès", "latitude": "14.78944", "longitude": "-16.92602"}
    assert client.get(reverse("city_suggestions"), {"pays": "ZZ"}).json() == {"cities": []}


# --- Django admin --------------------------------------------------------------------------


def test_admin_lists_only_the_current_authority(authority, other_authority, users, client_for):
    from ..world import build_world

    build_world(other_authority, "Qwzxyv")
    client = client_for(users[Role.ADMIN])
    for path in [
        "/admin/projects/partner/",
        "/admin/projects/agreement/",
        "/admin/projects/mission/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Qwzxyv" not in response.content.decode(), path


def test_admin_fills_coordinates_and_keeps_linked_partners(authority, users, client_for):
    client = client_for(users[Role.ADMIN])
    response = client.post(
        "/admin/projects/partner/add/",
        {
            "name": "Commune de Thiès",
            "country": "SN",
            "city": "Thiès",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = Partner.objects.get(name="Commune de Thiès")
    assert partner.authority == authority
    assert partner.latitude == D("14.78944")
    AgreementFactory(authority=authority).partners.add(partner)
    response = client.get(f"/admin/projects/partner/{partner.pk}/delete/")
    assert response.status_code == 403
