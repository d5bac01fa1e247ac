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
from pathlib import Path
from typing import Sequence

from flake8_streamlit_security.findings import Finding
from ._common import (
    HookError,
    Located,
    emit,
    find_streamlit_dirs,
    make_parser,
    not_ignored_by_shared_rules,
    rel_posix,
    require_repo_root,
    run_main,
    tracked_files,
)

PROG = "check-streamlit-gitignore"
SECRETS = "secrets.toml"
ROOT_SECRETS = ".streamlit/secrets.toml"
ANY_SECRETS_PATTERN = "**/.streamlit/secrets.toml"

_IMPORTS_STREAMLIT = re.compile(
    rb"^[ \t]*(?:from[ \t]+streamlit(?:\.[\w.]+)?[ \t]+import\b"
    rb"|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*streamlit\b)",
    re.MULTILINE,
)
_ENV_TEMPLATE = re.compile(r"^\.env\.(example|sample|template|dist|defaults?|tmpl|tpl)$", re.I)
_CREDENTIAL_FILE = re.compile(
    r"^(?:\.env(?:\..+)?|.+\.pem|.+\.key|credentials\.json|service[_-]account.*\.json)$",
    re.IGNORECASE,
)
_MAX_PY_BYTES = 2 * 1024 * 1024


def imports_streamlit(root: Path, py_files: Sequence[str]) -> bool:
    for rel in py_files:
        try:
            with open(root / rel, "rb") as fh:
                if _IMPORTS_STREAMLIT.search(fh.read(_MAX_PY_BYTES)):
                    return True
        except OSError:
            continue
    return False


def secrets_candidates(root: Path, tracked: Sequence[str]) -> list[str]:
    """Repo-relative ``secrets.toml`` paths that must be ignored."""
    folders: set[str] = set()
    for path in tracked:
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            if part == ".streamlit":
                folders.add("/".join(parts[: i + 1]))
    for folder in find_streamlit_dirs(root):
        if folder.is_symlink():
            # git stores the link, never files beyond it; what matters is the
            # folder it points to, when that is inside this repository.
            target = folder.resolve()
            rel = rel_posix(target, root)
            if target.is_dir() and not rel.startswith("/") and rel != ".":
                folders.add(rel)
            continue
        folders.add(rel_posix(folder, root))
    if ".streamlit" not in folders and imports_streamlit(
        root, [p for p in tracked if p.endswith(".py")]
    ):
        folders.add(".streamlit")
    return sorted(f"{folder}/{SECRETS}" for folder in folders)


def _escape(path: str) -> str:
    """A .gitignore pattern that matches exactly ``path`` (anchored to the root)."""
    escaped = re.sub(r"([\\*?\[\]!# ])", r"\\\1", path)
    return "/" + escaped


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


def append_patterns(gitignore: Path, patterns: Sequence[str]) -> bool:
    """Append the ``patterns`` not already in ``gitignore`` (created if missing),
    keeping its bytes; False when there was nothing to add."""
    try:
        existing = gitignore.read_bytes() if gitignore.exists() else b""
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


def check(root: Path, fix: bool) -> int:
    tracked = tracked_files(root)
    candidates = secrets_candidates(root, tracked)
    unignored = sorted(not_ignored_by_shared_rules(root, candidates))
    retv = 0
    if fix and unignored and append_patterns(root / ".gitignore", patterns_for(unignored)):
        print("Fixing .gitignore")
        retv = 1
        unignored = sorted(not_ignored_by_shared_rules(root, candidates))

    results = [
        Located(path, Finding(1, 0, "STS901", {"path": path})) for path in unignored
    ]
    for path in tracked:
        name = path.rsplit("/", 1)[-1]
        if name == SECRETS:
            results.append(Located(path, Finding(1, 0, "STS902", {"path": path})))
        elif _CREDENTIAL_FILE.match(name) and not _ENV_TEMPLATE.match(name):
            if os.path.isdir(root / path):  # a submodule or folder named like one
                continue
            results.append(Located(path, Finding(1, 0, "STS903", {"path": path})))
    return emit(results) | retv


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser(
        PROG,
        "Check that .streamlit/secrets.toml is ignored by the repository's own "
        ".gitignore files and that no secrets or credential files are tracked.",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="append the missing pattern to the root .gitignore (creating it)",
    )
    parser.add_argument("filenames", nargs="*", help="ignored: the hook checks the whole repo")

    def body() -> int:
        args = parser.parse_args(argv)
        return check(require_repo_root(), args.fix)

    return run_main(PROG, body)


if __name__ == "__main__":
    raise SystemExit(main())
