"""Word documents from docxtpl templates: the front sheet, tracker and work programme.

Templates are looked up in the workspace's templates/ first, then in the package's own, so
a council restyles them in Word without touching code. Rendering autoescapes (an "&" in a
title must not break the Word file) and fails on an undefined name, naming the template.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout
from agendapack.model import Committee, Council, Meeting, Workspace, year_label
from agendapack.pack.plan import MeetingPlan
from agendapack.pack.public import PublicMeeting, public_programme
from agendapack.pack.supplement import SupplementPlan
from agendapack.wording import clock_time, exempt_notice, long_date, weekday_date

TEMPLATE_NAMES = (
    "agenda.docx",
    "supplement.docx",
    "tracker.docx",
    "work-programme.docx",
    "report.docx",
    "minutes.docx",
)


@dataclass(frozen=True)
class Template:
    """A template file and where it was found, for messages and cache keys."""

    path: Path
    shown: str  # templates/agenda.docx, or (package) agenda.docx

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def package_templates() -> Path:
    return Path(str(resources.files("agendapack") / "templates"))


def find_template(workspace: Workspace, name: str) -> Template:
    own = workspace.layout.templates / name
    if own.is_file():
        return Template(own, f"templates/{name}")
    return Template(package_templates() / name, f"agendapack's default {name}")


def copy_templates(root: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the package's Word and site templates into the workspace's templates/;
    returns (copied, kept)."""
    if not Layout(root).programme.is_dir():
        raise AgendapackError(
            Problem.error(
                root, "not a workspace: there is no programme/ folder here; pass --workspace DIR"
            )
        )
    source = package_templates()
    names = [
        *TEMPLATE_NAMES,
        *sorted(f"site/{p.name}" for p in (source / "site").iterdir() if p.is_file()),
    ]
    copied, kept = [], []
    for name in names:
        path = Layout(root).templates / name
        if path.exists() and not force:
            kept.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((source / name).read_bytes())
        copied.append(path)
    return copied, kept


def render_docx(template: Template, context: dict[str, Any]) -> bytes:
    """The template filled with `context`, as the bytes of a Word file."""
    from docxtpl import DocxTemplate  # heavy: only when something is rendered

    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        document = DocxTemplate(template.path)
        document.init_docx()
    except Exception as exc:  # a damaged .docx: not a zip, no document part
        raise AgendapackError(
            Problem.error(
                template.shown,
                f"not a Word template that can be "
                f"opened ({type(exc).__name__}); restore it with "
                "`agendapack init-templates`",
            )
        ) from None
    try:
        document.render(context, jinja_env=environment)
        buffer = io.BytesIO()
        document.save(buffer)
        return _fixed_times(buffer.getvalue())
    except jinja2.TemplateSyntaxError as exc:
        near = " ".join(" ".join(getattr(exc, "docx_context", [])).split())[:80]
        raise AgendapackError(
            Problem.error(
                template.shown,
                f"the template has a Jinja error: "
                f"{exc.message}" + (f" near «{near}»" if near else ""),
            )
        ) from None
    except jinja2.UndefinedError as exc:
        raise AgendapackError(
            Problem.error(
                template.shown,
                f"the template uses a name agendapack does not provide: {exc.message}",
            )
        ) from None
    except Exception as exc:  # a tag that misuses a value, e.g. looping over a text
        raise AgendapackError(
            Problem.error(template.shown, f"the template cannot be filled: {exc}")
        ) from None


