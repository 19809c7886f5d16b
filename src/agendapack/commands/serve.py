"""`agendapack serve`: preview build/site/ on 127.0.0.1; with --watch, build first and
rebuild as programme files and papers are saved, with the build loop `build` runs.

One converter, and so one LibreOffice, is kept for the whole session: after the first, a
rebuild costs only the conversion of what changed, never LibreOffice's start. A programme
with an error is reported as `check` reports it and nothing is rebuilt: the last good
outputs stay in build/ and stay served."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Protocol

from agendapack.commands.build import build_meetings, refresh_outputs
from agendapack.commands.common import earlier, load, remembering
from agendapack.commands.reporter import Reporter, Stopped
from agendapack.documents.convert import Converter
from agendapack.errors import AgendapackError, Problem
from agendapack.layout import Layout
from agendapack.officer.watch import Snapshot, affected, changed_paths, settled, snapshot
from agendapack.programme.load import load_workspace
from agendapack.site.serve import Rebuilds, make_server

POLL_SECONDS = 0.1


class WatchReporter(Reporter, Protocol):
    """What `serve` says besides the build loop's events."""

    def serving(self, folder: Path, address: str, watching: bool) -> None: ...

    def changed(self, paths: Sequence[str]) -> None: ...

    def failed(self, problems: Sequence[Problem]) -> None: ...

    def kept(self, reason: str) -> None: ...


class Watcher:
    """Rebuilds what a change calls for, with one converter kept between rebuilds."""

    def __init__(
        self,
        root: Path,
        converter: Converter,
        reporter: WatchReporter,
        rebuilds: Rebuilds,
    ) -> None:
        self.root = root.resolve()
        self.converter = converter
        self.reporter = reporter
        self.rebuilds = rebuilds
        self._last_problems: list[Problem] | None = None

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Load the workspace and rebuild what `changed` (every path, with None) calls for;
        the site's pages are then told, whether or not anything was written."""
        try:
            self._rebuild(changed)
        finally:
            self.rebuilds.finished()

    def _rebuild(self, changed: set[str] | None) -> None:
        loaded = load_workspace(self.root)
        # as `build` shows them: a problem of one meeting's papers comes with that meeting;
        # as `check` prints them: warnings about earlier years' meetings left out
        left_out = set(earlier(loaded))
        shown = [p for p in loaded.problems if not p.meeting and p not in left_out]
        if shown != self._last_problems:
            self.reporter.problems(shown)
            self._last_problems = shown
        workspace = loaded.workspace
        if workspace is None or any(p.is_error for p in shown):
            self.reporter.kept("the programme has errors")
            return
        try:
            meetings = affected(workspace, changed)
        except AgendapackError as exc:
            self.reporter.failed(exc.problems)
            return
        loop = build_meetings(workspace, meetings, self.converter, self.reporter, release=False)
        if loop.failures:
            self.reporter.failed(loop.failures)
        failures = refresh_outputs(
            workspace, self.reporter, replaced=loop.replaced, search=loop.started_search()
        )
        if failures:
            self.reporter.failed(failures)

    def run(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Watch until `stop()` is true (or Ctrl+C)."""
        import time

        seen: Snapshot = snapshot(self.root)
        while not stop():
            time.sleep(POLL_SECONDS)
            now = snapshot(self.root)
            if now == seen:
                continue
            now = settled(self.root, now)
            changed = changed_paths(seen, now)
            # what changes during the rebuild is seen next time round
            seen = now
            if changed:
                self.reporter.changed(sorted(changed))
                self.rebuild(changed)


@remembering
def serve(folder: Path, reporter: WatchReporter, *, port: int, watch: bool) -> None:
    """Serve until Ctrl+C; with `watch`, build, serve and rebuild on every save, with
    LibreOffice stopped and its files removed however it ends."""
    layout = Layout(folder.resolve())
    site_folder = layout.site
    if not watch and not (site_folder / "index.html").is_file():
        raise AgendapackError(
            Problem.error(
                site_folder,
                "there is no site yet",
                advice="run `agendapack build` or `agendapack site` first, or "
                "`agendapack serve --watch`",
            )
        )
    if watch and not layout.programme.is_dir():
        load(folder, reporter)  # says it is not a workspace, and stops
    rebuilds = Rebuilds() if watch else None
    try:
        server = make_server(site_folder, port, rebuilds)
    except OSError as exc:
        raise AgendapackError(
            Problem.error(
                "",
                f"cannot listen on 127.0.0.1:{port}: {exc.strerror}",
                advice="choose another --port",
            )
        ) from None
    address = f"http://127.0.0.1:{port}/"
    with server:
        if rebuilds is None:
            reporter.serving(site_folder, address, watching=False)
            server.serve_forever()
            return
        _watch(layout, server, rebuilds, reporter, address)


def _watch(
    layout: Layout,
    server: ThreadingHTTPServer,
    rebuilds: Rebuilds,
    reporter: WatchReporter,
    address: str,
) -> None:
    from agendapack.documents.convert import clean_workspace

    clean_workspace(layout)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        # one worker: a save is one document, and the other core stays the officer's
        with Converter(layout.converted, workers=1, build=layout.build) as converter:
            watcher = Watcher(layout.root, converter, reporter, rebuilds)
            converter.prestart()  # LibreOffice starts while the programme is read
            watcher.rebuild()
            thread.start()
            reporter.serving(layout.site, address, watching=True)
            watcher.run()
    except Stopped:
        raise KeyboardInterrupt from None  # a Ctrl+C in a rebuild ends the session
    finally:
        rebuilds.close()
        if thread.is_alive():
            server.shutdown()
