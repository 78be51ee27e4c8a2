"""The ``fupin`` command's help follows ``--lang`` (or the locale), for the app and each command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fupin import cli


def _help(*args: str, locale: str = "C.UTF-8") -> str:
    # A fresh process: help texts are read when the command modules are first imported.
    env = {**os.environ, "LANG": locale, "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "fupin.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_lang_en_gives_english_help_in_a_chinese_locale() -> None:
    text = _help("--lang", "en", "--help", locale="zh_CN.UTF-8")
    assert "Creates or upgrades the database schema." in text
    assert "Language of messages and reasons" in text
    assert "创建或升级数据库结构" not in text


def test_lang_zh_hans_translates_a_commands_help_and_options() -> None:
    text = _help("--lang=zh-hans", "migrate", "--help", locale="en_US.UTF-8")
    assert "创建或升级数据库结构。" in text
    assert "逐条列出迁移。" in text
    assert "List each migration." not in text


def test_without_lang_the_locale_decides() -> None:
    text = _help("--help", locale="zh_CN.UTF-8")
    assert "显示 Fupin 的版本号。" in text
    assert "用 waitress 运行网站，并为后台任务启动后台服务。" in text


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "en", "identify"], "en"),
        (["--lang=zh-hans", "--help"], "zh-hans"),
        (["identify", "--lang", "en"], None),  # after the subcommand it is not the global option
        (["--lang"], None),
        ([], None),
    ],
)
def test_language_is_read_from_the_leading_options(argv: list[str], expected: str | None) -> None:
    assert cli.language_from_argv(argv) == expected


def test_the_app_registers_every_command_module() -> None:
    names = {command.name for command in cli.app.registered_commands}
    groups = {group.name for group in cli.app.registered_groups}
    assert {"version", "migrate", "createuser", "serve", "demo", "identify"} <= names
    assert "synth" in groups
    assert all(name.startswith("fupin.commands.") for name in cli.COMMAND_MODULES)


HELP_DUMP = """
import json, re, sys
import typer
from fupin import i18n
i18n.activate("zh-hans")
from fupin.cli import build_app
command = typer.main.get_command(build_app())
found = []
def walk(cmd, path):
    found.append((path, cmd.help or ""))
    for param in cmd.params:
        found.append((path + " " + (param.opts[0] if param.opts else param.name), getattr(param, "help", "") or ""))
    for name, sub in getattr(cmd, "commands", {}).items():
        walk(sub, path + " " + name)
walk(command, "fupin")
json.dump(found, sys.stdout)
"""
# Command paths exempt from the check (none: every command's help is translated).
NOT_YET_TRANSLATED: tuple[str, ...] = ()


def test_every_help_text_of_the_finished_commands_is_translated() -> None:
    import json

    done = subprocess.run(
        [sys.executable, "-c", HELP_DUMP],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    untranslated = [
        (path, text)
        for path, text in json.loads(done.stdout)
        if text
        and not path.startswith(NOT_YET_TRANSLATED)
        and not any("\u4e00" <= char <= "\u9fff" for char in text)
    ]
    assert untranslated == []
