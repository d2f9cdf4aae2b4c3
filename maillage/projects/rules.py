"""Object rules of the projects app, registered in ``core.permissions`` (``projects.*``)."""

from __future__ import annotations

from django.http import HttpRequest

from maillage.core.permissions import Perm, request_has_perm, rule
from maillage.organisation.rules import referent_service_ids
from maillage.projects.models import Mobilisation


@rule("projects.edit_mobilisation")
def can_edit_mobilisation(request: HttpRequest, mobilisation: Mobilisation) -> bool:
    """DRI and admin edit every mobilisation; a référent only those of their own services."""
    if request_has_perm(request, Perm.EDIT_PROJECTS):
        return True
    return request_has_perm(
        request, Perm.ANSWER_MOBILISATIONS
    ) and mobilisation.service_id in referent_service_ids(request)
