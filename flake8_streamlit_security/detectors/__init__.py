"""detect-secrets detector plugins for token formats detect-secrets lacks.

These are the credentials Streamlit apps use most (LLM and model-hub keys).
Each class is a plain :class:`~detect_secrets.plugins.base.RegexBasedDetector`,
so detect-secrets can load them as custom plugins
(``detect-secrets scan --plugin path/to/detectors/__init__.py``), and
:mod:`flake8_streamlit_security.secretscan` runs them next to the built-in
format detectors.

The patterns follow the published token layouts (prefix, charset, length) and
require a token boundary on both sides, so truncated or templated values such
as ``hf_xxx``, ``sk-ant-...`` or ``AIza<your key>`` never match.

Importing this module imports ``detect_secrets``: only
:mod:`flake8_streamlit_security.secretscan` should import it, lazily.
"""
from __future__ import annotations

import re

from detect_secrets.plugins.base import RegexBasedDetector

# A token is delimited by anything that cannot be part of it.
_START = r"(?<![A-Za-z0-9_-])"
_END = r"(?![A-Za-z0-9_-])"


class HuggingFaceDetector(RegexBasedDetector):
    """Hugging Face user access tokens (``hf_`` + 34 letters) and org API tokens."""

    secret_type = "Hugging Face Token"

    denylist = (
        re.compile(_START + r"(hf_[A-Za-z]{34})" + _END),
        re.compile(_START + r"(api_org_[A-Za-z]{34})" + _END),
    )


class AnthropicDetector(RegexBasedDetector):
    """Anthropic API and admin keys: ``sk-ant-api03-`` / ``sk-ant-admin01-`` + ~95 chars."""

    secret_type = "Anthropic API Key"

    denylist = (
        re.compile(_START + r"(sk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{80,120})" + _END),
    )


class GoogleApiKeyDetector(RegexBasedDetector):
    """Google Cloud / Gemini / Maps API keys: ``AIza`` + 35 URL-safe characters."""

    secret_type = "Google API Key"

    denylist = (re.compile(_START + r"(AIza[0-9A-Za-z_-]{35})" + _END),)


class GroqDetector(RegexBasedDetector):
    """Groq API keys: ``gsk_`` + 52 alphanumerics."""

    secret_type = "Groq API Key"

    denylist = (re.compile(_START + r"(gsk_[A-Za-z0-9]{52})" + _END),)


class ReplicateDetector(RegexBasedDetector):
    """Replicate API tokens: ``r8_`` + 37 URL-safe characters."""

    secret_type = "Replicate API Token"

    denylist = (re.compile(_START + r"(r8_[A-Za-z0-9_-]{37})" + _END),)


DETECTORS: tuple[type[RegexBasedDetector], ...] = (
    HuggingFaceDetector,
    AnthropicDetector,
    GoogleApiKeyDetector,
    GroqDetector,
    ReplicateDetector,
)

__all__ = [
    "DETECTORS",
    "AnthropicDetector",
    "GoogleApiKeyDetector",
    "GroqDetector",
    "HuggingFaceDetector",
    "ReplicateDetector",
]
