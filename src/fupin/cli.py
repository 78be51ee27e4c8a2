"""The ``fupin`` command: one entry point for the web, the generators and the rules kernel."""

from __future__ import annotations

import importlib

import typer

from fupin import __version__, i18n

# Each module adds its commands to the app through ``register(app)``; keeping the list here
# makes the CLI's surface visible in one place.
COMMAND_MODULES = (
    "fupin.commands.web",
    "fupin.commands.synth",
    "fupin.commands.identify",
)

app = typer.Typer(
    name="fupin",
    help="Fupin (扶贫): targeted poverty alleviation — identification, assistance, management, "
    "assessment and monitoring.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _global_options(
    lang: str = typer.Option(
        None, "--lang", help="Language of messages and reasons: zh-hans or en (default: the locale)."
    ),
) -> None:
    try:
        i18n.activate(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None


@app.command()
def version() -> None:
    """Prints Fupin's version."""
    typer.echo(__version__)


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
