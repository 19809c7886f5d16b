"""Rules that look past one table: documents on disk, meeting folders, the year's shape.

Reading only, but for a cache of documents already found readable. Every rule returns
Problem lines.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from agendapack.documents.access import findings
from agendapack.documents.checks import PROGRAMS, paper_problem, word_warnings
from agendapack.errors import AgendapackError, DocumentError, Problem
from agendapack.model import (
    EXEMPT_MINUTES_NAMES,
    MINUTES_NAMES,
    SUPPORTED_SUFFIXES,
    Committee,
    Document,
    Meeting,
    Workspace,
)
from agendapack.pdf.sanitise import hostile_features, is_tagged_pdf
from agendapack.record import Claim, read_record, record_problems
from agendapack.store import current
from agendapack.wording import NO_UID_DOMAIN

# Files that editors leave beside the documents they have open, never papers.
_IGNORED_PREFIXES = (".", "~$", ".~lock.")
WORK_PROGRAMME_COVER = "work-programme.docx"


def check_workspace(workspace: Workspace) -> list[Problem]:
    problems: list[Problem] = []
    for committee in workspace.committees:
        problems.extend(_check_committee(workspace, committee))
    problems.extend(_exempt_and_public(workspace))
    claims = [Claim(c.slug, m.date, m.moved_from) for c in workspace.committees for m in c.meetings]
    problems.extend(record_problems(workspace.layout, claims))
    problems.extend(_uid_domain_changed(workspace))
    return problems


def remembered_domains(path: Path) -> Counter[str]:
    """The domains of the UIDs in the calendars' memory, with how many events each names:
    the names subscribers' calendars hold. Empty when there is no memory (or it cannot be
    read: `calendar` names that)."""
    try:
        stat = path.stat()
    except OSError:
        return Counter()
    # by the file's time and size, for the run: every event's UID asks, and the file is
    # read once
    signature = (stat.st_mtime_ns, stat.st_size)
    files = current().files
    key = Path(f"{path}#uid-domains")
    if key not in files or files[key][0] != signature:
        files[key] = (signature, _remembered_domains(path))
    return Counter(files[key][1])


def _remembered_domains(path: Path) -> dict[str, int]:
    try:
        events = json.loads(path.read_text(encoding="utf-8"))["events"]
        return dict(Counter(uid.rpartition("@")[2] for uid in events if "@" in uid))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def remembered_domain(workspace: Workspace) -> str:
    """The domain of most events subscribers have, from the calendars' memory, or ""."""
    domains = remembered_domains(workspace.layout.calendar_memory)
    return min(domains, key=lambda d: (-domains[d], d)) if domains else ""


def _uid_domain_changed(workspace: Workspace) -> Iterator[Problem]:
    """A `uid_domain` other than that of the events subscribers already have (from the
    calendars' memory) replaces every event in their calendars: said before it happens.
    Without `uid_domain`, the events keep the domain they have, and check says to set it."""
    domain = workspace.council.uid_domain
    domains = remembered_domains(workspace.layout.calendar_memory)
    if not domains or domain in domains:
        return
    usual = remembered_domain(workspace)
    if not domain:
        host = urlsplit(workspace.council.publish_url).hostname or ""
        if host == usual:
            return  # load's warning says to set it to the host, which is this
        yield Problem(
            workspace.council.source,
            None,
            "warning",
            f"{NO_UID_DOMAIN}the calendar events subscribers have are named after {usual!r} "
            f"({workspace.relative(workspace.layout.calendar_memory)}) and keep that name, "
            f"though publish_url is now on {host or 'no host'!r}; add "
            f'uid_domain = "{usual}" and never change it',
        )
        return
    yield Problem(
        workspace.council.source,
        None,
        "warning",
        f"uid_domain {domain!r} is not the domain of the calendar events subscribers "
        f"already have ({usual!r}): every event would be replaced in their calendars; set "
        f'uid_domain = "{usual}" unless that is meant',
    )


def pack_problems(workspace: Workspace, committee: Committee, meeting: Meeting) -> list[Problem]:
    """What stops this meeting's pack besides its items' own documents: the minutes it
    confirms or its work-programme cover that cannot be used, and a paper that would be
    both in the exempt pack and public. The same lines as `check`; the build refuses the
    meeting on any of them."""
    problems: list[Problem] = []
    previous = committee.previous_meeting(meeting)
    if previous and _uses(committee, "minutes"):
        problems.extend(p for p in _minutes_problems(workspace, committee, previous) if p.is_error)
    if _uses(committee, "work-programme"):
        problems.extend(p for p in _cover_problems(workspace, committee, meeting) if p.is_error)
    problems.extend(_clashes(_pack_papers(workspace, committee, meeting), same_pack=True))
    return problems


