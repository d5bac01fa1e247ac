"""What the hooks share: argument parsing, git, file reading, TOML, output.

Output rules (RULES.md, "Hook rules"): findings print as
``path:line:col: STSnnn message`` through
:func:`flake8_streamlit_security.findings.render_hook_line` (which redacts),
with POSIX paths relative to the repository root; a hook that cannot run
prints one line to stderr and exits 2; nothing prints a traceback.

Start-up time is part of every commit (issue 5, target (f)): this module and
the hooks import only what every run needs.  ``argparse`` (only for unusual
command lines), ``tempfile``, ``pathlib`` and ``tomlkit`` (only to report a
TOML error exactly as before, or for ``--fix``) are imported where they are
used; paths are plain strings; git runs concurrently with the Python work.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    import argparse
    from typing import (
        Any, AnyStr, BinaryIO, Callable, Iterable, Iterator, Mapping, NoReturn, Sequence,
    )

    from tomlkit.toml_document import TOMLDocument

    from flake8_streamlit_security.findings import Finding

    StrPath = str | os.PathLike[str]

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
# ... and what would change how our pathspecs match.
_GIT_PATHSPEC_ENV = (
    "GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
)


class HookError(Exception):
    """The hook cannot run at all: main() prints one line and returns 2."""


# ---------------------------------------------------------------------- arguments


class Options:
    """The parsed command line: ``fix`` and ``filenames``."""

    __slots__ = ("fix", "filenames")

    def __init__(self, fix: bool, filenames: list[str]) -> None:
        self.fix = fix
        self.filenames = filenames


class ArgSpec:
    """A hook's command line: an optional ``--fix`` and file names.

    The common command lines (file names, ``--fix`` first) are parsed
    directly; anything else -- ``--help``, ``--``, an unknown or abbreviated
    option, a name starting with ``-`` -- goes through argparse, built exactly
    as it always was, so its messages and exit codes are argparse's own.
    """

    def __init__(
        self, prog: str, description: str, filenames_help: str, fix_help: str | None = None
    ) -> None:
        self.prog = prog
        self.description = description
        self.filenames_help = filenames_help
        self.fix_help = fix_help

    def parse_args(self, argv: Sequence[str] | None = None) -> Options:
        args = list(sys.argv[1:] if argv is None else argv)
        fix = False
        rest = args
        if self.fix_help is not None and args[:1] == ["--fix"]:
            fix, rest = True, args[1:]
        if not any(arg.startswith("-") for arg in rest):
            return Options(fix, rest)
        ns = self.argparser().parse_args(args)
        return Options(bool(getattr(ns, "fix", False)), list(ns.filenames))

    def argparser(self) -> argparse.ArgumentParser:
        import argparse

        class _Parser(argparse.ArgumentParser):
            """argparse that reports bad arguments as a one-line HookError."""

            def error(self, message: str) -> NoReturn:
                raise HookError(message)

        parser = _Parser(prog=self.prog, description=self.description)
        if self.fix_help is not None:
            parser.add_argument("--fix", action="store_true", help=self.fix_help)
        parser.add_argument("filenames", nargs="*", help=self.filenames_help)
        return parser


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


def exit_now(code: int) -> NoReturn:
    """End the hook's process with ``code`` once its output is flushed, without
    the interpreter's teardown: freeing every module and object one by one took
    about a tenth of a hook's run (~10 ms), for a process about to end anyway.
    Only the console scripts end this way; :func:`run_main` returns as usual."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing to save
            pass
    os._exit(code)


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


# git runs through os.posix_spawnp where there is one: importing subprocess
# (signal, threading, selectors, locale ...) costs more than a git call.
_SPAWN = hasattr(os, "posix_spawnp") and hasattr(os, "POSIX_SPAWN_DUP2")
_SIGPIPE, _SIGXFSZ, _SIGKILL = 13, 25, 9  # overwritten below from _signal when known
try:
    import _signal  # type: ignore[import-not-found]  # builtin: no import cost

    _SIGPIPE = _signal.SIGPIPE
    _SIGXFSZ = getattr(_signal, "SIGXFSZ", _SIGPIPE)
    _SIGKILL = _signal.SIGKILL
except (ImportError, AttributeError):  # pragma: no cover - not POSIX
    _SPAWN = False


