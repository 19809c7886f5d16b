"""The editions of record stay right: a damaged folder of record stops its own meeting, a
record edited by hand is found, a meeting moved after publication keeps its editions.
Through the real CLI and the real LibreOffice, reading outputs back as text."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from tests.test_publish import MEETING, PUBLISHED, _run
from tests.test_supplement import _late_report

AUDIT = "build/audit-committee/2026-12-02/"


@pytest.fixture
def published(example_with_cache) -> Path:
    """The example with its 28 March 2024 pack published on time."""
    result = _run(example_with_cache, "publish", *MEETING, "--at", "2024-03-19T10:00")
    assert result.exit_code == 0, result.output
    return example_with_cache


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


def _damage(root: Path, kind: str) -> str:
    """Damage the folder of record one way; returns the start of the line that names it."""
    folder = root / PUBLISHED
    pack = folder / "pack.pdf"
    if kind == "edited":
        data = bytearray(pack.read_bytes())
        data[-20] ^= 1
        pack.write_bytes(bytes(data))
        return f"{PUBLISHED}/pack.pdf: error: it is not the pack published on "
    if kind == "missing":
        pack.unlink()
        return f"{PUBLISHED}/pack.pdf: error: the pack published on 2024-03-19T10:00:00+00:00 is "
    if kind == "stray":
        (folder / "notes.pdf").write_bytes(b"%PDF-1.4\n")
        return f"{PUBLISHED}/notes.pdf: error: record.json does not list it as published"
    assert kind == "record"
    record = json.loads((folder / "record.json").read_text())
    record["editions"][0]["sha256"] = "0" * 64
    (folder / "record.json").write_text(json.dumps(record, indent=2))
    return f"{PUBLISHED}/pack.pdf: error: it is not the pack published on "


@pytest.mark.parametrize("kind", ["edited", "missing", "stray", "record"])
def test_a_damaged_edition_of_record_stops_its_meeting_and_only_it(published, kind):
    _late_report(published)  # something new, so that publish would have gone on
    folder = published / PUBLISHED
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    expected = _damage(published, kind)
    before = sorted(p.name for p in folder.iterdir())

    built = _run(published, "build")
    assert built.exit_code == 1, built.output
    named = [line for line in _errors(built.output) if line.startswith(expected)]
    assert len(named) == 1, built.output
    assert "restore it from version control" in named[0] or "restore the folder" in named[0]
    assert AUDIT in built.output  # the other meetings were built as before
    assert "Traceback" not in built.output
    assert not (published / "build/cyp-scrutiny/2024-03-28/supplement-1.pdf").exists()

    refused = _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00")
    assert refused.exit_code == 1
    assert any(line.startswith(expected) for line in _errors(refused.output)), refused.output
    assert sorted(p.name for p in (published / PUBLISHED).iterdir()) == before

    # the site never serves a damaged edition as the edition of record
    site = published / "build/site"
    assert not (site / "cyp-scrutiny/2024-03-28/published").exists()
    feed = feedparser.parse((site / "cyp-scrutiny/feed.atom").read_bytes())
    assert feed.bozo == 0 and feed.entries == []

    # put right from the archive: the meeting builds, and the site shows its editions again
    for path in folder.iterdir():
        if path.name not in good:
            path.unlink()
    for name, data in good.items():
        (folder / name).write_bytes(data)
    restored = _run(published, "build")
    assert restored.exit_code == 0, restored.output
    assert (site / "cyp-scrutiny/2024-03-28/published/pack.pdf").read_bytes() == good["pack.pdf"]
    assert len(feedparser.parse((site / "cyp-scrutiny/feed.atom").read_bytes()).entries) == 1


def test_a_record_edited_by_hand_is_found(published):
    folder = published / PUBLISHED
    _late_report(published)
    late = _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00")
    assert late.exit_code == 0, late.output
    record = json.loads((folder / "record.json").read_text())
    pack, supplement = record["editions"]
    assert supplement["previous"] and supplement["seal"] and pack["seal"]
    assert supplement["publish_by"] == "2024-03-20" and supplement["on_time"] is False
    assert _run(published, "check").exit_code == 0
    good = (folder / "record.json").read_text()
    shown = f"{PUBLISHED}/record.json: error: "

    # a late supplement made to look on time
    supplement["on_time"] = True
    (folder / "record.json").write_text(json.dumps(record, indent=2))
    checked = _run(published, "check")
    assert checked.exit_code == 1
    assert (
        f"{shown}the supplementary pack 1 published on 2024-03-25T12:00:00+00:00 is recorded as "
        "on time, but its publish-by date was 2024-03-20: `on_time` or `published_at` was "
        "edited; restore it from version control (git checkout) or your archive"
    ) in checked.output.splitlines()
    built = _run(published, "build", *MEETING)
    assert built.exit_code == 1 and "is recorded as on time" in built.output
    status = _run(published, "status", "cyp-scrutiny", "--today", "2024-03-26")
    assert status.exit_code == 1
    assert (
        "error: cyp-scrutiny 2024-03-28: its editions of record in published/ are not as they "
        "were published; `agendapack check` says what differs and how to restore them"
    ) in status.output.splitlines()
    assert "on time" not in status.output

    # its moment moved a week earlier, on_time left as it was
    record = json.loads(good)
    record["editions"][1]["published_at"] = "2024-03-20T12:00:00+00:00"
    (folder / "record.json").write_text(json.dumps(record, indent=2))
    checked = _run(published, "check")
    assert checked.exit_code == 1
    assert (
        f"{shown}the supplementary pack 1 published on 2024-03-20T12:00:00+00:00 is recorded as "
        "late, but its publish-by date was 2024-03-20: `on_time` or `published_at` was edited"
    ) in checked.output

    # an edit that keeps the fields consistent: both changed; the seal still sees it
    record["editions"][1]["on_time"] = True
    record["editions"][1]["publish_by"] = "2024-03-20"
    (folder / "record.json").write_text(json.dumps(record, indent=2))
    checked = _run(published, "check")
    assert (
        f"{shown}the supplementary pack 1 published on 2024-03-20T12:00:00+00:00 was edited "
        "after it went out (its seal does not match)"
    ) in checked.output

    # the seal taken out with the field it would betray
    record = json.loads(good)
    del record["editions"][1]["seal"], record["editions"][1]["publish_by"]
    record["editions"][1]["on_time"] = True
    (folder / "record.json").write_text(json.dumps(record, indent=2))
    checked = _run(published, "check")
    assert checked.exit_code == 1
    assert (
        f"{shown}the supplementary pack 1 published on 2024-03-25T12:00:00+00:00 has lost its "
        "seal: the record was edited"
    ) in checked.output

    # the pack's record edited, its seal made again: the supplement's chain sees it
    import hashlib

    record = json.loads(good)
    record["editions"][0]["published_at"] = "2024-03-12T10:00:00+00:00"
    fields = {k: v for k, v in record["editions"][0].items() if k != "seal"}
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    record["editions"][0]["seal"] = hashlib.sha256(text.encode()).hexdigest()
    (folder / "record.json").write_text(json.dumps(record, indent=2))
    checked = _run(published, "check")
    assert checked.exit_code == 1
    assert (
        f"{shown}the pack published on 2024-03-12T10:00:00+00:00 was edited after the "
        "supplementary pack 1 went out (the chain is broken there)"
    ) in checked.output

    (folder / "record.json").write_text(good)
    assert _run(published, "check").exit_code == 0


def _move(root: Path, to: str, *, tie: bool = True) -> None:
    """Move the 28 March 2024 meeting to another date, its papers' folder with it."""
    programme = root / "programme/cyp-scrutiny.toml"
    moved = f"date = {to}\nmoved_from = 2024-03-28" if tie else f"date = {to}"
    programme.write_text(programme.read_text().replace("date = 2024-03-28", moved))
    (root / "packs/cyp-scrutiny/2024-03-28").rename(root / f"packs/cyp-scrutiny/{to}")


