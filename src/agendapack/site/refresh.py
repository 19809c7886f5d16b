"""The calendar feeds, then the site, made again unless nothing they show has changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from agendapack import __version__
from agendapack.errors import Problem
from agendapack.model import Workspace
from agendapack.record import RECORD, Claim, meeting_problems, record_folder
from agendapack.write import write_atomic

if TYPE_CHECKING:
    from agendapack.site.site import SiteSearch


def _inputs(workspace: Workspace, today: dt.date) -> str:
    """A hash of everything the feeds and the site are made from."""
    digest = hashlib.sha256(f"{__version__}\0{today}\0".encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    root, layout = workspace.root, workspace.layout
    sources = [root / workspace.council.source] + [root / c.source for c in workspace.committees]
    for path in sources:
        digest.update(f"{path}\0".encode())
        digest.update(path.read_bytes())
    for folder in (layout.templates / "site",):
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            digest.update(path.name.encode() + path.read_bytes())
    for committee in workspace.committees:
        for meeting in committee.meetings:
            manifest = layout.manifest(committee.slug, meeting.date)
            digest.update(manifest.read_bytes() if manifest.is_file() else b"-")
            folder = record_folder(layout, committee.slug, meeting.date, meeting.moved_from)
            record = folder / RECORD
            digest.update(record.read_bytes() if record.is_file() else b"-")
            # a folder of record damaged, or put right, changes what the site may show
            claim = Claim(committee.slug, meeting.date, meeting.moved_from)
            if folder.exists() and meeting_problems(layout, claim):
                digest.update(b"damaged")
    # the feeds' memory: a pull that brings another machine's numbers makes them again
    memory = layout.calendar_memory
    digest.update(memory.read_bytes() if memory.is_file() else b"-")
    return digest.hexdigest()


def refresh(
    workspace: Workspace,
    today: dt.date,
    *,
    force: bool = False,
    warnings: list[Problem] | None = None,
    started: SiteSearch | None = None,
) -> list[Path]:
    """Write build/calendars/ and build/site/ unless their inputs are as last time;
    `warnings` gets a line for each Word report the site could not make a page of, and
    for each paper whose text the search could not read;
    `started`, the search a build started ahead (`site.start_search`).

    Returns the paths written, or [] when everything was already up to date."""
    record = workspace.layout.refresh_record
    inputs = _inputs(workspace, today)
    site_index = workspace.layout.site / "index.html"
    if (
        not force
        and site_index.is_file()
        and record.is_file()
        and record.read_text().strip() == inputs
    ):
        if started is not None:
            started.stop()
        return []
    from agendapack.calendar.feeds import write_calendars  # icalendar and jinja2: only when needed
    from agendapack.site.site import start_search, write_site

    # Pagefind indexes while the feeds are written too
    search = start_search(workspace, started=started, warnings=warnings)
    written = write_calendars(workspace)
    written.append(write_site(workspace, today, warnings, search) / "index.html")
    # after the feeds, which may have moved the memory on
    write_atomic(record, (_inputs(workspace, today) + "\n").encode())
    return written