def _uses(committee: Committee, standing: str) -> bool:
    return standing in (*committee.opening, *committee.closing)


def _check_committee(workspace: Workspace, committee: Committee) -> Iterator[Problem]:
    source = committee.source
    max_items = workspace.council.max_items
    held_months = {m.date.month for m in committee.this_year() if not m.is_cancelled}
    for topic in committee.recurring:
        if topic.month not in held_months:
            month = dt.date(2000, topic.month, 1).strftime("%B")
            yield Problem(
                source,
                topic.line,
                "warning",
                f"recurring topic {topic.title!r} is due "
                f"in {month}, but the committee has no meeting in {month}",
            )
    for meeting in committee.meetings:
        substantive = len(meeting.items)
        if substantive > max_items:
            yield Problem(
                source,
                meeting.line,
                "warning",
                f"{substantive} items at the meeting "
                f"on {meeting.date.isoformat()}, more than max_items = {max_items}",
            )
        for item in meeting.items:
            for document in item.documents:
                yield from _check_document(workspace, committee, meeting, document)
        yield from late_items(workspace, committee, meeting)
        if not meeting.is_cancelled and _uses(committee, "minutes"):
            yield from _minutes_problems(workspace, committee, meeting)
        if not meeting.is_cancelled and _uses(committee, "work-programme"):
            yield from _cover_problems(workspace, committee, meeting)
        if preparing(workspace, committee, meeting) and "minutes" in (
            *committee.opening,
            *committee.closing,
        ):
            previous = committee.previous_meeting(meeting)
            if previous and minutes_file(workspace, committee, previous) is None:
                yield Problem(
                    source,
                    meeting.line,
                    "warning",
                    minutes_missing(workspace, committee, meeting, previous),
                )
    yield from _check_folders(workspace, committee)


def late_items(workspace: Workspace, committee: Committee, meeting: Meeting) -> Iterator[Problem]:
    """An item added after the pack was published may be taken only for a reason of
    urgency that the chair gives and the minutes record (s.100B(4)(b) LGA 1972)."""
    if meeting.is_cancelled:
        return
    try:
        record = read_record(workspace.layout, committee.slug, meeting.date, meeting.moved_from)
    except AgendapackError:
        return  # record_problems names it
    if record.pack is None:
        return
    published = record.titles
    for item in meeting.items:
        if item.title not in published and not item.urgency.strip():
            yield Problem(
                committee.source,
                item.line,
                "error",
                f"{item.title!r} is late: the pack was published on "
                f"{record.pack.published_at} without it; give the chair's reason for taking "
                'it as a matter of urgency, urgency = "...", or move it to a later meeting '
                "(s.100B(4)(b) LGA 1972)",
                meeting=f"{committee.slug} {meeting.date.isoformat()}",
            )


def preparing(workspace: Workspace, committee: Committee, meeting: Meeting) -> bool:
    """Whether the meeting's folder holds papers for it, not only its own minutes for the
    next meeting: the meetings whose packs a plain build makes."""
    folder = workspace.meeting_folder(committee, meeting.date)
    if not folder.is_dir():
        return False
    return any(
        p.is_file()
        and p.name not in (*MINUTES_NAMES, *EXEMPT_MINUTES_NAMES)
        and not p.name.startswith(_IGNORED_PREFIXES)
        for p in folder.rglob("*")
    )


def minutes_file(workspace: Workspace, committee: Committee, meeting: Meeting) -> Path | None:
    """The minutes document in a meeting's folder, if one is there."""
    folder = workspace.meeting_folder(committee, meeting.date)
    return next((folder / n for n in MINUTES_NAMES if (folder / n).is_file()), None)


def minutes_missing(
    workspace: Workspace, committee: Committee, meeting: Meeting, previous: Meeting
) -> str:
    folder = workspace.relative(workspace.meeting_folder(committee, previous.date))
    return (
        f"the meeting on {meeting.date.isoformat()} confirms the minutes of "
        f"{previous.date.isoformat()}, but {folder}/ has no minutes.docx or minutes.pdf"
    )


