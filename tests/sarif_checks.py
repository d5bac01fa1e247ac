"""Checks shared by the tests of the SARIF and GitHub outputs (the plugin's formatters
and the hooks' ``--format``): the SARIF 2.1.0 schema, the properties GitHub code
scanning ranks alerts by, and the parsing of workflow commands."""
from __future__ import annotations

import json
import re
from typing import Any

import jsonschema

from flake8_streamlit_security import codes
from helpers import REPO

DATA = REPO / "tests" / "integration" / "data"

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(document: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(
        SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


GITHUB_PRECISIONS = ("very-high", "high", "medium", "low")


def assert_github_security_properties(rule: dict[str, Any]) -> None:
    """What GitHub code scanning reads from a rule: a ``security-severity`` score (a
    string holding a number from 0.1 to 10), a ``precision`` on its scale, and the
    ``security`` and ``external/cwe/cwe-NNN`` tags."""
    entry = codes.RULES[rule["id"]]
    properties = rule["properties"]
    score = properties["security-severity"]
    assert isinstance(score, str) and 0.1 <= float(score) <= 10.0
    assert score == {"high": "8.0", "medium": "5.5", "low": "3.0"}[entry.severity]
    assert properties["precision"] == entry.precision
    assert properties["precision"] in GITHUB_PRECISIONS
    tags = properties["tags"]
    assert ("security" in tags) is (entry.scope != "internal")
    cwe_tags = sorted(tag for tag in tags if tag.startswith("external/cwe/"))
    assert cwe_tags == sorted(f"external/cwe/cwe-{n:03d}" for n in entry.cwe)
    assert all(re.fullmatch(r"external/cwe/cwe-\d{3,}", tag) for tag in cwe_tags)
    assert rule["defaultConfiguration"]["level"] == entry.level
    assert f"Severity {entry.severity}, precision {entry.precision}" in (
        rule["fullDescription"]["text"])


# ::command key=value,key=value::data — properties never hold a raw ':' or ','
# and nothing holds a raw CR/LF, so one command is one line.
_COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) (?P<props>[^:\r\n]*)::(?P<data>[^\r\n]*)$"
)
_PROPERTY = re.compile(r"^(?P<key>file|line|col|endLine|endColumn|title)=(?P<value>[^,]*)$")
_ESCAPE = re.compile(r"%(?!25|0D|0A|3A|2C)")  # a '%' that is not an escape


def unescape(value: str) -> str:
    """GitHub's runner unescapes %0D %0A %3A %2C first and %25 last."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ",")):
        value = value.replace(escaped, raw)
    return value.replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    properties = {}
    for item in match["props"].split(","):
        prop = _PROPERTY.match(item)
        assert prop, f"bad property {item!r} in {line!r}"
        assert not _ESCAPE.search(prop["value"])
        properties[prop["key"]] = unescape(prop["value"])
    assert not _ESCAPE.search(match["data"])
    return match["command"], properties, unescape(match["data"])
