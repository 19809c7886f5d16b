"""Atom 1.0 feeds of published editions: build/site/feed.atom and <committee>/feed.atom.

One entry per edition in published/ (the pack, later each supplementary pack), newest
first, so that a member or a journalist hears when papers go out. Entry ids are tag URIs
made from the committee, the meeting and the edition, which a rebuild never changes;
`updated` is the moment of publication from the record. Written by hand, byte for byte the
same from the same records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from agendapack.model import Committee, Meeting, Workspace
from agendapack.record import PublishedEdition, sound_record
from agendapack.wording import long_date

EMPTY_UPDATED = "1970-01-01T00:00:00Z"  # a feed with no entry yet still needs one


@dataclass(frozen=True)
class PublishedEntry:
    committee: Committee
    meeting: Meeting
    edition: PublishedEdition

    @property
    def title(self) -> str:
        edition = self.edition
        kind = "Agenda" if edition.kind == "pack" else f"Supplementary agenda {edition.number}"
        return f"{kind}: {self.committee.name}, {long_date(self.meeting.date)}"

    @property
    def href(self) -> str:
        """The published copy, relative to the site's root."""
        return (
            f"{self.committee.slug}/{self.meeting.date.isoformat()}/published/{self.edition.file}"
        )


def published_entries(
    workspace: Workspace, committees: tuple[Committee, ...]
) -> list[PublishedEntry]:
    """Every published edition of these committees' meetings, newest first. A record that
    cannot be read is left out here: `check` and `publish` name it."""
    entries: list[PublishedEntry] = []
    for committee in committees:
        for meeting in committee.meetings:
            # a damaged folder of record is left out: check, build and publish name it
            record = sound_record(
                workspace.layout, committee.slug, meeting.date, meeting.moved_from
            )
            entries.extend(PublishedEntry(committee, meeting, e) for e in record.editions)
    return sorted(
        entries,
        key=lambda e: (e.edition.moment, e.committee.slug, e.meeting.date, e.edition.number),
        reverse=True,
    )


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(workspace: Workspace, path: str, year: int) -> str:
    host = urlsplit(workspace.council.publish_url).hostname or "agendapack.invalid"
    return f"tag:{host},{year}:{path}"


def atom_feed(
    workspace: Workspace, committees: tuple[Committee, ...], title: str, path: str
) -> bytes:
    """The feed of these committees' published editions; `path` is the feed's own place on
    the site ("feed.atom", "cyp-scrutiny/feed.atom"), for its id and its self link."""
    base = workspace.council.publish_url or ""
    entries = published_entries(workspace, committees)
    first_year = min((e.edition.moment.year for e in entries), default=1970)
    updated = _utc(entries[0].edition.moment) if entries else EMPTY_UPDATED
    page = path.removesuffix("feed.atom") + "index.html"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(_tag(workspace, path, first_year))}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(workspace.council.name)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + path)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + page)}/>',
    ]
    for entry in entries:
        edition = entry.edition
        timing = "on time" if edition.on_time else "late"
        summary = (
            f"Published {long_date(edition.moment.date())} ({timing}): pages "
            f"{edition.first_page} to {edition.last_page}."
        )
        meeting_page = f"{entry.committee.slug}/{entry.meeting.date.isoformat()}/index.html"
        pdf = base + entry.href
        ident = (
            f"{entry.committee.slug}/{entry.meeting.first_date.isoformat()}/"
            f"{edition.kind}-{edition.number}"
        )
        lines += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <id>{escape(_tag(workspace, ident, edition.moment.year))}</id>",
            f"    <updated>{_utc(edition.moment)}</updated>",
            f"    <published>{_utc(edition.moment)}</published>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(base + meeting_page)}/>',
            f'    <link rel="enclosure" type="application/pdf" href={quoteattr(pdf)}/>',
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode()
