"""flake8 report formatters: SARIF 2.1.0 and GitHub Actions workflow commands.

Both are registered under ``flake8.report`` (``--format=sts-sarif`` and
``--format=sts-github``) and report every finding of the run, including other
plugins' codes; the hooks' ``--format=sarif``/``github`` render through
:func:`report`.  A code's SARIF level and GitHub command follow its severity
in the catalogue (high: error, medium: warning, low: note/notice).

Neither ever copies source text into its output: the source line may hold the
very secret that was found, so ``--show-source`` is ignored and SARIF regions
carry line and column only (no ``snippet``, no ``contextRegion``).  Both
promise a log that is safe to publish, so every message they write -- ours and
other plugins' (pyflakes quotes a repeated dict key) -- and every path passes
the one redaction step, :func:`flake8_streamlit_security.findings.redact`.
"""
from __future__ import annotations

import json
import os
import sys
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any, Iterable
from urllib.parse import quote

# flake8 is annotated but ships no py.typed marker.
from flake8.formatting.base import BaseFormatter  # type: ignore[import-untyped, unused-ignore]
from flake8.statistics import Statistics  # type: ignore[import-untyped, unused-ignore]
from flake8.violation import Violation  # type: ignore[import-untyped, unused-ignore]

from flake8_streamlit_security import codes
from flake8_streamlit_security.findings import redact

TOOL_NAME = "flake8-streamlit-security"
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
# flake8 codes that mean a file could not be read or parsed at all.
_FATAL_CODES = frozenset({"E902", "E999"})

JSON = dict[str, Any]


class OutputFileError(Exception):
    """``--output-file`` cannot be opened (its folder is a file, no permission ...)."""


def output_file_error(filename: str, error: OSError) -> str:
    """One line saying why the report file cannot be written."""
    return f"cannot write the report to {filename!r}: {error.strerror or error}"


def tool_version() -> str:
    """The installed distribution's version (never hard-coded)."""
    try:
        return metadata.version(TOOL_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def display_path(filename: str) -> str:
    """``filename`` as a POSIX path relative to the working directory, redacted.

    Paths outside the working directory (or on another drive) stay absolute.
    """
    return redact(_relative_path(filename))


def _relative_path(filename: str) -> str:
    absolute = os.path.abspath(filename)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except ValueError:  # another drive on Windows
        return PurePath(absolute).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return PurePath(absolute).as_posix()
    return PurePath(relative).as_posix()


def level_for(code: str) -> str:
    """SARIF level of a code: the catalogue's for STS, ``error`` for unreadable files."""
    rule = codes.RULES.get(code)
    if rule is not None:
        return rule.level
    return "error" if code in _FATAL_CODES else "warning"


# --------------------------------------------------------------------------- SARIF


def _text(value: str) -> JSON:
    return {"text": value}


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def _where(rule: codes.Rule) -> str:
    if rule.scope == "hook":
        return f"Reported by the {rule.hook} pre-commit hook."
    if rule.scope == "any":
        return "Checked in every Python file."
    if rule.scope == "internal":
        return "Reported when the plugin cannot check a file."
    return "Checked in files that import streamlit."


def _default_state(rule: codes.Rule) -> str:
    if rule.default_on:
        return "On by default."
    return f"Off by default; enable it with `extend-select = {rule.code}`."


def _rating(rule: codes.Rule) -> str:
    weaknesses = ", ".join(rule.cwe_ids) or "no CWE"
    return f"Severity {rule.severity}, precision {rule.precision}, {weaknesses}."


def rule_properties(rule: codes.Rule) -> JSON:
    """GitHub code scanning's properties: ``security-severity`` (a score as a string,
    which ranks the alerts), ``precision`` and the tags, ``security`` (without it
    GitHub ignores the score: not on the plugin's own failure) and one
    ``external/cwe/cwe-NNN`` per weakness, numbered as CodeQL writes them."""
    tags = ["security"] if rule.scope != "internal" else []
    tags += ["streamlit", *(f"external/cwe/cwe-{number:03d}" for number in rule.cwe)]
    return {
        "tags": tags,
        "precision": rule.precision,
        "security-severity": rule.security_severity,
    }


def sts_descriptor(rule: codes.Rule) -> JSON:
    """A SARIF ``reportingDescriptor`` for one catalogue rule."""
    summary = _sentence(rule.summary)
    full = f"{summary} {_where(rule)} {_default_state(rule)} {_rating(rule)}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": _text(summary),
        "fullDescription": _text(full),
        "help": {
            "text": f"{full} Documentation: {rule.docs_url}",
            "markdown": f"{full} [Documentation of {rule.code}]({rule.docs_url})",
        },
        "helpUri": rule.docs_url,
        "defaultConfiguration": {"level": rule.level},
        "properties": rule_properties(rule),
    }


def foreign_descriptor(code: str) -> JSON:
    """A minimal ``reportingDescriptor`` for another flake8 plugin's code."""
    return {
        "id": code,
        "shortDescription": _text(f"flake8 {code}"),
        "defaultConfiguration": {"level": level_for(code)},
    }


def descriptor(code: str) -> JSON:
    rule = codes.RULES.get(code)
    return sts_descriptor(rule) if rule is not None else foreign_descriptor(code)


