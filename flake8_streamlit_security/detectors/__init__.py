"""detect-secrets detector plugins for token formats detect-secrets lacks.

These are the credentials Streamlit apps use most (LLM and model-hub keys).
Each class is a plain :class:`~detect_secrets.plugins.base.RegexBasedDetector`,
so detect-secrets can load them as custom plugins
(``detect-secrets scan --plugin path/to/detectors/__init__.py``), and
:mod:`flake8_streamlit_security.secretscan` runs them next to the built-in
format detectors.

The formats (prefixes, patterns, names) are defined once, in
:mod:`flake8_streamlit_security.tokenformats`, which the flake8 plugin uses
directly when a literal can only be one of them.

Importing this module imports ``detect_secrets``: only
:mod:`flake8_streamlit_security.secretscan` should import it, lazily.
"""
from __future__ import annotations

from detect_secrets.plugins.base import RegexBasedDetector

from flake8_streamlit_security import tokenformats as _formats


class HuggingFaceDetector(RegexBasedDetector):
    """Hugging Face user access tokens (``hf_`` + 34 letters) and org API tokens."""

    secret_type = _formats.HUGGING_FACE.secret_type
    denylist = _formats.HUGGING_FACE.patterns


class AnthropicDetector(RegexBasedDetector):
    """Anthropic API and admin keys: ``sk-ant-api03-`` / ``sk-ant-admin01-`` + ~95 chars."""

    secret_type = _formats.ANTHROPIC.secret_type
    denylist = _formats.ANTHROPIC.patterns


class GoogleApiKeyDetector(RegexBasedDetector):
    """Google Cloud / Gemini / Maps API keys: ``AIza`` + 35 URL-safe characters."""

    secret_type = _formats.GOOGLE_API_KEY.secret_type
    denylist = _formats.GOOGLE_API_KEY.patterns


class GroqDetector(RegexBasedDetector):
    """Groq API keys: ``gsk_`` + 52 alphanumerics."""

    secret_type = _formats.GROQ.secret_type
    denylist = _formats.GROQ.patterns


class ReplicateDetector(RegexBasedDetector):
    """Replicate API tokens: ``r8_`` + 37 URL-safe characters."""

    secret_type = _formats.REPLICATE.secret_type
    denylist = _formats.REPLICATE.patterns


# In the order of tokenformats.FORMATS.
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
