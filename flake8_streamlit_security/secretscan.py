"""The one place that uses detect-secrets.

:func:`detect` tells whether a string holds a credential in a known format
(detect-secrets' format detectors plus the project's own in
:mod:`flake8_streamlit_security.detectors`).  It is called on every string
literal the flake8 plugin sees, so it is cheap: a precompiled pre-filter of the
formats' fixed parts rejects almost every string, and detect-secrets' patterns
(whose import costs 0.1-0.25 s) are loaded lazily, the first time a string passes
the part of the pre-filter that belongs to detect-secrets' own formats.  A string
that can only be one of the project's formats is judged with their patterns
(:mod:`flake8_streamlit_security.tokenformats`, the detector classes' own
``denylist``) without importing detect-secrets.  Importing this module does not
import ``detect_secrets``.

detect-secrets keeps global settings (plugins and filters configured through
``get_settings()``).  This module never reads or changes them: it runs the
detectors' own patterns (read from their classes, once, and cached on disk so
that later processes need not import detect-secrets at all: see
:mod:`flake8_streamlit_security.dspatterns`), and instantiates a detector class
only when its ``analyze_string`` is its own, which is a pure function of the
string.  So running the plugin or a hook inside a process that also uses
detect-secrets (its own pre-commit hook, a test) cannot leak configuration
either way.

Nothing here returns or logs a secret's value: results are detector *names*.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from flake8_streamlit_security import tokenformats
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security.vocab import (
    app_password, generated_letters, holds_template, is_placeholder, is_placeholder_token,
    is_secret_like, url_password,
)

if TYPE_CHECKING:  # pragma: no cover
    from typing import Iterable, Iterator

    from flake8_streamlit_security.dspatterns import Detector

# detect-secrets' format detectors (class name -> human name).  Not the keyword,
# entropy, basic-auth, IP or vendor-less detectors: those judge names or
# randomness, which the rules do with their own vocabulary.
_BUILTIN: tuple[tuple[str, str, str], ...] = (
    # (module, class, human name)
    ("aws", "AWSKeyDetector", "AWS access key"),
    ("openai", "OpenAIDetector", "OpenAI API key"),
    ("github_token", "GitHubTokenDetector", "GitHub token"),
    ("gitlab_token", "GitLabTokenDetector", "GitLab token"),
    ("slack", "SlackDetector", "Slack token"),
    ("stripe", "StripeDetector", "Stripe API key"),
    ("twilio", "TwilioKeyDetector", "Twilio API key"),
    ("sendgrid", "SendGridDetector", "SendGrid API key"),
    ("mailchimp", "MailchimpDetector", "Mailchimp API key"),
    ("jwt", "JwtTokenDetector", "JSON Web Token"),
    ("private_key", "PrivateKeyDetector", "private key"),
    ("azure_storage_key", "AzureStorageKeyDetector", "Azure storage account key"),
    ("discord", "DiscordBotTokenDetector", "Discord bot token"),
    ("npm", "NpmDetector", "npm token"),
    ("pypi_token", "PypiTokenDetector", "PyPI token"),
    ("square_oauth", "SquareOAuthDetector", "Square OAuth secret"),
    ("telegram_token", "TelegramBotTokenDetector", "Telegram bot token"),
    ("artifactory", "ArtifactoryDetector", "Artifactory credential"),
    ("ibm_cloud_iam", "IbmCloudIamDetector", "IBM Cloud IAM key"),
    ("ibm_cos_hmac", "IbmCosHmacDetector", "IBM COS HMAC credential"),
)

# The pre-filter: a string can only match a detector above if it contains one
# of these fixed parts (or, for the few formats without one, the cheap shape
# below).  tests/hooks/test_secretscan.py proves that every sample credential
# passes it, and a hypothesis test that the full scan never finds a secret the
# pre-filter rejected.
# Fixed parts found with str.find/`in` (C speed, no regex alternation to try at every
# character), then the few parts that need a pattern: each pattern starts with a
# literal character, so the regex engine skips quickly over ordinary text.
_BUILTIN_LITERALS: tuple[str, ...] = (
    "ABIA", "ACCA", "AKIA", "ASIA",  # AWS key id (A3T... below)
    "T3BlbkFJ",  # OpenAI
    "GR1348941",  # GitLab runner
    "sk_live_", "rk_live_",  # Stripe
    "SG.",  # SendGrid
    "eyJ",  # JWT
    "PRIVATE KEY", "PuTTY-User-Key-File",  # private keys
    "AccountKey=",  # Azure storage
    "_authToken",  # npm
    "pypi-AgE",  # PyPI
    "sq0csp-",  # Square
)
_LITERALS = _BUILTIN_LITERALS + tokenformats.PREFIXES  # + ours
# Slack.  Not "aws": AWS's keyword form also needs a 40-character run, and is let
# through with the other keyword forms (_keyword_form); the word alone is in every
# amazonaws.com URL (and in "draws", "laws"), which would cost detect-secrets' import.
_CASELESS: tuple[str, ...] = (
    "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "hooks.slack.com",
)
# Fixed parts that need a pattern.  Each pattern starts with a literal, which
# CPython's regex engine looks for quickly; an alternation of them would be tried
# at every character (5x slower on a whole file).
_PATTERNS = tuple(LazyRe(p) for p in (
    r"A3T[A-Z0-9]", r"gh[pousr]_", r"gl(?:pat|dt|ft|soat|rt|cbt|imt|ptt|agent|oas)-",  # AWS,
    r"AC[a-z0-9]{32}", r"SK[a-z0-9]{32}", r"-us[0-9]",  # GitHub, GitLab, Twilio, Mailchimp
    r"AKC[a-zA-Z0-9]{10}", r"AP[\dA-F][a-zA-Z0-9]{8}",  # Artifactory
))
# Each pattern with the literal it starts with: a text without that literal
# cannot match it, and ``in`` says so without compiling (or running) the pattern
# -- the hooks judge a few dozen values per run.
_GATED = tuple((p.pattern[:next(i for i, c in enumerate(p.pattern) if c in "[(")], p)
               for p in _PATTERNS)
# The two formats without a fixed part, found from their separator and then
# checked before it: Discord ``(?<=[\w-]{23})\.[\w-]{6}\.[\w-]{27}`` and
# Telegram ``(?<=\d{8}):[\w-]{35}``.
_DISCORD = LazyRe(r"\.[\w-]{6}\.[\w-]{27}")
_TELEGRAM = LazyRe(r":[\w-]{35}")
_WORD23 = LazyRe(r"[\w-]{23}")


def _shapes(text: str) -> Iterator[int]:
    """Where Discord- and Telegram-shaped tokens start in ``text``."""
    if len(text) < 44:  # the shorter of the two shapes
        return
    for m in _DISCORD.finditer(text):
        at = m.start()
        if at >= 23 and _WORD23.fullmatch(text, at - 23, at):
            yield at - 23
    for m in _TELEGRAM.finditer(text):
        at = m.start()
        if at >= 8 and text[at - 8:at].isdecimal():  # \d is a decimal digit
            yield at - 8


def _prefilter(value: str, lowered: str | None = None,
               literals: tuple[str, ...] = _LITERALS) -> bool:
    if any(part in value for part in literals):
        return True
    if lowered is None:
        lowered = value.lower()
    if any(part in lowered for part in _CASELESS):
        return True
    return any(gate in value and p.search(value) is not None for gate, p in _GATED) or next(
        _shapes(value), None) is not None


def find_all(text: str, part: str) -> Iterator[int]:
    """Every offset of ``part`` in ``text`` (overlapping), found with str.find."""
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


# The keyword forms (AWS secret key, IBM Cloud IAM key, IBM COS HMAC secret) need
# both a keyword and a 40+ character run: common words alone ("password") don't
# wake detect-secrets up.
_KEYWORDS = ("aws", "key", "pwd", "pass", "token", "secret")
_KEYWORD = LazyRe(r"aws|key|pwd|pass|token|secret", re.IGNORECASE)
_RUN = 40  # characters of [A-Za-z0-9/+=_-] in a row
_RUN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=_-"
# The text encoded as Latin-1 with "?" for every other character (one byte per
# character: offsets stay), bytes.translate marks the run characters 1 and every
# other byte 0, and bytes.find finds 40 marks in a row: ten times faster than a
# regular expression over a whole file (and than str.translate, which is slow
# for any text that is not all ASCII).
_MARK = bytes(1 if chr(i) in _RUN_CHARS else 0 for i in range(256))
# The keyword forms' patterns ignore case, and then [a-zA-Z] also matches these four
# letters (their case folds are ASCII letters): they count as run characters.
_FOLDING = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ K (Kelvin)


def _has_keyword(text: str, lowered: str | None = None) -> bool:
    """``_KEYWORD`` (case-insensitive) in ``text``; str.find on the lower-cased
    text, the pattern only for non-ASCII text (whose case folding differs)."""
    if not text.isascii():
        return _KEYWORD.search(text) is not None
    if lowered is None:
        lowered = text.lower()
    return any(word in lowered for word in _KEYWORDS)


def _long_runs(text: str) -> Iterator[int]:
    """Where ``(?i)[A-Za-z0-9/+=_-]{40}`` matches, as ``finditer`` would find it."""
    if not text.isascii():
        for letter in _FOLDING:
            if letter in text:
                text = text.replace(letter, "a")
    marked = text.encode("latin-1", "replace").translate(_MARK)
    run = b"\x01" * _RUN
    at = marked.find(run)
    while at != -1:
        yield at
        at = marked.find(run, at + _RUN)


_MIN_LENGTH = 11  # the shortest format (Artifactory password) is 11 characters
_MAX_LENGTH = 100_000  # never scan huge blobs character by character


@lru_cache(maxsize=1)
def _own_detectors() -> tuple[Detector, ...]:
    """The project's formats: their :mod:`tokenformats` patterns, which are the
    ``denylist`` of the detect-secrets classes in :mod:`flake8_streamlit_security.detectors`
    (run without importing detect-secrets)."""
    from flake8_streamlit_security.dspatterns import Detector

    return tuple(Detector(fmt.name, fmt.patterns) for fmt in tokenformats.FORMATS)


@lru_cache(maxsize=1)
def _load_detectors() -> tuple[Detector, ...]:
    """Every format detector, detect-secrets' first, read once per process (from the
    pattern cache when it has them: see :mod:`flake8_streamlit_security.dspatterns`)."""
    from flake8_streamlit_security import dspatterns

    return (*dspatterns.load(_BUILTIN), *_own_detectors())


def hot_offsets(text: str, lowered: str | None = None) -> Iterator[int]:
    """Offsets in ``text`` where a credential in a known format may start or sit.

    ``lowered`` is ``text.lower()`` when the caller already has it.
    """
    for part in _LITERALS:
        yield from find_all(text, part)
    if lowered is None:
        lowered = text.lower()
    for part in _CASELESS:
        yield from find_all(lowered, part)
    for gate, pattern in _GATED:
        if gate in text:
            for m in pattern.finditer(text):
                yield m.start()
    yield from _shapes(text)
    if _has_keyword(text, lowered):
        yield from _long_runs(text)


def hot_parts(text: str, lowered: str, starts: list[int], words: Iterable[str] = ()
              ) -> set[int] | None:
    """The indices ``i`` of the parts ``text[starts[i]:starts[i + 1]]`` (lines, or
    literals joined by a NUL) where :func:`hot_offsets` points or one of ``words``
    (lower case) sits in ``lowered``.  None when lower-casing changed the text's
    length (an ``İ`` becomes two characters): offsets found in ``lowered`` would then
    not be offsets in ``text``, and every part has to be judged."""
    if len(lowered) != len(text):
        return None
    hit = {bisect_right(starts, at) - 1 for at in hot_offsets(text, lowered)}
    for word in words:
        hit.update(bisect_right(starts, at) - 1 for at in find_all(lowered, word))
    return hit


def _keyword_form(value: str, lowered: str | None = None) -> bool:
    """A keyword and a 40-character run: the keyword forms may match."""
    return len(value) >= _RUN and next(_long_runs(value), None) is not None and _has_keyword(
        value, lowered)


def text_may_contain(text: str, lowered: str | None = None) -> bool:
    """Whether a whole source text may hold a credential in a known format (any size)."""
    return _prefilter(text, lowered) or _keyword_form(text, lowered)


def could_match(value: str) -> bool:
    """The cheap pre-filter: False means :func:`detect` certainly returns None."""
    if not _MIN_LENGTH <= len(value) <= _MAX_LENGTH:
        return False
    lowered = value.lower()
    return _prefilter(value, lowered) or _keyword_form(value, lowered)


def _builtin_may_match(value: str) -> bool:
    """The pre-filter for detect-secrets' own formats: False means none of them
    matches, so only the project's formats can (and they need no import)."""
    lowered = value.lower()
    return _prefilter(value, lowered, _BUILTIN_LITERALS) or _keyword_form(value, lowered)


