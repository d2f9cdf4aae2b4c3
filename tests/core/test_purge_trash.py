"""The daily purge removes expired trash entries and their files for good."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from maillage.core import trash
from maillage.core.models import AuditEvent, TrashEntry
from maillage.projects.models import AgreementDocument
from maillage.projects.partners import services as partners

from ..factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry_with_file(authority):
    agreement = AgreementFactory(authority=authority, title="Jumelage")
    name = default_storage.save("agreements/purge/signed.pdf", ContentFile(b"%PDF signed"))
    AgreementDocument.objects.create(agreement=agreement, title="Signée", file=name)
    entry = partners.delete_agreement(agreement, by=None)
    yield entry, name
    if default_storage.exists(name):
        default_storage.delete(name)


def test_retention_period_comes_from_the_setting(entry_with_file, settings, authority):
    entry, _name = entry_with_file
    assert (entry.purge_after - entry.deleted_at).days == 30
    settings.TRASH_RETENTION_DAYS = 7
    other = partners.delete_agreement(AgreementFactory(authority=authority), by=None)
    assert (other.purge_after - other.deleted_at).days == 7


def test_nothing_is_purged_before_the_date(entry_with_file, django_capture_on_commit_callbacks):
    entry, name = entry_with_file
    with django_capture_on_commit_callbacks(execute=True):
        assert trash.purge_expired(entry.purge_after - datetime.timedelta(seconds=1)) == 0
    assert TrashEntry.objects.filter(pk=entry.pk).exists()
    assert default_storage.exists(name)


def test_command_purges_expired_entries_and_their_files(
    entry_with_file, django_capture_on_commit_callbacks
):
    entry, name = entry_with_file
    TrashEntry.objects.filter(pk=entry.pk).update(purge_after=timezone.now())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_trash", stdout=out)
    assert "1 trash entries purged" in out.getvalue()
    assert not TrashEntry.objects.filter(pk=entry.pk).exists()
    assert not default_storage.exists(name)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PURGE)
    assert (event.object_type, event.object_id, event.object_repr) == (
        "projects.Agreement",
        entry.object_id,
        "Jumelage",
    )
    # The deletion's event still holds the full snapshot after the purge.
    deletion = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, object_id=entry.object_id)
    assert deletion.changes["snapshot"]["rows"][0]["fields"]["title"] == "Jumelage"
    # Idempotent.
    out = StringIO()
    call_command("purge_trash", stdout=out)
    assert "0 trash entries purged" in out.getvalue()


def test_purged_entry_cannot_be_restored(entry_with_file):
    entry, _name = entry_with_file
    TrashEntry.objects.filter(pk=entry.pk).update(purge_after=timezone.now())
    trash.purge_expired()
    with pytest.raises(trash.RestoreError):
        trash.restore(entry, by=None)
