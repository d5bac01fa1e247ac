"""``flake8-streamlit-security``: the linter for people who do not run flake8 themselves.

``flake8-streamlit-security [flake8 options] [PATHS]``
    runs flake8 in-process with only this plugin's checks and its default
    codes, honouring the user's flake8 configuration otherwise (``exclude``,
    ``per-file-ignores``, ``extend-ignore``, ``extend-select = STS403`` ...).
    Exit code as flake8's: 0 clean, 1 findings, 2 bad arguments.
``flake8-streamlit-security rules``
    lists every code with its default state (on, opt, hook).
``flake8-streamlit-security rule STS402`` (or ``rule html-injection``)
    prints that rule's documentation.
``flake8-streamlit-security baseline [-o FILE] [--update] [PATHS]``
    writes the findings an app has today to a baseline file (see
    :mod:`flake8_streamlit_security.baseline`); ``--baseline FILE`` then reports
    only the findings it does not hold.

Settings come from ``[tool.flake8-streamlit-security]`` in ``pyproject.toml``
(:mod:`flake8_streamlit_security.pyproject`) and flake8's own config files.

It is also the entry of the ``streamlit-security`` pre-commit hook, which passes
file names as arguments.

Unlike plain flake8, the command skips virtual environments and vendored code
(:data:`VENDORED`, and any folder holding a ``pyvenv.cfg``) unless the user sets
flake8's ``exclude``; it never echoes a source line that may hold a credential
(``--show-source``, ``-vv``); it skips files that are not regular files (a FIFO
would hang the run) with a one-line E902; and a report file it cannot write or a
closed pipe (``| head``) ends it without a traceback.
"""
from __future__ import annotations

import argparse
import fnmatch
import glob
import logging
import os
import platform
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# flake8 is annotated but ships no py.typed marker.
import flake8  # type: ignore[import-untyped, unused-ignore]
from flake8 import checker, defaults  # type: ignore[import-untyped, unused-ignore]
from flake8.formatting.base import BaseFormatter  # type: ignore[import-untyped, unused-ignore]
from flake8.main import application  # type: ignore[import-untyped, unused-ignore]
from flake8.plugins import finder  # type: ignore[import-untyped, unused-ignore]
from flake8.style_guide import Decision  # type: ignore[import-untyped, unused-ignore]
from flake8.violation import Violation  # type: ignore[import-untyped, unused-ignore]

from flake8_streamlit_security import baseline as baselines
from flake8_streamlit_security import pyproject
from flake8_streamlit_security.findings import redact
# Folders the command does not lint unless the user sets flake8's ``exclude``
# (``extend-exclude`` adds to them): virtual environments and vendored or built code.
from flake8_streamlit_security.project import VENDORED
from flake8_streamlit_security.ruledocs import show_rule, show_rules
from flake8_streamlit_security.formatters import (
    OutputFileError, output_file_error, tool_version,
)

PROG = "flake8-streamlit-security"
# Reported even though they are not STS codes: a file that cannot be read
# (E902) or parsed (E999) was not checked, and must not pass silently.
ALWAYS_REPORTED = ("E902", "E999")
# Codes saying a file was not checked at all: a baseline never records or hides them.
NEVER_HIDDEN = frozenset({*ALWAYS_REPORTED, "STS000"})

USAGE = f"""\
usage: {PROG} [flake8 options] [--baseline FILE] [PATHS ...]
                                   lint with the default STS codes (only the findings
                                   FILE does not hold, with --baseline)
       {PROG} baseline [-o FILE] [--update] [flake8 options] [PATHS ...]
                                   write today's findings to FILE (default
                                   {baselines.DEFAULT_FILE}); --update only removes
                                   the entries that no longer match
       {PROG} rules                list every code and its default state
       {PROG} rule STSnnn|NAME     show one rule's documentation
       {PROG} --version            this command's version, flake8's and Python's
"""
# --format names the command also accepts: the hooks' names, and "json" (which plain
# flake8 would print, as a template, once per finding).
FORMAT_ALIASES = {"json": "sts-json", "sarif": "sts-sarif", "github": "sts-github"}


class PluginMissing(Exception):
    """The STS plugin did not load, so nothing would be checked."""