def _matches(value: str, everything: bool = False) -> Iterable[tuple[str, str]]:
    """(detector name, token) of every match, detect-secrets' formats first."""
    if everything or _builtin_may_match(value):
        detectors = _load_detectors()
    else:  # only the project's formats can match: no detect-secrets patterns needed
        detectors = _own_detectors()
    for det in detectors:
        for match in det.find(value):
            yield det.name, str(match)


def detect(value: str, *, reporting: bool = False, key_body: bool | None = None
           ) -> str | None:
    """The human name of the credential format ``value`` contains, or None.

    Placeholders (``hf_xxxx…``, ``sk-ant-...``, ``AIza<your key>``, AWS's
    documented ``...EXAMPLE`` key) are not credentials.  ``reporting``: the value is
    judged for a finding, so a private key's header also needs key material after it
    (:func:`_has_key_body`); redaction masks a bare header all the same.
    """
    if len(value) > _MAX_SCAN:
        # Long values (embedded files, generated blobs) are scanned line by line and
        # token by token: no credential is longer than _MAX_TOKEN characters, and
        # detect-secrets' regexes backtrack badly on long runs without separators.
        # Every piece is a substring of one line of the value, so a value that
        # _long_may_contain rejects has no piece that could match (most long values
        # are help texts: one pass of str.find instead of a pre-filter per line).
        if not _long_may_contain(value):
            return None
        # judged once for the whole value (a piece holds one line of it)
        body = _has_key_body(value) if reporting and "PRIVATE KEY-----" in value else True
        for piece in _pieces(value):
            found = detect(piece, reporting=reporting, key_body=body)
            if found:
                return found
        return None
    if not could_match(value) or holds_template(value):
        return None
    for name, token in _matches(value):
        if not is_placeholder_token(token) and varied(token) and (
            not reporting or name != PRIVATE_KEY
            or (key_body if key_body is not None else _has_key_body(value))
        ):
            return name
    return None


