"""The static website: the council's committees, their meetings and papers, and feeds.

Every link is relative, so the folder works from any web server path and from file://.
Pages come from jinja2 templates (the workspace's templates/site/ first, then the
package's) with autoescaping on. Nothing exempt is published: meeting pages are made from
the public manifest, and the exempt pack is never copied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from agendapack.calendar.feeds import google_event_link, read_memory, single_event
from agendapack.calendar.memory import build_time
from agendapack.documents.access import paper_faults
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import AGENDA, DOCUMENTS, PACK, PUBLISHED
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.manifest import Manifest, read_manifest
from agendapack.pack.public import public_agenda
from agendapack.pack.render import package_templates, work_programme_context
from agendapack.pdf.opening import page_count
from agendapack.programme.workdays import meeting_deadlines
from agendapack.record import MeetingRecord, sound_record
from agendapack.site.atom import PublishedEntry, atom_feed
from agendapack.site.oparl import oparl_files
from agendapack.site.reports import report_pages
from agendapack.site.search import (
    Ahead,
    SearchIndex,
    SearchRecord,
    pagefind_available,
    search_filters,
    search_records,
    shard_name,
)
from agendapack.wording import clock_time, long_date, weekday_date
from agendapack.write import Staging

PAGES = (
    "base.html",
    "accessibility.html",
    "index.html",
    "committee.html",
    "meeting.html",
    "moved.html",
    "officers.html",
    "report.html",
    "search.html",
)


def _environment(workspace: Workspace) -> jinja2.Environment:
    loaders = []
    own = workspace.layout.templates / "site"
    if own.is_dir():
        loaders.append(jinja2.FileSystemLoader(own))
    loaders.append(jinja2.FileSystemLoader(package_templates() / "site"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _render(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> bytes:
    try:
        return environment.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise AgendapackError(
            Problem.error(f"templates/site/{exc.name or name}", exc.message or "", line=exc.lineno)
        ) from None
    except jinja2.TemplateError as exc:
        raise AgendapackError(Problem.error(f"templates/site/{name}", str(exc))) from None


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _pages(count: int) -> str:
    return f"{count} page" + ("s" if count != 1 else "")


def _status(meeting: Meeting) -> str:
    if meeting.is_cancelled:
        return "Cancelled"
    moved = f"Moved from {long_date(meeting.moved_from)}" if meeting.moved_from else ""
    if meeting.provisional:
        return "Provisional date" + (f"; {moved[0].lower()}{moved[1:]}" if moved else "")
    return moved or "Scheduled"


@dataclass(frozen=True)
class _Feeds:
    """The calendar links of the site, both relative and as subscribers need them."""

    workspace: Workspace

    def https(self, name: str, root: str) -> str:
        base = self.workspace.council.publish_url
        return f"{base}calendars/{name}" if base else f"{root}calendars/{name}"

    def webcal(self, name: str, root: str) -> str:
        url = self.https(name, root)
        return "webcal://" + url.split("://", 1)[1] if "://" in url else url

    def google(self, name: str, root: str) -> str:
        return "https://calendar.google.com/calendar/r?cid=" + quote(
            self.https(name, root), safe=""
        )

    def outlook(self, name: str, root: str, title: str, *, work: bool) -> str:
        """Outlook on the web's "add from web" page, filled in: Outlook.com for a personal
        account, Microsoft 365 for a work or school one."""
        host = "outlook.office.com" if work else "outlook.live.com"
        return (
            f"https://{host}/calendar/0/addfromweb?url="
            + quote(self.https(name, root), safe="")
            + "&name="
            + quote(title, safe="")
        )

    def links(self, name: str, root: str, title: str) -> dict[str, str]:
        return {
            "webcal": self.webcal(name, root),
            "https": self.https(name, root),
            "google": self.google(name, root),
            "outlook": self.outlook(name, root, title, work=False),
            "office": self.outlook(name, root, title, work=True),
        }


def _manifest(workspace: Workspace, committee: Committee, meeting: Meeting) -> Manifest | None:
    # an edition built by an older agendapack is shown as not yet built until rebuilt
    return read_manifest(workspace.layout.edition(committee.slug, meeting.date))


@dataclass
class SiteSearch:
    """The search's records, and Pagefind indexing them (None without Pagefind)."""

    records: list[SearchRecord]
    index: SearchIndex | None

    def stop(self) -> None:
        """Pagefind stopped, for a search no longer wanted."""
        if self.index is not None:
            self.index.stop()


