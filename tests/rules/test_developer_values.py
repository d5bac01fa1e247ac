"""Values a reviewer reads as the developer's own, measured on public apps: a field's
or a widget key's name is not a secret; an ODBC data source's name is not a connection
string; a date or an option stays the developer's value through string methods; the
other keys of a config holding a password are not the password."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, results


@pytest.mark.parametrize("line", [
    'NEXT_PAGE_TOKEN = "nextPageToken"\n',
    'PASSWORD_WIDGET_KEY = "_login_password"\n',
    'ODBC = {"DSN": "Warehouse", "UID": "reporting"}\n',
])
def test_a_name_standing_for_a_field_or_a_data_source_is_no_secret(line: str) -> None:
    check_pass(line, "STS101")


@pytest.mark.parametrize(("line", "col"), [
    ('API_TOKEN = "nextPageToken9Xq"\n', 12),
    ('ODBC = {"dsn": "Driver=ODBC;Server=db;Pwd=Tr0ub4dor3x"}\n', 15),
])
def test_a_value_with_digits_or_connection_keys_still_is(line: str, col: int) -> None:
    check_fail(line, [(1, col, "STS101")], "STS101")


def test_dates_numbers_and_options_through_string_methods_are_constant_for_sql() -> None:
    check_pass(
        """
        import sqlite3

        import streamlit as st

        con = sqlite3.connect("plan.db")
        day = st.date_input("Day").strftime("%Y-%m-%d")
        con.execute(f"SELECT * FROM orders WHERE day = '{day}'")
        year = st.number_input("Year", 2000, 2030)
        month = st.selectbox("Month", range(1, 13))
        con.execute(f"SELECT * FROM orders WHERE day >= '{year}-{month:02d}-01'")
        choice = st.selectbox("Function", ["1 | Orders", "2 | Stock"])
        fid = str(choice).split(" | ")[0].strip()
        con.execute(f"SELECT * FROM functions WHERE id = {fid}")
        """,
        "STS401",
    )


def test_typed_text_through_string_methods_is_still_user_input() -> None:
    check_fail(
        """
        import sqlite3

        import streamlit as st

        con = sqlite3.connect("plan.db")
        name = st.text_input("Name").split(" | ")[0].strip()
        con.execute(f"SELECT * FROM people WHERE name = '{name}'")
        """,
        [(7, 12, "STS401")],
        "STS401",
    )


def test_the_other_keys_of_a_config_holding_a_password_are_not_the_password() -> None:
    check_fail(
        """
        import streamlit as st

        cfg = {"db_type": st.selectbox("Database", ["mysql", "postgresql"]),
               "password": st.text_input("Password", type="password")}
        if cfg["db_type"] == "mysql":
            st.write("MySQL")
        if cfg["password"] == "hunter22":
            st.write("in")
        """,
        [(7, 3, "STS205")],
        "STS205",
    )


def test_a_class_constant_named_after_a_secret_is_not_a_stored_secret() -> None:
    """An Enum member or a class constant is written in the code (STS101 checks it
    there); a settings object's attribute read at run time still is a stored secret."""
    check_fail(
        """
        from enum import StrEnum

        import streamlit as st

        from app_settings import load_settings


        class Msg(StrEnum):
            MISSING_SECRET_FOLDER = "The Drive folder is not configured"
            SECRET_DRIVE = "gdrive_secret"


        st.error(Msg.MISSING_SECRET_FOLDER)
        st.write(Msg.SECRET_DRIVE.value)
        settings = load_settings()
        st.write(settings.api_secret)
        """,
        [(16, 9, "STS105")],
        "STS105",
    )


