"""The hooks' command line and output.

RULES.md, "Hook rules": findings print as ``path:line:col: STSnnn message``
(POSIX paths relative to the repository root), rendered and redacted by
:func:`flake8_streamlit_security.findings.render_hook_line`; a hook exits 0
when clean, 1 on findings or when ``--fix`` changed a file, and 2 with one
line on stderr when it cannot run (bad arguments, no git repository).  No
hook prints a traceback, nor an exception's text (which could quote a file).
"""
from __future__ import annotations

import argparse
import functools
import sys
from typing import Callable, Iterable, NamedTuple, NoReturn, ParamSpec

from flake8_streamlit_security.findings import Finding, render_hook_line

P = ParamSpec("P")


class HookError(Exception):
    """The hook cannot run at all: one line on stderr, exit code 2."""


class _ArgumentParser(argparse.ArgumentParser):
    """argparse whose errors are a :class:`HookError` (one line, exit 2)
    instead of usage text and ``sys.exit(2)``."""

    def error(self, message: str) -> NoReturn:
        raise HookError(message)


def parser(
    prog: str, description: str, filenames_help: str, fix_help: str | None = None
) -> argparse.ArgumentParser:
    """A hook's command line: file names, and ``--fix`` when ``fix_help`` is given."""
    result = _ArgumentParser(prog=prog, description=description)
    if fix_help is not None:
        result.add_argument("--fix", action="store_true", help=fix_help)
    result.add_argument("filenames", nargs="*", help=filenames_help)
    return result


def reports_errors(prog: str) -> Callable[[Callable[P, int]], Callable[P, int]]:
    """Decorate a hook's ``main``: a :class:`HookError` or any unexpected
    error becomes one line on stderr and exit code 2."""

    def decorate(main: Callable[P, int]) -> Callable[P, int]:
        @functools.wraps(main)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> int:
            _tolerant_output()
            try:
                return main(*args, **kwargs)
            except HookError as exc:
                _error_line(prog, str(exc))
            except KeyboardInterrupt:  # pragma: no cover
                return 130
            except Exception as exc:  # never a traceback, never the exception's text
                _error_line(prog, f"internal error ({type(exc).__name__}); please report it")
            return 2

        return wrapper

    return decorate


def note(prog: str, message: str) -> None:
    """One line on stderr about what the hook could not do (paths in
    ``message`` already made printable)."""
    print(f"{prog}: {' '.join(message.split())}", file=sys.stderr)


def _error_line(prog: str, message: str) -> None:
    print(f"{prog}: error: {' '.join(message.split())}", file=sys.stderr)


def _tolerant_output() -> None:
    """Paths may hold bytes that are not UTF-8: never crash while printing them."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover
                pass


class Located(NamedTuple):
    """A finding in a file (``path``: POSIX, relative to the repository root)."""

    path: str
    finding: Finding


def emit(results: Iterable[Located]) -> int:
    """Print the findings in a stable order, each once; 1 if there were any."""
    lines: dict[str, tuple[str, int, int, str]] = {}
    for path, finding in results:
        key = (path, finding.line, finding.col, finding.code)
        lines.setdefault(render_hook_line(path, finding), key)
    # sorted() is stable: findings at one position keep the order they were made in
    for line in sorted(lines, key=lines.__getitem__):
        print(line)
    return 1 if lines else 0