class GitRun:
    """A git command started in the background; :meth:`result` waits for it.

    Runs ``git -C <cwd> ...`` with stdout and stderr captured (and ``stdin``
    fed), like ``subprocess.run(..., capture_output=True)`` with the child's
    SIGPIPE and SIGXFSZ back to their defaults.
    """

    def __init__(
        self,
        args: Sequence[str],
        cwd: StrPath,
        *,
        env: Mapping[str, str] | None = None,
        stdin: bytes | None = None,
    ) -> None:
        self.args = list(args)
        self.stdin = stdin
        self._done: tuple[int, bytes, bytes] | None = None
        environ = dict(env) if env is not None else git_env()
        self._popen: Any = None  # subprocess.Popen where there is no posix_spawn
        try:
            if _SPAWN:
                self._spawn(["git", "-C", os.fspath(cwd), *args], environ)
            else:  # pragma: no cover - Windows
                import subprocess

                self._popen = subprocess.Popen(
                    ["git", *args], cwd=cwd, env=environ,
                    stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                )
        except FileNotFoundError:
            raise HookError("git is not installed or not on PATH") from None
        except OSError as exc:
            raise HookError(f"cannot run git ({exc.strerror})") from None

    def _spawn(self, argv: list[str], environ: dict[str, str]) -> None:
        r_out, w_out = os.pipe()
        r_err, w_err = os.pipe()
        if self.stdin is not None:
            r_in, w_in = os.pipe()
        else:
            r_in, w_in = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC), -1
        child_ends = (r_in, w_out, w_err)
        try:
            if min(child_ends) < 3:  # pragma: no cover - our own 0/1/2 were closed
                raise OSError(errno.EBADF, "standard streams closed")
            self.pid = os.posix_spawnp(
                "git", argv, environ,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, r_in, 0),
                    (os.POSIX_SPAWN_DUP2, w_out, 1),
                    (os.POSIX_SPAWN_DUP2, w_err, 2),
                ],
                setsigdef=(_SIGPIPE, _SIGXFSZ),
            )
        except BaseException:
            for fd in (r_out, r_err, w_in, *child_ends):
                if fd >= 0:
                    os.close(fd)
            raise
        for fd in child_ends:
            os.close(fd)
        self._fds = (r_out, r_err, w_in)

    def _communicate(self) -> tuple[int, bytes, bytes]:
        if self._done is not None:
            return self._done
        if self._popen is not None:  # pragma: no cover - Windows
            out, err = self._popen.communicate(self.stdin)
            self._done = (self._popen.returncode, out, err)
            return self._done
        import select

        r_out, r_err, w_in = self._fds
        chunks: dict[int, list[bytes]] = {r_out: [], r_err: []}
        poller = select.poll()
        poller.register(r_out, select.POLLIN)
        poller.register(r_err, select.POLLIN)
        open_fds = {r_out, r_err}
        data = memoryview(self.stdin or b"")
        if w_in >= 0:
            if data:
                os.set_blocking(w_in, False)
                poller.register(w_in, select.POLLOUT)
                open_fds.add(w_in)
            else:
                os.close(w_in)
        try:
            while open_fds:
                for fd, _event in poller.poll():
                    if fd == w_in:
                        try:
                            data = data[os.write(fd, data[:65536]):]
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            data = data[:0]
                        if not data:
                            poller.unregister(fd)
                            open_fds.discard(fd)
                            os.close(fd)
                        continue
                    chunk = os.read(fd, 65536)
                    if chunk:
                        chunks[fd].append(chunk)
                    else:
                        poller.unregister(fd)
                        open_fds.discard(fd)
                        os.close(fd)
        finally:
            for fd in open_fds:
                os.close(fd)
            _pid, status = os.waitpid(self.pid, 0)
        self._done = (
            os.waitstatus_to_exitcode(status), b"".join(chunks[r_out]), b"".join(chunks[r_err])
        )
        return self._done

    def result(self, ok: Iterable[int] = (0,)) -> bytes:
        """stdout; raise HookError when git exits with a code not in ``ok``."""
        returncode, out, err = self._communicate()
        if returncode not in tuple(ok):
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise HookError(
                f"git {self.args[0]} failed: {detail[-1] if detail else returncode}"
            )
        return out

    def returncode(self) -> tuple[int, bytes]:
        returncode, out, _err = self._communicate()
        return returncode, out

    def cancel(self) -> None:
        """Stop a run whose answer is not needed after all."""
        if self._done is not None:
            return
        try:
            if self._popen is not None:  # pragma: no cover - Windows
                self._popen.kill()
            else:
                os.kill(self.pid, _SIGKILL)
        except OSError:  # pragma: no cover - it just ended
            pass
        self.stdin = None
        try:
            self._communicate()
        except OSError:  # pragma: no cover
            pass


