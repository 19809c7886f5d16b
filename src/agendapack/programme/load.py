"""Programme files to the typed model, collecting every problem rather than stopping.

Validation runs in two passes, as the chair reads the messages: first each table's keys
and types (this module), then the rules across fields, meetings and files
(``agendapack.programme.rules``). Either way a problem is a line, never an exception.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from agendapack.errors import Problem, Severity
from agendapack.layout import Layout
from agendapack.model import (
    FIRST_YEAR,
    LAST_YEAR,
    STANDING_ITEMS,
    Committee,
    Council,
    Document,
    Item,
    Meeting,
    MunicipalYears,
    Officer,
    PendingTopic,
    RecurringTopic,
    Resolution,
    Workspace,
    municipal_year_span,
)
from agendapack.programme.lines import Path as KeyPath
from agendapack.programme.lines import key_lines, line_of
from agendapack.programme.workdays import publish_by, region_problem
from agendapack.store import opened
from agendapack.wording import NO_UID_DOMAIN

COUNCIL_FILE = "council.toml"


@dataclass
class LoadResult:
    """The model as far as it could be built, and everything found wrong on the way."""

    workspace: Workspace | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


# -- value kinds ------------------------------------------------------------------------
# Each takes a TOML value and returns the model's value, or raises _Bad with what was wanted.


class _Bad(Exception):
    def __init__(self, expected: str, *, message: str | None = None) -> None:
        self.expected = expected
        # The whole message after the key, where "must be ..., not ..." would not read well.
        self.message = message


# C0 and C1 controls and DEL: invisible in an editor, yet they reach the feeds and pages
# raw. A paragraph may hold line breaks and tabs; a one-line text (a title, a name) not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
# Characters that show nothing (zero-width spaces and joiners): a title of only these is
# empty. Direction overrides and isolates make a text display other than it reads, the
# trick behind spoofed names: refused wherever they are.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_DIRECTION = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Control characters written as escapes, so a message shows where they are."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m[0]):04X}", text)


# Longer than any agenda shows: a pasted document, which would take LibreOffice far longer
# than its time limit to lay out on the front sheet.
MAX_LINE = 1_000
MAX_PARAGRAPH = 10_000


def _plain(value: str, *, lines: bool) -> str:
    longest = MAX_PARAGRAPH if lines else MAX_LINE
    if len(value) > longest:
        raise _Bad(
            "",
            message=f"is {len(value):,} characters long; keep it under {longest:,} (the "
            "detail belongs in the report)",
        )
    direction = _DIRECTION.search(value)
    if direction:
        raise _Bad(
            "",
            message=f"contains U+{ord(direction[0]):04X}, which makes the text display in "
            "another order than it reads; remove it",
        )
    control = _CONTROL.search(value) or (None if lines else _LINE_BREAK.search(value))
    if control is None:
        return value
    code = f"U+{ord(control[0]):04X}"
    if control[0] == "\t":
        raise _Bad("", message=f"must be on one line; remove the tab ({code})")
    if control[0] in "\n\r\u2028\u2029":
        raise _Bad("", message=f"must be on one line; remove the line break ({code})")
    raise _Bad(
        "",
        message=f"contains the control character {code}, which no page or calendar can "
        "show; remove it",
    )


def showable(text: str) -> str:
    """The text with every character a programme file refuses (controls, line breaks,
    invisible and direction characters) made a space: for text taken from elsewhere, such
    as minutes, to write into one."""
    for pattern in (_CONTROL, _LINE_BREAK, _INVISIBLE, _DIRECTION):
        text = pattern.sub(" ", text)
    return text


def text_problem(value: str) -> str | None:
    """Why a one-line text (a title, a name) cannot go into a programme file, as the rest
    of a sentence ("is 2,000 characters long; ..."), or None."""
    try:
        _plain(value, lines=False)
    except _Bad as bad:
        return bad.message
    return None


def _text(value: Any) -> str:
    """One line of text: a title, a name, a place."""
    if not isinstance(value, str):
        raise _Bad("text in quotes")
    return _plain(value, lines=False)


def _paragraph(value: Any) -> str:
    """Text that may run over several lines: a purpose, a note, a notice."""
    if not isinstance(value, str):
        raise _Bad("text in quotes")
    return _plain(value, lines=True)


def _filled(kind: Callable[[Any], str]) -> Callable[[Any], str]:
    """A text that must say something: a title or a name left empty is a blank agenda line."""

    def convert(value: Any) -> str:
        text = kind(value)
        if not _INVISIBLE.sub("", text).strip():
            raise _Bad("", message="is empty; write it between the quotes")
        return text

    return convert


_title = _filled(_text)


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("a whole number")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("true or false")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _Bad("a date such as 2024-03-28") from None
        # A quoted date is text to TOML: comparisons and edits by date would miss it.
        raise _Bad("a date written without quotes, such as 2024-03-28")
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _Bad("a date such as 2024-03-28")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise _Bad(f"a date between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _time(value: Any) -> dt.time:
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value)
        except ValueError:
            raise _Bad("a time such as 09:30:00") from None
    if not isinstance(value, dt.time):
        raise _Bad("a time such as 09:30:00")
    return value


_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$")


def _duration(value: Any) -> dt.timedelta:
    expected = 'a duration such as "2h30m", "2h" or "90m"'
    if not isinstance(value, str):
        raise _Bad(expected)
    match = _DURATION.match(value)
    if not match or not any(match.groups()):
        raise _Bad(expected)
    hours, minutes = (int(g or 0) for g in match.groups())
    # Compared before timedelta sees them: "99999999999h" overflows it.
    if hours > 24 or minutes > 24 * 60 or not 0 < hours * 60 + minutes <= 24 * 60:
        raise _Bad("a duration between 1 minute and 24 hours")
    return dt.timedelta(hours=hours, minutes=minutes)


def _texts_of(kind: Callable[[Any], str]) -> Callable[[Any], tuple[str, ...]]:
    def convert(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Bad('a list of texts such as ["one", "two"]')
        return tuple(kind(v) for v in value)

    return convert


def _dates(value: Any) -> tuple[dt.date, ...]:
    if not isinstance(value, list):
        raise _Bad("a list of dates such as [2024-05-21, 2025-05-20]")
    return tuple(sorted(_date(v) for v in value))


_texts = _texts_of(_text)
_paragraphs = _texts_of(_paragraph)


def _days(value: Any) -> int:
    # Working days are counted one by one: a huge count would run for ever.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
        raise _Bad("a whole number of working days from 0 to 60")
    return value


def _exempt(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
        raise _Bad("a paragraph of Schedule 12A Part 1, a number from 1 to 7")
    return value


def _month(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise _Bad("a month number from 1 to 12")
    return value


def _minute_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99_999:
        raise _Bad("a minute number from 1 to 99999")
    return value


def _one_of(*choices: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise _Bad(" or ".join(f'"{c}"' for c in choices))
        return value

    return convert


def _show(value: Any) -> str:
    """A value as the chair wrote it in TOML, short enough for one line."""
    if isinstance(value, str):
        text = '"' + _visible(value).replace('"', '\\"') + '"'
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list" if value else "[]"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + '..."'


def _toml_type(value: Any) -> str:
    """The TOML name of a value's type, for 'found ...' phrases."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return _show(value)


