"""SQL: what reads as a statement, the calls that run it, database connections.

STS401 reads these; so do the engine (connections are values) and the text gate that
lets a file without Streamlit skip data flow (:mod:`.gates`).
"""
from __future__ import annotations

from flake8_streamlit_security.lazyre import LazyRe

# The words a statement starts with; :data:`STATEMENT` is the pattern that decides.
STATEMENT_WORDS: tuple[str, ...] = (
    "select", "insert", "update", "delete", "with", "drop", "alter", "create", "truncate",
    "merge", "grant", "revoke", "pragma",
)
STATEMENT = LazyRe(
    r"(?is)\bselect\b.+?\bfrom\b|\binsert\s+(or\s+\w+\s+)?into\b|\bupdate\b\s+[\w.\"`\[\]]+"
    r"\s+set\b|\bdelete\s+from\b|\bwith\s+\w+\s+as\s*\(|\b(drop|alter|create)\s+"
    r"(or\s+replace\s+)?(temp\w*\s+)?(table|view|index|database|schema)\b|\btruncate\s+table\b"
    r"|\bmerge\s+into\b|\bgrant\b.+?\bto\b|\brevoke\b.+?\bfrom\b|\bpragma\s+\w+"
)
STATEMENT_WORD = LazyRe(r"(?i)" + "|".join(STATEMENT_WORDS))

# Query sinks: methods of any receiver, and functions (their first argument is SQL).
SQL_METHODS: frozenset[str] = frozenset(
    {"query", "execute", "executemany", "executescript", "sql", "read_sql", "read_sql_query",
     "exec_driver_sql", "raw", "execute_string", "run_query", "fetch_df", "fetchdf"}
)
# The kind of a query sink, by its method or function name (the last dotted part):
# how its driver binds values, for STS401's advice (codes.py SQL_REMEDIES).
SQL_SINK_KINDS: dict[str, str] = {
    "query": "connection", "text": "text", "execute": "dbapi", "executemany": "dbapi",
    "executescript": "script", "read_sql": "pandas", "read_sql_query": "pandas",
    "read_database": "pandas", "sql": "session", "exec_driver_sql": "dbapi",
    "duckdb.query": "session",
}


def sql_sink_kind(call: str) -> str:
    """The kind of the query sink a call chain ends at (``f -> .execute``: dbapi)."""
    last = call.rsplit(" -> ", 1)[-1]
    return SQL_SINK_KINDS.get(last) or SQL_SINK_KINDS.get(last.rsplit(".", 1)[-1], "")


SQL_FUNCS: frozenset[str] = frozenset(
    {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text",
     "pandas.read_sql", "pandas.read_sql_query", "duckdb.sql", "duckdb.query",
     "duckdb.execute", "pandasql.sqldf", "polars.read_database", "polars.sql"}
)

# Calls returning a database connection or engine, and the methods of one that
# return another (a cursor, a session).
CONNECTORS: frozenset[str] = frozenset(
    {"sqlite3.connect", "duckdb.connect", "psycopg2.connect", "psycopg.connect",
     "pymysql.connect", "mysql.connector.connect", "sqlalchemy.create_engine",
     "snowflake.connector.connect"}
)
STREAMLIT_CONNECTION = "streamlit.connection"
CONNECTION_METHODS: frozenset[str] = frozenset(
    {"session", "cursor", "connect", "raw_connection", "begin"}
)
# Methods that show a cached function's ``_``-prefixed parameter is a database
# session shared by design, not a user's (STS601).
DB_SESSION_METHODS: frozenset[str] = frozenset(
    {"sql", "table", "execute", "query", "exec", "scalars", "scalar", "get_session",
     "connection", "cursor", "commit", "create_dataframe", "call", "read", "write_pandas"}
)
