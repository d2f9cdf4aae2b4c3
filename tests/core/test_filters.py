"""The common filter fields: text loses control characters, numbers stay in range."""

from __future__ import annotations

from django.http import QueryDict

from maillage.core.filters import (
    MAX_ID,
    CodeFilter,
    FilterForm,
    FlagFilter,
    IdFilter,
    SortFilter,
    TextFilter,
    YearFilter,
    clean_text,
)


class Filters(FilterForm):
    q = TextFilter(label="Rechercher")
    pays = CodeFilter(label="Pays", max_length=2, upper=True)
    comite = IdFilter(label="Comité")
    annee = YearFilter(label="Année")
    mes = FlagFilter()
    tri = SortFilter(keys={"nom", "-nom"}, default="nom")


def values(query: str) -> tuple[dict, dict]:
    form = Filters(QueryDict(query))
    return form.values, form.errors


def test_valid_values_pass_through():
    found, errors = values("q=Thi%C3%A8s&pays=sn&comite=12&annee=2024&mes=1&tri=-nom")
    assert found == {
        "q": "Thiès",
        "pays": "SN",
        "comite": 12,
        "annee": 2024,
        "mes": True,
        "tri": "-nom",
    }
    assert not errors


def test_nothing_given_gives_the_defaults():
    assert values("") == (
        {"q": "", "pays": "", "comite": None, "annee": None, "mes": False, "tri": "nom"},
        {},
    )


def test_nul_bytes_and_line_breaks_are_removed_from_text():
    found, errors = values("q=a%00b%0D%0Ac&pays=%00s")
    assert found["q"] == "a b c"
    assert "\x00" not in found["pays"]
    assert not errors


def test_long_text_is_cut_not_refused():
    found, errors = values("q=" + "x" * 500)
    assert found["q"] == "x" * 100
    assert not errors


def test_out_of_range_numbers_are_dropped_with_an_error():
    for bad in ("-1", "0", str(MAX_ID + 1), "9" * 23, "abc", "1e400", "%C2%B2", "1%002"):
        found, errors = values(f"comite={bad}&annee={bad}")
        assert found["comite"] is None and found["annee"] is None, bad
        assert set(errors) == {"comite", "annee"}, bad
    assert values(f"comite={MAX_ID}")[0]["comite"] == MAX_ID


def test_year_bounds_and_message():
    form = Filters(QueryDict("annee=1899"))
    assert form.values["annee"] is None
    assert form.error_list() == ["Année : Saisissez une année entre 1900 et 2100."]
    assert values("annee=2100")[0]["annee"] == 2100


def test_unknown_sort_and_flag_values_fall_back_quietly():
    found, errors = values("tri=%00&mes=oui")
    assert (found["tri"], found["mes"]) == ("nom", False)
    assert not errors


def test_clean_text_bounds_length():
    assert clean_text(" a\x00 ", 10) == "a"
    assert clean_text(None) == ""
