"""Reading the files the hooks check, and naming them in output.

Only regular files are read: a folder, FIFO, socket or device in place of a
settings file is reported, never read (a FIFO would block the hook).  Text
must be UTF-8 without NUL bytes; a leading BOM is dropped.
"""
from __future__ import annotations

import os
import stat
from typing import BinaryIO

MAX_FILE_BYTES = 5 * 1024 * 1024  # a secrets or config file is never this big

_NOT_A_FILE = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
    (stat.S_ISCHR, "a device, not a file"),
    (stat.S_ISBLK, "a device, not a file"),
)
# Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class FileProblem(Exception):
    """Why a file's text cannot be used, and where (line 1-based, col 0-based)."""

    def __init__(self, problem: str, line: int = 1, col: int = 0) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.col = col


class NotRegularFile(OSError):
    """The path leads to a folder, FIFO, socket or device."""


def not_a_file(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file, or None."""
    if stat.S_ISREG(mode):
        return None
    for test, problem in _NOT_A_FILE:
        if test(mode):
            return problem
    return "not a regular file"


def _check_regular(mode: int) -> None:
    problem = not_a_file(mode)
    if problem is not None:
        raise NotRegularFile(problem)


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for binary reading; NotRegularFile (an OSError) when it
    is not a regular file, checked before opening and again once open (in
    case one was swapped in)."""
    _check_regular(os.stat(path).st_mode)
    fd = os.open(path, _O_READ)
    try:
        _check_regular(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb")


def read_text(path: str) -> str:
    """A UTF-8 text file's text, without a leading BOM; FileProblem for a file
    that is missing, unreadable, not a regular file, too large, binary or not UTF-8."""
    return read_text_bom(path)[0]


def read_text_bom(path: str) -> tuple[str, bool]:
    """:func:`read_text`, and whether the file started with a BOM (``--fix``
    keeps it)."""
    try:
        with open_regular(path) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except NotRegularFile as exc:
        raise FileProblem(str(exc)) from None
    except FileNotFoundError:
        raise FileProblem("file not found (or a broken symlink)") from None
    except PermissionError:
        raise FileProblem("cannot read the file (permission denied)") from None
    except OSError as exc:
        raise FileProblem(
            f"cannot read the file ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem("file too large to be a TOML settings file")
    nul = data.find(b"\0")
    if nul >= 0:
        raise FileProblem("binary file (NUL byte), not TOML text", *_position(data, nul))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            "not UTF-8 text (TOML files must be UTF-8)", *_position(data, exc.start)
        ) from None
    return text.removeprefix("\ufeff"), text.startswith("\ufeff")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace"))


def file_key(path: str) -> tuple[int, int] | None:
    """What identifies the file ``path`` leads to (through symlinks), or None
    when it cannot be stat()ed."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def inside(path: str, root: str) -> bool:
    """Whether ``path``, every symlink resolved, is ``root`` or inside it."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def rel_posix(path: str, root: str) -> str:
    """``path`` relative to ``root`` as a POSIX string (as given when outside)."""
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # pragma: no cover - another drive on Windows
        rel = os.pardir
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = path
    return os.path.normpath(rel).replace(os.sep, "/")