PRIVATE_KEY = "private key"
_KEY_BODY = 32  # base64 characters; the shortest real key (Ed25519, PKCS#8) has 64
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _has_key_body(value: str) -> bool:
    """A private key's header is followed by key material: at least :data:`_KEY_BODY`
    base64 characters before its end line, no ellipsis.  A header around ``test_key``
    or ``placeholder`` (a test writing a dummy key file) is no key."""
    at = value.find("PRIVATE KEY-----")
    if at == -1:
        return True  # another form (PuTTY): judged by its own pattern
    body = value[at + len("PRIVATE KEY-----"):]
    end = body.find("-----END")
    if end != -1:
        body = body[:end]
    body = body.replace("\\n", "")
    return "..." not in body and sum(c in _KEY_CHARS for c in body) >= _KEY_BODY


_MIN_DISTINCT = 7


def varied(token: str) -> bool:
    """A token drawn from a key's alphabet, not from a handful of letters: fewer than
    seven distinct characters is a DNA sequence (``ACCA`` + A/C/G/T runs look like an
    AWS key id) or a filler, never a generated key (16 random characters of AWS's
    32-letter alphabet hold about 13 distinct ones; 6 or fewer has a chance under
    one in 10^9).  A token under 16 characters is not judged: some detectors' group
    is the prefix alone (GitHub's ``ghp``)."""
    return len(token) < 16 or len(set(token)) >= _MIN_DISTINCT


