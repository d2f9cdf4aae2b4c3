"""An authority's logo: checked byte by byte before it is stored, served as an image only.

The logo is shown on every page of the authority's members, so a file that could run script
(an SVG with ``<script>`` or an ``onload``), load something from elsewhere (an external
``href``, an ``@import``) or blow up a parser (an entity bomb) is refused before it is saved.
PNG files are read with ``struct`` (signature, IHDR, every chunk up to IEND): no image library.
SVG files are parsed with ``defusedxml``, which refuses DTDs, entities and external references.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 2000  # width and height of a PNG
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}

# Elements that run script, embed another document or change links by animation.
_FORBIDDEN_ELEMENTS = {
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
}
_ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
# In CSS (a style attribute or element): a url() to anything but a fragment, or an @import.
_EXTERNAL_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    """A checked logo: its format ("png" or "svg") and its bytes."""

    kind: str
    content: bytes

    def __str__(self) -> str:  # as the conflict table shows a new logo
        return self.filename

    @property
    def filename(self) -> str:
        return f"logo.{self.kind}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def check_logo(upload: UploadedFile) -> Logo:
    """The checked logo, or ``ValidationError`` with a French message saying what to do."""
    if upload.size is not None and upload.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("Le logo pèse %(size)s, au-delà du maximum de %(max)s : allégez-le.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_LOGO_BYTES)}
        )
    upload.seek(0)
    content = upload.read(MAX_LOGO_BYTES + 1)
    upload.seek(0)
    if len(content) > MAX_LOGO_BYTES:
        raise ValidationError(
            _("Le logo dépasse le maximum de %(max)s : allégez-le.")
            % {"max": filesizeformat(MAX_LOGO_BYTES)}
        )
    extension = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            _("Le logo doit être un fichier PNG ou SVG (le fichier déposé est « %(name)s »).")
            % {"name": upload.name or "?"}
        )
    if extension == "png":
        check_png(content)
    else:
        check_svg(content)
    return Logo(kind=extension, content=content)


# --- PNG ------------------------------------------------------------------------------------


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk of a file that starts like a PNG."""
    if not content.startswith(PNG_SIGNATURE):
        raise ValidationError(
            _(
                "Ce fichier n'est pas une image PNG (sa signature ne correspond pas) : "
                "enregistrez le logo au format PNG ou SVG."
            )
        )
    header = content[8:33]
    if len(header) < 25:
        raise ValidationError(_("Cette image PNG est tronquée : enregistrez-la à nouveau."))
    length, chunk_type = struct.unpack(">I4s", header[:8])
    if length != 13 or chunk_type != b"IHDR":
        raise ValidationError(
            _("Cette image PNG ne commence pas par son en-tête (IHDR) : enregistrez-la à nouveau.")
        )
    width, height = struct.unpack(">II", header[8:16])
    return width, height


def check_png(content: bytes) -> None:
    width, height = png_size(content)
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise ValidationError(
            _(
                "Le logo mesure %(width)s × %(height)s pixels ; le maximum est %(max)s × %(max)s. "
                "Réduisez-le."
            )
            % {"width": width, "height": height, "max": MAX_LOGO_PIXELS}
        )
    # Every chunk: its length within the file, its checksum right, IEND last.
    position = 8
    while True:
        if position + 12 > len(content):
            raise ValidationError(_("Cette image PNG est tronquée : enregistrez-la à nouveau."))
        length, chunk_type = struct.unpack(">I4s", content[position : position + 8])
        end = position + 12 + length
        if end > len(content):
            raise ValidationError(_("Cette image PNG est tronquée : enregistrez-la à nouveau."))
        data = content[position + 8 : end - 4]
        (crc,) = struct.unpack(">I", content[end - 4 : end])
        if zlib.crc32(chunk_type + data) != crc:
            raise ValidationError(_("Cette image PNG est abîmée : enregistrez-la à nouveau."))
        position = end
        if chunk_type == b"IEND":
            break
    if position != len(content):
        raise ValidationError(
            _("Cette image PNG contient des données après sa fin : enregistrez-la à nouveau.")
        )


# --- SVG ------------------------------------------------------------------------------------


def _local(name: str) -> tuple[str, str]:
    """``{namespace}local`` → (namespace, local)."""
    if name.startswith("{"):
        namespace, _sep, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _svg_error(reason: str) -> ValidationError:
    return ValidationError(
        _("Ce logo SVG est refusé : %(reason)s. Enregistrez-le à nouveau en « SVG simple ».")
        % {"reason": reason}
    )


def check_svg(content: bytes) -> None:
    # Read before parsing, for a message that names the problem; the parser refuses them too.
    head = content.lower()
    if b"<!entity" in head:
        raise _svg_error(_("il déclare des entités XML (<!ENTITY>)"))
    if b"<!doctype" in head:
        raise _svg_error(_("il contient une déclaration de type de document (<!DOCTYPE>)"))
    if b"<?xml-stylesheet" in head:
        raise _svg_error(_("il charge une feuille de style externe"))
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise _svg_error(_("il déclare des entités ou des références externes")) from exc
    except (ParseError, ValueError) as exc:
        raise ValidationError(
            _("Ce fichier n'est pas un SVG lisible (%(error)s) : enregistrez le logo à nouveau.")
            % {"error": str(exc)[:80]}
        ) from exc
    if _local(root.tag) != (SVG_NAMESPACE, "svg"):
        raise ValidationError(
            _(
                "Ce fichier n'est pas une image SVG (son élément racine est « %(tag)s », "
                "il faut « svg » avec l'espace de noms SVG)."
            )
            % {"tag": _local(root.tag)[1][:40]}
        )
    for element in root.iter():
        _check_element(element)


def _check_element(element: Element) -> None:
    if not isinstance(element.tag, str):
        return
    namespace, local = _local(element.tag)
    name = local.lower()
    if name in _FORBIDDEN_ELEMENTS or namespace == XHTML_NAMESPACE:
        raise _svg_error(_("il contient un élément <%(tag)s>") % {"tag": local[:40]})
    if name == "style" and _EXTERNAL_CSS.search(element.text or ""):
        raise _svg_error(_("sa feuille de style charge un fichier externe"))
    for attribute, value in element.attrib.items():
        _ns, attr = _local(attribute)
        attr_name = attr.lower()
        if attr_name.startswith("on"):
            raise _svg_error(_("l'attribut « %(attr)s » lancerait un script") % {"attr": attr[:40]})
        if attr_name == "href" and not value.strip().startswith("#"):
            raise _svg_error(
                _("il renvoie vers un fichier ou une adresse externe (« %(href)s »)")
                % {"href": value[:60]}
            )
        if attr_name == "style" and _EXTERNAL_CSS.search(value):
            raise _svg_error(_("un style charge un fichier externe"))
        if name in _ANIMATIONS and attr_name == "attributename":
            target = value.strip().lower().rpartition(":")[2]
            if target == "href" or target.startswith("on"):
                raise _svg_error(
                    _("une animation modifie l'attribut « %(attr)s »") % {"attr": value[:40]}
                )
