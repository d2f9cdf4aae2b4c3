"""Designate, replace and end a service's référents from the service page."""

import datetime

import pytest
from django.utils import timezone

from maillage.core.models import AuditEvent
from maillage.organisation.forms import DesignateReferentForm
from maillage.organisation.models import Referent
from tests.factories import AgentFactory, ReferentFactory, ServiceFactory


def _today():
    return timezone.localdate()


@pytest.fixture
def service(authority):
    return ServiceFactory(authority=authority, name="Service Jeunesse")


@pytest.fixture
def dri(users, client_for):
    return client_for(users["dri"])


def _designate(client, service, **data):
    return client.post(f"/services/{service.pk}/referents/designer/", data)


def test_designate_a_holder(service, dri, users):
    agent = AgentFactory(service=service, last_name="Martin", first_name="Léa")
    page = dri.get(f"/services/{service.pk}/referents/designer/")
    assert page.status_code == 200
    assert "Martin Léa — Service Jeunesse" in page.content.decode()
    assert page.context["form"]["start"].value() == _today()
    response = _designate(dri, service, agent=agent.pk, kind="holder", start=_today().isoformat())
    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.pk}/"
    referent = Referent.objects.get()
    assert (referent.agent, referent.service, referent.kind, referent.start, referent.end) == (
        agent,
        service,
        "holder",
        _today(),
        None,
    )
    assert referent.authority_id == service.authority_id
    event = AuditEvent.objects.get(kind="referent.designated")
    assert event.object_id == str(referent.pk)
    assert event.user == users["dri"]
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["agent"] == [None, str(agent.pk)]


def test_a_second_holder_is_refused_and_the_user_told_to_replace(service, dri):
    ReferentFactory(agent=AgentFactory(service=service))
    other = AgentFactory(service=service)
    response = _designate(dri, service, agent=other.pk, kind="holder", start=_today().isoformat())
    assert response.status_code == 200
    errors = response.context["form"].errors["kind"]
    assert "Remplacer" in errors[0]
    assert Referent.objects.count() == 1
    assert not AuditEvent.objects.filter(kind="referent.designated").exists()


def test_a_substitute_beside_the_holder_is_accepted(service, dri):
    ReferentFactory(agent=AgentFactory(service=service))
    other = AgentFactory(service=service)
    response = _designate(
        dri, service, agent=other.pk, kind="substitute", start=_today().isoformat()
    )
    assert response.status_code == 302
    assert Referent.objects.current().filter(service=service).count() == 2


def test_holder_and_substitute_at_once_is_refused(service, dri):
    agent = AgentFactory(service=service)
    ReferentFactory(agent=agent, kind="substitute")
    response = _designate(dri, service, agent=agent.pk, kind="holder", start=_today().isoformat())
    assert response.status_code == 200
    assert "à la fois titulaire et suppléant" in response.context["form"].errors["agent"][0]
    assert Referent.objects.count() == 1


