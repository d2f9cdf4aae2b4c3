"""The internal newsletter's reads and its sending.

Recipients (decided here, once): the authority's **active agents with an agent e-mail**
(``Agent.email``, from the HR file) in the letter's audience — all agents; those of the chosen
directorates or services and the services below them; the current référents — and, for the
elected officials' audience, the officials in office with an e-mail. An account is not needed
(most agents have none); an address is written once even if it belongs to two records.

Sending (``deliver``, run by the task worker) writes one ``OutboxMessage`` per recipient,
keyed ``newsletter:<id>:<address>`` and written with ``ignore_conflicts`` (a retried task
writes only the missing rows), then mails the letter's pending rows through the notices'
``send_batch``, which records each row as sent right after its send: a task retried after a
crash mid-batch never mails an address twice. The HTML version travels in the row's
attachment columns (type ``text/html`` without a file name: an alternative, not a file).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import mail
from maillage.core.models import Authority
from maillage.notices import delivery as notices_delivery
from maillage.notices.models import OutboxMessage
from maillage.notices.services import SUBJECT_PREFIX, absolute
from maillage.organisation.models import Agent, ElectedOfficial, Referent, Service
from maillage.projects.models import Mobilisation, Project, Result, WorkedDays

from .audience import Viewer
from .models import Audience, NewsItem, Newsletter

KIND = "newsletter"
CHUNK = 500


# --- What the letter says ----------------------------------------------------------------------


def period_items(authority: Authority, start: datetime.date, end: datetime.date) -> QuerySet:
    """The published items of the period (by their publication date), latest first."""
    return (
        NewsItem.objects.filter(
            authority=authority,
            status=NewsItem.Status.PUBLISHED,
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .defer("body")
        .order_by("-published_at", "-pk")
    )


def key_figures(authority: Authority, start: datetime.date, end: datetime.date) -> dict:
    """The period's key figures (3 queries): projects under way during the period, services
    mobilised on them (confirmed), agent-days worked in the period's months, local benefits
    recorded on those projects."""
    active = Project.objects.filter(authority=authority, status=Project.Status.ONGOING).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=start),
    )
    projects = active.aggregate(
        count=Count("pk", distinct=True),
        benefits=Count(
            "results", filter=Q(results__territory=Result.Territory.HOME), distinct=True
        ),
    )
    services = (
        Mobilisation.objects.filter(project__in=active, status=Mobilisation.Status.CONFIRMED)
        .values("service_id")
        .distinct()
        .count()
    )
    days = WorkedDays.objects.filter(
        authority=authority, month__gte=start.replace(day=1), month__lte=end
    ).aggregate(total=Sum("days"))["total"] or Decimal(0)
    return {
        "projects": projects["count"],
        "services": services,
        "days": str(days.normalize() if days == days.to_integral_value() else days),
        "benefits": projects["benefits"],
    }


def figure_rows(figures: dict) -> list[tuple[str, str]]:
    if not figures:
        return []
    return [
        (_("projets en cours"), str(figures.get("projects", 0))),
        (_("services mobilisés"), str(figures.get("services", 0))),
        (_("jours-agent travaillés"), str(figures.get("days", "0")).replace(".", ",")),
        (_("retombées locales"), str(figures.get("benefits", 0))),
    ]


def entries(newsletter: Newsletter) -> list[NewsItem]:
    """The letter's items in their order (1 query)."""
    return list(
        NewsItem.objects.filter(newsletter_entries__newsletter=newsletter)
        .defer("body")
        .order_by("newsletter_entries__position", "newsletter_entries__pk")
    )


# --- Who reads it -----------------------------------------------------------------------------


def visible_q(viewer: Viewer) -> Q:
    """The letters ``viewer`` reads on the web, as a filter on ``Newsletter``: those who write
    them see every letter; the others the letters sent to an audience they belong to."""
    if viewer.editor:
        return Q()
    sent = Q(status=Newsletter.Status.SENT)
    if viewer.all_published:
        return sent
    addressed = Q(audience=Audience.ALL)
    if viewer.referent:
        addressed |= Q(audience=Audience.REFERENTS)
    if viewer.elected:
        addressed |= Q(audience=Audience.ELECTED)
    if viewer.service_ids:
        targeted = Newsletter.services.through.objects.filter(
            service_id__in=sorted(viewer.service_ids)
        ).values("newsletter_id")
        addressed |= Q(audience=Audience.SERVICES, pk__in=targeted)
    return sent & addressed


def visible_letters(authority: Authority, viewer: Viewer) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(authority=authority).filter(visible_q(viewer))


@dataclass(frozen=True)
class Person:
    email: str
    user_id: int | None
    group: str  # what the preview counts: "agents", "referents", "elected"


def _service_ids(newsletter: Newsletter) -> list[int]:
    """The chosen services and every service below them (the org chart has three levels)."""
    chosen = list(newsletter.services.values_list("pk", flat=True))
    below = Service.objects.filter(
        Q(parent_id__in=chosen) | Q(parent__parent_id__in=chosen),
        authority_id=newsletter.authority_id,
    ).values_list("pk", flat=True)
    return sorted(set(chosen) | set(below))


