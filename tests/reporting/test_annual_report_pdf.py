"""The annual report's PDF: A4 pages from WeasyPrint (cover, contents, one page per project),
page 1 converted to PNG; the HTML document where WeasyPrint is missing."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from maillage.core import pdf as core_pdf
from maillage.core.models import Role
from maillage.reporting import pdf
from maillage.reporting.models import AnnualReport, Section

from .annual_helpers import YEAR, build

pytestmark = pytest.mark.django_db
URL = reverse("annual_report_pdf", args=[YEAR])


def pdf_pages(path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


def test_the_pdf_renders_with_a_stable_page_count(
    weasyprint, authority, users, client_for, tmp_path
):
    build(authority)
    client = client_for(users[Role.DIRECTION])
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'inline; filename="rapport-annuel-caen-test-{YEAR}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "rapport.pdf"
    path.write_bytes(response.content)
    pages, size = pdf_pages(path)
    # Cover, contents, figures, map, activity, funding (2), the two projects, référents,
    # committees.
    assert pages == 11
    assert size.startswith("595.") and "841.8" in size  # A4
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Rapport annuel de l'action internationale" in text
    assert "Ville de Caen-sur-Test" in text
    assert "Coopération Thiès" in text and "Jumelage Kairouan" in text
    assert "2 / 11" in text  # page numbers from the second page on
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Atkinson-Hyperlegible" in fonts  # the shipped typeface, not a system fallback
    # Hiding the projects takes their two pages away, and nothing else.
    AnnualReport.objects.create(
        authority=authority,
        year=YEAR,
        layout=[{"key": k, "shown": k != Section.PROJECTS} for k in Section.values],
    )
    path.write_bytes(client.get(URL).content)
    assert pdf_pages(path)[0] == 9


def test_the_renderer_loads_nothing_but_local_files(weasyprint, tmp_path, settings):
    fetch = core_pdf.url_fetcher((tmp_path).resolve())
    for url in ("http://example.org/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            (fetch.fetch if hasattr(fetch, "fetch") else fetch)(url)
    assert core_pdf.allowed("data:image/png;base64,AAAA", tmp_path)
    assert core_pdf.allowed((tmp_path / "font.woff").as_uri(), tmp_path.resolve())


def test_without_weasyprint_the_document_is_served_to_print(
    monkeypatch, authority, users, client_for
):
    build(authority)
    monkeypatch.setattr(pdf, "render_pdf", lambda html, authority: None)
    response = client_for(users[Role.ELECTED]).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    # It names the référents: never stored by a cache.
    assert {"no-store", "private"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    html = response.content.decode()
    assert "Enregistrer au format PDF" in html
    assert 'class="report-cover"' in html and 'class="report-toc"' in html
    assert html.count('class="report-project"') == 2
    assert "/static/maillage/annual-report-print.css" in html
