"""Word reports as web pages: HTML first, PDF in addition (GOV.UK's advice).

Every public Word report of a built meeting is also published as a page beside its PDF,
`build/site/<committee>/<date>/<document>.html`, its body made by mammoth
(documents/word_html.py, which says why mammoth and what stays out).

Only what the public manifest lists is converted, from the very file the PDF was made
from (its sha256 in the manifest): an exempt paper is never read here. The build has
usually made each fragment already, while LibreOffice converted the same file; one that
is missing from build/.cache/html/ is made here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from agendapack.documents.word_html import ReportError, is_word, report_fragment
from agendapack.errors import Problem
from agendapack.model import Committee, Meeting, Workspace
from agendapack.wording import long_date


def page_name(key: str) -> str:
    """The page's file name in the meeting's folder, never the meeting page itself."""
    return f"{key}.html" if key not in ("index", "meeting") else f"{key}-report.html"


def report_pages(
    site: Any, committee: Committee, meeting: Meeting, context: dict[str, Any]
) -> None:
    """Write a page for each public Word report of the meeting's context (its manifest's
    documents) and offer it beside the PDF; a report mammoth cannot read is offered as a
    PDF alone, with a warning."""
    workspace: Workspace = site.workspace
    folder: Path = site.meeting_pages(committee, meeting)
    for item in context["items"]:
        for document in item["documents"]:
            source, sha = document.get("source"), document.get("sha256")
            if not is_word(source) or not sha:
                continue
            try:
                fragment = report_fragment(workspace, workspace.root / source, sha)
            except ReportError as exc:
                site.warnings.append(
                    Problem.warning(source, f"no web page of it on the site, only the PDF: {exc}")
                )
                continue
            if fragment is None:
                continue
            name = page_name(document["key"])
            site.page(
                folder / name,
                "report.html",
                {
                    "root": "../../",
                    "feed": None,
                    "title": f"{document['title']}: {committee.name}, {long_date(meeting.date)}",
                    "crumbs": [
                        {"href": "../../index.html", "text": "Committee meetings"},
                        {"href": "../index.html", "text": committee.name},
                        {
                            "href": "index.html",
                            "text": f"{committee.name}, {long_date(meeting.date)}",
                        },
                    ],
                    "report": {
                        "title": document["title"],
                        "item": f"{item['number']}. {item['title']}",
                        "meeting": f"{committee.name}, {long_date(meeting.date)}",
                        "pdf": {"href": document["href"], "text": document["text"]},
                        "body": Markup(fragment),
                    },
                },
            )
            document["html"] = {"href": name, "text": f"{document['title']}, web page (HTML)"}
