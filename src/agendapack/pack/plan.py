"""A meeting to its agenda: numbered items in order, each with its documents. Pure.

The order is the agenda's, as docs/programme.md gives it: opening standing items, the
meeting's public items, closing standing items, then (when anything is exempt) the
exclusion of the public and the exempt items. Standing items that are documents made by
agendapack (the tracker, the work programme table) are `GeneratedDocument`s: the build
renders and converts them exactly like a file an officer supplied."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from agendapack.model import Committee, Item, Meeting, year_label
from agendapack.wording import long_date, paragraph_list

STANDING_TITLES = {
    "apologies": "Apologies for Absence",
    "declarations": "Declarations of Interest",
    "minutes": "Minutes",
    "tracker": "Recommendation Tracker",
    "work-programme": "Work Programme",
}


@dataclass(frozen=True)
class PlannedDocument:
    """One document of an item, as it goes into a pack."""

    title: str
    key: str  # unique within the meeting: the name of its PDF under documents/
    source: Path | None = None  # a file in the workspace
    generated: str | None = None  # or made from a template: "tracker", "work-programme"
    exempt: int | None = None


@dataclass(frozen=True)
class PlannedItem:
    """An agenda item with its number, as the front sheet lists it."""

    number: int
    title: str
    subtitle: str = ""
    purpose: str = ""
    documents: tuple[PlannedDocument, ...] = ()
    exempt: int | None = None  # the whole item is exempt
    standing: str | None = None  # which standing item, if it is one

    @property
    def public_documents(self) -> tuple[PlannedDocument, ...]:
        if self.exempt:
            return ()
        return tuple(d for d in self.documents if not d.exempt)

    @property
    def exempt_documents(self) -> tuple[PlannedDocument, ...]:
        if self.exempt:
            return self.documents
        return tuple(d for d in self.documents if d.exempt)

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """The paragraphs of Schedule 12A that apply to anything in this item."""
        found = {self.exempt} if self.exempt else set()
        found |= {d.exempt for d in self.documents if d.exempt}
        return tuple(sorted(p for p in found if p))


@dataclass(frozen=True)
class MeetingPlan:
    """Everything a build needs to know about one meeting, decided before any I/O."""

    committee: Committee
    meeting: Meeting
    items: tuple[PlannedItem, ...]
    previous: Meeting | None = None  # whose minutes are confirmed

    @property
    def has_exempt(self) -> bool:
        return any(item.exempt_documents or item.exempt for item in self.items)

    @property
    def documents(self) -> tuple[PlannedDocument, ...]:
        return tuple(d for item in self.items for d in item.documents)


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:50] or "document"


def _business_item(item: Item, number: int) -> PlannedItem:
    documents = []
    keys: set[str] = set()
    for index, document in enumerate(item.documents):
        title = document.title or (item.title if index == 0 else Path(document.file).stem)
        # report.docx and report.pdf in one item must not share a name under documents/
        key = base = f"{number:02d}-{_slug(Path(document.file).stem)}"
        while key in keys:
            key = f"{base}-{len(keys) + 1}"
        keys.add(key)
        documents.append(
            PlannedDocument(
                title=title,
                key=key,
                source=document.path,
                exempt=item.exempt or document.exempt,
            )
        )
    return PlannedItem(
        number, item.title, item.subtitle, item.purpose, tuple(documents), exempt=item.exempt
    )


def _standing_item(
    name: str,
    number: int,
    committee: Committee,
    meeting: Meeting,
    previous: Meeting | None,
    minutes: Path | None,
    cover: Path | None,
) -> PlannedItem:
    title = STANDING_TITLES[name]
    if name == "minutes":
        subtitle = (
            f"To confirm the minutes of the meeting held on {long_date(previous.date)}"
            if previous
            else ""
        )
        minutes_documents = (
            (
                PlannedDocument(
                    f"Minutes of {long_date(previous.date)}",
                    f"{number:02d}-minutes",
                    source=minutes,
                ),
            )
            if minutes and previous
            else ()
        )
        return PlannedItem(number, title, subtitle, documents=minutes_documents, standing=name)
    if name == "tracker":
        document = PlannedDocument(
            "Action and Recommendation Tracker", f"{number:02d}-tracker", generated="tracker"
        )
        return PlannedItem(number, title, "For noting", documents=(document,), standing=name)
    if name == "work-programme":
        year = committee.year
        current = committee.years.current
        if year and current is not None and committee.year_of(meeting) < current:
            # an earlier year's meeting (kept by new-year): its own year, as its table says
            year = year_label(committee.year_of(meeting))
        documents: list[PlannedDocument] = []
        if cover:
            documents.append(
                PlannedDocument(
                    "Work Programme report",
                    f"{number:02d}-work-programme-report",
                    source=cover,
                )
            )
        documents.append(
            PlannedDocument(
                f"Work Programme {year}".strip(),
                f"{number:02d}-work-programme",
                generated="work-programme",
            )
        )
        purpose = (
            f"To note the committee's work programme for {year}"
            if year
            else "To note the committee's work programme"
        )
        return PlannedItem(
            number, title, purpose=purpose, documents=tuple(documents), standing=name
        )
    return PlannedItem(number, title, standing=name)


def exclusion_text(
    exempt_items: list[PlannedItem],
    appendices: list[PlannedItem],
    labels: dict[int, str] | None = None,
) -> str:
    """The motion to exclude the public, naming what it covers and why (s.100A(4)); items
    by `labels` (their numbers on the agenda as published) where given."""
    labels = labels or {}
    parts = []
    if exempt_items:
        numbers = [labels.get(i.number, str(i.number)) for i in exempt_items]
        parts.append(("item " if len(numbers) == 1 else "items ") + _join(numbers))
    if appendices:
        numbers = [labels.get(i.number, str(i.number)) for i in appendices]
        parts.append(
            (
                "the exempt appendix to item "
                if len(numbers) == 1
                else "the exempt appendices to items "
            )
            + _join(numbers)
        )
    paragraphs = sorted({p for i in (*exempt_items, *appendices) for p in i.paragraphs})
    return (
        "To consider excluding the public from the meeting during consideration of "
        f"{' and '.join(parts)}, in accordance with section 100A(4) of the Local Government "
        "Act 1972, on the basis that, having regard to all the circumstances, the public "
        "interest in maintaining the exemption outweighs the public interest in disclosing the "
        f"information, as defined in {paragraph_list(paragraphs)} of Part 1 of Schedule 12A "
        "to the Act"
    )


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def plan_meeting(
    committee: Committee,
    meeting: Meeting,
    *,
    minutes: Path | None,
    cover: Path | None,
) -> MeetingPlan:
    """Number a meeting's items in the agenda's order (the module's docstring).

    `minutes` is the previous meeting's minutes file and `cover` the optional
    work-programme.docx, both found on disk by the caller so that this stays pure.
    """
    previous = committee.previous_meeting(meeting)
    items: list[PlannedItem] = []

    def next_number() -> int:
        return len(items) + 1

    for name in committee.opening:
        items.append(
            _standing_item(name, next_number(), committee, meeting, previous, minutes, cover)
        )
    for item in meeting.items:
        if not item.exempt:
            items.append(_business_item(item, next_number()))
    for name in committee.closing:
        items.append(
            _standing_item(name, next_number(), committee, meeting, previous, minutes, cover)
        )
    exempt_business = [i for i in meeting.items if i.exempt]
    appendices = [i for i in items if i.exempt_documents]
    if exempt_business or appendices:
        exclusion_number = next_number()
        exempt_planned = [
            _business_item(item, exclusion_number + 1 + index)
            for index, item in enumerate(exempt_business)
        ]
        items.append(
            PlannedItem(
                exclusion_number,
                "Exclusion of the public",
                purpose=exclusion_text(exempt_planned, appendices),
                standing="exclusion",
            )
        )
        items.extend(exempt_planned)
    return MeetingPlan(committee, meeting, tuple(items), previous)


def relabelled(plan: MeetingPlan, labels: dict[int, str]) -> MeetingPlan:
    """The plan with its motion to exclude the public naming the items by their numbers on
    the agenda as published (9A for a late exempt item), once it has been."""
    if not labels:
        return plan
    items = list(plan.items)
    for index, item in enumerate(items):
        if item.standing != "exclusion":
            continue
        exempt = [i for i in items if i.exempt and i.number > item.number]
        appendices = [i for i in items if i.number < item.number and i.exempt_documents]
        items[index] = replace(item, purpose=exclusion_text(exempt, appendices, labels))
    return replace(plan, items=tuple(items))
