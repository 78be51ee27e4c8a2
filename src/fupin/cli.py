"""The ``fupin`` command: one entry point for the web, the generators and the rules kernel.

Typer reads help texts when a command is registered, so the language must be chosen before the
command modules are imported: ``main()`` reads ``--lang`` (else the locale) from the command line
first, then builds the app. ``from fupin.cli import app`` builds it in the active language.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import typer

from fupin import __version__, i18n
from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_

# Each module adds its commands to the app through ``register(app)``; keeping the list here
# makes the CLI's surface visible in one place.
COMMAND_MODULES = (
    "fupin.commands.web",
    "fupin.commands.tokens",
    "fupin.commands.registry",
    "fupin.commands.survey",
    "fupin.commands.ledger",
    "fupin.commands.worker",
    "fupin.commands.synth",
    "fupin.commands.identify",
    "fupin.commands.monitor",
    "fupin.commands.batch",
)

APP_HELP = N_(
    "Fupin (扶贫): targeted poverty alleviation — identification, assistance, management, "
    "assessment and monitoring."
)
LANG_HELP = N_("Language of messages and reasons: zh-hans or en (default: the locale).")
VERSION_HELP = N_("Prints Fupin's version.")


def _global_options_callback() -> Callable[..., None]:
    # Built per app so that the --lang help is read in the language active at build time.
    def global_options(
        lang: str = typer.Option(None, "--lang", help=_(LANG_HELP)),
    ) -> None:
        try:
            i18n.activate(lang)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--lang") from None

    return global_options


def version() -> None:
    """Prints Fupin's version."""
    typer.echo(__version__)


def build_app() -> typer.Typer:
    """The ``fupin`` app with every command module registered, its help in the active language."""
    built = typer.Typer(name="fupin", help=_(APP_HELP), no_args_is_help=True, add_completion=False)
    built.callback()(_global_options_callback())
    built.command("version", help=_(VERSION_HELP))(version)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(built)
    return built


def language_from_argv(argv: Sequence[str]) -> str | None:
    """The value of a leading ``--lang X`` / ``--lang=X`` (before the subcommand), else None."""
    for index, token in enumerate(argv):
        if token == "--lang":
            return argv[index + 1] if index + 1 < len(argv) else None
        if token.startswith("--lang="):
            return token.split("=", 1)[1]
        if not token.startswith("-"):
            return None  # the subcommand: options after it are the subcommand's own
    return None


def _activate_early(argv: Sequence[str]) -> None:
    try:
        i18n.activate(language_from_argv(argv))
    except ValueError:
        i18n.activate(None)  # the locale; the --lang callback reports the bad value in it


_built: typer.Typer | None = None


def __getattr__(name: str) -> typer.Typer:
    # ``app`` is built on first use, not at import, so that main() can pick the language first.
    global _built
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _built is None:
        _built = build_app()
    return _built


INTERNAL_ERROR = 3  # a fault in Fupin itself; 1 and 2 are the commands' documented outcomes


def _write_error_log(error: BaseException) -> Path:
    """Writes the traceback of an unexpected error to a log file of its own; returns its path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    handle, name = tempfile.mkstemp(prefix=f"fupin-error-{stamp}-", suffix=".log")
    with os.fdopen(handle, "w", encoding="utf-8") as log:
        log.write(f"fupin {__version__}: {' '.join(sys.argv)}\n")
        log.write("".join(traceback.format_exception(error)))
    return Path(name)


def run_command(argv: Sequence[str]) -> int:
    """Runs the ``fupin`` command line ``argv``; an unexpected error becomes one line on stderr,
    the path of a log holding its details, and exit code 3 — never a traceback."""
    _activate_early(argv)
    try:
        build_app()(args=list(argv), prog_name="fupin", standalone_mode=True)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # anything the commands did not turn into a clear refusal
        log = _write_error_log(error)
        message = _("Internal error ({kind}); nothing more was done. Details: {log}")
        print(message.format(kind=type(error).__name__, log=log), file=sys.stderr)
        return INTERNAL_ERROR
    return 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run_command(sys.argv[1:]))


if __name__ == "__main__":
    main()
