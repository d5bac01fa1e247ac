"""Validators: checks that, where they pass, make a value safe for every sink.

Read by the engine when it walks the test of an ``if`` (:mod:`flake8_streamlit_security.
engine.checks`): inside the branch the check guards, and after a failing branch that
stops (``st.stop()``, ``return``, ``raise``, ``continue``, ``sys.exit()``), the name
checked is clean (RULES.md "Validators").
"""
from __future__ import annotations

from flake8_streamlit_security.knowledge.sql import CURSOR_FETCHES

# A call whose (last) name says it validates: ``is_safe_path(x)``, ``validate_table(x)``,
# ``mod.name_allowed(x)``.  Extra names come from ``--streamlit-validators``.
VALIDATOR_NAMES: frozenset[str] = frozenset(
    {"is_safe", "is_valid", "validate", "is_allowed", "allowed"}
)
VALIDATOR_PREFIXES: tuple[str, ...] = ("is_safe_", "is_valid_", "validate_", "allowed_")
VALIDATOR_SUFFIXES: tuple[str, ...] = ("_allowed",)

# ``x.isalnum()`` and the like: the characters of a value that passes cannot quote,
# escape, separate a path or start markup.
VALIDATING_STR_METHODS: frozenset[str] = frozenset(
    {"isalnum", "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier"}
)

# ``re.fullmatch(PATTERN, x)`` validates with any pattern; ``re.match`` only with one
# anchored at the end (``$`` or ``\Z``): it anchors at the start by itself.
# ``re.search`` never validates (it finds the pattern anywhere).
REGEX_FULLMATCH: frozenset[str] = frozenset({"re.fullmatch", "regex.fullmatch"})
REGEX_MATCH: frozenset[str] = frozenset({"re.match", "regex.match"})
REGEX_END_ANCHORS: tuple[str, ...] = ("$", r"\Z", r"\z")


def validator_name(name: str, extra: frozenset[str] = frozenset()) -> bool:
    """Does a function called ``name`` (its last dotted part) validate its argument?"""
    return name in VALIDATOR_NAMES or name.startswith(VALIDATOR_PREFIXES) or \
        name.endswith(VALIDATOR_SUFFIXES) or name in extra


# A lookup in the app's database (RULES.md "Validators", a decision of docs/rules.md):
# ``row = conn.execute("SELECT ... WHERE id = ?", (x,)).fetchone()`` then ``if not row:
# st.stop()`` -- ``x`` equals a value the table holds.  The statement must compare with
# ``=`` against a bound placeholder (not ``LIKE``); the result is read with one of these.
LOOKUP_READS: frozenset[str] = CURSOR_FETCHES | frozenset(
    {"first", "one", "one_or_none", "scalar", "scalar_one_or_none"})
LOOKUP_RUNS: frozenset[str] = frozenset({"execute", "query", "sql"})
EQUALS_PLACEHOLDER = r"=\s*(?:\?|%s|:\w+|%\(\w+\)s|\$\d+)"
