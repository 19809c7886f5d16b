"""OParl 1.1's JSON schema (tests/oparl-schema/), made a validator with jsonschema.

The schema files use JSON Schema's keywords plus two of OParl's own that jsonschema does
not know and would silently skip: `schema`, the type of an embedded object ("File.json":
the object must validate against that file), and OParl's formats (`url`, `date`,
`date-time`, section 2.4 of the specification). Both are given their meaning here, so an
embedded File inside a Paper inside a list page is checked as strictly as a top object.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, validators
from jsonschema.exceptions import ValidationError

SCHEMAS = Path(__file__).resolve().parent / "oparl-schema" / "schema"
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/(?P<name>[A-Za-z]+)$")
FORMATS = {
    "url": re.compile(r"^https?://[^\s/?#]+[^\s]*$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    # with its offset from UTC, as OParl requires: never a bare local time
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"),
}


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def _embedded(validator, name, instance, _schema):
    if isinstance(instance, dict):
        yield from OParlValidator(schema(name)).iter_errors(instance)


def _format(validator, name, instance, _schema):
    pattern = FORMATS.get(name)
    if isinstance(instance, str) and pattern and not pattern.match(instance):
        yield ValidationError(f"{instance!r} is not an OParl {name}")


OParlValidator = validators.extend(Draft4Validator, {"schema": _embedded, "format": _format})


def errors(obj: dict[str, Any]) -> list[str]:
    """What is wrong with one OParl object, by the schema its `type` names."""
    match = TYPE.match(str(obj.get("type", "")))
    if not match or not (SCHEMAS / f"{match['name']}.json").is_file():
        return [f"{obj.get('id')}: unknown type {obj.get('type')!r}"]
    return [
        f"{obj.get('id')}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in OParlValidator(schema(f"{match['name']}.json")).iter_errors(obj)
    ]


def list_errors(page: dict[str, Any], url: str, last: bool) -> list[str]:
    """What is wrong with one page of an external list (section "Paginierung")."""
    found = []
    if set(page) != {"data", "pagination", "links"}:
        found.append(f"{url}: a list page has data, pagination and links: {sorted(page)}")
    if page.get("links", {}).get("self") != url:
        found.append(f"{url}: links.self is {page.get('links', {}).get('self')}")
    if not last and "next" not in page.get("links", {}):
        found.append(f"{url}: every page but the last has links.next")
    for obj in page.get("data", []):
        found.extend(errors(obj))
    return found
