"""The feeds' memory: for each event, its SEQUENCE, LAST-MODIFIED and a hash of what it said.

Subscribers' apps only take an update that they can see is newer: a higher SEQUENCE (Outlook,
Apple Calendar) or a later LAST-MODIFIED (ICSx5 on Android). So every build compares each
event with what it last published, and the memory of that lives in
`published/calendars/state.json`, beside the editions of record and committed with them: a
fresh clone, or a build/ deleted, carries on from the same numbers instead of starting again
at 0, which subscribers would ignore.

One memory serves every feed: an event has the same UID in its committee's feed, in all.ics
and on its meeting page, and so the same SEQUENCE in each.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from agendapack.errors import AgendapackError, Problem, in_words
from agendapack.write import write_atomic

SCHEMA = 1
LONG_AGO = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# RFC 5545 makes SEQUENCE an INTEGER (a signed 32-bit number): room for one more change
MAX_SEQUENCE = 2**31 - 2


def sequence_number(value: object) -> int:
    """A SEQUENCE as read from a feed or the memory: a whole number from 0 to
    MAX_SEQUENCE, or ValueError (1.5, true, -5 and 10**20 are all a damaged file)."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        else:
            raise ValueError(f"SEQUENCE {value!r} is not a whole number")
    if not 0 <= value <= MAX_SEQUENCE:
        raise ValueError(f"SEQUENCE {value} is outside 0 to {MAX_SEQUENCE}")
    return value


@dataclass
class Remembered:
    """What one event said when it was last published."""

    sequence: int
    modified: dt.datetime  # UTC, whole seconds
    digest: str  # sha256 of every property published but SEQUENCE, LAST-MODIFIED, DTSTAMP


@dataclass
class Memory:
    """Every event's last publication, by UID; `changed` once a build has altered it."""

    events: dict[str, Remembered] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def read(cls, path: Path, shown: str = "") -> Memory:
        """The memory in `path` (`shown` names it in messages: its place in the workspace)."""
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("it is not a table of events")
            if data.get("schema") != SCHEMA:
                raise ValueError(f"schema {data.get('schema')!r}, not {SCHEMA}")
            if not isinstance(data["events"], dict) or not all(
                isinstance(entry, dict) for entry in data["events"].values()
            ):
                raise ValueError("its events are not tables of their numbers")
            events = {
                uid: Remembered(
                    sequence_number(entry["sequence"]),
                    dt.datetime.fromisoformat(entry["last_modified"]).astimezone(dt.UTC),
                    _digest(entry["sha256"]),
                )
                for uid, entry in data["events"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AgendapackError(
                Problem.error(
                    shown or path,
                    f"the calendars' memory cannot be read "
                    f"({in_words(exc)}); restore it "
                    "from version control, or delete it to start every event's SEQUENCE afresh "
                    "(subscribers may then miss changes until the next one)",
                )
            ) from None
        return cls(events)

    def floor(self, events: dict[str, Remembered]) -> None:
        """No event below the SEQUENCE it has in the feeds already written: a memory
        restored from an older copy, or lost, must not take subscribers' numbers down.
        Such an event is remembered as the feed has it, SEQUENCE, LAST-MODIFIED and what it
        said: published again unchanged, it keeps them (no update to every subscriber for
        nothing); changed, it goes one higher."""
        for uid, seen in events.items():
            known = self.events.get(uid)
            if known is None or known.sequence < seen.sequence:
                self.events[uid] = Remembered(seen.sequence, seen.modified, seen.digest)
                self.changed = True

    def write(self, path: Path) -> bool:
        """Write the memory (sorted, so the same memory gives the same bytes)."""
        data = {
            "schema": SCHEMA,
            "events": {
                uid: {
                    "sequence": entry.sequence,
                    "last_modified": entry.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "sha256": entry.digest,
                }
                for uid, entry in sorted(self.events.items())
            },
        }
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        return write_atomic(path, text.encode("utf-8"))

    def stamp(
        self, uid: str, digest: str, now: dt.datetime, *, first: int = 0
    ) -> tuple[int, dt.datetime]:
        """The event's SEQUENCE and LAST-MODIFIED: as before when it says what it said,
        else one more and `now` (or a second after the last time, should the clock or
        SOURCE_DATE_EPOCH be behind it: the newer time is what ICSx5 looks at)."""
        known = self.events.get(uid)
        if known is not None and known.digest == digest:
            return known.sequence, known.modified
        if known is None:
            entry = Remembered(first, now, digest)
        else:
            later = max(now, known.modified + dt.timedelta(seconds=1))
            entry = Remembered(min(known.sequence + 1, MAX_SEQUENCE), later, digest)
        self.events[uid] = entry
        self.changed = True
        return entry.sequence, entry.modified

    def take_sequences(self, events: dict[str, Remembered]) -> int:
        """A one-off import of an older feed's events (from before the memory, or from
        another tool): no event's SEQUENCE may go below what subscribers already have.
        Each is remembered as that feed published it: an event agendapack then publishes
        unchanged keeps its SEQUENCE and LAST-MODIFIED; one that says anything else (or
        comes from another tool) goes out one higher. Returns how many events were taken."""
        taken = 0
        for uid, seen in events.items():
            known = self.events.get(uid)
            if known is not None and known.sequence >= seen.sequence:
                continue
            self.events[uid] = Remembered(seen.sequence, seen.modified, seen.digest)
            taken += 1
            self.changed = True
        return taken


def build_time() -> dt.datetime:
    """When this build happens: SOURCE_DATE_EPOCH when set (reproducible builds), else now;
    whole seconds, as iCalendar writes them."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(value), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise AgendapackError(
                Problem.error(
                    "",
                    f"SOURCE_DATE_EPOCH={value} is not a time a calendar can say; give "
                    "the seconds since 1970, such as 1711000000",
                )
            ) from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _digest(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"sha256 {value!r} is not text")
    return value
