"""What the hooks share: argument parsing, git, file reading, TOML, output.

Output rules (RULES.md, "Hook rules"): findings print as
``path:line:col: STSnnn message`` through
:func:`flake8_streamlit_security.findings.render_hook_line` (which redacts),
with POSIX paths relative to the repository root; a hook that cannot run
prints one line to stderr and exits 2; nothing prints a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Mapping, NoReturn, Sequence

import tomlkit
import tomlkit.exceptions
from tomlkit.toml_document import TOMLDocument

from flake8_streamlit_security.findings import Finding, render_hook_line

# Folders never walked: VCS data, dependencies, caches, virtualenvs.
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox",
        ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages",
        "dist-packages", ".cache", ".ipynb_checkpoints",
    }
)
MAX_FILE_BYTES = 5 * 1024 * 1024  # a secrets or config file is never this big

# git environment that would point our git calls elsewhere (set by git hooks).
_GIT_LOCATION_ENV = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
    "GIT_PREFIX", "GIT_CEILING_DIRECTORIES",
)


class HookError(Exception):
    """The hook cannot run at all: main() prints one line and returns 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments as a one-line HookError."""

    def error(self, message: str) -> NoReturn:
        raise HookError(message)


def make_parser(prog: str, description: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, description=description)


def run_main(prog: str, body: Callable[[], int]) -> int:
    """Run a hook body; map HookError and any unexpected error to exit 2."""
    _tolerant_output()
    try:
        return body()
    except HookError as exc:
        _error_line(prog, str(exc))
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # never a traceback (and never an exception's text,
        # which could quote file content)
        _error_line(prog, f"internal error ({type(exc).__name__}); please report it")
        return 2


def _error_line(prog: str, message: str) -> None:
    message = " ".join(message.split())
    print(f"{prog}: error: {message}", file=sys.stderr)


def _tolerant_output() -> None:
    """Paths may hold bytes that are not UTF-8: never crash while printing them."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover
                pass


# --------------------------------------------------------------------------- git


def git_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_ENV}
    env.update(extra)
    return env


def git(
    args: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    ok: Iterable[int] = (0,),
) -> bytes:
    """Run git, return stdout; raise HookError on failure."""
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=dict(env) if env is not None else git_env(),
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise HookError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise HookError(f"cannot run git ({exc.strerror})") from None
    if proc.returncode not in tuple(ok):
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HookError(f"git {args[0]} failed: {detail[-1] if detail else proc.returncode}")
    return proc.stdout


def find_repo_root(cwd: Path | None = None) -> Path | None:
    """The top of the work tree containing ``cwd``, or None outside a work tree."""
    here = Path.cwd() if cwd is None else cwd
    try:
        out = git(["rev-parse", "--show-toplevel"], here)
    except HookError:
        return None
    top = os.fsdecode(out.rstrip(b"\n"))
    return Path(top) if top else None


def require_repo_root() -> Path:
    root = find_repo_root()
    if root is None:
        raise HookError("not inside a git repository (run it from a git work tree)")
    return root


def split_z(out: bytes) -> list[str]:
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


def tracked_files(root: Path, *pathspec: str) -> list[str]:
    """Paths in the index (tracked or staged), POSIX, relative to ``root``."""
    args = ["ls-files", "-z", "--cached"]
    if pathspec:
        args += ["--", *pathspec]
    return split_z(git(args, root))


def git_bool(root: Path, key: str) -> bool:
    try:
        out = git(["config", "--bool", "--get", key], root, ok=(0, 1))
    except HookError:
        return False
    return out.strip() == b"true"


def not_ignored_by_shared_rules(root: Path, paths: Sequence[str]) -> set[str]:
    """The ``paths`` that the repository's own ``.gitignore`` files do not ignore.

    Uses git's matching itself (``check-ignore --no-index``: nested files,
    negations, directory patterns), but with a throw-away, empty git dir and
    ``core.excludesFile`` pointing at a missing file, so neither the clone's
    ``.git/info/exclude`` nor the user's global excludes count: teammates
    don't share those.
    """
    if not paths:
        return set()
    with tempfile.TemporaryDirectory(prefix="sts-gitignore-") as tmp:
        empty_git_dir = Path(tmp, "git")
        git(["init", "--quiet", "--bare", "--template=", str(empty_git_dir)], Path(tmp))
        env = git_env(GIT_DIR=str(empty_git_dir), GIT_WORK_TREE=str(root))
        ignore_case = "true" if git_bool(root, "core.ignoreCase") else "false"
        out = git(
            [
                "-c", f"core.excludesFile={Path(tmp, 'no-excludes')}",
                "-c", f"core.ignoreCase={ignore_case}",
                "check-ignore", "--no-index", "--stdin", "-z",
            ],
            root,
            env=env,
            stdin=b"".join(os.fsencode(p) + b"\0" for p in paths),
            ok=(0, 1),
        )
    ignored = set(split_z(out))
    return {p for p in paths if p not in ignored}


# ------------------------------------------------------------------- file system


