"""check-streamlit-config: unsafe settings in ``.streamlit/config.toml``.

STS801-STS810 (RULES.md).  With ``--fix`` the unsafe values that have one
safe answer are rewritten with tomlkit, which keeps every other byte (comments,
order, spacing):

=========  ===================================  ===================
code       unsafe value                         --fix writes
=========  ===================================  ===================
STS801     server.enableXsrfProtection = false  true
STS802     server.enableCORS = false            true
STS803     client.showErrorDetails = "full"...  "type"
STS804     global.developmentMode = true        false
STS809     client.toolbarMode = "developer"     "auto"
=========  ===================================  ===================

The others need a decision only the app's owner can make (where a secret
lives, which limit or proxy headers the app needs, which files to serve) and
are reported only; a secret is never invented.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import tomlkit
import tomlkit.items
from tomlkit.toml_document import TOMLDocument

from flake8_streamlit_security.findings import Finding
from ._common import (
    KeyIndex,
    KeyPath,
    Located,
    emit,
    find_repo_root,
    find_streamlit_dirs,
    make_parser,
    parse_toml,
    plain,
    read_text,
    rel_posix,
    run_main,
    walk,
)

PROG = "check-streamlit-config"
MAX_SIZE_MB = 1000
_SENSITIVE_STATIC = re.compile(
    r"^(?:\.env(?:\..*)?|.*\.(?:toml|pem|key|db|sqlite|sqlite3|pkl|pickle|py))$", re.IGNORECASE
)
_MAX_STATIC_FILES = 20_000


@dataclass
class Issue:
    path: KeyPath
    code: str
    args: dict[str, str] = field(default_factory=dict)
    fix: Any = None  # the safe value --fix writes, None when not fixable
    secret: str = ""


def _false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _literal(value: Any) -> bool:
    """A literal string setting (``"env:VAR"`` is an indirection, not a literal)."""
    return isinstance(value, str) and bool(value.strip()) and not value.startswith("env:")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _get(doc: dict[str, Any], section: str, key: str) -> tuple[bool, Any]:
    table = doc.get(section)
    if isinstance(table, dict) and key in table:
        return True, table[key]
    return False, None


Check = Callable[[dict[str, Any], Path], list[Issue]]


def _simple_checks(doc: dict[str, Any], _config: Path) -> list[Issue]:
    issues: list[Issue] = []
    found, value = _get(doc, "server", "enableXsrfProtection")
    if found and _false(value):
        issues.append(Issue(("server", "enableXsrfProtection"), "STS801", fix=True))
    found, value = _get(doc, "server", "enableCORS")
    if found and _false(value):
        issues.append(Issue(("server", "enableCORS"), "STS802", fix=True))
    found, value = _get(doc, "client", "showErrorDetails")
    if found and (
        _true(value) or (isinstance(value, str) and value.lower() in ("full", "stacktrace"))
    ):
        issues.append(
            Issue(("client", "showErrorDetails"), "STS803", {"value": _show(value)}, fix="type")
        )
    found, value = _get(doc, "global", "developmentMode")
    if found and _true(value):
        issues.append(Issue(("global", "developmentMode"), "STS804", fix=False))
    found, value = _get(doc, "server", "cookieSecret")
    if found and _literal(value):
        issues.append(Issue(("server", "cookieSecret"), "STS805", secret=str(value)))
    found, value = _get(doc, "server", "trustedUserHeaders")
    if found and value not in (None, {}, [], ""):
        issues.append(Issue(("server", "trustedUserHeaders"), "STS807"))
    for key in ("maxUploadSize", "maxMessageSize"):
        found, value = _get(doc, "server", key)
        size = _number(value) if found else None
        if size is not None and size > MAX_SIZE_MB:
            issues.append(Issue(("server", key), "STS808", {"key": key, "value": _show(value)}))
    found, value = _get(doc, "client", "toolbarMode")
    if found and isinstance(value, str) and value.strip().lower() == "developer":
        issues.append(Issue(("client", "toolbarMode"), "STS809", fix="auto"))
    found, value = _get(doc, "mapbox", "token")
    if found and _literal(value):
        issues.append(Issue(("mapbox", "token"), "STS810", secret=str(value)))
    return issues


def _static_serving(doc: dict[str, Any], config: Path) -> list[Issue]:
    found, value = _get(doc, "server", "enableStaticServing")
    if not (found and _true(value)):
        return []
    app_dir = config.parent.parent  # <app>/.streamlit/config.toml -> <app>
    static = app_dir / "static"
    if not static.is_dir():
        return []
    issues: list[Issue] = []
    seen = 0
    for dirpath, _dirs, files in walk(static):
        for name in sorted(files):
            seen += 1
            if seen > _MAX_STATIC_FILES:
                return issues
            if _SENSITIVE_STATIC.match(name):
                shown = rel_posix(dirpath / name, app_dir)
                issues.append(Issue(("server", "enableStaticServing"), "STS806", {"path": shown}))
    return issues


CHECKS: tuple[Check, ...] = (_simple_checks, _static_serving)


def find_issues(doc: dict[str, Any], config: Path) -> list[Issue]:
    return [issue for check in CHECKS for issue in check(doc, config)]


def to_findings(issues: Sequence[Issue], index: KeyIndex) -> list[Finding]:
    findings = []
    for issue in issues:
        line, col = index.locate(issue.path)
        secrets = (issue.secret,) if len(issue.secret) >= 4 else ()
        findings.append(Finding(line, col, issue.code, issue.args, secrets))
    return findings


def apply_fixes(doc: TOMLDocument, issues: Sequence[Issue]) -> bool:
    """Set every fixable value in place (tomlkit keeps the surrounding layout)."""
    changed = False
    for issue in issues:
        if issue.fix is None:
            continue
        section, key = issue.path
        table = doc.get(section)
        if table is None or key not in table:  # pragma: no cover - found above
            continue
        table[key] = _like(table, key, issue.fix)
        changed = True
    return changed


def _like(table: Any, key: str, value: Any) -> Any:
    """``value`` as a tomlkit item quoted like the value it replaces."""
    if isinstance(value, str):
        try:
            old = table.item(key)
        except (AttributeError, KeyError):
            old = None
        literal = isinstance(old, tomlkit.items.String) and old.type in (
            tomlkit.items.StringType.SLL, tomlkit.items.StringType.MLL
        )
        return tomlkit.string(value, literal=literal)
    return value


def _expected_after_fix(before: dict[str, Any], issues: Sequence[Issue]) -> dict[str, Any]:
    expected = {k: dict(v) if isinstance(v, dict) else v for k, v in before.items()}
    for issue in issues:
        if issue.fix is not None:
            section, key = issue.path
            expected[section][key] = issue.fix
    return expected


def check_file(path: Path, rel: str, fix: bool) -> tuple[list[Located], bool]:
    """Findings for one config file, and whether --fix rewrote it."""
    text = read_text(path)
    if text.text is None:
        problem = text.problem or "unreadable"
        return [Located(rel, Finding(text.line, text.col, "STS910", {"error": problem}))], False
    doc, error = parse_toml(text.text)
    if doc is None:
        assert error is not None
        finding = Finding(error.line, error.col, "STS910", {"error": error.message})
        return [Located(rel, finding)], False
    values = plain(doc)
    issues = find_issues(values, path)
    changed = False
    if fix and any(issue.fix is not None for issue in issues):
        changed = _rewrite(path, text.text, doc, values, issues)
        if changed:
            print(f"Fixing {rel}")
            new_text = read_text(path).text or ""
            new_doc, _err = parse_toml(new_text)
            if new_doc is not None:
                text, values = read_text(path), plain(new_doc)
                issues = find_issues(values, path)
    index = KeyIndex.build(text.text or "")
    return [Located(rel, f) for f in to_findings(issues, index)], changed


def _rewrite(
    path: Path, original: str, doc: TOMLDocument, values: dict[str, Any], issues: Sequence[Issue]
) -> bool:
    if not apply_fixes(doc, issues):
        return False
    new_text = doc.as_string()
    check_doc, _error = parse_toml(new_text)
    # Safety net: the rewrite must change exactly the fixed values.
    if check_doc is None or plain(check_doc) != _expected_after_fix(values, issues):
        print(f"{PROG}: could not rewrite {rel_posix(path, Path.cwd())} safely; fix it by hand")
        return False
    if new_text == original:
        return False
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(new_text)
    except OSError as exc:
        print(f"{PROG}: cannot write {path.name} ({exc.strerror})")
        return False
    return True


def discover(root: Path) -> list[Path]:
    return [
        folder / "config.toml"
        for folder in find_streamlit_dirs(root)
        if (folder / "config.toml").is_file()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser(
        PROG,
        "Check .streamlit/config.toml files for unsafe settings (STS801-STS810). "
        "Without file names, checks every .streamlit/config.toml in the work tree.",
    )
    parser.add_argument("--fix", action="store_true", help="rewrite the unsafe values that "
                        "have one safe answer (XSRF, CORS, error details, development "
                        "mode, toolbar)")
    parser.add_argument("filenames", nargs="*", help="config.toml files to check")

    def body() -> int:
        args = parser.parse_args(argv)
        root = find_repo_root() or Path.cwd()
        paths = [Path(name) for name in args.filenames] or discover(root)
        results: list[Located] = []
        retv = 0
        seen: set[str] = set()
        for path in paths:
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            found, changed = check_file(path, rel_posix(path, root), args.fix)
            results += found
            retv |= int(changed)
        return emit(results) | retv

    return run_main(PROG, body)


if __name__ == "__main__":
    raise SystemExit(main())
