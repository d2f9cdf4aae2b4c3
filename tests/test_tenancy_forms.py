"""Every form, posted with another authority's ids in its choice and id fields, changes nothing.

For each page of the catalogue (and each add and change page of the Django admin), the form is
read from the page as a browser would, filled with authority A's values, then posted once per
choice or id field with the id of authority B's object of the same model in that field. Nothing
of B may change, no row may end up pointing at another authority's object, and the answer is
never a server error nor shows B's data. A new form is covered without listing it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.forms.formsets import BaseFormSet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Authority, Role, User
from maillage.core.services import composing

from .tenancy_checks import authority_paths, changed_models, cross_links, owned_by, snapshot
from .urls_catalog import CATALOG
from .world import build_world

MARKER_A = "Zyxqwv"
MARKER_B = "Vwqxyz"  # authority B's names: never on a page of A
ROLE_ORDER = [Role.ADMIN, Role.DRI, Role.REFERENT, Role.DIRECTION, Role.ELECTED, Role.AGENT]
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
BUTTONS = {"submit", "button", "image", "reset"}


def acting_role(entry) -> str | None:
    """The strongest role allowed on the URL: it sees the most fields."""
    return next((role for role in ROLE_ORDER if role in entry.allowed), None)


# A few fields of each kind the test must find by itself (model choice, plain choice of ids,
# formset row id, admin raw id): if reading the forms breaks, these fail rather than pass empty.
EXPECTED_FIELDS = {
    "project_edit": {"lead_service", "carriers_lead", "carriers_co", "partners_funding"},
    "mobilisation_propose": {"service"},
    "commitment_create": {"partner", "budget_line"},
    "worked_days_create": {"agent"},
    "partner_update": {"contacts-0-id"},
    "mission_meeting_update": {"company"},
    "mission_programme_update": {"service"},
    "mission_company_create": {"company"},
    "action_edit": {"owner_agent", "decision", "project"},
    "skills.SkillCall": {"project", "services", "tags"},
    "organisation.Referent": {"agent", "service"},
}

# Forms the test cannot fill validly by itself; their id fields are still posted one by one.
INVALID_AS_SHOWN = {
    "member_add": "one of an agent, an elected official or a name: none is chosen",
    "company_create": "the SIREN must be 9 digits with a right Luhn key",
    "mission_company_create": "a company or a SIREN: none is chosen (the world's is on it)",
    "hr_import": "the file must be an HR export",
    # Its dry-run form (a project per row) is tested with another authority's project in
    # tests/projects/test_payments_import.py.
    "payments_import": "the file must be a finance software export",
    "authority_identity": "the logo must be a PNG or SVG file",
    "news_create": "the image must be a PNG or JPEG file",
    "news_edit": "the image must be a PNG or JPEG file",
    "referent_designate": "the world's only agent is already the service's holder",
    "referent_replace": "the world's only agent is the référent being replaced",
    "watch_item_share": "the world's committee has no meeting to come",
}
AS_SHOWN = "(as shown)"

FORM_ENTRIES = [e for e in CATALOG if e.tenant_scoped and acting_role(e)]


@pytest.fixture
def worlds(authority, other_authority):
    return build_world(authority, MARKER_A), build_world(other_authority, MARKER_B)


def world_models(worlds) -> list[type[models.Model]]:
    """The models of the test world, whose ids a plain choice field may offer."""
    return sorted({type(obj) for obj in worlds[0].values()}, key=lambda m: m._meta.label)


@pytest.mark.django_db
def test_worlds_start_apart(worlds, authority, other_authority):
    """The checks below start from two worlds that share nothing."""
    assert not cross_links()
    for obj in worlds[1].values():
        assert owned_by(type(obj), other_authority).filter(pk=obj.pk).exists(), obj


# --- Reading a page's forms as a browser would ----------------------------------------------


@dataclass
class PageForm:
    action: str
    data: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    # Names of the controls a user chooses among (select, radio, checkbox) and hidden inputs.
    choice_names: set[str] = field(default_factory=set)
    options: dict[str, list[str]] = field(default_factory=dict)


def _filler(control) -> str:
    kind = (control.get("type") or "text").lower()
    today = datetime.date.today()
    css = control.get("class") or ""
    if kind == "date" or "vDateField" in css:  # the admin's date inputs are text
        return today.isoformat()
    if "vTimeField" in css:
        return "10:00"
    if kind == "date":
        return today.isoformat()
    if kind == "datetime-local":
        return f"{today.isoformat()}T00:00"
    if kind == "number":
        low = control.get("min")
        value = max(float(low), 1.0) if low else 1.0
        high = control.get("max")
        value = min(value, float(high)) if high else value
        return str(int(value)) if value == int(value) else str(value)
    if kind == "email":
        return "essai@example.org"
    if kind == "url":
        return "https://example.org/"
    if kind == "tel":
        return "0102030405"
    return "Essai"[: int(control.get("maxlength") or 5)]


def page_forms(html: str, url: str) -> list[PageForm]:
    """The POST forms of the page that post to ``url`` itself, filled with valid values: what
    the page shows, and a value in every required field left empty."""
    if not html.strip():
        return []
    found = []
    for form in lxml.html.fromstring(html).forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(url, form.get("action") or url)
        if urlsplit(action).path != urlsplit(url).path:
            continue
        page_form = PageForm(action=action)
        data = page_form.data
        for control in form.inputs:
            name = control.get("name")
            if not name or control.get("disabled") is not None:
                continue
            required = control.get("required") is not None
            if control.tag == "select":
                values = [o.get("value", o.text_content()) for o in control.iter("option")]
                page_form.choice_names.add(name)
                page_form.options.setdefault(name, []).extend(v for v in values if v)
                chosen = [
                    o.get("value", o.text_content())
                    for o in control.iter("option")
                    if o.get("selected") is not None
                ]
                if not chosen and control.get("multiple") is None and values:
                    chosen = [values[0]]
                if not any(chosen) and required and any(values):
                    chosen = [next(v for v in values if v)]
                data.setdefault(name, []).extend(v for v in chosen if v or len(chosen) == 1)
            elif control.tag == "textarea":
                text = control.text_content().strip("\r\n")
                data.setdefault(name, []).append(text or ("Essai" if required else ""))
            else:
                kind = (control.get("type") or "text").lower()
                value = control.get("value", "")
                if kind in BUTTONS:
                    continue
                if kind in {"radio", "checkbox"}:
                    page_form.choice_names.add(name)
                    page_form.options.setdefault(name, []).append(value or "on")
                    if control.get("checked") is not None:
                        data.setdefault(name, []).append(value or "on")
                    elif kind == "radio" and required and name not in data:
                        data[name] = [value]
                    continue
                if kind == "file":
                    page_form.files[name] = "essai.pdf"
                    continue
                if kind == "hidden":
                    page_form.choice_names.add(name)
                    page_form.options.setdefault(name, []).append(value)
                elif not value and required:
                    value = _filler(control)
                data.setdefault(name, []).append(value)
        # The first named submit button, as a click on it sends it.
        for control in form.xpath(".//button[@name] | .//input[@type='submit'][@name]"):
            if (control.get("type") or "submit").lower() == "submit":
                data.setdefault(control.get("name"), [control.get("value", "")])
                break
        found.append(page_form)
    return found


def _forms_in(value) -> Iterator[forms.BaseForm]:
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif isinstance(getattr(value, "form", None), forms.BaseForm):  # the admin's AdminForm
        yield value.form
    elif isinstance(getattr(value, "formset", None), BaseFormSet):  # the admin's inlines
        yield from value.formset.forms
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, forms.BaseForm | BaseFormSet) or hasattr(item, "formset"):
                yield from _forms_in(item)


def form_errors(response) -> list[dict]:
    """The errors of the forms a page shows again."""
    errors = []
    for context in response.context or []:
        for value in context.flatten().values():
            errors += [dict(f.errors) for f in _forms_in(value) if f.is_bound and f.errors]
    return [e for i, e in enumerate(errors) if e not in errors[:i]]


def django_fields(response) -> dict[str, forms.Field]:
    """The Django form fields behind the page's controls, by HTML name."""
    fields: dict[str, forms.Field] = {}
    if response.context is None:
        return fields
    for context in response.context:
        for value in context.flatten().values():
            for form in _forms_in(value):
                for name, form_field in form.fields.items():
                    fields.setdefault(form.add_prefix(name), form_field)
    return fields


