"""What the browser tests share: logging a cast user in, and submitting a procedure step's form."""

from __future__ import annotations

from typing import Any


def log_in(page: Any, base_url: str, username: str) -> None:
    """Logs ``username`` of the cast in on ``page`` through the login form."""
    from cast import CAST_PASSWORD

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CAST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def page_as(chromium: Any, base_url: str, username: str, **options: Any) -> Any:
    """A new page of its own browser context (English), logged in as ``username``."""
    page = chromium.new_context(locale="en-US", **options).new_page()
    log_in(page, base_url, username)
    return page


def submit_step(page: Any, action: str) -> str:
    """Submits the form of the step ``action`` and returns the page's text after it."""
    page.click(f"#step-{action} button[type=submit]")
    page.wait_for_load_state()
    return str(page.inner_text("body"))