def test_rows_from_the_apps_database_loop_counters_and_years_are_constant_for_sql() -> None:
    """A refresh job's SQL built from ids the database returned, years and loop
    counters: no value a visitor supplies."""
    check_pass(
        """
        import sqlite3
        from datetime import date, datetime

        import pandas as pd
        import streamlit as st

        conn = st.connection("crm", type="sql")
        con = sqlite3.connect("crm.db")
        this_year = datetime.now().year
        for year in range(2008, this_year + 1):
            conn.query(f"SELECT count(*) FROM donors WHERE year = {year}")
        actions = pd.read_sql("SELECT id_action FROM actions", con)
        for _, row in actions.iterrows():
            conn.query(f"SELECT * FROM gifts WHERE id_action = {row['id_action']}")
        latest = conn.query("SELECT max(label) AS label FROM campaigns")["label"].iloc[0]
        conn.query(f"SELECT * FROM campaigns WHERE label = '{latest}'")
        for (table,) in con.execute("SELECT name FROM sqlite_master").fetchall():
            con.execute(f"SELECT count(*) FROM {table} WHERE updated < '{date.today().month}'")
        """,
        "STS401",
    )


def test_an_uploads_cells_in_sql_are_still_user_input() -> None:
    check_fail(
        """
        import pandas as pd
        import streamlit as st

        conn = st.connection("crm", type="sql")
        upload = st.file_uploader("Donors", type=["csv"])
        if upload:
            for _, row in pd.read_csv(upload).iterrows():
                conn.query(f"SELECT * FROM donors WHERE email = '{row['email']}'")
        """,
        [(8, 19, "STS401")],
        "STS401",
    )


def test_a_table_of_logins_written_in_the_code_is_a_hardcoded_password_check() -> None:
    """``USERS[name] == password`` where ``USERS`` is a dict display of passwords (flat,
    or with a password field per user); a table of labels compared with a text input,
    and a table compared with a hash of the password, are not."""
    check_fail(
        """
        import streamlit as st

        credentials = {"zazi": "Zazi2024!", "funder": "funder-view"}
        USERS = {"admin": {"password": "highland2025", "role": "admin"}}
        LABELS = {"a": "Alpha", "b": "Beta"}
        username = st.text_input("User")
        password = st.text_input("Password", type="password")
        if credentials.get(username) == password:
            st.write("in")
        if USERS[username]["password"] == password:
            st.write("in")
        if USERS[username]["role"] == password:
            st.write("odd")
        if LABELS[username] == st.text_input("Label"):
            st.write("x")
        """,
        [(8, 3, "STS205"), (10, 3, "STS205")],
        "STS205",
    )


def test_a_table_of_logins_with_records_by_position() -> None:
    """``{"alice": ["admin", "s3cret", "all"]}`` looked up by user, then the place the
    password is compared with: that place holds the passwords.  The role in place 0
    compared with a literal is no password check, nor is a table of numbers compared
    with a number typed."""
    check_fail(
        """
        import streamlit as st

        ACCOUNTS = {"Ana Ruiz": ["admin", "Orchid#88", "all"], "Li": ("viewer", "li-2024", "eu")}
        QUOTAS = {"Ana Ruiz": [10, 20]}
        user = st.text_input("User")
        password = st.text_input("Password", type="password")
        if user in ACCOUNTS and password == ACCOUNTS[user][1]:
            st.session_state.ok = True
        if ACCOUNTS[user][0] == "admin":
            st.write("admin tools")
        if QUOTAS[user][1] == st.number_input("Quota"):
            st.write("same")
        """,
        [(7, 24, "STS205")],
        "STS205",
    )


def test_a_records_fields_compared_are_no_login_table() -> None:
    check_pass(
        """
        import getpass

        data = {":action": "user"}
        data["password"] = getpass.getpass("Password: ")
        data["confirm"] = getpass.getpass("Confirm: ")
        if data["password"] != data["confirm"]:
            print("no match")
        """,
        "STS205",
    )


def test_a_links_token_routes_unless_its_presence_logs_the_visitor_in() -> None:
    """``?token=`` of a reset link: testing that it is there routes to the page that
    checks it; a comparison with a literal, an identity claim (``?admin=``) and a token
    whose mere presence sets the login flag decide access."""
    check_fail(
        """
        import streamlit as st

        if "token" in st.query_params:
            st.write("Reset your password")
        reset = st.query_params.get("token")
        if not reset:
            st.stop()
        if st.query_params.get("token") == "letmein2024":
            st.write("admin")
        if st.query_params.get("admin"):
            st.write("admin")
        sso = st.query_params.get("token", None)
        if sso:
            st.session_state["authenticated"] = True
        """,
        [(8, 3, "STS207"), (10, 3, "STS207"), (13, 3, "STS207")],
        "STS207",
    )


