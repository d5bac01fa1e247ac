"""check-streamlit-gitignore: keep Streamlit secrets out of git.

- STS901: a ``.streamlit/secrets.toml`` path that the repository's own
  ``.gitignore`` files would not ignore -- for every ``.streamlit/`` folder
  (tracked, untracked or only on disk) and for the repository root when a
  tracked ``.py`` file imports streamlit and reads ``st.secrets``.  Per-clone
  and per-user excludes (``.git/info/exclude``, ``core.excludesFile``) don't
  count: teammates don't share them.  ``--fix`` appends the pattern to the
  root ``.gitignore``.
- STS902: a ``secrets.toml`` that is tracked or staged.
- STS903: other credential files that are tracked: ``*.pem``, ``*.key``,
  ``credentials.json``, ``service_account*.json`` by their name, and ``.env``
  variants (``.env.local``, ``.env_2024``, ``prod.env``) when their content
  holds a secret.  A name ending in ``.template``, ``.example``, ``.sample`` or
  ``.dist`` is a template, never reported.

Vendored code (virtual environments, ``node_modules`` ...) is not the app:
nothing in it is reported or makes the root count.
"""
from __future__ import annotations

import os
import re
import stat
from typing import Collection, Container, NamedTuple, NoReturn, Sequence

from flake8_streamlit_security import secretscan
from flake8_streamlit_security.findings import Finding, printable_path
from flake8_streamlit_security.vocab import (
    ENV_SECRET_WORDS, STREAMLIT_IMPORT_PATTERN, is_indirection, is_placeholder, is_secret_like,
    url_password,
)

from . import cli, git
from .files import not_a_file, open_regular, rel_posix
from .streamlit_dirs import Vendored, find_streamlit_dirs

PROG = "check-streamlit-gitignore"
SECRETS = "secrets.toml"
ROOT_SECRETS = ".streamlit/secrets.toml"
ANY_SECRETS_PATTERN = "**/.streamlit/secrets.toml"

# The plugin's own test of "imports Streamlit" (its public API), on bytes.
_IMPORTS_STREAMLIT = re.compile(STREAMLIT_IMPORT_PATTERN.encode())
# ... and of reading its secrets: ``st.secrets``, ``streamlit.secrets``,
# ``from streamlit import secrets`` -- in code, not in a comment.
_READS_SECRETS = re.compile(
    rb"^[^#\n]*?\.[ \t]*secrets\b|^[ \t]*from[ \t]+streamlit[ \t]+import\b[^\n#]*\bsecrets\b",
    re.M)
# A template of a credential file: never holds real values, never reported.
# (re.S: a file name may hold a newline.)
_TEMPLATE = re.compile(
    r"\.(?:template|example|sample|dist|defaults?|tmpl|tpl)$"
    r"|^(?:template|example|sample|dist|defaults?)[._-]", re.I | re.S)
_ENV_FILE = re.compile(
    r"^(?:\.env(?:[._-].+)?|.+\.env|env\.(?:local|prod|production|dev|development|staging))$",
    re.I | re.S)
_CREDENTIAL_FILE = re.compile(
    r"^(?:.+\.pem|.+\.key|credentials\.json|service[_-]account.*\.json"
    # beside RULES.md's list: key stores and password files (measured on public apps)
    r"|.+\.pfx|.+\.p12|id_rsa|id_ed25519|\.htpasswd|\.pgpass|\.netrc)$", re.I | re.S,
)
# A key file whose name says it holds public material: a salt (public by design), a
# public key.  Nothing to rotate.
_PUBLIC_KEY_FILE = re.compile(r"(?:^|[._-])(?:salt|public|pub)[._-](?:.*[._-])?(?:key|pem)$",
                              re.I | re.S)
# A JSON file renamed from a cloud provider's key download (``myapp-firebase.json``,
# ``gcp-sa.json``): reported when it holds a private key (read only for these names).
_KEY_JSON_NAME = re.compile(
    r"(?:^|[._-])(?:firebase|adminsdk|gcp|gcloud|service|sa|credentials?|creds|keys?|"
    r"secrets?)(?:[._-].*)?\.json$", re.I | re.S)
_PRIVATE_KEY_FIELD = re.compile(rb'"private_key"\s*:\s*"-----BEGIN [A-Z ]*PRIVATE KEY')
_MAX_PY_BYTES = 2 * 1024 * 1024
_MAX_ENV_BYTES = 1024 * 1024


