"""The code's own promises (CONTRIBUTING.md), read from the source: a problem's line is
spelt in one place, the caches live in a run's store, and each edition file is named once.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "agendapack"
# The LibreOffice worker runs in Debian's own python3, a process of its own: the pipes it
# must remove should its soffice crash are that process's state, not a cache.
WORKER = SOURCE / "documents" / "unoworker.py"


def _modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal's text, the literal parts of f-strings included; docstrings and
    comments (which may describe the format) left out."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_only_a_problem_spells_the_line_it_prints():
    """A problem is data until it is printed: no module writes "path: error: message" or
    "warning: " by hand, which a caller would then have to parse back."""
    spelt = []
    for module in _modules():
        for line, text in _strings(ast.parse(module.read_text())):
            if re.search(r"(^|: )(error|warning): ", text):
                spelt.append(f"{module.relative_to(SOURCE)}:{line}: {text!r}")
    assert spelt == []


def test_no_module_keeps_a_mutable_cache():
    """What a run learns lives in its store (store.py), not in a module-level dict, list or
    set that outlives it and answers the next run, or the next test."""
    kept = []
    for module in _modules():
        if module == WORKER:
            continue
        for node in ast.parse(module.read_text()).body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            mutable = isinstance(value, ast.Dict | ast.List | ast.Set) or (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in ("dict", "list", "set", "defaultdict", "OrderedDict")
            )
            if mutable and isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name) and t.id != "__all__"]
                # a constant table (upper case, never changed) is no cache
                if names and not all(
                    name.isupper() or name.lstrip("_").isupper() for name in names
                ):
                    kept.append(f"{module.relative_to(SOURCE)}:{node.lineno}: {names}")
    assert kept == []


def test_each_edition_file_is_named_in_layout_alone():
    """The names of an edition's files and of the caches are spelt once, in layout.py."""
    names = ("pack.pdf", "exempt-pack.pdf", "agenda.pdf", "manifest.json", "record.json")
    found = []
    for module in _modules():
        if module.name == "layout.py":
            continue
        for line, text in _strings(ast.parse(module.read_text())):
            if text in names or text.endswith(tuple(f"/{n}" for n in names)):
                found.append(f"{module.relative_to(SOURCE)}:{line}: {text!r}")
    assert found == []


def test_the_command_line_is_thin():
    """cli.py parses, calls one command and renders it (import-linter holds its imports)."""
    assert len((SOURCE / "cli.py").read_text().splitlines()) <= 460
