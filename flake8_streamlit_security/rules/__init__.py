"""Rule families: each subscribes to the analyzer's events for its codes."""
from __future__ import annotations

from flake8_streamlit_security.rules.auth import AuthRules
from flake8_streamlit_security.rules.base import Family
from flake8_streamlit_security.rules.caching import CachingRules
from flake8_streamlit_security.rules.execution import ExecutionRules
from flake8_streamlit_security.rules.injection import InjectionRules
from flake8_streamlit_security.rules.secrets import SecretRules
from flake8_streamlit_security.rules.uploads import UploadRules

FAMILIES: tuple[type[Family], ...] = (
    SecretRules, AuthRules, ExecutionRules, InjectionRules, UploadRules, CachingRules,
)

__all__ = ["FAMILIES", "Family"]
