"""``fupin createtoken`` and ``fupin revoketoken``: API tokens for programs."""

from __future__ import annotations

import typer

from fupin.commands.web import console, setup_django
from fupin.i18n import gettext as _


def createtoken(
    username: str = typer.Argument(..., help=_("The user the token acts for.")),
    expires: int = typer.Option(None, "--expires", help=_("Days until the token expires.")),
    name: str = typer.Option("", "--name", help=_("What the token is for (shown in the admin).")),
) -> None:
    """Prints a new API token for USERNAME; only its hash is kept, so it is shown once."""
    setup_django()
    from django.utils import timezone

    from fupin.registry.errors import RecordError
    from fupin.registry.services.tokens import create_token

    try:
        text, token = create_token(username, now=timezone.now(), days=expires, name=name)
    except RecordError as exc:
        console.print(_("No token made: {error}").format(error=exc))
        raise typer.Exit(code=1) from None
    typer.echo(text)
    until = f"{token.expires_at:%Y-%m-%d}" if token.expires_at else _("never")
    # The token alone on stdout (for scripts); what it is on stderr.
    message = _(
        "Token {prefix} for {user}, expires {until}. Send it as: Authorization: Bearer TOKEN"
    )
    typer.echo(message.format(prefix=token.prefix, user=username, until=until), err=True)


def revoketoken(
    token: str = typer.Argument(
        ..., help=_("The token, or its prefix (the 8 characters after fupin_).")
    ),
) -> None:
    """Revokes an API token: every later request with it is refused."""
    setup_django()
    from django.utils import timezone

    from fupin.registry.errors import RecordError
    from fupin.registry.services.tokens import revoke_token

    try:
        revoked = revoke_token(token, now=timezone.now())
    except RecordError as exc:
        console.print(_("Nothing revoked: {error}").format(error=exc))
        raise typer.Exit(code=1) from None
    console.print(_("Token {prefix} is revoked.").format(prefix=revoked.prefix))


def register(app: typer.Typer) -> None:
    """Adds the token commands to the CLI."""
    app.command("createtoken", help=_("Prints a new API token for a user."))(createtoken)
    app.command("revoketoken", help=_("Revokes an API token."))(revoketoken)
