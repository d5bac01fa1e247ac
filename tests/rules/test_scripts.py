"""STS401 in a command-line script: a file that runs under ``if __name__ ==
"__main__":``, imports neither Streamlit nor a web framework, formats values its
operator supplies (its command line, its configuration); no
visitor reaches it, so it is not reported.  A module without that guard (a helper the
app imports), a script serving requests (Flask, FastAPI) and a Streamlit page that can
also run as a script are reported as before.  The same holds for STS106 on a
credential such a script read or was issued (not for the deployment's own secrets)."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass

MIGRATION = """
import sys

import pyodbc

CONFIG = {"schema": "SALES"}


def columns(cursor, schema, table):
    cursor.execute(f"SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS "
                   f"WHERE TABLE_SCHEMA = '{schema}' AND TABLE_NAME = '{table}'")
    return [row[0] for row in cursor.fetchall()]


def main():
    cursor = pyodbc.connect("DSN=warehouse").cursor()
    for table in sys.argv[1:]:
        print(table, columns(cursor, CONFIG["schema"], table))
"""


def test_a_migration_script_is_not_reported() -> None:
    check_pass(MIGRATION + '\n\nif __name__ == "__main__":\n    main()\n', "STS401")


def test_the_same_module_without_the_guard_is_a_helper_and_is_reported() -> None:
    check_fail(MIGRATION, [(9, 19, "STS401")], "STS401")


@pytest.mark.parametrize("framework", ["from flask import Flask", "import fastapi",
                                       "import streamlit as st"])
def test_a_script_that_serves_visitors_is_reported(framework: str) -> None:
    check_fail(framework + "\n" + MIGRATION + '\n\nif __name__ == "__main__":\n    main()\n',
               [(11, 19, "STS401")], "STS401")


# STS106: a command-line script printing a credential it read or was issued shows it to
# its operator; the deployment's own secrets printed by a script end in CI logs.
LOGIN_CHECK = """
import logging
import os

import requests

API = "https://api.example.org"


def login(user, password):
    data = requests.post(f"{API}/login", json={"user": user, "password": password}).json()
    token = data["access_token"]
    print(f"Access token: {token[:40]}...")
    logging.info("refresh token %s", data.get("refresh_token"))
    print("key in use:", os.environ["SERVICE_API_KEY"])
    return token
"""


def test_a_script_printing_the_token_it_was_issued_is_not_reported() -> None:
    check_fail(LOGIN_CHECK + '\n\nif __name__ == "__main__":\n    login("me", "pw")\n',
               [(14, 25, "STS106")], "STS106")


def test_the_same_code_in_a_module_the_app_imports_is_reported() -> None:
    check_fail(LOGIN_CHECK, [(12, 10, "STS106"), (13, 37, "STS106"), (14, 25, "STS106")],
               "STS106")
