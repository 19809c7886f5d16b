"""The static website: the council's committees, their meetings and papers, and feeds.

Every link is relative, so the folder works from any web server path and from file://.
Pages come from jinja2 templates (the workspace's templates/site/ first, then the
package's) with autoescaping on. Nothing exempt is published: meeting pages are made from
the public manifest, and the exempt pack is never copied.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import icalendar
import jinja2

from agendapack.build import meeting_plan, output_folder
from agendapack.errors import AgendapackError
from agendapack.feeds import Memory, changed_at, meeting_event, vtimezone
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pdf import open_pdf
from agendapack.plan import clock_time, long_date, weekday_date
from agendapack.render import exempt_note, package_templates
from agendapack.workdays import meeting_deadlines
from agendapack.write import Staging

PAGES = ("base.html", "index.html", "committee.html", "meeting.html")


def _environment(workspace: Workspace) -> jinja2.Environment:
    loaders = []
    own = workspace.root / "templates" / "site"
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
            f"templates/site/{exc.name or name}:{exc.lineno}: error: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        raise AgendapackError(f"templates/site/{name}: error: {exc}") from None


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
    if meeting.moved_from:
        return f"Moved from {long_date(meeting.moved_from)}"
    return "Scheduled"


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


def _manifest(workspace: Workspace, committee: Committee, meeting: Meeting) -> dict | None:
    path = output_folder(workspace, committee, meeting) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_site(workspace: Workspace, today: dt.date) -> Path:
    """Write build/site/ afresh; files whose content has not changed are left alone."""
    site = workspace.root / "build" / "site"
    environment = _environment(workspace)
    council = workspace.council
    feeds = _Feeds(workspace)
    written: set[Path] = set()
    with Staging(link_from=workspace.root / "build") as staging:

        def page(path: Path, template: str, context: dict[str, Any]) -> None:
            staging.bytes(path, _render(environment, template, context))
            written.add(path)

        def copy(path: Path, source: Path) -> None:
            staging.copy(path, source)
            written.add(path)

        def committee_href(c: Committee, root: str) -> str:
            return f"{root}{c.slug}/index.html"

        def meeting_href(c: Committee, m: Meeting, root: str) -> str:
            return f"{root}{c.slug}/{m.date.isoformat()}/index.html"

        def row(c: Committee, m: Meeting, root: str) -> dict[str, Any]:
            return {
                "href": meeting_href(c, m, root),
                "date_long": long_date(m.date),
                "committee": c.name,
                "time": clock_time(m.time),
                "venue": m.venue,
                "status": _status(m),
            }

        upcoming = sorted(
            (
                (m.date, c.name, c, m)
                for c in workspace.committees
                for m in c.meetings
                if m.date >= today
            ),
            key=lambda t: t[:2],
        )[:10]
        base = {"council": council, "crumbs": []}
        page(
            site / "index.html",
            "index.html",
            {
                **base,
                "root": "",
                "title": "Committee meetings",
                "upcoming": [row(c, m, "") for _, _, c, m in upcoming],
                "committees": [
                    {"href": committee_href(c, ""), "name": c.name, "year": c.year}
                    for c in workspace.committees
                ],
                "feeds": {
                    "all_webcal": feeds.webcal("all.ics", ""),
                    "all_https": feeds.https("all.ics", ""),
                },
            },
        )
        for committee in workspace.committees:
            root = "../"
            months = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
            page(
                site / committee.slug / "index.html",
                "committee.html",
                {
                    **base,
                    "root": root,
                    "title": committee.name,
                    "crumbs": [{"href": f"{root}index.html", "text": "Committee meetings"}],
                    "committee": {
                        "name": committee.name,
                        "year": committee.year,
                        "chair": committee.chair,
                        "officer": ", ".join(
                            v for v in (committee.officer.name, committee.officer.email) if v
                        ),
                    },
                    "meetings": [
                        {
                            **row(committee, m, root).copy(),
                            "href": f"{m.date.isoformat()}/index.html",
                            "cancelled": m.cancelled or "",
                            "moved_from": long_date(m.moved_from) if m.moved_from else "",
                            "business": [
                                {"title": i.title, "purpose": i.purpose}
                                for i in m.items
                                if not i.exempt
                            ],
                        }
                        for m in committee.meetings
                    ],
                    "recurring": [
                        {"title": t.title, "month": months[t.month - 1], "note": t.note}
                        for t in committee.recurring
                    ],
                    "pending": [{"title": t.title, "note": t.note} for t in committee.pending],
                    "feeds": {
                        "webcal": feeds.webcal(f"{committee.slug}.ics", root),
                        "https": feeds.https(f"{committee.slug}.ics", root),
                        "google": feeds.google(f"{committee.slug}.ics", root),
                        "all_webcal": feeds.webcal("all.ics", root),
                    },
                },
            )
            memory = Memory.read(workspace.root / "build" / "calendars" / f"{committee.slug}.ics")
            when = changed_at([workspace.root / committee.source])
            for meeting in committee.meetings:
                folder = site / committee.slug / meeting.date.isoformat()
                context = _meeting_context(workspace, committee, meeting, folder, copy)
                page(
                    folder / "index.html",
                    "meeting.html",
                    {
                        **base,
                        **context,
                        "root": "../../",
                        "title": f"{committee.name}, {long_date(meeting.date)}",
                        "crumbs": [
                            {"href": "../../index.html", "text": "Committee meetings"},
                            {"href": "../index.html", "text": committee.name},
                        ],
                        "calendar": {
                            "event": "meeting.ics",
                            "google": feeds.google(f"{committee.slug}.ics", "../../"),
                        },
                    },
                )
                event_calendar = icalendar.Calendar()
                event_calendar.add("prodid", "-//agendapack//agendapack//EN")
                event_calendar.add("version", "2.0")
                event_calendar.add("method", "PUBLISH")
                event_calendar.add_component(vtimezone(council.timezone, meeting.date.year))
                event_calendar.add_component(
                    meeting_event(workspace, committee, meeting, memory, when)
                )
                staging.bytes(folder / "meeting.ics", event_calendar.to_ical())
                written.add(folder / "meeting.ics")
        calendars = workspace.root / "build" / "calendars"
        for feed in sorted(calendars.glob("*.ics")) if calendars.is_dir() else []:
            copy(site / "calendars" / feed.name, feed)
        style = workspace.root / "templates" / "site" / "style.css"
        copy(
            site / "style.css",
            style if style.is_file() else package_templates() / "site" / "style.css",
        )
        if site.is_dir():
            for stale in site.rglob("*"):
                if stale.is_file() and stale not in written and not stale.name.startswith("."):
                    staging.remove(stale)
        staging.commit()
    _remove_empty_folders(site)
    return site


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
        "publish_by": weekday_date(publish),
    }
    manifest = None if meeting.is_cancelled else _manifest(workspace, committee, meeting)
    out = output_folder(workspace, committee, meeting)
    plan = meeting_plan(workspace, committee, meeting)
    notes = {i.number: exempt_note(i, False) for i in plan.items}
    papers = None
    items = []
    if manifest:
        copy(folder / "pack.pdf", out / "pack.pdf")
        copy(folder / "agenda.pdf", out / "agenda.pdf")
        agenda_pages = len(open_pdf(out / "agenda.pdf", "agenda.pdf").pages)
        papers = {
            "pack": {
                "href": "pack.pdf",
                "text": f"Public document pack, "
                f"{_pages(manifest['pages'])}, PDF, {_size(out / 'pack.pdf')}",
            },
            "agenda": {
                "href": "agenda.pdf",
                "text": "Agenda front sheet, "
                f"{_pages(agenda_pages)}, PDF, {_size(out / 'agenda.pdf')}",
            },
        }
        for item in manifest["items"]:
            documents = []
            for document in item["documents"]:
                source = out / document["file"]
                name = Path(document["file"]).name
                copy(folder / "documents" / name, source)
                documents.append(
                    {
                        "href": f"documents/{name}",
                        "text": f"{document['title']}, {_pages(document['pages'])}, "
                        f"PDF, {_size(source)}",
                    }
                )
            items.append(
                {
                    "number": item["number"],
                    "title": item["title"],
                    "subtitle": item["subtitle"],
                    "purpose": item["purpose"],
                    "pages": item["pages"],
                    "note": notes.get(item["number"], ""),
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
                "note": notes[i.number],
                "documents": [],
            }
            for i in plan.items
        ]
    return {
        "committee": {"name": committee.name},
        "meeting": details,
        "papers": papers,
        "items": items,
    }


def serve(site: Path, port: int) -> None:  # pragma: no cover - exercised by the site tests
    """Serve build/site/ on 127.0.0.1 until interrupted."""
    import functools
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".ics": "text/calendar; charset=utf-8",
            ".html": "text/html; charset=utf-8",
            ".css": "text/css; charset=utf-8",
        }

        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Handler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()