def walk(root: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    """os.walk without symlinked folders, heavy folders or virtualenvs."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda _e: None):
        if "pyvenv.cfg" in filenames and Path(dirpath) != root:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        yield Path(dirpath), dirnames, filenames


def find_streamlit_dirs(root: Path) -> list[Path]:
    """Every ``.streamlit`` folder (or symlink to one) in the work tree."""
    found: list[Path] = []
    for dirpath, dirnames, _files in walk(root):
        if ".streamlit" in dirnames:
            found.append(dirpath / ".streamlit")
            dirnames.remove(".streamlit")
    return found


def rel_posix(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` as a POSIX string (as given when outside)."""
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.as_posix()
    if rel == ".." or rel.startswith(".." + os.sep):
        return path.as_posix()
    return PurePosixPath(*Path(rel).parts).as_posix()


@dataclass(frozen=True)
class Text:
    """A file's text, or why it could not be read (with a 1-based position)."""

    text: str | None
    problem: str | None = None
    line: int = 1
    col: int = 0


def read_text(path: Path) -> Text:
    """Read a UTF-8 text file; binary, non-UTF-8 and unreadable files get a problem."""
    try:
        if path.is_dir():
            return Text(None, "a folder, not a file")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Text(None, "file not found (or a broken symlink)")
    except PermissionError:
        return Text(None, "cannot read the file (permission denied)")
    except OSError as exc:
        return Text(None, f"cannot read the file ({exc.strerror or type(exc).__name__})")
    if len(data) > MAX_FILE_BYTES:
        return Text(None, "file too large to be a TOML settings file")
    nul = data.find(b"\0")
    if nul >= 0:
        line, col = _position(data, nul)
        return Text(None, "binary file (NUL byte), not TOML text", line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        return Text(None, "not UTF-8 text (TOML files must be UTF-8)", line, col)
    return Text(text.removeprefix("\ufeff"))


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace"))


# ------------------------------------------------------------------------- TOML


@dataclass(frozen=True)
class TomlError:
    line: int  # 1-based
    col: int  # 0-based
    message: str


_AT_POSITION = re.compile(r"\s*\(?at line (\d+),? col(?:umn)? (\d+)\)?\.?\s*$")
_QUOTED = re.compile(r"""(['"])(?:(?!\1).){4,}\1|: *(['"]).*?\2""")


def _clean_error(message: str) -> str:
    """An error message without positions or quoted file content."""
    message = _AT_POSITION.sub("", message)
    message = _QUOTED.sub("", message)
    message = " ".join(message.split()).rstrip(".:")
    return message or "syntax error"


def parse_toml(text: str) -> tuple[TOMLDocument | None, TomlError | None]:
    """Parse with tomlkit (keeps layout for --fix), then confirm with tomllib.

    tomlkit accepts a few documents that TOML 1.0 (and so Streamlit) rejects;
    tomllib's verdict is the stricter one.
    """
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        return None, TomlError(max(exc.line, 1), max(exc.col, 0), _clean_error(str(exc)))
    except RecursionError:
        return None, TomlError(1, 0, "nested too deeply")
    except Exception as exc:  # tomlkit raises a few non-ParseError errors
        return None, TomlError(1, 0, _clean_error(str(exc)) or type(exc).__name__)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, col = (int(found.group(1)), int(found.group(2)) - 1) if found else (1, 0)
        return None, TomlError(line, max(col, 0), _clean_error(str(exc)))
    except RecursionError:
        return None, TomlError(1, 0, "nested too deeply")
    return doc, None


def plain(doc: TOMLDocument) -> dict[str, Any]:
    """The document as plain Python values (dict, list, str, bool, int ...)."""
    value = doc.unwrap()
    return value if isinstance(value, dict) else {}


KeyPath = tuple[str, ...]

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY_PATH = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = re.compile(rf"^[ \t]*\[\[?[ \t]*({_KEY_PATH})[ \t]*\]\]?")
_ASSIGN = re.compile(rf"^([ \t]*)({_KEY_PATH})[ \t]*=[ \t]*(.*)$")
_KEY_PART = re.compile(_KEY)


def _split_key_path(text: str) -> KeyPath:
    parts = []
    for m in _KEY_PART.finditer(text):
        part = m.group(0)
        if part[:1] in "\"'":
            try:
                part = next(iter(tomllib.loads(f"{part} = 0")))
            except (tomllib.TOMLDecodeError, StopIteration):
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


@dataclass
class KeyIndex:
    """Where each key and table of a TOML text is (line 1-based, col 0-based).

    tomlkit keeps no positions, so this reads the lines itself: table headers,
    ``key = value`` lines (dotted keys included), skipping multi-line strings.
    Keys inside inline tables or arrays resolve to the line of their parent.
    """

    lines: list[str]
    where: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str) -> KeyIndex:
        index = cls(text.splitlines())
        table: KeyPath = ()
        in_string: str | None = None
        for number, line in enumerate(index.lines, start=1):
            if in_string is not None:
                if in_string in line:
                    in_string = None
                continue
            header = _HEADER.match(line)
            if header:
                table = _split_key_path(header.group(1))
                col = len(line) - len(line.lstrip())
                index.where.setdefault(table, (number, col))
                continue
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            path = table + _split_key_path(assign.group(2))
            index.where.setdefault(path, (number, len(assign.group(1))))
            rest = assign.group(3)
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and rest.count(quote) == 1:
                    in_string = quote
        return index

    def locate(self, path: KeyPath) -> tuple[int, int]:
        for end in range(len(path), 0, -1):
            found = self.where.get(path[:end])
            if found:
                return found
        return 1, 0

    def line_text(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""


def leaves(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every non-table value of a plain TOML document with its key path.

    Items of arrays get their array's path (tables inside arrays are walked).
    """
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (str(key),))
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    else:
        yield path, value


def dotted(path: KeyPath) -> str:
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"' for p in path)


# ----------------------------------------------------------------------- output


@dataclass(frozen=True)
class Located:
    path: str  # POSIX, relative to the repository root
    finding: Finding

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return self.path, self.finding.line, self.finding.col, self.finding.code


def emit(results: Iterable[Located]) -> int:
    """Print findings in a stable order; return 1 if there were any."""
    lines: dict[str, tuple[str, int, int, str]] = {}
    for result in results:
        lines.setdefault(render_hook_line(result.path, result.finding), result.sort_key)
    # sorted() is stable: findings at one position keep the order they were made in
    for line in sorted(lines, key=lines.__getitem__):
        print(line)
    return 1 if lines else 0
