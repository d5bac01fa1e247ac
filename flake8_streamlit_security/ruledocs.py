"""The rules' documentation for the command: ``rules`` (the catalogue as a table) and
``rule STSnnn`` / ``rule NAME`` (that code's entry of docs/rules.md, which the package
ships as ``rules.md``; codes.py alone when no documentation is found)."""
from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from flake8_streamlit_security import codes

PROG = "flake8-streamlit-security"
DOCS_FILE = "rules.md"
_CODE = re.compile(r"^STS\d{3}$")
_HEADING = re.compile(r"^(#{1,6})\s")


def state(rule: codes.Rule) -> str:
    """``on``, ``opt`` (off by default) or ``hook`` (reported by a hook)."""
    if rule.scope == "hook":
        return "hook"
    return "on" if rule.default_on else "opt"


RULES_HEADER = ("code", "state", "severity", "precision", "cwe", "name", "finds")


def rules_table() -> str:
    """One row per code under a header: state, severity, precision, CWE, name, summary."""
    rows = [RULES_HEADER] + [
        (r.code, state(r), r.severity, r.precision, ",".join(r.cwe_ids) or "-", r.name,
         r.summary + (f" [{r.hook}]" if r.hook else ""))
        for r in codes.RULES.values()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(RULES_HEADER) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[-1]])
        for row in rows)


def _packaged_docs() -> str | None:
    try:
        resource = resources.files("flake8_streamlit_security").joinpath(DOCS_FILE)
        return resource.read_text(encoding="utf-8")
    except (OSError, TypeError, ValueError, ModuleNotFoundError):
        return None


def _checkout_docs() -> str | None:
    """``docs/rules.md`` of a source checkout (an editable install)."""
    root = Path(__file__).resolve().parent.parent
    path = root / "docs" / DOCS_FILE
    if (root / "setup.cfg").is_file() and path.is_file():
        return path.read_text(encoding="utf-8")
    return None


def rules_document() -> str | None:
    """The rules documentation: the package's ``rules.md`` (in the source a symlink to
    docs/rules.md, in a wheel its text), else the checkout's docs/rules.md -- for a
    checkout where git wrote that symlink as a one-line file (no symlink support)."""
    for load in (_packaged_docs, _checkout_docs):
        text = load()
        if text and "\n## STS" in text:
            return text
    return None


def heading_levels(lines: Sequence[str]) -> list[int]:
    """Markdown heading level of each line (0: not a heading; ``#`` lines inside
    fenced code blocks are comments, not headings)."""
    levels = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        levels.append(len(heading.group(1)) if heading else 0)
    return levels


def doc_section(document: str, code: str) -> str | None:
    """The section of ``document`` whose heading names ``code``, up to the next
    heading of the same or a higher level."""
    lines = document.splitlines()
    levels = heading_levels(lines)
    word = re.compile(rf"\b{re.escape(code)}\b", re.IGNORECASE)
    first = re.compile(rf"^#+\s+\W*{re.escape(code)}\b", re.IGNORECASE)
    headings = [i for i, line in enumerate(lines) if levels[i] and word.search(line)]
    if not headings:
        return None
    # the code's own heading ("## STS402 ...") over one that merely mentions it
    start = next((i for i in headings if first.match(lines[i])), headings[0])
    end = start + 1
    while end < len(lines) and not 0 < levels[end] <= levels[start]:
        end += 1
    return "\n".join(lines[start:end]).strip()


def catalogue_entry(rule: codes.Rule) -> str:
    """What codes.py alone says about a rule (when no documentation is found)."""
    where = f"reported by the {rule.hook} hook" if rule.hook else f"scope: {rule.scope}"
    return "\n".join([
        f"{rule.code} {rule.name} ({state(rule)}; {where})",
        "",
        rule.summary,
        "",
        f"Severity: {rule.severity}; precision: {rule.precision}; "
        f"CWE: {', '.join(rule.cwe_ids) or 'none'}",
        f"Message: {rule.message}",
        f"Documentation: {rule.docs_url}",
    ])


def rule_help(code: str) -> str:
    rule = codes.RULES[code]
    document = rules_document()
    section = doc_section(document, code) if document else None
    if section is None:
        return catalogue_entry(rule)
    return f"{section}\n\nDocumentation: {rule.docs_url}"


def rule_code(argument: str) -> str | None:
    """The code a ``rule`` argument names: a code (``STS402``) or the name ``rules``
    prints (``html-injection``); None when it names none."""
    wanted = argument.strip()
    code = wanted.upper()
    if _CODE.match(code) and code in codes.RULES:
        return code
    by_name = {rule.name: rule.code for rule in codes.RULES.values()}
    return by_name.get(wanted.lower().replace("_", "-"))


def show_rule(args: Sequence[str]) -> int:
    if len(args) != 1:
        print(f"{PROG}: usage: {PROG} rule STSnnn|NAME", file=sys.stderr)
        return 2
    code = rule_code(args[0])
    if code is None:
        print(f"{PROG}: unknown rule {args[0]!r}; `{PROG} rules` lists them", file=sys.stderr)
        return 2
    print(rule_help(code))
    return 0


def show_rules(args: Sequence[str]) -> int:
    if args:
        print(f"{PROG}: usage: {PROG} rules", file=sys.stderr)
        return 2
    print(rules_table())
    return 0
