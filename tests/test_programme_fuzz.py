"""The loader only ever returns problems: arbitrary TOML and arbitrary bytes never raise."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agendapack.programme.load import load_workspace

KEYS = [
    "name",
    "year",
    "venue",
    "time",
    "duration",
    "chair",
    "members",
    "opening",
    "closing",
    "officer",
    "meeting",
    "item",
    "title",
    "subtitle",
    "purpose",
    "documents",
    "file",
    "exempt",
    "date",
    "cancelled",
    "moved_from",
    "publish_by",
    "resolution",
    "kind",
    "text",
    "status",
    "recurring",
    "pending",
    "month",
    "note",
    "holidays",
    "timezone",
    "notices",
    "max_items",
    "duplex",
    "publish_url",
    "notice_days",
    "report_days",
    "zz",
]

scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-10, 3000),
    st.integers(-(2**70), 2**70),
    st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    st.dates(),  # year 1 to 9999: outside 1974-2100 the loader refuses them
    st.datetimes(),
    st.times(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "2h30m",
            "90m",
            "x",
            "GB-ENG",
            "GB-SCT",
            "ZZ-1",
            "../a.pdf",
            "a.docx",
            "/etc/passwd",
            "minutes",
            "apologies",
            "2023/24",
            "0000/01",
            "9999/00",
            "Europe/London",
            "99999999999h",
            "2024-03-28",
            "",
            " ",
            "\x00",
            "a\x1b[31mb",
            "a\nb",
            "\u2028",
            "javascript:alert(1)",
            "https://a b/",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    ),
    max_leaves=25,
)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


def _load(council: bytes, committee: bytes) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        (root / "programme").mkdir()
        (root / "programme" / "council.toml").write_bytes(council)
        (root / "programme" / "c.toml").write_bytes(committee)
        (root / "packs" / "c" / "2024-01-01").mkdir(parents=True)
        (root / "packs" / "c" / "2024-01-01" / "a.pdf").write_bytes(b"%PDF-1.4 junk")
        result = load_workspace(root)
        assert all(str(p) for p in result.problems)
    finally:
        shutil.rmtree(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, documents)
def test_any_toml_document_gives_problems_not_exceptions(council, committee):
    _load(tomlkit.dumps(council).encode(), tomlkit.dumps(committee).encode())


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_any_bytes_give_problems_not_exceptions(council, committee):
    _load(council, committee)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[[meeting]]\n",
                "date = 2024-01-01\n",
                "[[meeting.item]]\n",
                'title = "x"\n',
                'documents = ["a.pdf", { file = "a.pdf", exempt = 3 }]\n',
                "[officer]\n",
                "name = 1\n",
                'documents = "a.pdf"\n',
                "[[meeting.resolution]]\n",
                'kind = "x"\n',
                "item = 3\n",
                "meeting = []\n",
                '"quoted key" = 1\n',
                "a.b.c = 1\n",
                "[meeting]\n",
                "exempt = true\n",
            ]
        ),
        max_size=12,
    )
)
def test_programme_shaped_fragments(fragments):
    _load(b'name = "C"\n', "".join(fragments).encode())


# What the loader accepts, every later verb can use: the feeds, the site and the deadlines
# once crashed on dates the loader let through.
_good_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12
).filter(str.strip)
_dates = st.dates(dt.date(1974, 1, 1), dt.date(2100, 12, 31))
_meeting = st.fixed_dictionaries(
    {"date": _dates},
    optional={
        "time": st.times(),
        "duration": st.sampled_from(["1m", "24h", "2h30m"]),
        "venue": _good_text,
        "moved_from": _dates,
        "publish_by": _dates,
        "cancelled": _good_text,
        "item": st.lists(
            st.fixed_dictionaries(
                {"title": _good_text},
                optional={"purpose": _good_text, "subtitle": _good_text, "exempt": st.just(3)},
            ),
            max_size=2,
        ),
    },
)
_committee = st.fixed_dictionaries(
    {"name": _good_text, "meeting": st.lists(_meeting, max_size=3)},
    optional={"year": st.sampled_from(["1974/75", "2099/00", "2023/24"])},
)
_council = st.fixed_dictionaries(
    {"name": _good_text},
    optional={
        "timezone": st.sampled_from(["Europe/London", "Pacific/Kiritimati", "Etc/GMT+12"]),
        "notice_days": st.integers(0, 60),
        "report_days": st.integers(0, 60),
        "publish_url": st.sampled_from(["", "http://localhost:8000", "https://a.example/x/"]),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_council, _committee)
def test_what_the_loader_accepts_the_other_verbs_can_use(council, committee):
    from typer.testing import CliRunner

    from agendapack.cli import app

    root = Path(tempfile.mkdtemp())
    try:
        (root / "programme").mkdir()
        (root / "programme" / "council.toml").write_text(tomlkit.dumps(council), "utf-8")
        (root / "programme" / "c.toml").write_text(tomlkit.dumps(committee), "utf-8")
        if load_workspace(root).errors:
            return  # two meetings on one date, a cancelled meeting with items...
        for verb in (["calendar"], ["site"], ["deadlines", "--all"], ["status"]):
            result = CliRunner().invoke(app, [*verb, "--workspace", str(root)])
            # status exits 1, rightly, when a paper is missing after its due date
            assert result.exit_code == 0 or (verb == ["status"] and result.exit_code == 1), (
                verb,
                result.output,
                result.exception,
            )
    finally:
        shutil.rmtree(root)