def git(
    args: Sequence[str],
    cwd: StrPath,
    *,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    ok: Iterable[int] = (0,),
) -> bytes:
    """Run git, return stdout; raise HookError on failure."""
    return GitRun(args, cwd, env=env, stdin=stdin).result(ok)


def _toplevel(run: GitRun) -> str | None:
    try:
        out = run.result()
    except HookError:
        return None
    top = os.fsdecode(out.rstrip(b"\n"))
    return top or None


def find_repo_root(cwd: StrPath | None = None) -> str | None:
    """The top of the work tree containing ``cwd``, or None outside a work tree."""
    here = os.getcwd() if cwd is None else cwd
    try:
        run = GitRun(["rev-parse", "--show-toplevel"], here)
    except HookError:
        return None
    return _toplevel(run)


def split_z(out: bytes) -> list[str]:
    """git's ``-z`` output as paths (decoded at once: NUL never occurs inside
    a character of the file system encoding)."""
    return [p for p in os.fsdecode(out).split("\0") if p]


# Tracked files, untracked files and (as "dir/") folders holding nothing tracked,
# each tagged: "? " untracked, "H " (or "S ", "M " ...) tracked.
_LS_EVERYTHING = ("ls-files", "-z", "-t", "--cached", "--others", "--directory")


class RepoStart:
    """The repository root, its tracked files and its ``.streamlit`` folders,
    asked for at once.

    ``git rev-parse --show-toplevel`` and ``git ls-files -t --cached --others
    --directory`` (every path git sees, tagged tracked or not: for
    :meth:`tracked` and :meth:`streamlit_dirs`), plus the ``extra`` commands
    (name -> (arguments, environment or None)), start together in the current
    folder and run on the other core while the hook imports and reads; when
    that folder is the top of the work tree (pre-commit runs hooks there)
    their answers are used as they are, otherwise they run again at the root.
    """

    def __init__(
        self,
        cwd: str | None = None,
        extra: Mapping[str, tuple[Sequence[str], Mapping[str, str] | None]] | None = None,
    ) -> None:
        self.cwd = os.getcwd() if cwd is None else cwd
        try:
            toplevel: GitRun | None = GitRun(["rev-parse", "--show-toplevel"], self.cwd)
        except HookError:  # git is missing: as outside a repository
            toplevel = None
        runs: dict[str, tuple[Sequence[str], Mapping[str, str] | None]] = {
            "listing": (_LS_EVERYTHING, None), **(extra or {})
        }
        self._runs: dict[str, tuple[Sequence[str], Mapping[str, str] | None, GitRun | None]] = {}
        for name, (args, env) in runs.items():
            try:
                run: GitRun | None = GitRun(args, self.cwd, env=env) if toplevel else None
            except HookError:
                run = None
            self._runs[name] = (args, env, run)
        self._toplevel = toplevel
        self._root: str | None = None
        self._at_root = False
        self._listing: bytes | None = None
        self._nul_listing: bytes | None = None

    @property
    def root(self) -> str | None:
        """The top of the work tree (None outside one): waits for git."""
        if self._toplevel is not None:
            self._root = _toplevel(self._toplevel)
            self._toplevel = None
            self._at_root = self._root is not None and _same_dir(self._root, self.cwd)
        return self._root

    def listing(self) -> bytes:
        """git's tagged listing of the work tree (run at the root); HookError
        when git could not list it."""
        if self._listing is None:
            self._listing = self.output("listing")
        return self._listing

    def tracked(self) -> list[str]:
        """Paths in the index (tracked or staged), POSIX, relative to the root."""
        return [path[2:] for path in split_z(self.listing()) if path[:2] != "? "]

    def tracked_with(self, parts: Sequence[str]) -> set[str]:
        """The tracked paths holding one of ``parts`` (lower case ASCII) in any
        case: found in git's listing with ``find``, without decoding every path
        (bytes.lower changes ASCII letters only, so offsets stay)."""
        blob = self._entries()
        found = entries_with(blob, [os.fsencode(part) for part in parts], blob.lower())
        return {os.fsdecode(entry[2:]) for entry in found if entry[:2] != b"? "}

    def is_tracked(self, rel: str) -> bool:
        """Whether the listing holds ``rel`` (POSIX, relative to the root) as tracked."""
        path = os.fsencode(rel)
        return any(entry[2:] == path and entry[:2] != b"? "
                   for entry in entries_with(self._entries(), [b" " + path + b"\0"]))

    def _entries(self) -> bytes:
        """The listing with a NUL before its first entry, as entries_with takes it."""
        if self._nul_listing is None:
            self._nul_listing = b"\0" + self.listing()
        return self._nul_listing

    def streamlit_dirs(self, top: str) -> list[str]:
        """:func:`find_streamlit_dirs` of ``top`` (the root, or the current
        folder outside a repository); at the root, from git's listing."""
        if top == self.root:
            try:
                listing = self.listing()
            except HookError:  # git could not list: walk instead
                return find_streamlit_dirs(top)
            return streamlit_dirs_in_listing(top, listing)
        return find_streamlit_dirs(top)

    def run(self, name: str) -> GitRun | None:
        """The command, running at the root; None if it was not asked for."""
        if name not in self._runs:
            return None
        root = self.root
        assert root is not None
        args, env, run = self._runs.pop(name)
        if run is not None and not self._at_root:
            run.cancel()
            run = None
        return run if run is not None else GitRun(args, root, env=env)

    def output(self, name: str, ok: Iterable[int] = (0,)) -> bytes:
        """The command's output (run at the root); HookError when it failed."""
        run = self.run(name)
        if run is None:  # pragma: no cover - a programming error
            raise HookError(f"{name} was not started")
        return run.result(ok)

    def close(self) -> None:
        """Stop what was not asked for (outside a repository: everything)."""
        for _args, _env, run in self._runs.values():
            if run is not None:
                run.cancel()
        self._runs.clear()