def artifact_location(filename: str) -> JSON:
    path = display_path(filename)
    if PurePath(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def physical_location(error: Violation) -> JSON:
    location: JSON = {"artifactLocation": artifact_location(error.filename)}
    if error.line_number >= 1:  # E902 reports line 0: the whole file
        location["region"] = {
            "startLine": error.line_number,
            "startColumn": max(error.column_number, 1),
        }
    return location


def sarif_result(error: Violation, rule_index: int) -> JSON:
    return {
        "ruleId": error.code,
        "ruleIndex": rule_index,
        "level": level_for(error.code),
        "message": _text(redact(error.text)),
        "locations": [{"physicalLocation": physical_location(error)}],
    }


class SarifLog:
    """The rules and results of one run, one rule entry per code in order of first
    use; the flake8 formatter and the hooks fill it alike."""

    def __init__(self) -> None:
        self.rules: list[JSON] = []
        self.results: list[JSON] = []
        self._rule_index: dict[str, int] = {}

    def _index_of(self, code: str) -> int:
        if code not in self._rule_index:
            self._rule_index[code] = len(self.rules)
            self.rules.append(descriptor(code))
        return self._rule_index[code]

    def add(self, error: Violation, baseline_state: str | None = None) -> None:
        """One result; ``baseline_state`` (``new``, ``unchanged``) when a baseline is used."""
        result = sarif_result(error, self._index_of(error.code))
        if baseline_state is not None:
            result["baselineState"] = baseline_state
        self.results.append(result)

    def text(self) -> str:
        return json.dumps(sarif_log(self.rules, self.results), indent=2, ensure_ascii=True)


def sarif_log(rules: list[JSON], results: list[JSON]) -> JSON:
    """The whole SARIF document for one flake8 run."""
    driver = {
        "name": TOOL_NAME,
        "version": tool_version(),
        "informationUri": codes.HOME_URL,
        "rules": rules,
    }
    run: JSON = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class SarifFormatter(BaseFormatter):  # type: ignore[misc, unused-ignore]
    """``--format=sts-sarif``: one SARIF 2.1.0 log, written when the run ends."""

    def after_init(self) -> None:
        self._log = SarifLog()

    def start(self) -> None:
        # Truncate, unlike flake8's default append: two JSON documents in one
        # file are not a SARIF log.
        if self.filename:
            try:
                directory = os.path.dirname(os.path.abspath(self.filename))
                os.makedirs(directory, exist_ok=True)
                self.output_fd = open(self.filename, "w", encoding="utf-8")
            except OSError as error:  # one line, not a traceback (plain flake8 too)
                print(f"flake8: {output_file_error(self.filename, error)}", file=sys.stderr)
                raise SystemExit(2) from None

    #: Set by the command when it runs with a baseline: every result then carries
    #: ``baselineState``, ``new`` or (see :meth:`handle_known`) ``unchanged``.
    baseline = False

    def handle(self, error: Violation) -> None:
        # Never calls show_source(): the source line may hold a secret.
        self._log.add(error, "new" if self.baseline else None)

    def handle_known(self, error: Violation) -> None:
        """A finding the baseline holds: hidden from the other formats and from the
        exit status, kept here as ``unchanged`` so code scanning still lists it."""
        self._log.add(error, "unchanged")

    def format(self, error: Violation) -> str | None:
        return None

    def show_statistics(self, statistics: Statistics) -> None:
        """Statistics are not SARIF: send them to stderr."""
        for error_code in statistics.error_codes():
            count = sum(s.count for s in statistics.statistics_for(error_code))
            print(f"{count:<5} {error_code}", file=sys.stderr)

    def show_benchmarks(self, benchmarks: list[tuple[str, float]]) -> None:
        """Benchmarks are not SARIF: send them to stderr."""
        for statistic, value in benchmarks:
            print(f"{value:<10} {statistic}", file=sys.stderr)

    def stop(self) -> None:
        self._write(self._log.text())
        super().stop()


# ------------------------------------------------------------------ GitHub Actions


def escape_data(value: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property value (GitHub's ``escapeProperty``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_command(level: str) -> str:
    """Workflow command for a SARIF level: ``error``, ``warning`` or ``notice``."""
    return {"note": "notice", "none": "notice"}.get(level, level)


def annotation(error: Violation) -> str:
    """One ``::warning file=…,line=…,col=…,title=…::message`` line."""
    properties = {"file": display_path(error.filename)}
    if error.line_number >= 1:
        properties["line"] = str(error.line_number)
        properties["col"] = str(max(error.column_number, 1))
    properties["title"] = error.code
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    command = github_command(level_for(error.code))
    return f"::{command} {props}::{escape_data(redact(error.text))}"


def report(kind: str, errors: Iterable[Violation]) -> str:
    """The whole ``sarif`` or ``github`` report of ``errors``, as the formatters
    above write it: the hooks' ``--format`` (their findings made flake8 violations)."""
    if kind == "sarif":
        log = SarifLog()
        for error in errors:
            log.add(error)
        return log.text() + "\n"
    return "".join(annotation(error) + "\n" for error in errors)


class GithubFormatter(BaseFormatter):  # type: ignore[misc, unused-ignore]
    """``--format=sts-github``: GitHub Actions annotations, one line per finding."""

    def handle(self, error: Violation) -> None:
        # Never calls show_source(): the source line may hold a secret.
        self.write(self.format(error), None)

    def format(self, error: Violation) -> str | None:
        return annotation(error)