def complete(page_form: PageForm, fields: dict[str, forms.Field], authority: Authority) -> None:
    """Model choices shown as text (the admin's raw ids) or filled by script (autocomplete) are
    choices too; a required one left empty gets one of A's objects."""
    for name, form_field in fields.items():
        offered = [v for v in page_form.options.get(name, []) if v]
        if form_field.required and offered and not any(page_form.data.get(name, [])):
            page_form.data[name] = offered[:1]  # a required group of checkboxes, say
        if name not in page_form.data or not isinstance(form_field, forms.ModelChoiceField):
            continue
        model = form_field.queryset.model
        if model is not User and model not in authority_paths():
            continue  # reference data, chosen by code
        page_form.choice_names.add(name)
        values = [v for v in page_form.data[name] if v.isdigit()]
        if not values and form_field.required:
            if model is User:
                mine = form_field.queryset.filter(memberships__authority=authority)
            else:
                mine = form_field.queryset.filter(pk__in=owned_by(model, authority).values("pk"))
            values = [str(mine.order_by("pk").values_list("pk", flat=True).first())]
        page_form.data[name] = values


# --- Which foreign id goes in which field ---------------------------------------------------


def foreign_ids(
    name: str, page_form: PageForm, fields: dict[str, forms.Field], authorities, kinds
) -> list[str]:
    """B's id that could stand in the field: B's object of the field's model for a model
    choice; for a plain choice or a hidden input, when every id it offers is one of A's objects
    of a same model, B's object of that model."""
    mine, other = authorities
    form_field = fields.get(name)
    if isinstance(form_field, forms.ModelChoiceField):
        model = form_field.queryset.model
    elif form_field is None or type(form_field) in {forms.ChoiceField, forms.TypedChoiceField}:
        model = _model_of_ids(set(page_form.options.get(name, [])) - {""}, mine, kinds)
    else:
        return []  # a number, a date, a version: not an id
    if model is None or model not in authority_paths():
        return []  # not an id, or reference data shared by every authority
    target = owned_by(model, other).order_by("pk").first()
    assert target is not None, f"Add a {model.__name__} to tests/world.py for {name}"
    return [str(target.pk)]