# -- reading tables ---------------------------------------------------------------------


class _File:
    """One programme file being read: its text's line map and the problems found in it."""

    def __init__(self, source: str, lines: dict[KeyPath, int], problems: list[Problem]):
        self.source = source
        self.lines = lines
        self.problems = problems

    def report(self, path: KeyPath, severity: Severity, message: str) -> None:
        self.problems.append(Problem(self.source, line_of(self.lines, path), severity, message))

    def error(self, path: KeyPath, message: str) -> None:
        self.report(path, "error", message)

    def warning(self, path: KeyPath, message: str) -> None:
        self.report(path, "warning", message)


def _table_name(path: KeyPath) -> str:
    """('meeting', 2, 'item', 0) to '[[meeting.item]]'; () to 'the file'."""
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return "the top of the file"
    if isinstance(path[-1], int):
        return "[[" + ".".join(names) + "]]"
    return "[" + ".".join(names) + "]"


_MISSING = object()


class _Table:
    """Typed access to one TOML table; every key read is known, the rest are reported."""

    def __init__(self, file: _File, data: dict[str, Any], path: KeyPath) -> None:
        self.file = file
        self.data = data
        self.path = path
        self.known: list[str] = []

    def get(
        self,
        key: str,
        kind: Callable[[Any], Any],
        default: Any = None,
        *,
        required: bool = False,
    ) -> Any:
        self.known.append(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.file.error(self.path, f"{_table_name(self.path)} is missing `{key}`")
            return default
        try:
            return kind(value)
        except _Bad as bad:
            self.file.error(
                (*self.path, key),
                f"`{key}` {bad.message}"
                if bad.message
                else f"`{key}` must be {bad.expected}, not {_toml_type(value)}",
            )
            return default

    def tables(self, key: str) -> list[_Table]:
        """The tables of an array of tables such as [[meeting]]."""
        self.known.append(key)
        value = self.data.get(key, [])
        if isinstance(value, dict):
            # [meeting] with one bracket is one table, not the first of a list: the next
            # [meeting] would be a TOML error, and every line number would be the header's.
            name = ".".join(p for p in (*self.path, key) if isinstance(p, str))
            noun = {"recurring": "recurring topic", "pending": "pending topic"}.get(key, key)
            self.file.error(
                (*self.path, key),
                f"write [[{name}]] with two brackets, not [{name}]: "
                f"each {noun} is a [[{name}]] table of its own",
            )
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.file.error(
                (*self.path, key),
                f"`{key}` must be tables written as [[{key}]], not {_show(value)}",
            )
            return []
        return [_Table(self.file, v, (*self.path, key, i)) for i, v in enumerate(value)]

    def table(self, key: str) -> _Table | None:
        self.known.append(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.file.error(
                (*self.path, key), f"`{key}` must be a table [{key}], not {_show(value)}"
            )
            return None
        return _Table(self.file, value, (*self.path, key))

    def finish(self) -> None:
        """Report keys this table does not have, suggesting the closest one it does."""
        for key in self.data:
            if key in self.known:
                continue
            message = f"unknown key `{_visible(key)}` in {_table_name(self.path)}"
            close = difflib.get_close_matches(key, self.known, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean `{close[0]}`?"
            else:
                message += "; it has " + ", ".join(f"`{k}`" for k in self.known)
            self.file.error((*self.path, key), message)


# -- the council ------------------------------------------------------------------------


def _read_council(table: _Table) -> Council:
    defaults = Council(name="")
    name = table.get("name", _title, "", required=True)
    council = Council(
        name=name,
        address=table.get("address", _paragraph, defaults.address),
        publish_url=table.get("publish_url", _text, defaults.publish_url),
        uid_domain=table.get("uid_domain", _text, defaults.uid_domain),
        timezone=table.get("timezone", _text, defaults.timezone),
        holidays=table.get("holidays", _text, defaults.holidays),
        notice_days=table.get("notice_days", _days, defaults.notice_days),
        report_days=table.get("report_days", _days, defaults.report_days),
        max_items=table.get("max_items", _integer, defaults.max_items),
        duplex=table.get("duplex", _boolean, defaults.duplex),
        signatory=table.get("signatory", _text, defaults.signatory),
        notices=table.get("notices", _paragraphs, defaults.notices),
        annual_meetings=table.get("annual_meetings", _dates, defaults.annual_meetings),
        source=table.file.source,
    )
    table.finish()
    file = table.file
    years: dict[int, dt.date] = {}
    for index, day in enumerate(council.annual_meetings):
        if day.year in years:
            file.error(
                ("annual_meetings", index),
                f"two annual meetings in {day.year}, {years[day.year].isoformat()} and "
                f"{day.isoformat()}; a municipal year starts at one",
            )
        years[day.year] = day
    try:
        zoneinfo.ZoneInfo(council.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        file.error(
            ("timezone",),
            f'unknown timezone {_show(council.timezone)}; use one such as "Europe/London"',
        )
        council = replace(council, timezone=defaults.timezone)
    problem = region_problem(council.holidays)
    if problem:
        file.error(("holidays",), problem)
        council = replace(council, holidays=defaults.holidays)
    if "publish_url" not in table.data:
        _missing(
            file,
            "no `publish_url`: the calendars and the site cannot link to the meeting pages "
            "and papers; set it to where build/site/ is served, such as "
            '"https://democracy.example.gov.uk/"',
        )
    elif not council.publish_url.strip():
        file.error(
            ("publish_url",),
            "`publish_url` is empty; write where build/site/ is served, such as "
            '"https://democracy.example.gov.uk/", or remove the line',
        )
        council = replace(council, publish_url=defaults.publish_url)
    elif not _plain_url(council.publish_url):
        file.error(
            ("publish_url",),
            "`publish_url` must be a plain web address such as "
            '"https://democracy.example.gov.uk/" (http or https, a host, a path; no spaces, '
            f"quotes, ? or #), not {_show(council.publish_url)}",
        )
        council = replace(council, publish_url=defaults.publish_url)
    elif council.publish_url and not council.publish_url.endswith("/"):
        council = replace(council, publish_url=council.publish_url + "/")
    council = _uid_domain(file, table, council)
    for key in ("max_items",):
        if getattr(council, key) < 0:
            file.error((key,), f"`{key}` must not be negative")
            council = replace(council, **{key: getattr(defaults, key)})
    return council


def _missing(file: _File, message: str) -> None:
    """A warning about a key that is not there: it has no line to point at."""
    file.problems.append(Problem(file.source, None, "warning", message))


def _uid_domain(file: _File, table: _Table, council: Council) -> Council:
    """`uid_domain`: a host name, or a warning that the events are named after the site."""
    host = urlsplit(council.publish_url).hostname or ""
    if "uid_domain" not in table.data:
        _missing(
            file,
            f"{NO_UID_DOMAIN}calendar events are named after publish_url's host, so moving "
            "the site would replace every subscriber's events; add "
            f'uid_domain = "{host or "democracy.example.gov.uk"}" and never change it',
        )
        return council
    if not _HOST.match(council.uid_domain):
        file.error(
            ("uid_domain",),
            '`uid_domain` must be a host name such as "democracy.example.gov.uk" '
            f"(letters, digits, hyphens and dots), not {_show(council.uid_domain)}",
        )
        return replace(council, uid_domain="")
    return council


_HOST = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*$"
)

# A site's address goes into every feed, page and link unescaped by some readers: only a
# host (with a port, perhaps) and a path of the characters a URL needs, no query or fragment.
_URL = re.compile(
    r"^https?://"
    r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*)"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<path>/(?:[A-Za-z0-9._~+/-]|%[0-9A-Fa-f]{2})*)?$"
)


def _plain_url(url: str) -> bool:
    match = _URL.match(url)
    return match is not None and (match["port"] is None or 0 < int(match["port"]) <= 65535)


# -- a committee ------------------------------------------------------------------------


def _read_documents(table: _Table, folder: Path) -> tuple[Document, ...]:
    table.known.append("documents")
    value = table.data.get("documents", [])
    path = (*table.path, "documents")
    if not isinstance(value, list):
        table.file.error(
            path, f'`documents` must be a list such as ["report.docx"], not {_show(value)}'
        )
        return ()
    documents = []
    for index, entry in enumerate(value):
        entry_path = (*path, index)
        line = line_of(table.file.lines, entry_path)
        if isinstance(entry, str):
            documents.append(Document(entry, folder / entry, line=line))
        elif isinstance(entry, dict):
            sub = _Table(table.file, entry, entry_path)
            file = sub.get("file", _text, None, required=False)
            title = sub.get("title", _title, None)
            exempt = sub.get("exempt", _exempt, None)
            sub.finish()
            if file is None:
                table.file.error(
                    entry_path,
                    "a document table needs `file`, such as "
                    '{ file = "appendix.pdf", title = "Appendix 1" }',
                )
                continue
            documents.append(Document(file, folder / file, title, exempt, line))
        else:
            table.file.error(
                entry_path,
                "a document must be a file name in quotes or a table "
                f"with `file`, not {_show(entry)}",
            )
    return tuple(documents)


def _read_meeting(table: _Table, committee: dict[str, Any], packs: Path) -> Meeting | None:
    date = table.get("date", _date, None, required=True)
    folder = packs / (date.isoformat() if date else "undated")
    items = []
    for item_table in table.tables("item"):
        title = item_table.get("title", _title, "", required=True)
        item = Item(
            title=title,
            subtitle=item_table.get("subtitle", _text, ""),
            purpose=item_table.get("purpose", _paragraph, ""),
            documents=_read_documents(item_table, folder),
            exempt=item_table.get("exempt", _exempt, None),
            urgency=item_table.get("urgency", _paragraph, ""),
            line=line_of(table.file.lines, item_table.path),
        )
        item_table.finish()
        items.append(item)
    resolutions = []
    for res_table in table.tables("resolution"):
        resolutions.append(
            Resolution(
                kind=res_table.get(
                    "kind", _one_of("recommendation", "action"), "recommendation", required=True
                ),
                text=res_table.get("text", _filled(_paragraph), "", required=True),
                response=res_table.get("response", _paragraph, ""),
                status=res_table.get("status", _one_of("open", "complete"), "open"),
                item=res_table.get("item", _text, ""),
                line=line_of(table.file.lines, res_table.path),
            )
        )
        res_table.finish()
    meeting = Meeting(
        date=date or dt.date.min,
        time=table.get("time", _time, committee["time"]),
        venue=table.get("venue", _text, committee["venue"]),
        duration=table.get("duration", _duration, committee["duration"]),
        items=tuple(items),
        resolutions=tuple(resolutions),
        cancelled=table.get("cancelled", _paragraph, None),
        moved_from=table.get("moved_from", _date, None),
        opens_year=table.get("opens_year", _text, ""),
        publish_by=table.get("publish_by", _date, None),
        first_minute=table.get("first_minute", _minute_number, None),
        provisional=table.get("provisional", _boolean, False),
        line=line_of(table.file.lines, table.path),
    )
    table.finish()
    return meeting if date else None


def _standing(
    table: _Table, key: str, default: tuple[str, ...], seen: dict[str, KeyPath]
) -> tuple[str, ...]:
    """The standing items of `opening` or `closing`; `seen` holds where each one named so
    far (in either list) is written, since each item comes once in an agenda."""
    names = table.get(key, _texts, default)
    kept = []
    for index, name in enumerate(names):
        if name in seen:
            other = str(seen[name][0])
            if other == key:
                message = f"standing item {_show(name)} is named twice in `{key}`; name it once"
            elif other in table.data:
                message = (
                    f"standing item {_show(name)} is in `{other}` (line "
                    f"{line_of(table.file.lines, seen[name])}) and in `{key}`; name it in one"
                )
            else:
                others = ", ".join(_show(n) for n in getattr(Committee, other) if n != name)
                message = (
                    f"standing item {_show(name)} is in `{other}` by default and in `{key}`; "
                    f"name it in one, such as `{other} = [{others}]`"
                )
            table.file.error((key, index), message)
            continue
        if name in STANDING_ITEMS:
            kept.append(name)
            seen[name] = (key, index)
            continue
        close = difflib.get_close_matches(name, STANDING_ITEMS, n=1, cutoff=0.5)
        hint = (
            f"; did you mean {_show(close[0])}?"
            if close
            else ("; standing items are " + ", ".join(f'"{s}"' for s in STANDING_ITEMS))
        )
        table.file.error((key, index), f"unknown standing item {_show(name)} in `{key}`{hint}")
    return tuple(kept)


def _read_committee(table: _Table, slug: str, packs: Path, council: Council) -> Committee:
    defaults = Committee(slug=slug, name="")
    common = {
        "time": table.get("time", _time, defaults.time),
        "venue": table.get("venue", _text, defaults.venue),
        "duration": table.get("duration", _duration, defaults.duration),
    }
    officer = Officer()
    officer_table = table.table("officer")
    if officer_table:
        officer = Officer(
            name=officer_table.get("name", _text, ""),
            role=officer_table.get("role", _text, ""),
            phone=officer_table.get("phone", _text, ""),
            email=officer_table.get("email", _text, ""),
        )
        officer_table.finish()
    meeting_tables = table.tables("meeting")
    meetings = [_read_meeting(t, common, packs) for t in meeting_tables]
    recurring = []
    for topic in table.tables("recurring"):
        title = topic.get("title", _title, "", required=True)
        month = topic.get("month", _month, None, required=True)
        note = topic.get("note", _paragraph, "")
        topic.finish()
        if month is None:  # reported; a made-up month would add a warning about it too
            continue
        recurring.append(
            RecurringTopic(title, month, note, line=line_of(table.file.lines, topic.path))
        )
    pending = []
    for topic in table.tables("pending"):
        pending.append(
            PendingTopic(
                title=topic.get("title", _title, "", required=True),
                note=topic.get("note", _paragraph, ""),
                line=line_of(table.file.lines, topic.path),
            )
        )
        topic.finish()
    standing: dict[str, KeyPath] = {}
    opening = _standing(table, "opening", defaults.opening, standing)
    closing = _standing(table, "closing", defaults.closing, standing)
    committee = Committee(
        slug=slug,
        name=table.get("name", _title, slug, required=True),
        year=table.get("year", _text, ""),
        chair=table.get("chair", _text, ""),
        members=table.get("members", _texts, ()),
        opening=opening,
        closing=closing,
        officer=officer,
        meetings=tuple(sorted((m for m in meetings if m), key=lambda m: m.date)),
        recurring=tuple(recurring),
        pending=tuple(pending),
        first_minute=table.get("first_minute", _minute_number, defaults.first_minute),
        source=table.file.source,
        **common,
    )
    table.finish()
    committee = replace(committee, years=_years(table.file, meeting_tables, committee, council))
    _check_meetings(
        table.file, list(zip(meeting_tables, meetings, strict=True)), committee, council
    )
    return committee


def _years(
    file: _File, tables: list[_Table], committee: Committee, council: Council
) -> MunicipalYears:
    """Where the committee's municipal years start (model.MunicipalYears): the council's
    annual meetings, and its meetings marked `opens_year`."""
    span = municipal_year_span(committee.year) if committee.year else None
    marked: dict[int, dt.date] = {}
    for table in tables:
        text = table.data.get("opens_year")
        date = table.data.get("date")
        if not isinstance(text, str) or not text or not isinstance(date, dt.date):
            continue
        opened = municipal_year_span(text)
        if opened is None:
            file.error(
                (*table.path, "opens_year"),
                f'`opens_year` must be a municipal year such as "2025/26", not {_show(text)}',
            )
        elif not opened[0] <= date <= opened[1]:
            file.error(
                (*table.path, "opens_year"),
                f"the meeting on {date.isoformat()} cannot open the municipal year {text} "
                f"(May {opened[0].year} to May {opened[1].year})",
            )
        elif opened[0].year in marked:
            file.error(
                (*table.path, "opens_year"),
                f"the meeting on {marked[opened[0].year].isoformat()} already opens {text}",
            )
        else:
            marked[opened[0].year] = date
    starts = {**marked, **{d.year: d for d in council.annual_meetings}}
    return MunicipalYears(span[0].year if span else None, tuple(sorted(starts.items())))


def _check_meetings(
    file: _File,
    meetings: list[tuple[_Table, Meeting | None]],
    committee: Committee,
    council: Council,
) -> None:
    """Rules across the meetings of one programme, at the line of the key concerned."""
    span = municipal_year_span(committee.year) if committee.year else None
    if committee.year and not span:
        file.error(
            ("year",),
            f'`year` must be a municipal year such as "2023/24", not {_show(committee.year)}',
        )
    first_table: dict[dt.date, _Table] = {}
    moved_table: dict[dt.date, _Table] = {}
    dates = {m.date for _, m in meetings if m}
    for table, meeting in meetings:
        if meeting is None:
            continue
        if meeting.date in first_table:
            file.error(
                (*table.path, "date"),
                f"two meetings on {meeting.date.isoformat()}; "
                f"the other is at line {line_of(file.lines, first_table[meeting.date].path)}",
            )
        else:
            first_table[meeting.date] = table
        if meeting.moved_from:
            if meeting.moved_from == meeting.date:
                file.error(
                    (*table.path, "moved_from"),
                    "`moved_from` is the meeting's own date; remove it or give the old date",
                )
            elif meeting.moved_from in dates:
                file.error(
                    (*table.path, "moved_from"),
                    f"`moved_from` {meeting.moved_from.isoformat()} is the date of "
                    "another meeting; a moved meeting's old date must be free",
                )
            elif meeting.moved_from in moved_table:
                # the first date is the meeting's calendar identity: two would be one event
                other = line_of(file.lines, moved_table[meeting.moved_from].path)
                file.error(
                    (*table.path, "moved_from"),
                    f"another meeting was also moved from {meeting.moved_from.isoformat()} "
                    f"(line {other}); a date can only have been one meeting's",
                )
            else:
                moved_table[meeting.moved_from] = table
        if meeting.cancelled is not None and not meeting.cancelled.strip():
            file.error(
                (*table.path, "cancelled"),
                "`cancelled` is the reason the meeting is cancelled, for the calendar and "
                'the site: give it, such as cancelled = "No business"',
            )
        if meeting.is_cancelled and meeting.items:
            file.error(
                (*table.path, "cancelled"),
                "a cancelled meeting still has items; move "
                "them to another meeting or to [[pending]]",
            )
        # a meeting before the year is an earlier year's, kept in the file (new-year)
        years = committee.years
        if span and years.current is not None and years.of(meeting.date) > years.current:
            file.warning(
                (*table.path, "date"),
                f"{meeting.date.isoformat()} is outside the "
                f"municipal year {committee.year} ({years.describe(years.current)})",
            )
        if meeting.publish_by:
            statutory = publish_by(meeting.date, council.notice_days, council.holidays)
            if meeting.publish_by > statutory:
                file.warning(
                    (*table.path, "publish_by"),
                    f"`publish_by` {meeting.publish_by.isoformat()} is later than the "
                    f"statutory {statutory.isoformat()} ({council.notice_days} clear "
                    "working days before the meeting)",
                )


# -- files ------------------------------------------------------------------------------

_TOML_ERROR = re.compile(
    r"^(?P<message>.*?)(?: \(at (?:line (?P<line>\d+), column \d+|(?P<end>end of document))\))?$"
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _parse(path: Path, source: str, problems: list[Problem]) -> tuple[dict, dict] | None:
    """Read and parse one TOML file: its data and line map, or None with a problem."""
    if not path.is_file():  # a named pipe would block the read for ever
        problems.append(Problem(source, None, "error", "is not a file; replace it with one"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(source, None, "error", f"cannot read the file: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                source, line, "error", "the file is not UTF-8 text; save it as UTF-8 in your editor"
            )
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]  # Notepad's byte order mark: harmless, so accept it
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_ERROR.match(str(exc).splitlines()[0] if str(exc) else "")
        found_line: int | None = getattr(exc, "lineno", None)
        message = str(exc)
        if match:
            message = match["message"]
            found_line = found_line or (int(match["line"]) if match["line"] else None)
            if match["end"]:
                found_line = found_line or text.count("\n") + (not text.endswith("\n"))
        problems.append(Problem(source, found_line, "error", f"TOML syntax: {message}"))
        return None
    except (ValueError, RecursionError) as exc:  # tomllib's own limits, e.g. nesting depth
        problems.append(Problem(source, None, "error", f"TOML syntax: {exc}"))
        return None
    return data, key_lines(text)


def load_workspace(root: Path) -> LoadResult:
    """Load programme/council.toml and every programme/<slug>.toml under `root`.

    Never raises for anything in the files: every problem comes back in the result. What
    the check learnt of the papers is saved at once (in the run's store, `store.py`), so
    that a build that fails later still gains from it.
    """
    root = root.resolve()
    with opened(Layout(root)) as store:
        result = _load_workspace(root)
        store.save()
    return result


def _load_workspace(root: Path) -> LoadResult:
    from agendapack.programme.rules import check_workspace

    problems: list[Problem] = []
    programme = Layout(root).programme
    if not programme.is_dir():
        problems.append(
            Problem(
                str(root),
                None,
                "error",
                "not a workspace: there is no programme/ folder here; pass --workspace DIR",
            )
        )
        return LoadResult(None, problems)

    council = Council(name="")
    council_path = programme / COUNCIL_FILE
    council_source = f"programme/{COUNCIL_FILE}"
    if not council_path.is_file():
        problems.append(
            Problem(
                council_source,
                None,
                "error",
                "missing: every workspace needs programme/council.toml",
            )
        )
    else:
        parsed = _parse(council_path, council_source, problems)
        if parsed:
            data, lines = parsed
            council = _read_council(_Table(_File(council_source, lines, problems), data, ()))

    committees = []
    for path in sorted(programme.glob("*.toml")):
        if path.name == COUNCIL_FILE:
            continue
        source = f"programme/{path.name}"
        slug = path.stem
        if not _SLUG.match(slug):
            problems.append(
                Problem(
                    source,
                    None,
                    "error",
                    f"the file name {path.name!r} must "
                    "be a slug of lower-case letters, digits and hyphens",
                )
            )
            continue
        parsed = _parse(path, source, problems)
        if parsed:
            data, lines = parsed
            file = _File(source, lines, problems)
            committees.append(
                _read_committee(_Table(file, data, ()), slug, Layout(root).papers(slug), council)
            )

    workspace = Workspace(root=root, council=council, committees=tuple(committees))
    checked = check_workspace(workspace)
    if any(p.message.startswith(NO_UID_DOMAIN) for p in checked):
        # the rules know the domain subscribers have, which is the one to set
        problems = [p for p in problems if not p.message.startswith(NO_UID_DOMAIN)]
    problems.extend(checked)
    return LoadResult(workspace, _ordered(problems))


def _ordered(problems: list[Problem]) -> list[Problem]:
    """File by file, line by line, each problem once."""
    seen: dict[Problem, None] = {}
    for problem in problems:
        seen.setdefault(problem, None)
    return sorted(seen, key=lambda p: (p.path, p.line or 0))
