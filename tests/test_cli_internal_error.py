"""A fault inside a command is exit code 3, one line naming a log, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import typer

from fupin import cli


def _app_that_fails() -> typer.Typer:
    app = typer.Typer()
    app.callback()(cli._global_options_callback())  # --lang, as the real app has

    @app.command()
    def broken(count: int = 1) -> None:
        raise RuntimeError(f"deliberate fault {count}")

    @app.command()
    def refuses() -> None:
        raise typer.Exit(2)

    return app


def test_an_unexpected_error_exits_3_with_one_line_and_a_log(monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "build_app", _app_that_fails)
    assert cli.run_command(["--lang", "en", "broken", "--count", "7"]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("Internal error (RuntimeError)")
    log = Path(err.rsplit("Details: ", 1)[1])
    details = log.read_text(encoding="utf-8")
    assert "deliberate fault 7" in details and "Traceback" in details
    log.unlink()


def test_documented_exit_codes_pass_through(monkeypatch) -> None:
    monkeypatch.setattr(cli, "build_app", _app_that_fails)
    assert cli.run_command(["refuses"]) == 2
    assert cli.run_command(["no-such-command"]) == 2  # a usage error, as the shell expects


def test_a_real_command_exits_0() -> None:
    assert cli.run_command(["--lang", "en", "version"]) == 0