def start_search(
    workspace: Workspace,
    *,
    ahead: Ahead | None = None,
    started: SiteSearch | None = None,
    warnings: list[Problem] | None = None,
) -> SiteSearch:
    """The search's records read and Pagefind started, ahead of the site's pages, which
    are written while it indexes: a caller with other work to do first starts it sooner.
    `ahead`: the meeting being built, as it will be written (a build starts the search
    before its last pack is collated). `started`: the search so started, used if its
    records are the ones read now, else stopped. `warnings` gets a line for each paper
    whose text could not be read."""
    records = search_records(workspace, ahead, warnings)
    if started is not None:
        if started.records == records:
            return started
        started.stop()
    index = SearchIndex(workspace, records) if pagefind_available(workspace) else None
    return SiteSearch(records, index)


def write_site(
    workspace: Workspace,
    today: dt.date,
    warnings: list[Problem] | None = None,
    search: SiteSearch | None = None,
) -> Path:
    """Write build/site/ afresh; files whose content has not changed are left alone.
    `warnings` gets a line for each Word report that could not be made a web page;
    `search`, from `start_search`, when the caller started the search already."""
    site = _Site(workspace, today)
    site.warnings = warnings if warnings is not None else []
    site.started = search
    with Staging(link_from=workspace.layout.build) as staging:
        site.write(staging)
        staging.commit()
    _remove_empty_folders(site.folder)
    return site.folder


