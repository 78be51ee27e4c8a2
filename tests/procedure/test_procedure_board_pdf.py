"""The village board's printable A4 notice: public, masked as the board is, rate-limited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from fupin.procedure.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _notice(cast, title: str, days_ago: int = 0) -> Notice:  # type: ignore[no-untyped-def]
    from django.contrib.contenttypes.models import ContentType

    from fupin.registry.models import Household

    posted = timezone.localdate() - dt.timedelta(days=days_ago)
    return Notice.objects.create(
        subject_type=ContentType.objects.get_for_model(Household), subject_id=cast.h_a1_1.pk,
        region=cast.village_a1, procedure="identification.identification", title=title,
        body="Household of 张** (ID 9901**********0012) proposed for the poor list.",
        posted_on=posted, days=7, ends_on=posted + dt.timedelta(days=6),
    )  # fmt: skip


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_board_prints_one_notice_a_page_without_a_login(cast):
    _notice(cast, "First notice: identification")
    _notice(cast, "Second notice: exit")
    _notice(cast, "Long gone", days_ago=30)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/notices/village/990102001001/print.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    text = _text(response.content)
    assert "First notice: identification" in text and "Second notice: exit" in text
    assert "Long gone" not in text
    assert "9901**********0012" in text and "/notices/village/990102001001/" in text


def test_the_chinese_printout_draws_chinese(cast):
    _notice(cast, "识别公示")
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/notices/village/990102001001/print.pdf")
    text = _text(response.content)
    assert "识别公示" in text and "张**" in text and "村委会" in text


def test_a_township_or_an_unknown_code_has_no_board(cast):
    assert Client().get("/notices/village/990102001000/print.pdf").status_code == 404
    assert Client().get("/notices/village/nonsense/print.pdf").status_code == 404


def test_printouts_are_rate_limited_per_address(cast, monkeypatch):
    from fupin.procedure.views import notices

    monkeypatch.setattr(notices, "PDF_LIMIT", 2)
    client = Client()
    codes = [client.get("/notices/village/990102001001/print.pdf").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
