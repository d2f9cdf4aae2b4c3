"""Any query string on any page answers below 500 and writes nothing.

For every GET URL of the catalogue, random values (text, huge and negative numbers, NUL
bytes, line breaks, unicode, empty strings) are sent in every parameter a list filter reads,
and in a few it does not.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from maillage.core.filters import FilterForm, ListFilterSet
from maillage.core.models import AuditEvent, Role

from .urls_catalog import CATALOG
from .world import build_world

FILTER_MODULES = [
    f"{app.name}.filters"
    for app in apps.get_app_configs()
    if app.name.startswith("maillage.") and importlib.util.find_spec(f"{app.name}.filters")
]
# Read beside the filters (pagination, create forms' prefill, redirects), or by no page at all.
OTHER_NAMES = [
    *("page", "format", "partenaire", "profil", "regles", "territoire", "modele"),
    *("next", "retour", "sens", "projet", "pays", "xyz", "annee[]"),
]
# Tables a page must never write to, whatever its address says.
WATCHED = [
    AuditEvent,
    "projects.Project",
    "projects.Partner",
    "projects.Agreement",
    "projects.Mission",
    "projects.Mobilisation",
    "skills.SkillCall",
    "skills.CallResponse",
    "skills.Profile",
    "governance.Decision",
    "governance.ActionItem",
    "organisation.Service",
    "organisation.Agent",
]


def subclasses(base: type) -> list[type]:
    for module in FILTER_MODULES:
        importlib.import_module(module)
    found, todo = [], list(base.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def parameter_names() -> list[str]:
    names = {name for form in subclasses(FilterForm) for name in form.base_fields}
    names |= {name for filterset in subclasses(ListFilterSet) for name in filterset.base_filters}
    return sorted(names) + OTHER_NAMES


# Sent in every parameter at once, before the random examples: the inputs known to break pages.
NASTY = ["", "\x00", "-1", "9" * 23, "\r\nX: y", "²"]
VALUES = st.one_of(
    st.sampled_from([*NASTY, "a\x00b", "0", "1e400", "-" + "9" * 23, "1", "clos"]),
    st.sampled_from(["csv", "tout", "actif", "ouvertes", "retard", "fr", "SN", "nom", "-nom"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5),
)

GET_URLS = [entry for entry in CATALOG if entry.method == "get"]
NAMES = parameter_names()


def _counts() -> dict[str, int]:
    models = [m if not isinstance(m, str) else apps.get_model(m) for m in WATCHED]
    return {model._meta.label: model.objects.count() for model in models}


def _read(response) -> None:
    # A streamed file (CSV, XML) runs its queries while it is read.
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture
def world(authority):
    return build_world(authority, "Fuzz")


def test_every_list_filter_is_fuzzed():
    for expected in ("annee", "service", "comite", "q", "statut", "pays", "langue", "tri"):
        assert expected in NAMES


def _fetcher(client, url: str):
    @settings(
        max_examples=10,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(NAMES), VALUES, min_size=1, max_size=3))
    def fetch(params: dict[str, str]) -> None:
        response = client.get(url, params)
        _read(response)
        assert response.status_code < 500, (url, params)

    for value in NASTY:
        fetch = example(dict.fromkeys(NAMES, value))(fetch)
    return fetch


# The URLs in a few shards, so that the workers share them; each shard builds one world, as
# building it per URL would take most of the time.
SHARDS = 4


@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_query_string_breaks_a_page(shard, world, users, client_for):
    client = client_for(users[Role.ADMIN])
    before = _counts()
    failures = []
    for entry in GET_URLS[shard::SHARDS]:
        kwargs = {k: world[v].pk for k, v in entry.objects.items()} | entry.kwargs
        url = reverse(entry.name, kwargs=kwargs)
        try:
            _fetcher(client, url)()
        except Exception as error:  # noqa: BLE001 - every page is tried, then all are reported
            failures.append(f"{entry.name}: {type(error).__name__}: {error}"[:2000])
    assert not failures, "\n\n".join(failures)
    assert _counts() == before
