"""What the next supplementary pack carries: the papers that are late or revised. Pure.

Once a meeting's pack is published it is never rewritten (s.100C LGA 1972); what arrives
after it goes out as a supplement. An item the published editions did not carry is late
(it may be taken only for the chair's reason of urgency, s.100B(4)(b)); a document no
edition carried is late; a document whose file has changed since it went out is published
again as "Revised: <title>". Documents agendapack makes itself (the tracker, the work
programme table) are a snapshot of the programme as published and are not sent again.

Items keep the numbers the main agenda gave them, so that "item 6" names one item whichever
edition a member holds; a late item is numbered after the published item it follows: 6A,
then 6B.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agendapack.pack.plan import MeetingPlan, PlannedDocument, PlannedItem
from agendapack.record import MeetingRecord, PublishedDocument

REVISED = "Revised: "


@dataclass(frozen=True)
class SupplementItem:
    """An item the supplement lists, with the papers it carries."""

    item: PlannedItem  # as the meeting's plan numbers it now
    label: str  # its number on the main agenda: "6", or "6A" for a late item
    late: bool  # the whole item is new since publication
    urgency: str
    documents: tuple[PlannedDocument, ...]  # late or revised, titled "Revised: ..." if revised

    @property
    def public_documents(self) -> tuple[PlannedDocument, ...]:
        if self.item.exempt:
            return ()
        return tuple(d for d in self.documents if not d.exempt)

    @property
    def exempt_documents(self) -> tuple[PlannedDocument, ...]:
        if self.item.exempt:
            return self.documents
        return tuple(d for d in self.documents if d.exempt)


@dataclass(frozen=True)
class SupplementPlan:
    """The next supplement of a published meeting."""

    number: int  # Supplementary agenda N
    first_page: int  # continues the page numbers of the edition before
    exempt_first_page: int  # and of the exempt papers before
    published_at: str  # when the pack went out
    items: tuple[SupplementItem, ...]

    @property
    def has_public(self) -> bool:
        return any(i.public_documents or i.late for i in self.items)

    @property
    def has_exempt(self) -> bool:
        return any(i.exempt_documents for i in self.items)

    @property
    def documents(self) -> tuple[PlannedDocument, ...]:
        return tuple(d for i in self.items for d in i.documents)


def agenda_labels(plan: MeetingPlan, numbered: dict[str, str]) -> dict[int, str]:
    """Each item's number on the main agenda: the published number of an item an edition
    carried (by its title), else the number of the published item before it with the next
    free letter."""
    labels: dict[int, str] = {}
    used = set(numbered.values())
    base = ""
    for item in plan.items:
        if item.title in numbered:
            labels[item.number] = numbered[item.title]
            base = numbered[item.title].rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            continue
        letter = 0
        while f"{base}{_letter(letter)}" in used:
            letter += 1
        labels[item.number] = f"{base}{_letter(letter)}"
        used.add(labels[item.number])
    return labels


def _letter(index: int) -> str:
    """A, B, ... Z, then AA, AB: an agenda never has 26 late items after one, but it must
    not fail if it does."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def supplement_plan(
    plan: MeetingPlan,
    record: MeetingRecord,
    exempt_published: tuple[PublishedDocument, ...],
    *,
    source_hash: Callable[[Path], str],
    shown: Callable[[Path], str],
    alias: Callable[[str], str] = str,
) -> SupplementPlan | None:
    """The next supplement, or None when nothing is late or revised (or nothing has been
    published: then everything goes into the pack). `source_hash(path)` is a document's
    SHA-256 and `shown(path)` its path in the workspace, as the record names it; `alias`
    gives a name in the record the name `shown` gives the same paper now (a meeting moved
    after publication has its papers in the folder of its new date)."""
    pack = record.pack
    if pack is None:
        return None
    # source -> the hash it last went out with, in public and to members: a paper made
    # public after it went out as exempt has not been published
    public: dict[str, str] = {}
    for edition in record.editions:
        public.update((alias(d.source), d.sha256) for d in edition.documents)
    exempt = {alias(d.source): d.sha256 for d in exempt_published}
    numbered = record.numbered
    labels = agenda_labels(plan, numbered)
    urgency = {i.title: i.urgency for i in plan.meeting.items}
    items = []
    for item in plan.items:
        late = item.title not in numbered
        documents = []
        for document in item.documents:
            if not document.source:
                continue  # made by agendapack: the published snapshot stands
            sent = exempt if document.exempt or item.exempt else public
            before = sent.get(shown(document.source))
            if before is None:
                documents.append(document)
            elif before != source_hash(document.source):
                documents.append(_revised(document))
        # a late item with no papers (an oral update, the exclusion of the public) still
        # goes on the supplement's agenda: it is business the published agenda did not list
        if late or documents:
            items.append(
                SupplementItem(
                    item,
                    labels[item.number],
                    late,
                    urgency.get(item.title, ""),
                    tuple(documents),
                )
            )
    if not items:
        return None
    return SupplementPlan(
        number=record.supplements + 1,
        first_page=record.last_page + 1,
        exempt_first_page=record.exempt_last_page + 1,
        published_at=pack.published_at,
        items=tuple(items),
    )


def _revised(document: PlannedDocument) -> PlannedDocument:
    return PlannedDocument(
        REVISED + document.title,
        document.key,
        source=document.source,
        generated=document.generated,
        exempt=document.exempt,
    )
