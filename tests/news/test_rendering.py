"""Markdown bodies are sanitised; images are checked before they are stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.news.images import check_image
from maillage.news.rendering import plain_excerpt, render_body
from tests.factories import png_bytes


def test_script_is_removed():
    html = render_body("Bonjour <script>alert('x')</script> à tous")
    assert "<script" not in html
    assert "alert" not in html


def test_event_handlers_are_removed():
    html = render_body(
        '<img src="x" onerror="alert(1)"> <a href="https://a.fr" onclick="x()">a</a>'
    )
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


def test_javascript_links_are_removed():
    html = render_body("[clic](javascript:alert(1)) <a href='JaVaScRiPt:alert(2)'>b</a>")
    assert "javascript" not in html.lower()
    assert "<a" in html  # the link text stays, without its address


def test_markdown_is_rendered():
    html = render_body("# Titre\n\n**gras** et [lien](https://www.caen.fr)\n\n- un\n- deux")
    assert "<h2>Titre</h2>" in html  # the page's title is the only h1
    assert "<strong>gras</strong>" in html
    assert 'href="https://www.caen.fr"' in html
    assert "<li>un</li>" in html


def test_excerpt_is_plain_text():
    assert plain_excerpt(render_body("Tom & **Jerry**")) == "Tom & Jerry"
    assert plain_excerpt(render_body("mot " * 100), 20).endswith("…")


def test_png_image_is_accepted():
    image = check_image(SimpleUploadedFile("photo.PNG", png_bytes(3, 2)))
    assert image.kind == "png"


def test_jpeg_image_is_accepted():
    sof = b"\xff\xc0\x00\x11\x08\x00\x10\x00\x20\x03" + b"\x00" * 9
    content = b"\xff\xd8" + b"\xff\xe0\x00\x04ab" + sof + b"\xff\xda\x00\x02" + b"\x00\xff\xd9"
    image = check_image(SimpleUploadedFile("photo.jpg", content))
    assert image.kind == "jpeg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("photo.jpg", b"GIF89a not a jpeg"),
        ("photo.png", png_bytes(3000, 1)),
        ("photo.png", b"x" * (2 * 1024 * 1024 + 1)),
    ],
)
def test_bad_images_are_refused(name, content):
    with pytest.raises(ValidationError):
        check_image(SimpleUploadedFile(name, content))
