"""check-streamlit-secrets: validate ``.streamlit/secrets.toml`` and its templates.

Reads every ``.streamlit/secrets.toml`` in the work tree itself (an ignored
file is never staged, so pre-commit would never pass it), the committed
templates (``secrets.toml.example``, ``secrets.example.toml``,
``.streamlit/*.toml.template`` ...) and any file it is given.

- STS910 not valid TOML (binary, non-UTF-8, unreadable files too)
- STS911 ``[auth]`` incomplete, as Streamlit validates it
- STS912 ``redirect_uri`` / ``server_metadata_url`` not a safe absolute URL
- STS913 weak ``cookie_secret``
- STS914 placeholder values left in a secrets file
- STS915 real-looking secrets in a committed (tracked) file or a template

Values are never printed: findings name the key (and the detector).
``# pragma: allowlist secret`` (detect-secrets' inline allowlist) on a value's
line silences STS913-STS915 for it.
"""
from __future__ import annotations

import os
import re
from typing import Any, Collection, Literal, NamedTuple, NoReturn, Sequence
from urllib.parse import urlparse

from flake8_streamlit_security import secretscan
from flake8_streamlit_security.findings import Finding
from flake8_streamlit_security.vocab import (
    is_indirection, is_placeholder, is_secret_like, is_template_text,
)

from . import cli, git
from .files import file_key, rel_posix
from .streamlit_dirs import Vendored, find_streamlit_dirs, unreadable
from .tomlfile import KeyPath, TomlFile, dotted, leaves, load

PROG = "check-streamlit-secrets"

Kind = Literal["secrets", "template"]

# Templates: secrets.toml with a template suffix anywhere, and any .toml with
# one of the first four in a .streamlit folder.
_TEMPLATE_NAME = re.compile(
    r"^secrets[._-](?:example|sample|template|dist|tmpl|tpl)\.toml$"
    r"|^secrets\.toml[._-](?:example|sample|template|dist|tmpl|tpl)$",
    re.IGNORECASE,
)
_STREAMLIT_TEMPLATE = re.compile(r"\.toml[._-](?:example|sample|template|dist)$", re.IGNORECASE)

PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
EXPOSABLE_TOKENS = frozenset({"id", "access"})
PROVIDER_TABLE_KEYS = (*PROVIDER_KEYS, "client_kwargs", "expose_tokens")
REQUIRED_AUTH_KEYS = ("redirect_uri", "cookie_secret")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MIN_COOKIE_SECRET = 32
MIN_COOKIE_ENTROPY = 3.0


def is_template_path(rel: str) -> bool:
    """Whether the file at ``rel`` (POSIX) is named like a secrets template."""
    *folders, name = rel.split("/")
    return _TEMPLATE_NAME.match(name) is not None or (
        folders[-1:] == [".streamlit"] and _STREAMLIT_TEMPLATE.search(name) is not None)


class Target(NamedTuple):
    """A file to check: where it is, how to name it, what it is."""

    path: str
    rel: str
    kind: Kind
    tracked: bool


def collect(
    root: str, filenames: Sequence[str], streamlit_dirs: Sequence[str] | None = None,
    tracked: Collection[str] = frozenset(),
) -> list[Target]:
    """The files to check: the ones named, every ``secrets.toml`` in a
    ``.streamlit`` folder, and the tracked templates and ``secrets.toml``
    files (``tracked``: the repository's tracked paths)."""
    targets: dict[object, Target] = {}

    def add(path: str, kind: Kind) -> None:
        rel = rel_posix(path, root)
        key = file_key(path) or rel
        if key not in targets:
            targets[key] = Target(path, rel, kind, rel in tracked)

    for name in filenames:
        path = os.path.normpath(name)
        rel = rel_posix(path, root)
        add(os.path.join(root, rel) if not rel.startswith("/") else path,
            "template" if is_template_path(rel) else "secrets")
    if streamlit_dirs is None:
        streamlit_dirs = find_streamlit_dirs(root)
    for folder in streamlit_dirs:
        candidate = os.path.join(folder, "secrets.toml")
        if os.path.lexists(candidate) or unreadable(folder):
            add(candidate, "secrets")
    vendored = Vendored(root, tracked)
    for rel in sorted(tracked):
        # the name first (cheap, and few files pass), then the folders (vendored code)
        if "toml" not in rel.lower():
            continue
        kind: Kind | None = "template" if is_template_path(rel) else (
            "secrets" if rel.rsplit("/", 1)[-1] == "secrets.toml" else None)
        if kind is not None and rel not in vendored:
            add(os.path.join(root, rel), kind)
    return sorted(targets.values(), key=lambda t: t.rel)


