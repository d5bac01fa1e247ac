"""STS105/STS106/STS206: ``st.secrets`` holds configuration beside credentials.  An item
under a key naming a setting that is no credential (``[smtp] host``, ``port``,
``sender_email``, ``DATA_FOLDER``; inside a section, ``driver`` and ``database``) is
configuration; a section, a credential's key, a
URL (a database URL carries its password) and any other key stay secrets.  For a secret
read from the app's own config or database (a "stored" secret), the last name read
decides: ``creds.service_account_email`` is no secret."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, results


@pytest.mark.parametrize("read", [
    'st.secrets["smtp"]["host"]', 'st.secrets["smtp"].get("port", 587)',
    'st.secrets["sender_email"]', 'st.secrets.get("DATA_FOLDER")', "st.secrets.smtp.host",
    'st.secrets["gcp"]["project"]', 'st.secrets["llm"]["model_name"]',
    'st.secrets["app_base_url"]', "st.secrets.sql.driver", 'st.secrets["sql"]["database"]',
    'st.secrets["snowflake"].get("warehouse")',
])
def test_a_setting_from_secrets_is_configuration(read: str) -> None:
    check_pass(
        f"""
        import logging

        import streamlit as st

        value = {read}
        st.write(f"Using {{value}}")
        logging.info("using %s", value)
        if st.text_input("Check") == value:
            st.write("same")
        """,
        "STS1",
    )
    check_pass(
        f"import streamlit as st\n\nif st.text_input('x') == {read}:\n    st.write('same')\n",
        "STS206",
    )


@pytest.mark.parametrize("read", [
    'st.secrets["smtp"]', 'st.secrets["smtp"]["password"]', 'st.secrets.get("api_token")',
    'st.secrets["DATABASE_URL"]', "st.secrets", 'st.secrets["connections"]["db"]',
    'st.secrets["app"]["anything"]', 'st.secrets["slack_webhook_url"]',
    'st.secrets["database"]', "st.secrets.driver",
])
def test_credentials_and_anything_else_stay_secrets(read: str) -> None:
    check_fail(f"import streamlit as st\n\nst.write({read})\n", [(3, 9, "STS105")], "STS105")


def test_the_last_name_read_from_a_stored_secret_decides() -> None:
    check_fail(
        """
        import logging

        import streamlit as st

        from services import client, settings

        logging.info("SA %s", client._credentials.service_account_email)
        st.write(settings.credentials["client_id"])
        st.write(settings.credentials["client_secret"])
        st.write(settings.credentials)
        """,
        [(9, 9, "STS105"), (10, 9, "STS105")],
        "STS105",
    )


def test_a_settings_helper_is_decided_by_each_calls_key() -> None:
    """``get_setting(name)`` returning ``st.secrets.get(name)`` or ``st.secrets[name]``:
    a call naming a setting gets configuration, one naming a credential a secret; a
    key the call does not fix stays a secret."""
    check_fail(
        """
        import os

        import streamlit as st


        def get_setting(name, default=None):
            try:
                return st.secrets.get(name, default)
            except Exception:
                return os.getenv(name, default)


        def secret(name):
            return st.secrets[name]


        st.write(get_setting("AI_MODEL"))
        st.write(f"Share: {get_setting('APP_BASE_URL')}/r/1")
        st.caption(secret("GMAIL_SENDER_EMAIL"))
        st.write(get_setting("OPENAI_API_KEY"))
        st.write(secret("smtp_password"))
        st.write(secret(st.text_input("Which")))
        """,
        [(20, 9, "STS105"), (21, 9, "STS105"), (22, 9, "STS105")],
        "STS105",
    )


def test_a_login_name_beside_the_password_is_no_secret() -> None:
    """A login form checked against ``[auth] ADMIN_ID`` / ``ADMIN_PW``: the identifier is
    a name (compared in the clear, shown, logged), the short ``_PW`` form a password."""
    check_fail(
        """
        import streamlit as st

        ADMIN_ID = st.secrets["auth"]["ADMIN_ID"]
        ADMIN_PW = st.secrets["auth"]["ADMIN_PW"]
        user = st.text_input("ID")
        password = st.text_input("Password", type="password")
        if user == ADMIN_ID and password == ADMIN_PW:
            st.write(f"Welcome {ADMIN_ID}")
        """,
        [(7, 24, "STS206")],
        "STS206",
    )


@pytest.mark.parametrize(("line", "expected"), [
    ('DB_PW = "Zq8vR2mW9xLp4tKd"\n', ["STS101"]),
    ('entry_dir = record.pw_dir\nshell = "/bin/bash"\npw_uid = "1000-service"\n', []),
])
def test_pw_is_a_password_as_a_names_last_word(line: str, expected: list[str]) -> None:
    assert [c for _l, _c, c in results(line, "STS101")] == expected


def test_a_secret_masked_out_with_replace_is_no_longer_in_the_text() -> None:
    check_fail(
        """
        import os

        conn_str = f"SERVER=db;UID=app;PWD={os.environ.get('SQL_PASSWORD')}"
        print(conn_str.replace(os.environ.get("SQL_PASSWORD"), "*****"))
        print(conn_str.replace("UID", "User"))
        """,
        [(5, 6, "STS106")],
        "STS106",
    )


def test_a_credential_read_from_a_parameters_headers_stays_a_secret() -> None:
    """``request.headers.get("x-api-key")`` of a helper's parameter: a stored secret (an
    item read from a parameter is also a parameter of its own, for the summaries)."""
    check_fail(
        """
        import logging


        def throttle(request):
            logging.warning(f"key {request.headers.get('x-api-key')}")
            logging.warning(f"from {request.headers.get('x-forwarded-for')}")
        """,
        [(5, 20, "STS106")],
        "STS106",
    )
