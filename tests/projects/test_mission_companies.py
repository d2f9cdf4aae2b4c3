"""Companies, business meetings, costs, visitors and programme of missions; the company
directory and its SIRENE import; what a project's missions bring home."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.missions import services
from maillage.projects.missions.selectors import mission_benefits
from maillage.projects.missions.sirene import lookup_sirens, read_sirene
from maillage.projects.models import (
    BusinessMeeting,
    Company,
    Mission,
    MissionCompany,
    MissionCost,
    validate_siren,
)

from ..factories import (
    BudgetLineFactory,
    BusinessMeetingFactory,
    CompanyFactory,
    MissionCompanyFactory,
    MissionCostFactory,
    MissionFactory,
    ProjectFactory,
    ServiceFactory,
    siren_for,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "siren,statutDiffusionUniteLegale,denominationUniteLegale,prenom1UniteLegale,"
    "nomUniteLegale,activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,"
    "etatAdministratifUniteLegale"
)


def extract(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


# --- SIREN ------------------------------------------------------------------------------------


@pytest.mark.parametrize("siren", ["732829320", "552100554", "356000000"])
def test_real_sirens_pass(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "code"),
    [("73282932", "siren_digits"), ("73282932A", "siren_digits"), ("732829321", "siren_checksum")],
)
def test_bad_sirens_are_refused(siren, code):
    with pytest.raises(ValidationError) as exc:
        validate_siren(siren)
    assert exc.value.code == code


def test_lookup_names_unknown_and_malformed_sirens(authority, other_authority):
    mine = CompanyFactory(authority=authority, siren="732829320")
    theirs = CompanyFactory(authority=other_authority, siren="552100554")
    assert lookup_sirens(authority, "732 829 320") == [mine]
    with pytest.raises(ValidationError) as exc:
        lookup_sirens(authority, f"732829320, {theirs.siren}")
    assert "SIREN absent de l'annuaire des entreprises : 552100554." in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        lookup_sirens(authority, "123")
    assert exc.value.messages == ["Le SIREN « 123 » doit compter 9 chiffres."]


# --- The SIRENE import ------------------------------------------------------------------------


def test_import_creates_then_updates_then_writes_nothing(authority):
    data = extract(
        "732829320,O,MECANIQUE DE L'ORNE,,,25.62B,NAFRev2,A",
        "552100554,O,,Jeanne,MARTIN,1071C,NAFRev2,A",
        "356000000,O,ANCIENNE SOCIETE,,,47.11F,NAFRev2,C",
    )
    parsed = read_sirene(data)
    assert parsed.errors == [] and parsed.skipped == 1
    assert services.import_companies(authority, by=None, extract=parsed) == (2, 0)
    assert dict(Company.objects.values_list("siren", "name")) == {
        "732829320": "MECANIQUE DE L'ORNE",
        "552100554": "Jeanne MARTIN",
    }
    assert Company.objects.get(siren="552100554").activity_code == "10.71C"
    # Again: nothing changes, nothing is recorded.
    events = AuditEvent.objects.count()
    assert services.import_companies(authority, by=None, extract=read_sirene(data)) == (0, 0)
    assert AuditEvent.objects.count() == events
    # A new name for one company: that one is updated, its version bumped.
    renamed = read_sirene(extract("732829320,O,MECANIQUE ORNE SAS,,,25.62B,NAFRev2,A"))
    assert services.import_companies(authority, by=None, extract=renamed) == (0, 1)
    company = Company.objects.get(siren="732829320")
    assert company.name == "MECANIQUE ORNE SAS" and company.version == 2


def test_import_errors_name_line_and_column_and_write_nothing(authority, dri):
    data = extract(
        "732829320,O,BONNE,,,25.62B,NAFRev2,A",
        "732829321,O,MAUVAISE CLE,,,25.62B,NAFRev2,A",
        "552100554,O,,,,25.62B,NAFRev2,A",
        "356000000,O,CODE FAUX,,,ABC,NAFRev2,A",
        "732829320,O,DOUBLON,,,25.62B,NAFRev2,A",
    )
    response = dri.post(
        reverse("company_import"),
        {"file": SimpleUploadedFile("sirene.csv", data, "text/csv")},
    )
    assert response.status_code == 200
    assert response.context["extract"].errors == [
        "Ligne 3, colonne « siren » : Le SIREN « 732829321 » n'est pas valide : vérifiez les "
        "chiffres (clé de Luhn).",
        "Ligne 4, colonne « denominationUniteLegale » : le nom de l'entreprise est vide.",
        "Ligne 5, colonne « activitePrincipaleUniteLegale » : « ABC » n'est pas un code APE "
        "(NAF rév. 2) comme 25.62B.",
        "Ligne 6, colonne « siren » : 732829320 figure déjà ligne 2.",
    ]
    assert "Corrigez le fichier, puis envoyez-le de nouveau." in response.content.decode()
    assert not Company.objects.exists()


def test_import_refuses_a_file_without_siren_column(authority):
    parsed = read_sirene(b"nom;ville\nA;B\n")
    assert parsed.errors[0].startswith("Ligne 1 : la colonne « siren » manque.")


def test_import_page_dry_run_then_import(authority, dri):
    data = extract("732829320,O,MECANIQUE DE L'ORNE,,,25.62B,NAFRev2,A")
    response = dri.post(
        reverse("company_import"),
        {"file": SimpleUploadedFile("s.csv", data), "dry_run": "on"},
    )
    assert response.context["preview"] == {"created": 1, "updated": 0}
    assert not Company.objects.exists()
    response = dri.post(reverse("company_import"), {"file": SimpleUploadedFile("s.csv", data)})
    assert response.status_code == 302
    assert Company.objects.get().authority == authority
    assert AuditEvent.objects.filter(kind="company.imported").count() == 1


def test_import_command(authority, tmp_path, capsys):
    path = tmp_path / "sirene.csv"
    path.write_bytes(extract("732829320,O,MECANIQUE,,,25.62B,NAFRev2,A"))
    call_command("import_companies", str(path), authority=authority.slug)
    call_command("import_companies", str(path), authority=authority.slug)
    out = capsys.readouterr().out
    assert "1 ajoutée(s), 0 mise(s) à jour" in out
    assert "0 ajoutée(s), 0 mise(s) à jour" in out
    path.write_bytes(extract("732829321,O,X,,,25.62B,NAFRev2,A"))
    with pytest.raises(CommandError, match="Ligne 2, colonne « siren »"):
        call_command("import_companies", str(path), authority=authority.slug)
    assert Company.objects.count() == 1


# --- The directory pages ----------------------------------------------------------------------


def test_company_list_searches_by_name_and_siren(authority, other_authority, dri):
    CompanyFactory(authority=authority, name="Chaudronnerie Leroux", siren="732829320")
    CompanyFactory(authority=authority, name="Biscuiterie du Val")
    CompanyFactory(authority=other_authority, name="Chaudronnerie Autre")
    page = dri.get(reverse("company_list") + "?q=chaudron").context["page_obj"]
    assert [c.name for c in page] == ["Chaudronnerie Leroux"]
    page = dri.get(reverse("company_list") + "?q=7328").context["page_obj"]
    assert [c.name for c in page] == ["Chaudronnerie Leroux"]


def test_company_form_refuses_a_siren_already_in_the_directory(authority, dri):
    CompanyFactory(authority=authority, siren="732829320", name="Première")
    response = dri.post(
        reverse("company_create"),
        {"siren": "732829320", "name": "Seconde", "form_token": str(uuid.uuid4())},
    )
    assert response.context["form"].errors["siren"] == [
        "Le SIREN 732829320 est déjà dans l'annuaire (« Première »)."
    ]


# --- A mission's rows -------------------------------------------------------------------------


def test_sirens_typed_on_the_mission_form_add_the_companies(authority, dri):
    a = CompanyFactory(authority=authority, siren="732829320", activity_label="Chaudronnerie")
    b = CompanyFactory(authority=authority, siren="552100554")
    mission = MissionFactory(authority=authority, title="Oran")
    form = dri.get(reverse("mission_update", args=[mission.pk])).context["form"]
    data = {
        name: "" if form[name].value() is None else form[name].value()
        for name in form.fields
        if name not in ("agents", "sirens")
    }
    data.update(
        start_date="2025-03-10",
        end_date="2025-03-17",
        country="",
        project="",
        elected_officials=[],
        sirens="732829320\n552100554",
    )
    response = dri.post(reverse("mission_update", args=[mission.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    links = MissionCompany.objects.filter(mission=mission).order_by("company__siren")
    assert [(link.company, link.sector) for link in links] == [
        (b, b.activity_label),
        (a, "Chaudronnerie"),
    ]
    data["sirens"] = "732829321"
    data["version"] = "2"
    response = dri.post(reverse("mission_update", args=[mission.pk]), data)
    assert "sirens" in response.context["form"].errors


def test_costs_make_the_mission_cost_and_show_on_the_funding_tab(authority, dri):
    project = ProjectFactory(authority=authority)
    BudgetLineFactory(project=project, category="travel", label="Billets", amount=Decimal(10000))
    mission = MissionFactory(authority=authority, project=project, title="Oran")
    for nature, amount in (("travel", "6000"), ("accommodation", "3500"), ("travel", "500")):
        dri.post(
            reverse("mission_cost_create", args=[mission.pk]),
            {"nature": nature, "label": "", "amount": amount, "form_token": str(uuid.uuid4())},
        )
    mission.refresh_from_db()
    assert mission.cost == Decimal("10000")
    cost = MissionCost.objects.get(amount=500)
    dri.post(reverse("mission_cost_delete", args=[mission.pk, cost.pk]))
    mission.refresh_from_db()
    assert mission.cost == Decimal("9500")
    page = dri.get(reverse("project_funding", args=[project.pk]))
    spending = page.context["mission_spending"]
    assert spending.total == Decimal("9500") and spending.planned == Decimal("10000")
    assert spending.by_nature == [("Transport", Decimal("6000")), ("Hébergement", Decimal("3500"))]
    html = page.content.decode()
    assert 'id="mission-costs-left">500 €' in html
    # The plan's budget stays its lines and days: the missions' costs are beside it.
    assert page.context["plan"].budget_total == Decimal("10000")


def test_meetings_are_with_the_mission_companies_within_its_dates(authority, other_authority):
    mission = MissionFactory(authority=authority)
    on_it = MissionCompanyFactory(mission=mission).company
    not_on_it = CompanyFactory(authority=authority)
    foreign = CompanyFactory(authority=other_authority)
    data = {
        "date": mission.start_date,
        "counterpart": "SARL Oranaise",
        "subject": "Sous-traitance",
        "outcome": "contract",
        "contract_amount": Decimal(45000),
    }
    row = services.create_mission_row(
        mission, by=None, model=BusinessMeeting, data=data | {"company": on_it}
    )
    assert row.pk
    for company, field in ((not_on_it, "company"), (foreign, "company")):
        with pytest.raises(ValidationError) as exc:
            services.create_mission_row(
                mission, by=None, model=BusinessMeeting, data=data | {"company": company}
            )
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_mission_row(
            mission,
            by=None,
            model=BusinessMeeting,
            data=data | {"company": on_it, "date": mission.end_date + datetime.timedelta(1)},
        )
    assert exc.value.message_dict["date"] == [
        "Choisissez une date de la mission, du 10/03/2025 au 17/03/2025."
    ]
    with pytest.raises(ValidationError) as exc:
        services.create_mission_row(
            mission,
            by=None,
            model=BusinessMeeting,
            data=data | {"company": on_it, "outcome": "follow_up"},
        )
    assert "contract_amount" in exc.value.message_dict


def test_programme_service_of_another_authority_is_refused(authority, other_authority, dri):
    mission = MissionFactory(authority=authority, direction=Mission.Direction.INCOMING)
    foreign = ServiceFactory(authority=other_authority)
    response = dri.post(
        reverse("mission_programme_create", args=[mission.pk]),
        {
            "date": "2025-03-10",
            "activity": "Visite",
            "service": foreign.pk,
            "form_token": str(uuid.uuid4()),
        },
    )
    assert "service" in response.context["form"].errors
    assert not mission.programme.exists()


def test_delegation_page_shows_visitors_programme_and_services_visited(authority, dri):
    waste = ServiceFactory(authority=authority, name="Service des déchets")
    mission = MissionFactory(
        authority=authority,
        direction=Mission.Direction.INCOMING,
        start_date=datetime.date(2024, 10, 14),
        end_date=datetime.date(2024, 10, 20),
    )
    for activity, day in (("Déchetterie", 14), ("Centre de tri", 15)):
        dri.post(
            reverse("mission_programme_create", args=[mission.pk]),
            {
                "date": f"2024-10-{day}",
                "time": "09:30",
                "activity": activity,
                "service": waste.pk,
                "form_token": str(uuid.uuid4()),
            },
        )
    dri.post(
        reverse("mission_visitor_create", args=[mission.pk]),
        {
            "name": "Maria Souza",
            "role": "Trieuse",
            "organisation": "Coopérative",
            "form_token": str(uuid.uuid4()),
        },
    )
    page = dri.get(reverse("mission_detail", args=[mission.pk]))
    rows = page.context["rows"]
    assert [v.name for v in rows.visitors] == ["Maria Souza"]
    assert [p.activity for p in rows.programme] == ["Déchetterie", "Centre de tri"]
    assert rows.services_visited == [waste]
    html = page.content.decode()
    assert "Maria Souza" in html and "09:30" in html
    assert html.count("Service des déchets") == 3  # two programme rows, once in "visited"


def test_visitors_belong_to_incoming_delegations_only(authority):
    mission = MissionFactory(authority=authority)  # outgoing
    from maillage.projects.models import MissionVisitor

    with pytest.raises(ValidationError):
        services.create_mission_row(mission, by=None, model=MissionVisitor, data={"name": "X"})


def test_a_company_with_meetings_is_not_removed(authority, dri):
    link = MissionCompanyFactory(mission=MissionFactory(authority=authority))
    BusinessMeetingFactory(mission=link.mission, company=link.company)
    response = dri.post(reverse("mission_company_delete", args=[link.mission_id, link.pk]))
    assert response.status_code == 302
    assert MissionCompany.objects.filter(pk=link.pk).exists()


# --- Local benefits ---------------------------------------------------------------------------


def test_benefits_count_companies_once_and_contracts(authority, dri):
    project = ProjectFactory(authority=authority)
    first = MissionFactory(authority=authority, project=project, companies=2)
    second = MissionFactory(authority=authority, project=project)
    MissionFactory(authority=authority, companies=50)  # another project's
    shared = CompanyFactory(authority=authority)
    other = CompanyFactory(authority=authority)
    for mission, company in ((first, shared), (second, shared), (second, other)):
        MissionCompanyFactory(mission=mission, company=company)
    BusinessMeetingFactory(
        mission=first, company=shared, outcome="contract", contract_amount=Decimal(45000)
    )
    BusinessMeetingFactory(mission=second, company=other, outcome="contract")
    BusinessMeetingFactory(mission=second, company=shared, outcome="follow_up")
    BusinessMeetingFactory(mission=second, company=shared, outcome="none")
    MissionCostFactory(mission=first)
    benefits = mission_benefits(project)
    assert (benefits.named_companies, benefits.unnamed_companies, benefits.companies) == (2, 2, 4)
    assert (benefits.contracts, benefits.contracts_amount, benefits.follow_ups) == (
        2,
        Decimal(45000),
        1,
    )
    html = dri.get(reverse("project_results", args=[project.pk])).content.decode()
    assert 'id="benefit-companies">4<' in html
    assert 'id="benefit-contracts">2<' in html


def test_siren_factory_makes_valid_sirens():
    for n in range(50):
        validate_siren(siren_for(n))
