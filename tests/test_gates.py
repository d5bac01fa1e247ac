"""The text gates let every table entry through: a file without Streamlit that holds
one finding of an any-file rule gets it, whichever entry of the table it uses.

The gates are derived from the tables (knowledge/gates.py); these tests would fail if
a gate were kept by hand and an entry left out of it, which happened twice before.
"""
from __future__ import annotations

import random
import string

import pytest

from flake8_streamlit_security.knowledge import gates, sql
from flake8_streamlit_security.vocab import SECRET_WORDS, is_placeholder
from tests.helpers import messages, results


def _fake_value(seed: str) -> str:
    """A value with no known format and no placeholder shape, made at test time."""
    rng = random.Random(seed)
    value = "Zq" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(18))
    assert not is_placeholder(value)
    return value


def _call_forms(fq: str) -> list[str]:
    """Ways an app reaches the function ``fq``: through its module, and imported by
    name under another name."""
    module, name = fq.rsplit(".", 1)
    return [
        f"import {module}\n\ndef load(name, conn=None):\n"
        f"    return {fq}(f\"SELECT * FROM t WHERE n = '{{name}}'\", conn)\n",
        f"from {module} import {name} as run\n\ndef load(name, conn=None):\n"
        f"    return run(f\"SELECT * FROM t WHERE n = '{{name}}'\", conn)\n",
    ]


@pytest.mark.parametrize("fq", sorted(sql.SQL_FUNCS))
def test_every_sql_function_is_reported_in_a_file_without_streamlit(fq: str) -> None:
    for source in _call_forms(fq):
        assert gates.needs_flow(source, source.lower())
        assert [c for _l, _c, c in results(source, "STS4")] == ["STS401"], source


@pytest.mark.parametrize("method", sorted(sql.SQL_METHODS))
def test_every_sql_method_is_reported_in_a_file_without_streamlit(method: str) -> None:
    source = (
        "import sqlite3\n\nconn = sqlite3.connect('app.db')\n\n"
        f"def load(name):\n    return conn.{method}(f\"DELETE FROM t WHERE n = '{{name}}'\")\n"
    )
    assert gates.needs_flow(source, source.lower())
    assert [c for _l, _c, c in results(source, "STS4")] == ["STS401"]


@pytest.mark.parametrize("word", sorted(sql.STATEMENT_WORDS))
def test_every_statement_that_reads_as_sql_passes_the_gate(word: str) -> None:
    # the parameter stands where a value goes: a name or a clause from a parameter is
    # reported only for user input (tests/rules/test_sql_names.py)
    statement = {
        "select": "SELECT a FROM t WHERE n = '{name}'",
        "insert": "INSERT INTO t VALUES ('{name}')",
        "update": "UPDATE t SET a = '{name}'",
        "delete": "DELETE FROM t WHERE n = '{name}'",
        "with": "WITH x AS (SELECT a FROM t) SELECT * FROM x WHERE n = '{name}'",
        "drop": "DROP TABLE t -- asked by '{name}'",
        "alter": "ALTER TABLE t ADD c text DEFAULT '{name}'",
        "create": "CREATE TABLE t (a text DEFAULT '{name}')",
        "truncate": "TRUNCATE TABLE t -- asked by '{name}'",
        "merge": "MERGE INTO t USING s ON a = '{name}'",
        "grant": "GRANT ALL ON t TO '{name}'",
        "revoke": "REVOKE ALL ON t FROM '{name}'",
        "pragma": "PRAGMA table_info('{name}')",
    }[word]
    source = (
        "import duckdb\n\ndef load(name):\n"
        f"    return duckdb.sql(f\"{statement}\")\n"
    )
    assert gates.needs_flow(source, source.lower())
    assert [c for _l, _c, c in results(source, "STS4")] == ["STS401"]


def test_sql_words_without_a_query_sink_skip_the_analysis() -> None:
    source = "def pick(df):\n    return df.select_dtypes('number')  # update the chart\n"
    assert not gates.needs_flow(source, source.lower())


def _name_spellings(word: str) -> list[str]:
    parts = word.split("_")
    camel = parts[0] + "".join(p.title() for p in parts[1:])
    return sorted({f"app_{word}", f"APP_{word.upper()}", f"app{camel[0].upper()}{camel[1:]}"})


@pytest.mark.parametrize("word", sorted(SECRET_WORDS))
def test_every_secret_word_is_reported_in_a_file_without_streamlit(word: str) -> None:
    value = _fake_value(word)
    for name in _name_spellings(word):
        source = f"{name} = \"{value}\"\n"
        assert [c for _l, _c, c in results(source, "STS1")] == ["STS101"], source
        assert not any(value in m for m in messages(source))


@pytest.mark.parametrize("separator", gates.SEPARATORS[1:])
@pytest.mark.parametrize("word", sorted(w for w in SECRET_WORDS if "_" in w))
def test_a_two_word_secret_key_is_reported_with_any_separator(word: str, separator: str) -> None:
    """Every identifier spelling counts; a key with a space is a human-readable label
    (``{"API Key": ...}`` as a table's column heading), never secret-like (docs/rules.md
    STS101): the gate lets it through, the rule judges it."""
    value = _fake_value(word + separator)
    key = word.replace("_", separator)
    source = f"CONFIG = {{\"{key}\": \"{value}\"}}\n"
    expected = [] if separator == " " else ["STS101"]
    assert [c for _l, _c, c in results(source, "STS1")] == expected, source


def test_a_configured_secret_word_passes_the_gate() -> None:
    value = _fake_value("licence")
    source = f"LICENCE_SEAL = \"{value}\"\n"
    assert results(source, "STS1") == []
    assert [c for _l, _c, c in results(source, "STS1", secret_names="licence_seal")] == [
        "STS101"]


@pytest.mark.parametrize("reader", [
    'os.environ["OPENAI_API_KEY"]', 'os.getenv("OPENAI_API_KEY")',
    'os.environ.get("OPENAI_API_KEY")',
])
def test_environment_secrets_written_to_logs_pass_the_gate(reader: str) -> None:
    source = f"import logging\nimport os\n\nlogging.info({reader})\n"
    assert gates.needs_flow(source, source.lower())
    assert [c for _l, _c, c in results(source, "STS1")] == ["STS106"]


def test_spellings_and_the_shortest_words() -> None:
    assert gates.spellings("api_key") == {"apikey", "api_key", "api-key", "api.key", "api key"}
    assert gates.spellings("token") == {"token"}
    # a word holding a shorter gate word is not searched twice
    assert "secret" in gates.LITERAL_WORDS and "client_secret" not in gates.LITERAL_WORDS
    assert gates.CREDENTIAL_URL_MARK in gates.LITERAL_WORDS
