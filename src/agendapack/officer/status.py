"""Where each meeting stands: its deadlines, and whether its pack is built and current."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agendapack.documents.convert import libreoffice_version
from agendapack.errors import AgendapackError
from agendapack.layout import PACK
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.build import meeting_fingerprint
from agendapack.pack.manifest import built_sources, read_manifest
from agendapack.programme.workdays import meeting_deadlines, working_days_between
from agendapack.record import Claim, meeting_problems, read_record


def pack_state(
    workspace: Workspace, committee: Committee, meeting: Meeting, version: str
) -> tuple[str, str | None]:
    """('up to date' | 'out of date' | 'not built', path of the pack or None)."""
    out = workspace.layout.edition(committee.slug, meeting.date)
    pack = out / PACK
    if not pack.is_file():
        return "not built", None
    manifest = read_manifest(out)
    try:
        recorded = manifest.fingerprint if manifest else None
        current = meeting_fingerprint(workspace, committee, meeting, version)
    except (OSError, KeyError, AgendapackError):
        return "out of date", workspace.relative(pack)
    return ("up to date" if recorded == current else "out of date"), workspace.relative(pack)


@dataclass(frozen=True)
class DeadlineRow:
    committee: str
    date: dt.date
    report_deadline: dt.date
    publish_by: dt.date
    days_left: int  # working days from today to publish-by
    pack_state: str
    pack: str | None
    publication: str = "not yet"  # or "on time", "late", "damaged"
    published_at: str | None = None
    supplements: int = 0  # supplementary packs published
    drafted: int | None = None  # the number of a supplement built and not yet published

    @property
    def publication_text(self) -> str:
        """'not yet published', or 'published <when>, on time', with the supplements."""
        if self.publication == "damaged":
            return "editions of record not as published (`agendapack check` says what differs)"
        if not self.published_at:
            return "not yet published"
        text = f"published {self.published_at}, {self.publication}"
        if self.supplements:
            text += f", {self.supplements} supplementary pack{'s' * (self.supplements > 1)}"
        if self.drafted:
            text += f"; supplementary agenda {self.drafted} drafted, not yet published"
        return text

    @property
    def unpublished_past_deadline(self) -> bool:
        """The publish-by date has gone by and nothing has been published."""
        return self.days_left < 0 and self.publication == "not yet"

    def as_json(self) -> dict:
        return {
            "committee": self.committee,
            "date": self.date.isoformat(),
            "report_deadline": self.report_deadline.isoformat(),
            "publish_by": self.publish_by.isoformat(),
            "days_left": self.days_left,
            "pack_state": self.pack_state,
            "pack": self.pack,
            "publication": self.publication,
            "published_at": self.published_at,
            "supplements": self.supplements,
            "supplement_drafted": self.drafted,
        }


def meeting_deadline_rows(
    workspace: Workspace, slug: str | None, today: dt.date, include_past: bool = False
) -> list[DeadlineRow]:
    council = workspace.council
    committees = workspace.choose(slug)
    try:
        version = libreoffice_version()
    except AgendapackError:
        version = "unknown"
    rows = []
    for committee in committees:
        for meeting in committee.meetings:
            if meeting.is_cancelled or (meeting.date < today and not include_past):
                continue
            reports, publish = meeting_deadlines(council, meeting)
            state, pack = pack_state(workspace, committee, meeting, version)
            published = _published(workspace, committee, meeting)
            rows.append(
                DeadlineRow(
                    committee.slug,
                    meeting.date,
                    reports,
                    publish,
                    working_days_between(today, publish, council.holidays),
                    state,
                    pack,
                    *published,
                )
            )
    return sorted(rows, key=lambda r: (r.date, r.committee))


def _published(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> tuple[str, str | None, int, int | None]:
    """('not yet' | 'on time' | 'late', when the pack went out, how many supplements were
    published since, the number of one drafted and not yet published)."""
    claim = Claim(committee.slug, meeting.date, meeting.moved_from)
    if meeting_problems(workspace.layout, claim):
        return "damaged", None, 0, None  # `check` names what differs
    record = read_record(workspace.layout, committee.slug, meeting.date, meeting.moved_from)
    pack = record.pack
    if pack is None:
        return "not yet", None, 0, None
    manifest = read_manifest(workspace.layout.edition(committee.slug, meeting.date))
    number = manifest.supplement.number if manifest and manifest.supplement else None
    return (
        ("on time" if pack.on_time else "late"),
        pack.published_at,
        record.supplements,
        number if isinstance(number, int) and number > record.supplements else None,
    )


@dataclass(frozen=True)
class DocumentStatus:
    item: str
    file: str  # relative to the workspace
    state: str  # "present", "missing", "changed" (since the last build), "not built"


@dataclass(frozen=True)
class MeetingStatus:
    deadlines: DeadlineRow
    report_days_left: int  # working days from today to the report deadline
    documents: tuple[DocumentStatus, ...]

    @property
    def overdue_missing(self) -> bool:
        """Something is missing and the day reports were due has passed."""
        return self.report_days_left < 0 and any(d.state == "missing" for d in self.documents)

    def as_json(self) -> dict:
        return {
            **self.deadlines.as_json(),
            "report_days_left": self.report_days_left,
            "overdue_missing": self.overdue_missing,
            "documents": [
                {"item": d.item, "file": d.file, "state": d.state} for d in self.documents
            ],
        }


def meeting_status(workspace: Workspace, slug: str | None, today: dt.date) -> list[MeetingStatus]:
    """Each upcoming meeting: its deadlines, and every paper it needs and where it stands."""
    from agendapack.programme.rules import minutes_file
    from agendapack.record import sha256_file

    council = workspace.council
    result = []
    for row in meeting_deadline_rows(workspace, slug, today):
        committee = workspace.committee(row.committee)
        assert committee is not None
        meeting = committee.meeting_on(row.date)
        assert meeting is not None
        built = built_sources(workspace, committee, meeting.date)
        documents = []
        previous = committee.previous_meeting(meeting)
        if previous and "minutes" in (*committee.opening, *committee.closing):
            found = minutes_file(workspace, committee, previous)
            shown = (
                workspace.relative(found)
                if found
                else workspace.relative(
                    workspace.meeting_folder(committee, previous.date) / "minutes.docx"
                )
            )
            documents.append(
                DocumentStatus("Minutes", shown, _state(found, shown, built, sha256_file))
            )
        for item in meeting.items:
            for document in item.documents:
                shown = workspace.relative(document.path)
                path = document.path if document.path.is_file() else None
                documents.append(
                    DocumentStatus(item.title, shown, _state(path, shown, built, sha256_file))
                )
        result.append(
            MeetingStatus(
                row,
                working_days_between(today, row.report_deadline, council.holidays),
                tuple(documents),
            )
        )
    return result


def _state(path, shown: str, built: dict, sha256) -> str:
    if path is None:
        return "missing"
    if not built:
        return "present"
    if shown not in built:
        return "new since the build"
    return "changed since the build" if built[shown] != sha256(path) else "present"
