"""Calendars keep what subscribers have: the UIDs in the memory survive a changed
`publish_url` without `uid_domain`, and feeds restored without their memory keep every
unchanged event's SEQUENCE and LAST-MODIFIED. Through the real command, the feeds read
back as text."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from agendapack.cli import app
from tests.icaltools import read_ics
from tests.test_feeds import _calendar

runner = CliRunner()
OLD = 'publish_url = "https://democracy.example.gov.uk/"'
NEW = 'publish_url = "https://committees.nottinghamcity.gov.uk/papers/"'


def _uids(feeds) -> set[str]:
    return {e["uid"] for p in feeds.glob("*.ics") for e in read_ics(p)["events"]}


def test_a_changed_publish_url_without_uid_domain_keeps_every_uid(example):
    council = example / "programme/council.toml"
    text = "\n".join(
        line for line in council.read_text().splitlines() if not line.startswith("uid_domain")
    )
    council.write_text(text + "\n")
    feeds = _calendar(example)
    before = _uids(feeds)
    assert len(before) == 33 and all(u.endswith("@democracy.example.gov.uk") for u in before)

    council.write_text(council.read_text().replace(OLD, NEW))
    checked = runner.invoke(app, ["check", "--workspace", str(example)])
    assert checked.output.splitlines() == [
        "programme/council.toml: warning: no `uid_domain`: the calendar events subscribers "
        "have are named after 'democracy.example.gov.uk' (published/calendars/state.json) and "
        "keep that name, though publish_url is now on 'committees.nottinghamcity.gov.uk'; add "
        'uid_domain = "democracy.example.gov.uk" and never change it',
        "0 errors, 1 warning",
    ]
    _calendar(example)
    assert _uids(feeds) == before  # the links moved: an update, not new events
    events = read_ics(feeds / "cyp-scrutiny.ics")["events"]
    assert all(
        "https://committees.nottinghamcity.gov.uk/papers/" in e["description"] for e in events
    )
    assert all(e["sequence"] == 1 for e in events)


def test_feeds_restored_without_their_memory_keep_their_numbers(example, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704099600")
    feeds = _calendar(example)
    programme = example / "programme/cyp-scrutiny.toml"
    programme.write_text(programme.read_text().replace("time = 09:30:00", "time = 10:00:00"))
    _calendar(example)  # every cyp event at SEQUENCE 1
    kept = {p.name: p.read_bytes() for p in feeds.glob("*.ics")}
    assert {e["sequence"] for e in read_ics(feeds / "cyp-scrutiny.ics")["events"]} == {1}

    # the memory lost; the feeds restored from the web server into the site; a later clock
    shutil.rmtree(example / "published")
    shutil.rmtree(feeds)
    site = example / "build/site/calendars"
    site.mkdir(parents=True)
    for name, data in kept.items():
        (site / name).write_bytes(data)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    _calendar(example)
    assert {p.name: p.read_bytes() for p in feeds.glob("*.ics")} == kept  # nothing to send

    # what changes after that goes out one higher, at the build's time
    programme.write_text(programme.read_text().replace("time = 10:00:00", "time = 10:30:00"))
    events = read_ics(_calendar(example) / "cyp-scrutiny.ics")["events"]
    assert {e["sequence"] for e in events} == {2}
