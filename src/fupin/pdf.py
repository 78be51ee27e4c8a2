"""HTML to PDF, offline: WeasyPrint with the machine's own fonts (a CJK font for Chinese).

Nothing is fetched while rendering: a document may embed images as ``data:`` URLs, and any other
address it names is refused, so a PDF made on a county server never reaches the network.
"""

from __future__ import annotations

from typing import Any

# The families the stylesheets ask for, first found wins; Debian's fonts-noto-cjk gives the first.
CJK_FONTS = '"Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC"'


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run on this machine (its Pango library is missing)."""


class OfflineFetchRefused(ValueError):
    """A document asked for a resource that is not embedded in it."""


def _embedded_only(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher, limited to ``data:`` URLs (the document's own content)."""
    if not url.startswith("data:"):
        raise OfflineFetchRefused(f"PDF rendering fetches nothing: refused {url[:80]}")
    from weasyprint.urls import default_url_fetcher

    return dict(default_url_fetcher(url))


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a whole document with its stylesheet inline)."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads Pango through cffi when imported
        raise PdfUnavailable(
            "PDF output needs the Pango library: install it with your system's packages "
            f"(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) ({exc})"
        ) from exc
    pdf = HTML(string=html, url_fetcher=_embedded_only).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)
