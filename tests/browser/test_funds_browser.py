"""In a real browser: an auditor traces a household's payment back to its fund source, and the
public page checks the payment's inclusion proof and the head's signature with WebCrypto."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import page_as

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "funds"))
from ledger_helpers import signed_ledger  # noqa: E402

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ledger(cast, settings, tmp_path):  # type: ignore[no-untyped-def]
    return signed_ledger(cast, settings, tmp_path)


def _verdicts(page: Any) -> tuple[str, str]:
    page.wait_for_function(
        "document.getElementById('head-result').dataset.ok !== ''"
        " && document.getElementById('inclusion-result').dataset.ok !== ''"
    )
    return (page.get_attribute("#inclusion-result", "data-ok"),
            page.get_attribute("#head-result", "data-ok"))  # fmt: skip


def test_an_auditor_traces_a_payment_and_the_public_page_proves_it(ledger, chromium, live_server):
    page = page_as(chromium, live_server.url, "auditor")
    page.goto(f"{live_server.url}/households/H-a1-1/")
    page.click("text=Funds received, traced to their sources")
    text = page.inner_text("main")
    assert "Central special fund 2026" in text and "#2 SRC:central-2026 → REG:990102001000" in text
    page.click("#entry-5 >> text=public proof")
    assert page.url.endswith("/funds/public/entries/5/")
    assert _verdicts(page) == ("yes", "yes")
    assert len(page.inner_text("#leaf-hash")) == 64
    # What the page shows is what the script checked: the entry and the key come from its data.
    assert '"amount_fen":100000' in page.inner_text("#entry-text")
    assert len(page.inner_text("#public-key")) == 64


def test_a_tampered_amount_or_signature_fails_in_the_browser(ledger, chromium, live_server):
    context = chromium.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"})
    page = context.new_page()

    def altered(route: Any) -> None:
        body = route.fetch().text()
        route.fulfill(body=body.replace('\\"amount_fen\\":100000', '\\"amount_fen\\":900000'),
                      content_type="text/html")  # fmt: skip

    page.route("**/funds/public/entries/5/", altered)
    page.goto(f"{live_server.url}/funds/public/entries/5/")
    assert _verdicts(page)[0] == "no"
    assert "未能证明" in page.inner_text("#inclusion-result") or "Not proven" in page.inner_text(
        "#inclusion-result"
    )
    page.unroute("**/funds/public/entries/5/")

    def forged(route: Any) -> None:
        body = route.fetch().text()
        route.fulfill(
            body=body.replace('"signature": "', '"signature": "00'), content_type="text/html"
        )

    page.route("**/funds/public/entries/5/", forged)
    page.goto(f"{live_server.url}/funds/public/entries/5/")
    assert _verdicts(page) == ("yes", "no")