def test_a_meeting_moved_after_publication_keeps_its_editions(published):
    _late_report(published)
    first = _run(published, "publish", *MEETING, "--at", "2024-03-25T12:00")
    assert first.exit_code == 0, first.output
    site = published / "build/site"
    ids_before = [e.id for e in feedparser.parse((site / "feed.atom").read_bytes()).entries]
    _move(published, "2024-03-27")

    checked = _run(published, "check")
    assert checked.exit_code == 0, checked.output
    status = _run(published, "status", "cyp-scrutiny", "--today", "2024-03-26")
    assert status.exit_code == 0, status.output
    assert (
        "cyp-scrutiny 2024-03-27: pack not built, published 2024-03-19T10:00:00+00:00, on time, "
        "1 supplementary pack"
    ) in status.output
    built = _run(published, "build")
    assert built.exit_code == 0, built.output
    page = (site / "cyp-scrutiny/2024-03-27/index.html").read_text()
    assert "Agenda, published Tuesday, 19 March 2024, on time" in page
    assert "Supplementary agenda 1, published Monday, 25 March 2024, late" in page
    for name in ("pack.pdf", "supplement-1.pdf"):
        copy = site / "cyp-scrutiny/2024-03-27/published" / name
        assert copy.read_bytes() == (published / PUBLISHED / name).read_bytes()
    feed = feedparser.parse((site / "cyp-scrutiny/feed.atom").read_bytes())
    assert [e.title for e in feed.entries] == [
        "Supplementary agenda 1: Children and Young People Scrutiny Committee, 27 March 2024",
        "Agenda: Children and Young People Scrutiny Committee, 27 March 2024",
    ]
    assert [e.id for e in feed.entries] == ids_before  # the same entries, moved

    # the next edition is the next supplement, in the same folder of record
    programme = published / "programme/cyp-scrutiny.toml"
    text = programme.read_text()
    cut = text.index("# ----", text.index("date = 2024-03-27"))
    late = (
        '[[meeting.item]]\ntitle = "Knife crime update"\nurgency = "Police figures of 22 March"\n'
    )
    programme.write_text(text[:cut] + late + "\n" + text[cut:])
    second = _run(published, "publish", "cyp-scrutiny", "2024-03-27", "--at", "2024-03-26T09:00")
    assert second.exit_code == 0, second.output
    assert f"{PUBLISHED}/supplement-2.pdf: pages " in second.output
    record = json.loads((published / PUBLISHED / "record.json").read_text())
    assert [e["kind"] for e in record["editions"]] == ["pack", "supplement", "supplement"]
    assert record["editions"][2]["titles"] == ["Knife crime update"]  # nothing else again
    assert not (published / "published/cyp-scrutiny/2024-03-27").exists()
    ids = [e.id for e in feedparser.parse((site / "feed.atom").read_bytes()).entries]
    assert len(ids) == len(set(ids)) == 3
    assert _run(published, "check").exit_code == 0


def test_check_names_a_folder_of_record_that_no_meeting_claims(published):
    _move(published, "2024-03-27", tie=False)
    checked = _run(published, "check")
    assert checked.exit_code == 1
    assert (
        f"{PUBLISHED}/: error: no meeting of programme/cyp-scrutiny.toml claims these editions "
        "of record: a meeting moved from 2024-03-28 says so with moved_from = 2024-03-28; a "
        "folder copied here by mistake is removed (from version control too)"
    ) in checked.output.splitlines()
