"""The hooks' command line and output.

RULES.md, "Hook rules": findings print as ``path:line:col: STSnnn message``
(POSIX paths relative to the repository root), rendered and redacted by
:func:`flake8_streamlit_security.findings.render_hook_line`; a hook exits 0
when clean, 1 on findings or when ``--fix`` changed a file, and 2 with one
line on stderr when it cannot run (bad arguments, no git repository).  No
hook prints a traceback, nor an exception's text (which could quote a file).

``--format=sarif`` and ``--format=github`` write the same findings as the
plugin's ``sts-sarif``/``sts-github`` formatters do
(:func:`flake8_streamlit_security.formatters.report`, imported only then), and
``--output-file`` writes the report to a file instead of stdout.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from typing import Callable, ContextManager, Iterable, NamedTuple, NoReturn, ParamSpec

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
    result.add_argument(
        "--format", choices=FORMATS, default="text",
        help="text: path:line:col: STSnnn message (default); sarif: a SARIF 2.1.0 log for "
        "code scanning; github: GitHub Actions annotations")
    result.add_argument("--output-file", metavar="FILE",
                        help="write the report to FILE (replaced) instead of stdout")
    result.add_argument("filenames", nargs="*", help=filenames_help)
    return result


FORMATS = ("text", "sarif", "github")


class Report(NamedTuple):
    """Where and how findings are written: ``kind`` one of :data:`FORMATS`;
    ``root`` is the folder the findings' paths are relative to."""

    kind: str = "text"
    output_file: str | None = None
    root: str = "."

    def progress(self) -> ContextManager[object]:
        """While the checks run: a SARIF log written to stdout must be the only
        thing there, so notes such as ``Fixing <path>`` go to stderr then."""
        if self.kind == "sarif" and not self.output_file:
            return contextlib.redirect_stdout(sys.stderr)
        return contextlib.nullcontext()

    def write(self, text: str) -> None:
        if not self.output_file:
            sys.stdout.write(text)
            return
        from flake8_streamlit_security.formatters import output_file_error

        try:
            folder = os.path.dirname(os.path.abspath(self.output_file))
            os.makedirs(folder, exist_ok=True)
            # (a path that is not UTF-8 is written as the terminal shows it)
            with open(self.output_file, "w", encoding="utf-8",
                      errors="backslashreplace") as fh:
                fh.write(text)
        except OSError as error:
            raise HookError(output_file_error(self.output_file, error)) from None


def report(args: argparse.Namespace, root: str) -> Report:
    """The report the command line asks for (findings relative to ``root``)."""
    return Report(args.format, args.output_file, root)


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


def emit(results: Iterable[Located], output: Report = Report()) -> int:
    """Write the findings in a stable order, each once; 1 if there were any."""
    lines: dict[str, tuple[tuple[str, int, int, str], Located]] = {}
    for located in results:
        path, finding = located
        key = (path, finding.line, finding.col, finding.code)
        lines.setdefault(render_hook_line(path, finding), (key, located))
    # sorted() is stable: findings at one position keep the order they were made in
    ordered = sorted(lines, key=lambda line: lines[line][0])
    if output.kind == "text":
        output.write("".join(line + "\n" for line in ordered))
    else:
        output.write(_machine_report(output, [lines[line][1] for line in ordered]))
    return 1 if lines else 0


def _machine_report(output: Report, found: list[Located]) -> str:
    """The SARIF log or GitHub annotations of ``found``, through the plugin's own
    formatters: each finding as the flake8 violation it would be (1-based column,
    the message without the code, the path from the working directory)."""
    from flake8.violation import Violation  # type: ignore[import-untyped, unused-ignore]

    from flake8_streamlit_security.formatters import report as render

    errors = [
        Violation(finding.code, os.path.join(output.root, path), finding.line,
                  finding.col + 1, finding.message, None)
        for path, finding in found
    ]
    return str(render(output.kind, errors))
