"""`agendapack build`: every meeting's pack, then the calendars and the site.

`build_meetings` and `refresh_outputs` are the build loop that `serve --watch` runs too,
after every save: the same policy for each kind of failure, said the same way."""

from __future__ import annotations

import contextvars
import errno
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from agendapack.commands.common import load, os_problem, parse_date, remembering, today
from agendapack.commands.reporter import Reporter, Stopped
from agendapack.documents.convert import Converter
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout
from agendapack.model import Committee, Meeting, Workspace

if TYPE_CHECKING:
    from agendapack.pack.manifest import Ahead
    from agendapack.site.site import SiteSearch


@dataclass
class Loop:
    """What the build loop did to the meetings it was given."""

    failures: list[Problem] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # editions put in place
    disk_full: bool = False  # every later write would fail alike: nothing more was tried
    searching: threading.Thread | None = None  # starting the search ahead
    search: SiteSearch | None = None  # started before the last pack was collated

    def started_search(self) -> SiteSearch | None:
        if self.searching is not None:
            self.searching.join()
        return self.search


def _search_ahead(workspace: Workspace, loop: Loop) -> Callable[[Ahead], None]:
    """Start the site's search on the last meeting's edition as it will be: Pagefind then
    indexes while its pack is collated and the site written, not after. Its records are
    read in a thread of their own, which may wait for the papers' text: the front sheet
    is settled meanwhile."""

    def start(edition: Ahead) -> None:
        from agendapack.site.site import start_search

        try:
            loop.search = start_search(workspace, ahead=edition)
        except (AgendapackError, OSError):  # the site meets it again, and says it
            loop.search = None

    def begin(edition: Ahead) -> None:
        # in the run's context, so that it reads the run's store; a daemon: a build
        # stopped by Ctrl+C does not wait for it
        context = contextvars.copy_context()
        loop.searching = threading.Thread(
            target=context.run, args=(start, edition), name="search ahead", daemon=True
        )
        loop.searching.start()

    return begin


def build_meetings(
    workspace: Workspace,
    meetings: list[tuple[Committee, Meeting]],
    converter: Converter,
    reporter: Reporter,
    *,
    force: bool = False,
    named: bool = False,
    release: bool = True,
) -> Loop:
    """Build each meeting in turn; one that fails is reported and the others are still
    built. One whose papers are not all in yet is skipped, or (`named`, when the officer
    asked for it by date) a failure. With `release`, LibreOffice is let go once the last
    meeting's front sheets are settled (not when it is kept for the next save). A Ctrl+C
    raises `Stopped`, naming what was replaced."""
    from agendapack.pack.build import build_meeting
    from agendapack.pack.papers import NotReady
    from agendapack.write import EditionNotRestored, Interrupted

    loop = Loop()
    try:
        for index, (committee, meeting) in enumerate(meetings):
            name = f"{committee.slug} {meeting.date.isoformat()}"
            shown = workspace.relative(workspace.layout.edition(committee.slug, meeting.date))
            try:
                final = index == len(meetings) - 1
                result = build_meeting(
                    workspace,
                    committee,
                    meeting,
                    converter,
                    reporter,
                    force=force,
                    last=release and final,
                    ahead=_search_ahead(workspace, loop) if final else None,
                )
            except NotReady as exc:
                if named:
                    loop.failures.extend(exc.problems)
                else:
                    reporter.skipped(name, exc.problems)
                continue
            except AgendapackError as exc:
                loop.failures.extend(exc.problems)
                continue
            except OSError as exc:
                # build_meeting raises OSError only before the new edition is in place
                outcome = f"{shown}/ was not replaced: its last good outputs are unchanged"
                if not (workspace.root / shown).is_dir():
                    outcome = f"nothing was written to {shown}/"
                if isinstance(exc, EditionNotRestored):
                    outcome = ""
                loop.disk_full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
                if loop.disk_full:
                    outcome += "; the build stopped there"
                loop.failures.append(os_problem(exc, outcome, workspace.root))
                if loop.disk_full:
                    break
                continue
            if result.changed:
                loop.replaced.append(shown)
            reporter.built(shown, result)
    except KeyboardInterrupt as exc:
        if isinstance(exc, Interrupted):
            loop.replaced.append(workspace.relative(exc.replaced))
        raise Stopped(loop.replaced, "the calendars and site were not updated") from None
    return loop


def refresh_outputs(
    workspace: Workspace,
    reporter: Reporter,
    *,
    force: bool = False,
    replaced: list[str],
    search: SiteSearch | None = None,
) -> list[Problem]:
    """Write the calendars and the site when their inputs changed; what stopped them.
    `search`: the one the build loop started ahead."""
    from agendapack.site.refresh import refresh

    partly = "build/calendars/ and build/site/ may be only partly updated"
    warnings: list[Problem] = []
    try:
        written = refresh(workspace, today(), force=force, warnings=warnings, started=search)
    except AgendapackError as exc:  # a site template saved broken: the last good pages stay
        return exc.problems
    except OSError as exc:
        return [os_problem(exc, partly, workspace.root)]
    except KeyboardInterrupt:
        raise Stopped(replaced, partly) from None
    finally:
        reporter.warned(warnings)
    reporter.refreshed([workspace.relative(path) for path in written])
    return []


@remembering
def build(
    folder: Path,
    reporter: Reporter,
    *,
    committee: str | None = None,
    date: str | None = None,
    force: bool = False,
) -> list[Problem]:
    """Build the packs of every meeting with papers in packs/ (or the one named), then the
    calendars and site; the problems that made any of it fail."""
    from agendapack.documents.convert import clean_workspace, conversion_likely
    from agendapack.pack.papers import meetings_to_build

    layout = Layout(folder.resolve())
    early = conversion_likely(layout.root)
    if early:
        # what a killed run left, wherever it writes: LibreOffice's copies of papers, the
        # site's and the feeds' next files, the editions of record's staging
        clean_workspace(layout)
    try:
        with Converter(layout.converted, on_done=reporter.advance, build=layout.build) as converter:
            if early:  # LibreOffice starts while the programme is read and checked
                converter.prestart()
            workspace = load(folder, reporter, per_meeting=True)
            day = parse_date(date) if date else None
            if not early:
                clean_workspace(layout)
            chosen = meetings_to_build(workspace, committee, day)
            loop = build_meetings(
                workspace, chosen, converter, reporter, force=force, named=day is not None
            )
    except KeyboardInterrupt:  # before any meeting was built
        raise Stopped([], "the calendars and site were not updated") from None
    failures = loop.failures
    if not loop.disk_full:
        failures += refresh_outputs(
            workspace, reporter, force=force, replaced=loop.replaced, search=loop.started_search()
        )
    return failures
