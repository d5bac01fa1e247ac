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
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping, NamedTuple, NoReturn, Sequence

from flake8_streamlit_security.findings import Finding, printable_path
from flake8_streamlit_security.vocab import is_env_reference, is_placeholder

from . import cli, git
from .files import file_key, inside, rel_posix
from .streamlit_dirs import find_streamlit_dirs, unreadable, walk
from .tomlfile import InvalidToml, KeyIndex, KeyPath, TomlFile, load, parse_document, plain

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument

PROG = "check-streamlit-config"
MAX_SIZE_MB = 1000
_SENSITIVE_STATIC = re.compile(  # (re.S: a file name may hold a newline)
    r"^(?:\.env(?:\..*)?|.*\.(?:toml|pem|key|db|sqlite|sqlite3|pkl|pickle|py))$", re.I | re.S
)
_MAX_STATIC_FILES = 20_000


class Issue(NamedTuple):
    """An unsafe setting: where, which code, the names its message needs, the
    safe value --fix writes (None: not fixable), a value never to print."""

    path: KeyPath
    code: str
    args: Mapping[str, str] = MappingProxyType({})
    fix: Any = None
    secret: str = ""


def _false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _literal(value: Any) -> bool:
    """A literal string setting (``"env:VAR"`` is an indirection, not a literal)."""
    return isinstance(value, str) and bool(value.strip()) and not is_env_reference(value)


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


def _simple_checks(doc: dict[str, Any], _config: str) -> list[Issue]:
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
    # a placeholder token ("your-mapbox-token") leaks nothing; a placeholder
    # cookieSecret (STS805) is still the secret the server signs cookies with
    if found and _literal(value) and not is_placeholder(str(value)):
        issues.append(Issue(("mapbox", "token"), "STS810", secret=str(value)))
    return issues


def _static_serving(doc: dict[str, Any], config: str) -> list[Issue]:
    found, value = _get(doc, "server", "enableStaticServing")
    if not (found and _true(value)):
        return []
    # <app>/.streamlit/config.toml -> <app>
    app_dir = os.path.dirname(os.path.dirname(os.fspath(config))) or "."
    static = os.path.join(app_dir, "static")
    if not os.path.isdir(static):
        return []
    issues: list[Issue] = []
    seen = 0
    for dirpath, _dirs, files in walk(static):
        for name in sorted(files):
            seen += 1
            if seen > _MAX_STATIC_FILES:
                return issues
            if _SENSITIVE_STATIC.match(name):
                shown = printable_path(rel_posix(os.path.join(dirpath, name), app_dir))
                issues.append(Issue(("server", "enableStaticServing"), "STS806", {"path": shown}))
    return issues


CHECKS: tuple[Callable[[dict[str, Any], str], list[Issue]], ...] = (_simple_checks, _static_serving)


def find_issues(doc: dict[str, Any], config: str) -> list[Issue]:
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
    """``value`` as a tomlkit item quoted like the value it replaces: literal or
    basic, single-line or multi-line."""
    import tomlkit
    import tomlkit.items

    if isinstance(value, str):
        try:
            old = table.item(key)
        except (AttributeError, KeyError):
            old = None
        if not isinstance(old, tomlkit.items.String):
            return tomlkit.string(value)
        kind = old.type
        return tomlkit.string(
            value,
            literal=kind in (tomlkit.items.StringType.SLL, tomlkit.items.StringType.MLL),
            multiline=kind in (tomlkit.items.StringType.MLB, tomlkit.items.StringType.MLL),
        )
    return value


def _expected_after_fix(before: dict[str, Any], issues: Sequence[Issue]) -> dict[str, Any]:
    expected = {k: dict(v) if isinstance(v, dict) else v for k, v in before.items()}
    for issue in issues:
        if issue.fix is not None:
            section, key = issue.path
            expected[section][key] = issue.fix
    return expected


def check_file(path: str, rel: str, fix: bool, root: str | None = None
               ) -> tuple[list[cli.Located], bool]:
    """Findings for one config file, and whether --fix rewrote it (never a
    file outside ``root``, the repository, reached through a symlink)."""
    toml = load(path, keep_layout=fix)
    if isinstance(toml, Finding):
        return [cli.Located(rel, toml)], False
    issues = find_issues(toml.values, path)
    changed = False
    fix = fix and any(issue.fix is not None for issue in issues)
    if fix and root is not None and not inside(path, root):
        cli.note(PROG, f"not fixing {printable_path(rel)}: it is a symlink to a file outside "
                 "the repository; fix that file by hand, or replace the link with a copy")
        fix = False
    if fix and _rewrite(path, rel, toml, issues):
        print(f"Fixing {printable_path(rel)}")
        changed = True
        fixed = load(path)
        if isinstance(fixed, TomlFile):
            toml, issues = fixed, find_issues(fixed.values, path)
    return [cli.Located(rel, f) for f in to_findings(issues, toml.index)], changed


def _rewrite(path: str, rel: str, toml: TomlFile, issues: Sequence[Issue]) -> bool:
    """Write the fixable values into the file, keeping every other byte;
    False when nothing changed or the rewrite would not be exactly the fixes."""
    assert toml.document is not None  # loaded with keep_layout
    if not apply_fixes(toml.document, issues):
        return False
    new_text = toml.document.as_string()
    try:
        rewritten: dict[str, Any] | None = plain(parse_document(new_text))
    except InvalidToml:
        rewritten = None
    if rewritten != _expected_after_fix(toml.values, issues):  # the safety net
        cli.note(PROG, f"could not rewrite {printable_path(rel)} safely; fix it by hand")
        return False
    if new_text == toml.text:
        return False
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write("\ufeff" + new_text if toml.bom else new_text)
    except OSError as exc:
        cli.note(PROG, f"cannot write {printable_path(rel)} ({exc.strerror})")
        return False
    return True


def discover(root: str) -> list[str]:
    """Every ``.streamlit/config.toml`` under ``root``: whatever stands there
    (a FIFO, a folder, a broken link is reported, not skipped), and the one of a
    folder that cannot be read (reported as unreadable)."""
    return [
        os.path.join(folder, "config.toml") for folder in find_streamlit_dirs(root)
        if os.path.lexists(os.path.join(folder, "config.toml")) or unreadable(folder)
    ]


def _unique(paths: Sequence[str]) -> list[str]:
    """``paths`` without a second name for a file already named."""
    seen: set[object] = set()
    unique = []
    for path in paths:
        key = file_key(path) or os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


@cli.reports_errors(PROG)
def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        PROG,
        "Check .streamlit/config.toml files for unsafe settings (STS801-STS810). "
        "Without file names, checks every .streamlit/config.toml in the work tree.",
        filenames_help="config.toml files to check",
        fix_help="rewrite the unsafe values that have one safe answer (XSRF, CORS, error "
        "details, development mode, toolbar)",
    )
    args = parser.parse_args(argv)
    root = git.repo_root() or os.getcwd()
    paths = [os.path.normpath(name) for name in args.filenames] or discover(root)
    output = cli.report(args, root)
    results: list[cli.Located] = []
    retv = 0
    with output.progress():
        for path in _unique(paths):
            located, changed = check_file(path, rel_posix(path, root), args.fix, root)
            results += located
            retv |= changed
    return cli.emit(results, output) | retv


def console_main() -> NoReturn:
    """The ``check-streamlit-config`` command."""
    raise SystemExit(main())


if __name__ == "__main__":
    console_main()
