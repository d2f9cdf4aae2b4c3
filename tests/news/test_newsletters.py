"""The internal newsletter: its recipients are exactly its audience, a retried send mails no
one twice, the preview counts, the web version and archive follow the audience, and the pages
run a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent, Role
from maillage.news import newsletters, services
from maillage.news.models import Audience, Newsletter
from maillage.notices import delivery
from maillage.notices.models import OutboxMessage
from maillage.organisation.models import Agent
from tests.factories import (
    AgentFactory,
    ElectedOfficialFactory,
    ReferentFactory,
    ServiceFactory,
    member,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=30)


def compose(authority, items, *, audience=Audience.ALL, services_=(), title="La lettre"):
    return services.create_newsletter(
        authority,
        by=None,
        data={
            "title": title,
            "period_start": START,
            "period_end": TODAY,
            "intro": "Bonjour à toutes et à tous.",
            "audience": audience,
            "services": list(services_),
            "items": list(items),
        },
    )


def send(newsletter, capture):
    """Send as the page does: the task runs once the transaction commits."""
    with capture(execute=True):
        services.send_newsletter(newsletter, by=None, base_url="https://maillage.example.fr")
    newsletter.refresh_from_db()
    return newsletter


@pytest.fixture
def people(authority, other_authority, org):
    """The org's agents with an address (one in the directorate, one outside it), one without
    an address, one inactive, and an agent of another authority."""
    inside = Agent.objects.get(user=org["inside"])
    outside = Agent.objects.get(user=org["outside"])
    Agent.objects.filter(pk=inside.pk).update(email="in@ville.fr")
    Agent.objects.filter(pk=outside.pk).update(email="out@ville.fr")
    AgentFactory(authority=authority, service=org["waste"], email="")
    AgentFactory(authority=authority, service=org["waste"], email="gone@ville.fr", active=False)
    foreign_service = ServiceFactory(authority=other_authority, name="Service Déchets")
    AgentFactory(authority=other_authority, service=foreign_service, email="foreign@ailleurs.fr")
    return {"inside": inside, "outside": outside}


def test_recipients_are_exactly_the_audience(
    authority, org, people, make_item, django_capture_on_commit_callbacks
):
    item = make_item("Tri des déchets à Belo Horizonte")
    letter = compose(authority, [item], audience=Audience.SERVICES, services_=[org["direction"]])
    assert [p.email for p in newsletters.recipients(letter)] == ["in@ville.fr"]
    mail.outbox.clear()
    letter = send(letter, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["in@ville.fr"]]
    message = mail.outbox[0]
    assert "Tri des déchets à Belo Horizonte" in message.body
    web = f"https://maillage.example.fr/actualites/lettres/{letter.pk}/"
    assert web in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and web in html and "<h2>" in html
    assert letter.status == Newsletter.Status.SENT and letter.sent_at is not None
    assert (letter.recipient_count, letter.sent_count, letter.failed_count) == (1, 1, 0)
    assert AuditEvent.objects.filter(kind="newsletter.sent", object_id=str(letter.pk)).exists()


def test_all_agents_never_reach_another_authority(authority, people, make_item):
    letter = compose(authority, [make_item()])
    assert sorted(p.email for p in newsletters.recipients(letter)) == [
        "in@ville.fr",
        "out@ville.fr",
    ]


def test_referents_and_elected(authority, people, make_item):
    ReferentFactory(agent=people["outside"], service=people["outside"].service)
    ElectedOfficialFactory(authority=authority, email="elue@ville.fr")
    ElectedOfficialFactory(authority=authority, email="")
    letter = compose(authority, [make_item()], audience=Audience.REFERENTS)
    assert [p.email for p in newsletters.recipients(letter)] == ["out@ville.fr"]
    letter = compose(authority, [make_item("Autre")], audience=Audience.ELECTED)
    assert [p.email for p in newsletters.recipients(letter)] == ["elue@ville.fr"]
    assert newsletters.recipient_counts(letter) == {"elected": 1}


def test_an_address_is_written_once(authority, org, make_item):
    Agent.objects.all().update(email="")
    AgentFactory(authority=authority, service=org["waste"], email="Double@ville.fr")
    AgentFactory(authority=authority, service=org["culture"], email="double@ville.fr")
    letter = compose(authority, [make_item()])
    assert len(list(newsletters.recipients(letter))) == 1


class Crash(BaseException):
    """The worker's process dying: not an error the batch records and goes past."""


