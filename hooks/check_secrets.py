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

from flake8_streamlit_security import secretscan
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.vocab import is_placeholder, is_secret_like

from ._common import (
    ArgSpec,
    KeyIndex,
    KeyPath,
    Located,
    RepoStart,
    dotted,
    emit,
    exit_now,
    file_key,
    find_streamlit_dirs,
    import_toml_parser,
    leaves,
    new_finding,
    normalize_posix,
    parse_toml,
    read_text,
    rel_posix,
    run_main,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Callable, Iterable, Literal, NoReturn, Sequence

    from flake8_streamlit_security.findings import Finding

    from ._common import StrPath

    Kind = Literal["secrets", "template"]

PROG = "check-streamlit-secrets"

# Template suffixes: of secrets.toml anywhere, and of any .toml in a .streamlit folder.
_STREAMLIT_SUFFIXES = ("example", "sample", "template", "dist")
_TEMPLATE_SUFFIXES = (*_STREAMLIT_SUFFIXES, "tmpl", "tpl")
_SEPARATORS = (".", "_", "-")
_TEMPLATE_NAME = LazyRe(
    rf"^secrets[._-](?:{'|'.join(_TEMPLATE_SUFFIXES)})\.toml$"
    rf"|^secrets\.toml[._-](?:{'|'.join(_TEMPLATE_SUFFIXES)})$",
    re.IGNORECASE,
)
_STREAMLIT_TEMPLATE = LazyRe(rf"\.toml[._-](?:{'|'.join(_STREAMLIT_SUFFIXES)})$", re.IGNORECASE)

PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
EXPOSABLE_TOKENS = frozenset({"id", "access"})
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MIN_COOKIE_SECRET = 32
MIN_COOKIE_ENTROPY = 3.0

# A value left as it was in a template: "xxx", "<...>", "your-...", "changeme"...
# The words found anywhere in it, and the whole values that are one:
_HINT_PARTS = ("xxx", "***", "...", "…", "${", "your", "changeme", "change-me", "change_me",
               "change me", "replace", "insert", "placeholder", "dummy", "fake", "example",
               "sample", "fixme", "redacted")
_HINT_VALUES = frozenset({"todo", "tbd", "secret", "password", "none", "null"})
# ... as one pattern, for values beyond ASCII (template_hint tests the others with str
# methods); "$" also matches before a final newline.
_TEMPLATE_HINT = LazyRe(
    "|".join(map(re.escape, _HINT_PARTS))
    + rf"|^<.*>$|^\{{.*\}}$|^enter\b|here$|^(?:{'|'.join(sorted(_HINT_VALUES))})$"
    r"|^[a-z]{2,5}[-_]$",
    re.IGNORECASE,
)


def template_hint(value: str) -> bool:
    """Whether ``_TEMPLATE_HINT`` finds a template hint in ``value``: for ASCII
    values, str tests equal to the pattern (several times faster; the pattern is
    compiled only for a value beyond ASCII)."""
    if not value.isascii():  # case folding beyond ASCII ("ſ" is an "s")
        return _TEMPLATE_HINT.search(value) is not None
    low = value.lower()
    for part in _HINT_PARTS:  # (a loop: any() over a generator costs twice as much)
        if part in low:
            return True
    body = low[:-1] if low.endswith("\n") else low  # where "$" matches
    if body in _HINT_VALUES or body.endswith("here"):
        return True
    if low.startswith("enter") and not (low[5:6].isalnum() or low[5:6] == "_"):
        return True  # ^enter\b
    if len(body) >= 2 and (body[0] + body[-1] in ("<>", "{}")) and "\n" not in body:
        return True  # ^<.*>$, ^\{.*\}$
    return 3 <= len(body) <= 6 and body[-1] in "-_" and body[:-1].isalpha()


# Indirections Streamlit does not expand in secrets.toml (only in config.toml).
_INDIRECTION = LazyRe(
    r"^(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|env:[A-Za-z_]\w*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$"
)


def is_template_path(rel: str) -> bool:
    parts = rel.split("/")
    name = parts[-1]
    in_streamlit = len(parts) >= 2 and parts[-2] == ".streamlit"
    if not name.isascii() or "\n" in name:  # case folding beyond ASCII; "$" before "\n"
        return _TEMPLATE_NAME.match(name) is not None or (
            in_streamlit and _STREAMLIT_TEMPLATE.search(name) is not None)
    # ASCII: str tests equal to the patterns (which a hook run then never compiles)
    low = name.lower()
    if low.startswith("secrets") and low[7:8] in _SEPARATORS:
        if low.endswith(".toml") and low[8:-5] in _TEMPLATE_SUFFIXES:
            return True  # secrets.example.toml
        if low.startswith("secrets.toml") and low[12:13] in _SEPARATORS and (
            low[13:] in _TEMPLATE_SUFFIXES
        ):
            return True  # secrets.toml.example
    return in_streamlit and any(
        low.endswith(suffix) and low[-len(suffix) - 6:-len(suffix) - 1] == ".toml"
        and low[-len(suffix) - 1] in _SEPARATORS
        for suffix in _STREAMLIT_SUFFIXES
    )


class Target:
    """A file to check: where it is, how to name it, what it is."""

    __slots__ = ("path", "rel", "kind", "tracked")

    def __init__(self, path: StrPath, rel: str, kind: Kind, tracked: bool) -> None:
        self.path = path
        self.rel = rel
        self.kind = kind
        self.tracked = tracked

    def __repr__(self) -> str:
        return (f"Target(path={self.path!r}, rel={self.rel!r}, kind={self.kind!r}, "
                f"tracked={self.tracked!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Target):
            return NotImplemented
        return (self.path, self.rel, self.kind, self.tracked) == (
            other.path, other.rel, other.kind, other.tracked)

    def __hash__(self) -> int:
        return hash((self.path, self.rel, self.kind, self.tracked))


def collect(
    root: str, filenames: Sequence[str], streamlit_dirs: Sequence[str] | None = None,
    tracked_tomls: Iterable[str] = (), is_tracked: Callable[[str], bool] | None = None,
) -> list[Target]:
    """The files to check.  ``tracked_tomls``: the tracked paths holding
    ``.toml`` in any case (every template and ``secrets.toml``); ``is_tracked``
    tells of any other path (a file named on the command line)."""
    tracked = set(tracked_tomls)
    targets: dict[object, Target] = {}

    def add(path: str, kind: Kind) -> None:
        rel = rel_posix(path, root)
        key = file_key(path) or rel
        if key not in targets:
            known = rel in tracked or (
                is_tracked is not None and ".toml" not in rel.lower() and is_tracked(rel))
            targets[key] = Target(path, rel, kind, known)

    for name in filenames:
        path = normalize_posix(name) if os.sep == "/" else name
        rel = rel_posix(path, root)
        add(os.path.join(root, rel) if not rel.startswith("/") else path,
            "template" if is_template_path(rel) else "secrets")
    if streamlit_dirs is None:
        streamlit_dirs = find_streamlit_dirs(root)
    for folder in streamlit_dirs:
        candidate = os.path.join(folder, "secrets.toml")
        if os.path.lexists(candidate):
            add(candidate, "secrets")
    # (every template or secrets.toml name holds ".toml", whatever its case)
    for rel in sorted(tracked):
        if is_template_path(rel):
            add(os.path.join(root, rel), "template")
        elif rel.rsplit("/", 1)[-1] == "secrets.toml":
            add(os.path.join(root, rel), "secrets")
    return sorted(targets.values(), key=lambda t: t.rel)


class FileCheck:
    """All findings for one file."""

    def __init__(self, target: Target, text: str, doc: dict[str, Any]) -> None:
        self.target = target
        self.text = text
        self._index: KeyIndex | None = None
        self.doc = doc
        self.findings: list[Finding] = []

    @property
    def index(self) -> KeyIndex:
        """Where each key is: built only for a file with a finding (or a value
        to check against its allowlist comment), as most files have none."""
        if self._index is None:
            self._index = KeyIndex.build(self.text)
        return self._index

    def at(self, path: KeyPath, code: str, args: dict[str, str], *secrets: str) -> None:
        line, col = self.index.locate(path)
        # Redact the values (our messages never hold them anyway); skip short
        # ones and ones equal to a key name, which redaction would mangle.
        guarded = tuple(
            s for s in secrets
            if len(s) >= 8 and not any(s in arg for arg in args.values())
        )
        self.findings.append(new_finding(line, col, code, args, guarded))

    def allowlisted(self, path: KeyPath) -> bool:
        if "pragma" not in self.text:  # no allowlist comment anywhere
            return False
        line, _col = self.index.locate(path)
        return secretscan.is_allowlisted(
            self.index.line_text(line), self.index.line_text(line - 1)
        )

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
        for key in ("redirect_uri", "cookie_secret"):
            if key not in auth:
                self.at(base, "STS911", {"problem": f"missing {key}"})
        providers = {
            str(name): section
            for name, section in auth.items()
            if isinstance(section, dict) and name != "client_kwargs"
        }
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
        if url is not None and not (isinstance(url, str) and url.lower().startswith("https://")):
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
        elif is_placeholder(value, min_length=0) or template_hint(value):
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
        for path, value in leaves(self.doc):
            if path == ("auth", "cookie_secret") or not isinstance(value, str):
                continue
            if _left_placeholder(path[-1] if path else "", value) and not self.allowlisted(path):
                self.at(path, "STS914", {"key": dotted(path)}, value)

    # -- STS915 ------------------------------------------------------------------
    def check_committed(self) -> None:
        for path, value in leaves(self.doc):
            if not isinstance(value, str) or not value.strip():
                continue
            why = secretscan.judge_value(path[-1] if path else "", value)
            if why and not self.allowlisted(path):
                self.at(path, "STS915", {"key": dotted(path), "detector": why}, value)


# An absolute http(s) URL simple enough to split without urllib (whose import
# costs more than checking a file): lowercase scheme, a plain host name or IPv4
# address, an optional port, a plain path; anything else goes to urlparse.
_SIMPLE_URL = LazyRe(r"(https?)://([A-Za-z0-9.-]+)(?::[0-9]*)?(/[A-Za-z0-9._~/-]*)?")


def _split_url(value: str) -> tuple[str, str, str | None, str]:
    """(scheme, netloc, hostname, path) as ``urllib.parse.urlparse`` gives them."""
    simple = _SIMPLE_URL.fullmatch(value)
    if simple:
        scheme, host, path = simple.group(1, 2, 3)
        netloc = value[len(scheme) + 3: len(value) - len(path or "")]
        return scheme, netloc, host.lower() or None, path or ""
    from urllib.parse import urlparse

    parsed = urlparse(value)
    return parsed.scheme, parsed.netloc, parsed.hostname, parsed.path


def _redirect_uri_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string URL ending in /oauth2callback"
    try:
        scheme, netloc, host, path = _split_url(value.replace("{port}", "8501"))
    except ValueError:
        return "must be an absolute http(s):// URL ending in /oauth2callback"
    if scheme not in ("http", "https") or not netloc:
        return "must be an absolute http(s):// URL ending in /oauth2callback"
    if not path.endswith("/oauth2callback"):
        return "must end in /oauth2callback (Streamlit's callback route)"
    if scheme == "http" and host not in LOCAL_HOSTS:
        return "uses http:// for a host other than localhost; use https://"
    return None


def _left_placeholder(key: str, value: str) -> bool:
    stripped = value.strip()
    if not stripped:
        return False
    if template_hint(stripped) and is_placeholder(stripped, min_length=0):
        return True
    return is_secret_like(key) and bool(_INDIRECTION.match(stripped))


def check_file(target: Target) -> list[Finding]:
    text = read_text(target.path)
    if text.text is None:
        return [new_finding(text.line, text.col, "STS910", {"error": text.problem or "unreadable"})]
    doc, error = parse_toml(text.text)
    if error is not None or doc is None:
        assert error is not None
        return [new_finding(error.line, error.col, "STS910", {"error": error.message})]
    return FileCheck(target, text.text, doc).run()


ARGS = ArgSpec(
    PROG,
    "Check .streamlit/secrets.toml files (all of them in the work tree, tracked "
    "or not), committed templates and the given files: TOML syntax, the [auth] "
    "schema, cookie_secret strength, placeholders and committed secrets.",
    filenames_help="extra files to check",
)


def main(argv: Sequence[str] | None = None) -> int:
    def body() -> int:
        args = ARGS.parse_args(argv)
        start = RepoStart()
        import_toml_parser()  # while git lists the tree
        try:
            root = start.root
            if root is None:
                root = start.cwd  # outside git: nothing is tracked, all else works
                start.close()
                targets = collect(root, args.filenames, start.streamlit_dirs(root))
            else:
                streamlit_dirs = start.streamlit_dirs(root)  # from git's listing
                targets = collect(root, args.filenames, streamlit_dirs,
                                  start.tracked_with((".toml",)), start.is_tracked)
            results = [
                Located(target.rel, finding)
                for target in targets
                for finding in check_file(target)
            ]
            return emit(results)
        finally:
            start.close()

    return run_main(PROG, body)


def console_main() -> NoReturn:
    """The ``check-streamlit-secrets`` command: :func:`main`, then the process ends at once."""
    exit_now(main())


if __name__ == "__main__":
    console_main()