def _reads_streamlit_secrets(path: str) -> bool:
    """Whether the file imports streamlit and reads its secrets."""
    try:
        with open_regular(path) as fh:
            data = fh.read(_MAX_PY_BYTES)
    except OSError:
        return False
    return _IMPORTS_STREAMLIT.search(data) is not None and _READS_SECRETS.search(data) is not None


# Where a Streamlit app's entry point usually is: read these first.
_LIKELY_APP_NAMES = frozenset({"streamlit_app.py", "app.py", "main.py", "Home.py"})


def reads_streamlit_secrets(
    root: str, py_files: Sequence[str], app_dirs: Collection[str] = (),
    vendored: Container[str] = (),
) -> bool:
    """Whether one of the tracked ``py_files`` (as they are in the work tree)
    imports streamlit and reads ``st.secrets`` (RULES.md: only then does the
    repository root need its ``.streamlit/secrets.toml`` ignored).

    The likely files are read first: next to a ``.streamlit`` folder (in
    ``app_dirs``), with an entry point's usual name, or in ``pages/``.  If
    none does, ``git grep`` narrows the rest down to the files that mention
    ``secrets`` at all, each then read; git does not follow
    symlinks, so tracked symlinks are read too; if git grep fails, every file
    is read.  Files in ``vendored`` are not the app: never read (tested only
    for the files about to be read; a repository has many more).
    """
    likely = []
    for rel in py_files:
        folder, _slash, name = rel.rpartition("/")
        if folder in app_dirs or name in _LIKELY_APP_NAMES or folder.rpartition("/")[2] == "pages":
            likely.append(rel)
    if any(rel not in vendored and _reads_streamlit_secrets(os.path.join(root, rel))
           for rel in likely):
        return True
    rest = set(py_files).difference(likely)
    if not rest:
        return False
    mentioning = git.files_mentioning(root, "secrets", "*.py")
    if mentioning is not None:
        rest = {rel for rel in rest
                if rel in mentioning or os.path.islink(os.path.join(root, rel))}
    return any(rel not in vendored and _reads_streamlit_secrets(os.path.join(root, rel))
               for rel in sorted(rest))


def secrets_candidates(
    root: str, tracked: Sequence[str], streamlit_dirs: Sequence[str] | None = None,
    vendored: Vendored | None = None,
) -> list[str]:
    """Repo-relative ``secrets.toml`` paths that must be ignored.

    ``streamlit_dirs``: :func:`find_streamlit_dirs` of ``root`` (found here
    when not given); ``vendored``: the paths in vendored code, left out.
    """
    if vendored is None:
        vendored = Vendored(root, tracked)
    folders: set[str] = set()
    for path in tracked:
        # the name first, then the folders (the vendored test walks them)
        if ".streamlit/" not in path or path in vendored:
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
        code = [p for p in tracked if p.endswith(".py")]
        if reads_streamlit_secrets(root, code, app_dirs, vendored):
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


def append_patterns(gitignore: str, patterns: Sequence[str]) -> bool:
    """Append the ``patterns`` not already in force in ``gitignore`` (created if
    missing), keeping its bytes; False when there was nothing to add.  A pattern
    written before a negation (``!.streamlit/secrets.toml``) is not in force: git
    takes the last pattern that matches, so it is appended again after it."""
    try:
        with open(gitignore, "rb") as fh:
            existing = fh.read()
    except FileNotFoundError:
        existing = b""
    except OSError as exc:
        raise cli.HookError(f"cannot read .gitignore ({exc.strerror})") from None
    lines = [line.strip() for line in existing.decode("utf-8", "replace").splitlines()]
    last_negation = max((i for i, line in enumerate(lines) if line.startswith("!")), default=-1)
    present = set(lines[last_negation + 1:])
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
        raise cli.HookError(f"cannot write .gitignore ({exc.strerror})") from None
    return True


def _join(repo: str, path: str) -> str:
    return f"{repo}/{path}" if repo else path


class Repository(NamedTuple):
    """The repository (the top one, or a submodule at ``rel``) that owns some
    candidate paths (``paths``, relative to it): its own ``.gitignore`` files
    decide, and ``--fix`` writes its root ``.gitignore``."""

    rel: str
    paths: list[str]


