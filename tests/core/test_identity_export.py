"""An authority's logo leaves with its export and comes back with the import."""

from __future__ import annotations

from django.core.files.base import ContentFile

from maillage.core.authority_export import export_authority, import_authority
from maillage.core.models import Authority

from ..factories import AuthorityFactory, png_bytes


def test_the_logo_and_colours_travel_with_the_authority(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = AuthorityFactory(
        name="Ville au logo", slug="logo", siren="219999990", short_name="Logo"
    )
    source.primary_colour = "#6b1d5c"
    source.theme_version = 7
    source.logo.save("logo.png", ContentFile(png_bytes(5, 5)), save=True)
    archive = tmp_path / "logo.tar.gz"

    report = export_authority(source, archive)
    assert report.media == 1
    Authority.objects.filter(pk=source.pk).update(slug="logo-ancien", siren="219999991")
    imported = import_authority(archive).authority

    imported = Authority.objects.get(pk=imported.pk)
    assert imported.pk != source.pk
    assert (imported.short_name, imported.primary_colour, imported.theme_version) == (
        "Logo",
        "#6b1d5c",
        7,
    )
    assert imported.logo.read() == png_bytes(5, 5)


def test_an_authority_without_logo_exports(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = AuthorityFactory(slug="sans-logo", siren="219999992")
    report = export_authority(source, tmp_path / "sans.tar.gz")
    assert report.media == 0
