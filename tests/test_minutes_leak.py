"""Nothing resolved in exempt business reaches anything public, whatever the layout of the
minutes: each layout of `tests/minutes_layouts.py`, as Word wrote it and as the PDF
LibreOffice makes of it, goes through `resolutions`; the next meeting is built, and every
public output is searched as text for the exempt resolutions' marker words. The public
resolutions must all be tracked, so that the test cannot pass by tracking nothing."""

from __future__ import annotations

import docx
import pytest
from typer.testing import CliRunner

from agendapack.cli import app
from agendapack.documents.convert import Converter, Job
from tests import minutes_layouts
from tests.public_text import as_text, public_files

runner = CliRunner()
HEAD = """\
name = "Children and Young People Scrutiny Committee"
year = "2023/24"
venue = "Loxley House"
time = 09:30:00
"""


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """Every layout's minutes, as .docx and as LibreOffice's PDF of it."""
    folder = tmp_path_factory.mktemp("layouts")
    sources = [make(folder / f"{name}.docx") for name, make in minutes_layouts.LAYOUTS.items()]
    with Converter(folder / "cache") as converter:
        pdfs = converter.convert([Job(path, path.name) for path in sources])
    files = []
    for source, pdf in zip(sources, pdfs, strict=True):
        target = folder / f"{source.stem}.pdf"
        target.write_bytes(pdf.read_bytes())
        files += [source, target]
    return files


def _added(output: str, title: str = "would add:") -> list[tuple[str, str, str]]:
    return [(r["kind"], r["item"], r["resolution"]) for r in minutes_layouts.printed(output, title)]


def test_no_exempt_resolution_reaches_anything_public(ws, layouts):
    ws.committee(minutes_layouts.PROGRAMME, head=HEAD)
    programme = ws.root / "programme/cyp.toml"
    for path in layouts:
        tried = runner.invoke(
            app,
            [
                "resolutions",
                "cyp",
                "2023-09-14",
                str(path),
                "--dry-run",
                "--workspace",
                str(ws.root),
            ],
        )
        assert tried.exit_code == 0, (path.name, tried.output)
        assert _added(tried.output) == minutes_layouts.PUBLIC, path.name
        assert not any(marker in tried.output for marker in minutes_layouts.MARKERS), path.name
        assert "in exempt business" in tried.output, path.name
    for path in layouts:
        done = runner.invoke(
            app, ["resolutions", "cyp", "2023-09-14", str(path), "--workspace", str(ws.root)]
        )
        assert done.exit_code == 0, (path.name, done.output)
        text = programme.read_text(encoding="utf-8")
        assert not any(marker in text for marker in minutes_layouts.MARKERS), path.name
        checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
        assert "error" not in checked.output, (path.name, checked.output)
    # running again (every layout after the first) added nothing twice
    assert programme.read_text(encoding="utf-8").count("[[meeting.resolution]]") == len(
        minutes_layouts.PUBLIC
    )
    # the meeting's public minutes, for the next meeting's pack
    public_minutes = docx.Document()
    public_minutes.add_paragraph("Minutes of the meeting held on 14 September 2023")
    public_minutes.add_paragraph("44 Residential Care Contract: recorded in the exempt minutes.")
    public_minutes.save(ws.folder("cyp", "2023-09-14") / "minutes.docx")
    checked = runner.invoke(app, ["check", "--workspace", str(ws.root)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(app, ["build", "cyp", "2023-10-19", "--workspace", str(ws.root)])
    assert built.exit_code == 0, built.output
    outputs = public_files(ws.root)
    assert any(path.name == "pack.pdf" for path in outputs)
    everything = "\n".join(as_text(path) for path in outputs)
    for _, _, resolution in minutes_layouts.PUBLIC:
        assert " ".join(resolution.split()[:6]) in " ".join(everything.split())
    for marker in minutes_layouts.MARKERS:
        assert marker not in everything
