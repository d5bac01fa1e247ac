"""The rule catalogue: every code this project reports, in one place.

Codes are stable: never renumber, never reuse a retired code.  Messages are
``str.format`` templates whose fields are *names* (keys, call names, detector
names), never values; :mod:`flake8_streamlit_security.findings` renders them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Literal

HOME_URL = "https://github.com/streamlit-security/flake8-streamlit-security"
DOCS_URL = HOME_URL + "/blob/main/docs/rules.md"

if TYPE_CHECKING:
    Scope = Literal["any", "streamlit", "hook", "internal"]


class Rule:
    """One catalogue entry (immutable by convention; a plain class keeps imports light)."""

    __slots__ = ("code", "name", "summary", "message", "default_on", "scope", "hook")

    def __init__(self, code: str, name: str, summary: str, message: str,
                 default_on: bool = True, scope: Scope = "streamlit",
                 hook: str | None = None) -> None:
        self.code = code
        self.name = name  # kebab-case slug, used by SARIF and the CLI
        self.summary = summary  # one line: what the rule finds
        self.message = message  # template rendered after the code
        self.default_on = default_on
        self.scope: Scope = scope
        self.hook = hook  # the hook id that reports it, for STS8xx/9xx

    def __repr__(self) -> str:
        return f"Rule({self.code!r}, {self.name!r})"

    @property
    def docs_url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}"

    @property
    def level(self) -> str:
        """SARIF default level."""
        return "warning" if self.default_on else "note"


_RULES: tuple[Rule, ...] = (
    Rule(
        "STS000", "internal-error",
        "the plugin failed on this file (please report it)",
        "flake8-streamlit-security could not check this file ({error}); please report it",
        scope="internal",
    ),
    # --- STS1xx secrets in code (any file) -------------------------------
    Rule(
        "STS101", "hardcoded-secret",
        "a string literal bound to a secret-like name",
        "hardcoded secret in {name}; read it from st.secrets (or an environment variable)",
        scope="any",
    ),
    Rule(
        "STS102", "credential-format-literal",
        "a string literal matching a known credential format",
        "{detector} credential in a {place}; move it to .streamlit/secrets.toml "
        "and rotate it",
        scope="any",
    ),
    Rule(
        "STS103", "password-in-url",
        "credentials embedded in a URL/DSN literal",
        "password embedded in a connection URL; use [connections.<name>] in secrets.toml",
        scope="any",
    ),
    Rule(
        "STS104", "secret-fallback",
        "a hardcoded fallback value for a secret",
        "secret {key} has a hardcoded fallback; fail clearly when it is missing instead",
        scope="any",
    ),
    Rule(
        "STS105", "secret-rendered",
        "a secret value sent to the browser",
        "secret value ({source}) rendered in the app; show only whether it is set",
        scope="any",
    ),
    Rule(
        "STS106", "secret-logged",
        "a secret value written to logs",
        "secret value ({source}) written to logs; log only whether it is set",
        scope="any",
    ),
    # --- STS2xx authentication and authorization ----------------------------
    Rule(
        "STS201", "unguarded-is-logged-in",
        "st.user.is_logged_in read directly",
        "st.user.is_logged_in raises when [auth] is not configured; "
        'use getattr(st.user, "is_logged_in", False)',
    ),
    Rule(
        "STS202", "experimental-user",
        "use of the deprecated st.experimental_user",
        "st.experimental_user is deprecated; use st.user",
    ),
    Rule(
        "STS203", "login-gate-without-stop",
        "a login gate whose branch does not stop the script",
        "login gate does not stop the script, so protected content below still renders; "
        "end the branch with st.stop()",
    ),
    Rule(
        "STS204", "bypassable-email-domain",
        "an email-domain check that a look-alike domain passes",
        "bypassable email-domain check ({check}): a look-alike domain passes; "
        'compare the part after "@" exactly',
    ),
    Rule(
        "STS205", "hardcoded-password-check",
        "user input or a secret-like name compared with a literal password",
        "hardcoded password check; use st.login or hmac.compare_digest with st.secrets",
    ),
    Rule(
        "STS206", "secret-compared-non-constant-time",
        "a secret compared with == or != instead of a constant-time comparison",
        "secret compared with {op}; use hmac.compare_digest",
    ),
    Rule(
        "STS207", "client-controlled-authorization",
        "an authorization decision on query parameters, headers or cookies",
        "authorization decided on client-controlled {source}; anyone can set this, use st.user",
    ),
    Rule(
        "STS208", "state-lost-at-login",
        "st.session_state written next to st.login()/st.logout()",
        "st.session_state written around st.{call}() is lost (it starts a new session); "
        "store it after the user returns",
    ),
    # --- STS3xx deserialization and code execution -------------------------
    Rule(
        "STS301", "unsafe-deserialization",
        "user-controlled data deserialized with a code-running loader",
        "user-controlled data deserialized by {call}(), which runs code; "
        "never unpickle uploads, use a data format such as JSON or Parquet",
    ),
    Rule(
        "STS302", "code-injection",
        "user-controlled data evaluated as code",
        "user-controlled data executed by {call}() (code injection); "
        "parse it instead (ast.literal_eval, an allow-list)",
    ),
    Rule(
        "STS303", "command-injection",
        "user-controlled data in a shell command or program argument list",
        "user-controlled data in a command run by {call}() (command injection); "
        "pass a fixed program with an argument list, no shell=True, and validate the value",
    ),
    # --- STS4xx injection ------------------------------------------------------
    Rule(
        "STS401", "sql-string-building",
        "SQL built by string formatting reaching a query call",
        "SQL built from strings reaches {call}(); pass values with params= (bound parameters)",
        scope="any",
    ),
    Rule(
        "STS402", "html-injection",
        "user input rendered as raw HTML",
        "user input rendered as raw HTML by {call}() (XSS); escape it with html.escape()",
    ),
    Rule(
        "STS403", "dynamic-raw-html",
        "any non-constant value rendered as raw HTML (audit mode)",
        "dynamic HTML rendered unsanitized by {call}(); escape interpolated values "
        "with html.escape()",
        default_on=False,
    ),
    Rule(
        "STS404", "unsafe-link-target",
        "a user-controlled link target",
        "user-controlled link target in {call}(): javascript: links pass through; "
        "validate the scheme (http/https only)",
    ),
    Rule(
        "STS405", "path-traversal",
        "a user-controlled file path",
        "user-controlled file path in {call}() (path traversal); "
        "use os.path.basename() and a fixed folder",
    ),
    Rule(
        "STS406", "server-side-request-forgery",
        "a user-controlled URL fetched server-side",
        "user-controlled URL fetched by {call}() (server-side request forgery); "
        "allow-list the hosts",
        default_on=False,
    ),
    # --- STS5xx uploads -------------------------------------------------------
    Rule(
        "STS501", "uploader-without-type",
        "st.file_uploader without type=",
        "st.file_uploader accepts any file; pass type=[...]",
    ),
    Rule(
        "STS502", "archive-extraction",
        "an uploaded archive extracted without member checks",
        "uploaded archive extracted by {call}() (zip slip); "
        'validate member paths or use filter="data"',
    ),
    Rule(
        "STS503", "upload-without-size-check",
        "an upload read with no size check (audit mode)",
        "upload read with no size check; compare its .size with a limit "
        "or set server.maxUploadSize",
        default_on=False,
    ),
    # --- STS6xx caching ---------------------------------------------------------
    Rule(
        "STS601", "per-user-state-in-cache",
        "a cached function that depends on per-user state",
        "cached function depends on per-user {source}, but its result is shared by all users; "
        "pass the value as a (hashed) argument",
    ),
    # --- STS8xx check-streamlit-config ---------------------------------------
    Rule(
        "STS801", "xsrf-protection-disabled",
        "server.enableXsrfProtection = false",
        "server.enableXsrfProtection = false turns off CSRF protection; remove it or set true",
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS802", "cors-disabled",
        "server.enableCORS = false",
        "server.enableCORS = false lets any site call this server; remove it or set true",
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS803", "error-details-shown",
        "client.showErrorDetails shows tracebacks to users",
        'client.showErrorDetails = {value} shows tracebacks to users; set "type" or "none"',
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS804", "development-mode",
        "global.developmentMode = true",
        "global.developmentMode = true must not be deployed; remove it",
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS805", "literal-cookie-secret",
        "a literal server.cookieSecret",
        'literal server.cookieSecret in config.toml; use STREAMLIT_SERVER_COOKIE_SECRET '
        'or "env:VAR"',
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS806", "static-serving-sensitive-files",
        "static serving enabled with sensitive files in static/",
        "server.enableStaticServing = true serves {path}, a sensitive file; move it out of static/",
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS807", "trusted-user-headers",
        "server.trustedUserHeaders set",
        "server.trustedUserHeaders lets request headers override the login identity; "
        "remove it unless a trusted proxy sets them",
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS808", "oversized-limit",
        "server.maxUploadSize or server.maxMessageSize above 1000 MB",
        "server.{key} = {value} MB invites memory exhaustion; keep it at or below 1000",
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS809", "developer-toolbar",
        'client.toolbarMode = "developer"',
        'client.toolbarMode = "developer" exposes developer options to users; '
        'use "auto" or "viewer"',
        scope="hook", hook="check-streamlit-config",
    ),
    Rule(
        "STS810", "literal-mapbox-token",
        "a literal mapbox.token",
        'literal mapbox.token in config.toml; put it in secrets.toml or use "env:VAR"',
        scope="hook", hook="check-streamlit-config",
    ),
    # --- STS9xx check-streamlit-gitignore / check-streamlit-secrets ----------
    Rule(
        "STS901", "secrets-not-ignored",
        "a .streamlit/secrets.toml path git would not ignore",
        "{path} is not ignored by git; {remedy}",
        scope="hook", hook="check-streamlit-gitignore",
    ),
    Rule(
        "STS902", "secrets-tracked",
        "a secrets.toml that is tracked or staged",
        "{path} is tracked by git; run git rm --cached {path} and rotate every secret in it",
        scope="hook", hook="check-streamlit-gitignore",
    ),
    Rule(
        "STS903", "credential-file-tracked",
        "a credential file (.env, *.pem, *.key, credentials.json, ...) tracked by git",
        "credential file {path} is tracked by git; untrack it, ignore it and rotate its secrets",
        scope="hook", hook="check-streamlit-gitignore",
    ),
    Rule(
        "STS910", "invalid-toml",
        "a file that is not valid TOML",
        "not valid TOML: {error}",
        scope="hook", hook="check-streamlit-secrets",
    ),
    Rule(
        "STS911", "auth-incomplete",
        "an incomplete or invalid [auth] section",
        "[auth] is incomplete: {problem}",
        scope="hook", hook="check-streamlit-secrets",
    ),
    Rule(
        "STS912", "auth-bad-url",
        "a redirect_uri or server_metadata_url that is not a safe absolute URL",
        "{key}: {problem}",
        scope="hook", hook="check-streamlit-secrets",
    ),
    Rule(
        "STS913", "weak-cookie-secret",
        "a weak [auth] cookie_secret",
        "weak cookie_secret ({problem}); generate one with "
        'python -c "import secrets; print(secrets.token_hex(32))"',
        scope="hook", hook="check-streamlit-secrets",
    ),
    Rule(
        "STS914", "placeholder-secret",
        "a placeholder value left in secrets.toml",
        "placeholder value left in {key}; {advice}",
        scope="hook", hook="check-streamlit-secrets",
    ),
    Rule(
        "STS915", "committed-secret",
        "a committed template or secrets file holding real-looking secrets",
        "{key} in a committed file looks like a real secret ({detector}); "
        "remove it, rotate it and keep only placeholders",
        scope="hook", hook="check-streamlit-secrets",
    ),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}

PYTHON_CODES: tuple[str, ...] = tuple(c for c, r in RULES.items() if r.scope != "hook")
DEFAULT_OFF: tuple[str, ...] = tuple(c for c in PYTHON_CODES if not RULES[c].default_on)
DEFAULT_ON_PYTHON: tuple[str, ...] = tuple(c for c in PYTHON_CODES if RULES[c].default_on)
