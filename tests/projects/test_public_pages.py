"""Public project pages: only public projects of authorities that publish, overview only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import CodeListItem, Country, Role, SdgTarget
from maillage.projects.registry import selectors

from ..factories import (
    AuthorityFactory,
    BudgetLineFactory,
    CommitmentFactory,
    ElectedOfficialFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResultFactory,
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


# --- The partners map of the public list ------------------------------------------------------


@pytest.fixture
def with_secret_partner(published):
    """An internal project whose partner is in a country no public project has."""
    secret = PartnerFactory(
        authority=published["authority"],
        name="Partenaire confidentiel",
        country=Country.objects.get(iso2="BO"),
        city="Sucre",
        latitude="-19.04",
        longitude="-65.26",
    )
    ProjectPartnerFactory(project=published["internal"], partner=secret)
    return secret


@pytest.mark.django_db
def test_the_public_list_maps_the_public_projects_partners(client, published):
    page = client.get(list_url("ville-ouverte")).content.decode()
    assert 'id="public-partners-world"' in page
    assert '<tr data-country="SN">' in page
    # The table alternative names the country, its projects and its partners.
    assert "Commune de Thiès" in page
    assert "Nos partenaires dans le monde" in page


@pytest.mark.django_db
def test_an_internal_projects_partner_never_shows_on_the_public_map(
    client, published, with_secret_partner
):
    page = client.get(list_url("ville-ouverte")).content.decode()
    assert 'data-country="BO"' not in page
    for secret in ["Partenaire confidentiel", "Sucre", "Bolivie", "Projet interne"]:
        assert secret not in page, secret
    # The internal project's partner would count on the dashboard's map of every project.
    from maillage.reporting.worldmap import public_partners_map

    assert [row.iso2 for row in public_partners_map(published["authority"]).rows] == ["SN"]


@pytest.mark.django_db
def test_a_partner_on_a_public_and_an_internal_project_counts_the_public_one_only(
    client, published, with_secret_partner
):
    from maillage.reporting.worldmap import public_partners_map

    ProjectPartnerFactory(project=published["public"], partner=with_secret_partner)
    rows = {row.iso2: row for row in public_partners_map(published["authority"]).rows}
    assert rows["BO"].projects == 1
    assert rows["BO"].project_ids == {published["public"].pk}


@pytest.mark.django_db
def test_no_map_without_a_public_partner(client, published):
    published["public"].project_partners.all().delete()
    page = client.get(list_url("ville-ouverte")).content.decode()
    assert "public-partners-world" not in page
    assert "Aucun projet n'est publié" not in page  # the project itself is still listed


@pytest.mark.django_db
def test_the_public_list_links_the_open_data_files(client, published):
    page = client.get(list_url("ville-ouverte")).content.decode()
    assert reverse("public_opendata_csv", args=["ville-ouverte"]) in page
    assert reverse("public_opendata_json", args=["ville-ouverte"]) in page
    assert "Licence Ouverte 2.0" in page


# --- The public project page: complete and plain ---------------------------------------------


@pytest.mark.django_db
def test_the_public_page_shows_results_local_benefits_and_budget(client, published):
    project = published["public"]
    abroad = ResultFactory(
        project=project, title="Accès à la ressource en eau", territory="partner"
    )
    IndicatorPeriodFactory(
        indicator=IndicatorFactory(result=abroad, title="Bornes installées", unit="bornes"),
        actual=Decimal("4"),
        comment="Note interne du chef de projet",
    )
    ResultFactory(project=project, title="Jeunes engagés à Caen", territory="home")
    BudgetLineFactory(project=project, amount=Decimal("10000"))
    CommitmentFactory(project=project, beneficiary_name="Fournisseur X", amount=Decimal("4321"))
    project.sponsors.add(ElectedOfficialFactory(authority=project.authority, last_name="Porteuse"))
    project.dac_sectors.set(CodeListItem.objects.filter(codelist="Sector", code="14030"))
    page = client.get(detail_url("ville-ouverte", project.pk)).content.decode()
    for text in [
        "Résultats sur le territoire partenaire",
        "Accès à la ressource en eau",
        "Bornes installées",
        "Retombées sur notre territoire",
        "Jeunes engagés à Caen",
        "14030",
        "Budget prévisionnel",
    ]:
        assert text in page, text
    # 10,000 € of budget lines + 10 planned agent-days of the mobilisation at 250 €.
    assert "12\xa0500 €, journées des agents de la collectivité comprises." in page
    for secret in ["Note interne du chef de projet", "Fournisseur X", "4\xa0321", "Porteuse"]:
        assert secret not in page, secret


@pytest.mark.django_db
def test_a_public_page_without_results_or_budget_says_so(client, published):
    bare = ProjectFactory(authority=published["authority"], visibility="public")
    page = client.get(detail_url("ville-ouverte", bare.pk)).content.decode()
    assert "Aucun résultat n'est encore suivi sur le territoire partenaire." in page
    assert "Aucune retombée locale n'est encore suivie." in page
    assert "Budget prévisionnel" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "detail"])
def test_public_pages_headers(page, client, published, users, client_for):
    url = (
        list_url("ville-ouverte")
        if page == "list"
        else detail_url("ville-ouverte", published["public"].pk)
    )
    response = client.get(url)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # Anonymous: cacheable as any public page; signed in: the header names the user, no-store.
    assert "no-store" not in response.get("Cache-Control", "")
    signed_in = client_for(users[Role.AGENT]).get(url)
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"]