def document_problem(
    workspace: Workspace, committee: Committee, meeting: Meeting, document: Document
) -> str | None:
    """Why a named document cannot be used, or None: shared by check and build."""
    folder = workspace.meeting_folder(committee, meeting.date)
    shown = workspace.relative(folder) + "/"
    name = document.file
    if not name.strip():
        return "a document's file name is empty"
    if os.path.isabs(name) or name.startswith(("/", "\\")) or ":" in name[:3]:
        return f"{name!r} is an absolute path; name a file inside {shown}"
    if ".." in Path(name).parts or "\\.." in name or "../" in name:
        return f"{name!r} leads outside the meeting folder {shown}"
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        return f"{name!r} is not a supported kind of document; use one of {kinds}"
    path = folder / name
    if not path.exists():
        if not path.is_symlink() and path.parent.is_dir():
            near = [p.name for p in path.parent.iterdir() if p.name.lower() == path.name.lower()]
            if near:
                return f"{name!r} is missing from {shown}; there is {near[0]!r} (letter case)"
        return f"{name!r} is missing from {shown}"
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return f"{name!r} is a link that leads outside the meeting folder {shown}"
    if not path.is_file():
        return f"{name!r} is not a file"
    problem = paper_problem(path, shown + name)
    return f"{name!r}{problem}" if problem else None


def _check_document(
    workspace: Workspace, committee: Committee, meeting: Meeting, document: Document
) -> Iterator[Problem]:
    if meeting.is_cancelled:
        return
    problem = document_problem(workspace, committee, meeting, document)
    if problem:
        yield Problem(
            committee.source,
            document.line,
            "error",
            problem,
            meeting=f"{committee.slug} {meeting.date.isoformat()}",
        )
    elif not document.is_pdf:
        for warning in _word_warnings(document.path):
            yield Problem(
                committee.source, document.line, "warning", f"{document.file!r} {warning}"
            )
    else:
        yield from _pdf_warnings(workspace, committee, meeting, document)


def _pdf_warnings(
    workspace: Workspace, committee: Committee, meeting: Meeting, document: Document
) -> Iterator[Problem]:
    """One warning naming everything the public copy of a PDF leaves out (its authors' names
    and title are always replaced, and every Word export has them: that alone is not said),
    and one when it has no tags, so a screen reader cannot read it in order."""
    shown = workspace.relative(document.path)
    try:
        found = hostile_features(document.path, shown)
    except DocumentError as exc:
        yield Problem(
            committee.source,
            document.line,
            "error",
            f"{document.file!r}: {exc.problems[0].message}",
            advice=exc.problems[0].advice,
            meeting=f"{committee.slug} {meeting.date.isoformat()}",
        )
        return
    if found:
        listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
        yield Problem(
            committee.source,
            document.line,
            "warning",
            f"{document.file!r} has {listed}, left out of the pack",
        )
    if not is_tagged_pdf(document.path, shown):  # answered by the same opening, cached
        yield Problem(
            committee.source,
            document.line,
            "warning",
            f"{document.file!r} is not a tagged PDF: ask its author for an accessible version",
        )
    for finding in findings(document.path):
        yield Problem(
            committee.source,
            document.line,
            "warning",
            f"{document.file!r} {finding.warning(word=False)}",
        )


def _word_warnings(path: Path) -> list[str]:
    """What would surprise the author of a paper LibreOffice converts (a Word file, a
    workbook, slides) in the pack, then what only they can make accessible in it."""
    suffix = path.suffix.lower()
    writer, program = suffix == ".odt", PROGRAMS.get(suffix, "")
    return word_warnings(path) + [
        f.warning(word=True, writer=writer, program=program) for f in findings(path)
    ]


def _folder_document(
    workspace: Workspace, committee: Committee, meeting: Meeting, path: Path, tag: str | None
) -> Iterator[Problem]:
    """A paper found in a meeting's folder by its name rather than named in the programme
    (minutes, a work-programme cover): checked as an item's document is, and reported at
    the file itself."""
    shown = workspace.relative(path)
    document = Document(path.name, path)
    problem = document_problem(workspace, committee, meeting, document)
    if problem:
        yield Problem(shown, None, "error", problem, meeting=tag)
    elif not document.is_pdf:
        for warning in _word_warnings(path):
            yield Problem(shown, None, "warning", f"{path.name!r} {warning}")
    else:
        for found in _pdf_warnings(workspace, committee, meeting, document):
            yield replace(found, path=shown, line=None, meeting=tag if found.is_error else None)


