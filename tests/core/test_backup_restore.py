"""``manage.py backup`` then ``manage.py restore``: the same data, or a clear refusal that
writes nothing."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from maillage.core import backup
from maillage.core.models import Authority
from maillage.projects.models import Agreement, AgreementDocument

DOCUMENT = b"%PDF-1.4 convention de jumelage signee\n" * 50


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload_document() -> AgreementDocument:
    agreement = Agreement.objects.filter(authority__slug="bellerive").first()
    return AgreementDocument.objects.create(
        agreement=agreement, title="Convention signée", file=ContentFile(DOCUMENT, "convention.pdf")
    )


def media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): backup.sha256_file(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of ``archive`` (valid gzip and tar) whose members went through ``change``."""
    members = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            members[member.name] = tar.extractfile(member).read()
    change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def change_manifest(**values):
    def change(members):
        manifest = json.loads(members[backup.MANIFEST])
        manifest.update(values)
        members[backup.MANIFEST] = json.dumps(manifest).encode()

    return change


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_the_same_data_and_files(media, restore_target, tmp_path):
    call_command("load_demo", verbosity=0)
    document = upload_document()
    archive = tmp_path / "maillage.tar.gz"

    call_command("backup", str(archive), verbosity=0)
    restored_media = tmp_path / "restored-media"
    report = backup.restore(archive, database=restore_target, media_root=restored_media)

    source = backup.fingerprint(connection.settings_dict)
    restored = backup.fingerprint(restore_target)
    assert restored == source
    assert source["core_authority" if connection.vendor == "sqlite" else "public.core_authority"][0]
    assert report.rows == sum(count for count, _digest in source.values())
    assert media_checksums(restored_media) == media_checksums(media)
    assert (restored_media / document.file.name).read_bytes() == DOCUMENT
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(backup.MANIFEST))
    assert manifest["format"] == backup.FORMAT
    assert manifest["database"]["engine"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["core"]
    assert f"media/{document.file.name}" in manifest["members"]


@pytest.fixture
def archive(transactional_db, media, tmp_path):
    # Transactional: pg_dump and SQLite's backup read committed data only.
    authority = Authority.objects.create(
        name="Ville sauvegardée", slug="sauvegarde", siren="210000001"
    )
    agreement = Agreement.objects.create(authority=authority, kind="twinning", title="Jumelage")
    AgreementDocument.objects.create(
        agreement=agreement, title="Convention", file=ContentFile(DOCUMENT, "convention.pdf")
    )
    path = tmp_path / "maillage.tar.gz"
    backup.backup(path)
    return path


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def flipped(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0xFF
    return bytes(changed)


def without_manifest(members):
    members.pop(backup.MANIFEST)


def altered_database(members):
    name = next(name for name in members if name.startswith("database/"))
    data = bytearray(members[name])
    data[len(data) // 2] ^= 0x01
    members[name] = bytes(data)


def altered_upload(members):
    name = next(name for name in members if name.startswith("media/"))
    members[name] = b"autre contenu"


def newer_migrations(members):
    manifest = json.loads(members[backup.MANIFEST])
    manifest["migrations"]["core"].append("9999_from_the_future")
    members[backup.MANIFEST] = json.dumps(manifest).encode()


def other_engine(members):
    engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    change_manifest(database={"engine": engine, "member": "database/x"})(members)


def escaping_member(members):
    members["media/../../evil.txt"] = b"x"


# (case, how the archive is damaged: bytes -> bytes or a change of its members, message)
DAMAGES = [
    ("truncated", truncated, "tronquée"),
    ("flipped byte", flipped, "corrompue"),
    ("not a tar", lambda data: gzip.compress(b"just text"), "illisible"),
    ("no manifest", without_manifest, "pas de manifeste"),
    ("database altered", altered_database, "Somme de contrôle incorrecte pour database/"),
    ("upload altered", altered_upload, "Somme de contrôle incorrecte pour media/"),
    ("format version", change_manifest(format_version=99), "Version de format d'archive 99"),
    ("other format", change_manifest(format="autre"), "type attendu"),
    ("newer schema", newer_migrations, "core.9999_from_the_future"),
    ("other engine", other_engine, "même moteur"),
    ("path traversal", escaping_member, "chemin interdit"),
]


def test_damaged_or_incompatible_archives_are_refused_and_write_nothing(
    archive, restore_target, tmp_path
):
    restored_media = tmp_path / "restored-media"
    for case, damage, message in DAMAGES:
        path = tmp_path / f"{case}.tar.gz"
        if damage in (truncated, flipped) or case == "not a tar":
            path.write_bytes(damage(archive.read_bytes()))
        else:
            rewrite(archive, path, damage)

        with pytest.raises(backup.BackupError, match=message) as refused:
            backup.restore(path, database=restore_target, media_root=restored_media)

        assert "rien n'a été écrit" in str(refused.value).lower(), case
        assert backup.table_counts(restore_target) == {}, case
        assert not restored_media.exists(), case
        assert not (tmp_path / "evil.txt").exists(), case
    # The command says the same, as a command error.
    with pytest.raises(CommandError, match="tronquée"):
        call_command("restore", str(tmp_path / "truncated.tar.gz"))
    # And the intact archive restores.
    backup.restore(archive, database=restore_target, media_root=restored_media)
    assert [path.read_bytes() for path in restored_media.rglob("*.pdf")] == [DOCUMENT]


def test_restore_refuses_a_database_that_holds_data(archive, restore_target, tmp_path):
    backup.restore(archive, database=restore_target, media_root=tmp_path / "first")
    before = backup.fingerprint(restore_target)

    with pytest.raises(backup.BackupError, match="n'est pas vide"):
        backup.restore(archive, database=restore_target, media_root=tmp_path / "second")

    assert backup.fingerprint(restore_target) == before
    assert not (tmp_path / "second").exists()


def test_backup_refuses_to_run_inside_a_transaction(db, tmp_path):
    with pytest.raises(backup.BackupError, match="transaction"):
        backup.backup(tmp_path / "x.tar.gz")
    assert not (tmp_path / "x.tar.gz").exists()