class FileCheck:
    """All findings for one file."""

    def __init__(self, target: Target, toml: TomlFile) -> None:
        self.target = target
        self.toml = toml
        self.doc = toml.values
        self.findings: list[Finding] = []

    def at(self, path: KeyPath, code: str, args: dict[str, str], *secrets: str) -> None:
        line, col = self.toml.index.locate(path)
        # Redact the values (our messages never hold them anyway); skip short
        # ones and ones equal to a key name, which redaction would mangle.
        guarded = tuple(
            s for s in secrets
            if len(s) >= 8 and not any(s in arg for arg in args.values())
        )
        self.findings.append(Finding(line, col, code, args, guarded))

    def allowlisted(self, path: KeyPath) -> bool:
        if "pragma" not in self.toml.text:  # no allowlist comment anywhere
            return False
        index = self.toml.index
        line, _col = index.locate(path)
        return secretscan.is_allowlisted(index.line_text(line), index.line_text(line - 1))

    def run(self) -> list[Finding]:
        auth = self.doc.get("auth")
        if auth is not None:
            self.check_auth(auth)
        if self.target.kind == "secrets":
            self.check_placeholders()
        if self.target.kind == "template" or self.target.tracked:
            self.check_committed()
        return self.findings

    # -- STS911 / STS912 / STS913 -------------------------------------------
    def check_auth(self, auth: Any) -> None:
        base: KeyPath = ("auth",)
        if not isinstance(auth, dict):
            self.at(base, "STS911", {"problem": "auth must be a table ([auth])"})
            return
        # a provider's table has one of its keys at least; another table under
        # [auth] (an app's own [auth.group_mappings]) is no provider: Streamlit reads
        # only the one st.login() names
        providers = {
            str(name): section
            for name, section in auth.items()
            if isinstance(section, dict) and name != "client_kwargs"
            and any(k in section for k in PROVIDER_TABLE_KEYS)
        }
        if not providers and not any(
                k in auth for k in (*REQUIRED_AUTH_KEYS, *PROVIDER_TABLE_KEYS)):
            # nothing st.login() reads: the app's own [auth] (ADMIN_ID, ADMIN_PW ...)
            return
        for key in REQUIRED_AUTH_KEYS:
            if key not in auth:
                self.at(base, "STS911", {"problem": f"missing {key}"})
        if not providers or any(k in auth for k in PROVIDER_KEYS):
            self.check_provider(base, auth, "[auth]")
        for name, section in providers.items():
            label = f"[auth.{name}]"
            if "_" in name:
                self.at(base + (name,), "STS911", {
                    "problem": f"provider name {name} contains _ (Streamlit rejects it)"
                })
            self.check_provider(base + (name,), section, label)
        if "redirect_uri" in auth:
            self.check_redirect_uri(auth["redirect_uri"])
        if "cookie_secret" in auth and self.target.kind == "secrets":
            self.check_cookie_secret(auth["cookie_secret"], self.client_secrets(auth))

    def check_provider(self, path: KeyPath, section: dict[str, Any], label: str) -> None:
        for key in PROVIDER_KEYS:
            if key not in section:
                self.at(path, "STS911", {"problem": f"{label} is missing {key}"})
        if "expose_tokens" in section:
            tokens = section["expose_tokens"]
            values = tokens if isinstance(tokens, list) else [tokens]
            if not values or any(
                not isinstance(v, str) or v not in EXPOSABLE_TOKENS for v in values
            ):
                self.at(path + ("expose_tokens",), "STS911", {
                    "problem": f'{label} expose_tokens must be "id", "access" or a list of them'
                })
        url = section.get("server_metadata_url")
        if url is not None and not _metadata_url_ok(url):
            self.at(path + ("server_metadata_url",), "STS912", {
                "key": dotted(path + ("server_metadata_url",)),
                "problem": "must be an https:// URL (the provider's OpenID configuration)",
            })

    def check_redirect_uri(self, value: Any) -> None:
        path: KeyPath = ("auth", "redirect_uri")
        problem = _redirect_uri_problem(value)
        if problem:
            self.at(path, "STS912", {"key": "auth.redirect_uri", "problem": problem})

    @staticmethod
    def client_secrets(auth: dict[str, Any]) -> list[str]:
        found = [auth.get("client_secret")] + [
            s.get("client_secret") for s in auth.values() if isinstance(s, dict)
        ]
        return [s for s in found if isinstance(s, str) and s]

    def check_cookie_secret(self, value: Any, client_secrets: list[str]) -> None:
        path: KeyPath = ("auth", "cookie_secret")
        if not isinstance(value, str):
            problem = "not a string"
        elif is_placeholder(value, min_length=0) or is_template_text(value):
            problem = "a placeholder"
        elif len(value) < MIN_COOKIE_SECRET:
            problem = f"shorter than {MIN_COOKIE_SECRET} characters"
        elif secretscan.shannon_entropy(value) < MIN_COOKIE_ENTROPY:
            problem = "low entropy"
        elif value in client_secrets:
            problem = "equal to a client_secret"
        else:
            return
        if not self.allowlisted(path):
            self.at(path, "STS913", {"problem": problem}, value if isinstance(value, str) else "")

    # -- STS914 ------------------------------------------------------------------
    def check_placeholders(self) -> None:
        # A tracked file must keep its placeholders (STS902 says untrack it and rotate):
        # never advise filling in real values there.
        advice = PLACEHOLDER_ADVICE[self.target.tracked]
        for path, value in leaves(self.doc):
            if path == ("auth", "cookie_secret") or not isinstance(value, str):
                continue
            if _left_placeholder(path[-1] if path else "", value) and not self.allowlisted(path):
                self.at(path, "STS914", {"key": dotted(path), "advice": advice}, value)

    # -- STS915 ------------------------------------------------------------------
    def check_committed(self) -> None:
        for path, value in leaves(self.doc):
            if not isinstance(value, str) or not value.strip():
                continue
            why = secretscan.judge_value(path[-1] if path else "", value)
            if why and not self.allowlisted(path):
                self.at(path, "STS915", {"key": dotted(path), "detector": why}, value)


