"""An uploaded logo is checked byte by byte before anything is stored."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from maillage.core.logos import MAX_LOGO_BYTES, check_logo

from ..factories import png_bytes

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
    '</defs><rect width="10" height="10" fill="url(#g)" style="fill: url(#g)"/>'
    '<use xlink:href="#g"/><style>rect { stroke: #000 }</style></svg>'
)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def refused(name: str, content: bytes | str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_logo(upload(name, content))
    return " ".join(caught.value.messages)


def test_a_png_is_accepted():
    logo = check_logo(upload("Logo Ville.PNG", png_bytes(300, 120)))
    assert logo.kind == "png" and logo.filename == "logo.png"
    assert logo.content_type == "image/png"


def test_a_plain_svg_is_accepted():
    logo = check_logo(upload("logo.svg", SVG))
    assert logo.kind == "svg" and logo.content_type == "image/svg+xml"


@pytest.mark.parametrize("name", ["logo.jpg", "logo.pdf", "logo", "logo.svg.html"])
def test_other_formats_are_refused(name):
    assert "PNG ou SVG" in refused(name, png_bytes())


def test_a_fake_png_with_a_wrong_signature_is_refused():
    message = refused("logo.png", b"GIF89a" + png_bytes()[6:])
    assert "n'est pas une image PNG" in message


def test_an_svg_renamed_png_is_refused():
    assert "n'est pas une image PNG" in refused("logo.png", SVG)


def test_a_png_too_large_in_pixels_is_refused():
    message = refused("logo.png", png_bytes(2001, 10))
    assert "2001 × 10 pixels" in message and "2000 × 2000" in message


def test_a_png_with_a_lying_header_is_refused():
    content = bytearray(png_bytes(10, 10))
    content[16:20] = struct.pack(">I", 5)  # width changed, checksum not
    assert "abîmée" in refused("logo.png", bytes(content))


def test_a_truncated_png_is_refused():
    assert "tronquée" in refused("logo.png", png_bytes(10, 10)[:-6])


def test_a_png_with_data_after_its_end_is_refused():
    assert "après sa fin" in refused("logo.png", png_bytes() + b"<script>alert(1)</script>")


def test_a_png_without_ihdr_first_is_refused():
    data = b"abc"
    chunk = struct.pack(">I", 3) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    assert "IHDR" in refused("logo.png", b"\x89PNG\r\n\x1a\n" + chunk + b"\0" * 20)


def test_a_file_too_heavy_is_refused_before_being_read():
    message = refused("logo.png", png_bytes() + b"\0" * MAX_LOGO_BYTES)
    assert "512" in message and "allégez" in message


@pytest.mark.parametrize(
    "svg, reason",
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "élément <script>",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT>alert(1)</SCRIPT></svg>',
            "élément <SCRIPT>",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "« onload »"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="x()"/></svg>', "« ONCLICK »"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
            "élément <foreignObject>",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<image xlink:href="https://example.org/x.png"/></svg>',
            "https://example.org/x.png",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text>'
            "</a></svg>",
            "javascript:alert(1)",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,AAAA"/>'
            "</svg>",
            "data:image/png",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//evil.example/x.css);'
            "</style></svg>",
            "feuille de style",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://e.example/)"/>'
            "</svg>",
            "style charge",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
            'to="javascript:alert(1)"/></a></svg>',
            "animation",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><div xmlns="http://www.w3.org/1999/xhtml"/>'
            "</svg>",
            "élément <div>",
        ),
        (
            '<?xml-stylesheet href="https://evil.example/x.css"?>'
            '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "feuille de style externe",
        ),
    ],
)
def test_hostile_svgs_are_refused(svg, reason):
    message = refused("logo.svg", svg)
    assert message.startswith("Ce logo SVG est refusé")
    assert reason in message


def test_an_entity_bomb_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>'
    )
    assert "entités XML" in refused("logo.svg", bomb)


def test_an_external_entity_is_refused():
    xxe = (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )
    assert "refusé" in refused("logo.svg", xxe)


def test_an_entity_hidden_from_the_byte_check_is_refused_by_the_parser():
    # UTF-16: the bytes "<!ENTITY" do not appear as such; the parser still refuses the DTD.
    bomb = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY a "a">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>'
    ).encode("utf-16")
    assert "refusé" in refused("logo.svg", bomb)


def test_a_doctype_is_refused():
    svg = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert "DOCTYPE" in refused("logo.svg", svg)


@pytest.mark.parametrize(
    "content",
    [
        "<html><body>logo</body></html>",
        "<svg><rect/></svg>",  # no SVG namespace: a browser would not draw it as SVG
    ],
)
def test_a_root_other_than_svg_is_refused(content):
    assert "n'est pas une image SVG" in refused("logo.svg", content)


def test_a_broken_svg_is_refused():
    assert "n'est pas un SVG lisible" in refused("logo.svg", "<svg xmlns='x'><rect></svg>")
