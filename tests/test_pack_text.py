"""The text of the papers for the site's search (pack/text.py): read while the build goes
on, read once, and the same text however it is read."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from agendapack.errors import AgendapackError
from agendapack.model import Council, Workspace
from agendapack.pack.text import TextReader


def _pack(path: Path, pages: int) -> None:
    """A PDF whose every page has words of its own, in two lines."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for number in range(1, pages + 1):
        content = (
            f"BT /F1 12 Tf 72 720 Td (Scrutiny of item {number}) Tj 0 -20 Td "
            f"(foster carers and budget line {number * 7}) Tj ET"
        ).encode()
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream(content),
            )
        )
        pdf.pages.append(page)
    pdf.save(path)


def _words(pages: list[str]) -> list[str]:
    return [" ".join(page.split()) for page in pages]


def _poppler(path: Path) -> list[str]:
    """The words of each page as pdftotext reads them: the GLib binding reads the same
    words, without pdftotext's blank lines between blocks."""
    out = subprocess.run(
        ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout
    return _words(out.decode("utf-8").split("\f")[:-1])


def test_papers_read_ahead_are_read_as_poppler_reads_them(tmp_path):
    workspace = Workspace(tmp_path, Council("Test Council"))
    long, short = tmp_path / "long.pdf", tmp_path / "short.pdf"
    _pack(long, 131)
    _pack(short, 2)

    with TextReader(workspace) as reader:
        reader.read_ahead(long)
        reader.read_ahead(short)
    # the site, with a reader of its own, waits for the reading ahead if it goes on
    with TextReader(workspace) as site:
        pages = site.pages(long)
        assert _words(pages) == _poppler(long)
        assert len(pages) == 131
        assert "budget line 917" in pages[130] and "item 66" in pages[65]
        assert _words(site.pages(short)) == _poppler(short)
    cache = workspace.layout.page_text
    assert len(list(cache.glob("*.json"))) == 2
    assert not list(cache.glob(".*"))  # no lock left behind


def test_the_site_finds_the_text_read_ahead_and_reads_the_paper_no_more(tmp_path, monkeypatch):
    workspace = Workspace(tmp_path, Council("Test Council"))
    paper = tmp_path / "paper.pdf"
    _pack(paper, 3)
    with TextReader(workspace) as reader:
        reader.read_ahead(paper)
    expected = _poppler(paper)
    with TextReader(workspace) as site:
        assert _words(site.pages(paper)) == expected

    # poppler gone: the text can only come from the reading already made
    import agendapack.pack.text as text

    monkeypatch.setattr(text, "UNO_PYTHON", str(tmp_path / "nowhere"))
    with TextReader(workspace) as site:
        site.read_ahead(paper)  # already read: nothing to do, nothing said
        assert _words(site.pages(paper)) == expected


def test_a_paper_poppler_cannot_read_is_one_line_from_the_site(tmp_path):
    workspace = Workspace(tmp_path, Council("Test Council"))
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(b"%PDF-1.7\nnot a paper at all\n")
    with TextReader(workspace) as reader:
        reader.read_ahead(paper)  # says nothing: the site says what is wrong
    with TextReader(workspace) as site, pytest.raises(AgendapackError) as raised:
        site.pages(paper)
    assert raised.value.lines == ["paper.pdf: error: poppler could not read it for the search"]
    # and the next paper is read all the same
    good = tmp_path / "good.pdf"
    _pack(good, 1)
    with TextReader(workspace) as site:
        with pytest.raises(AgendapackError):
            site.pages(paper)
        assert _words(site.pages(good)) == _poppler(good)


def test_without_poppler_for_python_the_site_says_what_to_install(tmp_path, monkeypatch):
    import agendapack.pack.text as text

    workspace = Workspace(tmp_path, Council("Test Council"))
    paper = tmp_path / "paper.pdf"
    _pack(paper, 1)
    monkeypatch.setattr(text, "UNO_PYTHON", str(tmp_path / "nowhere"))
    with TextReader(workspace) as site, pytest.raises(AgendapackError) as raised:
        site.pages(paper)
    assert raised.value.lines == [f"paper.pdf: error: {text.NO_POPPLER}"]


def test_a_paper_poppler_hangs_on_is_one_line_and_the_next_is_read(tmp_path, monkeypatch):
    import agendapack.pack.text as text

    worker = tmp_path / "worker.py"
    # says it is ready, then reads one question and never answers it
    worker.write_text(
        "import sys, time\nprint('{\"ready\": true}', flush=True)\nsys.stdin.readline()\n"
        "time.sleep(60)\n"
    )
    monkeypatch.setattr(text, "WORKER", worker)
    monkeypatch.setattr(text, "READ_TIMEOUT", 1.0)
    workspace = Workspace(tmp_path, Council("Test Council"))
    paper, good = tmp_path / "paper.pdf", tmp_path / "good.pdf"
    _pack(paper, 1)
    _pack(good, 2)
    with TextReader(workspace) as site:
        with pytest.raises(AgendapackError) as raised:
            site.pages(paper)
        assert raised.value.lines == ["paper.pdf: error: poppler could not read it for the search"]
        monkeypatch.setattr(text, "WORKER", text.Path(text.__file__).with_name("textworker.py"))
        assert _words(site.pages(good)) == _poppler(good)
