"""A hand-made elected official who carries projects, chairs a committee and travels."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from maillage.governance.models import ActionItem, CommitteeMember, Meeting
from maillage.organisation.models import Civility
from maillage.projects.models import Mission, Mobilisation, ProjectCarrier, Result
from tests.factories import (
    DelegationFactory,
    ElectedOfficialFactory,
    MissionFactory,
    MobilisationFactory,
    ProjectFactory,
    ResultFactory,
    ServiceFactory,
)
from tests.governance.factories import (
    ActionFactory,
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
)


def seat(committee, official, position=CommitteeMember.Position.MEMBER):
    return MemberFactory(
        committee=committee,
        elected_official=official,
        external_name="",
        external_organisation="",
        position=position,
    )


def carrying_official(authority, user=None, marker: str = "Alpha", *, size: int = 1):
    """An official of ``authority`` (linked to ``user``) who carries ``size`` projects as porteur
    and one as co-porteur, chairs a committee whose next meeting has an agenda, sits on
    another, goes on a mission and receives a delegation; beside them, a project she does not
    carry and a mission already over."""
    today = timezone.localdate()
    official = ElectedOfficialFactory(
        authority=authority,
        user=user,
        first_name="Nadia",
        last_name=f"Porteuse{marker}",
        civility=Civility.MADAME,
        mandate=f"Adjointe {marker}",
    )
    delegation = DelegationFactory(elected_official=official, label=f"Délégation {marker}")
    service = ServiceFactory(authority=authority, name=f"Service {marker}")
    carried = []
    for i in range(size):
        project = ProjectFactory(
            authority=authority,
            title=f"Projet porté {marker} {i}",
            lead_service=service,
            end_date=datetime.date(2030, 3, 31),
        )
        ProjectCarrier.objects.create(project=project, official=official)
        MobilisationFactory(project=project, service=service, status=Mobilisation.Status.CONFIRMED)
        ResultFactory(
            project=project, title=f"Retombée {marker} {i}", territory=Result.Territory.HOME
        )
        ResultFactory(
            project=project,
            title=f"Résultat là-bas {marker} {i}",
            territory=Result.Territory.PARTNER,
        )
        carried.append(project)
    co_carried = ProjectFactory(authority=authority, title=f"Projet co-porté {marker}")
    ProjectCarrier.objects.create(
        project=co_carried, official=official, role=ProjectCarrier.Role.CO
    )
    not_carried = ProjectFactory(authority=authority, title=f"Projet d'un autre {marker}")
    chaired = CommitteeFactory(authority=authority, name=f"Comité présidé {marker}")
    seat(chaired, official, CommitteeMember.Position.CHAIR)
    soon = timezone.now() + datetime.timedelta(days=12)
    meeting = MeetingFactory(
        committee=chaired, starts_at=soon, status=Meeting.Status.PLANNED, place=f"Salle {marker}"
    )
    later = MeetingFactory(
        committee=chaired,
        starts_at=soon + datetime.timedelta(days=60),
        status=Meeting.Status.PLANNED,
        place=f"Salle lointaine {marker}",
    )
    AgendaItemFactory(meeting=meeting, title=f"Point sur le projet {marker}", project=carried[0])
    AgendaItemFactory(meeting=later, title=f"Point lointain {marker}")
    held = MeetingFactory(committee=chaired)
    open_action = ActionFactory(meeting=held, title=f"Action ouverte {marker}")
    ActionFactory(
        meeting=held,
        title=f"Action close {marker}",
        status=ActionItem.Status.DONE,
        closed_on=datetime.date(2025, 7, 1),
    )
    member_of = CommitteeFactory(authority=authority, name=f"Comité siégé {marker}")
    seat(member_of, official)
    mission = MissionFactory(
        authority=authority,
        title=f"Mission à venir {marker}",
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=25),
    )
    reception = MissionFactory(
        authority=authority,
        direction=Mission.Direction.INCOMING,
        title=f"Délégation reçue {marker}",
        start_date=today + datetime.timedelta(days=40),
        end_date=today + datetime.timedelta(days=42),
    )
    past = MissionFactory(authority=authority, title=f"Mission passée {marker}")
    for trip in (mission, reception, past):
        trip.elected_officials.add(official)
    return SimpleNamespace(
        official=official,
        delegation=delegation,
        carried=carried,
        co_carried=co_carried,
        not_carried=not_carried,
        chaired=chaired,
        member_of=member_of,
        meeting=meeting,
        open_action=open_action,
        mission=mission,
        reception=reception,
        past=past,
    )


def section(html: str, element_id: str) -> str:
    """The block of ``html`` that starts at ``id="element_id"`` and ends with its section."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]
