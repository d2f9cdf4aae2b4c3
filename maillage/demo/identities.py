"""The demo authorities' faces: Bellerive in its teal with its logo, and a second authority,
the Val d'Orne agglomeration, in its green with its own logo.

The second authority has its own account (``val-d-orne``, the demo password), so one
instance shows each authority its own name, logo and colour. It holds a few services and one
project: enough to look like itself, not a second story. Identities are seed data, written
directly (the identity service would record them in the audit trail as someone's change).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.core.logos import check_logo
from maillage.core.models import Authority, Membership, Role, User
from maillage.organisation.models import Service
from maillage.projects.models import Project

from .data import PASSWORD
from .sync import Result, upsert_one

LOGOS = Path(__file__).resolve().parent / "logos"

IDENTITIES = {
    # siren: (short name, colour, logo file)
    "219900008": ("Bellerive", "#0b5563", "bellerive.svg"),
    "249900002": ("Val d'Orne", "#2e6b30", "val-d-orne.svg"),
}

SECOND_AUTHORITY = {
    "name": "Communauté d'agglomération du Val d'Orne",
    "slug": "val-d-orne",
    "kind": Authority.Kind.EPCI,
    # Fictional; the check digit follows the Luhn rule like a real SIREN.
    "siren": "249900002",
    "iati_identifier": "",
    "publishes": False,
}
SECOND_SERVICES = (
    ("VO-DG", "Direction générale des services", Service.Kind.DIRECTORATE, None),
    ("VO-ECO", "Développement économique et attractivité", Service.Kind.SERVICE, "VO-DG"),
    ("VO-MOB", "Mobilités et transports", Service.Kind.SERVICE, "VO-DG"),
)
SECOND_PROJECT = {
    "title": "Transports urbains : échange entre le Val d'Orne et Oran",
    "summary": (
        "Les techniciens des mobilités de l'agglomération et de la wilaya d'Oran comparent "
        "leurs réseaux de bus et préparent une visite d'étude."
    ),
    "kind": Project.Kind.INSTITUTIONAL,
    "status": Project.Status.PREPARATION,
    "start_date": datetime.date(2026, 9, 1),
    "end_date": datetime.date(2027, 12, 31),
}
ENTERED = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
SECOND_ACCOUNT = {
    "username": "val-d-orne",
    "first_name": "Léa",
    "last_name": "Marchand",
    "email": "lea.marchand@val-d-orne.example.fr",
}


def load_identities(bellerive: Authority, result: Result) -> Authority:
    """Bellerive's identity, then the second authority with its own (idempotent)."""
    second, created = upsert_one(Authority, {"siren": SECOND_AUTHORITY["siren"]}, SECOND_AUTHORITY)
    result.count("authority").created += created
    for authority in (bellerive, second):
        _set_identity(authority, result)
    services: dict[str, Service] = {}
    for hr_id, name, kind, parent in SECOND_SERVICES:
        services[hr_id], created = upsert_one(
            Service,
            {"authority": second, "hr_id": hr_id},
            {"name": name, "kind": kind, "parent": services.get(parent) if parent else None},
        )
        result.count("services").created += created
    project, created = upsert_one(
        Project,
        {"authority": second, "title": SECOND_PROJECT["title"]},
        {**SECOND_PROJECT, "lead_service": services["VO-MOB"]},
    )
    # A fixed moment, as for every demo row: never the time of the run.
    Project.objects.filter(pk=project.pk).update(created_at=ENTERED, updated_at=ENTERED)
    result.count("projects").created += created
    user, created = User.objects.get_or_create(
        username=SECOND_ACCOUNT["username"], defaults=SECOND_ACCOUNT
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    result.count("users").created += created
    Membership.objects.get_or_create(user=user, authority=second, role=Role.DRI)
    return second


def _set_identity(authority: Authority, result: Result) -> None:
    short_name, colour, filename = IDENTITIES[authority.siren]
    content = (LOGOS / filename).read_bytes()
    current = b""
    if authority.logo:
        with authority.logo.open("rb") as handle:
            current = handle.read()
    if (authority.short_name, authority.primary_colour, current) == (short_name, colour, content):
        return
    logo = check_logo(SimpleUploadedFile(filename, content, content_type="image/svg+xml"))
    if authority.logo:
        authority.logo.delete(save=False)
    authority.logo.save(logo.filename, ContentFile(logo.content), save=False)
    authority.short_name, authority.primary_colour = short_name, colour
    authority.theme_version += 1  # the theme's and the logo's addresses change with it
    authority.save(update_fields=["short_name", "primary_colour", "logo", "theme_version"])
    result.count("identities").updated += 1
