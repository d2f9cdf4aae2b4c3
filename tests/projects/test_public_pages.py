"""Public project pages: only public projects of authorities that publish, overview only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import SdgTarget
from maillage.projects.registry import selectors

from ..factories import (
    AuthorityFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
)


@pytest.fixture
def published(db):
    authority = AuthorityFactory(name="Ville ouverte", slug="ville-ouverte", publishes=True)
    service = ServiceFactory(authority=authority, name="Service interne confidentiel")
    public = ProjectFactory(
        authority=authority,
        title="Coopération publique",
        summary="Un résumé public",
        objectives="Objectifs internes",
        visibility="public",
        lead_service=service,
    )
    partner = PartnerFactory(authority=authority, name="Commune de Thiès")
    ProjectPartnerFactory(project=public, partner=partner)
    public.sdg_targets.set([SdgTarget.objects.get(code="6.1")])
    MobilisationFactory(
        project=public, service=service, contribution="Apport confidentiel", response_comment="Com"
    )
    internal = ProjectFactory(authority=authority, title="Projet interne", visibility="internal")
    return {"authority": authority, "public": public, "internal": internal}


def list_url(slug: str) -> str:
    return reverse("public_project_list", args=[slug])


def detail_url(slug: str, pk: int) -> str:
    return reverse("public_project_detail", args=[slug, pk])


@pytest.mark.django_db
def test_anonymous_reads_the_public_list(client, published):
    response = client.get(list_url("ville-ouverte"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Coopération publique" in page
    assert "Projet interne" not in page
    assert "Sénégal" in page


@pytest.mark.django_db
def test_anonymous_reads_a_public_project_without_internal_data(client, published):
    response = client.get(detail_url("ville-ouverte", published["public"].pk))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Coopération publique", "Un résumé public", "Commune de Thiès", "Sénégal", "6.1"]:
        assert text in page
    for secret in ["Apport confidentiel", "Service interne confidentiel", "Objectifs internes"]:
        assert secret not in page


@pytest.mark.django_db
def test_internal_project_is_404(client, published):
    assert client.get(detail_url("ville-ouverte", published["internal"].pk)).status_code == 404


@pytest.mark.django_db
def test_authority_that_does_not_publish_is_404(client, published):
    authority = published["authority"]
    authority.publishes = False
    authority.save()
    assert client.get(list_url("ville-ouverte")).status_code == 404
    assert client.get(detail_url("ville-ouverte", published["public"].pk)).status_code == 404


@pytest.mark.django_db
def test_public_project_of_another_authority_is_404_under_this_slug(client, published):
    other = AuthorityFactory(slug="autre", publishes=True)
    theirs = ProjectFactory(authority=other, visibility="public")
    assert client.get(detail_url("ville-ouverte", theirs.pk)).status_code == 404
    assert client.get(detail_url("autre", theirs.pk)).status_code == 200
    assert client.get(list_url("inconnue")).status_code == 404


@pytest.mark.django_db
def test_public_pages_refuse_writes(client, published):
    assert client.post(list_url("ville-ouverte")).status_code == 405
    assert client.post(detail_url("ville-ouverte", published["public"].pk)).status_code == 405


@pytest.mark.django_db
def test_selector_is_the_single_filter(published):
    assert list(selectors.public_projects("ville-ouverte")) == [published["public"]]
    published["authority"].publishes = False
    published["authority"].save()
    assert not selectors.public_projects("ville-ouverte").exists()
