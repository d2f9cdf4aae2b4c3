"""CSV exports of the decision register and the action list; the committee's calendar file."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from maillage.core.models import Role

from ..factories import AgentFactory, ProjectFactory, ServiceFactory
from .factories import ActionFactory, CommitteeFactory, DecisionFactory, MeetingFactory, at


def rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def records(authority, other_authority):
    project = ProjectFactory(authority=authority, title="Chantier Thiès")
    steering = CommitteeFactory(authority=authority, name="Copil international")
    technical = CommitteeFactory(authority=authority, name="Comité technique Thiès")
    spring = MeetingFactory(committee=steering, starts_at=at(2026, 3, 9))
    autumn = MeetingFactory(committee=technical, starts_at=at(2025, 10, 6))
    DecisionFactory(meeting=spring, number=1, text="Valider le budget", project=project)
    DecisionFactory(meeting=spring, number=2, text='=HYPERLINK("x")')
    DecisionFactory(meeting=autumn, number=1, text="Lancer la consultation")
    DecisionFactory(
        meeting=MeetingFactory(committee=CommitteeFactory(authority=other_authority)),
        text="Décision d'ailleurs",
    )
    agent = AgentFactory(
        service=ServiceFactory(authority=authority), first_name="Fatou", last_name="Diop"
    )
    ActionFactory(
        meeting=spring,
        title="Réserver les billets",
        owner_agent=agent,
        owner_text="",
        due_date=datetime.date(2026, 4, 1),
        project=project,
    )
    ActionFactory(
        meeting=spring,
        title="Rédiger la note",
        status="done",
        closed_on=datetime.date(2026, 3, 20),
    )
    return {"steering": steering, "technical": technical, "project": project}


@pytest.mark.django_db
def test_decision_register_csv_follows_the_filters(records, users, client_for):
    client = client_for(users[Role.AGENT])
    table = rows(client.get(reverse("decision_list") + "?format=csv"))
    assert table[0] == ["numero", "date", "comite", "decision", "projet", "reunion"]
    assert table[1:] == [
        [
            "2026-002",
            "2026-03-09",
            "Copil international",
            '\'=HYPERLINK("x")',
            "",
            "2026-03-09 14:00",
        ],
        [
            "2026-001",
            "2026-03-09",
            "Copil international",
            "Valider le budget",
            "Chantier Thiès",
            "2026-03-09 14:00",
        ],
        [
            "2025-001",
            "2025-10-06",
            "Comité technique Thiès",
            "Lancer la consultation",
            "",
            "2025-10-06 14:00",
        ],
    ]
    filtered = rows(
        client.get(reverse("decision_list") + f"?format=csv&projet={records['project'].pk}")
    )
    assert [r[3] for r in filtered[1:]] == ["Valider le budget"]
    by_year = rows(client.get(reverse("decision_list") + "?format=csv&annee=2025"))
    assert [r[0] for r in by_year[1:]] == ["2025-001"]
    page = client.get(reverse("decision_list") + f"?comite={records['technical'].pk}")
    assert [d.text for d in page.context["page_obj"]] == ["Lancer la consultation"]
    assert "format=csv" in page.content.decode()


@pytest.mark.django_db
def test_action_csv(records, users, client_for):
    client = client_for(users[Role.ELECTED])
    table = rows(client.get(reverse("action_list") + "?format=csv&etat=toutes"))
    assert table[0][:3] == ["id", "action", "comite"]
    by_title = {row[1]: row for row in table[1:]}
    assert set(by_title) == {"Réserver les billets", "Rédiger la note"}
    assert by_title["Réserver les billets"][2:] == [
        "Copil international",
        "2026-03-09",
        "",
        "Fatou Diop",
        "2026-04-01",
        "À faire",
        "",
        "Chantier Thiès",
    ]
    assert by_title["Rédiger la note"][7:9] == ["Réalisée", "2026-03-20"]
    open_only = rows(client.get(reverse("action_list") + "?format=csv"))
    assert [row[1] for row in open_only[1:]] == ["Réserver les billets"]


@pytest.mark.django_db
def test_calendar_file_is_valid_icalendar(authority, users, client_for):
    committee = CommitteeFactory(
        authority=authority,
        name="Copil, action internationale; suivi",
        purpose="Décider et suivre les actions de coopération décentralisée avec nos partenaires "
        "du Sénégal, du Maroc et du Québec.",
    )
    MeetingFactory(committee=committee, starts_at=at(2026, 3, 9, 14), place="Salle A")
    MeetingFactory(committee=committee, starts_at=at(2026, 6, 8, 9), status="cancelled")
    response = client_for(users[Role.AGENT]).get(reverse("committee_calendar", args=[committee.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "").split("\r\n")
    assert "VERSION:2.0" in unfolded and any(x.startswith("PRODID:") for x in unfolded)
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 2
    assert "SUMMARY:Copil\\, action internationale\\; suivi" in unfolded
    # Paris in March is UTC+1: 14:00 local time is 13:00 UTC.
    assert "DTSTART:20260309T130000Z" in unfolded and "DTEND:20260309T150000Z" in unfolded
    assert "STATUS:CANCELLED" in unfolded and "LOCATION:Salle A" in unfolded
    assert len([x for x in unfolded if x.startswith("UID:")]) == 2
    assert all(x.startswith("DTSTAMP:") and x.endswith("Z") for x in unfolded if "DTSTAMP" in x)
