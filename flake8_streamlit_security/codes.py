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
    Severity = Literal["high", "medium", "low"]
    Precision = Literal["very-high", "high", "medium", "low"]

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
# GitHub code scanning's scale for ``properties.precision``.
PRECISIONS: tuple[str, ...] = ("very-high", "high", "medium", "low")
# ``properties.security-severity``: a CVSS-like score as a string, which GitHub
# buckets as critical (9.0+), high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9).
SECURITY_SEVERITY: dict[str, str] = {"high": "8.0", "medium": "5.5", "low": "3.0"}
# SARIF result level (and GitHub annotation) of each severity.
LEVELS: dict[str, str] = {"high": "error", "medium": "warning", "low": "note"}


class Rule:
    """One catalogue entry (immutable by convention; a plain class keeps imports light).

    Every entry states how bad a true finding is (``severity``), how often a finding
    is true (``precision``, GitHub's scale) and the weaknesses it is an instance of
    (``cwe``: CWE numbers, empty only for findings that are not a weakness: the
    plugin's own failure, a file that is not TOML).  They are required: an entry
    without them does not load.
    """

    __slots__ = ("code", "name", "summary", "message", "default_on", "scope", "hook",
                 "severity", "precision", "cwe", "fixed")

    def __init__(self, code: str, name: str, summary: str, message: str,
                 default_on: bool = True, scope: Scope = "streamlit",
                 hook: str | None = None, *, severity: Severity, precision: Precision,
                 cwe: tuple[int, ...], fixed: dict[str, dict[str, str]] | None = None
                 ) -> None:
        self.code = code
        self.name = name  # kebab-case slug, used by SARIF and the CLI
        self.summary = summary  # one line: what the rule finds
        self.message = message  # template rendered after the code
        self.default_on = default_on
        self.scope: Scope = scope
        self.hook = hook  # the hook id that reports it, for STS8xx/9xx
        if severity not in SEVERITIES or precision not in PRECISIONS or not all(
                isinstance(n, int) and n > 0 for n in cwe):
            raise ValueError(f"{code}: bad severity, precision or CWE "
                             f"({severity!r}, {precision!r}, {cwe!r})")
        self.severity: Severity = severity
        self.precision: Precision = precision
        self.cwe = cwe
        # message fields whose text is ours, not the code's: field -> (key the
        # finding gives -> text); the "" key is the text for any other key
        self.fixed = fixed or {}

    def __repr__(self) -> str:
        return f"Rule({self.code!r}, {self.name!r})"

    @property
    def docs_url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}"

    @property
    def level(self) -> str:
        """SARIF default level: from the severity, except the plugin's own failure,
        which is no weakness but a file left unchecked (a warning, not a note)."""
        return "warning" if self.scope == "internal" else LEVELS[self.severity]

    @property
    def security_severity(self) -> str:
        return SECURITY_SEVERITY[self.severity]

    @property
    def cwe_ids(self) -> tuple[str, ...]:
        """``CWE-798`` ..."""
        return tuple(f"CWE-{number}" for number in self.cwe)


# STS303's advice, by what the value is in the command (knowledge/categories.py): an
# argument of a fixed program is dangerous as an option only.
COMMAND_REMEDIES: dict[str, str] = {
    "arg": "it is an argument of a fixed program and may start with '-' (an option): "
           "check it, or put '--' before it",
    "": "pass a fixed program with an argument list, no shell=True, and validate the value",
}

# STS302's words, by what reached the runner (knowledge/categories.py): user input, or
# untrusted content (a model's reply, a fetched page: code a model wrote on request).
CODE_SOURCES: dict[str, str] = {
    "content": "model or web content",
    "": "user-controlled data",
}
CODE_REMEDIES: dict[str, str] = {
    "content": "do not run what a model wrote on the server: parse it, or run it in a "
               "sandbox with no secrets and no network",
    "": "parse it instead (ast.literal_eval, an allow-list)",
}

