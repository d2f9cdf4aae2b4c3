"""Object rules of the committees, registered in ``core.permissions`` (``governance.*``)."""

from __future__ import annotations

from django.http import HttpRequest

from maillage.core.permissions import Perm, request_has_perm, rule
from maillage.organisation.rules import own_agent_ids

from .models import ActionItem


@rule("governance.update_action")
def can_update_action(request: HttpRequest, action: ActionItem) -> bool:
    """The DRI and administrators update every action item; its owner agent updates its status."""
    if request.authority is None or action.authority_id != request.authority.pk:
        return False
    if request_has_perm(request, Perm.EDIT_COMMITTEES):
        return True
    if not request_has_perm(request, Perm.VIEW_COMMITTEES) or action.owner_agent_id is None:
        return False
    return action.owner_agent_id in own_agent_ids(request)
