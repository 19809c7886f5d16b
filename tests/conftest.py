"""Shared fixtures: small workspaces written into a temporary folder, one per scenario."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

COUNCIL = """\
name = "Nottingham City Council"
address = "Loxley House, Station Street, Nottingham, NG2 3NG"
publish_url = "https://democracy.example.gov.uk/"
signatory = "Director for Legal and Governance"
uid_domain = "democracy.example.gov.uk"
"""

COMMITTEE = """\
name = "Children and Young People Scrutiny Committee"
year = "2023/24"
venue = "Loxley House"
time = 09:30:00
"""


class Workspace:
    """A temporary workspace a test can write programme files and documents into."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "programme").mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def council(self, extra: str = "") -> None:
        self.write("programme/council.toml", COUNCIL + textwrap.dedent(extra))

    def committee(self, body: str, slug: str = "cyp", head: str = COMMITTEE) -> Path:
        return self.write(f"programme/{slug}.toml", head + textwrap.dedent(body))

    def folder(self, slug: str, date: str) -> Path:
        path = self.root / "packs" / slug / date
        path.mkdir(parents=True, exist_ok=True)
        return path


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    workspace.council()
    return workspace


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example workspace, safe to change."""
    return copy_example(tmp_path / "example")


def copy_example(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("programme", "packs", "templates"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example workspace, built once with the real LibreOffice for the whole session."""
    from typer.testing import CliRunner

    from agendapack.cli import app

    root = copy_example(tmp_path_factory.mktemp("built") / "example")
    result = CliRunner().invoke(app, ["build", "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def example_with_cache(tmp_path, built_example) -> Path:
    """A fresh copy of the built example, conversion cache and outputs included."""
    root = copy_example(tmp_path / "example")
    shutil.copytree(built_example / "build", root / "build")
    return root