def _people(newsletter: Newsletter) -> Iterator[tuple[str, int | None, str]]:
    authority_id = newsletter.authority_id
    audience = newsletter.audience
    if audience == Audience.ELECTED:
        rows = ElectedOfficial.objects.filter(authority_id=authority_id, active=True).exclude(
            email=""
        )
        for email, user_id in rows.order_by("pk").values_list("email", "user_id").iterator():
            yield email, user_id, "elected"
        return
    agents = Agent.objects.filter(authority_id=authority_id, active=True).exclude(email="")
    group = "agents"
    if audience == Audience.SERVICES:
        agents = agents.filter(service_id__in=_service_ids(newsletter))
    elif audience == Audience.REFERENTS:
        current = Referent.objects.current().filter(authority_id=authority_id)
        agents = agents.filter(pk__in=current.values("agent_id"))
        group = "referents"
    for email, user_id in (
        agents.order_by("pk").values_list("email", "user_id").iterator(chunk_size=2000)
    ):
        yield email, user_id, group


def recipients(newsletter: Newsletter) -> Iterator[Person]:
    """Each address of the audience once (see the module's docstring)."""
    seen: set[str] = set()
    for email, user_id, group in _people(newsletter):
        address = email.strip()
        key = address.lower()
        if not address or key in seen:
            continue
        seen.add(key)
        yield Person(address, user_id, group)


GROUP_LABELS = {
    "agents": _("agents"),
    "referents": _("référents"),
    "elected": _("élus"),
}


def recipient_counts(newsletter: Newsletter) -> dict[str, int]:
    """How many addresses the letter goes to, per group (for the preview)."""
    return dict(Counter(person.group for person in recipients(newsletter)))


# --- The message ----------------------------------------------------------------------------


def web_path(newsletter: Newsletter) -> str:
    return reverse("newsletter_detail", args=[newsletter.pk])


def render_email(newsletter: Newsletter, base_url: str = "") -> tuple[str, str, str]:
    """Subject, plain text and HTML of the letter (the same for every recipient)."""
    items = entries(newsletter)
    context = {
        "newsletter": newsletter,
        "items": [
            (item, absolute(reverse("news_detail", args=[item.pk]), base_url)) for item in items
        ],
        "figures": figure_rows(newsletter.figures),
        "web_url": absolute(web_path(newsletter), base_url),
        "authority": newsletter.authority,
    }
    text = render_to_string("news/newsletter_email.txt", context)
    html = render_to_string("news/newsletter_email.html", context)
    subject = mail.subject(SUBJECT_PREFIX + newsletter.title)
    return subject, text, html


def idempotency_key(newsletter: Newsletter | int, email: str) -> str:
    pk = newsletter if isinstance(newsletter, int) else newsletter.pk
    return f"{KIND}:{pk}:{email.lower()}"[:200]


def outbox(newsletter: Newsletter) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        authority_id=newsletter.authority_id,
        kind=KIND,
        idempotency_key__startswith=f"{KIND}:{newsletter.pk}:",
    )


def progress(newsletter: Newsletter) -> dict[str, int]:
    """Sent, pending and failed rows of the letter (1 query)."""
    counts = dict(outbox(newsletter).values_list("status").annotate(n=Count("pk")).order_by())
    result = {
        "sent": counts.get(OutboxMessage.Status.SENT, 0),
        "pending": counts.get(OutboxMessage.Status.PENDING, 0),
        "failed": counts.get(OutboxMessage.Status.FAILED, 0),
    }
    result["total"] = sum(result.values())
    return result


def write_outbox(newsletter: Newsletter, base_url: str = "") -> int:
    """One outbox row per recipient, in chunks; rows already written are kept as they are.
    Returns how many recipients the letter has."""
    subject, text, html = render_email(newsletter, base_url)
    count = 0
    chunk: list[OutboxMessage] = []
    for person in recipients(newsletter):
        count += 1
        chunk.append(
            OutboxMessage(
                authority_id=newsletter.authority_id,
                recipient_id=person.user_id,
                kind=KIND,
                to=person.email,
                subject=subject,
                body=text,
                attachment_type="text/html",
                attachment=html,
                idempotency_key=idempotency_key(newsletter, person.email),
            )
        )
        if len(chunk) >= CHUNK:
            OutboxMessage.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    if chunk:
        OutboxMessage.objects.bulk_create(chunk, ignore_conflicts=True)
    return count


def deliver(newsletter_id: int, base_url: str = "") -> dict[str, int]:
    """Write the letter's outbox rows (those missing), mail its pending rows, and record the
    letter as sent once none is pending. Safe to run again after a crash at any point."""
    newsletter = Newsletter.objects.select_related("authority").get(pk=newsletter_id)
    if newsletter.status == Newsletter.Status.DRAFT:
        return progress(newsletter)
    count = write_outbox(newsletter, base_url)
    pending = list(
        outbox(newsletter)
        .filter(status=OutboxMessage.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pending), CHUNK):
        notices_delivery.send_batch(pending[start : start + CHUNK])
    done = progress(newsletter)
    values = {
        "recipient_count": count,
        "sent_count": done["sent"],
        "failed_count": done["failed"],
    }
    if not done["pending"]:
        values |= {"status": Newsletter.Status.SENT, "sent_at": timezone.now()}
        Newsletter.objects.filter(pk=newsletter.pk, sent_at__isnull=True).update(**values)
        values.pop("status")
        values.pop("sent_at")
    Newsletter.objects.filter(pk=newsletter.pk).update(**values)
    return done
