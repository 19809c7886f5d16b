"""`agendapack publish`: the meeting's next edition of record, then the site and feeds
that list it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agendapack.commands.common import load, parse_date, remembering, today
from agendapack.commands.reporter import Reporter
from agendapack.errors import AgendapackError, Problem
from agendapack.publish.editions import Publication


@dataclass(frozen=True)
class Published:
    done: Publication
    written: list[str]  # the site's and feeds' files rewritten to list it


@remembering
def publish(
    folder: Path, reporter: Reporter, *, committee: str, date: str, at: str | None
) -> Published:
    from agendapack.documents.convert import Converter, clean_workspace
    from agendapack.publish.editions import publication_time, publish_meeting
    from agendapack.site.refresh import refresh

    # a problem that stops only another meeting's pack does not stop this one's
    workspace = load(folder, reporter, per_meeting=True)
    day = parse_date(date)
    (chosen,) = workspace.choose(committee)
    meeting = chosen.meeting_on(day)
    if meeting is None:
        raise AgendapackError(Problem.error(chosen.source, f"no meeting on {day.isoformat()}"))
    moment = publication_time(at, workspace.council.timezone)
    layout = workspace.layout
    clean_workspace(layout)
    with Converter(layout.converted, on_done=reporter.advance, build=layout.build) as converter:
        done = publish_meeting(workspace, chosen, meeting, converter, moment, reporter)
    written = refresh(workspace, today())  # the site and feeds list the new edition
    return Published(done, [workspace.relative(path) for path in written])
