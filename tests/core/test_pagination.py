"""The one pagination partial: links keep the query string, change only their page parameter."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def links(page, **context) -> list[str]:
    request = RequestFactory().get("/liste/", {"q": "Thiès", "page": "2", "passees": "2"})
    html = render_to_string(
        "partials/pagination.html", {"page_obj": page, **context}, request=request
    )
    return [part.split('"', 1)[0] for part in html.split('href="')[1:]]


def test_links_keep_the_filters_and_set_the_page():
    page = Paginator(range(100), 10).get_page(2)
    assert links(page) == [
        "?q=Thi%C3%A8s&amp;page=1&amp;passees=2",
        "?q=Thi%C3%A8s&amp;page=1&amp;passees=2",
        "?q=Thi%C3%A8s&amp;page=3&amp;passees=2",
        "?q=Thi%C3%A8s&amp;page=10&amp;passees=2",
    ]


def test_a_table_with_its_own_parameter_and_anchor():
    page = Paginator(range(30), 10).get_page(2)
    page.param = "passees"
    found = links(page, anchor="reunions", pagination_label="Pages des réunions passées")
    assert found[2] == "?q=Thi%C3%A8s&amp;page=2&amp;passees=3#reunions"


def test_the_view_may_give_the_query_string():
    page = Paginator(range(30), 10).get_page(1)
    assert links(page, page_params={"annee": 2024}) == [
        "?annee=2024&amp;page=2",
        "?annee=2024&amp;page=3",
    ]


def test_one_page_has_no_pagination():
    assert links(Paginator(range(5), 10).get_page(1)) == []