def test_no_double_send_when_the_task_is_retried_after_a_crash(
    authority, org, make_item, monkeypatch, django_capture_on_commit_callbacks
):
    Agent.objects.all().update(email="")
    for i in range(7):
        AgentFactory(authority=authority, service=org["waste"], email=f"a{i}@ville.fr")
    letter = compose(authority, [make_item()])
    with django_capture_on_commit_callbacks(execute=False):
        services.send_newsletter(letter, by=None)
    mail.outbox.clear()
    real = delivery.message
    calls = {"n": 0}

    def crashing(row):
        calls["n"] += 1
        if calls["n"] == 4:
            raise Crash
        return real(row)

    monkeypatch.setattr(delivery, "message", crashing)
    with pytest.raises(Crash):
        newsletters.deliver(letter.pk)
    assert len(mail.outbox) == 3
    assert newsletters.progress(letter) == {"sent": 3, "pending": 4, "failed": 0, "total": 7}
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SENDING
    # The task retried: the rows are not written again, the sent ones are not mailed again.
    monkeypatch.setattr(delivery, "message", real)
    newsletters.deliver(letter.pk)
    newsletters.deliver(letter.pk)
    addresses = [m.to[0] for m in mail.outbox]
    assert sorted(addresses) == sorted(f"a{i}@ville.fr" for i in range(7))
    assert OutboxMessage.objects.filter(kind=newsletters.KIND).count() == 7
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SENT and letter.sent_count == 7