def _minutes_problems(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> Iterator[Problem]:
    """The problems of a meeting's own minutes, which the next meeting's pack carries."""
    found = minutes_file(workspace, committee, meeting)
    if found is None:
        return
    # The pack it stops is the next held meeting's; the last meeting's stops none yet.
    later = [
        m
        for m in committee.meetings
        if not m.is_cancelled and committee.previous_meeting(m) == meeting
    ]
    tag = f"{committee.slug} {(later[0] if later else meeting).date.isoformat()}"
    yield from _folder_document(workspace, committee, meeting, found, tag)


def _cover_problems(
    workspace: Workspace, committee: Committee, meeting: Meeting
) -> Iterator[Problem]:
    cover = workspace.meeting_folder(committee, meeting.date) / WORK_PROGRAMME_COVER
    if cover.is_file():
        tag = f"{committee.slug} {meeting.date.isoformat()}"
        yield from _folder_document(workspace, committee, meeting, cover, tag)


# -- one paper both exempt and public -----------------------------------------------------


@dataclass(frozen=True)
class _Paper:
    """A file that goes into a meeting's packs, and where the programme puts it."""

    path: Path  # as named: the link itself when it is one
    shown: str  # packs/cyp/2023-10-01/a.pdf
    where: str  # programme/cyp.toml:31, or the file itself for minutes and covers
    role: str  # "" for an item's document, " as the minutes" ...
    exempt: bool
    pack: str  # "cyp 2023-10-01": the meeting whose packs carry it
    line: int | None = None
    source: str = ""

    def identity(self) -> tuple[int, int, int] | None:
        """Device, inode and size of the file the name leads to; None when it is not one."""
        try:
            status = self.path.stat()
        except (OSError, ValueError):
            return None
        if not self.path.is_file():
            return None
        return status.st_dev, status.st_ino, status.st_size


def _pack_papers(workspace: Workspace, committee: Committee, meeting: Meeting) -> list[_Paper]:
    """Every file a meeting's packs carry: its items' documents, exempt or public, the
    minutes it confirms and its work-programme cover (both public)."""
    if meeting.is_cancelled:
        return []
    pack = f"{committee.slug} {meeting.date.isoformat()}"
    papers = []
    for item in meeting.items:
        for document in item.documents:
            papers.append(
                _Paper(
                    document.path,
                    workspace.relative(document.path),
                    f"{committee.source}:{document.line}" if document.line else committee.source,
                    "",
                    bool(item.exempt or document.exempt),
                    pack,
                    document.line,
                    committee.source,
                )
            )
    previous = committee.previous_meeting(meeting)
    minutes = minutes_file(workspace, committee, previous) if previous else None
    if minutes and _uses(committee, "minutes"):
        shown = workspace.relative(minutes)
        papers.append(_Paper(minutes, shown, shown, " as the minutes", False, pack))
    cover = workspace.meeting_folder(committee, meeting.date) / WORK_PROGRAMME_COVER
    if cover.is_file() and _uses(committee, "work-programme"):
        shown = workspace.relative(cover)
        papers.append(_Paper(cover, shown, shown, " as the work programme's cover", False, pack))
    return papers


def _same(
    exempt: _Paper, public: _Paper, first: tuple[int, int, int], second: tuple[int, int, int]
) -> str | None:
    """How an exempt and a public paper (of the same size) are one paper, or None."""
    if os.path.normpath(exempt.path) == os.path.normpath(public.path):
        return "the same file"
    if first == second:
        linked = exempt.path.is_symlink() or public.path.is_symlink()
        return "a link to the same file" if linked else "a hard link to the same file"
    try:
        identical = filecmp.cmp(exempt.path, public.path, shallow=False)
    except OSError:
        return None
    return "a copy with the same content" if identical else None


def _clashes(papers: Iterable[_Paper], *, same_pack: bool) -> Iterator[Problem]:
    """Each exempt paper that is also a public one: an error within one meeting's packs
    (the public pack would carry it), a warning across meetings (an exemption may have
    lapsed since)."""
    papers = list(papers)
    if not any(p.exempt for p in papers):
        return
    # Only papers of the same size can be one paper: nothing is read for the rest.
    by_size: dict[int, list[tuple[_Paper, tuple[int, int, int]]]] = {}
    exempt = []
    for paper in papers:
        identity = paper.identity()
        if identity is None or identity[2] == 0:
            continue  # missing, empty or not a file: reported as such
        if paper.exempt:
            exempt.append((paper, identity))
        else:
            by_size.setdefault(identity[2], []).append((paper, identity))
    for secret, identity in exempt:
        for shown, other in by_size.get(identity[2], []):
            if same_pack != (secret.pack == shown.pack):
                continue
            how = _same(secret, shown, identity, other)
            if how is None:
                continue
            if same_pack:
                yield Problem(
                    secret.source,
                    secret.line,
                    "error",
                    f"{secret.shown!r} is exempt here but also public{shown.role} at "
                    f"{shown.where} ({how}); the public pack would carry it: mark both "
                    "exempt, or name a different file for the public one",
                    meeting=secret.pack,
                )
            else:
                date = shown.pack.split(" ", 1)[1]
                yield Problem(
                    secret.source,
                    secret.line,
                    "warning",
                    f"{secret.shown!r} is exempt here but public{shown.role} at the meeting "
                    f"on {date}, {shown.where} ({how}); unless its exemption has lapsed, "
                    "mark it exempt there too",
                )


def _exempt_and_public(workspace: Workspace) -> Iterator[Problem]:
    papers = [
        paper
        for committee in workspace.committees
        for meeting in committee.meetings
        for paper in _pack_papers(workspace, committee, meeting)
    ]
    yield from _clashes(papers, same_pack=True)
    yield from _clashes(papers, same_pack=False)


def _check_folders(workspace: Workspace, committee: Committee) -> Iterator[Problem]:
    packs = workspace.layout.papers(committee.slug)
    if not packs.is_dir():
        return
    for folder in sorted(packs.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        shown = workspace.relative(folder) + "/"
        try:
            date = dt.date.fromisoformat(folder.name)
        except ValueError:
            yield Problem(
                shown,
                None,
                "warning",
                "a meeting folder must be named by its date, such as 2024-03-28",
            )
            continue
        meeting = committee.meeting_on(date)
        if meeting is None:
            yield Problem(
                shown,
                None,
                "warning",
                f"no meeting on {date.isoformat()} in "
                f"{committee.source}; rename the folder or add the meeting",
            )
            continue
        named = {Path(d.file).as_posix() for i in meeting.items for d in i.documents}
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith(_IGNORED_PREFIXES):
                continue
            relative = path.relative_to(folder).as_posix()
            if (
                relative in named
                or relative in (*MINUTES_NAMES, *EXEMPT_MINUTES_NAMES)
                or relative == WORK_PROGRAMME_COVER
            ):
                continue
            yield Problem(
                shown + relative,
                None,
                "warning",
                "no item names this file; add it "
                f"to an item's `documents` in {committee.source} or remove it",
            )


def earlier_year_warnings(workspace: Workspace, problems: Iterable[Problem]) -> list[Problem]:
    """The warnings about meetings of years before their programme's `year` (kept in the
    file by `new-year`): what no one can change now, which `check` counts rather than
    prints. A warning belongs to a meeting by the meeting it names (a paper's folder, a
    problem of one meeting) or by the lines of its [[meeting]] table."""
    committees = {c.slug: c for c in workspace.committees}
    sources = {c.source: c for c in workspace.committees}
    tables = {c.slug: _meeting_tables(c) for c in workspace.committees}
    found = []
    for problem in problems:
        if problem.is_error:
            continue
        committee, day = None, None
        parts = problem.path.split("/")
        if problem.meeting:
            slug, _, text = problem.meeting.partition(" ")
            committee, day = committees.get(slug), _day(text)
        elif len(parts) >= 3 and parts[0] == "packs":
            committee, day = committees.get(parts[1]), _day(parts[2])
        elif problem.path in sources and problem.line:
            committee = sources[problem.path]
            day = next(
                (d for line, d in reversed(tables[committee.slug]) if line <= problem.line), None
            )
        if committee is None or day is None or committee.years.current is None:
            continue
        if committee.years.of(day) < committee.years.current:
            found.append(problem)
    return found


def _meeting_tables(committee: Committee) -> list[tuple[int, dt.date | None]]:
    """Where each table of the file starts, in order, with the meeting's date (None for a
    [[recurring]] or [[pending]] table, which belongs to no meeting)."""
    starts: list[tuple[int, dt.date | None]] = [
        (m.line, m.date) for m in committee.meetings if m.line is not None
    ]
    starts += [(t.line, None) for t in committee.recurring if t.line]
    starts += [(p.line, None) for p in committee.pending if p.line]
    return sorted(starts, key=lambda start: start[0])


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
