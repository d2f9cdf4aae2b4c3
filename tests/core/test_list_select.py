"""Long selects write their options once per list of choices: the same markup as Django's
select, the chosen option marked on each page only."""

from __future__ import annotations

import re

import pytest
from django import forms

from maillage.core.forms import BaseForm, ListSelect
from maillage.core.models import Language
from maillage.core.options import options_markup

COUNTRIES = [("", "---------")] + [(f"C{i:02d}", f"Pays n°{i} <&> « d'ici »") for i in range(40)]
GROUPED = [
    ("", "---------"),
    ("Europe", [(f"E{i}", f"Europe {i}") for i in range(20)]),
    ("Afrique", [(f"A{i}", f"Afrique {i}") for i in range(20)]),
]


class Plain(forms.Form):
    pays = forms.ChoiceField(choices=COUNTRIES, required=False)
    zone = forms.ChoiceField(choices=GROUPED, required=False)
    niveau = forms.ChoiceField(choices=[("A1", "A1"), ("B2", "B2")], required=False)


class Listed(BaseForm, Plain):
    pass


def select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def test_long_selects_become_list_selects_and_short_ones_stay():
    form = Listed()
    assert type(form.fields["pays"].widget) is ListSelect
    assert type(form.fields["zone"].widget) is ListSelect
    assert form.fields["pays"].widget.is_required is False
    # A short list takes Django's path (no cached markup in its context).
    context = form.fields["niveau"].widget.get_context("niveau", "", {})
    assert "options_markup" not in context["widget"]


def test_same_options_as_django_with_the_chosen_one_marked():
    data = {"pays": "C07", "zone": "A3", "niveau": "B2"}
    plain, listed = Plain(data), Listed(data)
    for name in ("pays", "zone", "niveau"):
        expected = select(str(plain[name]), name)
        got = select(str(listed[name]), name)
        # Same options, same order, same escaping; only the class attribute differs.
        assert re.sub(r' class="[^"]*"', "", got) == expected
    assert '<option value="C07" selected>' in str(listed["pays"])
    assert '<optgroup label="Afrique">' in str(listed["zone"])
    assert "Pays n°3 &lt;&amp;&gt; « d&#x27;ici »" in str(listed["pays"])


def test_the_cached_markup_never_keeps_a_choice():
    options_markup.cache_clear()
    first = str(Listed({"pays": "C01"})["pays"])
    second = str(Listed({"pays": "C02"})["pays"])
    assert options_markup.cache_info().hits >= 1
    assert first.count(" selected") == 1 and '<option value="C01" selected>' in first
    assert second.count(" selected") == 1 and '<option value="C02" selected>' in second
    assert " selected" not in str(Listed()["pays"]).replace('value="" selected', "")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 60])
def test_a_model_choice_list_is_read_once(size, django_assert_num_queries):
    class Languages(BaseForm):
        langue = forms.ModelChoiceField(
            Language.objects.order_by("code").filter(pk__in=codes(size)), required=False
        )

    form = Languages(initial={"langue": codes(size)[2]})
    with django_assert_num_queries(1):
        html = str(form["langue"])
    assert html.count("<option") == size + 1
    assert f'<option value="{codes(size)[2]}" selected>' in html


def codes(size: int) -> list[str]:
    return sorted(Language.objects.values_list("code", flat=True))[:size]