def test_another_authoritys_agent_is_a_form_error_and_nothing_is_written(
    service, dri, other_authority
):
    stranger = AgentFactory(service=ServiceFactory(authority=other_authority))
    response = _designate(
        dri, service, agent=stranger.pk, kind="holder", start=_today().isoformat()
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agent"]
    assert not Referent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_departed_agent_is_not_offered(service, dri):
    gone = AgentFactory(service=service, active=False)
    response = _designate(dri, service, agent=gone.pk, kind="holder", start=_today().isoformat())
    assert response.context["form"].errors["agent"]
    assert not Referent.objects.exists()


def test_end_before_start_is_refused(service, dri):
    agent = AgentFactory(service=service)
    response = _designate(
        dri,
        service,
        agent=agent.pk,
        kind="holder",
        start=_today().isoformat(),
        end=(_today() - datetime.timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 200
    assert "fin du mandat" in response.context["form"].errors["end"][0]
    assert not Referent.objects.exists()


def test_a_start_more_than_a_year_ahead_is_refused(service, dri):
    agent = AgentFactory(service=service)
    too_late = _today() + datetime.timedelta(days=400)
    response = _designate(dri, service, agent=agent.pk, kind="holder", start=too_late.isoformat())
    assert response.status_code == 200
    assert "plus d'un an" in response.context["form"].errors["start"][0]
    assert not Referent.objects.exists()


def test_replace_ends_the_mandate_the_day_before(service, dri):
    old = ReferentFactory(agent=AgentFactory(service=service), start=datetime.date(2024, 1, 1))
    new_agent = AgentFactory(service=service)
    start = _today() + datetime.timedelta(days=10)
    page = dri.get(f"/referents/{old.pk}/remplacer/")
    assert page.status_code == 200
    response = dri.post(
        f"/referents/{old.pk}/remplacer/",
        {"agent": new_agent.pk, "start": start.isoformat(), "version": 1},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end == start - datetime.timedelta(days=1)
    new = Referent.objects.exclude(pk=old.pk).get()
    assert (new.agent, new.kind, new.start, new.end) == (new_agent, "holder", start, None)
    replaced = AuditEvent.objects.get(kind="referent.replaced")
    assert replaced.object_id == str(old.pk)
    assert replaced.changes["successor"] == [None, str(new.pk)]
    assert AuditEvent.objects.filter(kind="referent.designated", object_id=str(new.pk)).exists()


def test_replace_with_another_authoritys_agent_writes_nothing(service, dri, other_authority):
    old = ReferentFactory(agent=AgentFactory(service=service))
    stranger = AgentFactory(service=ServiceFactory(authority=other_authority))
    response = dri.post(
        f"/referents/{old.pk}/remplacer/",
        {"agent": stranger.pk, "start": _today().isoformat(), "version": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agent"]
    old.refresh_from_db()
    assert old.end is None
    assert Referent.objects.count() == 1


def test_end_a_mandate_after_confirmation(service, dri, users):
    referent = ReferentFactory(agent=AgentFactory(service=service))
    page = dri.get(f"/referents/{referent.pk}/fin/")
    assert page.status_code == 200
    assert page.context["form"]["end"].value() == _today()
    referent.refresh_from_db()
    assert referent.end is None  # the page alone changes nothing
    response = dri.post(
        f"/referents/{referent.pk}/fin/", {"end": _today().isoformat(), "version": 1}
    )
    assert response.status_code == 302
    referent.refresh_from_db()
    assert referent.end == _today()
    event = AuditEvent.objects.get(kind="referent.ended")
    assert event.changes == {"end": [None, _today().isoformat()]}
    assert event.user == users["dri"]
    # The mandate stays, in the service's history once past.
    assert Referent.objects.filter(pk=referent.pk).exists()


def test_end_before_the_start_is_refused(service, dri):
    referent = ReferentFactory(agent=AgentFactory(service=service), start=_today())
    response = dri.post(
        f"/referents/{referent.pk}/fin/",
        {"end": (_today() - datetime.timedelta(days=3)).isoformat(), "version": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    referent.refresh_from_db()
    assert referent.end is None


def test_past_mandates_stay_listed_on_the_service_page(service, dri):
    ReferentFactory(
        agent=AgentFactory(service=service, last_name="Ancien"), end=datetime.date(2024, 6, 30)
    )
    response = dri.get(f"/services/{service.pk}/")
    assert [r.agent.last_name for r in response.context["past_referents"]] == ["Ancien"]


@pytest.mark.parametrize("role", ["agent", "referent", "direction", "elected"])
def test_other_roles_get_403_and_see_no_button(service, users, client_for, role):
    referent = ReferentFactory(agent=AgentFactory(service=service))
    client = client_for(users[role])
    html = client.get(f"/services/{service.pk}/").content.decode()
    assert "Désigner un référent" not in html
    assert "Mettre fin au mandat" not in html
    assert f"/referents/{referent.pk}/remplacer/" not in html
    agent = AgentFactory(service=service)
    assert client.get(f"/services/{service.pk}/referents/designer/").status_code == 403
    assert (
        _designate(
            client, service, agent=agent.pk, kind="substitute", start=_today().isoformat()
        ).status_code
        == 403
    )
    assert client.post(f"/referents/{referent.pk}/fin/", {"end": "2025-01-01"}).status_code == 403
    assert client.get(f"/referents/{referent.pk}/remplacer/").status_code == 403
    assert Referent.objects.count() == 1


def test_the_dri_sees_the_buttons(service, dri):
    referent = ReferentFactory(agent=AgentFactory(service=service))
    html = dri.get(f"/services/{service.pk}/").content.decode()
    assert f"/services/{service.pk}/referents/designer/" in html
    assert f"/referents/{referent.pk}/remplacer/" in html
    assert f"/referents/{referent.pk}/fin/" in html


def test_another_authoritys_referent_answers_404(dri, other_authority):
    foreign = ReferentFactory(agent=AgentFactory(service=ServiceFactory(authority=other_authority)))
    assert dri.get(f"/referents/{foreign.pk}/fin/").status_code == 404
    assert dri.post(f"/referents/{foreign.pk}/fin/", {"end": "2025-01-01"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.end is None


def test_a_holder_after_the_planned_end_of_the_current_one_is_accepted(service, dri):
    ReferentFactory(agent=AgentFactory(service=service), end=_today() + datetime.timedelta(days=9))
    successor = AgentFactory(service=service)
    start = _today() + datetime.timedelta(days=10)
    response = _designate(dri, service, agent=successor.pk, kind="holder", start=start.isoformat())
    assert response.status_code == 302
    assert Referent.objects.filter(agent=successor, start=start).exists()


def test_the_form_opened_from_the_network_returns_to_it(service, dri):
    agent = AgentFactory(service=service)
    response = _designate(
        dri,
        service,
        agent=agent.pk,
        kind="holder",
        start=_today().isoformat(),
        next="/referents/?sans_referent=1",
    )
    assert response["Location"] == "/referents/?sans_referent=1"
    outside = _designate(
        dri,
        service,
        agent=AgentFactory(service=service).pk,
        kind="substitute",
        start=_today().isoformat(),
        next="https://example.com/",
    )
    assert outside["Location"] == f"/services/{service.pk}/"


def test_replace_must_start_after_the_current_mandate(service, dri):
    old = ReferentFactory(agent=AgentFactory(service=service), start=_today())
    response = dri.post(
        f"/referents/{old.pk}/remplacer/",
        {"agent": AgentFactory(service=service).pk, "start": _today().isoformat(), "version": 1},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    old.refresh_from_db()
    assert old.end is None
    assert Referent.objects.count() == 1


def test_replace_never_extends_a_planned_end(service, dri):
    planned = _today() + datetime.timedelta(days=5)
    old = ReferentFactory(agent=AgentFactory(service=service), end=planned)
    response = dri.post(
        f"/referents/{old.pk}/remplacer/",
        {
            "agent": AgentFactory(service=service).pk,
            "start": (_today() + datetime.timedelta(days=30)).isoformat(),
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "Désigner un référent" in response.context["form"].errors["start"][0]
    old.refresh_from_db()
    assert old.end == planned


def test_forms_propose_what_can_be_saved(service, dri):
    """With a holder in office the designation proposes a substitute; a replacement never
    offers the référent being replaced."""
    url = f"/services/{service.pk}/referents/designer/"
    assert dri.get(url).context["form"]["kind"].value() == "holder"
    holder = ReferentFactory(agent=AgentFactory(service=service))
    assert dri.get(url).context["form"]["kind"].value() == "substitute"
    other = AgentFactory(service=service)
    offered = dri.get(f"/referents/{holder.pk}/remplacer/").context["form"].fields["agent"]
    assert other in offered.queryset and holder.agent not in offered.queryset


def test_two_open_forms_on_one_mandate_the_second_is_told_and_writes_nothing(service, dri, users):
    """Two people open « Mettre fin au mandat » on the same mandate; the first ends it, the
    second's save writes nothing and shows the mandate as it is now, ready to confirm again."""
    referent = ReferentFactory(agent=AgentFactory(service=service), start=datetime.date(2024, 1, 1))
    built_on = dri.get(f"/referents/{referent.pk}/fin/").context["form"]["version"].value()
    first = _today() + datetime.timedelta(days=20)
    response = dri.post(
        f"/referents/{referent.pk}/fin/", {"end": first.isoformat(), "version": built_on}
    )
    assert response.status_code == 302
    second = _today() + datetime.timedelta(days=40)
    response = dri.post(
        f"/referents/{referent.pk}/fin/", {"end": second.isoformat(), "version": built_on}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "a été modifié par" in form.non_field_errors()[0]
    assert str(users["dri"]) in form.non_field_errors()[0]
    referent.refresh_from_db()
    assert referent.end == first
    assert AuditEvent.objects.filter(kind="referent.ended").count() == 1
    # Saving again is deliberate: the refilled form carries the new version.
    assert form["version"].value() == str(referent.version)
    response = dri.post(
        f"/referents/{referent.pk}/fin/", {"end": second.isoformat(), "version": referent.version}
    )
    assert response.status_code == 302
    referent.refresh_from_db()
    assert referent.end == second


def test_a_replacement_built_on_an_old_version_writes_nothing(service, dri):
    referent = ReferentFactory(agent=AgentFactory(service=service), start=datetime.date(2024, 1, 1))
    ended = _today() + datetime.timedelta(days=60)
    assert (
        dri.post(
            f"/referents/{referent.pk}/fin/", {"end": ended.isoformat(), "version": 1}
        ).status_code
        == 302
    )
    response = dri.post(
        f"/referents/{referent.pk}/remplacer/",
        {
            "agent": AgentFactory(service=service).pk,
            "start": (_today() + datetime.timedelta(days=10)).isoformat(),
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    referent.refresh_from_db()
    assert referent.end == ended
    assert Referent.objects.count() == 1


def test_the_services_own_agents_are_offered_first(authority, service):
    elsewhere = AgentFactory(authority=authority, last_name="Aaron")
    own = AgentFactory(authority=authority, service=service, last_name="Zola")
    form = DesignateReferentForm(authority=authority, service=service)
    offered = list(form.fields["agent"].queryset)
    assert offered.index(own) < offered.index(elsewhere)
    assert elsewhere in offered  # another service's agent may still be chosen
