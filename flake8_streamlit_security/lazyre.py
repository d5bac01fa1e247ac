"""Regular expressions compiled on first use.

The plugin starts once per keystroke in editors and the hooks once per commit:
compiling every pattern at import costs more than most files take to check, and
many patterns are only needed once a candidate finding turns up.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


class LazyRe:
    """A stand-in for ``re.compile(pattern, flags)`` that compiles when first used."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self.pattern, self.flags)
        # Later look-ups of these find plain instance attributes, not __getattr__.
        for attr in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)
