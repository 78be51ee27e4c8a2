"""The web application's commands: `fupin migrate`, `createuser`, `serve` and `demo`."""

from __future__ import annotations

import os
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fupin import i18n
from fupin.i18n import gettext as _

console = Console()


def setup_django() -> None:
    """Configures Django with Fupin's settings and the CLI's language."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate(i18n.get_language())


def _fail(message: str) -> typer.Exit:
    # markup=False: messages name places like members[2].id_number, which are not rich tags.
    console.print(message, style="red", markup=False, highlight=False)
    return typer.Exit(code=1)


def run_migrations(verbose: bool = False) -> None:
    """Brings the database schema up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    from fupin.registry.services.accounts import ensure_role_groups

    ensure_role_groups()


def migrate(
    verbose: bool = typer.Option(False, "--verbose", "-v", help=_("List each migration.")),
) -> None:
    """Creates or upgrades the database schema."""
    setup_django()
    from django.conf import settings

    run_migrations(verbose)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    console.print(_("The database is up to date ({engine}).").format(engine=engine))


def _password(password_env: str | None) -> str:
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            raise _fail(_("The environment variable {name} is not set.").format(name=password_env))
        return value
    return str(typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True))


def createuser(
    username: str = typer.Argument(..., help=_("Login name of the new user.")),
    role: str = typer.Option(
        ...,
        "--role",
        help=_(
            "county_office, township_office, village_cadre, "
            "paired_helper, auditor, assessor or public."
        ),
    ),
    region: str = typer.Option(
        ..., "--region", help=_("12-digit code of the region the user sees.")
    ),
    password_env: str = typer.Option(
        None, "--password-env", help=_("Read the password from this environment variable.")
    ),
) -> None:
    """Creates a user with a role, scoped to a region."""
    setup_django()
    from fupin.registry.errors import RecordError
    from fupin.registry.services.accounts import create_user

    password = _password(password_env)
    try:
        create_user(username, role, region, password)
    except RecordError as exc:
        raise _fail(_("User not created: {error}").format(error=exc)) from None
    console.print(
        _("Created user {username} ({role}, region {region}).").format(
            username=username, role=role, region=region
        )
    )


def _serve(host: str, port: int) -> None:
    import waitress

    from fupin.commands.worker import worker_beside
    from fupin.web.wsgi import application

    console.print(
        _("Serving Fupin at http://{host}:{port}/ (Ctrl+C stops).").format(host=host, port=port)
    )
    with worker_beside():  # background jobs run beside the pages
        try:
            waitress.serve(application, host=host, port=port, threads=8, _quiet=True)
        except KeyboardInterrupt:
            console.print(_("Stopped."))


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help=_("Address to listen on.")),
    port: int = typer.Option(8000, "--port", help=_("Port to listen on.")),
) -> None:
    """Serves the web application with waitress, and a worker for its background jobs."""
    setup_django()
    _serve(host, port)


def _load_labels() -> dict[str, str]:
    return {
        "generate": _("Generating the demo county and its years since 2014"),
        "checks": _("Checking the county"),
        "regions": _("Loading regions"),
        "households": _("Loading households"),
        "incomes": _("Loading income records"),
        "members": _("Loading members"),
        "events": _("Loading the status history"),
        "alerts": _("Creating monitoring alerts"),
    }


def _generate_and_load(scale: float) -> None:
    from fupin.demo.county import build_demo_county

    labels = _load_labels()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        tasks: dict[str, Any] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(labels.get(step, step), total=total)
            bar.update(tasks[step], completed=done, total=total)

        built = build_demo_county(scale, progress=report)
    console.print(
        _(
            "Loaded {households} households, {members} members, {incomes} income records and "
            "{events} status events; {alerts} monitoring alerts; in {seconds:.0f} s."
        ).format(
            households=built.load.households,
            members=built.load.members,
            incomes=built.load.incomes,
            events=built.load.events,
            alerts=built.monitoring.alerts,
            seconds=built.seconds,
        )
    )


def _print_logins() -> None:
    from fupin.demo.users import ensure_demo_users

    table = Table(title=_("Demo logins (demo only: these passwords are public)"))
    for header in (_("user"), _("password"), _("role"), _("region")):
        table.add_column(header)
    for login in ensure_demo_users():
        table.add_row(login.username, login.password, login.role_label, login.region)
    console.print(table)


def demo(
    host: str = typer.Option("127.0.0.1", "--host", help=_("Address to listen on.")),
    port: int = typer.Option(8000, "--port", help=_("Port to listen on.")),
    scale: float = typer.Option(
        1.0, "--scale", help=_("Size of the demo county (1 = about 130k households).")
    ),
    no_serve: bool = typer.Option(
        False, "--no-serve", help=_("Prepare the demo but do not serve.")
    ),
) -> None:
    """Migrates, loads the demo county once, creates demo users and serves the application."""
    setup_django()
    from fupin.registry.models import Household

    run_migrations()
    if Household.objects.exists():
        console.print(_("The database already holds households; reusing them."))
    else:
        _generate_and_load(scale)
    _print_logins()
    if not no_serve:
        _serve(host, port)


def register(app: typer.Typer) -> None:
    """Adds the web commands to the CLI."""
    app.command("migrate", help=_("Creates or upgrades the database schema."))(migrate)
    app.command("createuser", help=_("Creates a user with a role, scoped to a region."))(createuser)
    app.command(
        "serve", help=_("Serves the web application with waitress, and a worker for its jobs.")
    )(serve)
    app.command(
        "demo",
        help=_(
            "Migrates, loads the demo county once, creates demo users and serves the application."
        ),
    )(demo)
