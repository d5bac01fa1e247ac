"""Git in the integration tests (a repository as pre-commit hands it over) runs with an
isolated configuration, as everywhere in this suite."""
from __future__ import annotations

from repos import isolated_git  # noqa: F401 - autouse fixture