class _Site:
    """The pages and files of the site, staged together; whatever else is in the folder
    from an earlier build is removed."""

    def __init__(self, workspace: Workspace, today: dt.date) -> None:
        self.workspace = workspace
        self.today = today
        self.folder = workspace.layout.site
        self.environment = _environment(workspace)
        self.feeds = _Feeds(workspace)
        self.base = {"council": workspace.council, "crumbs": [], "feed": None}
        self.written: set[Path] = set()
        self.staging: Staging
        self.warnings: list[Problem] = []
        self.started: SiteSearch | None = None
        # the feeds were written first: every event is in the memory as they publish it
        self.memory = read_memory(workspace)
        self.now = build_time()

    def write(self, staging: Staging) -> None:
        self.staging = staging
        # Pagefind indexes while the pages are written
        search = self.started or start_search(self.workspace, warnings=self.warnings)
        self.index()
        council = self.workspace.council.name
        self.stage(
            self.folder / "feed.atom",
            data=atom_feed(
                self.workspace,
                self.workspace.committees,
                f"{council}: committee papers published".strip(": "),
                "feed.atom",
            ),
        )
        for committee in self.workspace.committees:
            self.committee(committee)
            self.stage(
                self.folder / committee.slug / "feed.atom",
                data=atom_feed(
                    self.workspace,
                    (committee,),
                    f"{committee.name}: papers published",
                    f"{committee.slug}/feed.atom",
                ),
            )
            for meeting in committee.meetings:
                self.meeting(committee, meeting)
                if meeting.moved_from:
                    self.moved(committee, meeting)
                if not meeting.is_cancelled:
                    self.stage(
                        self.meeting_pages(committee, meeting) / "meeting.ics",
                        data=single_event(
                            self.workspace, committee, meeting, self.memory, self.now
                        ),
                    )
        self.officers()
        self.accessibility()
        self.search(search.records, search.index)
        for path, data in oparl_files(self.workspace).items():
            self.stage(self.folder / "oparl" / path, data=data)
        calendars = self.workspace.layout.calendars
        for feed in sorted(calendars.glob("*.ics")) if calendars.is_dir() else []:
            self.stage(self.folder / "calendars" / feed.name, source=feed)
        self.stage(self.folder / "style.css", source=self.asset("style.css"))
        if self.folder.is_dir():
            for stale in self.folder.rglob("*"):
                if stale.is_file() and stale not in self.written and not stale.name.startswith("."):
                    staging.remove(stale)

    # -- writing ----------------------------------------------------------------------
    def stage(self, path: Path, *, data: bytes | None = None, source: Path | None = None) -> None:
        if source is not None:
            self.staging.copy(path, source)
        else:
            assert data is not None
            self.staging.bytes(path, data)
        self.written.add(path)

    def page(self, path: Path, template: str, context: dict[str, Any]) -> None:
        self.stage(path, data=_render(self.environment, template, {**self.base, **context}))

    def asset(self, name: str) -> Path:
        """A file of the site's templates: the workspace's own, else the package's."""
        own = self.workspace.layout.templates / "site" / name
        return own if own.is_file() else package_templates() / "site" / name

    def meeting_pages(self, committee: Committee, meeting: Meeting) -> Path:
        """build/site/<committee>/<date>/: the meeting's page, its papers and feeds."""
        return self.folder / committee.slug / meeting.date.isoformat()

    @staticmethod
    def row(committee: Committee, meeting: Meeting, href: str) -> dict[str, Any]:
        return {
            "href": href,
            "date_long": long_date(meeting.date),
            "committee": committee.name,
            "time": clock_time(meeting.time),
            "venue": meeting.venue,
            "status": _status(meeting),
        }

    # -- pages ------------------------------------------------------------------------
    def index(self) -> None:
        council_name = self.workspace.council.name
        upcoming = sorted(
            (
                (m.date, c.name, c, m)
                for c in self.workspace.committees
                for m in c.meetings
                if m.date >= self.today
            ),
            key=lambda t: t[:2],
        )[:10]
        self.page(
            self.folder / "index.html",
            "index.html",
            {
                "root": "",
                "feed": {"href": "feed.atom", "title": "Committee papers as they are published"},
                "title": "Committee meetings",
                "upcoming": [
                    self.row(c, m, f"{c.slug}/{m.date.isoformat()}/index.html")
                    for _, _, c, m in upcoming
                ],
                "committees": [
                    {"href": f"{c.slug}/index.html", "name": c.name, "year": c.year}
                    for c in self.workspace.committees
                ],
                "feeds": {
                    **self.feeds.links("all.ics", "", f"{council_name} committee meetings"),
                    "all_webcal": self.feeds.webcal("all.ics", ""),
                    "all_https": self.feeds.https("all.ics", ""),
                },
                "officers": "officers.html",
            },
        )

    def committee(self, committee: Committee) -> None:
        root, feed = "../", f"{committee.slug}.ics"
        officer = committee.officer
        self.page(
            self.folder / committee.slug / "index.html",
            "committee.html",
            {
                "root": root,
                "feed": {
                    "href": "feed.atom",
                    "title": f"{committee.name}: papers as they are published",
                },
                "title": committee.name,
                "crumbs": [{"href": f"{root}index.html", "text": "Committee meetings"}],
                "committee": {
                    "name": committee.name,
                    "year": committee.year,
                    "chair": committee.chair,
                    "officer": ", ".join(v for v in (officer.name, officer.email) if v),
                },
                "meetings": [
                    self.row(committee, m, f"{m.date.isoformat()}/index.html")
                    for m in committee.meetings
                ],
                # the same table as the work programme in the pack
                "programme": work_programme_context(committee),
                "feeds": {
                    **self.feeds.links(feed, root, committee.name),
                    "all_webcal": self.feeds.webcal("all.ics", root),
                },
            },
        )

    def meeting(self, committee: Committee, meeting: Meeting) -> None:
        folder = self.meeting_pages(committee, meeting)
        context = _meeting_context(
            self.workspace,
            committee,
            meeting,
            folder,
            lambda path, source: self.stage(path, source=source),
        )
        report_pages(self, committee, meeting, context)
        self.page(
            folder / "index.html",
            "meeting.html",
            {
                **context,
                "root": "../../",
                "feed": {
                    "href": "../feed.atom",
                    "title": f"{committee.name}: papers as they are published",
                },
                "title": f"{committee.name}, {long_date(meeting.date)}",
                "crumbs": [
                    {"href": "../../index.html", "text": "Committee meetings"},
                    {"href": "../index.html", "text": committee.name},
                ],
                # a cancelled meeting is nothing to add to a calendar
                "calendar": None
                if meeting.is_cancelled
                else {
                    "event": "meeting.ics",
                    "google_event": google_event_link(self.workspace, committee, meeting),
                    **self.feeds.links(f"{committee.slug}.ics", "../../", committee.name),
                },
            },
        )

    def moved(self, committee: Committee, meeting: Meeting) -> None:
        """The page at the meeting's old date stays, for links and bookmarks made before
        the move, and sends the reader to the new date."""
        assert meeting.moved_from is not None
        old = self.folder / committee.slug / meeting.moved_from.isoformat()
        self.page(
            old / "index.html",
            "moved.html",
            {
                "root": "../../",
                "feed": None,
                "title": f"{committee.name}, {long_date(meeting.moved_from)}: moved",
                "crumbs": [
                    {"href": "../../index.html", "text": "Committee meetings"},
                    {"href": "../index.html", "text": committee.name},
                ],
                "committee": {"name": committee.name},
                "moved": {
                    "from": weekday_date(meeting.moved_from),
                    "to": weekday_date(meeting.date),
                    "time": clock_time(meeting.time),
                    "venue": meeting.venue,
                    "href": f"../{meeting.date.isoformat()}/index.html",
                },
            },
        )

    def accessibility(self) -> None:
        """Every public paper of every built meeting, with what in it is not accessible
        (shared/DESIGN.md, "Every page readable"): from the public manifests alone."""
        meetings = []
        for committee in self.workspace.committees:
            for meeting in committee.meetings:
                manifest = (
                    None if meeting.is_cancelled else _manifest(self.workspace, committee, meeting)
                )
                if not manifest:
                    continue
                href = f"{committee.slug}/{meeting.date.isoformat()}/"
                papers = [
                    {
                        "title": document.title,
                        "href": href + f"{DOCUMENTS}/{Path(document.file).name}",
                        "faults": paper_faults(self.workspace.root, document.source),
                    }
                    for item in manifest.items
                    for document in item.documents
                ]
                if papers:
                    meetings.append(
                        {
                            "href": href + "index.html",
                            "committee": committee.name,
                            "date_long": long_date(meeting.date),
                            "papers": papers,
                        }
                    )
        self.page(
            self.folder / "accessibility.html",
            "accessibility.html",
            {
                "root": "",
                "title": "Accessibility of the papers",
                "crumbs": [{"href": "index.html", "text": "Committee meetings"}],
                "meetings": meetings,
            },
        )

    def search(self, records: list[SearchRecord], index: SearchIndex | None) -> None:
        """The search page and its index (site/search.py); without Node.js and Pagefind
        (`make run` installs both) the page says search is not available."""
        searchable = index is not None
        if index is not None:
            for name, path in index.files().items():
                self.stage(self.folder / "pagefind" / name, source=path)
            self.stage(self.folder / "search.js", source=self.asset("search.js"))
        self.page(
            self.folder / "search.html",
            "search.html",
            {
                "root": "",
                "title": "Search the papers",
                "crumbs": [{"href": "index.html", "text": "Committee meetings"}],
                "filters": search_filters(records),
                "indexes": sorted({shard_name(r.year) for r in records}, reverse=True),
                "searchable": searchable,
            },
        )

    def officers(self) -> None:
        """For the officers who prepare the packs: the deadlines feed and the dates."""
        rows = []
        coming = sorted(
            (
                (m.date, c.name, c, m)
                for c in self.workspace.committees
                for m in c.meetings
                if m.date >= self.today
            ),
            key=lambda t: t[:2],
        )
        for _, _, committee, meeting in coming:
            reports, publish = meeting_deadlines(self.workspace.council, meeting)
            rows.append(
                {
                    "href": f"{committee.slug}/{meeting.date.isoformat()}/index.html",
                    "date_long": long_date(meeting.date),
                    "committee": committee.name,
                    "status": _status(meeting),
                    "reports": long_date(reports),
                    "publish": long_date(publish),
                    "cancelled": meeting.is_cancelled,
                }
            )
        title = f"{self.workspace.council.name} deadlines".strip()
        self.page(
            self.folder / "officers.html",
            "officers.html",
            {
                "root": "",
                "title": "For officers: report deadlines and publication dates",
                "crumbs": [{"href": "index.html", "text": "Committee meetings"}],
                "feeds": self.feeds.links("deadlines.ics", "", title),
                "notice_days": self.workspace.council.notice_days,
                "rows": rows,
            },
        )


