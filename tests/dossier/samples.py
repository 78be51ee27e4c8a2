"""Small, whole files of each accepted type, for the household-file tests."""

from __future__ import annotations

import io

from PIL import Image


def png_bytes(colour: str = "red") -> bytes:
    """A small, whole PNG image."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    """A small, whole JPEG photo."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
