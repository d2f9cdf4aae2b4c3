"""A committee member's position agrees with their civility: "Présidente", "Président", or
the neutral wording when the civility is not given."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.core.models import Role
from maillage.governance.models import CommitteeMember

from ..factories import AgentFactory, ElectedOfficialFactory, ServiceFactory
from .factories import CommitteeFactory, MeetingFactory, MemberFactory

P = CommitteeMember.Position

TITLES = [
    (P.CHAIR, "mme", "Présidente"),
    (P.CHAIR, "m", "Président"),
    (P.CHAIR, "", "Président ou présidente"),
    (P.VICE_CHAIR, "mme", "Vice-présidente"),
    (P.VICE_CHAIR, "m", "Vice-président"),
    (P.VICE_CHAIR, "", "Vice-président ou vice-présidente"),
    (P.SECRETARY, "mme", "Secrétaire"),
    (P.SECRETARY, "", "Secrétaire"),
    (P.MEMBER, "m", "Membre"),
    (P.GUEST, "mme", "Invitée permanente"),
    (P.GUEST, "m", "Invité permanent"),
    (P.GUEST, "", "Invité permanent ou invitée permanente"),
]


def member_of(kind: str, civility: str, position: str, committee) -> CommitteeMember:
    authority = committee.authority
    if kind == "agent":
        agent = AgentFactory(service=ServiceFactory(authority=authority), civility=civility)
        return MemberFactory(
            committee=committee,
            agent=agent,
            external_name="",
            external_organisation="",
            position=position,
        )
    if kind == "official":
        official = ElectedOfficialFactory(authority=authority, civility=civility)
        return MemberFactory(
            committee=committee,
            elected_official=official,
            external_name="",
            external_organisation="",
            position=position,
        )
    return MemberFactory(committee=committee, external_civility=civility, position=position)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["agent", "official", "external"])
@pytest.mark.parametrize(("position", "civility", "title"), TITLES)
def test_title_follows_the_persons_civility(authority, kind, position, civility, title):
    committee = CommitteeFactory(authority=authority)
    member = member_of(kind, civility, position, committee)

    with translation.override("fr"):
        assert member.position_title == title


@pytest.mark.django_db
def test_committee_and_meeting_pages_show_agreeing_titles(authority, users, client_for):
    committee = CommitteeFactory(authority=authority)
    meeting = MeetingFactory(committee=committee)
    woman = AgentFactory(
        service=ServiceFactory(authority=authority), civility="mme", last_name="Diop"
    )
    MemberFactory(
        committee=committee,
        agent=woman,
        external_name="",
        external_organisation="",
        position=P.CHAIR,
    )
    MemberFactory(
        committee=committee,
        elected_official=ElectedOfficialFactory(
            authority=authority, civility="m", last_name="Lemarchand"
        ),
        external_name="",
        external_organisation="",
        position=P.VICE_CHAIR,
    )
    MemberFactory(committee=committee, external_name="Awa Ndiaye", position=P.GUEST)
    client = client_for(users[Role.DRI])

    page = client.get(reverse("committee_detail", args=[committee.pk])).content.decode()
    assert f"{woman.first_name} Diop</strong> — Présidente" in page
    assert "Lemarchand</strong> — Vice-président\n" in page
    assert "Awa Ndiaye</strong> — Invité permanent ou invitée permanente" in page
    assert "Président ou présidente" not in page

    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Diop (présidente)" in page
    assert "Lemarchand (vice-président)" in page
    assert "Awa Ndiaye (invité permanent ou invitée permanente)" in page

    page = client.get(reverse("meeting_attendance", args=[meeting.pk])).content.decode()
    assert "Présidente" in page and "Vice-président" in page


@pytest.mark.django_db
def test_member_form_takes_an_outside_persons_civility_only(authority, users, client_for):
    committee = CommitteeFactory(authority=authority)
    agent = AgentFactory(service=ServiceFactory(authority=authority))
    client = client_for(users[Role.DRI])
    url = reverse("member_add", args=[committee.pk])

    form = client.get(url).content.decode()
    assert 'name="external_civility"' in form
    assert form.index('name="external_name"') < form.index('name="external_civility"')

    data = {"external_name": "Aminata Fall", "external_civility": "mme", "position": "chair"}
    assert client.post(url, data).status_code == 302
    member = CommitteeMember.objects.get(committee=committee)
    assert (member.external_civility, member.position_title) == ("mme", "Présidente")

    wrong = client.post(url, {"agent": agent.pk, "external_civility": "m", "position": "member"})
    assert wrong.status_code == 200
    message = escape("La civilité ne s'indique ici que pour une personne extérieure")
    assert message in wrong.content.decode()
    assert CommitteeMember.objects.filter(committee=committee).count() == 1