def _fixed_times(docx: bytes) -> bytes:
    """The Word file with every part dated 1980-01-01, as zip allows: the same template
    and data give the same bytes, whenever and wherever they are rendered."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def context_key(template: Template, context: dict[str, Any]) -> str:
    """A stable hash of what a rendered document depends on, for the conversion cache."""
    text = json.dumps(context, sort_keys=True, default=str)
    return hashlib.sha256((template.sha256 + text).encode()).hexdigest()


# -- contexts ---------------------------------------------------------------------------


def agenda_context(
    council: Council,
    committee: Committee,
    view: PublicMeeting,
    pages: dict[int, str],
    labels: dict[int, str] | None = None,
) -> dict[str, Any]:
    """What the public front sheet shows. `pages` maps item numbers to their range in the
    pack, `labels` to their numbers on the agenda as published (6A for a late item), when
    it has been. Made from the public view alone: an exempt item shows its title and
    paragraph."""
    labels = labels or {}
    items = [
        {
            "number": labels.get(item.number, item.number),
            "title": item.title,
            "subtitle": item.subtitle,
            "purpose": item.purpose,
            "note": item.note,
            "pages": pages.get(item.number, ""),
        }
        for item in view.items
    ]
    return _front_sheet(
        council,
        committee,
        view.date,
        view.time,
        view.venue,
        heading="Public Document Pack",
        notice="",
        items=items,
        notices=list(council.notices),
    )


def exempt_agenda_context(
    council: Council,
    plan: MeetingPlan,
    pages: dict[int, str],
    labels: dict[int, str] | None = None,
) -> dict[str, Any]:
    """What the exempt pack's front sheet shows: only the items with exempt papers, and
    which papers they are. It never reaches a public file."""
    labels = labels or {}
    items = [
        {
            "number": labels.get(item.number, item.number),
            "title": item.title,
            "subtitle": item.subtitle,
            "purpose": item.purpose,
            "note": "Exempt papers: "
            + "; ".join(
                f"{d.title} (paragraph {d.exempt or item.exempt})" for d in item.exempt_documents
            ),
            "pages": pages.get(item.number, ""),
        }
        for item in plan.items
        if item.exempt_documents
    ]
    paragraphs = sorted({p for i in plan.items for p in i.paragraphs})
    notice = exempt_notice(paragraphs)
    meeting = plan.meeting
    return _front_sheet(
        council,
        plan.committee,
        meeting.date,
        meeting.time,
        meeting.venue,
        heading="Exempt Document Pack",
        notice=notice,
        items=items,
        notices=[],
    )


def supplement_context(
    council: Council,
    committee: Committee,
    view: PublicMeeting,
    supplement: SupplementPlan,
    pages: dict[int, str],
) -> dict[str, Any]:
    """What the public supplement's front sheet shows: each late or revised item under its
    number on the main agenda, its public papers and the chair's reason for urgency. A
    wholly exempt item shows only what the public view gives of it."""
    public = {item.number: item for item in view.items}
    items = []
    for entry in supplement.items:
        item = public[entry.item.number]
        papers = [] if item.exempt else [d.title for d in entry.public_documents]
        note = item.note if item.exempt else ""
        if not item.exempt and entry.exempt_documents:
            note = "A late or revised exempt appendix is circulated to members separately"
        items.append(
            {
                "number": entry.label,
                "title": item.title,
                "papers": papers,
                "note": note,
                # the reason for an exempt item may itself be exempt: members have it
                "urgency": "" if item.exempt else entry.urgency,
                "pages": pages.get(entry.item.number, ""),
            }
        )
    return _supplement_sheet(
        council,
        committee,
        view.date,
        view.time,
        view.venue,
        supplement,
        heading="Supplementary Document Pack",
        notice="",
        items=items,
    )


def exempt_supplement_context(
    council: Council, plan: MeetingPlan, supplement: SupplementPlan, pages: dict[int, str]
) -> dict[str, Any]:
    """The exempt supplement's front sheet: its late or revised exempt papers. It never
    reaches a public file."""
    items = [
        {
            "number": entry.label,
            "title": entry.item.title,
            "papers": [
                f"{d.title} (paragraph {d.exempt or entry.item.exempt})"
                for d in entry.exempt_documents
            ],
            "note": "",
            "urgency": entry.urgency,
            "pages": pages.get(entry.item.number, ""),
        }
        for entry in supplement.items
        if entry.exempt_documents
    ]
    paragraphs = sorted(
        {d.exempt or e.item.exempt or 0 for e in supplement.items for d in e.exempt_documents} - {0}
    )
    notice = exempt_notice(paragraphs)
    meeting = plan.meeting
    return _supplement_sheet(
        council,
        plan.committee,
        meeting.date,
        meeting.time,
        meeting.venue,
        supplement,
        heading="Exempt Supplementary Papers",
        notice=notice,
        items=items,
    )


def _supplement_sheet(
    council: Council,
    committee: Committee,
    date: dt.date,
    time: dt.time,
    venue: str,
    supplement: SupplementPlan,
    *,
    heading: str,
    notice: str,
    items: list[dict[str, Any]],
) -> dict[str, Any]:
    context = _front_sheet(
        council,
        committee,
        date,
        time,
        venue,
        heading=heading,
        notice=notice,
        items=items,
        notices=[],
    )
    published = dt.datetime.fromisoformat(supplement.published_at).date()
    name = f"Supplementary agenda {supplement.number}"
    return {
        **context,
        "title": f"{committee.name}, {long_date(date)}: {name.lower()}",
        "supplement": name,
        "introduction": "The following papers were not available when the agenda was "
        f"published on {long_date(published)}. Item numbers are those of the agenda; "
        "page numbers continue from the papers published before.",
    }


def _front_sheet(
    council: Council,
    committee: Committee,
    date: dt.date,
    time: dt.time,
    venue: str,
    *,
    heading: str,
    notice: str,
    items: list[dict[str, Any]],
    notices: list[str],
) -> dict[str, Any]:
    return {
        "title": f"{committee.name}, {long_date(date)}: {heading.lower()}",
        "heading": heading,
        "notice": notice,
        "council": council.name,
        "committee": f"{council.name} {committee.name}"
        if council.name and not committee.name.startswith(council.name)
        else committee.name,
        "date": weekday_date(date),
        "time": clock_time(time),
        "place": venue,
        "call_to_attend": "Councillors are requested to attend the above meeting to transact "
        "the following business",
        "signatory": council.signatory,
        "officer_name": committee.officer.name,
        "officer_role": committee.officer.role or "Contact",
        "officer_phone": committee.officer.phone,
        "items": items,
        "notices": notices,
    }


def tracker_context(view: PublicMeeting) -> dict[str, Any]:
    """Every resolution of the year's earlier meetings, oldest first."""
    return {
        "title": f"{view.committee_name} Action and Recommendation Tracker",
        "committee": view.committee_name,
        "resolutions": [
            {
                "date": long_date(row.date),
                "letter": row.letter,
                "text": row.text,
                "response": row.response,
                "status": row.status.capitalize() if row.status != "open" else "",
                "item": row.item,
            }
            for row in view.tracker
        ],
    }


def work_programme_context(committee: Committee, meeting: Meeting | None = None) -> dict[str, Any]:
    """The year's meetings with their public items (the year of `meeting`, when given),
    then recurring and pending topics."""
    year = committee.year
    current = committee.this_year()
    if meeting is not None and meeting not in current:
        year = year_label(committee.year_of(meeting))  # an earlier year's meeting: its own
    meetings = [
        {
            "date": long_date(row.date),
            "cancelled": row.cancelled or "",
            "moved_from": long_date(row.moved_from) if row.moved_from else "",
            "business": [{"title": b.title, "purpose": b.purpose} for b in row.business],
        }
        for row in public_programme(committee, meeting)
    ]
    month = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
    return {
        "title": f"{committee.name} {year} Work Programme".replace("  ", " "),
        "committee": committee.name,
        "year": year,
        "meetings": meetings,
        "recurring": [
            {"title": t.title, "month": month[t.month - 1], "note": t.note}
            for t in committee.recurring
        ],
        "pending": [{"title": t.title, "note": t.note} for t in committee.pending],
    }
