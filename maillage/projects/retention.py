"""What the projects app stops keeping about people once their retention period is over."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import scrub_values
from maillage.core.models import AuditEvent
from maillage.projects.models import PartnerContact, SubmittedForm

# A create form is resubmitted within seconds (a double click, a reload); a day is ample.
SUBMITTED_FORM_DAYS = 1


def purge_deleted_contacts(now: datetime.datetime | None = None) -> int:
    """Erase the recorded values (name, e-mail, phone, position) of partner contacts deleted
    longer ago than AUDIT_PERSONAL_DATA_RETENTION_DAYS from every event about them."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS)
    label = PartnerContact._meta.label
    deleted = AuditEvent.objects.filter(
        object_type=label, action=AuditEvent.Action.DELETE, at__lte=cutoff
    ).values("object_id")
    return scrub_values(AuditEvent.objects.filter(object_type=label, object_id__in=deleted))


def purge_submitted_forms(now: datetime.datetime | None = None) -> int:
    """Forget the tokens of create forms saved more than a day ago (and who saved them)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=SUBMITTED_FORM_DAYS)
    return SubmittedForm.objects.filter(created_at__lt=cutoff).delete()[0]


def on_purge(sender, *, now: datetime.datetime, **kwargs) -> list[tuple[str, int]]:
    return [
        (_("Événements du journal purgés (contacts supprimés)"), purge_deleted_contacts(now)),
        (_("Formulaires de création oubliés"), purge_submitted_forms(now)),
    ]
