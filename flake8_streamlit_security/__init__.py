"""flake8-streamlit-security: a security linter for Streamlit apps."""
from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs ~85 ms at start-up, which the
    # hooks and the editor case (one flake8 process per keystroke) should not pay.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("flake8-streamlit-security")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0.0.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(name)
