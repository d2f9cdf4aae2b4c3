"""``manage.py backup --authority SLUG FILE`` then ``manage.py restore --authority FILE``: an
authority leaves a shared instance with all its data, and only its own."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from maillage.core import audit, authority_export
from maillage.core.authority_export import (
    NOT_EXPORTED,
    REFERENCE_MODELS,
    USER_MODELS,
    ExportPlanError,
    export_plan,
    import_authority,
)
from maillage.core.backup import MANIFEST, BackupError
from maillage.core.models import AuditEvent, Authority, Membership, Role, User
from maillage.organisation.models import Service
from maillage.projects.models import AgreementDocument
from maillage.skills.models import SkillCall

from ..factories import AuthorityFactory, member
from ..world import build_world


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def rows_of(authority: Authority) -> dict[str, list[tuple]]:
    """Every exported row of ``authority``, by model, without the keys that an import renumbers:
    plain values, reference data and the usernames behind user links."""
    found = {}
    for scope in export_plan():
        columns = []
        for field in scope.model._meta.concrete_fields:
            if field.primary_key or isinstance(field, models.FileField):
                continue
            if not field.is_relation:
                columns.append(field.attname)
            elif field.related_model is User:
                columns.append(f"{field.name}__username")
            elif field.related_model._meta.label in REFERENCE_MODELS:
                columns.append(field.attname)
        queryset = scope.model._base_manager.filter(**{scope.path: authority})
        # A link table has nothing but renumbered keys: its row count is what can be compared.
        rows = queryset.values_list(*columns) if columns else [()] * queryset.count()
        found[scope.label] = sorted(rows, key=repr)
    return found


def test_export_then_import_into_a_shared_instance_gives_the_same_data(media, tmp_path, db):
    call_command("load_demo", verbosity=0)
    source = Authority.objects.get(slug="bellerive")
    world = build_world(source, marker="Bellerive")
    # The models the demo leaves empty, so that every exported model is checked.
    call = SkillCall.objects.filter(authority=source).first()
    call.services.add(Service.objects.filter(authority=source).first())
    audit.record(authority=source, user=None, action="update", obj=source, changes={"a": 1})
    for label, rows in rows_of(source).items():
        assert rows, f"{label}: no row to export in the test data; add one above"
    other = AuthorityFactory(name="Ville voisine", slug="voisine", siren="219999998")
    build_world(other, marker="Voisine")
    member(other, Role.DRI, username="voisin")
    archive = tmp_path / "bellerive.tar.gz"

    call_command("backup", str(archive), authority="bellerive", verbosity=0)
    before = rows_of(source)
    shape = {
        (s.name, s.parent.name if s.parent else None, s.head.last_name if s.head else None)
        for s in Service.objects.filter(authority=source).select_related("parent", "head")
    }
    memberships = sorted(
        Membership.objects.filter(authority=source).values_list("user__username", "role")
    )
    # The source stays on this instance under another name: primary keys and names clash.
    Authority.objects.filter(pk=source.pk).update(slug="bellerive-ancienne", siren="219999997")
    for user in User.objects.filter(memberships__authority=source).distinct():
        user.username, user.email = f"old-{user.username}", f"old-{user.email}"
        user.save()

    call_command("restore", str(archive), authority=True, verbosity=0)

    imported = Authority.objects.get(slug="bellerive")
    assert imported.pk != source.pk
    assert imported.name == source.name and imported.created_at == source.created_at
    after = rows_of(imported)
    # The import records itself in the new authority's audit trail.
    assert len(after.pop("core.AuditEvent")) == len(before.pop("core.AuditEvent")) + 1
    assert after == before
    assert (
        sorted(Membership.objects.filter(authority=imported).values_list("user__username", "role"))
        == memberships
    )
    assert {
        (s.name, s.parent.name if s.parent else None, s.head.last_name if s.head else None)
        for s in Service.objects.filter(authority=imported).select_related("parent", "head")
    } == shape
    # Every link stays inside the imported authority.
    for scope in export_plan():
        for field in scope.model._meta.concrete_fields:
            target = field.related_model
            if not field.is_relation or target in (Authority, User) or not target:
                continue
            if target._meta.label in REFERENCE_MODELS:
                continue
            path = next(s.path for s in export_plan() if s.model is target)
            linked = scope.model._base_manager.filter(**{scope.path: imported}).exclude(
                **{f"{field.name}__isnull": True}
            )
            assert not linked.exclude(**{f"{field.name}__{path}": imported}).exists(), (
                f"{scope.label}.{field.name} points outside the imported authority"
            )
    users = User.objects.filter(memberships__authority=imported).distinct()
    assert users.count() == len({username for username, _role in memberships})
    assert not any(user.has_usable_password() for user in users)
    document = AgreementDocument.objects.get(
        agreement__authority=imported, title=world["document"].title
    )
    assert document.file.read() == world["document"].file.read()


def test_export_holds_none_of_another_authority(media, tmp_path, db):
    mine = AuthorityFactory(name="Ville exportée", slug="exportee", siren="219999996")
    theirs = AuthorityFactory(name="Ville Zyxqwv", slug="zyxqwv", siren="219999995")
    build_world(mine, marker="Alphaexport")
    build_world(theirs, marker="Zyxqwv")
    member(mine, Role.ADMIN, username="alpha-admin")
    member(theirs, Role.ADMIN, username="zyxqwv-admin", email="zyxqwv@example.fr")
    archive = tmp_path / "exportee.tar.gz"

    authority_export.export_authority(mine, archive)

    with tarfile.open(archive) as tar:
        data = tar.extractfile("data.json").read().decode()
        manifest = json.load(tar.extractfile(MANIFEST))
    assert "Alphaexport" in data and "alpha-admin" in data
    assert "Zyxqwv" not in data and "zyxqwv" not in data and "219999995" not in data
    assert manifest["authority"] == {"slug": "exportee", "name": "Ville exportée"}
    assert "password" not in data


def _rewrite(archive, target, change):
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar}
    change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def test_import_refuses_a_present_slug_a_username_clash_and_another_schema(media, tmp_path, db):
    authority = AuthorityFactory(name="Ville partante", slug="partante", siren="219999994")
    build_world(authority, marker="Partante")
    member(authority, Role.ADMIN, username="partant")
    archive = tmp_path / "partante.tar.gz"
    authority_export.export_authority(authority, archive)
    counts = {model: model._base_manager.count() for model in apps.get_models()}

    with pytest.raises(CommandError, match="« partante » existe déjà"):
        call_command("restore", str(archive), authority=True)

    Authority.objects.filter(pk=authority.pk).update(slug="ailleurs", siren="219999993")
    with pytest.raises(BackupError, match="partant"):
        import_authority(archive)

    def older_schema(members):
        manifest = json.loads(members[MANIFEST])
        manifest["migrations"]["projects"] = manifest["migrations"]["projects"][:1]
        members[MANIFEST] = json.dumps(manifest).encode()

    older = _rewrite(archive, tmp_path / "older.tar.gz", older_schema)
    User.objects.filter(username="partant").update(username="renamed")
    with pytest.raises(BackupError, match="schéma diffère"):
        import_authority(older)

    def flipped(members):
        members["data.json"] = members["data.json"].replace(b"Partante", b"Partanta", 1)

    corrupted = _rewrite(archive, tmp_path / "corrupted.tar.gz", flipped)
    with pytest.raises(BackupError, match="Somme de contrôle incorrecte"):
        import_authority(corrupted)

    after = {model: model._base_manager.count() for model in apps.get_models()}
    assert after == {model: counts[model] for model in after}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_every_model_of_ours_is_exported_or_declared_reference_data():
    ours = {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("maillage.")
    }
    exported = {scope.label for scope in export_plan()}
    assert exported == ours - REFERENCE_MODELS - USER_MODELS - NOT_EXPORTED - {"core.Authority"}
    # Reference data is the same on every instance: it must not belong to an authority.
    for label in REFERENCE_MODELS:
        model = apps.get_model(label)
        assert not any(f.related_model is Authority for f in model._meta.concrete_fields), label


def test_a_model_reaching_no_authority_is_refused(monkeypatch):
    monkeypatch.setattr(authority_export, "REFERENCE_MODELS", REFERENCE_MODELS - {"core.Country"})
    with pytest.raises(ExportPlanError, match="core.Country"):
        export_plan()
