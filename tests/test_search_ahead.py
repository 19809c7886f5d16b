"""The site's search started before the last pack is collated (commands/build.py,
site.start_search): Pagefind indexes once, and only records that are the site's own."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.programme.load import load_workspace
from agendapack.site import search
from agendapack.site.site import SiteSearch, start_search
from agendapack.store import opened


def test_a_build_indexes_once_with_the_search_started_ahead(example_with_cache, monkeypatch):
    made = []
    original = search.SearchIndex.__init__

    def counted(self, workspace, records):
        made.append(records)
        original(self, workspace, records)

    monkeypatch.setattr(search.SearchIndex, "__init__", counted)
    result = CliRunner().invoke(app, ["build", "--force", "--workspace", str(example_with_cache)])
    assert result.exit_code == 0, result.output

    # started ahead from the edition as it would be, then found to be the site's own
    assert len(made) == 1
    workspace = load_workspace(example_with_cache).workspace
    assert workspace is not None
    with opened(workspace.layout):
        assert made[0] == search.search_records(workspace)
    pages = [r for r in made[0] if r.page]
    assert pages and all("pack.pdf#page=" in r.url for r in pages)


@pytest.mark.parametrize("finished", [False, True])
def test_a_search_started_on_other_records_is_stopped_and_leaves_nothing(
    example_with_cache, finished
):
    workspace = load_workspace(example_with_cache).workspace
    assert workspace is not None
    cache = workspace.layout.search_index
    with opened(workspace.layout):
        records = search.search_records(workspace)
        stale = records[:-1]  # an edition that was not written as it was told
        started = SiteSearch(stale, search.SearchIndex(workspace, stale))
        assert started.index is not None and started.index.process is not None
        if finished:  # Pagefind done before the records are found not to be the site's
            started.index.process.wait()

        used = start_search(workspace, started=started)

        assert used is not started and used.records == records
        assert started.index.process.poll() is not None  # Pagefind stopped
        assert used.index is not None
        used.index.files()
    assert not [p.name for p in cache.iterdir() if p.name.startswith(".")]


def test_a_paper_poppler_cannot_read_is_a_warning_and_the_site_is_written(
    example_with_cache, monkeypatch
):
    from agendapack.errors import Problem
    from agendapack.pack import text

    original = text.TextReader.pages

    def pages(self, paper, shown=""):
        if paper.name == "05-early-help.pdf":  # as documents/ holds it
            raise text.Unreadable(Problem.error(str(paper), "poppler could not read it"))
        return original(self, paper, shown)

    monkeypatch.setattr(text.TextReader, "pages", pages)
    result = CliRunner().invoke(app, ["build", "--force", "--workspace", str(example_with_cache)])
    assert result.exit_code == 0, result.output
    assert "05-early-help.pdf: warning: poppler could not read its text" in result.output
    site = example_with_cache / "build/site"
    assert (site / "search.html").is_file()


def test_untagged_papers_copied_tagged_to_documents_are_indexed_once(tmp_path, monkeypatch):
    """An untagged paper's documents/ copy is tagged (not the clean copy the search read
    ahead): its text is read again while the edition is written, the same words, and the
    index started ahead is the site's."""
    from tests.conftest import Workspace
    from tests.test_untagged import PROGRAMME, _grants

    ws = Workspace(tmp_path / "ws")
    ws.council()
    folder = ws.folder("cyp", "2023-11-02")
    _grants(folder / "grants.pdf")
    _grants(folder / "survey.pdf")
    ws.committee(PROGRAMME)
    made = []
    original = search.SearchIndex.__init__

    def counted(self, workspace, records):
        made.append(records)
        original(self, workspace, records)

    monkeypatch.setattr(search.SearchIndex, "__init__", counted)
    result = CliRunner().invoke(app, ["build", "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert len(made) == 1
    pages = [r for r in made[0] if r.page]
    assert pages and any("Grants round" in r.content for r in pages)
