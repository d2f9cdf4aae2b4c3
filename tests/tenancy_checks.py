"""Generic checks that one authority's writes never reach another authority's rows.

Every model of the project is owned by an authority, directly or through its foreign keys:
:func:`authority_paths` finds that path once per model, :func:`snapshot` fingerprints one
authority's rows, and :func:`cross_links` lists the rows that point at an object of another
authority than their own. The form tests of ``tests/test_tenancy_forms.py`` use them.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.apps import apps
from django.db import models

from maillage.core.models import Authority, User

PROJECT_APPS = "maillage."


def project_models() -> list[type[models.Model]]:
    """Every model of the project, the tables behind many-to-many fields included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith(PROJECT_APPS)
        or (model._meta.auto_created and model._meta.auto_created.__module__.startswith("maillage"))
    ]


@cache
def authority_paths() -> dict[type[models.Model], str]:
    """For each model owned by an authority, the shortest lookup to it (``project__authority``).

    Users are left out: a user belongs to authorities through memberships, not one owner.
    """
    paths: dict[type[models.Model], str] = {Authority: "pk"}
    pending = [m for m in project_models() if m is not Authority]
    # Breadth first: a model's path is one forward foreign key plus the path of its target.
    while True:
        found = {}
        for model in pending:
            # A required key first: a row always has an owner through it.
            for field in sorted(model._meta.fields, key=lambda f: (f.null, f.name != "authority")):
                target = field.related_model if field.many_to_one or field.one_to_one else None
                if target is None or target is User or target not in paths:
                    continue
                rest = paths[target]
                found[model] = field.name if rest == "pk" else f"{field.name}__{rest}"
                break
        if not found:
            break
        paths.update(found)
        pending = [m for m in pending if m not in found]
    return paths


def owned_by(model: type[models.Model], authority: Authority) -> models.QuerySet:
    path = authority_paths()[model]
    return model._default_manager.filter(**{path: authority.pk})


def snapshot(authority: Authority) -> dict[str, str]:
    """A fingerprint of every row of ``authority``, per model: any change, addition or removal
    (a row moved to another authority included) changes it."""
    prints = {}
    for model, path in authority_paths().items():
        rows = model._default_manager.filter(**{path: authority.pk}).order_by("pk").values()
        digest = hashlib.sha256(repr([sorted(row.items()) for row in rows]).encode())
        prints[model._meta.label] = digest.hexdigest()
    return prints


def changed_models(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def cross_links() -> list[str]:
    """Rows whose foreign key points at an object of another authority than the row's own."""
    paths = authority_paths()
    found = []
    for model, path in paths.items():
        if model is Authority:
            continue
        for field in model._meta.fields:
            target = field.related_model
            if target is None or target not in paths or not (field.many_to_one or field.one_to_one):
                continue
            target_path = paths[target]
            lookup = field.name if target_path == "pk" else f"{field.name}__{target_path}"
            if lookup == path:
                continue  # the field that defines the owner
            rows = (
                model._default_manager.exclude(**{f"{field.name}__isnull": True})
                .exclude(**{path: models.F(lookup)})
                .values_list("pk", flat=True)[:5]
            )
            found += [f"{model._meta.label} #{pk}: {field.name}" for pk in rows]
    return found