def test_a_crash_while_writing_the_rows_writes_the_rest_on_retry(
    authority, org, make_item, monkeypatch, django_capture_on_commit_callbacks
):
    Agent.objects.all().update(email="")
    for i in range(5):
        AgentFactory(authority=authority, service=org["waste"], email=f"b{i}@ville.fr")
    letter = compose(authority, [make_item()])
    with django_capture_on_commit_callbacks(execute=False):
        services.send_newsletter(letter, by=None)
    monkeypatch.setattr(newsletters, "CHUNK", 2)
    real = OutboxMessage.objects.bulk_create
    calls = {"n": 0}

    def crashing(rows, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash
        return real(rows, **kwargs)

    monkeypatch.setattr(OutboxMessage.objects, "bulk_create", crashing)
    with pytest.raises(Crash):
        newsletters.deliver(letter.pk)
    assert OutboxMessage.objects.filter(kind=newsletters.KIND).count() == 2
    monkeypatch.setattr(OutboxMessage.objects, "bulk_create", real)
    mail.outbox.clear()
    newsletters.deliver(letter.pk)
    assert sorted(m.to[0] for m in mail.outbox) == [f"b{i}@ville.fr" for i in range(5)]


def test_a_sent_letter_is_not_sent_again_nor_changed(
    authority, people, make_item, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    letter = send(compose(authority, [make_item()]), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.send_newsletter(letter, by=None)
    with pytest.raises(ValidationError):
        services.update_newsletter(letter, by=None, data={"title": "Autre"})


def test_items_must_be_published_in_the_period(authority, make_item):
    from django.core.exceptions import ValidationError

    draft = make_item("Brouillon", publish=False)
    with pytest.raises(ValidationError):
        compose(authority, [draft])


def test_compose_proposes_the_period_items_and_figures(authority, org, make_item, client_for):
    make_item("Dans la période")
    client = client_for(org["dri"])
    url = reverse("newsletter_create")
    page = client.get(url, {"period_start": START.isoformat(), "period_end": TODAY.isoformat()})
    assert page.status_code == 200
    content = page.content.decode()
    assert "Dans la période" in content and "Chiffres clés de la période" in content
    past = START - datetime.timedelta(days=400)
    page = client.get(url, {"period_start": past.isoformat(), "period_end": past.isoformat()})
    assert "Dans la période" not in page.content.decode()


def test_compose_preview_and_send_through_the_pages(
    authority, org, people, make_item, client_for, django_capture_on_commit_callbacks
):
    item = make_item("Le compost partagé")
    client = client_for(org["dri"])
    response = client.post(
        reverse("newsletter_create"),
        {
            "title": "Lettre de la direction",
            "period_start": START.isoformat(),
            "period_end": TODAY.isoformat(),
            "intro": "",
            "items": [item.pk],
            "audience": Audience.SERVICES,
            "services": [org["direction"].pk],
        },
    )
    letter = Newsletter.objects.get(title="Lettre de la direction")
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter_preview", args=[letter.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Le compost partagé" in preview
    assert "<td>1</td>" in preview  # one address: the agent of the directorate
    assert client.get(reverse("newsletter_send", args=[letter.pk])).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletter_send", args=[letter.pk]), {"version": letter.version}
        )
    assert response["Location"] == reverse("newsletter_progress", args=[letter.pk])
    assert [m.to for m in mail.outbox] == [["in@ville.fr"]]
    progress = client.get(response["Location"]).content.decode()
    assert "Envoyée" in progress and 'http-equiv="refresh"' not in progress
    # The web version: the directorate's agent reads it, the other agent does not.
    inside = client_for(org["inside"])
    assert inside.get(reverse("newsletter_detail", args=[letter.pk])).status_code == 200
    assert "Lettre de la direction" in inside.get(reverse("newsletter_list")).content.decode()
    outside = client_for(org["outside"])
    assert outside.get(reverse("newsletter_detail", args=[letter.pk])).status_code == 404
    assert "Lettre de la direction" not in outside.get(reverse("newsletter_list")).content.decode()


def test_draft_letters_are_for_editors_only(authority, org, make_item, client_for):
    letter = compose(authority, [make_item()])
    assert (
        client_for(org["inside"]).get(reverse("newsletter_detail", args=[letter.pk])).status_code
        == 404
    )
    assert (
        client_for(org["dri"]).get(reverse("newsletter_detail", args=[letter.pk])).status_code
        == 200
    )


def test_another_authoritys_items_and_services_are_refused(
    authority, other_authority, org, make_item, client_for
):
    from maillage.news import services as news_services

    foreign_item = news_services.create_news_item(
        other_authority, by=None, data={"title": "Ailleurs", "audience": Audience.ALL}
    )
    news_services.publish_news_item(foreign_item, by=None)
    foreign_service = ServiceFactory(authority=other_authority)
    client = client_for(org["dri"])
    response = client.post(
        reverse("newsletter_create"),
        {
            "title": "Intrusion",
            "period_start": START.isoformat(),
            "period_end": TODAY.isoformat(),
            "items": [foreign_item.pk],
            "audience": Audience.SERVICES,
            "services": [foreign_service.pk],
        },
    )
    assert response.status_code == 200
    assert not Newsletter.objects.filter(title="Intrusion").exists()
    form = response.context["form"]
    assert "items" in form.errors and "services" in form.errors
    stranger = member(other_authority, Role.DRI, username="stranger")
    letter = compose(authority, [make_item()])
    for name in ("newsletter_detail", "newsletter_preview", "newsletter_send", "newsletter_edit"):
        url = reverse(name, args=[letter.pk])
        assert client_for(stranger).get(url).status_code == 404, name


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(authority, org, make_item, n: int):
    for i in range(n):
        for j in range(5):
            AgentFactory(authority=authority, service=org["waste"], email=f"g{i}.{j}@ville.fr")
        make_item(f"Actualité {i}")


def test_pages_are_flat(authority, org, make_item, client_for, django_capture_on_commit_callbacks):
    grow(authority, org, make_item, 1)
    items = list(newsletters.period_items(authority, START, TODAY))
    draft = compose(authority, items, title="Brouillon")
    sent = send(compose(authority, items, title="Envoyée"), django_capture_on_commit_callbacks)
    dri, agent = org["dri"], org["inside"]
    pages = [
        (dri, reverse("newsletter_list")),
        (dri, reverse("newsletter_create")),
        (dri, reverse("newsletter_edit", args=[draft.pk])),
        (dri, reverse("newsletter_preview", args=[draft.pk])),
        (dri, reverse("newsletter_send", args=[draft.pk])),
        (dri, reverse("newsletter_progress", args=[sent.pk])),
        (agent, reverse("newsletter_detail", args=[sent.pk])),
        (agent, reverse("newsletter_list")),
    ]
    small = [count(client_for(user), url) for user, url in pages]
    grow(authority, org, make_item, 8)
    services.update_newsletter(
        draft,
        by=None,
        data={"items": list(newsletters.period_items(authority, START, TODAY))},
    )
    large = [count(client_for(user), url) for user, url in pages]
    assert small == large
    # list, compose, edit (its items and services), preview (+ the recipients, one query),
    # confirm, progress, web version and archive for an agent.
    budgets = [5, 8, 13, 7, 5, 5, 6, 6]
    assert all(n <= b for n, b in zip(large, budgets, strict=True)), large