@pytest.mark.parametrize("line", [
    "PASSWORD = \"input[type='password']\"\n",
    'SELECTORS = {"password_input": "#pwd-field-x", "token_button": "button.login-now"}\n',
    "XPATH_TOKEN = \"//input[@name='token']\"\n",
])
def test_a_page_elements_selector_is_no_secret(line: str) -> None:
    check_pass(line, "STS101")


def test_a_pages_script_is_no_connection_string() -> None:
    """An HTML page in a string, whose script reads a password field and whose text
    names a server and a user, holds no ``key=value`` connection string."""
    check_pass(
        '''
        PAGE = """
        <p>Server = the API host; user = your login.</p>
        <script>
            const password = document.getElementById('password').value;
            fetch('/login', {method: 'POST', body: password});
        </script>
        """
        ''',
        "STS101",
    )


def test_what_a_constant_query_returns_is_the_databases_own_data() -> None:
    """``session.sql("select current_schema()")`` on any receiver: its rows are the
    database's, so a second query built from them is no injection a visitor makes; a
    query built from the user's text returns rows that are no safer, and its own SQL is
    still reported."""
    check_fail(
        """
        import streamlit as st

        from connection import sf_conn

        schema = sf_conn.session.sql("select current_schema() as CS").to_pandas()["CS"][0]
        sf_conn.session.sql(
            f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}'")
        name = st.text_input("Name")
        sf_conn.session.sql(f"SELECT * FROM people WHERE name = '{name}'")
        """,
        [(9, 20, "STS401")],
        "STS401",
    )


def test_counts_statistics_and_formatted_dates_of_uploaded_data_are_no_markup() -> None:
    """A frame read from an upload holds user text, but its row count, its number of
    distinct values, a mean, its shape and a date written with the program's format are
    digits; the cells themselves, and a date written with the user's format, are not."""
    check_fail(
        """
        import pandas as pd
        import streamlit as st

        up = st.file_uploader("Trips", type=["csv"])
        if up:
            df = pd.read_csv(up)
            drivers = df["Driver"].nunique()
            fast = df[df["Speed"] > 90].shape[0]
            avg = df["Speed"].mean()
            last = pd.to_datetime(df["Date"]).max().strftime("%Y-%m-%d")
            st.markdown(f"<b>{drivers}</b> drivers, {fast} fast, {avg} avg, {last}",
                        unsafe_allow_html=True)
            fmt = st.text_input("Date format", "%d.%m.%Y")
            first = pd.to_datetime(df["Date"]).min()
            st.markdown(f"<i>{first.strftime(fmt)}</i>", unsafe_allow_html=True)
            st.markdown(f"<i>{df['Driver'].iloc[0]}</i>", unsafe_allow_html=True)
        """,
        [(15, 49, "STS402"), (16, 50, "STS402")],
        "STS402",
    )


def test_a_password_checked_against_a_literal_is_one_finding() -> None:
    """``password == "..."`` is a hardcoded password check (STS205), the most specific
    finding for that literal: not STS101 as well, on either side of the comparison."""
    check_fail(
        """
        import streamlit as st

        password = st.text_input("Password", type="password")
        if password == "Adm1nPass!":
            st.write("in")
        if "Adm1nPass!" != password:
            st.stop()
        API_TOKEN = "Zq8vR2mW9xLp4tKd"
        """,
        [(4, 3, "STS205"), (6, 3, "STS205"), (8, 12, "STS101")],
        "STS205",
    )


@pytest.mark.parametrize(("line", "expected"), [
    ('APP_PASSWORD = "lytygvtswbcjuinn"\n', ["STS101"]),  # random letters: a mail app password
    ('DB_PASSWORD = "administrator"\n', []),  # a word: a name, not a value
    ('TOKEN_FIELD_SECRET = "nextpagetokenstr"\n', []),  # words run together
])
def test_random_lowercase_letters_are_a_value_not_a_name(line: str, expected: list[str]) -> None:
    assert [c for _l, _c, c in results(line, "STS101")] == expected
