"""flake8-streamlit-security: a security linter for Streamlit apps."""
from __future__ import annotations

__all__ = ["__version__"]

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("flake8-streamlit-security")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
