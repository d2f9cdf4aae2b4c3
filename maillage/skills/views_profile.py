"""The agent's own international profile: edit, publish, withdraw, confirm, download, erase;
and one profile as others see it."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.models import CefrLevel, Country, Language, PolicyArea
from maillage.core.permissions import Perm, check, require
from maillage.core.tenancy import get_object_or_404

from . import selectors, services
from .forms import CountryFormSet, LanguageFormSet, ProfileForm, filled
from .models import Profile

MY_PROFILE = gettext_lazy("Mon profil international")


def _crumbs(label: str | None = None) -> list[tuple[str, str | None]]:
    if label is None:
        return [(str(MY_PROFILE), None)]
    return [(str(MY_PROFILE), reverse("my_profile")), (label, None)]


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_SKILLS)
def my_profile(request: HttpRequest) -> HttpResponse:
    """Fill in, publish, withdraw or confirm one's own international profile."""
    agent = selectors.request_agent(request)
    context: dict[str, Any] = {
        "page_title": MY_PROFILE,
        "breadcrumb": _crumbs(),
        "nav": "my_profile",
    }
    if agent is None:
        return render(request, "skills/my_profile.html", {**context, "no_agent": True})
    profile = selectors.own_profile(agent)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in {"withdraw", "confirm"}:
        return _quick_action(request, profile, action)
    choices = selectors.search_choices()
    suggestions = selectors.tag_suggestions(request.authority)
    data = request.POST if action in {"save", "publish"} else None
    form = ProfileForm(
        data,
        instance=profile or Profile(agent=agent, authority_id=agent.authority_id),
        area_choices=choices["policy_areas"],
        tag_suggestions=suggestions,
        initial=_initial(profile),
    )
    languages = LanguageFormSet(
        data,
        prefix="langues",
        initial=_language_rows(profile),
        form_kwargs={"languages": choices["languages"], "levels": _level_codes(choices)},
    )
    countries = CountryFormSet(
        data,
        prefix="pays",
        initial=_country_rows(profile),
        form_kwargs={"countries": choices["countries"]},
    )
    if data is not None and form.is_valid() and languages.is_valid() and countries.is_valid():
        try:
            saved = _save(request, agent, form, languages, countries)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if action == "publish":
                services.publish_profile(saved, by=request.user)
                messages.success(request, _("Profil enregistré et publié."))
            elif saved.published:
                messages.success(request, _("Profil enregistré ; il reste publié."))
            else:
                messages.success(
                    request,
                    _("Profil enregistré. Il n'est pas publié : personne d'autre ne le voit."),
                )
            return redirect("my_profile")
    return render(
        request,
        "skills/my_profile.html",
        {
            **context,
            "agent": agent,
            "profile": profile,
            "form": form,
            "language_formset": languages,
            "country_formset": countries,
            "reminder": selectors.needs_reminder(profile),
            "responses": selectors.my_responses(agent),
        },
    )


def _quick_action(request: HttpRequest, profile: Profile | None, action: str) -> HttpResponse:
    if profile is None:
        messages.error(request, _("Vous n'avez pas encore de profil international."))
    elif action == "withdraw":
        services.withdraw_profile(profile, by=request.user)
        messages.success(
            request, _("Votre profil n'est plus publié : personne d'autre ne le voit désormais.")
        )
    else:
        services.confirm_profile(profile, by=request.user)
        messages.success(request, _("Merci : votre profil est confirmé à jour."))
    return redirect("my_profile")


def _level_codes(choices: dict[str, Any]) -> list[tuple[str, str]]:
    return [(code, code) for code, _label in choices["levels"]]


def _initial(profile: Profile | None) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        "policy_areas": [link.policy_area_id for link in profile.area_links.all()],
        "tags": ", ".join(link.tag.name for link in profile.tag_links.all()),
    }


def _language_rows(profile: Profile | None) -> list[dict[str, str]]:
    if profile is None:
        return []
    return [
        {
            "language": e.language_id,
            "level": e.level_id,
            "oral_level": e.oral_level_id or "",
            "written_level": e.written_level_id or "",
        }
        for e in profile.languages.all()
    ]


def _country_rows(profile: Profile | None) -> list[dict[str, str]]:
    if profile is None:
        return []
    return [
        {"country": e.country_id, "relation": e.relation, "regions": e.regions}
        for e in profile.countries.all()
    ]


def _save(request: HttpRequest, agent, form, languages, countries) -> Profile:
    language_rows = filled(languages, "language")
    country_rows = filled(countries, "country")
    codes = {row["language"] for row in language_rows}
    levels = CefrLevel.objects.in_bulk()
    by_code = Language.objects.in_bulk(sorted(codes))
    by_iso = Country.objects.in_bulk(sorted({row["country"] for row in country_rows}))
    areas = list(PolicyArea.objects.filter(code__in=form.cleaned_data["policy_areas"]))
    return services.save_profile(
        agent,
        by=request.user,
        data={name: form.cleaned_data[name] for name in services.PROFILE_FIELDS},
        languages=[
            services.LanguageEntry(
                language=by_code[row["language"]],
                level=levels[row["level"]],
                oral_level=levels.get(row["oral_level"]),
                written_level=levels.get(row["written_level"]),
            )
            for row in language_rows
        ],
        countries=[
            services.CountryEntry(
                country=by_iso[row["country"]], relation=row["relation"], regions=row["regions"]
            )
            for row in country_rows
        ],
        policy_areas=areas,
        tags=form.cleaned_data["tags"],
    )


@never_cache
@require_GET
@require(Perm.VIEW_SKILLS)
def profile_export(request: HttpRequest) -> HttpResponse:
    """Download, as JSON, everything the skills features hold about oneself."""
    data = selectors.personal_data(request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-maillage-{stamp}.json"'
    return response


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_SKILLS)
def profile_erase(request: HttpRequest) -> HttpResponse:
    """Erase one's profile and the personal part of one's answers to calls, after confirmation."""
    agent = selectors.request_agent(request)
    profile = selectors.own_profile(agent) if agent else None
    if request.method == "POST" and agent is not None:
        result = services.erase_profile(agent, by=request.user)
        if result.profile or result.responses_deleted or result.responses_cleared:
            messages.success(request, _("Votre profil international a été effacé."))
        else:
            messages.info(request, _("Il n'y avait rien à effacer."))
        return redirect("my_profile")
    responses = selectors.my_responses(agent) if agent else []
    return render(
        request,
        "skills/profile_erase.html",
        {
            "agent": agent,
            "profile": profile,
            "responses": responses,
            "page_title": _("Effacer mon profil international"),
            "breadcrumb": _crumbs(_("Effacer")),
            "nav": "my_profile",
        },
    )


@require_GET
@require(Perm.VIEW_SKILLS)
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One agent's international profile, to those its visibility allows (404 for others)."""
    profile = get_object_or_404(request, selectors.with_entries(Profile.objects.all()), pk=pk)
    if not check(request, "skills.see_profile", profile):
        raise Http404
    return render(
        request,
        "skills/profile_detail.html",
        {
            "profile": profile,
            "is_own": profile.agent.user_id == request.user.pk,
            "page_title": str(profile.agent),
            "breadcrumb": [
                (_("Langues et compétences"), reverse("skills_inventory")),
                (str(profile.agent), None),
            ],
            "nav": "skills",
        },
    )
