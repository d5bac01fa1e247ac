"""check-streamlit-gitignore: keep Streamlit secrets out of git.

- STS901: a ``.streamlit/secrets.toml`` path that the repository's own
  ``.gitignore`` files would not ignore -- for every ``.streamlit/`` folder
  (tracked, untracked or only on disk) and for the repository root when a
  tracked ``.py`` file imports streamlit.  Per-clone and per-user excludes
  (``.git/info/exclude``, ``core.excludesFile``) don't count: teammates don't
  share them.  ``--fix`` appends the pattern to the root ``.gitignore``.
- STS902: a ``secrets.toml`` that is tracked or staged.
- STS903: other credential files that are tracked (``.env``, ``*.pem``,
  ``*.key``, ``credentials.json``, ``service_account*.json``).
"""
from __future__ import annotations

import os
import re

from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.vocab import STREAMLIT_IMPORT_PATTERN

from ._common import (
    ArgSpec,
    GitRun,
    HookError,
    Located,
    RepoStart,
    emit,
    exit_now,
    find_streamlit_dirs,
    git_grep_env,
    new_finding,
    not_ignored_by_shared_rules,
    open_regular,
    path_exists,
    paths_with,
    rel_posix,
    run_main,
    split_z,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Iterable, NoReturn, Sequence

PROG = "check-streamlit-gitignore"
SECRETS = "secrets.toml"
ROOT_SECRETS = ".streamlit/secrets.toml"
ANY_SECRETS_PATTERN = "**/.streamlit/secrets.toml"

# The plugin's own test of "imports Streamlit" (its public API), on bytes.
_IMPORTS_STREAMLIT = re.compile(STREAMLIT_IMPORT_PATTERN.encode())
_ENV_TEMPLATE = LazyRe(r"^\.env\.(example|sample|template|dist|defaults?|tmpl|tpl)$", re.I)
_CREDENTIAL_FILE = LazyRe(
    r"^(?:\.env(?:\..+)?|.+\.pem|.+\.key|credentials\.json|service[_-]account.*\.json)$",
    re.IGNORECASE,
)
_MAX_PY_BYTES = 2 * 1024 * 1024


def _imports_streamlit_file(path: str) -> bool:
    try:
        with open_regular(path) as fh:
            return fh is not None and bool(_IMPORTS_STREAMLIT.search(fh.read(_MAX_PY_BYTES)))
    except OSError:
        return False


# Where a Streamlit app's entry point usually is: read these first.
_LIKELY_APP_NAMES = frozenset({"streamlit_app.py", "app.py", "main.py", "Home.py"})


def imports_streamlit(
    root: str, py_files: Sequence[str], app_dirs: Iterable[str] = ()
) -> bool:
    """Whether one of the tracked ``py_files`` (as they are in the work tree)
    imports streamlit.

    The likely files are read first (next to a ``.streamlit`` folder in
    ``app_dirs``, usual entry-point names, ``pages/``); if none imports it,
    ``git grep`` narrows the rest down to the files that mention
    ``streamlit`` at all, each then read as before.  git does not follow
    symlinks, so tracked symlinks are read too; if git grep fails, every
    file is read.
    """
    if not py_files:
        return False
    dirs = set(app_dirs)
    likely = []
    for rel in py_files:
        folder, _slash, name = rel.rpartition("/")
        if folder in dirs or name in _LIKELY_APP_NAMES or folder.rpartition("/")[2] == "pages":
            likely.append(rel)
    for rel in likely:
        if _imports_streamlit_file(os.path.join(root, rel)):
            return True
    checked = set(likely)
    grep = start_grep(root)
    rc, out = grep.returncode() if grep is not None else (2, b"")
    if rc not in (0, 1):
        return any(
            _imports_streamlit_file(os.path.join(root, rel))
            for rel in py_files
            if rel not in checked
        )
    wanted = set(py_files) - checked
    for rel in split_z(out):
        if rel in wanted and _imports_streamlit_file(os.path.join(root, rel)):
            return True
    return any(
        os.path.islink(path) and _imports_streamlit_file(path)
        for path in (os.path.join(root, rel) for rel in py_files if rel not in checked)
    )


def start_grep(root: str) -> GitRun | None:
    """``git grep`` for tracked ``.py`` files that mention streamlit."""
    try:
        return GitRun(_GREP, root, env=git_grep_env())
    except HookError:
        return None


def secrets_candidates(
    root: str, tracked: Sequence[str], streamlit_dirs: Sequence[str] | None = None
) -> list[str]:
    """Repo-relative ``secrets.toml`` paths that must be ignored.

    ``streamlit_dirs``: :func:`find_streamlit_dirs` of ``root`` (found here
    when not given).
    """
    folders: set[str] = set()
    for path in tracked:
        if ".streamlit/" not in path:
            continue
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            if part == ".streamlit":
                folders.add("/".join(parts[: i + 1]))
    if streamlit_dirs is None:
        streamlit_dirs = find_streamlit_dirs(root)
    for folder in streamlit_dirs:
        if os.path.islink(folder):
            # git stores the link, never files beyond it; what matters is the
            # folder it points to, when that is inside this repository.
            target = os.path.realpath(folder)
            rel = rel_posix(target, root)
            if os.path.isdir(target) and not rel.startswith("/") and rel != ".":
                folders.add(rel)
            continue
        folders.add(rel_posix(folder, root))
    if ".streamlit" not in folders:
        app_dirs = {folder.rpartition("/")[0] for folder in folders}
        if imports_streamlit(root, [p for p in tracked if p.endswith(".py")], app_dirs):
            folders.add(".streamlit")
    return sorted(f"{folder}/{SECRETS}" for folder in folders)


def _escape(path: str) -> str:
    """A .gitignore pattern that matches exactly ``path`` (anchored to the root)."""
    escaped = re.sub(r"([\\*?\[\]!# ])", r"\\\1", path)
    return "/" + escaped


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def patterns_for(unignored: Sequence[str]) -> list[str]:
    if not unignored:
        return []
    if all(p == ROOT_SECRETS for p in unignored):
        return [ROOT_SECRETS]
    patterns = []
    if any(p.endswith("/" + ROOT_SECRETS) or p == ROOT_SECRETS for p in unignored):
        patterns.append(ANY_SECRETS_PATTERN)
    patterns += [
        _escape(p) for p in unignored if not (p == ROOT_SECRETS or p.endswith("/" + ROOT_SECRETS))
    ]
    return patterns


def append_patterns(gitignore: str, patterns: Sequence[str]) -> bool:
    """Append the ``patterns`` not already in ``gitignore`` (created if missing),
    keeping its bytes; False when there was nothing to add."""
    try:
        existing = _read_bytes(gitignore) if path_exists(gitignore) else b""
    except OSError as exc:
        raise HookError(f"cannot read .gitignore ({exc.strerror})") from None
    present = {line.strip() for line in existing.decode("utf-8", "replace").splitlines()}
    patterns = [p for p in patterns if p not in present]
    if not patterns:
        return False
    newline = b"\r\n" if b"\r\n" in existing else b"\n"
    addition = b"" if not existing or existing.endswith(b"\n") else newline
    addition += b"".join(p.encode("utf-8") + newline for p in patterns)
    try:
        with open(gitignore, "ab") as fh:
            fh.write(addition)
    except OSError as exc:
        raise HookError(f"cannot write .gitignore ({exc.strerror})") from None
    return True


_GREP = ("grep", "-l", "-z", "--text", "-F", "-e", "streamlit", "--", "*.py")
_IGNORE_CASE = ("config", "--bool", "--get", "core.ignoreCase")


def check(root: str, fix: bool, start: RepoStart | None = None) -> int:
    if start is None:
        start = RepoStart(cwd=root, extra=_EARLY_RUNS)
    tracked = start.tracked()
    results = committed_credentials(root, tracked)
    candidates = secrets_candidates(root, tracked, start.streamlit_dirs(root))
    try:
        case = start.output("ignore_case", ok=(0, 1)).strip() == b"true"
    except HookError:
        case = False
    unignored = sorted(not_ignored_by_shared_rules(root, candidates, case))
    retv = 0
    if fix and unignored and append_patterns(
        os.path.join(root, ".gitignore"), patterns_for(unignored)
    ):
        print("Fixing .gitignore")
        retv = 1
        unignored = sorted(not_ignored_by_shared_rules(root, candidates, case))

    results += [
        Located(path, new_finding(1, 0, "STS901", {"path": path})) for path in unignored
    ]
    return emit(results) | retv


# Every name STS902/STS903 is about holds one of these (lower case).
_CREDENTIAL_PARTS = (SECRETS, ".env", ".pem", ".key", "credentials.json", "account")


def committed_credentials(root: str, tracked: Sequence[str]) -> list[Located]:
    """STS902 for tracked secrets.toml files, STS903 for other credential files."""
    results = []
    for path in paths_with(tracked, _CREDENTIAL_PARTS):  # a str.find, not a loop
        name = path.rsplit("/", 1)[-1]
        if name == SECRETS:
            results.append(Located(path, new_finding(1, 0, "STS902", {"path": path})))
        elif _CREDENTIAL_FILE.match(name) and not _ENV_TEMPLATE.match(name):
            if os.path.isdir(os.path.join(root, path)):  # a submodule or folder named like one
                continue
            results.append(Located(path, new_finding(1, 0, "STS903", {"path": path})))
    return results


# Started with ``git rev-parse`` and ``git ls-files``: the repository's core.ignoreCase.
_EARLY_RUNS = {"ignore_case": (_IGNORE_CASE, None)}


ARGS = ArgSpec(
    PROG,
    "Check that .streamlit/secrets.toml is ignored by the repository's own "
    ".gitignore files and that no secrets or credential files are tracked.",
    filenames_help="ignored: the hook checks the whole repo",
    fix_help="append the missing pattern to the root .gitignore (creating it)",
)


def main(argv: Sequence[str] | None = None) -> int:
    def body() -> int:
        args = ARGS.parse_args(argv)
        start = RepoStart(extra=_EARLY_RUNS)
        try:
            if start.root is None:
                raise HookError("not inside a git repository (run it from a git work tree)")
            return check(start.root, args.fix, start)
        finally:
            start.close()

    return run_main(PROG, body)


def console_main() -> NoReturn:
    """The ``check-streamlit-gitignore`` command: :func:`main`, then the process ends at once."""
    exit_now(main())


if __name__ == "__main__":
    console_main()
