"""What a household's file accepts: PDFs and images, by their bytes (not their name), up to a size."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from fupin.dossier.errors import DocumentError

# The types accepted, by the signature their first bytes carry, and the extension stored.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
ACCEPTED = ", ".join(ext.upper() for _magic, _type, ext in SIGNATURES)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its bytes, their type, extension and hash."""

    content: bytes
    content_type: str
    extension: str
    sha256: str


def _type_of(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def _image_is_whole(content: bytes) -> bool:
    """True when Pillow reads the image to its end (a truncated or forged photo fails)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def check_upload(stream: IO[bytes], name: str, *, field: str = "file") -> CheckedUpload:
    """Reads and checks one upload; raises DocumentError naming ``field`` and the file."""
    limit = int(settings.UPLOAD_MAX_BYTES)
    content = stream.read(limit + 1)
    if not content:
        raise DocumentError([(field, _("%(name)s is empty.") % {"name": name})])
    if len(content) > limit:
        message = _("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": limit // 2**20}
        raise DocumentError([(field, message)])
    found = _type_of(content[:16])
    if found is None:
        message = _("%(name)s is not a PDF or an image (accepted: %(types)s).")
        raise DocumentError([(field, message % {"name": name, "types": ACCEPTED})])
    content_type, extension = found
    if content_type.startswith("image/") and not _image_is_whole(content):
        message = _("%(name)s is a damaged or incomplete image.") % {"name": name}
        raise DocumentError([(field, message)])
    if content_type == "application/pdf" and b"%%EOF" not in content[-2048:]:
        message = _("%(name)s is a damaged or incomplete PDF.") % {"name": name}
        raise DocumentError([(field, message)])
    return CheckedUpload(content, content_type, extension, hashlib.sha256(content).hexdigest())
