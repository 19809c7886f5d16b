"""The council's papers as open data: static OParl 1.1 JSON in build/site/oparl/.

OParl (https://oparl.org) is the open standard for council information systems. Its
objects are served here as files beside the site, so that publishing them costs nothing
more than the site does:

    oparl/system.json                        the System, the entry point
    oparl/bodies.json                        the list of bodies: the council
    oparl/body.json                          the Body
    oparl/body/<list>.json, <list>-N.json    the Body's lists, 100 objects a page:
                                             organizations, people, meetings, papers,
                                             agenda-items, files
    oparl/organization/<committee>.json      each committee, and its meetings' list
    oparl/meeting/<committee>/<first date>.json, and every object inside a Meeting or a
    Paper at its own id too (agenda items, files, consultations, locations)

Every id is a URL under council.toml's `publish_url`, and every id is a file, so a client
can follow any link. A meeting is named by the date it was first planned for, as its
calendar event is (a moved meeting keeps its identity).

Only what the public view shows is published (`pack/public.py`, and the public manifest
of a built meeting): a wholly exempt item is its number, its title and the paragraph of
Schedule 12A (as a keyword), with `public: false`; an exempt appendix is never a File.
The exempt pack is never read.

Lists are paginated as OParl 1.1 says (section "Paginierung"): `data`, `pagination`
(totalElements, elementsPerPage, currentPage, totalPages) and `links` (first, prev, self,
next, last), sorted by id so that pages stay stable. A static site cannot filter, so the
`created_since` and `modified_since` parameters of a live server are not offered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agendapack.layout import AGENDA, PACK
from agendapack.model import Committee, Meeting, Workspace
from agendapack.pack.manifest import Item, read_manifest, unbuilt_items
from agendapack.pack.public import PublicMeeting, public_agenda
from agendapack.site.search import document_kind
from agendapack.wording import long_date

SCHEMA = "https://schema.oparl.org/1.1/"
PER_PAGE = 100  # OParl recommends pages for lists of more than 100
FOLDER = "oparl"

Object = dict[str, Any]


def _slug(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part) or "person"


class _OParl:
    """The objects of one workspace, built once and then written as files."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.base = workspace.council.publish_url
        if not self.base.endswith("/"):
            self.base += "/"
        self.zone = ZoneInfo(workspace.council.timezone)
        self.body_id = self.url("body.json")
        self.meetings: list[Object] = []
        self.papers: list[Object] = []
        self.organizations: list[Object] = []
        self.people: dict[str, Object] = {}
        self.committee_meetings: dict[str, list[Object]] = {}

    def url(self, path: str) -> str:
        return f"{self.base}{FOLDER}/{path}"

    def site(self, path: str) -> str:
        return f"{self.base}{path}"

    def obj(self, kind: str, path: str, **fields: Any) -> Object:
        """An OParl object: its id and type first, then its fields with a value."""
        return {
            "id": self.url(path),
            "type": f"{SCHEMA}{kind}",
            **{k: v for k, v in fields.items() if v not in (None, "", [])},
        }

    # -- the objects ------------------------------------------------------------------
    def build(self) -> None:
        for committee in self.workspace.committees:
            organization = self.organization(committee)
            meetings = [self.meeting(committee, m, organization) for m in committee.meetings]
            self.committee_meetings[committee.slug] = meetings
            self.meetings.extend(meetings)

    def organization(self, committee: Committee) -> Object:
        officer = committee.officer
        person_id = self.person(committee) if officer.name else None
        organization = self.obj(
            "Organization",
            f"organization/{committee.slug}.json",
            body=self.body_id,
            name=committee.name,
            shortName=committee.slug,
            organizationType="committee",
            classification="Committee",
            membership=[self.url(f"membership/{committee.slug}/officer.json")] if person_id else [],
            meeting=self.url(f"organization/{committee.slug}/meetings.json"),
            web=self.site(f"{committee.slug}/index.html"),
        )
        self.organizations.append(organization)
        return organization

    def person(self, committee: Committee) -> str:
        """The committee's officer, as named in its programme; one Person per name, with a
        Membership of each committee they serve."""
        officer = committee.officer
        path = f"person/{_slug(officer.name)}.json"
        person = self.people.get(path)
        if person is None:
            person = self.obj(
                "Person",
                path,
                body=self.body_id,
                name=officer.name,
                email=[officer.email] if officer.email else [],
                phone=[officer.phone] if officer.phone else [],
                membership=[],
            )
            self.people[path] = person
        person.setdefault("membership", []).append(
            self.obj(
                "Membership",
                f"membership/{committee.slug}/officer.json",
                person=person["id"],
                organization=self.url(f"organization/{committee.slug}.json"),
                role=officer.role or "Committee officer",
                votingRight=False,
            )
        )
        return str(person["id"])

    def _moment(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def meeting(self, committee: Committee, meeting: Meeting, organization: Object) -> Object:
        key = f"{committee.slug}/{meeting.first_date.isoformat()}"
        folder = f"{committee.slug}/{meeting.date.isoformat()}"
        start = self._moment(meeting.date, meeting.time)
        edition = self.workspace.layout.edition(committee.slug, meeting.date)
        manifest = None if meeting.is_cancelled else read_manifest(edition)
        view = None if meeting.is_cancelled else public_agenda(committee, meeting)
        meeting_id = self.url(f"meeting/{key}.json")
        files: dict[str, Object] = {}

        def file(title: str, path: str) -> Object | None:
            """The File of a PDF of the edition; None for one taken away by hand."""
            source = edition / path
            if path not in files and source.is_file():
                data = source.read_bytes()
                files[path] = self.obj(
                    "File",
                    f"file/{key}/{path.removesuffix('.pdf')}.json",
                    name=title,
                    fileName=Path(path).name,
                    mimeType="application/pdf",
                    size=len(data),
                    sha512Checksum=hashlib.sha512(data).hexdigest(),
                    accessUrl=self.site(f"{folder}/{path}"),
                    downloadUrl=self.site(f"{folder}/{path}"),
                    meeting=[meeting_id],
                )
            return files.get(path)

        items: tuple[Item, ...] = ()
        if manifest:
            items = manifest.items
        elif view is not None:
            items = unbuilt_items(view)
        agenda = [
            self.agenda_item(key, folder, meeting_id, order, item, view, file, organization)
            for order, item in enumerate(items)
        ]
        return self.obj(
            "Meeting",
            f"meeting/{key}.json",
            name=f"{committee.name}, {long_date(meeting.date)}",
            meetingState=_state(meeting, built=manifest is not None),
            cancelled=meeting.is_cancelled,
            start=start.isoformat(),
            end=(start + meeting.duration).isoformat(),
            location=self.obj("Location", f"location/{key}.json", description=meeting.venue)
            if meeting.venue
            else None,
            organization=[organization["id"]],
            invitation=file("Agenda", AGENDA) if manifest else None,
            auxiliaryFile=[f for f in [file("Public document pack", PACK)] if f]
            if manifest
            else [],
            agendaItem=agenda,
            web=self.site(f"{folder}/index.html"),
        )

    def agenda_item(
        self,
        key: str,
        folder: str,
        meeting_id: str,
        order: int,
        item: Item,
        view: PublicMeeting | None,
        file: Any,
        organization: Object,
    ) -> Object:
        path = f"agenda-item/{key}/{item.number}.json"
        shown: dict[str, Any] = {
            "meeting": meeting_id,
            "number": item.label,
            "order": order,
            "name": item.title,
        }
        keyword = [item.note] if item.note else []
        if item.exempt:
            # what the public view shows of it, and nothing else
            return self.obj("AgendaItem", path, **shown, public=False, keyword=keyword)
        documents = [f for d in item.documents if (f := file(d.title, d.file))]
        resolved = [
            r.text for r in (view.resolved if view else ()) if r.item and r.item == item.title
        ]
        consultation = None
        if documents:
            consultation = self.paper(key, meeting_id, item, documents, organization)
        agenda_item = self.obj(
            "AgendaItem",
            path,
            **shown,
            public=True,
            consultation=consultation,
            resolutionText="\n".join(resolved),
            auxiliaryFile=documents,
            keyword=keyword,
            web=self.site(f"{folder}/index.html#item-{item.number}"),
        )
        for document in documents:
            document.setdefault("agendaItem", []).append(agenda_item["id"])
        return agenda_item

    def paper(
        self,
        key: str,
        meeting_id: str,
        item: Item,
        documents: list[Object],
        organization: Object,
    ) -> str:
        """The papers of an item as one OParl Paper: its first document the main file,
        the others auxiliary; consulted at this meeting by this committee."""
        paper_path = f"paper/{key}/{item.number}.json"
        paper_id = self.url(paper_path)
        agenda_item_id = self.url(f"agenda-item/{key}/{item.number}.json")
        consultation = self.obj(
            "Consultation",
            f"consultation/{key}/{item.number}.json",
            paper=paper_id,
            agendaItem=agenda_item_id,
            meeting=meeting_id,
            organization=[organization["id"]],
            authoritative=False,
        )
        kind = document_kind(item, 0, item.documents[0]) if item.documents else ""
        paper = self.obj(
            "Paper",
            paper_path,
            body=self.body_id,
            name=item.title,
            reference=f"{key}/{item.number}",
            date=key.rsplit("/", 1)[1],
            paperType=kind,
            mainFile=documents[0],
            auxiliaryFile=documents[1:],
            consultation=[consultation],
        )
        for document in documents:
            document.setdefault("paper", []).append(paper_id)
        self.papers.append(paper)
        return str(consultation["id"])

    # -- the files --------------------------------------------------------------------
    def files(self) -> Iterator[tuple[str, Object]]:
        """Every file of oparl/, by its path under it."""
        council = self.workspace.council
        system = self.obj(
            "System",
            "system.json",
            oparlVersion=SCHEMA,
            body=self.url("bodies.json"),
            name=f"{council.name}: committee papers".strip(": "),
            website=self.base,
        )
        body = self.obj(
            "Body",
            "body.json",
            system=system["id"],
            name=council.name or "Council",
            website=self.base,
            location=self.obj("Location", "location/body.json", description=council.address)
            if council.address
            else None,
            organization=self.url("body/organizations.json"),
            person=self.url("body/people.json"),
            meeting=self.url("body/meetings.json"),
            paper=self.url("body/papers.json"),
            agendaItem=self.url("body/agenda-items.json"),
            file=self.url("body/files.json"),
            classification="English local authority",
            web=self.site("index.html"),
        )
        # required by the schema, even when empty: terms of office are not in the
        # programme files, so none is claimed
        body["legislativeTerm"] = []
        yield "system.json", system
        yield "body.json", body
        yield from self.pages("bodies.json", [body])
        agenda_items = [i for m in self.meetings for i in m.get("agendaItem", [])]
        every_file = {o["id"]: o for o in _walk(self.meetings) if o["type"] == f"{SCHEMA}File"}
        lists = {
            "body/organizations.json": self.organizations,
            "body/people.json": list(self.people.values()),
            "body/meetings.json": self.meetings,
            "body/papers.json": self.papers,
            "body/agenda-items.json": agenda_items,
            "body/files.json": list(every_file.values()),
        }
        for path, objects in lists.items():
            yield from self.pages(path, objects)
        for slug, meetings in self.committee_meetings.items():
            yield from self.pages(f"organization/{slug}/meetings.json", meetings)
        # every object at its own id, embedded ones too
        seen: set[str] = {system["id"], body["id"]}
        for top in [body, *self.organizations, *self.people.values(), *self.meetings, *self.papers]:
            for found in _walk([top]):
                if found["id"] in seen:
                    continue
                seen.add(found["id"])
                yield found["id"][len(self.url("")) :], found

    def pages(self, path: str, objects: list[Object]) -> Iterator[tuple[str, Object]]:
        """An external list, PER_PAGE objects a page, sorted by id: `path` is its first
        page, `<path>-2.json` the second and so on."""
        ordered = sorted(objects, key=lambda o: str(o["id"]))
        total = max(1, -(-len(ordered) // PER_PAGE))
        stem = path.removesuffix(".json")
        names = [path] + [f"{stem}-{n}.json" for n in range(2, total + 1)]
        for number, name in enumerate(names, start=1):
            links = {"first": self.url(names[0])}
            if number > 1:
                links["prev"] = self.url(names[number - 2])
            links["self"] = self.url(name)
            if number < total:
                links["next"] = self.url(names[number])
            links["last"] = self.url(names[-1])
            yield (
                name,
                {
                    "data": ordered[(number - 1) * PER_PAGE : number * PER_PAGE],
                    "pagination": {
                        "totalElements": len(ordered),
                        "elementsPerPage": PER_PAGE,
                        "currentPage": number,
                        "totalPages": total,
                    },
                    "links": links,
                },
            )


def _walk(objects: list[Object]) -> Iterator[Object]:
    """Every OParl object in `objects` and inside them, in document order."""
    for value in objects:
        yield from _objects(value)


def _objects(value: Any) -> Iterator[Object]:
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            yield value
        for inner in value.values():
            yield from _objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _objects(inner)


def _state(meeting: Meeting, *, built: bool) -> str:
    if meeting.is_cancelled:
        return "cancelled"
    if meeting.provisional:
        return "provisional"
    return "papers published" if built else "scheduled"


def oparl_files(workspace: Workspace) -> dict[str, bytes]:
    """The files of build/site/oparl/, by their path under it; none without a
    `publish_url`, since every OParl id must be a full URL."""
    if not workspace.council.publish_url:
        return {}
    oparl = _OParl(workspace)
    oparl.build()
    # compact: json's C encoder (indent= would use its Python one, six times slower on an
    # archive's 20,000 files) and a third smaller; `python -m json.tool` shows one readably
    return {
        path: (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        for path, obj in oparl.files()
    }