def _record(workspace: Workspace, committee: Committee, meeting: Meeting) -> MeetingRecord:
    # a damaged folder of record shows nothing as published: `check`, `build` and
    # `publish` name what is wrong
    return sound_record(workspace.layout, committee.slug, meeting.date, meeting.moved_from)


def _editions(
    workspace: Workspace, committee: Committee, meeting: Meeting, folder: Path, copy
) -> list[dict[str, str]]:
    """The editions of record of the meeting's papers, each copied from published/ as it
    went out: the public ones only, never the exempt pack beside them."""
    record = _record(workspace, committee, meeting)
    editions = []
    for edition in record.editions:
        source = record.folder / edition.file
        if not source.is_file():
            continue
        copy(folder / PUBLISHED / edition.file, source)
        entry = PublishedEntry(committee, meeting, edition)
        timing = "on time" if edition.on_time else "late"
        editions.append(
            {
                "href": f"published/{edition.file}",
                "text": f"{entry.title.split(':')[0]}, published "
                f"{weekday_date(edition.moment.date())}, {timing}, pages "
                f"{edition.first_page} to {edition.last_page}, PDF, {_size(source)}",
            }
        )
    return editions


def _remove_empty_folders(site: Path) -> None:
    for folder in sorted((p for p in site.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def _meeting_context(
    workspace: Workspace, committee: Committee, meeting: Meeting, folder: Path, copy
) -> dict[str, Any]:
    """The agenda and papers of one meeting, from its public manifest when it is built."""
    council = workspace.council
    _, publish = meeting_deadlines(council, meeting)
    details = {
        "date_long": long_date(meeting.date),
        "date_weekday": weekday_date(meeting.date),
        "time": clock_time(meeting.time),
        "venue": meeting.venue,
        "cancelled": meeting.cancelled or "",
        "moved_from": weekday_date(meeting.moved_from) if meeting.moved_from else "",
        "moved_from_href": f"../{meeting.moved_from.isoformat()}/index.html"
        if meeting.moved_from
        else "",
        "provisional": meeting.provisional and not meeting.is_cancelled,
        "publish_by": weekday_date(publish),
    }
    manifest = None if meeting.is_cancelled else _manifest(workspace, committee, meeting)
    out = workspace.layout.edition(committee.slug, meeting.date)
    papers = None
    items: list[dict[str, Any]] = []
    if manifest:
        copy(folder / PACK, out / PACK)
        copy(folder / AGENDA, out / AGENDA)
        agenda_pages = page_count(out / AGENDA, AGENDA)
        # once published, the editions of record are the pack; this file is every paper
        # as it now stands, numbered afresh
        record = _record(workspace, committee, meeting)
        whole = (
            "All the papers in one file, late and revised ones included"
            if manifest.supplement or record.supplements
            else "Public document pack"
        )
        papers = {
            "pack": {
                "href": PACK,
                "text": f"{whole}, {_pages(manifest.pages or agenda_pages)}, PDF, "
                f"{_size(out / PACK)}",
            },
            "agenda": {
                "href": AGENDA,
                "text": f"Agenda front sheet, {_pages(agenda_pages)}, PDF, {_size(out / AGENDA)}",
            },
        }
        for item in manifest.items:
            documents = []
            for document in item.documents:
                source = out / document.file
                name = Path(document.file).name
                copy(folder / DOCUMENTS / name, source)
                documents.append(
                    {
                        "href": f"{DOCUMENTS}/{name}",
                        "text": f"{document.title}, {_pages(document.pages)}, PDF, {_size(source)}",
                        # for site/reports.py: a Word report is also offered as a page
                        "title": document.title,
                        "key": Path(name).stem,
                        "source": document.source,
                        "sha256": document.sha256,
                        "html": None,
                    }
                )
            items.append(
                {
                    "number": item.label,
                    "title": item.title,
                    "subtitle": item.subtitle,
                    "purpose": item.purpose,
                    # once published, the pages of the editions of record
                    "pages": record.pages_of(item.title) if record.pack else item.pages,
                    "note": item.note,
                    "documents": documents,
                }
            )
    elif not meeting.is_cancelled:
        items = [
            {
                "number": i.number,
                "title": i.title,
                "subtitle": i.subtitle,
                "purpose": i.purpose,
                "pages": "",
                "note": i.note,
                "documents": [],
            }
            for i in public_agenda(committee, meeting).items
        ]
    resolved = [] if meeting.is_cancelled else public_agenda(committee, meeting).resolved
    return {
        "committee": {"name": committee.name},
        "meeting": details,
        "resolved": [
            {
                "kind": "Recommendation" if r.letter == "R" else "Action",
                "text": r.text,
                "item": r.item,
            }
            for r in resolved
        ],
        "papers": papers,
        "editions": _editions(workspace, committee, meeting, folder, copy),
        "items": items,
    }
