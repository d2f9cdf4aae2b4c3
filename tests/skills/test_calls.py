"""Calls for competences: invited or volunteered → the agent accepts → the manager approves →
the agent and the agent-days join the mobilisation of their service. Refusals on every side."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from maillage.core.models import AuditEvent
from maillage.core.tenancy import TenancyMiddleware
from maillage.projects.models import Mobilisation
from maillage.skills import services
from maillage.skills.models import CallResponse, Profile, ResponseStep, SkillCall
from maillage.skills.rules import can_decide_response
from maillage.skills.selectors import manager_users
from tests.factories import MobilisationFactory, ProjectFactory

from .factories import CallResponseFactory, ProfileFactory, SkillCallFactory, knows, speaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Mails leave once a step is committed; a test runs inside one transaction, so each step
    is wrapped: ``with committed(): …`` runs the step's on-commit callbacks (the mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


S = CallResponse.Status


@pytest.fixture
def project(org):
    return ProjectFactory(authority=org.authority, title="Chantier de solidarité à Thiès")


@pytest.fixture
def call(org, project):
    return SkillCallFactory(
        project=project,
        title="Locuteur wolof pour la mission à Thiès",
        language_id="wo",
        min_level_id="B2",
        country_id="SN",
        effort_days=Decimal("6"),
        created_by=org.user("Dora"),
    )


@pytest.fixture
def alice(org):
    profile = ProfileFactory(agent=org.agent("Alice"))
    speaks(profile, "wo", "C1")
    knows(profile, "SN", "worked")
    return profile


def response_url(response) -> str:
    return reverse("call_response", args=[response.pk])


def decide(client, response, decision: str, comment: str = ""):
    return client.post(
        response_url(response), {"action": "decide", "decision": decision, "comment": comment}
    )


def recipients() -> list[set[str]]:
    return [set(message.to) for message in mail.outbox]


# --- Opening a call ---------------------------------------------------------------------------


def test_dri_opens_a_call_on_the_project(org, project, client_for):
    client = client_for(org.user("Dora"))
    tab = client.get(reverse("project_skills", args=[project.pk]))
    assert tab.status_code == 200
    assert reverse("call_create", args=[project.pk]) in tab.content.decode()
    response = client.post(
        reverse("call_create", args=[project.pk]),
        {
            "title": "Locuteur wolof (B2) pour la mission à Thiès en mars",
            "description": "Une semaine avec la délégation.",
            "language": "wo",
            "min_level": "B2",
            "country": "SN",
            "availability": "missions_abroad",
            "start_date": "2027-03-08",
            "end_date": "2027-03-14",
            "effort_days": "6",
            "audience": "all",
            "tags": "médiation, Wolof écrit",
        },
    )
    assert response.status_code == 302
    call = SkillCall.objects.get()
    assert response["Location"] == reverse("call_detail", args=[call.pk])
    assert (call.authority, call.project, call.status) == (org.authority, project, "open")
    assert (call.language_id, call.min_level_id, call.effort_days) == ("wo", "B2", Decimal(6))
    assert set(call.tags.values_list("name", flat=True)) == {"médiation", "Wolof écrit"}
    assert call.created_by == org.user("Dora")
    assert AuditEvent.objects.filter(object_type="skills.SkillCall", action="create").exists()
    assert (
        "Locuteur wolof (B2)"
        in client.get(reverse("project_skills", args=[project.pk])).content.decode()
    )


def test_call_form_checks_its_fields(org, project, client_for):
    response = client_for(org.user("Dora")).post(
        reverse("call_create", args=[project.pk]),
        {
            "title": "Besoin",
            "min_level": "B2",
            "effort_days": "2",
            "audience": "services",
            "start_date": "2027-03-08",
            "end_date": "2027-03-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"min_level", "services", "end_date"}
    assert not SkillCall.objects.exists()


def test_dri_edits_closes_and_reopens_a_call(org, call, client_for):
    client = client_for(org.user("Dora"))
    response = client.post(
        reverse("call_edit", args=[call.pk]),
        {"title": "Wolof, niveau C1", "language": "wo", "min_level": "C1", "effort_days": "8",
         "audience": "services", "services": [org.environment.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.title, call.min_level_id, call.effort_days) == ("Wolof, niveau C1", "C1", 8)
    assert list(call.services.all()) == [org.environment]
    assert client.get(reverse("call_status", args=[call.pk])).status_code == 200
    client.post(reverse("call_status", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == "closed" and call.closed_at
    client.post(reverse("call_status", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == "open" and call.closed_at is None


# --- Agents see the calls that fit them -------------------------------------------------------


def test_agent_sees_open_calls_that_fit_their_profile_on_the_home_page(
    org, project, call, alice, client_for
):
    SkillCallFactory(project=project, title="Arabe courant", language_id="ar")
    SkillCallFactory(project=project, title="Ouvert à tous sans critère")
    only_culture = SkillCallFactory(
        project=project, title="Pour la culture seulement", audience="services"
    )
    only_culture.services.add(org.culture)
    for_direction = SkillCallFactory(
        project=project, title="Pour la direction Aménagement", audience="services"
    )
    for_direction.services.add(org.direction)  # Alice's service is below it
    closed = SkillCallFactory(project=project, title="Appel clos", status="closed")
    assert closed
    html = client_for(org.user("Alice")).get(reverse("home")).content.decode()
    assert "Locuteur wolof pour la mission à Thiès" in html
    assert "votre profil répond à : langue, pays" in html
    assert "Ouvert à tous sans critère" in html
    assert "Pour la direction Aménagement" in html
    assert "Arabe courant" not in html
    assert "Pour la culture seulement" not in html
    assert "Appel clos" not in html


def test_agent_volunteers_and_the_manager_approves(
    org, project, call, alice, client_for, committed
):
    client = client_for(org.user("Alice"))
    page = client.get(reverse("call_detail", args=[call.pk]))
    assert page.context["can_volunteer"]
    assert client.get(reverse("call_volunteer", args=[call.pk])).status_code == 200
    with committed():
        response = client.post(
            reverse("call_volunteer", args=[call.pk]), {"message": "Disponible en mars."}
        )
    assert response.status_code == 302
    answer = CallResponse.objects.get(call=call, agent=org.agent("Alice"))
    assert (answer.origin, answer.status, answer.message) == (
        "volunteered",
        S.ACCEPTED,
        "Disponible en mars.",
    )
    # The managers (head and référent of Environnement) are asked, each by their own e-mail,
    # the DRI is told.
    assert {"henri@ville.example.fr"} in recipients() and {"rita@ville.example.fr"} in recipients()
    assert {"dora@ville.example.fr"} in recipients()
    assert f"/reponses/{answer.pk}/" in mail.outbox[0].body
    # The DRI sees the volunteer on the call page; the référent on her home page.
    dri_page = client_for(org.user("Dora")).get(reverse("call_detail", args=[call.pk]))
    assert "Alice Aliceson" in dri_page.content.decode()
    home = client_for(org.user("Rita")).get(reverse("home")).content.decode()
    assert "votre accord est demandé" in home and "Alice Aliceson" in home

    mail.outbox.clear()
    with committed():
        response = decide(client_for(org.user("Rita")), answer, "approve", "Bon voyage !")
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == S.APPROVED
    assert answer.decided_by == org.user("Rita") and answer.decided_at
    mobilisation = Mobilisation.objects.get(project=project, service=org.environment)
    assert answer.mobilisation == mobilisation
    # The service had not been asked: its référent still answers for the mobilisation.
    assert mobilisation.status == Mobilisation.Status.PROPOSED
    assert mobilisation.days_planned == Decimal("6")
    assert list(mobilisation.agents.all()) == [org.agent("Alice")]
    assert {"alice@ville.example.fr"} in recipients() and {"dora@ville.example.fr"} in recipients()
    assert "Bon voyage !" in next(m.body for m in mail.outbox if "alice@" in m.to[0])
    steps = list(answer.steps.values_list("step", flat=True))
    assert steps == ["volunteered", "approved"]
    # The project's services tab shows the agent and the days; its history the change.
    services_tab = client_for(org.user("Dora")).get(reverse("project_services", args=[project.pk]))
    assert "Alice Aliceson" in services_tab.content.decode()
    assert AuditEvent.objects.filter(
        object_type="projects.Mobilisation", object_id=str(mobilisation.pk)
    ).exists()


def test_invited_agent_accepts_and_approval_adds_days_to_the_existing_mobilisation(
    org, project, call, alice, client_for, committed
):
    existing = MobilisationFactory(
        project=project, service=org.environment, days_planned=Decimal("10")
    )
    existing.agents.add(org.agent("Bruno"))
    dora = client_for(org.user("Dora"))
    search = dora.get(reverse("skills_search") + f"?appel={call.pk}")
    assert search.status_code == 200
    assert [m.profile.pk for m in search.context["page_obj"].object_list] == [alice.pk]
    invite_url = reverse("call_invite", args=[call.pk]) + f"?profil={alice.pk}"
    assert invite_url.replace("?", "?") in search.content.decode().replace("&amp;", "&")
    assert dora.get(invite_url).status_code == 200
    with committed():
        response = dora.post(
            reverse("call_invite", args=[call.pk]), {"profil": alice.pk, "message": "Partante ?"}
        )
    assert response.status_code == 302
    answer = CallResponse.objects.get(call=call, agent=org.agent("Alice"))
    assert (answer.origin, answer.status) == ("invited", S.INVITED)
    assert recipients() == [{"alice@ville.example.fr"}]
    # Already invited: the search says so instead of offering to invite again.
    again = dora.get(reverse("skills_search") + f"?appel={call.pk}")
    assert again.context["page_obj"].object_list[0].response == answer

    alice_client = client_for(org.user("Alice"))
    assert "Mes appels à compétences en cours" in alice_client.get(reverse("home")).content.decode()
    alice_client.post(response_url(answer), {"action": "accept", "message": "Avec plaisir"})
    answer.refresh_from_db()
    assert answer.status == S.ACCEPTED
    decide(client_for(org.user("Henri")), answer, "approve")
    existing.refresh_from_db()
    assert existing.status == Mobilisation.Status.PROPOSED
    assert existing.days_planned == Decimal("16")
    assert set(existing.agents.all()) == {org.agent("Alice"), org.agent("Bruno")}
    assert list(answer.steps.values_list("step", flat=True)) == ["invited", "accepted", "approved"]


def test_invited_agent_declines_without_justifying(org, call, alice, client_for, committed):
    answer = services.invite(call, profile=alice, by=org.user("Dora"))
    with committed():
        response = client_for(org.user("Alice")).post(response_url(answer), {"action": "decline"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == S.DECLINED
    assert recipients() == [{"dora@ville.example.fr"}]
    assert not Mobilisation.objects.exists()
    # Nobody invites her to the same call again.
    with pytest.raises(ValidationError):
        services.invite(call, profile=alice, by=org.user("Dora"))


def test_manager_refuses_with_a_comment(org, call, alice, client_for, committed):
    answer = services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    henri = client_for(org.user("Henri"))
    page = decide(henri, answer, "refuse")
    assert page.status_code == 200
    assert "Expliquez pourquoi vous refusez." in page.content.decode()
    answer.refresh_from_db()
    assert answer.status == S.ACCEPTED
    with committed():
        decide(henri, answer, "refuse", "Pic d'activité en mars, désolé.")
    answer.refresh_from_db()
    assert answer.status == S.REFUSED
    assert answer.decision_comment == "Pic d'activité en mars, désolé."
    assert not Mobilisation.objects.exists()
    alice_mail = next(m for m in mail.outbox if m.to == ["alice@ville.example.fr"])
    assert "Pic d'activité en mars" in alice_mail.body
    page = client_for(org.user("Alice")).get(response_url(answer)).content.decode()
    assert "Refus du responsable" in page and "Pic d&#x27;activité en mars" in page


def test_agent_withdraws_before_the_decision(org, call, alice, client_for):
    answer = services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    client_for(org.user("Alice")).post(response_url(answer), {"action": "withdraw"})
    answer.refresh_from_db()
    assert answer.status == S.WITHDRAWN
    with pytest.raises(ValidationError):
        services.approve(answer, by=org.user("Henri"))
    # Changing her mind again is allowed: volunteering reopens the answer.
    services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    answer.refresh_from_db()
    assert answer.status == S.ACCEPTED


# --- Who decides ------------------------------------------------------------------------------


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    TenancyMiddleware(lambda r: None)(request)
    return request


@pytest.mark.parametrize(
    ("agent", "managers"),
    [
        ("Alice", {"Henri", "Rita"}),  # head and référent of her service
        ("Rita", {"Henri"}),  # a référent does not approve herself
        ("Henri", {"Rita"}),  # the head neither: his service's référent does
        ("Jade", {"Helene"}),  # no head nor référent: the head of the parent service
        ("Carla", {"Remi"}),  # référent only
    ],
)
def test_the_manager_is_the_head_or_a_referent_of_the_agents_service(org, call, agent, managers):
    answer = CallResponseFactory(call=call, agent=org.agent(agent))
    expected = {org.user(name) for name in managers}
    assert set(manager_users(org.agent(agent))) == expected
    for name in org.people:
        allowed = can_decide_response(_request(org.user(name)), answer)
        assert allowed == (org.user(name) in expected), name


def test_others_cannot_decide(org, call, client_for):
    answer = CallResponseFactory(call=call, agent=org.agent("Alice"))
    for name in ("Bruno", "Remi", "Carla"):
        assert client_for(org.user(name)).get(response_url(answer)).status_code == 403, name
    # The agent follows her answer but does not approve it.
    alice = client_for(org.user("Alice"))
    assert alice.get(response_url(answer)).context["decision_form"] is None
    assert decide(alice, answer, "approve").status_code == 403
    # The DRI follows every answer; with managers on record, it does not decide for them.
    dora = client_for(org.user("Dora"))
    assert dora.get(response_url(answer)).context["decision_form"] is None
    assert decide(dora, answer, "approve").status_code == 403
    answer.refresh_from_db()
    assert answer.status == S.ACCEPTED


def test_dri_decides_when_nobody_manages_the_service(org, call, client_for):
    org.direction.head = None
    org.direction.save()
    answer = CallResponseFactory(call=call, agent=org.agent("Jade"))
    assert manager_users(org.agent("Jade")) == []
    dora = client_for(org.user("Dora"))
    assert dora.get(response_url(answer)).context["decision_form"] is not None
    decide(dora, answer, "approve")
    answer.refresh_from_db()
    assert answer.status == S.APPROVED


# --- Rules of the workflow --------------------------------------------------------------------


def test_a_closed_call_takes_no_volunteer_invitation_nor_approval(org, call, alice, client_for):
    answer = services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    services.set_call_status(call, by=org.user("Dora"), status=SkillCall.Status.CLOSED)
    with pytest.raises(ValidationError, match="clos"):
        services.approve(answer, by=org.user("Henri"))
    bruno = ProfileFactory(agent=org.agent("Bruno"))
    with pytest.raises(ValidationError, match="clos"):
        services.invite(call, profile=bruno, by=org.user("Dora"))
    response = client_for(org.user("Bruno")).post(reverse("call_volunteer", args=[call.pk]))
    assert response.status_code == 200
    assert "Cet appel est clos." in response.content.decode()
    # A refusal stays possible, so that nobody waits for nothing.
    services.refuse(answer, by=org.user("Henri"), comment="Appel clos entre-temps.")


def test_only_published_profiles_are_invited(org, call):
    hidden = ProfileFactory(agent=org.agent("Bruno"), published=False)
    with pytest.raises(ValidationError, match="publié"):
        services.invite(call, profile=hidden, by=org.user("Dora"))


def test_invite_page_ignores_a_profile_the_dri_cannot_see(org, call, client_for):
    hidden = ProfileFactory(agent=org.agent("Bruno"), published=False)
    dora = client_for(org.user("Dora"))
    page = dora.get(reverse("call_invite", args=[call.pk]) + f"?profil={hidden.pk}")
    assert page.context["profile"] is None
    dora.post(reverse("call_invite", args=[call.pk]), {"profil": hidden.pk})
    assert not CallResponse.objects.exists()


def test_volunteering_twice_or_outside_the_audience_is_refused(org, call, project):
    services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    with pytest.raises(ValidationError, match="déjà répondu"):
        services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"))
    for_culture = SkillCallFactory(project=project, audience="services")
    for_culture.services.add(org.culture)
    with pytest.raises(ValidationError, match="autres services"):
        services.volunteer(for_culture, agent=org.agent("Alice"), by=org.user("Alice"))
    services.volunteer(for_culture, agent=org.agent("Carla"), by=org.user("Carla"))


def test_volunteering_needs_an_agent_record(users, call, client_for):
    response = client_for(users["dri"]).get(reverse("call_volunteer", args=[call.pk]))
    assert response.status_code == 403


def test_each_side_follows_the_answers_it_is_concerned_by(org, call, client_for):
    CallResponseFactory(call=call, agent=org.agent("Alice"))
    CallResponseFactory(call=call, agent=org.agent("Carla"))

    def listed(name: str) -> set[str]:
        page = client_for(org.user(name)).get(reverse("call_detail", args=[call.pk]))
        return {r.agent.first_name for r in page.context["responses"]}

    assert listed("Dora") == {"Alice", "Carla"}
    assert listed("Rita") == {"Alice"}
    assert listed("Remi") == {"Carla"}
    assert listed("Alice") == {"Alice"}
    assert listed("Bruno") == set()


def test_every_step_is_dated_on_the_answer_page(org, call, alice, client_for):
    answer = services.invite(call, profile=alice, by=org.user("Dora"), message="Partante ?")
    services.accept(answer, by=org.user("Alice"))
    services.approve(answer, by=org.user("Rita"), comment="Accord.")
    html = client_for(org.user("Alice")).get(response_url(answer)).content.decode()
    steps = list(ResponseStep.objects.filter(response=answer).order_by("at"))
    assert [s.step for s in steps] == ["invited", "accepted", "approved"]
    for step in steps:
        assert step.at.astimezone().strftime("%d/%m/%Y") in html
        assert escape(step.get_step_display()) in html
    assert "« Partante ? »" in html and "Accord." in html


def test_erased_profile_keeps_no_pending_answer(org, call, alice):
    services.volunteer(call, agent=org.agent("Alice"), by=org.user("Alice"), message="Oui")
    services.erase_profile(org.agent("Alice"), by=org.user("Alice"))
    assert not CallResponse.objects.exists()
    assert not Profile.objects.exists()