# STS401's advice, by the kind of query sink (knowledge/sql.py SQL_SINK_KINDS): each
# driver binds values its own way, and sqlite3 has no params= keyword.
SQL_REMEDIES: dict[str, str] = {
    "connection": "bind the values: :name placeholders and params={...} "
                  "(st.connection, SQLAlchemy)",
    "text": "bind the values: :name placeholders in text() and a dict of values "
            "passed to execute()",
    "dbapi": "bind the values: ? (sqlite3) or %s (psycopg, MySQL) placeholders "
             "plus a tuple of arguments",
    "script": "executescript() cannot bind values: run each statement with execute(), "
              "? placeholders and a tuple of arguments",
    "pandas": "bind the values: the driver's placeholders plus params=",
    "session": "bind the values: ? placeholders plus params=[...] (Snowpark, DuckDB) "
               "or args= (Spark)",
    "": "bind the values with the driver's placeholders instead of formatting them in",
    # the user picks a table or column name, a keyword or a clause: no placeholder binds it
    "name": "a name or a clause cannot be bound: check it against an allow-list of "
            "names (or offer them in a selectbox)",
}

_RULES: tuple[Rule, ...] = (
    Rule(
        "STS000", "internal-error",
        "the plugin failed on this file (please report it)",
        "flake8-streamlit-security could not check this file ({error}); please report it",
        scope="internal",
        severity="low", precision="high", cwe=(),
    ),
    # --- STS1xx secrets in code (any file) -------------------------------
    Rule(
        "STS101", "hardcoded-secret",
        "a string literal bound to a secret-like name",
        "hardcoded secret in {name}; read it from st.secrets (or an environment variable)",
        scope="any",
        severity="high", precision="medium", cwe=(798,),
    ),
    Rule(
        "STS102", "credential-format-literal",
        "a string literal matching a known credential format",
        "{detector} credential in a {place}; move it to .streamlit/secrets.toml "
        "and rotate it",
        scope="any",
        severity="high", precision="high", cwe=(798,),
    ),
    Rule(
        "STS103", "password-in-url",
        "credentials embedded in a URL/DSN literal",
        "password embedded in a connection URL; use [connections.<name>] in secrets.toml",
        scope="any",
        severity="high", precision="medium", cwe=(798,),
    ),
    Rule(
        "STS104", "secret-fallback",
        "a hardcoded fallback value for a secret",
        "secret {key} has a hardcoded fallback; fail clearly when it is missing instead",
        scope="any",
        severity="high", precision="high", cwe=(798,),
    ),
    Rule(
        "STS105", "secret-rendered",
        "a secret value sent to the browser",
        "secret value ({source}) rendered in the app; show only whether it is set",
        scope="any",
        severity="high", precision="medium", cwe=(200,),
    ),
    Rule(
        "STS106", "secret-logged",
        "a secret value written to logs",
        "secret value ({source}) written to logs; log only whether it is set",
        scope="any",
        severity="medium", precision="medium", cwe=(532,),
    ),
    # --- STS2xx authentication and authorization ----------------------------
    Rule(
        "STS201", "unguarded-is-logged-in",
        "st.user.is_logged_in read directly",
        "st.user.is_logged_in raises when [auth] is not configured; "
        'use getattr(st.user, "is_logged_in", False)',
        severity="low", precision="high", cwe=(755,),
    ),
    Rule(
        "STS202", "experimental-user",
        "use of the deprecated st.experimental_user",
        "st.experimental_user is deprecated; use st.user",
        severity="low", precision="high", cwe=(477,),
    ),
    Rule(
        "STS203", "login-gate-without-stop",
        "a login gate whose branch does not stop the script",
        "login gate does not stop the script, so protected content below still renders; "
        "end the branch with st.stop()",
        severity="high", precision="medium", cwe=(287,),
    ),
    Rule(
        "STS204", "bypassable-email-domain",
        "an email-domain check that a look-alike domain passes",
        "bypassable email-domain check ({check}): a look-alike domain passes; "
        'compare the part after "@" exactly',
        severity="high", precision="high", cwe=(290,),
    ),
    Rule(
        "STS205", "hardcoded-password-check",
        "user input or a secret-like name compared with a literal password",
        "hardcoded password check; use st.login or hmac.compare_digest with st.secrets",
        severity="high", precision="medium", cwe=(798, 287),
    ),
    Rule(
        "STS206", "secret-compared-non-constant-time",
        "a secret compared with == or != instead of a constant-time comparison",
        "secret compared with {op}; use hmac.compare_digest",
        severity="medium", precision="medium", cwe=(208,),
    ),
    Rule(
        "STS207", "client-controlled-authorization",
        "an authorization decision on query parameters, headers or cookies",
        "authorization decided on client-controlled {source}; anyone can set this, use st.user",
        severity="high", precision="high", cwe=(290, 807),
    ),
    Rule(
        "STS208", "state-lost-at-login",
        "st.session_state written next to st.login()/st.logout()",
        "st.session_state written around st.{call}() is lost (it starts a new session); "
        "store it after the user returns",
        severity="low", precision="high", cwe=(664,),
    ),
    # --- STS3xx deserialization and code execution -------------------------
    Rule(
        "STS301", "unsafe-deserialization",
        "user-controlled data deserialized with a code-running loader",
        "user-controlled data deserialized by {call}(), which runs code; "
        "never unpickle uploads, use a data format such as JSON or Parquet",
        severity="high", precision="high", cwe=(502,),
    ),
    Rule(
        "STS302", "code-injection",
        "user-controlled data, or code a model wrote, evaluated as code",
        "{source} executed by {call}() (code injection); {remedy}",
        fixed={"source": CODE_SOURCES, "remedy": CODE_REMEDIES},
        severity="high", precision="high", cwe=(94,),
    ),
    Rule(
        "STS303", "command-injection",
        "user-controlled data in a shell command or program argument list",
        "user-controlled data in a command run by {call}() (command injection); {remedy}",
        fixed={"remedy": COMMAND_REMEDIES},
        severity="high", precision="high", cwe=(78,),
    ),
    # --- STS4xx injection ------------------------------------------------------
    Rule(
        "STS401", "sql-string-building",
        "SQL built by string formatting reaching a query call",
        "SQL built from strings reaches {call}(); {remedy}",
        scope="any", fixed={"remedy": SQL_REMEDIES},
        severity="high", precision="medium", cwe=(89,),
    ),
    Rule(
        "STS402", "html-injection",
        "user input rendered as raw HTML",
        "user input rendered as raw HTML by {call}() (XSS); escape it with html.escape()",
        severity="medium", precision="high", cwe=(79,),
    ),
    Rule(
        "STS403", "dynamic-raw-html",
        "any non-constant value rendered as raw HTML (audit mode)",
        "dynamic HTML rendered unsanitized by {call}(); escape interpolated values "
        "with html.escape()",
        default_on=False,
        severity="medium", precision="low", cwe=(79,),
    ),
    Rule(
        "STS404", "unsafe-link-target",
        "a user-controlled link target",
        "user-controlled link target in {call}(): javascript: links pass through; "
        "validate the scheme (http/https only)",
        severity="medium", precision="medium", cwe=(601, 79),
    ),
    Rule(
        "STS405", "path-traversal",
        "a user-controlled file path",
        "user-controlled file path in {call}() (path traversal); "
        "use os.path.basename() and a fixed folder",
        severity="high", precision="high", cwe=(22,),
    ),
    Rule(
        "STS406", "server-side-request-forgery",
        "a user-controlled URL fetched server-side",
        "user-controlled URL fetched by {call}() (server-side request forgery); "
        "allow-list the hosts",
        default_on=False,
        severity="high", precision="medium", cwe=(918,),
    ),
    Rule(
        "STS407", "untrusted-content-html",
        "an LLM reply or a fetched web page rendered as raw HTML",
        "model or web content rendered as raw HTML by {call}() (XSS via prompt injection); "
        "escape it with html.escape() or render it as Markdown",
        severity="medium", precision="high", cwe=(79,),
    ),
    # --- STS5xx uploads -------------------------------------------------------
    Rule(
        "STS501", "uploader-without-type",
        "st.file_uploader without type=",
        "st.file_uploader accepts any file; pass type=[...]",
        severity="low", precision="high", cwe=(434,),
    ),
    Rule(
        "STS502", "archive-extraction",
        "an uploaded archive extracted without member checks",
        "uploaded archive extracted by {call}() (zip slip); "
        'validate member paths or use filter="data"',
        severity="high", precision="high", cwe=(22,),
    ),
    Rule(
        "STS503", "upload-without-size-check",
        "an upload read with no size check (audit mode)",
        "upload read with no size check; compare its .size with a limit "
        "or set server.maxUploadSize",
        default_on=False,
        severity="low", precision="low", cwe=(400,),
    ),
    # --- STS6xx caching ---------------------------------------------------------
    Rule(
        "STS601", "per-user-state-in-cache",
        "a cached function that depends on per-user state",
        "cached function depends on per-user {source}, but its result is shared by all users; "
        "pass the value as a (hashed) argument",
        severity="high", precision="high", cwe=(524,),
    ),
    # --- STS8xx check-streamlit-config ---------------------------------------
    Rule(
        "STS801", "xsrf-protection-disabled",
        "server.enableXsrfProtection = false",
        "server.enableXsrfProtection = false turns off CSRF protection; remove it or set true",
        scope="hook", hook="check-streamlit-config",
        severity="medium", precision="high", cwe=(352,),
    ),
    Rule(
        "STS802", "cors-disabled",
        "server.enableCORS = false",
        "server.enableCORS = false lets any site call this server; remove it or set true",
        scope="hook", hook="check-streamlit-config",
        severity="medium", precision="high", cwe=(942,),
    ),
    Rule(
        "STS803", "error-details-shown",
        "client.showErrorDetails shows tracebacks to users",
        'client.showErrorDetails = {value} shows tracebacks to users; set "type" or "none"',
        scope="hook", hook="check-streamlit-config",
        severity="low", precision="high", cwe=(209,),
    ),
    Rule(
        "STS804", "development-mode",
        "global.developmentMode = true",
        "global.developmentMode = true must not be deployed; remove it",
        scope="hook", hook="check-streamlit-config",
        severity="low", precision="high", cwe=(489,),
    ),
    Rule(
        "STS805", "literal-cookie-secret",
        "a literal server.cookieSecret",
        'literal server.cookieSecret in config.toml; use STREAMLIT_SERVER_COOKIE_SECRET '
        'or "env:VAR"',
        scope="hook", hook="check-streamlit-config",
        severity="high", precision="high", cwe=(798,),
    ),
    Rule(
        "STS806", "static-serving-sensitive-files",
        "static serving enabled with sensitive files in static/",
        "server.enableStaticServing = true serves {path}, a sensitive file; move it out of static/",
        scope="hook", hook="check-streamlit-config",
        severity="high", precision="medium", cwe=(552,),
    ),
    Rule(
        "STS807", "trusted-user-headers",
        "server.trustedUserHeaders set",
        "server.trustedUserHeaders lets request headers override the login identity; "
        "remove it unless a trusted proxy sets them",
        scope="hook", hook="check-streamlit-config",
        severity="medium", precision="medium", cwe=(290,),
    ),
    Rule(
        "STS808", "oversized-limit",
        "server.maxUploadSize or server.maxMessageSize above 1000 MB",
        "server.{key} = {value} MB invites memory exhaustion; keep it at or below 1000",
        scope="hook", hook="check-streamlit-config",
        severity="low", precision="high", cwe=(400,),
    ),
    Rule(
        "STS809", "developer-toolbar",
        'client.toolbarMode = "developer"',
        'client.toolbarMode = "developer" exposes developer options to users; '
        'use "auto" or "viewer"',
        scope="hook", hook="check-streamlit-config",
        severity="low", precision="high", cwe=(489,),
    ),
    Rule(
        "STS810", "literal-mapbox-token",
        "a literal mapbox.token",
        'literal mapbox.token in config.toml; put it in secrets.toml or use "env:VAR"',
        scope="hook", hook="check-streamlit-config",
        severity="medium", precision="high", cwe=(798,),
    ),
    # --- STS9xx check-streamlit-gitignore / check-streamlit-secrets ----------
    Rule(
        "STS901", "secrets-not-ignored",
        "a .streamlit/secrets.toml path git would not ignore",
        "{path} is not ignored by git; {remedy}",
        scope="hook", hook="check-streamlit-gitignore",
        severity="medium", precision="high", cwe=(540,),
    ),
    Rule(
        "STS902", "secrets-tracked",
        "a secrets.toml that is tracked or staged",
        "{path} is tracked by git; run git rm --cached {path} and rotate every secret in it",
        scope="hook", hook="check-streamlit-gitignore",
        severity="high", precision="high", cwe=(798, 540),
    ),
    Rule(
        "STS903", "credential-file-tracked",
        "a credential file (.env, *.pem, *.key, credentials.json, ...) tracked by git",
        "credential file {path} is tracked by git; untrack it, ignore it and rotate its secrets",
        scope="hook", hook="check-streamlit-gitignore",
        severity="high", precision="high", cwe=(798, 540),
    ),
    Rule(
        "STS910", "invalid-toml",
        "a file that is not valid TOML",
        "not valid TOML: {error}",
        scope="hook", hook="check-streamlit-secrets",
        severity="low", precision="high", cwe=(),
    ),
    Rule(
        "STS911", "auth-incomplete",
        "an incomplete or invalid [auth] section",
        "[auth] is incomplete: {problem}",
        scope="hook", hook="check-streamlit-secrets",
        severity="low", precision="high", cwe=(),
    ),
    Rule(
        "STS912", "auth-bad-url",
        "a redirect_uri or server_metadata_url that is not a safe absolute URL",
        "{key}: {problem}",
        scope="hook", hook="check-streamlit-secrets",
        severity="medium", precision="high", cwe=(319,),
    ),
    Rule(
        "STS913", "weak-cookie-secret",
        "a weak [auth] cookie_secret",
        "weak cookie_secret ({problem}); generate one with "
        'python -c "import secrets; print(secrets.token_hex(32))"',
        scope="hook", hook="check-streamlit-secrets",
        severity="high", precision="high", cwe=(1391,),
    ),
    Rule(
        "STS914", "placeholder-secret",
        "a placeholder value left in secrets.toml",
        "placeholder value left in {key}; {advice}",
        scope="hook", hook="check-streamlit-secrets",
        severity="low", precision="medium", cwe=(1392,),
    ),
    Rule(
        "STS915", "committed-secret",
        "a committed template or secrets file holding real-looking secrets",
        "{key} in a committed file looks like a real secret ({detector}); "
        "remove it, rotate it and keep only placeholders",
        scope="hook", hook="check-streamlit-secrets",
        severity="high", precision="high", cwe=(798, 540),
    ),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}

PYTHON_CODES: tuple[str, ...] = tuple(c for c, r in RULES.items() if r.scope != "hook")
DEFAULT_OFF: tuple[str, ...] = tuple(c for c in PYTHON_CODES if not RULES[c].default_on)
DEFAULT_ON_PYTHON: tuple[str, ...] = tuple(c for c in PYTHON_CODES if RULES[c].default_on)
