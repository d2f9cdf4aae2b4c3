"""Notifications of the call-for-competences workflow, through ``notices.notify``: a line in the
notification centre of each user concerned, and an e-mail (console in development) according to
their preferences. Called inside the workflow's write services: a rolled-back step notifies
no one, and the e-mails leave once the step is committed."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core import wording
from maillage.core.models import User
from maillage.notices.models import Kind
from maillage.notices.services import Recipient, notify
from maillage.organisation.models import Agent

from .models import CallResponse


def agent_email(agent: Agent) -> str:
    if agent.email:
        return agent.email
    return agent.user.email if agent.user_id and agent.user else ""


def agent_recipient(agent: Agent) -> Recipient:
    """The agent's own address (else their account's), with their account for the centre."""
    return Recipient(email=agent_email(agent), user_id=agent.user_id)


def send(
    kind: str,
    response: CallResponse,
    recipients: Iterable[User | Recipient],
    subject: str,
    body: str,
    base_url: str,
) -> int:
    """Notify each recipient of the response's call; returns how many e-mails were written."""
    return len(
        notify(
            kind,
            recipients=recipients,
            authority=response.call.project.authority,
            title=subject,
            body=body,
            link=reverse("call_response", args=[response.pk]),
            base_url=base_url,
        )
    )


def _link(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}" if base_url else path


def response_link(response: CallResponse, base_url: str) -> str:
    return _link(base_url, reverse("call_response", args=[response.pk]))


def invited(response: CallResponse, base_url: str = "") -> int:
    call = response.call
    body = _(
        "Bonjour,\n\nL'équipe des relations internationales vous invite à contribuer au projet "
        "« %(project)s » : %(call)s.\n\nVous êtes libre d'accepter ou de décliner, sans avoir à "
        "vous justifier. Si vous acceptez, votre responsable sera sollicité pour donner son "
        "accord.\n\nRépondre : %(link)s\n"
    ) % {
        "project": call.project.title,
        "call": call.title,
        "link": response_link(response, base_url),
    }
    return send(
        Kind.CALL_INVITATION,
        response,
        [agent_recipient(response.agent)],
        _("Invitation : %(call)s") % {"call": call.title},
        body,
        base_url,
    )


def awaiting_manager(response: CallResponse, managers: Iterable[User], base_url: str = "") -> int:
    call = response.call
    body = _(
        "Bonjour,\n\n%(agent)s souhaite contribuer au projet « %(project)s » (%(call)s, "
        "%(days)s). En tant que responsable, donnez ou refusez votre accord : %(link)s\n"
    ) % {
        "agent": response.agent,
        "project": call.project.title,
        "call": call.title,
        "days": wording.days(call.effort_days),
        "link": response_link(response, base_url),
    }
    return send(
        Kind.APPROVAL_REQUESTED,
        response,
        managers,
        _("Accord demandé : %(call)s") % {"call": call.title},
        body,
        base_url,
    )


def to_call_owner(response: CallResponse, what: str, base_url: str = "") -> int:
    """Tell the author of the call what happened to one of its responses."""
    call = response.call
    body = _("Bonjour,\n\nAppel « %(call)s » (projet « %(project)s ») : %(what)s\n\n%(link)s\n") % {
        "call": call.title,
        "project": call.project.title,
        "what": what,
        "link": response_link(response, base_url),
    }
    return send(Kind.CALL_RESPONSE, response, [call.created_by], what, body, base_url)


def decided(response: CallResponse, base_url: str = "") -> int:
    """Tell the agent their manager's decision."""
    call = response.call
    if response.status == CallResponse.Status.APPROVED:
        what = _("Votre responsable a donné son accord : vous êtes mobilisé sur le projet.")
    else:
        what = _("Votre responsable n'a pas donné son accord.")
    comment = (
        _("\nSon commentaire : %(comment)s\n") % {"comment": response.decision_comment}
        if response.decision_comment
        else ""
    )
    body = _(
        "Bonjour,\n\nAppel « %(call)s » (projet « %(project)s ») : %(what)s\n"
        "%(comment)s\n%(link)s\n"
    ) % {
        "call": call.title,
        "project": call.project.title,
        "what": what,
        "comment": comment,
        "link": response_link(response, base_url),
    }
    return send(
        Kind.CALL_DECISION, response, [agent_recipient(response.agent)], what, body, base_url
    )