_MAX_SCAN = 2_000
_MAX_TOKEN = 1_000


def _long_may_contain(value: str) -> bool:
    """:func:`text_may_contain` for a value scanned line by line: the keyword forms
    also need their keyword on the line of the long run (prose with a link on one
    line and the word "key" on another is turned away at once)."""
    if _prefilter(value):
        return True
    checked_to = -1  # a line already checked (runs of one long line come in order)
    for at in _long_runs(value):
        if at < checked_to:
            continue
        start = value.rfind("\n", 0, at) + 1
        end = value.find("\n", at)
        checked_to = len(value) if end == -1 else end
        if _has_keyword(value[start:checked_to]):
            return True
    return False


def _pieces(value: str) -> Iterable[str]:
    for line in value.splitlines():
        if len(line) <= _MAX_SCAN:
            yield line
            continue
        for token in line.split():
            if len(token) <= _MAX_TOKEN:
                yield token


def detect_unfiltered(value: str) -> str | None:
    """:func:`detect` without the pre-filter, every detector run (detect-secrets'
    patterns, as tests/hooks/test_dspatterns.py proves them equal to its classes):
    for tests proving the pre-filter and its routing sound."""
    if holds_template(value):
        return None
    for name, token in _matches(value, everything=True):
        if not is_placeholder_token(token):
            return name
    return None


