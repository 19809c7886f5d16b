"""Starting a cover report: a Word file from the council's template, and its item in the
programme, added without disturbing the chair's comments, order or layout."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from agendapack.errors import AgendapackError, Problem
from agendapack.model import Committee, Workspace
from agendapack.pack.render import find_template, render_docx
from agendapack.programme.edit import insert_after_meeting, meeting_index
from agendapack.store import write_whole
from agendapack.wording import long_date


def file_name(title: str) -> str:
    """'Children in Care: Placements & Costs' to 'children-in-care-placements-costs.docx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'report'}.docx"


@dataclass(frozen=True)
class NewReport:
    path: Path
    added_item: bool  # False when the item was there and only the document was attached


def _one_change(before: str, after: str) -> bool:
    """Whether `after` is `before` changed in one place only: tomlkit, writing a file whose
    [[meeting]] tables are not all together, moves them, and the chair's layout goes."""
    import difflib

    changes = [
        op
        for op in difflib.SequenceMatcher(
            None, before.splitlines(), after.splitlines(), autojunk=False
        ).get_opcodes()
        if op[0] != "equal"
    ]
    return len(changes) <= 1


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def new_report(
    workspace: Workspace,
    committee: Committee,
    date: dt.date,
    title: str,
    *,
    subtitle: str = "",
    author: str = "",
    role: str = "",
    email: str = "",
) -> NewReport:
    if not title.strip() or any(unicodedata.category(c) == "Cc" for c in title):
        raise AgendapackError(
            Problem.error(
                "",
                f"the title {title!r} is empty or holds a control character; "
                "give the report a title in plain words",
            )
        )
    meeting = committee.meeting_on(date)
    if meeting is None:
        raise AgendapackError(
            Problem.error(
                committee.source, f"no meeting on {date.isoformat()}; add it to the programme first"
            )
        )
    if meeting.is_cancelled:
        raise AgendapackError(
            Problem.error(
                committee.source,
                f"the meeting on {date.isoformat()} is cancelled",
                line=meeting.line,
            )
        )
    folder = workspace.meeting_folder(committee, date)
    name = file_name(title)
    path = folder / name
    if path.exists():
        raise AgendapackError(
            Problem.error(
                workspace.relative(path),
                "already exists; it was not overwritten (rename or remove it to start again)",
            )
        )
    author = author or committee.officer.name
    context = {
        "committee": committee.name,
        "date": long_date(date),
        "title": title,
        "subtitle": subtitle or (f"Report of {author}" if author else "Report of [author]"),
        "author": author or "[Name]",
        "role": role,
        "email": email or "[email]",
    }
    document = render_docx(find_template(workspace, "report.docx"), context)

    source = workspace.root / committee.source
    text = source.read_bytes().decode("utf-8")  # as saved: a Windows editor's CRLF kept
    # Notepad's byte order mark: neither TOML parser takes it, so it is put back on writing.
    mark = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(mark)
    newline = "\r\n" if "\r\n" in text else "\n"
    data = tomllib.loads(text)
    index = meeting_index(data, date)
    assert index is not None  # the loader saw it
    items = data["meeting"][index].get("item", [])
    existing = next((i for i, item in enumerate(items) if item.get("title") == title), None)
    if existing is None:
        block = ["\n[[meeting.item]]\n", f"title = {_toml_string(title)}\n"]
        if subtitle:
            block.append(f"subtitle = {_toml_string(subtitle)}\n")
        block.append(f"documents = [{_toml_string(name)}]\n")
        updated = insert_after_meeting(text, index, "".join(block).replace("\n", newline))
    else:
        document_names = [
            d if isinstance(d, str) else d.get("file") for d in items[existing].get("documents", [])
        ]
        updated = text
        if name not in document_names:
            parsed = tomlkit.parse(text)
            item = parsed["meeting"][index]["item"][existing]
            if "documents" in item:
                item["documents"].append(name)
            else:
                item["documents"] = [name]
            updated = tomlkit.dumps(parsed)
            if not _one_change(text, updated):
                updated = ""  # tomlkit moved tables about: the check below refuses it
    # Check the edit did what it meant to before anything is written.
    check = tomllib.loads(updated)["meeting"][index].get("item", []) if updated else []
    if not any(
        i.get("title") == title
        and name in [d if isinstance(d, str) else d.get("file") for d in i.get("documents", [])]
        for i in check
    ):
        raise AgendapackError(
            Problem.error(
                committee.source,
                f'could not add the item safely; add it by hand with documents = ["{name}"]',
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:  # never overwrite, even in a race
        handle.write(document)
    if updated != text:
        write_whole(source, (mark + updated).encode("utf-8"))
    return NewReport(path, existing is None)