def _model_of_ids(values: set[str], authority: Authority, kinds) -> type[models.Model] | None:
    if not values or not all(v.isdigit() for v in values):
        return None
    ids = {int(v) for v in values}
    for model in kinds:
        if len(
            set(owned_by(model, authority).filter(pk__in=ids).values_list("pk", flat=True))
        ) == len(ids):
            return model
    return None


def _post(client, page_form: PageForm, data: dict[str, list[str]]):
    payload: dict[str, object] = dict(data)
    for name, filename in page_form.files.items():
        payload[name] = SimpleUploadedFile(filename, b"%PDF-1.4 essai", "application/pdf")
    return client.post(page_form.action, payload)


def _text(response) -> str:
    if response.streaming:
        return ""
    return response.content.decode(errors="replace")


def _writes(queries) -> bool:
    return any(q["sql"].lstrip().upper().startswith(WRITES) for q in queries)


def assert_posts_leave_other_authority_alone(client, url, authorities, kinds, label) -> set[str]:
    """Post every form of ``url`` once as shown, then once per choice or id field with B's id
    in it; each post is rolled back. Returns the names of the fields given a foreign id."""
    page = client.get(url)
    assert page.status_code == 200, f"{label}: GET {url} answered {page.status_code}"
    assert MARKER_B not in _text(page), f"{label}: {url} shows another authority's data"
    fields = django_fields(page)
    mine, other = authorities
    posted = set()
    before = None  # B's rows, read once when first needed
    for page_form in page_forms(_text(page), url):
        complete(page_form, fields, mine)
        attempts = [(AS_SHOWN, page_form.data)]
        for name in sorted(page_form.choice_names):
            for foreign in foreign_ids(name, page_form, fields, authorities, kinds):
                attempts.append((f"{name}={foreign}", {**page_form.data, name: [foreign]}))
        for what, data in attempts:
            if data is not page_form.data:
                posted.add(what.split("=")[0])
            context = f"{label}: POST {page_form.action} with {what}"
            after = links = None
            # The view's write services join this block, which is then rolled back.
            with composing():
                with CaptureQueriesContext(connection) as queries:
                    response = _post(client, page_form, data)
                # A post that wrote nothing changed nothing: the row checks are for the others.
                if _writes(queries.captured_queries):
                    after, links = snapshot(other), cross_links()
                transaction.set_rollback(True)
            assert response.status_code < 500, f"{context}: {response.status_code}"
            assert MARKER_B not in _text(response), f"{context} showed B's data"
            if what == AS_SHOWN and label not in INVALID_AS_SHOWN:
                # Else a foreign id could hide behind another field's error.
                assert not form_errors(response), f"{context}: {form_errors(response)}"
            if after is not None:
                before = before or snapshot(other)  # rolled back: the state before the post
                changed = changed_models(before, after)
                assert not changed, f"{context} changed the other authority's {changed}"
                assert not links, f"{context} linked across authorities: {links}"
    return posted