def _redirect_uri_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string URL ending in /oauth2callback"
    try:
        url = urlparse(value.replace("{port}", "8501"))
        host = url.hostname
    except ValueError:
        return "must be an absolute http(s):// URL ending in /oauth2callback"
    if url.scheme not in ("http", "https") or not url.netloc:
        return "must be an absolute http(s):// URL ending in /oauth2callback"
    if not url.path.endswith("/oauth2callback"):
        return "must end in /oauth2callback (Streamlit's callback route)"
    if url.scheme == "http" and host not in LOCAL_HOSTS:
        return "uses http:// for a host other than localhost; use https://"
    return None


def _metadata_url_ok(value: Any) -> bool:
    """An https:// URL, or an http:// one to this machine (a local identity
    provider in development, such as Keycloak on localhost:8080)."""
    if not isinstance(value, str):
        return False
    try:
        url = urlparse(value)
        host = url.hostname
    except ValueError:
        return False
    return url.scheme == "https" or (url.scheme == "http" and host in LOCAL_HOSTS)


def _left_placeholder(key: str, value: str) -> bool:
    stripped = value.strip()
    if not stripped:
        return False
    if is_template_text(stripped) and is_placeholder(stripped, min_length=0):
        return True
    return is_secret_like(key) and is_indirection(stripped)


PLACEHOLDER_ADVICE = {
    False: "fill in the real value",
    True: "the file is tracked: keep placeholders in it and real values only in an "
          "untracked secrets.toml",
}


def check_file(target: Target) -> list[Finding]:
    """The findings for one file (STS910 alone when it is not valid TOML)."""
    toml = load(target.path)
    if isinstance(toml, Finding):
        return [toml]
    return FileCheck(target, toml).run()


@cli.reports_errors(PROG)
def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        PROG,
        "Check .streamlit/secrets.toml files (all of them in the work tree, tracked "
        "or not), committed templates and the given files: TOML syntax, the [auth] "
        "schema, cookie_secret strength, placeholders and committed secrets.",
        filenames_help="extra files to check",
    )
    args = parser.parse_args(argv)
    root = git.repo_root()
    if root is None:  # outside git: nothing is tracked, all else works
        targets = collect(os.getcwd(), args.filenames)
    else:
        targets = collect(root, args.filenames, tracked=git.tracked_files(root))
    return cli.emit(
        (cli.Located(target.rel, finding)
         for target in targets
         for finding in check_file(target)),
        cli.report(args, root or os.getcwd()),
    )


def console_main() -> NoReturn:
    """The ``check-streamlit-secrets`` command."""
    raise SystemExit(main())


if __name__ == "__main__":
    console_main()