def _by_repository(candidates: Sequence[str], submodules: Sequence[str]) -> list[Repository]:
    """``candidates`` grouped by the innermost repository holding each (the top
    one, or one of its ``submodules``)."""
    repos = sorted(submodules, key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for path in candidates:
        owner = next((r for r in repos if path.startswith(r + "/")), "")
        groups.setdefault(owner, []).append(path[len(owner) + 1:] if owner else path)
    return [Repository(rel, paths) for rel, paths in sorted(groups.items())]


def _check_gitignore_files(top: str, paths: Sequence[str]) -> None:
    """HookError when a ``.gitignore`` git would read for ``paths`` is a FIFO,
    socket or device: git would block on it (a FIFO) or fail."""
    folders = {""}
    for path in paths:
        parts = path.split("/")[:-1]
        folders.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    for folder in sorted(folders):
        rel = _join(folder, ".gitignore")
        try:
            mode = os.lstat(os.path.join(top, rel)).st_mode
        except OSError:
            continue
        problem = None if stat.S_ISLNK(mode) else not_a_file(mode)
        if problem is not None:
            raise cli.HookError(
                f"{printable_path(rel)} is {problem}, which git cannot read as ignore "
                "rules (a FIFO makes it wait forever); replace it with a regular file")


def _fix(top: str, shown: str) -> bool:
    """Whether ``--fix`` may append to the ``.gitignore`` at ``top``; says why
    not (git does not read a symlinked ``.gitignore``, wherever it points)."""
    if os.path.islink(os.path.join(top, ".gitignore")):
        cli.note(PROG, f"not fixing {printable_path(shown)}: it is a symlink, which git does "
                 "not read as ignore rules; replace it with a regular file holding its "
                 "patterns, then run --fix again")
        return False
    return True


def check(root: str, fix: bool, output: cli.Report | None = None) -> int:
    """Report (and with ``fix``, append the patterns for) the repository at
    ``root`` and its checked-out submodules."""
    output = output or cli.Report(root=root)
    with output.progress():
        results, retv = find(root, fix)
    return cli.emit(results, output) | retv


def find(root: str, fix: bool) -> tuple[list[cli.Located], int]:
    """The findings, and 1 when ``fix`` changed a ``.gitignore``."""
    tracked, submodules = git.read_index(root)
    vendored = Vendored(root, tracked)
    results = committed_credentials(root, tracked, vendored)
    candidates = secrets_candidates(root, tracked, vendored=vendored)
    retv = 0
    for repo, paths in _by_repository(candidates, submodules):
        top = os.path.join(root, repo)
        _check_gitignore_files(top, paths)
        ignore_case = git.config_bool(top, "core.ignoreCase")
        unignored = git.not_ignored_by_shared_rules(top, paths, ignore_case)
        shown = _join(repo, ".gitignore")
        if fix and unignored and _fix(top, shown) and append_patterns(
            os.path.join(top, ".gitignore"), patterns_for(sorted(unignored))
        ):
            print(f"Fixing {printable_path(shown)}")
            retv = 1
            unignored = git.not_ignored_by_shared_rules(top, paths, ignore_case)
        for path, source in sorted(unignored.items()):
            full = _join(repo, path)
            nested = bool(source) and not source.startswith(".gitignore:")
            remedy = ("add it to .gitignore (--fix does)" if not nested else
                      "a nested .gitignore re-includes it with a '!' pattern; remove that "
                      "line (--fix cannot)")
            finding = Finding(1, 0, "STS901", {"path": printable_path(full), "remedy": remedy})
            results.append(cli.Located(full, finding))
            if nested:
                cli.note(PROG, f"--fix cannot fix {printable_path(full)}: "
                         f"{printable_path(_join(repo, source))} re-includes it with a "
                         "'!' pattern, which the root .gitignore cannot override; "
                         "remove that line")
    return results, retv


def committed_credentials(
    root: str, tracked: Sequence[str], vendored: Vendored | None = None
) -> list[cli.Located]:
    """STS902 for tracked secrets.toml files, STS903 for other credential files
    (a ``.env`` variant only when it holds a secret); none in vendored code."""
    if vendored is None:
        vendored = Vendored(root, tracked)
    results = []
    for path in tracked:
        name = path.rsplit("/", 1)[-1]
        # the name first: most tracked files are none of these, and the vendored test
        # walks the path's folders
        is_env = is_key_json = False
        if name != SECRETS:
            is_env = _ENV_FILE.match(name) is not None
            is_key_json = not is_env and _KEY_JSON_NAME.search(name) is not None and \
                _CREDENTIAL_FILE.match(name) is None
            if not (is_env or is_key_json or _CREDENTIAL_FILE.match(name)) or \
                    _TEMPLATE.search(name):
                continue
        if path in vendored:
            continue
        if name == SECRETS:
            finding = Finding(1, 0, "STS902", {"path": printable_path(path)})
            results.append(cli.Located(path, finding))
            continue
        full = os.path.join(root, path)
        if os.path.isdir(full):  # a submodule or folder named like one
            continue
        if is_env and not env_holds_secret(full):
            continue
        if is_key_json and not holds_private_key(full):
            continue  # a project's own JSON named like a key file: no key inside
        if not is_env and blank(full):
            continue  # an empty key file: nothing to rotate
        if name.lower().endswith(".pem") and only_certificates(full):
            continue  # a public certificate (or a CA bundle): no key to rotate
        if _PUBLIC_KEY_FILE.search(name):
            continue  # salt.key, public.pem: public by design
        results.append(cli.Located(path, Finding(1, 0, "STS903", {"path": printable_path(path)})))
    return results


def holds_private_key(path: str) -> bool:
    """Whether a JSON file holds a service account's private key (``"private_key":
    "-----BEGIN PRIVATE KEY..."``; a file that cannot be read is taken to hold one)."""
    try:
        with open_regular(path) as fh:
            data = fh.read(_MAX_ENV_BYTES)
    except OSError:
        return True
    return _PRIVATE_KEY_FIELD.search(data) is not None


def blank(path: str) -> bool:
    """Whether a file holds nothing but white space (a file that cannot be read
    is taken to hold something)."""
    try:
        with open_regular(path) as fh:
            return not fh.read(_MAX_ENV_BYTES).strip()
    except OSError:
        return False


_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----")


def only_certificates(path: str) -> bool:
    """Whether a ``.pem`` file holds certificates only (``BEGIN CERTIFICATE``, no
    private key block); a file that cannot be read is taken to hold a key."""
    try:
        with open_regular(path) as fh:
            data = fh.read(_MAX_ENV_BYTES)
    except OSError:
        return False
    blocks = {m.group(1) for m in _PEM_BLOCK.finditer(data)}
    return bool(blocks) and all(b in _PUBLIC_PEM_BLOCKS for b in blocks)


_PUBLIC_PEM_BLOCKS = frozenset({b"CERTIFICATE", b"TRUSTED CERTIFICATE", b"X509 CRL",
                                b"CERTIFICATE REQUEST", b"PUBLIC KEY"})


def env_holds_secret(path: str) -> bool:
    """Whether a ``.env`` file holds a secret (docs/rules.md, "When a value is a
    real secret"): a detected credential, or a value that is neither a
    placeholder nor an indirection (``${VAR}``) under a secret-like name.  A
    file that cannot be read is taken to hold one (its name says it may)."""
    try:
        with open_regular(path) as fh:
            data = fh.read(_MAX_ENV_BYTES)
    except OSError:
        return True
    for line in data.decode("utf-8", "replace").splitlines():
        key, value = _env_assignment(line)
        if not value:
            continue
        if secretscan.detect(value, reporting=True) is not None or url_password(value):
            return True  # a credential, or one inside a URL (MONGO_URI=...://u:p@host)
        if is_secret_like(key, ENV_SECRET_WORDS) and not is_placeholder(value) and \
                not is_indirection(value):
            return True
    return False


def _env_assignment(line: str) -> tuple[str, str]:
    """``KEY=value`` of one ``.env`` line (``export``, quotes and a trailing
    comment removed); two empty strings for a comment or a blank line."""
    line = line.strip()
    if not line or line.startswith("#") or "=" not in line:
        return "", ""
    key, _eq, value = line.partition("=")
    key = key.strip().removeprefix("export ").strip()
    value = value.strip()
    if value[:1] in ("'", '"') and value[0] in value[1:]:
        value = value[1:value.index(value[0], 1)]
    else:
        value = value.split(" #", 1)[0].strip()
    return key, value


@cli.reports_errors(PROG)
def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        PROG,
        "Check that .streamlit/secrets.toml is ignored by the repository's own "
        ".gitignore files and that no secrets or credential files are tracked.",
        filenames_help="ignored: the hook checks the whole repo",
        fix_help="append the missing pattern to the root .gitignore (creating it)",
    )
    args = parser.parse_args(argv)
    root = git.repo_root()
    if root is None:
        raise cli.HookError("not inside a git repository (run it from a git work tree)")
    return check(root, args.fix, cli.report(args, root))


def console_main() -> NoReturn:
    """The ``check-streamlit-gitignore`` command."""
    raise SystemExit(main())


if __name__ == "__main__":
    console_main()