# --- Application pages ----------------------------------------------------------------------


def url_for(entry, world) -> str:
    kwargs = {k: world[v].pk for k, v in entry.objects.items()}
    return reverse(entry.name, kwargs={**kwargs, **entry.kwargs})


@pytest.mark.django_db
@pytest.mark.parametrize("entry", FORM_ENTRIES, ids=lambda e: e.name)
def test_form_refuses_other_authority_ids(
    entry, worlds, authority, other_authority, users, client_for
):
    client = client_for(users[acting_role(entry)])
    posted = assert_posts_leave_other_authority_alone(
        client,
        url_for(entry, worlds[0]),
        (authority, other_authority),
        world_models(worlds),
        entry.name,
    )
    assert EXPECTED_FIELDS.get(entry.name, set()) <= posted, "an id field was not found"


MIXED = [e for e in FORM_ENTRIES if len(e.objects) > 1]


@pytest.mark.django_db
@pytest.mark.parametrize("entry", MIXED, ids=lambda e: e.name)
def test_url_mixing_objects_of_two_authorities_is_not_found(
    entry, worlds, other_authority, users, client_for
):
    """A's project with B's line, and the like: each id of the URL is checked, not just one."""
    world_a, world_b = worlds
    client = client_for(users[acting_role(entry)])
    for swapped in entry.objects:
        kwargs = {k: (world_b if k == swapped else world_a)[v].pk for k, v in entry.objects.items()}
        url = reverse(entry.name, kwargs={**kwargs, **entry.kwargs})
        before = snapshot(other_authority)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            # 405: a page that only reads refuses a POST before looking anything up.
            assert response.status_code in {404, 405} if method == "post" else 404, (
                f"{method.upper()} {url}: {response.status_code}"
            )
        assert not changed_models(before, snapshot(other_authority))
        assert not cross_links()


# --- Django admin ---------------------------------------------------------------------------


def _admin_models() -> list[type[models.Model]]:
    """Models an authority administrator adds or changes in the Django admin."""
    request = SimpleNamespace(
        user=SimpleNamespace(is_superuser=False, is_active=True),
        authority=SimpleNamespace(pk=0),
        roles=frozenset({Role.ADMIN}),
    )
    return sorted(
        (
            model
            for model, model_admin in admin.site._registry.items()
            if model in authority_paths()
            and model is not Authority
            and (
                model_admin.has_add_permission(request)
                or model_admin.has_change_permission(request)
            )
        ),
        key=lambda m: m._meta.label,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label)
def test_admin_form_refuses_other_authority_ids(
    model, worlds, authority, other_authority, users, client_for
):
    client = client_for(users[Role.ADMIN])
    meta = model._meta
    urls = []
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    if client.get(add).status_code == 200:  # some models are only added on the pages
        urls.append(add)
    mine = owned_by(model, authority).order_by("pk").first()
    assert mine is not None, f"Add a {model.__name__} to tests/world.py"
    urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[mine.pk]))
    posted = set()
    for url in urls:
        posted |= assert_posts_leave_other_authority_alone(
            client, url, (authority, other_authority), world_models(worlds), url
        )
    assert EXPECTED_FIELDS.get(meta.label, set()) <= posted, "an id field was not found"