class UsageError(Exception):
    """A command-line mistake the command reports in one line (exit 2)."""


# A folder holding this file is a virtual environment, whatever its name.
VENV_MARKER = "pyvenv.cfg"
# Codes whose line holds (or names) a secret: never echoed by --show-source.
SECRET_CODES = frozenset({"STS101", "STS102", "STS103", "STS104", "STS105", "STS106",
                          "STS205", "STS206"})
SOURCE_NOT_SHOWN = "    (source line not shown: it may hold a credential)"
_PHYSICAL_LINE = re.compile(r"""physical_line=(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


# ------------------------------------------------------------------------ linting


def names_sts(entry: str) -> bool:
    """Whether a select/ignore entry covers STS codes (``STS4``, ``STS``, ``S``)."""
    entry = entry.strip().upper()
    return bool(entry) and (entry.startswith("STS") or "STS".startswith(entry))


def restrict_selection(options: argparse.Namespace, *, keep_select: bool) -> None:
    """Make STS (plus unreadable-file errors) the only default selection.

    STS codes become *implicitly* selected, as plain flake8 selects a plugin's
    codes, so opt-in codes stay off, ``extend-select`` turns them on, and every
    ignore — ``extend-ignore``, ``per-file-ignores``, a family prefix such as
    ``STS5`` — still wins.  A ``select`` from a config file is meant for plain
    flake8 and is dropped, except for its STS entries; a ``--select`` given on
    this command line is kept as is.  An ``ignore`` list is moved to
    ``extend-ignore`` so it no longer switches the opt-in codes on.
    """
    options.extended_default_select = ["STS", *ALWAYS_REPORTED]
    if not keep_select:
        chosen = [entry for entry in options.select or [] if names_sts(entry)]
        options.select = None
        options.extend_select = [*(options.extend_select or []), *chosen]
    if options.ignore is not None:
        options.extend_ignore = [*options.ignore, *(options.extend_ignore or [])]
        options.ignore = None


def is_ours(loaded: finder.LoadedPlugin) -> bool:
    return bool(loaded.entry_name.startswith("STS"))


def only_our_checkers(plugins: finder.Plugins) -> finder.Plugins:
    """Drop every other checker plugin (pycodestyle, pyflakes, ...): less work."""
    checkers = finder.Checkers(
        tree=[p for p in plugins.checkers.tree if is_ours(p)],
        logical_line=[p for p in plugins.checkers.logical_line if is_ours(p)],
        physical_line=[p for p in plugins.checkers.physical_line if is_ours(p)],
    )
    if not any(checkers):
        raise PluginMissing("the STS flake8 plugin is not installed in this environment")
    return plugins._replace(checkers=checkers)


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    """flake8's exclude test: the base name or the absolute path matches a pattern."""
    name = os.path.basename(path)
    if name not in (".", "..") and any(fnmatch.fnmatch(name, p) for p in patterns):
        return True
    absolute = os.path.abspath(path)
    return any(fnmatch.fnmatch(absolute, p) for p in patterns)


def _pattern(path: str) -> str:
    """An exclude pattern that matches exactly ``path`` (absolute, escaped)."""
    return glob.escape(os.path.abspath(path))


def _vendored_file(path: str) -> bool:
    """Whether a file named on the command line (pre-commit names every file) sits in a
    vendored folder or a virtual environment below the working directory."""
    relative = os.path.relpath(os.path.abspath(path), os.getcwd())
    if relative.startswith(os.pardir):
        return False
    parts = Path(relative).parts[:-1]
    for depth in range(len(parts)):
        if parts[depth] in VENDORED or os.path.isfile(
                os.path.join(*parts[:depth + 1], VENV_MARKER)):
            return True
    return False


def virtualenv_patterns(paths: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """Exclude patterns for the virtual environments under ``paths`` (folders holding a
    ``pyvenv.cfg``, whatever their name) and for named files that sit in one or in a
    vendored folder; folders ``exclude`` already skips are not searched."""
    found = []
    for path in paths:
        if path == "-" or _excluded(path, exclude):
            continue
        if not os.path.isdir(path):
            if _vendored_file(path):
                found.append(_pattern(path))
            continue
        for root, folders, files in os.walk(path):
            if VENV_MARKER in files:
                found.append(_pattern(root))
                folders[:] = []
                continue
            folders[:] = [f for f in folders if not _excluded(os.path.join(root, f), exclude)]
    return found


def exclude_vendored(options: argparse.Namespace) -> None:
    """Add :data:`VENDORED` and the virtual environments found to flake8's ``exclude``,
    unless the user set ``exclude`` (then their list is the whole list, as in flake8)."""
    if list(options.exclude) != list(defaults.EXCLUDE):
        return
    patterns = [*options.exclude, *(name for name in VENDORED if name not in options.exclude)]
    extra = virtualenv_patterns(options.filenames or ["."],
                                [*patterns, *(options.extend_exclude or [])])
    options.exclude = [*patterns, *extra]


class SafeOutput(BaseFormatter):  # type: ignore[misc, unused-ignore]
    """Mixed into the formatter the user chose: never echo a source line that may hold
    a credential, and turn a report file that cannot be opened into one line."""

    def show_source(self, error: Violation) -> str | None:
        line = error.physical_line
        if line == "":  # a file that was not read (see Manager.run)
            return ""
        source: str | None = super().show_source(error)
        if source and line is not None and (
                error.code in SECRET_CODES or redact(line) != line):
            return SOURCE_NOT_SHOWN
        return source

    def start(self) -> None:
        try:
            super().start()
        except OSError as error:
            raise OutputFileError(output_file_error(self.filename, error)) from None


def safe_formatter(formatter: Any) -> Any:
    """The same formatter, with :class:`SafeOutput` mixed in."""
    chosen = type(formatter)
    if isinstance(formatter, SafeOutput):
        return formatter
    safe = type(f"Safe{chosen.__name__}", (SafeOutput, chosen), {})
    return safe(formatter.options)


class HideSourceInLog(logging.Filter):
    """``-vv`` logs every violation with its source line: drop the line, redact the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = _PHYSICAL_LINE.sub("physical_line=<not shown>", record.getMessage())
        record.msg, record.args = redact(message), None
        return True


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


class Manager(checker.Manager):  # type: ignore[misc, unused-ignore]
    """flake8's checker manager, which skips files that are not regular files (reading
    a FIFO blocks for ever) and reports each with one E902."""

    def start(self) -> None:
        super().start()
        kept, self.skipped = [], []
        for name in self.filenames:
            try:
                kind = None if name == "-" else _kind(os.stat(name).st_mode)
            except OSError:  # missing or unreadable: flake8 reports its own E902
                kind = None
            if kind is None:
                kept.append(name)
            else:
                self.skipped.append((name, kind))
        self.filenames = tuple(kept)
        self.jobs = min(len(self.filenames), self.jobs)

    def run(self) -> None:
        super().run()
        statistics = dict.fromkeys(defaults.STATISTIC_NAMES, 0)
        for name, kind in self.skipped:
            text = f"{kind}, not a regular file: skipped"
            # An empty source line, not None: flake8 would read the file for a noqa.
            self.results.append((name, [("E902", 0, 0, text, "")], statistics))


class BaselineGuide:
    """flake8's style guide, in front of which the baseline hides known findings.

    A finding flake8 would report (selected, no ``# noqa``) is fingerprinted; when
    the baseline holds it, it is not reported (a SARIF log keeps it as
    ``unchanged``) and does not count for the exit status.  Every finding
    fingerprinted is also recorded, for ``baseline`` to write.  A file that could not
    be read, parsed or analysed (E902, E999, STS000) is never hidden: it was not checked.
    """

    def __init__(self, guide: Any, options: argparse.Namespace, file: str,
                 known: baselines.Baseline | None) -> None:
        self.guide = guide
        self.options = options
        self.fingerprints = baselines.Fingerprinter(file)
        self.known = known
        self.recorded: list[baselines.Key] = []
        self.unchecked = 0  # findings saying a file was not checked

    def __getattr__(self, name: str) -> Any:
        return getattr(self.guide, name)

    def handle_error(self, code: str, filename: str, line_number: int,
                     column_number: int, text: str, physical_line: str | None = None) -> int:
        args = (code, filename, line_number, column_number, text, physical_line)
        if code in NEVER_HIDDEN:
            reported = int(self.guide.handle_error(*args))
            self.unchecked += reported
            return reported
        guide = self.guide.style_guide_for(filename)
        error = Violation(code, filename, line_number, (column_number or 0) + 1, text,
                          physical_line)
        if guide.should_report_error(code) is not Decision.Selected or \
                error.is_inline_ignored(self.options.disable_noqa):
            return 0
        key = self.fingerprints.key(filename, code, line_number, physical_line)
        self.recorded.append(key)
        if self.known is not None and self.known.match(key):
            known = getattr(guide.formatter, "handle_known", None)
            if known is not None:
                known(error)
            return 0
        return int(self.guide.handle_error(*args))


class Application(application.Application):  # type: ignore[misc, unused-ignore]
    """flake8's application, restricted to this plugin (and, given a baseline file,
    reporting only the findings it does not hold)."""

    plugins: finder.Plugins | None
    options: argparse.Namespace | None

    def __init__(self, *, keep_select: bool, baseline_file: str | None = None,
                 known: baselines.Baseline | None = None) -> None:
        super().__init__()
        self.keep_select = keep_select
        self.baseline_file = baseline_file
        self.known = known
        self.baseline_guide: BaselineGuide | None = None

    def make_formatter(self) -> None:
        assert self.options is not None and self.plugins is not None
        chosen = FORMAT_ALIASES.get(self.options.format, self.options.format)
        if chosen not in self.plugins.reporters and "%(" not in chosen:
            names = ", ".join(sorted(self.plugins.reporters))
            raise UsageError(f"unknown --format {self.options.format!r}: use one of {names} "
                             f"(or json, sarif, github), or a template such as "
                             f"'%(path)s:%(row)d: %(code)s %(text)s'")
        self.options.format = chosen
        super().make_formatter()
        self.formatter = safe_formatter(self.formatter)
        if self.known is not None and hasattr(self.formatter, "handle_known"):
            setattr(self.formatter, "baseline", True)  # SarifFormatter: baselineState
        for handler in logging.getLogger("flake8").handlers:
            handler.addFilter(HideSourceInLog())

    def make_guide(self) -> None:
        assert self.options is not None
        restrict_selection(self.options, keep_select=self.keep_select)
        exclude_vendored(self.options)
        super().make_guide()
        if self.baseline_file is not None:
            self.baseline_guide = BaselineGuide(
                self.guide, self.options, self.baseline_file, self.known)
            # It stands in for flake8's StyleGuideManager, delegating the rest to it.
            self.guide = self.baseline_guide  # type: ignore[assignment]

    def make_file_checker_manager(self, argv: Sequence[str]) -> None:
        assert self.plugins is not None and self.guide is not None
        self.plugins = only_our_checkers(self.plugins)
        self.file_checker_manager = Manager(
            style_guide=self.guide, plugins=self.plugins.checkers, argv=argv)


def given(args: Sequence[str], option: str) -> bool:
    """Whether ``option`` appears on the command line (before a ``--``)."""
    for arg in args:
        if arg == "--":
            return False
        if arg == option or arg.startswith(option + "="):
            return True
    return False


def take_option(args: list[str], option: str, *, flag: bool = False) -> str | None:
    """Remove ``option`` (``--opt VALUE``, ``--opt=VALUE``, ``-oVALUE`` for a short one;
    a flag has no value) from ``args`` (before a ``--``) and return its last value
    (``""`` for a flag), or None when it is not there."""
    found = None
    index = 0
    while index < len(args) and args[index] != "--":
        arg = args[index]
        if arg == option:
            if flag:
                found = ""
                del args[index]
                continue
            if index + 1 >= len(args) or args[index + 1] == "--":
                raise UsageError(f"{option} needs a file name")
            found = args[index + 1]
            del args[index:index + 2]
            continue
        prefix = option + ("" if len(option) == 2 else "=")
        if not flag and arg.startswith(prefix) and len(arg) > len(prefix):
            found = arg[len(prefix):]
            del args[index]
            continue
        index += 1
    return found


def settings(args: Sequence[str]) -> pyproject.Settings:
    """``[tool.flake8-streamlit-security]`` of the nearest pyproject.toml (none with
    ``--isolated``, which ignores every config file)."""
    if given(args, "--isolated"):
        return pyproject.Settings()
    return pyproject.load()


def run_flake8(args: list[str], found: pyproject.Settings, *, baseline_file: str | None = None,
               known: baselines.Baseline | None = None) -> Application:
    """flake8 with the pyproject.toml settings first, so the command line wins."""
    app = Application(keep_select=given(args, "--select"), baseline_file=baseline_file,
                      known=known)
    app.run([*found.args, *args])
    return app


def checked_paths(app: Application, guide: BaselineGuide) -> list[str]:
    manager = app.file_checker_manager
    names = manager.filenames if manager is not None else ()
    return [guide.fingerprints.path(name) for name in names]


def lint(args: Sequence[str]) -> int:
    argv = list(args)
    try:
        found = settings(argv)
        file = take_option(argv, "--baseline") or found.baseline
        known = baselines.read(file) if file else None
        app = run_flake8(argv, found, baseline_file=file, known=known)
    except (PluginMissing, OutputFileError, UsageError, pyproject.ConfigError,
            baselines.BaselineError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    guide = app.baseline_guide
    if known is not None and guide is not None:
        stale = known.stale(checked_paths(app, guide)).total()
        print(f"{PROG}: {known.summary(stale)}", file=sys.stderr)
    return int(app.exit_code())


def write_baseline(args: Sequence[str]) -> int:
    """``baseline [-o FILE] [--update] [flake8 options] [PATHS]``."""
    argv = list(args)
    try:
        found = settings(argv)
        update = take_option(argv, "--update", flag=True) is not None
        if given(argv, "--baseline"):
            raise UsageError("baseline takes -o FILE, not --baseline")
        file = take_option(argv, "-o") or found.baseline or baselines.DEFAULT_FILE
        known = baselines.read(file) if update else None
        # Findings are recorded, not printed; the exit status is the command's own.
        app = run_flake8([*argv, "--format=quiet-nothing", "--exit-zero"], found,
                         baseline_file=file, known=known)
        guide = app.baseline_guide
        if app.catastrophic_failure or guide is None:
            print(f"{PROG}: the run failed; the baseline was not written", file=sys.stderr)
            return 1
        if known is None:
            keys = guide.recorded
            message = f"wrote {baselines.plural(len(keys), 'finding')} to {file}"
        else:
            paths = checked_paths(app, guide)
            stale = known.stale(paths).total()
            keys = known.pruned(paths)
            message = (f"removed {baselines.plural(stale, 'entry', 'entries')} that no "
                       f"longer match; {len(keys)} left in {file}")
        baselines.write(file, keys)
        if guide.unchecked:
            message += (f"; {baselines.plural(guide.unchecked, 'file')} could not be checked "
                        f"(E902, E999 or STS000): run the command without `baseline` to see why")
    except (PluginMissing, OutputFileError, UsageError, pyproject.ConfigError,
            baselines.BaselineError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    print(f"{PROG}: {message}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- main


SUBCOMMANDS = ("rule", "rules", "baseline")


def subcommand(args: Sequence[str]) -> str | None:
    """``rule``/``rules``/``baseline`` when the first argument names one — unless it
    is an existing path, which pre-commit may pass as a file name."""
    if args and args[0] in SUBCOMMANDS and not Path(args[0]).exists():
        return args[0]
    return None


def version_line() -> str:
    """``flake8-streamlit-security X.Y.Z (flake8 7.1.1, detect-secrets 1.5.0, CPython
    3.12.3 on Linux)``: this command's version first."""
    from importlib import metadata

    try:
        detect_secrets = f"detect-secrets {metadata.version('detect-secrets')}, "
    except metadata.PackageNotFoundError:
        detect_secrets = ""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return (f"{PROG} {tool_version()} (flake8 {flake8.__version__}, {detect_secrets}"
            f"{python} on {platform.system()})")


def run(args: Sequence[str], command: str | None) -> int:
    if command == "rules":
        return show_rules(args[1:])
    if command == "rule":
        return show_rule(args[1:])
    if command == "baseline":
        return write_baseline(args[1:])
    if given(args, "--version"):
        print(version_line())
        return 0
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
    return lint(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = subcommand(args)
    try:
        code = run(args, command)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as git does.  Later
        # writes (the interpreter's last flush) go nowhere instead of failing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0 if command else 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
