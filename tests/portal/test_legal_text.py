"""The plain text of a legal page becomes paragraphs, headings and links, all escaped."""

from __future__ import annotations

from django.template import Context, Template

from maillage.portal.templatetags.legal_text import legal_text


def test_paragraphs_line_breaks_and_headings():
    html = legal_text("## Éditeur\nVille de Caen\nHôtel de ville\n\nDeuxième paragraphe")
    assert html == (
        '<h2 class="h4 mt-4">Éditeur</h2>\n'
        "<p>Ville de Caen<br>Hôtel de ville</p>\n"
        "<p>Deuxième paragraphe</p>"
    )


def test_windows_line_endings_and_blank_lines_with_spaces():
    assert legal_text("Un\r\n  \r\nDeux") == "<p>Un</p>\n<p>Deux</p>"


def test_addresses_become_links():
    html = legal_text("Écrire à dpo@caen.fr ou voir https://www.cnil.fr/fr/plaintes")
    assert '<a href="mailto:dpo@caen.fr">dpo@caen.fr</a>' in html
    assert '<a href="https://www.cnil.fr/fr/plaintes" rel="nofollow">' in html


def test_markup_is_escaped_everywhere():
    html = legal_text('## <b>titre</b>\n<script>x</script> & "guillemets"\njavascript:alert(1)')
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;titre&lt;/b&gt;" in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; &quot;guillemets&quot;" in html
    assert "<a" not in html


def test_safe_input_from_a_template_is_escaped_too():
    template = Template("{% load legal_text %}{{ text|legal_text }}")
    html = template.render(Context({"text": "<i>x</i>"}))
    assert html == "<p>&lt;i&gt;x&lt;/i&gt;</p>"


def test_empty_text_gives_nothing():
    assert legal_text("") == "" and legal_text(None) == ""