def _same_dir(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def git_bool(root: StrPath, key: str) -> bool:
    try:
        out = git(["config", "--bool", "--get", key], root, ok=(0, 1))
    except HookError:
        return False
    return out.strip() == b"true"


def _empty_git_dir(parent: str) -> str:
    """The smallest git dir git accepts (what ``git init --bare --template=``
    makes, minus its config): no info/exclude, no hooks, nothing to read."""
    git_dir = os.path.join(parent, "git")
    os.makedirs(os.path.join(git_dir, "objects"))
    os.mkdir(os.path.join(git_dir, "refs"))
    with open(os.path.join(git_dir, "HEAD"), "w", encoding="ascii") as fh:
        fh.write("ref: refs/heads/main\n")
    return git_dir


class _TempDir:
    """A private temporary folder (``tempfile.mkdtemp`` without importing
    tempfile, shutil and random on every commit), removed on exit."""

    def __enter__(self) -> str:
        name = "sts-gitignore-" + os.urandom(8).hex()
        bases = [os.environ.get(var) for var in ("TMPDIR", "TEMP", "TMP")]
        for base in [b for b in bases if b] + ["/tmp", "/var/tmp", "/usr/tmp"]:
            path = os.path.abspath(os.path.join(base, name))
            try:
                os.mkdir(path, 0o700)
            except OSError:
                continue
            self.path = path
            return path
        import tempfile

        self.path = tempfile.mkdtemp(prefix="sts-gitignore-")
        return self.path

    def __exit__(self, *_exc: object) -> None:
        try:  # what _empty_git_dir made, and nothing else
            os.remove(os.path.join(self.path, "git", "HEAD"))
            for sub in ("git/objects", "git/refs", "git", ""):
                os.rmdir(os.path.join(self.path, sub))
        except OSError:
            import shutil

            shutil.rmtree(self.path, ignore_errors=True)


def not_ignored_by_shared_rules(
    root: StrPath, paths: Sequence[str], ignore_case: bool | None = None
) -> set[str]:
    """The ``paths`` that the repository's own ``.gitignore`` files do not ignore.

    Uses git's matching itself (``check-ignore --no-index``: nested files,
    negations, directory patterns), but with a throw-away, empty git dir and
    ``core.excludesFile`` pointing at a missing file, so neither the clone's
    ``.git/info/exclude`` nor the user's global excludes count: teammates
    don't share those.  ``ignore_case`` is the repository's ``core.ignoreCase``
    (read when not given).
    """
    if not paths:
        return set()
    if ignore_case is None:
        ignore_case = git_bool(root, "core.ignoreCase")
    with _TempDir() as tmp:
        try:
            empty_git_dir = _empty_git_dir(tmp)
        except OSError as exc:
            raise HookError(f"cannot create a temporary folder ({exc.strerror})") from None
        env = git_env(GIT_DIR=empty_git_dir, GIT_WORK_TREE=os.fspath(root))
        out = git(
            [
                "-c", f"core.excludesFile={os.path.join(tmp, 'no-excludes')}",
                "-c", f"core.ignoreCase={'true' if ignore_case else 'false'}",
                "check-ignore", "--no-index", "--stdin", "-z",
            ],
            root,
            env=env,
            stdin=b"".join(os.fsencode(p) + b"\0" for p in paths),
            ok=(0, 1),
        )
    ignored = set(split_z(out))
    return {p for p in paths if p not in ignored}


def git_grep_env() -> dict[str, str]:
    env = git_env(LC_ALL="C")
    for name in _GIT_PATHSPEC_ENV:
        env.pop(name, None)
    return env


# ------------------------------------------------------------------- file system


def walk(root: StrPath) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk (as strings) without symlinked folders, heavy folders or virtualenvs."""
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top, onerror=lambda _e: None):
        if "pyvenv.cfg" in filenames and dirpath != top:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        yield dirpath, dirnames, filenames


def find_streamlit_dirs(root: StrPath) -> list[str]:
    """Every ``.streamlit`` folder (or symlink to one) in the work tree.

    What :func:`walk` visits, in its order (sorted, depth first), written as
    one loop over ``os.scandir``: this runs on every commit.
    """
    top = os.fspath(root)
    found: list[str] = []
    join, scandir = os.path.join, os.scandir
    stack = [top]
    while stack:
        here = stack.pop()
        dirs: list[str] = []
        links: set[str] | None = None
        venv = False
        try:
            with scandir(here) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        dirs.append(entry.name)
                        if entry.is_symlink():  # listed, never walked into
                            links = links or set()
                            links.add(entry.name)
                    elif entry.name == "pyvenv.cfg":
                        venv = True
        except OSError:
            continue  # unreadable (os.walk's onerror: skip it)
        if venv and here != top:
            continue
        if not dirs:
            continue
        dirs = sorted(d for d in dirs if d not in SKIP_DIRS)
        if ".streamlit" in dirs:
            found.append(join(here, ".streamlit"))
            dirs.remove(".streamlit")
        for name in reversed(dirs):
            if links is None or name not in links:
                stack.append(join(here, name))
    return found


def streamlit_dirs_in_listing(root: str, listing: bytes) -> list[str]:
    """:func:`find_streamlit_dirs` of the work tree at ``root``, from git's
    ``ls-files -z -t --cached --others --directory`` output (``listing``).

    git lists every tracked and untracked path, and a folder holding nothing
    tracked as one ``dir/`` entry: a ``.streamlit`` folder shows up in a path,
    as such an entry, or (a symlink) as a path of its own.  Only the folders
    git did not look into are walked -- the ``dir/`` entries, except heavy
    folders and virtualenvs as in :func:`find_streamlit_dirs`, and submodules
    named in ``.gitmodules``.  git reads the tree in C on another core while
    the hook starts, so this is much cheaper than walking it in Python.
    Folders that are not on disk (deleted, or outside a sparse checkout) are
    left out; the result is sorted by path components.
    """
    found: set[str] = set()
    unlisted: list[str] = []  # folders git did not look into
    listing = b"\0" + listing  # every entry now starts after a NUL
    for tagged in entries_with(listing, (b".streamlit", b"/\0")):
        raw = tagged[2:]
        collapsed = raw.endswith(b"/")
        rel = os.fsdecode(raw[:-1] if collapsed else raw)
        parts = rel.split("/")
        for i, part in enumerate(parts):
            if part in SKIP_DIRS:
                break
            if part == ".streamlit":
                found.add("/".join(parts[: i + 1]))
                break
        else:
            if collapsed:
                unlisted.append(rel)
    if b" .gitmodules\0" in listing and any(
        entry[2:] == b".gitmodules" for entry in entries_with(listing, (b" .gitmodules\0",))
    ):
        unlisted += _submodule_paths(root)
    venv = _VirtualenvTest(root)
    folders = [
        path
        for path in (os.path.join(root, rel) for rel in found if not venv.inside(rel, 1))
        if os.path.isdir(path)
    ]
    for rel in unlisted:
        if not any(part in SKIP_DIRS for part in rel.split("/")) and not venv.inside(rel):
            folders += find_streamlit_dirs(os.path.join(root, rel))
    return sorted(folders, key=lambda path: path.split(os.sep))


class _VirtualenvTest:
    """Whether a folder is in a virtualenv below the root (a folder holding
    ``pyvenv.cfg``), which :func:`find_streamlit_dirs` never walks into."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._known: dict[str, bool] = {}

    def inside(self, rel: str, skip_last: int = 0) -> bool:
        """``rel`` or a folder above it (but the root, and but its last
        ``skip_last`` parts) holds ``pyvenv.cfg``."""
        parts = rel.split("/")
        for end in range(1, len(parts) + 1 - skip_last):
            folder = "/".join(parts[:end])
            known = self._known.get(folder)
            if known is None:
                known = self._known[folder] = os.path.lexists(
                    os.path.join(self.root, folder, "pyvenv.cfg"))
            if known:
                return True
        return False


def entries_with(blob: AnyStr, parts: Sequence[AnyStr], find_in: AnyStr | None = None,
                 ) -> set[AnyStr]:
    """The NUL-separated entries of ``blob`` (which starts with a NUL) that
    contain one of ``parts``, found with ``find`` over the whole blob instead
    of a Python loop over thousands of entries.  ``find_in`` is searched
    instead of ``blob`` when given: ``blob.lower()`` of an ASCII blob, to
    match regardless of case."""
    sep = blob[:1]
    haystack = blob if find_in is None else find_in
    entries = set()
    for part in parts:
        at = haystack.find(part)
        while at != -1:
            start = blob.rfind(sep, 0, at) + 1
            end = blob.find(sep, at + len(part.rstrip(sep)))
            entries.add(blob[start:end] if end != -1 else blob[start:])
            at = haystack.find(part, at + 1)
    entries.discard(blob[:0])
    return entries


def paths_with(paths: Iterable[str], parts: Sequence[str]) -> list[str]:
    """The ``paths`` holding one of ``parts`` (lower case) in any case,
    sorted: :func:`entries_with` over all of them at once."""
    paths = list(paths)
    blob = "\0" + "\0".join(paths) + "\0"
    if not blob.isascii():  # lower() keeps offsets only for ASCII
        return sorted(path for path in paths if any(part in path.lower() for part in parts))
    return sorted(entries_with(blob, parts, blob.lower()))


def _submodule_paths(root: str) -> list[str]:
    """The submodule paths ``.gitmodules`` names (git reads it)."""
    try:
        out = git(
            ["config", "-z", "--file", ".gitmodules", "--get-regexp", r"^submodule\..*\.path$"],
            root, ok=(0, 1),
        )
    except HookError:
        return []
    paths = []
    for entry in out.split(b"\0"):
        _key, _newline, value = entry.partition(b"\n")
        rel = os.fsdecode(value).strip("/")
        if rel and not rel.startswith("../") and "/../" not in f"/{rel}/":
            paths.append(rel)
    return paths


def path_exists(path: StrPath) -> bool:
    """``pathlib.Path.exists``: False for a missing path (or a symlink loop),
    other errors (permission denied) raised."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    except ValueError:
        return False
    return True


def file_key(path: StrPath) -> tuple[int, int] | None:
    """What identifies the file ``path`` leads to (through symlinks), or None
    when it cannot be stat()ed: one system call, where ``os.path.realpath``
    makes one per path component."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def normalize_posix(path: str) -> str:
    """``str(PurePosixPath(path))``: no empty or ``.`` parts, no trailing slash."""
    if path.startswith("/"):
        stripped = path.lstrip("/")
        anchor = "//" if len(path) - len(stripped) == 2 else "/"
    else:
        stripped, anchor = path, ""
    parts = [p for p in stripped.split("/") if p and p != "."]
    return anchor + "/".join(parts) if (anchor or parts) else "."


def rel_posix(path: StrPath, root: StrPath) -> str:
    """``path`` relative to ``root`` as a POSIX string (as given when outside)."""
    path = os.fspath(path)
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # pragma: no cover - another drive on Windows
        return _as_posix(path)
    if rel == ".." or rel.startswith(".." + os.sep):
        return _as_posix(path)
    if os.sep != "/":  # pragma: no cover
        rel = rel.replace(os.sep, "/")
    return normalize_posix(rel)


def _as_posix(path: str) -> str:
    if os.sep != "/":  # pragma: no cover
        from pathlib import Path

        return Path(path).as_posix()
    return normalize_posix(path)


class Text:
    """A file's text, or why it could not be read (with a 1-based position)."""

    __slots__ = ("text", "problem", "line", "col")

    def __init__(
        self, text: str | None, problem: str | None = None, line: int = 1, col: int = 0
    ) -> None:
        self.text = text
        self.problem = problem
        self.line = line
        self.col = col


_NOT_A_FILE = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
    (stat.S_ISCHR, "a device, not a file"),
    (stat.S_ISBLK, "a device, not a file"),
)
_O_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    for test, problem in _NOT_A_FILE:
        if test(mode):
            return problem
    return "not a regular file"


