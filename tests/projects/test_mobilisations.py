"""Mobilisations: the DRI proposes, the service's référent confirms or declines."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.core.concurrency import ConcurrentEditError
from maillage.core.models import AuditEvent, PolicyArea, Role
from maillage.projects.models import Mobilisation
from maillage.projects.registry import selectors, services

from ..factories import (
    AgentFactory,
    AuthorityFactory,
    MobilisationFactory,
    ProjectFactory,
    ServiceFactory,
)
from .registry_helpers import referent_of


@pytest.fixture
def setup(authority, users):
    environment = ServiceFactory(authority=authority, name="Service Environnement")
    youth = ServiceFactory(authority=authority, name="Service Jeunesse")
    project = ProjectFactory(authority=authority, title="Déchets à Thiès")
    return {
        "project": project,
        "environment": environment,
        "youth": youth,
        "env_referent": referent_of(environment, "ref-env"),
        "youth_referent": referent_of(youth, "ref-youth"),
        "dri": users[Role.DRI],
    }


def propose(client, project, service, **extra):
    data = {"service": service.pk, "role": "contributor", "days_planned": "8", "contribution": ""}
    return client.post(reverse("mobilisation_propose", args=[project.pk]), data | extra)


# --- Propose ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dri_proposes_a_mobilisation(setup, client_for):
    client = client_for(setup["dri"])
    response = propose(
        client, setup["project"], setup["environment"], contribution="Ingénierie du tri"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("project_services", args=[setup["project"].pk])
    mobilisation = Mobilisation.objects.get()
    assert mobilisation.service == setup["environment"]
    assert mobilisation.status == Mobilisation.Status.PROPOSED
    assert mobilisation.days_planned == Decimal("8")
    assert mobilisation.proposed_by == setup["dri"]
    event = AuditEvent.objects.get(object_type="projects.Mobilisation")
    assert event.action == "create"
    assert event.changes["project"] == [None, str(setup["project"].pk)]


@pytest.mark.django_db
def test_a_service_is_mobilised_once(setup, client_for):
    client = client_for(setup["dri"])
    propose(client, setup["project"], setup["environment"])
    again = propose(client, setup["project"], setup["environment"])
    assert again.status_code == 200
    assert "service" in again.context["form"].errors  # no longer among the choices
    assert Mobilisation.objects.count() == 1
    with pytest.raises(ValidationError):
        services.propose_mobilisation(
            setup["project"], service=setup["environment"], by=setup["dri"]
        )


@pytest.mark.django_db
def test_propose_refuses_another_authoritys_service(setup, client_for):
    foreign = ServiceFactory(authority=AuthorityFactory())
    response = propose(client_for(setup["dri"]), setup["project"], foreign)
    assert response.status_code == 200
    assert not Mobilisation.objects.exists()
    with pytest.raises(ValidationError):
        services.propose_mobilisation(setup["project"], service=foreign, by=setup["dri"])


@pytest.mark.django_db
def test_propose_page_and_permissions(setup, users, client_for):
    url = reverse("mobilisation_propose", args=[setup["project"].pk])
    assert client_for(setup["dri"]).get(url).status_code == 200
    assert client_for(setup["env_referent"]).post(url, {}).status_code == 403
    assert client_for(users[Role.AGENT]).post(url, {}).status_code == 403
    foreign = ProjectFactory(authority=AuthorityFactory())
    assert (
        client_for(setup["dri"]).get(reverse("mobilisation_propose", args=[foreign.pk])).status_code
        == 404
    )
    assert client_for(setup["dri"]).delete(url).status_code == 405
    assert not Mobilisation.objects.exists()


# --- Answer -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_referent_confirms_from_the_home_page(setup, client_for):
    propose(client_for(setup["dri"]), setup["project"], setup["environment"])
    mobilisation = Mobilisation.objects.get()
    client = client_for(setup["env_referent"])
    home = client.get(reverse("home"))
    assert home.context["mobilisations_to_answer"] == [mobilisation]
    page = home.content.decode()
    assert "Mobilisations à confirmer" in page
    assert "Déchets à Thiès" in page
    response = client.post(
        reverse("mobilisation_answer", args=[mobilisation.pk]),
        {"decision": "confirm", "next": reverse("home")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.CONFIRMED
    assert mobilisation.answered_by == setup["env_referent"]
    assert mobilisation.answered_at is not None
    assert client.get(reverse("home")).context["mobilisations_to_answer"] == []


@pytest.mark.django_db
def test_referent_declines_with_a_comment(setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    client = client_for(setup["env_referent"])
    url = reverse("mobilisation_answer", args=[mobilisation.pk])
    assert client.get(url).status_code == 200
    missing = client.post(url, {"decision": "decline", "comment": "  "})
    assert missing.status_code == 200
    assert "comment" in missing.context["form"].errors
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.PROPOSED
    response = client.post(url, {"decision": "decline", "comment": "Équipe en sous-effectif"})
    assert response.status_code == 302
    assert response["Location"] == reverse("project_services", args=[setup["project"].pk])
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.DECLINED
    assert mobilisation.response_comment == "Équipe en sous-effectif"
    event = AuditEvent.objects.get(object_type="projects.Mobilisation", action="update")
    assert event.changes["status"] == ["proposed", "declined"]


@pytest.mark.django_db
def test_answer_ignores_an_outside_next_url(setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    response = client_for(setup["env_referent"]).post(
        reverse("mobilisation_answer", args=[mobilisation.pk]),
        {"decision": "confirm", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("project_services", args=[setup["project"].pk])


@pytest.mark.django_db
def test_referent_of_another_service_and_agents_are_refused(setup, users, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    for user in [setup["youth_referent"], users[Role.AGENT], users[Role.ELECTED]]:
        client = client_for(user)
        for name in ["mobilisation_answer", "mobilisation_edit"]:
            url = reverse(name, args=[mobilisation.pk])
            assert client.get(url).status_code == 403, (user, name)
            assert client.post(url, {"decision": "confirm"}).status_code == 403, (user, name)
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.PROPOSED


@pytest.mark.django_db
def test_a_past_referent_is_refused(setup, client_for):
    from maillage.organisation.models import Referent

    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    Referent.objects.filter(agent__user=setup["env_referent"]).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client_for(setup["env_referent"]).post(
        reverse("mobilisation_answer", args=[mobilisation.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_another_authoritys_mobilisation_is_404(users, client_for):
    foreign = MobilisationFactory(project=ProjectFactory(authority=AuthorityFactory()))
    client = client_for(users[Role.ADMIN])
    for name in ["mobilisation_answer", "mobilisation_edit", "mobilisation_delete"]:
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
        assert client.post(reverse(name, args=[foreign.pk]), {}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Mobilisation.Status.PROPOSED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["mobilisation_answer", "mobilisation_edit", "mobilisation_delete"]
)
def test_mobilisation_pages_wrong_method(name, setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    assert client_for(setup["dri"]).put(reverse(name, args=[mobilisation.pk])).status_code == 405


# --- Edit -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_referent_reports_days_agents_and_contribution_only(setup, client_for):
    mobilisation = MobilisationFactory(
        project=setup["project"], service=setup["environment"], days_planned=Decimal("10")
    )
    agent = AgentFactory(service=setup["environment"], last_name="Sow")
    AgentFactory(service=setup["environment"], last_name="Inactif", active=False)
    client = client_for(setup["env_referent"])
    url = reverse("mobilisation_edit", args=[mobilisation.pk])
    form = client.get(url).context["form"]
    assert set(form.fields) == {"contribution", "days_actual", "agents", "version"}
    assert "Inactif" not in str(form["agents"])
    response = client.post(
        url,
        {
            "contribution": "Deux ateliers",
            "days_actual": "4.5",
            "agents": [agent.pk],
            "role": "lead",  # not the référent's to change: ignored
            "days_planned": "99",
            "version": "1",
        },
    )
    assert response.status_code == 302
    mobilisation.refresh_from_db()
    assert mobilisation.contribution == "Deux ateliers"
    assert mobilisation.days_actual == Decimal("4.5")
    assert list(mobilisation.agents.all()) == [agent]
    assert mobilisation.role == "contributor"
    assert mobilisation.days_planned == Decimal("10")


@pytest.mark.django_db
def test_agents_must_belong_to_the_service(setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    stranger = AgentFactory(service=setup["youth"])
    response = client_for(setup["dri"]).post(
        reverse("mobilisation_edit", args=[mobilisation.pk]),
        {"role": "contributor", "days_planned": "1", "days_actual": "0", "agents": [stranger.pk]},
    )
    assert response.status_code == 200
    assert "agents" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.update_mobilisation(mobilisation, by=None, data={"agents": [stranger]})
    assert not mobilisation.agents.exists()


@pytest.mark.django_db
def test_dri_changing_a_declined_proposal_asks_again(setup, client_for):
    mobilisation = MobilisationFactory(
        project=setup["project"],
        service=setup["environment"],
        status=Mobilisation.Status.DECLINED,
        response_comment="Trop de jours",
    )
    response = client_for(setup["dri"]).post(
        reverse("mobilisation_edit", args=[mobilisation.pk]),
        {
            "role": "consulted",
            "days_planned": "2",
            "days_actual": "0",
            "contribution": "Avis",
            "version": "1",
        },
    )
    assert response.status_code == 302
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.PROPOSED
    assert (mobilisation.role, mobilisation.days_planned) == ("consulted", Decimal("2"))


@pytest.mark.django_db
def test_dri_withdraws_a_service_and_referent_cannot(setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    url = reverse("mobilisation_delete", args=[mobilisation.pk])
    assert client_for(setup["env_referent"]).post(url).status_code == 403
    assert client_for(setup["dri"]).get(url).status_code == 200
    response = client_for(setup["dri"]).post(url)
    assert response.status_code == 302
    assert not Mobilisation.objects.exists()
    event = AuditEvent.objects.get(object_type="projects.Mobilisation", action="delete")
    assert event.changes["project"] == [str(setup["project"].pk), None]
    # The project's history still shows the withdrawal.
    history = selectors.project_history(setup["project"])
    assert [e.event.action for e in history["events"]] == ["delete"]


# --- Services tab, home page and service page -------------------------------------------------


@pytest.mark.django_db
def test_services_tab_table_and_transversality(authority, setup, users, client_for):
    direction = ServiceFactory(
        authority=authority, name="Direction Cadre de vie", kind="directorate"
    )
    setup["environment"].parent = direction
    setup["environment"].save()
    area = PolicyArea.objects.get(code="71")
    setup["environment"].policy_areas.set([area])
    MobilisationFactory(
        project=setup["project"],
        service=setup["environment"],
        status=Mobilisation.Status.CONFIRMED,
        days_actual=Decimal("3"),
        response_comment="Avec plaisir",
    )
    MobilisationFactory(
        project=setup["project"], service=setup["youth"], status=Mobilisation.Status.DECLINED
    )
    response = client_for(users[Role.AGENT]).get(
        reverse("project_services", args=[setup["project"].pk])
    )
    summary = response.context["transversality"]
    assert summary.services == 1  # the declined one does not count
    assert [d.name for d in summary.directorates] == ["Direction Cadre de vie"]
    assert summary.policy_areas == [area]
    assert summary.valuation == Decimal("3") * setup["project"].agent_day_rate
    page = response.content.decode()
    assert "Avec plaisir" in page
    assert "Service Jeunesse" in page
    assert "Mobiliser un service" not in page  # an agent cannot propose
    assert "Confirmer" not in page


@pytest.mark.django_db
def test_services_tab_offers_answer_to_the_right_referent_only(setup, client_for):
    env = MobilisationFactory(project=setup["project"], service=setup["environment"])
    youth = MobilisationFactory(project=setup["project"], service=setup["youth"])
    response = client_for(setup["env_referent"]).get(
        reverse("project_services", args=[setup["project"].pk])
    )
    page = response.content.decode()
    assert reverse("mobilisation_answer", args=[env.pk]) in page
    assert reverse("mobilisation_answer", args=[youth.pk]) not in page
    assert "Mobiliser un service" not in page
    dri_page = client_for(setup["dri"]).get(reverse("project_services", args=[setup["project"].pk]))
    assert "Mobiliser un service" in dri_page.content.decode()


@pytest.mark.django_db
def test_home_blocks_for_dri(setup, client_for):
    MobilisationFactory(project=setup["project"], service=setup["environment"])
    MobilisationFactory(
        project=setup["project"],
        service=setup["youth"],
        status=Mobilisation.Status.DECLINED,
        response_comment="Pas cette année",
        answered_at=timezone.now(),
    )
    response = client_for(setup["dri"]).get(reverse("home"))
    assert response.context["mobilisations_awaiting_count"] == 1
    assert response.context["mobilisations_declined_count"] == 1
    page = response.content.decode()
    assert "En attente de réponse des services" in page
    assert "Déclinées récemment" in page
    assert "Pas cette année" in page
    assert "Mobilisations à confirmer" not in page


@pytest.mark.django_db
def test_home_has_no_project_blocks_for_an_agent(setup, users, client_for):
    MobilisationFactory(project=setup["project"], service=setup["environment"])
    page = client_for(users[Role.AGENT]).get(reverse("home")).content.decode()
    assert "Mobilisations à confirmer" not in page
    assert "En attente de réponse des services" not in page


@pytest.mark.django_db
def test_service_page_lists_its_projects(setup, users, client_for):
    MobilisationFactory(
        project=setup["project"], service=setup["environment"], status=Mobilisation.Status.CONFIRMED
    )
    other = ProjectFactory(authority=setup["project"].authority, title="Projet décliné")
    MobilisationFactory(project=other, service=setup["environment"], status="declined")
    response = client_for(users[Role.AGENT]).get(
        reverse("service_detail", args=[setup["environment"].pk])
    )
    page = response.content.decode()
    assert "Déchets à Thiès" in page
    assert "Projet décliné" not in page
    assert reverse("project_detail", args=[setup["project"].pk]) in page


@pytest.mark.django_db
def test_an_answer_to_a_mobilisation_changed_meanwhile_is_refused(setup, client_for):
    """The référent loaded the request for 8 days; the DRI then asked for 20: the answer built
    on the old request is refused with the current one shown, and nothing is written."""
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    seen = mobilisation.version
    services.update_mobilisation(
        mobilisation,
        by=setup["dri"],
        data={"role": "contributor", "days_planned": Decimal("20"), "contribution": ""},
        version=seen,
    )
    client = client_for(setup["env_referent"])
    url = reverse("mobilisation_answer", args=[mobilisation.pk])
    response = client.post(url, {"decision": "confirm", "version": seen})
    assert response.status_code == 409
    html = response.content.decode()
    assert "votre réponse n&#x27;a pas été enregistrée" in html
    assert "20" in html  # the request as it is now
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.PROPOSED
    assert not AuditEvent.objects.filter(kind="mobilisation.answered").exists()
    # The form now carries the current version: sent again, the answer is recorded.
    again = client.post(url, {"decision": "confirm", "version": mobilisation.version})
    assert again.status_code == 302
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.CONFIRMED


@pytest.mark.django_db
def test_two_referents_answering_at_once_record_one_answer(setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    seen = mobilisation.version
    services.answer_mobilisation(
        mobilisation,
        by=setup["env_referent"],
        confirm=False,
        comment="Pas cette année",
        version=seen,
    )
    with pytest.raises(ConcurrentEditError):
        services.answer_mobilisation(
            mobilisation, by=setup["env_referent"], confirm=True, version=seen
        )
    mobilisation.refresh_from_db()
    assert mobilisation.status == Mobilisation.Status.DECLINED
    assert AuditEvent.objects.filter(kind="mobilisation.answered").count() == 1


@pytest.mark.django_db
def test_the_home_page_confirm_button_sends_the_version(setup, client_for):
    mobilisation = MobilisationFactory(project=setup["project"], service=setup["environment"])
    html = client_for(setup["env_referent"]).get("/").content.decode()
    assert f'name="version" value="{mobilisation.version}"' in html
