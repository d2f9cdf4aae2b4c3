"""A news item's image: checked byte by byte before it is stored, like the authority's logo.

PNG (every chunk read by ``core.logos``) or JPEG (its markers walked up to the end of the
image), 2 MB at most, 2,000 pixels a side at most. No SVG: a photograph is what a news item
carries, and an SVG could carry script.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from maillage.core import logos

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = logos.MAX_LOGO_PIXELS  # 2,000
EXTENSIONS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg"}
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
# Start-of-frame markers (baseline, progressive…), which carry the image's size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class Image:
    kind: str
    content: bytes

    @property
    def extension(self) -> str:
        return "png" if self.kind == "png" else "jpg"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def check_image(upload: UploadedFile) -> Image:
    """The checked image, or ``ValidationError`` with a French message saying what to do."""
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("L'image pèse %(size)s, au-delà du maximum de %(max)s : allégez-la.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_IMAGE_BYTES)}
        )
    upload.seek(0)
    content = upload.read(MAX_IMAGE_BYTES + 1)
    upload.seek(0)
    if len(content) > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("L'image dépasse le maximum de %(max)s : allégez-la.")
            % {"max": filesizeformat(MAX_IMAGE_BYTES)}
        )
    name = upload.name or ""
    kind = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if kind is None:
        raise ValidationError(
            _("L'image doit être un fichier PNG ou JPEG (le fichier déposé est « %(name)s »).")
            % {"name": name or "?"}
        )
    width, height = _png(content) if kind == "png" else _jpeg(content)
    if not (0 < width <= MAX_IMAGE_PIXELS and 0 < height <= MAX_IMAGE_PIXELS):
        raise ValidationError(
            _(
                "L'image mesure %(width)s × %(height)s pixels ; le maximum est %(max)s × %(max)s."
                " Réduisez-la."
            )
            % {"width": width, "height": height, "max": MAX_IMAGE_PIXELS}
        )
    return Image(kind=kind, content=content)


def _png(content: bytes) -> tuple[int, int]:
    width, height = logos.png_size(content)
    if 0 < width <= MAX_IMAGE_PIXELS and 0 < height <= MAX_IMAGE_PIXELS:
        logos.check_png(content)  # every chunk: checksums, IEND last, nothing after it
    return width, height


def _jpeg_error() -> ValidationError:
    return ValidationError(
        _("Ce fichier n'est pas une image JPEG lisible : enregistrez-la à nouveau.")
    )


def _jpeg(content: bytes) -> tuple[int, int]:
    """Width and height from the frame header, after walking the markers from the start."""
    if not content.startswith(b"\xff\xd8\xff") or not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise _jpeg_error()
    position = 2
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            raise _jpeg_error()
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        if length < 2 or position + 2 + length > len(content):
            raise _jpeg_error()
        if marker in _SOF:
            if length < 7:
                raise _jpeg_error()
            height, width = struct.unpack(">HH", content[position + 5 : position + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            break
        position += 2 + length
    raise _jpeg_error()
