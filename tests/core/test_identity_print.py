"""What a PDF needs of the authority's identity, loadable offline."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.files.base import ContentFile

from maillage.core.print_identity import font_faces, print_identity

from ..factories import png_bytes


def test_the_typeface_points_at_vendored_woff_files():
    css = font_faces()
    urls = re.findall(r'url\("([^"]+)"\) format\("woff"\)', css)
    assert len(urls) == 6 == css.count("@font-face")
    assert "woff2" not in css
    for url in urls:
        parsed = urlparse(url)
        assert parsed.scheme == "file"
        path = Path(unquote(parsed.path))
        assert path.suffix == ".woff" and path.is_file()
        assert path.read_bytes()[:4] == b"wOFF"


def test_the_identity_of_an_authority(settings, tmp_path, authority):
    settings.MEDIA_ROOT = tmp_path
    authority.primary_colour = "#6b1d5c"
    authority.logo.save("logo.png", ContentFile(png_bytes(2, 2)), save=True)
    found = print_identity(authority)
    assert found["name"] == "Ville de Caen-sur-Test"
    prefix = "data:image/png;base64,"
    assert found["logo"].startswith(prefix)
    assert base64.b64decode(found["logo"][len(prefix) :]) == png_bytes(2, 2)
    assert "h1, h2, h3, h4 { color: #6b1d5c; }" in found["stylesheet"]
    assert '"Atkinson Hyperlegible"' in found["stylesheet"]
    assert "http" not in found["stylesheet"]


def test_without_authority_or_logo(authority):
    assert print_identity(authority)["logo"] == ""
    neutral = print_identity(None)
    assert neutral["name"] == "Maillage" and "#1f4e79" in neutral["stylesheet"]
