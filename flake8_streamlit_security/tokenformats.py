"""The token formats this project adds to detect-secrets, without detect-secrets.

The detector classes in :mod:`flake8_streamlit_security.detectors` are
detect-secrets plugins built from these records (their ``denylist`` is
:attr:`TokenFormat.patterns`), so detect-secrets and this project agree on the
formats.  This module exists apart from them because importing detect-secrets
costs 0.1-0.25 s (it imports ``requests`` and ``multiprocessing``): the flake8
plugin runs on every keystroke, and a literal that can only be one of *these*
formats is judged with the same patterns, without that import
(:func:`flake8_streamlit_security.secretscan.detect` decides which path to take).

The patterns follow the published token layouts (prefix, charset, length) and
require a token boundary on both sides, so truncated or templated values such
as ``hf_xxx``, ``sk-ant-...`` or ``AIza<your key>`` never match.  Each pattern
has exactly one group, the token, as detect-secrets' ``RegexBasedDetector``
expects.
"""
from __future__ import annotations

import re

# A token is delimited by anything that cannot be part of it.
_START = r"(?<![A-Za-z0-9_-])"
_END = r"(?![A-Za-z0-9_-])"


class TokenFormat:
    """One credential format: names, the fixed prefixes every token starts
    with (the pre-filter's literals) and its patterns, one group each,
    compiled on first use (importing this module compiles nothing)."""

    __slots__ = ("name", "secret_type", "prefixes", "_sources", "_patterns")

    def __init__(self, name: str, secret_type: str, *tokens: tuple[str, str]) -> None:
        self.name = name  # in flake8 and hook messages
        self.secret_type = secret_type  # detect-secrets' secret_type
        self.prefixes = tuple(prefix for prefix, _rest in tokens)
        self._sources = tuple(f"{_START}({re.escape(p)}{rest}){_END}" for p, rest in tokens)
        self._patterns: tuple[re.Pattern[str], ...] | None = None

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        if self._patterns is None:
            self._patterns = tuple(re.compile(source) for source in self._sources)
        return self._patterns


HUGGING_FACE = TokenFormat(
    "Hugging Face token", "Hugging Face Token",
    ("hf_", "[A-Za-z]{34}"),  # user access tokens
    ("api_org_", "[A-Za-z]{34}"),  # organisation API tokens
)
ANTHROPIC = TokenFormat(
    "Anthropic API key", "Anthropic API Key",
    ("sk-ant-", r"(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{80,120}"),  # sk-ant-api03-..., admin01
)
GOOGLE_API_KEY = TokenFormat(
    "Google API key", "Google API Key",
    ("AIza", "[0-9A-Za-z_-]{35}"),  # Google Cloud / Gemini / Maps
)
GROQ = TokenFormat("Groq API key", "Groq API Key", ("gsk_", "[A-Za-z0-9]{52}"))
REPLICATE = TokenFormat("Replicate API token", "Replicate API Token", ("r8_", "[A-Za-z0-9_-]{37}"))

FORMATS: tuple[TokenFormat, ...] = (HUGGING_FACE, ANTHROPIC, GOOGLE_API_KEY, GROQ, REPLICATE)
PREFIXES: tuple[str, ...] = tuple(p for fmt in FORMATS for p in fmt.prefixes)
