"""`purge_personal_data`: the audit trail forgets departed people after the retention period,
and HR files checked but never confirmed are deleted after one hour."""

from __future__ import annotations

import datetime
import json
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.core.audit import ERASED, record
from maillage.core.models import AuditEvent
from maillage.projects.partners.services import ContactChanges, save_contacts
from tests.factories import AgentFactory, PartnerFactory, ReferentFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def everything() -> str:
    return " ".join(
        f"{e.object_repr} {json.dumps(e.changes, ensure_ascii=False)}"
        for e in AuditEvent.objects.all()
    )


def age(events, days: int) -> None:
    events.update(at=timezone.now() - datetime.timedelta(days=days))


def purge() -> str:
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    return out.getvalue()


def test_deleted_partner_contacts_are_forgotten_after_the_retention_period(authority):
    partner = PartnerFactory(authority=authority)
    new = {"name": "Awa Ndiaye", "email": "awa@thies.sn", "phone": "+221 77", "position": "DG"}
    save_contacts(partner, by=None, changes=ContactChanges(added=[new]))
    contact = partner.contacts.get()
    save_contacts(partner, by=None, changes=ContactChanges(deleted=[contact.pk]))
    kept = {"name": "Moussa Diop", "email": "moussa@thies.sn"}
    save_contacts(partner, by=None, changes=ContactChanges(added=[kept]))

    events = AuditEvent.objects.filter(object_type="projects.PartnerContact")
    age(events.filter(object_id=str(contact.pk), action="delete"), 364)
    purge()
    assert "Awa Ndiaye" in everything()  # not yet

    age(events.filter(object_id=str(contact.pk)), 366)
    purge()
    text = everything()
    for personal in ("Awa Ndiaye", "awa@thies.sn", "+221 77"):
        assert personal not in text
    gone = events.filter(object_id=str(contact.pk))
    assert {e.object_repr for e in gone} == {ERASED}
    created = gone.get(action="create")
    assert set(created.changes) == {"name", "email", "phone", "position"}  # which fields stay
    assert "Moussa Diop" in text and "moussa@thies.sn" in text  # a current contact is kept


def test_departed_agents_names_and_emails_leave_the_trail(authority, settings):
    settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS = 30
    service = ServiceFactory(authority=authority)
    gone = AgentFactory(
        service=service, first_name="Jeanne", last_name="Valjean", email="jeanne.v@ville.fr"
    )
    stays = AgentFactory(service=service, first_name="Paul", last_name="Durand")
    record(
        authority=authority,
        user=None,
        action="update",
        obj=gone,
        changes={"email": ["", "jeanne.v@ville.fr"], "last_name": ["V", "Valjean"]},
    )
    record(authority=authority, user=None, action="create", obj=ReferentFactory(agent=gone))
    record(authority=authority, user=None, action="update", obj=stays, changes={"job_title": []})
    gone.active = False
    gone.save()

    purge()
    assert "Jeanne Valjean" in everything()  # deactivated today: kept
    type(gone).objects.filter(pk=gone.pk).update(
        deactivated_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert "Événements du journal purgés (agents partis): 2" in purge()
    text = everything()
    for personal in ("Jeanne Valjean", "jeanne.v@ville.fr", "Valjean"):
        assert personal not in text
    assert "Paul Durand" in text
    own = AuditEvent.objects.get(object_type="organisation.Agent", object_id=str(gone.pk))
    assert own.changes == {"email": ["", ERASED], "last_name": [ERASED, ERASED]}
    # Done once: the next run finds nothing more to change.
    assert "Événements du journal purgés (agents partis): 0" in purge()


def test_unconfirmed_hr_files_are_deleted_after_one_hour(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "hr-imports"
    folder.mkdir()
    old, recent = folder / "old.csv", folder / "recent.csv"
    old.write_text("type;matricule\n")
    recent.write_text("type;matricule\n")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))

    assert "Fichiers RH non confirmés supprimés: 1" in purge()
    assert sorted(p.name for p in folder.iterdir()) == ["recent.csv"]


def test_old_login_records_and_create_form_tokens_are_forgotten(authority, settings):
    from axes.models import AccessAttempt, AccessLog

    from maillage.projects.models import SubmittedForm

    settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS = 30
    common = {"user_agent": "Firefox", "http_accept": "*/*", "path_info": "/connexion/"}
    old_log = AccessLog.objects.create(username="ancien", ip_address="192.0.2.1", **common)
    new_log = AccessLog.objects.create(username="recent", ip_address="192.0.2.2", **common)
    AccessAttempt.objects.create(
        username="ancien",
        ip_address="192.0.2.1",
        get_data="",
        post_data="",
        failures_since_start=3,
        **common,
    )
    AccessLog.objects.filter(pk=old_log.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=31)
    )
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=31))
    import uuid

    old_form = SubmittedForm.objects.create(authority=authority, token=uuid.uuid4(), url="/a/")
    new_form = SubmittedForm.objects.create(authority=authority, token=uuid.uuid4(), url="/b/")
    SubmittedForm.objects.filter(pk=old_form.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    output = purge()

    assert "login records: 2" in output
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new_log.pk]
    assert not AccessAttempt.objects.exists()
    assert list(SubmittedForm.objects.values_list("pk", flat=True)) == [new_form.pk]


def test_departed_agents_civility_leaves_the_trail_with_their_name(authority, settings):
    settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS = 30
    service = ServiceFactory(authority=authority)
    gone = AgentFactory(service=service, civility="mme", first_name="Jeanne", last_name="Valjean")
    record(
        authority=authority,
        user=None,
        action="update",
        obj=gone,
        changes={"civility": ["", "mme"]},
    )
    record(
        authority=authority,
        user=None,
        action="create",
        obj=ReferentFactory(agent=gone),
        changes={"note": ["", "Mme Valjean remplace Madame Jeanne Valjean"]},
    )
    gone.active = False
    gone.save()
    type(gone).objects.filter(pk=gone.pk).update(
        deactivated_at=timezone.now() - datetime.timedelta(days=31)
    )

    purge()

    own = AuditEvent.objects.get(object_type="organisation.Agent", object_id=str(gone.pk))
    assert own.changes == {"civility": ["", ERASED]}
    text = everything()
    for personal in ("Mme", "Madame", "Valjean"):
        assert personal not in text
