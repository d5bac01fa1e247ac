"""Text gates: substring tests on a file's source, derived from the tables they guard.

A file that does not import Streamlit gets only the any-file rules: secrets in code
(STS101-STS106) and SQL built from strings (STS401).  Most such files cannot hold a
finding, and a substring search over the text says so faster than an analysis.  Each
gate is computed from the table of the rule it guards, never kept by hand, so an entry
added to a table passes its gate (``tests/test_gates.py`` proves it for every entry).
"""
from __future__ import annotations

from typing import Iterable

from flake8_streamlit_security.knowledge import propagation, sql
from flake8_streamlit_security.vocab import SECRET_WORDS

# How a name of several words may be spelled in source: ``api_key``, ``apiKey`` (the
# text is lower-cased first), ``api-key``, ``"api.key"``, ``"api key"``.
SEPARATORS: tuple[str, ...] = ("", "_", "-", ".", " ")
# Every credential URL of STS103 (``scheme://user:password@host``) holds this.
CREDENTIAL_URL_MARK = "://"


def spellings(word: str) -> set[str]:
    """The spellings of a secret word (``api_key``) a lower-cased text may hold."""
    parts = word.lower().split("_")
    return {sep.join(parts) for sep in SEPARATORS} if len(parts) > 1 else {parts[0]}


def _shortest(words: Iterable[str]) -> tuple[str, ...]:
    """The words that do not contain another one: a text holding a longer word holds
    the shorter one too, so searching the shorter one suffices."""
    unique = sorted(set(words), key=len)
    kept: list[str] = []
    for word in unique:
        if not any(k in word for k in kept):
            kept.append(word)
    return tuple(sorted(kept))


def literal_words(extra_secret_words: Iterable[str] = ()) -> tuple[str, ...]:
    """Lower-case words near which a literal finding (STS101-STS103) may sit: the
    spellings of every secret word (with the configured extra ones) and the mark of a
    credential URL.  A file without any of them (and without a credential in a known
    format, which :mod:`flake8_streamlit_security.secretscan` looks for) has none."""
    words = {s for w in (*SECRET_WORDS, *extra_secret_words) for s in spellings(w)}
    return _shortest(words | {CREDENTIAL_URL_MARK})


LITERAL_WORDS = literal_words()

# Environment secrets (STS104-STS106 outside Streamlit): ``os.environ``,
# ``os.getenv``...: the attribute every one of them is reached through.
ENVIRONMENT_WORDS: tuple[str, ...] = _shortest(
    fq.split(".")[1] for fq in (propagation.ENVIRONMENT, *propagation.ENV_GETTERS)
)
# A statement word (lower-cased text).  ``with`` is left out: every Python file has it,
# and a SQL ``WITH`` clause is followed by a statement holding another of these words.
SQL_WORDS: tuple[str, ...] = tuple(w for w in sql.STATEMENT_WORDS if w != "with")
# A query method is called as ``<receiver>.<method>``.
SQL_METHOD_MARKS: tuple[str, ...] = _shortest("." + m for m in sql.SQL_METHODS)
# A query function is reached through an import of its package that names it
# (``import pandasql`` ... ``pandasql.sqldf``; ``from pandasql import sqldf as q``):
# the text holds both the package and the function's name.
SQL_FUNCTION_MARKS: tuple[tuple[str, str], ...] = tuple(
    sorted({(fq.split(".", 1)[0], fq.rsplit(".", 1)[1]) for fq in sql.SQL_FUNCS})
)


def mentions_sql_sink(text: str) -> bool:
    """The text may call a query sink of :mod:`.sql`."""
    return any(m in text for m in SQL_METHOD_MARKS) or any(
        package in text and name in text for package, name in SQL_FUNCTION_MARKS
    )


def needs_flow(text: str, lowered: str, extra_sql_sinks: Iterable[str] = ()) -> bool:
    """A file without Streamlit needs the data-flow analysis: it reads environment
    secrets, or it holds SQL words and a query sink (also a configured one)."""
    if any(w in text for w in ENVIRONMENT_WORDS):
        return True
    if any(s.lower() in lowered for s in extra_sql_sinks):
        return True
    return any(w in lowered for w in SQL_WORDS) and mentions_sql_sink(text)
