"""The base filter set of the lists: a refused value drops that filter only; sort links."""

from __future__ import annotations

from django.http import QueryDict

from maillage.core.filters import (
    CodeFilter,
    FlagFilter,
    IdFilter,
    ListFilter,
    ListFilterSet,
    SortFilter,
    TextFilter,
    YearFilter,
    bad_filters,
)
from maillage.core.lists import page_context, sort_links


class Filters(ListFilterSet):
    q = ListFilter(TextFilter, label="Rechercher")
    pays = ListFilter(CodeFilter, label="Pays", max_length=2, upper=True)
    comite = ListFilter(IdFilter, label="Comité")
    annee = ListFilter(YearFilter, label="Année")
    format = ListFilter(FlagFilter, on="csv")
    tri = ListFilter(SortFilter, keys={"nom", "-nom"}, default="nom")


def test_valid_values_pass_through():
    filters = Filters(QueryDict("q=Thi%C3%A8s&pays=sn&comite=12&annee=2024&tri=-nom"))
    assert filters.values == {
        "q": "Thiès",
        "pays": "SN",
        "comite": 12,
        "annee": 2024,
        "format": False,
        "tri": "-nom",
    }
    assert not filters.errors


def test_no_query_string_gives_the_defaults():
    filters = Filters(QueryDict())
    assert filters.values == {
        "q": "",
        "pays": "",
        "comite": None,
        "annee": None,
        "format": False,
        "tri": "nom",
    }
    assert Filters().values == filters.values


def test_a_refused_value_drops_that_filter_and_keeps_the_others():
    filters = Filters(QueryDict("q=a%00b&comite=" + "9" * 23 + "&annee=1850&tri=prix"))
    assert filters.values == {
        "q": "a b",
        "pays": "",
        "comite": None,
        "annee": None,
        "format": False,
        "tri": "nom",
    }
    assert set(filters.errors) == {"comite", "annee"}
    assert filters.error_list() == [
        "Comité : Choisissez une valeur de la liste.",
        "Année : Saisissez une année entre 1900 et 2100.",
    ]


def test_a_file_with_a_refused_filter_answers_400_with_the_errors():
    response = bad_filters(Filters(QueryDict("format=csv&annee=x")))
    assert response.status_code == 400
    assert "Année : Saisissez une année entre 1900 et 2100." in response.content.decode()


def test_sort_links_reverse_the_sorted_column_and_sort_the_others():
    links = sort_links("-maj", ["titre", "maj", "debut"], descending_first=["debut"])
    assert links == {
        "titre": {"tri": "titre", "aria": ""},
        "maj": {"tri": "maj", "aria": "descending"},
        "debut": {"tri": "-debut", "aria": ""},
    }
    assert sort_links("titre", ["titre"]) == {"titre": {"tri": "-titre", "aria": "ascending"}}


def test_page_context_ends_the_breadcrumb_on_the_page():
    assert page_context("Mes actions", nav="committees", crumb="Suivi des actions") == {
        "page_title": "Mes actions",
        "breadcrumb": [("Suivi des actions", None)],
        "nav": "committees",
    }
    parents = [("Langues", "/langues/")]
    assert page_context("Pays", nav="skills", parents=parents)["breadcrumb"] == [
        ("Langues", "/langues/"),
        ("Pays", None),
    ]
