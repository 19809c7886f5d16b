"""Docs that cannot drift: every command is documented, every programme key is described."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PROGRAMME_DOC = (ROOT / "docs/programme.md").read_text()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_readme_opens_with_the_two_commands():
    assert "make run" in README.split("```")[1] and "make test" in README.split("```")[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert f"`agendapack {name}" in README
    command = typer.main.get_command(app).commands[name]
    assert command.help and "--workspace" in result.output


TABLES = {
    "council.toml": ("programme/council.toml", 'name = "X"\n{probe}\n'),
    "committee": ("programme/c.toml", 'name = "C"\n{probe}\n'),
    "[officer]": ("programme/c.toml", 'name = "C"\n[officer]\n{probe}\n'),
    "[[meeting]]": ("programme/c.toml", 'name = "C"\n[[meeting]]\ndate = 2024-01-01\n{probe}\n'),
    "[[meeting.item]]": (
        "programme/c.toml",
        'name = "C"\n[[meeting]]\ndate = 2024-01-01\n[[meeting.item]]\ntitle = "T"\n{probe}\n',
    ),
    "document": (
        "programme/c.toml",
        'name = "C"\n[[meeting]]\ndate = 2024-01-01\n'
        '[[meeting.item]]\ntitle = "T"\ndocuments = [{{ file = "a.pdf", {probe} }}]\n',
    ),
    "[[meeting.resolution]]": (
        "programme/c.toml",
        'name = "C"\n[[meeting]]\ndate = 2024-01-01'
        '\n[[meeting.resolution]]\nkind = "action"\ntext = "T"\n{probe}\n',
    ),
    "[[recurring]]": (
        "programme/c.toml",
        'name = "C"\n[[recurring]]\ntitle = "T"\nmonth = 1\n{probe}\n',
    ),
    "[[pending]]": ("programme/c.toml", 'name = "C"\n[[pending]]\ntitle = "T"\n{probe}\n'),
}


@pytest.mark.parametrize("table", TABLES)
def test_every_programme_key_is_in_the_docs(table, tmp_path):
    path, text = TABLES[table]
    (tmp_path / "programme").mkdir()
    (tmp_path / "programme/council.toml").write_text('name = "X"\n')
    (tmp_path / path).write_text(text.format(probe="zzzzzzzz = 1"))
    problems = [str(p) for p in load_workspace(tmp_path).problems]
    message = next(p for p in problems if "unknown key `zzzzzzzz`" in p)
    keys = re.findall(r"`([a-z_]+)`", message.split("; it has ", 1)[1])
    assert keys
    for key in keys:
        as_table = re.search(rf"\[\[?([a-z]+\.)?{key}\]\]?", PROGRAMME_DOC)
        assert f"`{key}`" in PROGRAMME_DOC or as_table, f"{table}: `{key}` is not documented"