def open_regular(path: StrPath) -> BinaryIO | _NotAFile:
    """``path`` opened for binary reading if it is a regular file, else a
    context manager giving None.  Opened non-blocking and checked once open,
    so a FIFO (or one swapped in) never blocks the hook."""
    fd = os.open(path, _O_READ)
    try:
        problem = _not_a_file(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    if problem is not None:
        os.close(fd)
        return _NotAFile(problem)
    return open(fd, "rb")


class _NotAFile:
    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


def _read_regular(path: StrPath, limit: int) -> bytes | _NotAFile:
    """Up to ``limit`` bytes of ``path`` if it is a regular file (checked as
    :func:`open_regular` does), read with plain system calls: no buffered
    file object, no ``limit``-sized buffer for a file of a few hundred bytes."""
    fd = os.open(path, _O_READ)
    try:
        st = os.fstat(fd)
        problem = _not_a_file(st.st_mode)
        if problem is not None:
            return _NotAFile(problem)
        chunks = []
        size = 0
        while size < limit:
            chunk = os.read(fd, min(limit - size, max(st.st_size + 1, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: StrPath) -> Text:
    """Read a UTF-8 text file; binary, non-UTF-8 and unreadable files get a problem.

    Only regular files are read: a FIFO, socket or device in place of a
    settings file is a problem, never a read that blocks.
    """
    try:
        problem = _not_a_file(os.stat(path).st_mode)
        if problem is not None:
            return Text(None, problem)
        data = _read_regular(path, MAX_FILE_BYTES + 1)
        if isinstance(data, _NotAFile):
            return Text(None, data.problem)
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


class TomlError:
    __slots__ = ("line", "col", "message")

    def __init__(self, line: int, col: int, message: str) -> None:
        self.line = line  # 1-based
        self.col = col  # 0-based
        self.message = message


_AT_POSITION = r"\s*\(?at line (\d+),? col(?:umn)? (\d+)\)?\.?\s*$"
_QUOTED = r"""(['"])(?:(?!\1).){4,}\1|: *(['"]).*?\2"""


def _clean_error(message: str) -> str:
    """An error message without positions or quoted file content."""
    message = re.sub(_AT_POSITION, "", message)
    message = re.sub(_QUOTED, "", message)
    message = " ".join(message.split()).rstrip(".:")
    return message or "syntax error"


def import_toml_parser() -> None:
    """Import ``tomllib`` now: with the ``typing`` and ``datetime`` it imports
    it is the biggest import of a hook (~15 ms), so hooks call this right
    after starting git, to import while git works on the other core."""
    import tomllib  # noqa: F401


def parse_toml(text: str) -> tuple[dict[str, Any] | None, TomlError | None]:
    """The document as plain Python values, or why it is not valid TOML.

    Checked with the standard library's ``tomllib`` (TOML 1.0, what Streamlit
    accepts).  A document it rejects is reported exactly as
    :func:`parse_toml_document` reports it, tomlkit's diagnosis first.
    """
    import tomllib

    try:
        return tomllib.loads(text), None
    except (tomllib.TOMLDecodeError, RecursionError):
        pass
    doc, error = parse_toml_document(text)
    if error is None:  # pragma: no cover - parse_toml_document confirms with tomllib
        return plain(doc) if doc is not None else {}, None
    return None, error


def parse_toml_document(text: str) -> tuple[TOMLDocument | None, TomlError | None]:
    """Parse with tomlkit (keeps layout for --fix), then confirm with tomllib.

    tomlkit accepts a few documents that TOML 1.0 (and so Streamlit) rejects;
    tomllib's verdict is the stricter one.
    """
    import tomllib

    import tomlkit
    import tomlkit.exceptions

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
# Compiled on first use (re caches them): a run with nothing to locate never
# pays for these.
_HEADER = rf"^[ \t]*\[\[?[ \t]*({_KEY_PATH})[ \t]*\]\]?"
_ASSIGN = rf"^([ \t]*)({_KEY_PATH})[ \t]*=[ \t]*(.*)$"


def _split_key_path(text: str) -> KeyPath:
    import tomllib

    parts = []
    for m in re.finditer(_KEY, text):
        part = m.group(0)
        if part[:1] in "\"'":
            try:
                part = next(iter(tomllib.loads(f"{part} = 0")))
            except (tomllib.TOMLDecodeError, StopIteration):
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class KeyIndex:
    """Where each key and table of a TOML text is (line 1-based, col 0-based).

    The parsers keep no positions, so this reads the lines itself: table
    headers, ``key = value`` lines (dotted keys included), skipping multi-line
    strings.  Keys inside inline tables or arrays resolve to the line of their
    parent.
    """

    __slots__ = ("lines", "where")

    def __init__(
        self, lines: list[str], where: dict[KeyPath, tuple[int, int]] | None = None
    ) -> None:
        self.lines = lines
        self.where: dict[KeyPath, tuple[int, int]] = {} if where is None else where

    @classmethod
    def build(cls, text: str) -> KeyIndex:
        index = cls(text.splitlines())
        header_match, assign_match = re.compile(_HEADER).match, re.compile(_ASSIGN).match
        table: KeyPath = ()
        in_string: str | None = None
        for number, line in enumerate(index.lines, start=1):
            if in_string is not None:
                if in_string in line:
                    in_string = None
                continue
            header = header_match(line)
            if header:
                table = _split_key_path(header.group(1))
                col = len(line) - len(line.lstrip())
                index.where.setdefault(table, (number, col))
                continue
            assign = assign_match(line)
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


class Located:
    """A finding in a file (``path``: POSIX, relative to the repository root)."""

    __slots__ = ("path", "finding")

    def __init__(self, path: str, finding: Finding) -> None:
        self.path = path
        self.finding = finding

    def __repr__(self) -> str:
        return f"Located(path={self.path!r}, finding={self.finding!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Located):
            return NotImplemented
        return (self.path, self.finding) == (other.path, other.finding)

    def __hash__(self) -> int:
        return hash((self.path, self.finding))

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return self.path, self.finding.line, self.finding.col, self.finding.code


def new_finding(
    line: int, col: int, code: str, args: Mapping[str, str], secrets: tuple[str, ...] = ()
) -> Finding:
    """A :class:`~flake8_streamlit_security.findings.Finding` (imported on
    first use: a clean run never needs it)."""
    from flake8_streamlit_security.findings import Finding

    return Finding(line, col, code, args, secrets)


def emit(results: Iterable[Located]) -> int:
    """Print findings in a stable order; return 1 if there were any."""
    results = list(results)
    if not results:
        return 0
    from flake8_streamlit_security.findings import render_hook_line

    lines: dict[str, tuple[str, int, int, str]] = {}
    for result in results:
        lines.setdefault(render_hook_line(result.path, result.finding), result.sort_key)
    # sorted() is stable: findings at one position keep the order they were made in
    for line in sorted(lines, key=lines.__getitem__):
        print(line)
    return 1 if lines else 0