def shannon_entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character (0.0 for an empty string)."""
    if not value:
        return 0.0
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in Counter(value).values())


_HEX = LazyRe(r"^[0-9a-fA-F]+$")
_BASE64 = LazyRe(r"^[A-Za-z0-9+/=_-]+$")


def is_high_entropy(value: str) -> bool:
    """True when ``value`` looks randomly generated (a key or token, not a word).

    The thresholds are detect-secrets' defaults for its entropy detectors
    (hex 3.0, base64 4.5 bits per character), applied to the whole value; other
    strings need 12+ characters, 3.5 bits and a mix of character classes.
    """
    value = value.strip()
    if len(value) < 12 or any(c.isspace() for c in value):
        return False
    entropy = shannon_entropy(value)
    if _HEX.match(value):
        # detect-secrets lowers the score of all-digit strings; so do we.
        if value.isdigit():
            entropy -= 1.2 / math.log2(len(value))
        return len(value) >= 16 and entropy > 3.0
    if _BASE64.match(value):
        return entropy > 4.5 or (len(value) >= 20 and entropy > 4.0 and _classes(value) >= 3)
    return entropy > 3.5 and _classes(value) >= 3


def random_letters(value: str) -> bool:
    """Sixteen or more ASCII letters in both cases with few vowels (``xQbRtWmzKpLeVnYc``,
    a hosting provider's generated password: random letters run about 20% vowels), not
    words written in CamelCase (35-45%)."""
    return len(value) >= 16 and not value.islower() and not value.isupper() and \
        generated_letters(value) and shannon_entropy(value) > 3.7


def _classes(value: str) -> int:
    return sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )


def judge_value(key: str, value: str) -> str | None:
    """Why a value in a committed file looks like a real secret, or None.

    A known credential format anywhere, a password inside a URL, or a high-entropy
    value of a secret-like key (``password``, ``api_key``, ``client_secret`` ...).
    Returns a description, never the value.
    """
    found = detect(value, reporting=True)
    if found:
        return found
    if url_password(value):
        return "password in a connection URL"
    if (
        is_secret_like(key)
        and not is_placeholder(value, min_length=8)
        and is_high_entropy(value)
    ):
        return "high-entropy value"
    if is_secret_like(key) and app_password(value):
        return "app password"
    if is_secret_like(key) and random_letters(value):
        return "high-entropy value"
    return None


def is_allowlisted(line: str, previous_line: str = "") -> bool:
    """detect-secrets' inline allowlist, with its own patterns for ``#`` comments:
    ``# pragma: allowlist secret`` ending the line, or
    ``# pragma: allowlist nextline secret`` alone on the line before."""
    if "pragma" not in line and "pragma" not in previous_line:
        return False
    from detect_secrets.filters.allowlist import get_allowlist_regexes

    same = get_allowlist_regexes(comment_tuple=("#", ""), nextline=False)
    nextline = get_allowlist_regexes(comment_tuple=("#", ""), nextline=True)
    return bool(same.search(line) or nextline.search(previous_line))
