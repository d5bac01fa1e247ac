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
# DB-API's fetches (PEP 249): rows whatever the cursor was made from (a connection
# handed to a helper as a parameter: ``conn.cursor().fetchall()``).
CURSOR_FETCHES: frozenset[str] = frozenset({"fetchall", "fetchone", "fetchmany"})
# What a database returns: the methods of a connection or cursor that run a query or
# fetch its rows, and the functions reading a query into a DataFrame.  Rows are the app's
# own data: constant for SQL (a second query built from them is no injection a visitor
# makes), not escaped for HTML (STS403 audits them).
ROW_METHODS: frozenset[str] = CURSOR_FETCHES | frozenset(
    {"query", "execute", "fetchdf", "fetch_df", "df", "to_pandas", "read_sql", "scalars",
     "scalar", "all", "first", "one"}
)
DB_READERS: frozenset[str] = frozenset(
    {"pandas.read_sql", "pandas.read_sql_query", "pandas.read_sql_table", "pandas.read_gbq"}
)
# Methods that show a cached function's ``_``-prefixed parameter is a database
# session shared by design, not a user's (STS601).
DB_SESSION_METHODS: frozenset[str] = frozenset(
    {"sql", "table", "execute", "query", "exec", "scalars", "scalar", "get_session",
     "connection", "cursor", "commit", "create_dataframe", "call", "read", "write_pandas"}
)


# Where a dynamic part of a statement stands (STS401).  A part in a value's place
# (inside quotes, after a comparison, in an IN or VALUES list, after LIMIT) is what
# placeholders bind; a part anywhere else is a table or column name, a keyword or a
# whole clause the program assembled, which no placeholder can bind.  Those are
# reported only when the user controls them (RULES.md STS401, docs/rules.md).
_VALUE_END = LazyRe(
    r"(?is)(?:[=<>+*/%-]|\|\||\b(?:like|ilike|glob|regexp|limit|offset|top|between|then|"
    r"else|when|escape|is(?:\s+not)?)|\bbetween\s+\S+\s+and)$"
)
# A piece of a statement (``"AND name = '"``), not HTML: what a clause built apart and
# put into a statement later looks like.
CLAUSE = LazyRe(r"(?i)\b(?:where|and|or|having|like|limit|offset|set|values|between|in)\b")
_HTML_TAG = LazyRe(r"</?[a-zA-Z]")


def clause_text(text: str) -> bool:
    """Text that reads as a piece of a statement (a WHERE condition, ``k = '...'``),
    not HTML."""
    return ("'" in text or CLAUSE.search(text) is not None) and \
        _HTML_TAG.search(text) is None


# The text around a name that makes it a bind marker (``f":{key}"``, ``f"%({key})s"``).
BIND_MARKERS: frozenset[str] = frozenset({":", "@", "$", "%()s"})

_WORD_END = LazyRe(r"(?s)(\w*)\s*$")
_SUBQUERY = LazyRe(r"(?i)\s*(?:select|with)\b")
_LIST_WORDS = frozenset({"in", "values"})


def value_slot(before: str) -> bool:
    """Whether a dynamic part preceded by the statement text ``before`` stands where
    a value goes (``WHERE name = '{x}'``, ``LIMIT {n}``, ``IN ({ids})``) rather than
    a name or a clause (``FROM {table}``, ``ORDER BY {column}``, ``WHERE {clause}``)."""
    if before.count("'") % 2:
        return True  # inside a quoted literal
    text = before[-200:].rstrip()  # what decides is near; long texts stay cheap
    if text.endswith('"') and before.count('"') % 2:
        # "..." quotes a name in standard SQL, a string in MySQL and SQLite after =
        text = text[:-1].rstrip()
        return bool(text) and _VALUE_END.search(text[-40:]) is not None
    if _VALUE_END.search(text[-40:]) is not None:
        return True
    # in a parenthesised list: IN (...) and VALUES (...) hold values, a column list
    # or a function's arguments take what stands before the parenthesis
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                if _SUBQUERY.match(text, i + 1):
                    return False  # a subquery: its own text decides, as read above
                head = text[:i]
                word = _WORD_END.search(head)
                name = word.group(1).lower() if word is not None else ""
                if name in _LIST_WORDS:
                    return True
                rest = head[:word.start(1)] if word is not None else head
                return bool(name) and value_slot(rest)
            depth -= 1
    return False
