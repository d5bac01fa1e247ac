"""The git commands the hooks run (``subprocess.run``), and what they answer.

Every command runs with git's own location variables removed from the
environment (a git hook sets ``GIT_DIR``, ``GIT_INDEX_FILE`` ...), so it asks
the repository of the folder it runs in.  A command that cannot run or fails
raises :class:`~.cli.HookError`.
"""
from __future__ import annotations

import os
import re
import subprocess
from typing import Collection, Mapping, NamedTuple, Sequence

from .cli import HookError

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


def git_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_ENV}
    env.update(extra)
    return env


def git(
    args: Sequence[str],
    cwd: str,
    *,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    ok: Collection[int] = (0,),
) -> bytes:
    """Run ``git args`` in ``cwd`` and return its stdout; HookError when it
    cannot run or exits with a code not in ``ok``."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=git_env() if env is None else env,
            input=stdin, stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
        )
    except FileNotFoundError:
        raise HookError("git is not installed or not on PATH") from None
    except OSError as exc:
        raise HookError(f"cannot run git ({exc.strerror})") from None
    if proc.returncode not in ok:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HookError(f"git {args[0]} failed: {detail[-1] if detail else proc.returncode}")
    return proc.stdout


def split_z(out: bytes) -> list[str]:
    """git's ``-z`` output as paths."""
    return [p for p in os.fsdecode(out).split("\0") if p]


def repo_root(cwd: str | None = None) -> str | None:
    """The top of the work tree holding ``cwd``; None outside one (or without git)."""
    try:
        out = git(["rev-parse", "--show-toplevel"], os.getcwd() if cwd is None else cwd)
    except HookError:
        return None
    return os.fsdecode(out.rstrip(b"\n")) or None


class Index(NamedTuple):
    """What the repository's index lists."""

    tracked: list[str]
    """Every path in the index (tracked or staged), POSIX, relative to the root,
    sorted; those of checked-out submodules included (``sub/.streamlit/secrets.toml``)."""
    submodules: list[str]
    """The checked-out submodules, nested ones included, as POSIX paths relative
    to the root (each is a repository of its own: its own index and
    ``.gitignore`` files)."""


def tracked_files(root: str) -> list[str]:
    """:attr:`Index.tracked` alone, in one ``git ls-files``."""
    try:
        out = git(["ls-files", "-z", "--recurse-submodules"], root)
    except HookError:  # a submodule git cannot read: the repository's own files
        out = git(["ls-files", "-z"], root)
    return sorted(set(split_z(out)))


def read_index(root: str) -> Index:
    """The :class:`Index` of the repository at ``root``: one ``git ls-files -s``
    when it has no submodule; with submodules, more to list theirs."""
    listing = os.fsdecode(git(["ls-files", "-s", "-z"], root))
    links = _GITLINK.findall("\0" + listing)
    if not links:
        return Index(sorted(set(_PATH.findall(listing))), [])
    return Index(tracked_files(root), _submodules(root, links))


# An entry of ``git ls-files -s -z``: "<mode> <object> <stage>\t<path>\0"; a
# submodule's mode is 160000.
_PATH = re.compile(r"\t([^\x00]*)\x00")
_GITLINK = re.compile(r"\x00160000 [^\t]*\t([^\x00]*)")  # searched in "\0" + listing


def _submodules(root: str, links: Sequence[str], prefix: str = "") -> list[str]:
    """The checked-out submodules among the gitlinks ``links`` of the repository at
    ``root``, and theirs, as paths below ``prefix``."""
    found = []
    for path in links:
        inner_root = os.path.join(root, path)
        if not os.path.exists(os.path.join(inner_root, ".git")):
            continue
        try:
            inner_links = _GITLINK.findall(
                "\0" + os.fsdecode(git(["ls-files", "-s", "-z"], inner_root)))
            inner = _submodules(inner_root, inner_links, f"{prefix}{path}/")
        except HookError:  # not a repository git can read: not checked as one
            continue
        found += [prefix + path, *inner]
    return found


def config_bool(root: str, key: str) -> bool:
    """A boolean setting of the repository (False when unset or unreadable)."""
    try:
        out = git(["config", "--bool", "--get", key], root, ok=(0, 1))
    except HookError:
        return False
    return out.strip() == b"true"


def files_mentioning(root: str, word: str, pathspec: str) -> set[str] | None:
    """The tracked files matching ``pathspec`` whose work-tree text holds
    ``word`` (``git grep``, which does not follow symlinks); None when git
    grep fails."""
    env = git_env(LC_ALL="C")
    for name in _GIT_PATHSPEC_ENV:
        env.pop(name, None)
    try:
        out = git(["grep", "-l", "-z", "--text", "-F", "-e", word, "--", pathspec], root,
                  env=env, ok=(0, 1))
    except HookError:
        return None
    return set(split_z(out))


def not_ignored_by_shared_rules(
    root: str, paths: Sequence[str], ignore_case: bool
) -> dict[str, str]:
    """The ``paths`` that the repository's own ``.gitignore`` files do not
    ignore, each with the ``.gitignore`` line that re-includes it
    (``sub/.gitignore:3``; empty when no pattern matches it).

    Uses git's matching itself (``check-ignore --no-index``: nested files,
    negations, directory patterns), but with a throw-away, empty git dir and
    ``core.excludesFile`` pointing at a missing file, so neither the clone's
    ``.git/info/exclude`` nor the user's global excludes count: teammates
    don't share those.  ``ignore_case``: the repository's ``core.ignoreCase``.
    """
    if not paths:
        return {}
    import tempfile  # only this check needs it

    with tempfile.TemporaryDirectory(prefix="sts-gitignore-") as tmp:
        git_dir = _empty_git_dir(tmp)
        out = git(
            [
                "-c", f"core.excludesFile={os.path.join(tmp, 'no-excludes')}",
                "-c", f"core.ignoreCase={'true' if ignore_case else 'false'}",
                "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n",
            ],
            root,
            env=git_env(GIT_DIR=git_dir, GIT_WORK_TREE=root),
            stdin=b"".join(os.fsencode(p) + b"\0" for p in paths),
            ok=(0, 1),
        )
    fields = os.fsdecode(out).split("\0")
    unignored = {}
    # -v -z: source, line number, pattern, path (the first three empty: no match)
    for i in range(0, len(fields) - 3, 4):
        source, line, pattern, path = fields[i:i + 4]
        if not pattern or pattern.startswith("!"):
            unignored[path] = f"{source}:{line}" if pattern else ""
    return {p: unignored[p] for p in paths if p in unignored}


def _empty_git_dir(parent: str) -> str:
    """The smallest git dir git accepts (no info/exclude, no config, no hooks)."""
    git_dir = os.path.join(parent, "git")
    try:
        os.makedirs(os.path.join(git_dir, "objects"))
        os.mkdir(os.path.join(git_dir, "refs"))
        with open(os.path.join(git_dir, "HEAD"), "w", encoding="ascii") as fh:
            fh.write("ref: refs/heads/main\n")
    except OSError as exc:
        raise HookError(f"cannot create a temporary folder ({exc.strerror})") from None
    return git_dir
