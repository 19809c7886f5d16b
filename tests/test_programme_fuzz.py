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
    st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
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
            "Europe/London",
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
