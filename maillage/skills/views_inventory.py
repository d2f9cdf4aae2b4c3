"""The language and country inventory (aggregates for every agent) and the profile search."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.lists import render_list
from maillage.core.models import Country, Language
from maillage.core.permissions import Perm, request_has_perm, require
from maillage.core.tenancy import get_object_or_404

from . import selectors, selectors_calls
from .filters import CountryFilterSet, InviteFilters, LanguageFilterSet, SearchForm
from .models import SkillCall

PAGE_SIZE = 20


def _crumbs(label: str | None = None) -> list[tuple[str, str | None]]:
    """Breadcrumb under "Langues et compétences" (the inventory itself when ``label`` is None)."""
    root = _("Langues et compétences")
    if label is None:
        return [(root, None)]
    return [(root, reverse("skills_inventory")), (label, None)]


@require_GET
@require(Perm.VIEW_SKILLS)
def skills_inventory(request: HttpRequest) -> HttpResponse:
    """Languages spoken in the authority, counted by level; ``?langue=`` details one of them."""
    context: dict[str, Any] = selectors.language_inventory(request.authority)
    code = LanguageFilterSet(request.GET).values["langue"]
    language = Language.objects.filter(code=code).first() if code else None
    if language is not None:
        context.update(language=language, detail=selectors.language_detail(request, language))
    return render_list(
        request,
        "skills/inventory_languages.html",
        {**context, "subnav": "languages"},
        title=_("Langues et compétences"),
        nav="skills",
        has_results_partial=False,
    )


@require_GET
@require(Perm.VIEW_SKILLS)
def skills_countries(request: HttpRequest) -> HttpResponse:
    """Countries known by the authority's agents; ``?pays=`` details one of them."""
    context: dict[str, Any] = selectors.country_inventory(request.authority)
    iso2 = CountryFilterSet(request.GET).values["pays"]
    country = Country.objects.filter(iso2=iso2).first() if iso2 else None
    if country is not None:
        context.update(country=country, detail=selectors.country_detail(request, country))
    return render_list(
        request,
        "skills/inventory_countries.html",
        {**context, "subnav": "countries"},
        title=_("Pays connus des agents"),
        parents=_crumbs(_("Pays connus des agents"))[:1],
        nav="skills",
        has_results_partial=False,
    )


@require_GET
@require(Perm.SEARCH_PROFILES)
def skills_search(request: HttpRequest) -> HttpResponse:
    """Search published profiles by criteria, most criteria met first, each with its reasons.

    ``?appel=<id>`` (DRI) fills the form with a call's criteria and offers to invite.
    """
    call = _call_to_invite(request)
    params = request.GET.copy()
    if call is not None and not any(params.get(k) for k in SearchForm.base_fields):
        params.update(_call_params(call))
    form = SearchForm(
        params,
        choices=selectors.search_choices(),
        services=selectors.service_choices(request.authority),
    )
    criteria = form.criteria()
    profiles = selectors.with_search_entries(selectors.search_profiles(request, criteria), criteria)
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.matches(page.object_list, criteria)
    responses = selectors_calls.invited_agents(call) if call is not None else {}
    for match in page.object_list:
        match.response = responses.get(match.profile.agent_id)
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "skills/search.html",
        {
            "form": form,
            "criteria": criteria,
            "page_obj": page,
            "querystring": query.urlencode(),
            "page_params": query,
            "call": call,
            "subnav": "search",
            "page_title": _("Rechercher des compétences"),
            "breadcrumb": _crumbs(_("Rechercher des compétences")),
            "nav": "skills",
        },
    )


def _call_to_invite(request: HttpRequest) -> SkillCall | None:
    if not request_has_perm(request, Perm.MANAGE_CALLS):
        return None
    pk = InviteFilters(request.GET).values["appel"]
    if not pk:
        return None
    return get_object_or_404(
        request,
        SkillCall.objects.select_related("project", "min_level").prefetch_related(
            "policy_areas", "tags"
        ),
        pk=pk,
    )


def _call_params(call: SkillCall) -> dict[str, str]:
    criteria = selectors.Criteria.of_call(call)
    tags = list(call.tags.all())
    return {
        key: value
        for key, value in {
            "langue": criteria.language,
            "niveau": call.min_level_id or "",
            "pays": criteria.country,
            "expertise": criteria.policy_area,
            "mot_cle": tags[0].name if tags else "",
            "disponibilite": criteria.availability,
        }.items()
        if value
    }
