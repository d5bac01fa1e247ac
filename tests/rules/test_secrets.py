"""STS101–STS106: secrets in code (RULES.md, "STS1xx").

Written from the specification.  ``@@NAME@@`` tokens are fake credentials from
``helpers.FAKES`` (built at test time).  Columns are 0-based ast ``col_offset``s of the
node RULES.md says to report: the string literal (101, 102, 103), the fallback literal
(104), the argument holding the secret (105, 106; for a keyword argument its value).
"""
from __future__ import annotations

from typing import Any

import pytest

from helpers import (
    check_fail, check_pass, flake8_results, messages, results, secret_values, short_id, src,
)

# --------------------------------------------------------------------------- STS101

STS101_FAIL = [
    pytest.param('OPENAI_API_KEY = "@@GENERIC@@"\n', [(1, 17, "STS101")], id="module-constant"),
    pytest.param(
        """
        import os

        DB_HOST = "db.internal"
        DB_PASSWORD = "@@DBPW@@"
        db_password: str = "@@PW@@"
        """,
        [(4, 14, "STS101"), (5, 19, "STS101")],
        id="assign-and-annotated",
    ),
    pytest.param(
        """
        import openai

        openai.api_key = "@@GENERIC@@"
        """,
        [(3, 17, "STS101")],
        id="attribute-target",
    ),
    pytest.param(
        """
        import os

        os.environ["OPENAI_API_KEY"] = "@@GENERIC@@"
        """,
        [(3, 31, "STS101")],
        id="os-environ-item",
    ),
    pytest.param(
        'config = {"model": "gpt-4o-mini", "api_key": "@@GENERIC@@"}\n',
        [(1, 45, "STS101")],
        id="dict-key",
    ),
    pytest.param(
        """
        from openai import OpenAI

        client = OpenAI(api_key="@@GENERIC@@")
        """,
        [(3, 24, "STS101")],
        id="keyword-argument",
    ),
    pytest.param(
        """
        def connect(user, password="@@PW@@"):
            return user, password
        """,
        [(1, 27, "STS101")],
        id="parameter-default",
    ),
    pytest.param(
        """
        def check(password):
            return password == "@@PW@@"
        """,
        [(2, 23, "STS101")],
        id="comparison",
    ),
    pytest.param(
        """
        class Settings:
            apiKey = "@@GENERIC@@"
            github_token = "@@GENERIC2@@"
        """,
        [(2, 13, "STS101"), (3, 19, "STS101")],
        id="camelcase-and-class-attributes",
    ),
    pytest.param(
        """
        import streamlit as st

        ADMIN_PASSWORD = "@@PW2@@"
        pw = st.text_input("Password", type="password")
        """,
        [(3, 17, "STS101")],
        id="streamlit-app",
    ),
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("db", type="sql", password="@@DBPW@@")
        """,
        [(3, 48, "STS101")],
        id="keyword-in-streamlit-call",
    ),
]


STS101_FAIL += [
    pytest.param('x = dict(password="@@PW@@")\n', [(1, 18, "STS101")], id="dict-call-keyword"),
    pytest.param(
        'user, password = "admin", "@@PW@@"\n', [(1, 26, "STS101")], id="tuple-assignment"
    ),
    pytest.param(
        'def f(*, api_key="@@GENERIC@@"):\n    return api_key\n',
        [(1, 17, "STS101")],
        id="keyword-only-default",
    ),
    pytest.param(
        'notify = lambda text, token="@@GENERIC@@": (text, token)\n',
        [(1, 28, "STS101")],
        id="lambda-default",
    ),
    pytest.param(
        'if (token := "@@GENERIC@@"):\n    print("ok")\n',
        [(1, 13, "STS101")],
        id="walrus",
    ),
    pytest.param('clientSecret = "@@GENERIC@@"\n', [(1, 15, "STS101")], id="camel-client-secret"),
    pytest.param(
        'import streamlit as st\nst.session_state.api_key = "@@GENERIC@@"\n',
        [(2, 27, "STS101")],
        id="session-state-attribute",
    ),
    pytest.param(
        'def f(token):\n    return "@@GENERIC@@" == token\n',
        [(2, 11, "STS101")],
        id="literal-on-the-left",
    ),
    pytest.param('CFG = {"db": {"password": "@@PW@@"}}\n', [(1, 26, "STS101")], id="nested-dict"),
    pytest.param(
        'PASSWD = "@@PW@@"\ndb_pwd = "@@PW2@@"\n',
        [(1, 9, "STS101"), (2, 9, "STS101")],
        id="passwd-pwd",
    ),
]


# The password slot (issue 16): any real literal, whatever its length.
STS101_FAIL += [
    pytest.param(
        'import mysql.connector\n'
        'db = mysql.connector.connect(host="localhost", user="root", password="root12")\n',
        [(2, 69, "STS101")],
        id="short-password-keyword",
    ),
    pytest.param(
        'import pymysql\ndb = pymysql.connect(host="db", user="app", passwd="Qz7$")\n',
        [(2, 51, "STS101")],
        id="passwd-keyword-with-dollar",
    ),
    pytest.param(
        # a common word is the password the call sends, not a template's placeholder
        'import mysql.connector as mysql\nimport streamlit as st\n'
        'db = mysql.connect(host=st.secrets.db.host, user="admin", password="password")\n'
        'db2 = mysql.connect(host="db", user="root", passwd="admin")\n',
        [(3, 67, "STS101"), (4, 51, "STS101")],
        id="common-word-in-a-password-slot",
    ),
    pytest.param(
        # a literal passed to the module's own function where its password goes: the
        # seeded admin's password, hashed or not
        'import hashlib\n\n\n'
        'def hash_password(password, salt=""):\n'
        '    return hashlib.sha256((salt + password).encode()).hexdigest()\n\n\n'
        'def add_user(db, name, pwd, role="viewer"):\n'
        '    db.execute("INSERT INTO users VALUES (?, ?, ?)", (name, hash_password(pwd), role))\n'
        '\n\n'
        'SEED = ("admin", hash_password("admin123"), "Admin")\n'
        'add_user(db, "ops", "Opsr00t", "admin")\n',
        [(12, 31, "STS101"), (13, 20, "STS101")],
        id="literal-passed-to-the-modules-own-password-parameter",
    ),
    pytest.param(
        'import psycopg2\nconn = psycopg2.connect("host=db user=app password=k9Lw2 dbname=crm")\n',
        [(2, 24, "STS101")],
        id="libpq-dsn-password",
    ),
    pytest.param(
        'import pyodbc\n'
        'conn = pyodbc.connect("DRIVER={ODBC Driver 18};SERVER=db;UID=sa;PWD=Sql2019!;")\n',
        [(2, 22, "STS101")],
        id="odbc-dsn-pwd",
    ),
    pytest.param(
        'ADMIN_PASSWORD = "Pa55word$42"\n',
        [(1, 17, "STS101")],
        id="trailing-dollar-is-no-regex",
    ),
]


STS101_FAIL += [
    pytest.param('CREDS = {"api_key s3cr3t": "Zq7Lm2vX9pT4kW8rB"}\n', [(1, 27, "STS101")],
                 id="key-with-a-space-that-is-no-label"),
]


@pytest.mark.parametrize(("snippet", "expected"), STS101_FAIL)
def test_STS101_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS101")


STS101_PASS = [
    'import streamlit as st\napi_key = st.secrets["OPENAI_API_KEY"]\n',
    'OPENAI_API_KEY = "your-api-key"\n',
    'OPENAI_API_KEY = "sk-..."\n',
    'password = ""\n',
    'password = "   "\n',
    'api_key = "xxxxxxxxxxxxxxxx"\n',
    'api_key = "<your key here>"\n',
    'api_key = "${OPENAI_API_KEY}"\n',
    'api_key = "$OPENAI_API_KEY"\n',
    'api_key = "env:OPENAI_API_KEY"\n',
    'api_key = "OPENAI_API_KEY"\n',
    'api_key = "{api_key}"\n',
    'password = "********"\n',
    'password = "..."\n',
    'password = "abc123"\n',  # shorter than 8: placeholder for name-based rules
    'secret = "changeme-please"\n',
    'token = "insert-token-here"\n',
    'password = "replace_me_now"\n',
    'api_key = "enter your key"\n',
    'api_key = "my-openai-key"\n',
    'api_key = "dummy-key-for-ci"\n',
    'api_key = "fake-key-123456"\n',
    'api_key = "test-key-123456"\n',
    'api_key = "sample_api_key_123"\n',
    'api_key = "placeholder-value"\n',
    'api_key = "example-key-0000"\n',
    'token = "put-your-token-here"\n',
    # labels of secrets, not secrets
    'password_label = "Enter your password"\n',
    'token_url = "https://oauth2.googleapis.com/token"\n',
    'api_key_env = "openai-prod-key"\n',
    'secret_name = "prod-db-password"\n',
    'password_help = "At least 12 characters, mixed case"\n',
    'password_placeholder = "correct horse battery"\n',
    'token_endpoint = "https://accounts.google.com/o/oauth2/token"\n',
    'credentials_path = "/etc/app/service-account.json"\n',
    'secret_file = "config/secrets-prod.toml"\n',
    'password_field = "password_input_box"\n',
    'api_key_name = "X-Api-Key-Header"\n',
    'token_count = "many tokens here"\n',
    'auth_token_header = "X-Auth-Token-Value"\n',
    # boolean-like prefixes
    'is_secret = "definitely-not-bool"\n',
    'has_token = "yes-it-has-one"\n',
    'use_password = "required-always"\n',
    'show_password = "never-in-prod"\n',
    # other words that merely contain a secret word
    'tokenizer = "bert-base-uncased"\n',
    'secretary = "Jane Doe-Smith"\n',
    'max_tokens_str = "4096-tokens"\n',
    # widgets and reads
    'import streamlit as st\npw = st.text_input("Password", type="password")\n',
    'import streamlit as st\nkey = st.text_input("API key", type="password", placeholder="sk-...",'
    ' help="Get it from platform.openai.com")\n',
    'import os\npassword = os.environ["DB_PASSWORD"]\n',
    'import os\ntoken = os.getenv("HF_TOKEN")\n',
    "password = None\n",
    'password = f"{prefix}{suffix}"\n',
    'def check(password):\n    return password == ""\n',
    'def check(token):\n    return token != "xxxxxxxx"\n',
    'def connect(user, password=None):\n    return user\n',
]


STS101_PASS += [
    # a validation pattern for passwords is not a password
    'PASSWORD_REGEX = r"^(?=.*[A-Z])(?=.*\\d).{12,}$"\n',
    'github_token = "https://github.com/settings/tokens"\n',
]


STS101_PASS += [
    'OPENAI_API_KEY = "sk-proj-..."\n',
    'HF_TOKEN = "hf_********"\n',
    'GROQ_API_KEY = "gsk_xxxxxxxxxxxxxxxxxxxxxxxx"\n',
    'api_key = "<OPENAI_API_KEY>"\n',
    'api_key = "YOUR_API_KEY_HERE"\n',
    'api_key = "REPLACE_WITH_YOUR_KEY"\n',
    'CFG = {"api_key": "sk-your-key-here"}\n',
    'password = "${{ secrets.DB_PASSWORD }}"\n',
    # AWS's documentation example credentials
    'aws_secret_access_key = "' + "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY" + '"\n',
]


STS101_PASS += [
    'import os\nOPENAI_API_KEY = os.getenv("OPENAI_API_KEY")\n'
    'missing = OPENAI_API_KEY == "sk-***"\n',
]


STS101_PASS += [
    # the password slot still skips placeholders, indirections and empty values
    'import pymysql\ndb = pymysql.connect(host="db", user="root", password="")\n',
    'import pymysql\ndb = pymysql.connect(host="db", password="${DB_PASSWORD}")\n',
    'import pymysql\ndb = pymysql.connect(host="db", password="DB_PASSWORD")\n',
    'import pymysql\ndb = pymysql.connect(host="db", password="your-password")\n',
    'import pymysql\ndb = pymysql.connect(host="db", password="<password>")\n',
    'import pymysql\ndb = pymysql.connect(host="db", password="changeme")\n',
    # the module's password parameter given a variable, a filler or nothing; a
    # parameter that is not a password (a hash, a label)
    'def hash_password(password):\n    return password\n\n\n'
    'hash_password(typed)\nhash_password("changeme")\nhash_password("")\n'
    'def show(password_label, pw_hash):\n    return password_label\n\n\n'
    'show("Enter the password", "5f4dcc3b5aa765d61d8327deb882cf99")\n',
    'import pymysql\ndb = pymysql.connect(host="db", password="None")\n',
    'import psycopg2\n'
    'conn = psycopg2.connect("host=db user=app password={} dbname=crm".format(pw))\n',
    'import psycopg2\nconn = psycopg2.connect(f"host=db user=app password={pw} dbname=crm")\n',
    # a short value under another secret-like name is still a name-based guess
    'import requests\nrequests.get(url, token="abc12")\n',
    # a key with spaces is a human-readable label (a ticker table's column)
    'rows = [{"Name": "Bitcoin", "Token ID": "BTC-USD-PERPETUAL1"}]\n',
    'labels = {"API Key": "Paste the key from your dashboard settings page"}\n',
    'COLUMNS = {"Access Token (optional)": "Zq7Lm2vX9pT4kW8rB"}\n',
    # a validation pattern
    'PASSWORD_PATTERN = "^(?=.*[A-Z])(?=.*[0-9]).{12,}$"\n',
]


@pytest.mark.parametrize("snippet", STS101_PASS, ids=short_id)
def test_STS101_pass(snippet: str) -> None:
    check_pass(snippet, "STS101")


def test_STS101_message_names_the_key_not_the_value() -> None:
    [message] = [m for m in messages('OPENAI_API_KEY = "@@GENERIC@@"\n') if m.startswith("STS101")]
    assert "OPENAI_API_KEY" in message
    for value in secret_values():
        assert value not in message


# --------------------------------------------------------------------------- STS102

STS102_FAIL = [
    pytest.param(
        """
        from openai import OpenAI

        client = OpenAI(api_key="@@OPENAI@@")
        """,
        [(3, 24, "STS102")],
        id="openai",
    ),
    pytest.param(
        """
        import boto3

        s3 = boto3.client("s3", region_name="eu-west-1", aws_access_key_id="@@AWS@@")
        """,
        [(3, 67, "STS102")],
        id="aws",
    ),
    pytest.param(
        'TOKENS = ["@@GITHUB@@", "@@HF@@"]\n',
        [(1, 10, "STS102"), (1, 54, "STS102")],
        id="github-and-huggingface-in-a-list",
    ),
    pytest.param(
        'headers = {"Authorization": "Bearer @@GROQ@@"}\n',
        [(1, 28, "STS102")],
        id="groq-bearer-header",
    ),
    pytest.param(
        """
        from huggingface_hub import login

        login("@@HF@@")
        """,
        [(3, 6, "STS102")],
        id="huggingface-positional",
    ),
    pytest.param(
        """
        import os

        os.environ.setdefault("ANTHROPIC_API_KEY", "@@ANTHROPIC@@")
        """,
        [(3, 43, "STS102")],
        id="anthropic",
    ),
    pytest.param(
        """
        import google.generativeai as genai

        genai.configure(api_key="@@GOOGLE@@")
        """,
        [(3, 24, "STS102")],
        id="google-api-key",
    ),
    pytest.param('REPLICATE = "@@REPLICATE@@"\n', [(1, 12, "STS102")], id="replicate"),
    pytest.param(
        """
        import stripe

        stripe_client = stripe.StripeClient("@@STRIPE@@")
        """,
        [(3, 36, "STS102")],
        id="stripe",
    ),
    pytest.param(
        """
        from slack_sdk import WebClient

        slack = WebClient(token="@@SLACK@@")
        """,
        [(3, 24, "STS102")],
        id="slack",
    ),
    pytest.param(
        """
        import streamlit as st

        st.session_state["jwt"] = "@@JWT@@"
        """,
        [(3, 26, "STS102")],
        id="jwt",
    ),
    pytest.param('KEY_PEM = "@@PRIVKEY@@"\n', [(1, 10, "STS102")], id="private-key"),
]


STS102_FAIL += [
    pytest.param(
        """
        import requests


        def geocode(q):
            return requests.get(f"https://maps.googleapis.com/geo?key=@@GOOGLE@@&q={q}")
        """,
        [(5, 24, "STS102")],
        id="inside-an-f-string",
    ),
]


# any file: a module without streamlit and without any secret-like word still gets STS102
STS102_FAIL += [
    pytest.param('TWILIO = "@@TWILIO@@"\n', [(1, 9, "STS102")], id="twilio-plain-module"),
    pytest.param('BOT = "@@TELEGRAM@@"\n', [(1, 6, "STS102")], id="telegram-plain-module"),
    pytest.param('MC = "@@MAILCHIMP@@"\n', [(1, 5, "STS102")], id="mailchimp-plain-module"),
    pytest.param('DISCORD = "@@DISCORD@@"\n', [(1, 10, "STS102")], id="discord-plain-module"),
    pytest.param('SQUARE = "@@SQUARE@@"\n', [(1, 9, "STS102")], id="square-plain-module"),
    pytest.param(
        'import streamlit as st\nTWILIO = "@@TWILIO@@"\n',
        [(2, 9, "STS102")],
        id="twilio-streamlit-module",
    ),
]


STS102_FAIL += [
    pytest.param(
        '"""Example: client = OpenAI(api_key="@@OPENAI@@")"""\n', [(1, 0, "STS102")], id="docstring"
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS102_FAIL)
def test_STS102_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS102")


STS102_PASS = [
    'from openai import OpenAI\nclient = OpenAI(api_key="sk-...")\n',
    'import streamlit as st\nfrom openai import OpenAI\n'
    'client = OpenAI(api_key=st.secrets["OPENAI_API_KEY"])\n',
    'HF_TOKEN = "hf_..."\n',
    'GROQ_API_KEY = "gsk_..."\n',
    'REPLICATE_API_TOKEN = "r8_..."\n',
    'model = "gpt-4o-mini"\n',
    'repo_id = "meta-llama/Llama-3.1-8B-Instruct"\n',
    'pipeline_name = "sk-learn-pipeline-v2"\n',
    'from huggingface_hub import hf_hub_download\n'
    'path = hf_hub_download(repo_id="gpt2", filename="config.json")\n',
    'commit = "3f786850e387550fdab836ed7e6dc881de23001b"\n',
    'run_id = "123e4567-e89b-12d3-a456-426614174000"\n',
    'prefix = "AKIA"\n',
    'prefix = "ghp_"\n',
    'PUBLIC = "-----BEGIN PUBLIC KEY-----"\n',
    'CERT = "-----BEGIN CERTIFICATE-----"\n',
    'SLACK_HINT = "xoxb-your-token"\n',
    'import streamlit as st\n'
    'st.info("Get a key at https://console.groq.com/keys (it starts with gsk_)")\n',
    'import streamlit as st\nst.caption("Paste your OpenAI key (sk-...) in the sidebar")\n',
]


STS102_PASS += [
    'GITHUB = "ghp_' + "x" * 36 + '"\n',
    'AWS_ID = "' + "AKIA" + "IOSFODNN7EXAMPLE" + '"\n',
    'from openai import OpenAI\nclient = OpenAI(api_key="sk-your-key-here")\n',
]


STS102_PASS += [
    # a FASTA sequence: its A/C/G/T runs hold "ACCA" followed by 16 capitals
    'SEQUENCE = """>contig_1 test\nATGGCACCAGTACGTAGCTAGCTAGGATCCATGCAAGTTGCA\n"""\n',
    'PRIMER = "TTGACCAGGATCCATGCAAGTGCA"\n',
]


@pytest.mark.parametrize("snippet", STS102_PASS, ids=short_id)
def test_STS102_pass(snippet: str) -> None:
    check_pass(snippet, "STS102")


def test_STS102_message_names_the_detector_not_the_value() -> None:
    found = [m for m in messages('REPLICATE = "@@REPLICATE@@"\n') if m.startswith("STS102")]
    assert len(found) == 1
    for value in secret_values():
        assert value not in found[0]


# --------------------------------------------------------------------------- STS103

STS103_FAIL = [
    pytest.param(
        """
        from sqlalchemy import create_engine

        engine = create_engine("postgresql://app:@@PW@@@db.internal:5432/prod")
        """,
        [(3, 23, "STS103")],
        id="sqlalchemy-engine",
    ),
    pytest.param(
        'DATABASE_URL = "mysql+pymysql://root:@@DBPW@@@localhost:3306/shop"\n',
        [(1, 15, "STS103")],
        id="module-constant",
    ),
    pytest.param(
        """
        from pymongo import MongoClient

        client = MongoClient("mongodb+srv://admin:@@PW2@@@cluster0.ab1cd.mongodb.net/app")
        """,
        [(3, 21, "STS103")],
        id="mongodb-srv",
    ),
    pytest.param(
        """
        import streamlit as st

        conn = st.connection("pg", type="sql", url="postgresql://reader:@@PW@@@10.0.0.5/analytics")
        """,
        [(3, 43, "STS103")],
        id="st-connection-url",
    ),
    pytest.param(
        'BROKER = "amqp://worker:@@GENERIC@@@rabbitmq:5672//"\n',
        [(1, 9, "STS103")],
        id="amqp",
    ),
]


STS103_FAIL += [
    pytest.param(
        'REMOTE = "https://deploy:@@PW2@@@git.acme.io/app.git"\n',
        [(1, 9, "STS103")],
        id="git-remote",
    ),
    pytest.param(
        """
        def url(host):
            return f"postgresql://app:@@DBPW@@@{host}/prod"
        """,
        [(2, 11, "STS103")],
        id="literal-password-in-f-string",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS103_FAIL)
def test_STS103_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS103")


STS103_PASS = [
    'URL = "postgresql://app@db.internal/prod"\n',
    'URL = "postgresql://app:@db.internal/prod"\n',
    'def url(user, password, host):\n    return f"postgresql://{user}:{password}@{host}/prod"\n',
    'URL = "postgresql://{user}:{password}@{host}/{db}".format(**cfg)\n',
    'URL = "postgresql://app:${DB_PASSWORD}@db/prod"\n',
    'URL = "postgresql://app:<password>@db/prod"\n',
    'URL = "postgresql://app:***@db/prod"\n',
    'URL = "postgresql://app:xxxxxxxx@db/prod"\n',
    'URL = "postgresql://app:your-password@db/prod"\n',
    'URL = "https://user@example.com/path"\n',
    'REPO = "git@github.com:org/repo.git"\n',
    'CONTACT = "mailto:alice@example.com"\n',
    'URL = "sqlite:///data/app.db"\n',
    'URL = "https://api.example.com:8443/v1"\n',
    'URL = "http://localhost:8501"\n',
]


STS103_PASS += [
    'URL = "mongodb://%s:%s@db.internal:27017/app"\n',
    'URL = "postgresql://app:%(password)s@db/prod"\n',
    # format help: the fields' own names where their values go
    'raise ValueError("Use an authenticated URL: redis://user:pass@host:port")\n',
    'HELP = "postgresql://username:password@localhost:5432/db"\n',
]

# ... but one real field among them is a credential
URL_CREDENTIALS_STILL_REPORTED = [
    'URL = "postgresql://user:Tr0ub4dor3@db.internal/prod"\n',
    'URL = "redis://app:pass@cache.internal:6379"\n',
]


@pytest.mark.parametrize("snippet", URL_CREDENTIALS_STILL_REPORTED, ids=short_id)
def test_STS103_a_real_field_beside_format_words_is_reported(snippet: str) -> None:
    check_fail(snippet, [(1, 6, "STS103")], "STS103")


@pytest.mark.parametrize("snippet", STS103_PASS, ids=short_id)
def test_STS103_pass(snippet: str) -> None:
    check_pass(snippet, "STS103")


# --------------------------------------------------------------------------- STS104

STS104_FAIL = [
    pytest.param(
        """
        import os

        api_key = os.getenv("OPENAI_API_KEY", "@@GENERIC@@")
        """,
        [(3, 38, "STS104")],
        id="os-getenv",
    ),
    pytest.param(
        """
        import os

        password = os.environ.get("DB_PASSWORD", "@@DBPW@@")
        """,
        [(3, 41, "STS104")],
        id="os-environ-get",
    ),
    pytest.param(
        """
        import streamlit as st

        token = st.secrets.get("api_token", "@@GENERIC@@")
        """,
        [(3, 36, "STS104")],
        id="st-secrets-get",
    ),
    pytest.param(
        """
        import streamlit as st

        key = st.secrets.get("OPENAI_API_KEY") or "@@GENERIC@@"
        """,
        [(3, 42, "STS104")],
        id="st-secrets-get-or",
    ),
    pytest.param(
        """
        from os import getenv

        SECRET_KEY = getenv("FLASK_SECRET_KEY", "@@GENERIC2@@")
        """,
        [(3, 40, "STS104")],
        id="from-os-import-getenv",
    ),
    pytest.param(
        """
        import os

        token = os.getenv("HF_TOKEN", default="@@GENERIC@@")
        """,
        [(3, 38, "STS104")],
        id="default-keyword",
    ),
]


STS104_FAIL += [
    pytest.param(
        """
        import streamlit as st

        key = st.secrets["openai"].get("api_key", "@@GENERIC@@")
        """,
        [(3, 42, "STS104")],
        id="nested-secrets-section-get",
    ),
]


STS104_FAIL += [
    pytest.param(
        'import streamlit as st\npw = st.secrets.get("db", {}).get("password", "@@DBPW@@")\n',
        [(2, 46, "STS104")],
        id="chained-section-get",
    ),
]


STS104_FAIL += [
    pytest.param(
        'from os import environ\nTOKEN = environ.get("SLACK_BOT_TOKEN", "@@GENERIC@@")\n',
        [(2, 39, "STS104")],
        id="from-os-import-environ",
    ),
]


STS104_FAIL += [
    pytest.param(
        # a password's fallback is the password whenever the variable is unset: short
        # and common words count, as in a password slot
        'import os\nADMIN_PASSWORD = os.getenv("ADMIN_PASSWORD", "admin")\n'
        'DB_PWD = os.environ.get("DB_PWD", "root12")\n',
        [(2, 45, "STS104"), (3, 34, "STS104")],
        id="short-or-common-password-fallback",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS104_FAIL)
def test_STS104_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS104")


STS104_PASS = [
    'import os\nkey = os.getenv("OPENAI_API_KEY", "")\n',
    'import os\nkey = os.getenv("OPENAI_API_KEY")\n',
    'import os\nlevel = os.getenv("LOG_LEVEL", "INFO-verbose")\n',
    'import os\nhost = os.getenv("DATABASE_HOST", "db.internal.local")\n',
    'import streamlit as st\nkey = st.secrets.get("api_key", "your-api-key")\n',
    'import os\nkey = os.environ.get("API_KEY", None)\n',
    'import streamlit as st\npw = st.secrets.get("password") or ""\n',
    'import os\nurl = os.getenv("TOKEN_URL", "https://oauth2.googleapis.com/token")\n',
    'import os\nkey = os.getenv("OPENAI_API_KEY", "sk-...")\n',
    'import os\nkey = os.environ.get("SECRET_KEY", fallback)\n',
    'import streamlit as st\nmodel = st.secrets.get("model", "gpt-4o-mini-2024")\n',
    'import os\nn = os.getenv("PASSWORD_MIN_LENGTH", "12")\n',
    'import os\nkey = os.getenv("API_KEY", "<set me>")\n',
    'import os\nkey = os.getenv("API_KEY", "OPENAI_API_KEY")\n',
]


STS104_PASS += [
    'import os\nk = os.getenv("API_KEY", "SET_ME")\n',
    # a filler or an empty fallback for a password; a short one for another secret
    'import os\npw = os.getenv("DB_PASSWORD", "changeme")\n',
    'import os\npw = os.getenv("DB_PASSWORD", "")\n',
    'import os\npw = os.getenv("DB_PASSWORD", "${DB_PASSWORD}")\n',
    'import os\nkey = os.getenv("API_KEY", "admin")\n',
]


@pytest.mark.parametrize("snippet", STS104_PASS, ids=short_id)
def test_STS104_pass(snippet: str) -> None:
    check_pass(snippet, "STS104")


# --------------------------------------------------------------------------- STS105

STS105_FAIL = [
    pytest.param(
        """
        import streamlit as st

        st.write(st.secrets)
        """,
        [(3, 9, "STS105")],
        id="write-all-secrets",
    ),
    pytest.param(
        """
        import streamlit as st

        st.write("Key:", st.secrets["OPENAI_API_KEY"])
        """,
        [(3, 17, "STS105")],
        id="write-item",
    ),
    pytest.param(
        """
        import os
        import streamlit as st

        key = os.getenv("OPENAI_API_KEY")
        st.code(key)
        """,
        [(5, 8, "STS105")],
        id="getenv-bound-name",
    ),
    pytest.param(
        """
        import streamlit as st

        st.text_input("API key", value=st.secrets["openai"]["api_key"], type="password")
        """,
        [(3, 31, "STS105")],
        id="password-widget-value",
    ),
    pytest.param(
        """
        import streamlit as st

        st.secrets["db"]
        """,
        [(3, 0, "STS105")],
        id="magic-expression",
    ),
    pytest.param(
        """
        import streamlit as st

        api_key = st.secrets["OPENAI_API_KEY"]
        st.sidebar.markdown(f"Using key `{api_key}`")
        """,
        [(4, 20, "STS105")],
        id="fstring-in-sidebar",
    ),
    pytest.param(
        """
        import os
        import streamlit as st

        st.json(dict(os.environ))
        """,
        [(4, 8, "STS105")],
        id="whole-environ",
    ),
    pytest.param(
        """
        import streamlit as st

        st.sidebar.write(st.user.tokens)
        """,
        [(3, 17, "STS105")],
        id="user-tokens",
    ),
    pytest.param(
        """
        import streamlit as st

        left, right = st.columns(2)
        token = st.secrets["hf_token"]
        with right:
            st.metric("HF token", token)
        left.caption(token)
        """,
        [(6, 26, "STS105"), (7, 13, "STS105")],
        id="containers",
    ),
    pytest.param(
        """
        import streamlit as st

        st.error(f"Could not connect with {st.secrets['db_password']}")
        """,
        [(3, 9, "STS105")],
        id="error-message",
    ),
    pytest.param(
        """
        import os
        import streamlit as st

        os.environ
        """,
        [(4, 0, "STS105")],
        id="magic-environ",
    ),
]


STS105_FAIL += [
    pytest.param(
        'import streamlit as st\nkey = st.secrets["OPENAI_API_KEY"]\nkey\n',
        [(3, 0, "STS105")],
        id="magic-bound-name",
    ),
    pytest.param(
        'import streamlit as st\ndb = st.secrets.connections.postgres\nst.write(db)\n',
        [(3, 9, "STS105")],
        id="secrets-section-attribute",
    ),
    pytest.param(
        'import streamlit as st\nst.code(st.user.tokens["id"])\n',
        [(2, 8, "STS105")],
        id="id-token",
    ),
    pytest.param(
        'import pandas as pd\nimport streamlit as st\n'
        'st.dataframe(pd.DataFrame(st.secrets["users"]))\n',
        [(3, 13, "STS105")],
        id="dataframe",
    ),
    pytest.param(
        'import streamlit as st\nst.text_area("Config", value=str(st.secrets.to_dict()))\n',
        [(2, 29, "STS105")],
        id="text-area-value",
    ),
    pytest.param(
        'import os\nimport streamlit as st\nenv = os.environ.copy()\nst.write(env)\n',
        [(4, 9, "STS105")],
        id="environ-copy",
    ),
    pytest.param(
        'import streamlit as st\nst.toast(f"Token: {st.secrets[\'hf_token\']}")\n',
        [(2, 9, "STS105")],
        id="toast",
    ),
]


STS105_FAIL += [
    pytest.param(
        'import json\nimport streamlit as st\n'
        'st.code(json.dumps(st.secrets.to_dict(), indent=2))\n',
        [(3, 8, "STS105")],
        id="json-dumps",
    ),
]


STS105_FAIL += [
    pytest.param(
        'import os\nimport streamlit as st\nfor k, v in os.environ.items():\n'
        '    st.text(f"{k}={v}")\n',
        [(4, 12, "STS105")],
        id="environ-items-loop",
    ),
]


# New roads (issue 16): a key loaded from the app's own settings, an exception's message.
STS105_FAIL += [
    pytest.param(
        """
        import json
        import streamlit as st

        settings = json.load(open("settings.json"))
        st.text_input("OpenAI key", value=settings["openai_api_key"], type="password")
        """,
        [(5, 34, "STS105")],
        id="settings-item-into-password-widget",
    ),
    pytest.param(
        # each stored key prefilled, also after the one before was replaced by what the
        # visitor typed; the typed one read back is the visitor's own
        """
        import json
        import streamlit as st

        keys = json.load(open("api_keys.json"))
        keys["serpapi_api_key"] = st.text_input(
            "SerpApi", value=keys.get("serpapi_api_key", ""), type="password")
        keys["serper_api_key"] = st.text_input(
            "Serper", value=keys.get("serper_api_key", ""), type="password")
        st.caption(keys.get("serpapi_api_key", ""))
        """,
        [(6, 21, "STS105"), (8, 20, "STS105")],
        id="every-stored-key-prefilled",
    ),
    pytest.param(
        """
        import streamlit as st
        from db import session, Settings

        row = session.query(Settings).first()
        key = row.value.get("openai_api_key", "")
        with st.form("settings"):
            st.text_input("API key", value=key, type="password")
        """,
        [(7, 35, "STS105")],
        id="database-row-get-bound-name",
    ),
    pytest.param(
        """
        import streamlit as st
        import config

        st.caption(f"Using {config.OPENAI_API_KEY}")
        """,
        [(4, 11, "STS105")],
        id="config-module-attribute",
    ),
    pytest.param(
        """
        import streamlit as st

        st.exception(ValueError(f"bad key {st.secrets['api_key']}"))
        """,
        [(3, 24, "STS105")],
        id="st-exception-message",
    ),
    pytest.param(
        """
        import streamlit as st

        key = st.secrets["api_key"]
        if not key.startswith("sk-"):
            raise ValueError(f"malformed key {key}")
        """,
        [(5, 21, "STS105")],
        id="raised-exception-message",
    ),
    pytest.param(
        """
        import streamlit as st

        def load():
            frame = [1, 2, 3]
            return frame, st.secrets["api_key"]

        rows, key = load()
        st.write(key)
        """,
        [(8, 9, "STS105")],
        id="tuple-position-of-the-secret",
    ),
    pytest.param(
        """
        import streamlit as st

        def send(subject):
            return {"sent": True, "subject": subject,
                    "recipients": st.secrets["EMAIL_RECIPIENTS"]}

        result = send("report")
        st.write(result)
        st.write(", ".join(result["recipients"]))
        """,
        [(8, 9, "STS105"), (9, 9, "STS105")],
        id="result-dict-whole-and-secret-item",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS105_FAIL)
def test_STS105_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS105")


STS105_PASS = [
    'import streamlit as st\nst.write("OPENAI_API_KEY" in st.secrets)\n',
    "import streamlit as st\nst.write(len(st.secrets))\n",
    'import os\nimport streamlit as st\nst.write(bool(os.getenv("OPENAI_API_KEY")))\n',
    'import os\nimport streamlit as st\nst.write(os.getenv("HOME"))\n',
    'import os\nimport streamlit as st\nst.write(os.environ["APP_MODE"])\n',
    'import os\nimport streamlit as st\nst.write(os.environ.get("STREAMLIT_SERVER_PORT"))\n',
    'import streamlit as st\nkey = st.text_input("API key", type="password")\n',
    'import streamlit as st\nconfigured = "api_key" in st.secrets\nst.success(configured)\n',
    'import streamlit as st\n'
    'st.success("Key configured" if "api_key" in st.secrets else "Key missing")\n',
    "import streamlit as st\nst.write(st.user.email)\n",
    'import streamlit as st\nst.metric("Secrets loaded", len(st.secrets))\n',
    'import streamlit as st\nfrom openai import OpenAI\napi_key = st.secrets["OPENAI_API_KEY"]\n'
    "client = OpenAI(api_key=api_key)\n",
    'import streamlit as st\nkey = st.secrets["OPENAI_API_KEY"]\nst.write("*" * len(key))\n',
    'import streamlit as st\nif st.secrets.get("api_key") is None:\n'
    '    st.error("Set api_key in secrets.toml")\n',
]


STS105_PASS += [
    # rows read with credentials passed as the reader's options are data, not the key
    'import pandas as pd\nimport streamlit as st\nCREDS = st.secrets["aws"]\n'
    'OPTS = {"key": CREDS["access_key"], "secret": CREDS["secret_key"]}\n'
    'df = pd.read_parquet("s3://bucket/metrics/", storage_options=OPTS).head()\n'
    'st.write(df)\nst.dataframe(pd.read_csv("s3://bucket/a.csv", storage_options=OPTS))\n',
]


STS105_PASS += [
    '"""Reads st.secrets and shows whether keys are set."""\nimport streamlit as st\n',
    'import os\nimport streamlit as st\nst.write(os.getenv("REGION"))\n',
    'import streamlit as st\nst.caption("Set OPENAI_API_KEY in .streamlit/secrets.toml")\n',
]


STS105_PASS += [
    'import streamlit as st\nst.write("set" if st.secrets.get("k") else "missing")\n',
    'import streamlit as st\n'
    'st.text_input("API key", value=st.session_state.get("api_key", ""), type="password")\n',
]


STS105_PASS += [
    # the result of a function that reads a secret, read under keys that do not hold it
    """
    import smtplib
    import streamlit as st

    RECIPIENTS = st.secrets["EMAIL_RECIPIENTS"].split(",")

    def send(subject, body):
        summary = {"sent": False, "recipients": list(RECIPIENTS), "subject": subject,
                   "records": 3, "error": ""}
        try:
            with smtplib.SMTP_SSL("smtp.example.org", 465) as server:
                server.login(st.secrets["EMAIL_SENDER"], st.secrets["EMAIL_PASSWORD"])
            summary["sent"] = True
        except Exception as exc:
            summary["error"] = str(exc)
        return summary

    res = send("Daily report", "<p>hi</p>")
    if res.get("sent"):
        st.success(f"Sent {res.get('records', 0)} rows: {res['subject']}")
        st.write(f"{len(res.get('recipients', []))} recipient(s)")
    else:
        st.error(res.get("error", "Unknown error"))
    """,
    # the other elements of a returned tuple
    """
    import streamlit as st

    def load():
        return [1, 2], st.secrets["api_key"], "ok"

    rows, key, status = load()
    st.dataframe(rows)
    st.write(status)
    st.write(load()[0])
    """,
    # the session's own state and the user's own input
    'import streamlit as st\n'
    'st.text_input("Key", value=st.session_state["openai_api_key"], type="password")\n',
    'import streamlit as st\nst.write(st.session_state.settings["openai_api_key"])\n',
    'import streamlit as st\nst.write(st.query_params.get("token"))\n',
    # labels, classes and coins
    'import streamlit as st\nfor row in rows:\n    st.write(row["Token"], row["Token ID"])\n',
    "import streamlit as st\nfrom google.oauth2 import service_account\n"
    "st.write(service_account.Credentials)\n",
    'import streamlit as st\nfor chunk in stream:\n    st.write(chunk.token.text)\n',
    'import streamlit as st\nst.write(settings["openai_api_key_name"], settings["model"])\n',
    # an exception without the secret
    'import streamlit as st\nif "api_key" not in st.secrets:\n'
    '    raise KeyError("api_key missing from secrets.toml")\n',
    'import streamlit as st\nkey = st.secrets["api_key"]\nif len(key) < 20:\n'
    '    raise ValueError(f"api_key too short ({len(key)} characters)")\n',
    'import streamlit as st\nst.exception(RuntimeError("the API key is missing"))\n',
    # a path by convention
    'import os\nimport streamlit as st\n'
    'path = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS", "sa.json")\n'
    'if not os.path.exists(path):\n    raise FileNotFoundError(f"not found: {path}")\n',
    # an API's page cursor, kept from the last response, shown for the next request
    'import streamlit as st\nres = st.session_state.get("_search")\n'
    'if res:\n    nxt = res["data"].get("continuationToken")\n'
    '    st.info(f"Next page: {nxt}")\n',
]


@pytest.mark.parametrize("snippet", STS105_PASS, ids=short_id)
def test_STS105_pass(snippet: str) -> None:
    check_pass(snippet, "STS105")


# --------------------------------------------------------------------------- STS106

STS106_FAIL = [
    pytest.param(
        """
        import streamlit as st

        print(st.secrets["db"]["password"])
        """,
        [(3, 6, "STS106")],
        id="print-item",
    ),
    pytest.param(
        """
        import logging
        import os

        logging.info("key=%s", os.getenv("OPENAI_API_KEY"))
        """,
        [(4, 23, "STS106")],
        id="logging-getenv",
    ),
    pytest.param(
        """
        import logging

        import streamlit as st

        logger = logging.getLogger(__name__)
        token = st.secrets["hf_token"]
        logger.debug(f"Using token {token}")
        """,
        [(7, 13, "STS106")],
        id="logger-fstring",
    ),
    pytest.param(
        """
        import os

        print(os.environ)
        """,
        [(3, 6, "STS106")],
        id="print-environ",
    ),
    pytest.param(
        """
        import streamlit as st

        api_key = st.secrets["OPENAI_API_KEY"]
        print("headers:", {"Authorization": f"Bearer {api_key}"})
        """,
        [(4, 18, "STS106")],
        id="nested-in-dict",
    ),
    pytest.param(
        """
        import logging

        import streamlit as st

        logger = logging.getLogger("auth")
        logger.warning("user tokens %s", st.user.tokens)
        """,
        [(6, 33, "STS106")],
        id="user-tokens",
    ),
    pytest.param(
        """
        import os

        print(os.environ["DB_PASSWORD"])
        """,
        [(3, 6, "STS106")],
        id="environ-item",
    ),
]


STS106_FAIL += [
    pytest.param(
        """
        import logging

        import streamlit as st

        log = logging.getLogger(__name__)
        try:
            pass
        except Exception:
            log.exception("failed with key %s", st.secrets["api_key"])
        """,
        [(9, 40, "STS106")],
        id="named-log-exception",
    ),
]


STS106_FAIL += [
    pytest.param(
        'import streamlit as st\napi_key = st.secrets["k"]\nprint(f"{api_key=}")\n',
        [(3, 6, "STS106")],
        id="fstring-debug-specifier",
    ),
]


STS106_FAIL += [
    pytest.param(
        'import logging\nimport os\nlogger = logging.getLogger(__name__)\n'
        'logger.debug("env: %s", dict(os.environ))\n',
        [(4, 24, "STS106")],
        id="logger-whole-environ",
    ),
]


STS106_FAIL += [
    pytest.param(
        'import logging, os\nlog = logging.getLogger(__name__)\n'
        'log.info("token=%s", os.getenv("GITHUB_TOKEN"))\n',
        [(3, 21, "STS106")],
        id="plain-module-named-log",
    ),
    pytest.param(
        'import os\ndef debug():\n    print({k: v for k, v in os.environ.items()})\n',
        [(3, 10, "STS106")],
        id="plain-module-environ-comprehension",
    ),
]


STS106_FAIL += [
    pytest.param(
        'import logging\nimport yaml\n\ncfg = yaml.safe_load(open("config.yaml"))\n'
        'logging.debug("connecting with %s", cfg["db_password"])\n',
        [(5, 36, "STS106")],
        id="config-item-logged",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS106_FAIL)
def test_STS106_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS106")


STS106_PASS = [
    'import os\nprint("OPENAI_API_KEY" in os.environ)\n',
    'import logging\nimport streamlit as st\n'
    'logging.info("key set: %s", bool(st.secrets.get("api_key")))\n',
    "import streamlit as st\nprint(len(st.secrets))\n",
    'import logging\nimport streamlit as st\nlogger = logging.getLogger(__name__)\n'
    'logger.info("user %s logged in", st.user.email)\n',
    'import os\nprint(os.getenv("PORT"))\n',
    'import logging\nimport streamlit as st\nlogger = logging.getLogger(__name__)\n'
    'logger.info("Loaded %d secrets", len(st.secrets))\n',
    'import os\nprint(os.environ.get("STREAMLIT_SERVER_PORT", "8501"))\n',
    'import logging\nimport os\n'
    'logging.warning("DB_PASSWORD missing: %s", "DB_PASSWORD" not in os.environ)\n',
]


STS106_PASS += [
    'import streamlit as st\nprint("len", len(st.secrets["api_key"]))\n',
    'import logging\nimport streamlit as st\n'
    'logging.info("sections: %d", len(st.secrets.to_dict()))\n',
]


STS106_PASS += [
    'import streamlit as st\napi_key = st.secrets["k"]\nprint(f"{len(api_key)=}")\n',
]


STS106_PASS += [
    # the counts of a send function that read the sender's password
    'import streamlit as st\n\ndef send():\n'
    '    pw = st.secrets["EMAIL_PASSWORD"]\n'
    '    return {"sent": bool(pw), "records": 12, "password": pw}\n\n'
    'out = send()\nprint(f"sent={out[\'sent\']} records={out.get(\'records\')}")\n',
]


@pytest.mark.parametrize("snippet", STS106_PASS, ids=short_id)
def test_STS106_pass(snippet: str) -> None:
    check_pass(snippet, "STS106")


def test_fakes_are_format_valid() -> None:
    """The fixtures must really look like the formats they stand for (guards the tests)."""
    import re

    openai = r"sk-[A-Za-z0-9-_]*[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"
    assert re.fullmatch(openai, src("@@OPENAI@@"))
    assert re.fullmatch(r"AKIA[0-9A-Z]{16}", src("@@AWS@@"))
    assert re.fullmatch(r"ghp_[A-Za-z0-9_]{36}", src("@@GITHUB@@"))
    assert re.fullmatch(r"hf_[A-Za-z]{34}", src("@@HF@@"))
    assert re.fullmatch(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA", src("@@ANTHROPIC@@"))
    assert re.fullmatch(r"AIza[0-9A-Za-z_-]{35}", src("@@GOOGLE@@"))
    assert re.fullmatch(r"gsk_[A-Za-z0-9]{52}", src("@@GROQ@@"))
    assert re.fullmatch(r"r8_[A-Za-z0-9]{37}", src("@@REPLICATE@@"))
    assert re.fullmatch(r"sk_live_[0-9a-zA-Z]{24}", src("@@STRIPE@@"))


# ------------------------------------------------- STS102/STS103: the pass-end scan

def _literal_values() -> Any:
    from hypothesis import strategies as st

    from helpers import FAKES

    piece = st.one_of(
        st.text(max_size=30),
        st.sampled_from(sorted(FAKES.values())),
        st.sampled_from(["postgresql://app:" + "hunter22@db/prod", "https://user@host/x",
                         "api_key = ", "-us-west-2", "ĪSTANBUL İ", "x" * 45, "key"]),
    )
    return st.lists(piece, min_size=1, max_size=4).map("".join)


def test_literals_judged_together_as_each_alone() -> None:
    """The literals of a pass are pre-filtered joined (by NUL), then judged alone
    where the pre-filter points: the same findings as judging every one alone."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from flake8_streamlit_security import secretscan
    from flake8_streamlit_security.vocab import url_password
    from helpers import results as found

    @settings(max_examples=150, deadline=None)
    @given(st.lists(_literal_values(), min_size=1, max_size=12))
    def check(values: list[str]) -> None:
        code = "".join(f"v{i} = {v!r}\n" for i, v in enumerate(values))
        expected = []
        for i, v in enumerate(values):
            if len(v) < 12:
                continue
            if secretscan.detect(v):
                expected.append((i + 1, len(f"v{i} = "), "STS102"))
            if url_password(v):
                expected.append((i + 1, len(f"v{i} = "), "STS103"))
        assert found(code, ("STS102", "STS103")) == sorted(expected)

    check()


# ------------------------------------------------ files without Streamlit: the header

_HEADER = (
    "#!/usr/bin/env python3\n"
    "# Copyright 2026 Example Inc.  Licensed under the Apache License, Version 2.0:\n"
    "# http://www.apache.org/licenses/LICENSE-2.0 -- the token and secret words here,\n"
    "# and postgresql://user:" + "hunter22@host, are comments, not code.\n"
    "\n"
)


def test_a_leading_comment_block_is_not_code(monkeypatch) -> None:
    """Hot words only in the comments a file starts with: no analysis at all."""
    from flake8_streamlit_security import plugin
    from helpers import run_plugin

    def no_analysis(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("analyzed a file whose only hot words are comments")

    monkeypatch.setattr(plugin, "analyze", no_analysis)
    assert run_plugin(_HEADER + "def add(a, b):\n    return a + b\n", filename="util.py") == []


def test_hot_lines_past_the_header_keep_their_numbers() -> None:
    code = _HEADER + src("""
        import logging

        API_TOKEN = "@@GENERIC@@"
        DSN = "postgresql://app:@@PW@@@db.internal/prod"
        """)
    assert results(code, ("STS101", "STS103"), filename="util.py") == [
        (8, 12, "STS101"), (9, 6, "STS101"), (9, 6, "STS103")]


def test_hot_lines_after_text_that_lower_casing_lengthens() -> None:
    """``"İ".lower()`` is two characters: offsets found in the lower-cased text of a
    file without Streamlit no longer point at its lines, so every line is walked
    (the secret below was missed when its line number drifted by 300)."""
    code = 'TITLE = "' + "\u0130" * 300 + '"\n' + "x = 1\n" * 5 + src("""
        DB_PASSWORD = "@@DBPW@@"
        DSN = "postgresql://app:@@PW@@@db.internal/prod"
        """) + "y = 2\n" * 10
    assert results(code, ("STS101", "STS103"), filename="util.py") == [
        (7, 14, "STS101"), (8, 6, "STS101"), (8, 6, "STS103")]


def test_one_finding_per_literal_the_format_wins() -> None:
    """RULES.md "Output": a detected credential bound to a secret-like name, or given as
    a secret's fallback, is one STS102, not STS101 or STS104 beside it."""
    snippet = (
        'import os\n\nOPENAI_API_KEY = "@@OPENAI@@"\n'
        'key = os.getenv("OPENAI_API_KEY", "@@OPENAI@@")\n'
        'settings = {"api_key": "@@OPENAI@@", "password": "@@PW@@"}\n'
    )
    assert results(snippet, "STS1") == [
        (3, 17, "STS102"), (4, 34, "STS102"), (5, 23, "STS102"), (5, 95, "STS101")]


def test_a_credential_in_a_comment_is_reported() -> None:
    snippet = ('import os\n\n# old key: @@OPENAI@@\n'
               'KEY = os.environ["OPENAI_API_KEY"]  # was @@GITHUB@@\n')
    assert results(snippet, "STS1") == [(3, 0, "STS102"), (4, 36, "STS102")]
    assert [m.split(" credential in a ")[1].split(";")[0] for m in messages(snippet)] == [
        "comment", "comment"]
    assert not any(value in m for m in messages(snippet) for value in secret_values())


@pytest.mark.parametrize("snippet", [
    'KEY = "set me"  # e.g. sk-proj-...\n',
    '# the key looks like gsk_YOUR_KEY_HERE\n',
    '# @@OPENAI@@  # pragma: allowlist secret\n',
    '# pragma: allowlist nextline secret\n# @@OPENAI@@\n',
])
def test_comments_without_a_real_credential_pass(snippet: str) -> None:
    assert results(snippet, "STS102") == []


def test_a_hash_inside_a_string_is_not_a_comment() -> None:
    snippet = 'NOTE = "# key: @@OPENAI@@"\n'
    assert results(snippet, "STS102") == [(1, 7, "STS102")]
    assert " credential in a string literal;" in messages(snippet)[0]


def test_comments_without_a_credential_never_load_detect_secrets(tmp_path) -> None:
    """Coverage pragmas and comments that talk about tokens are the common case: judging
    them must not import detect-secrets (a third of a second and 20 MiB per process),
    which is only needed to honour an allowlist pragma next to a real finding."""
    import subprocess
    import sys

    app = tmp_path / "app.py"
    app.write_text(
        "import streamlit as st\n\n"
        "def load():  # pragma: no cover\n"
        "    # the ACCA export's access token lives in st.secrets; see the docs #setup\n"
        "    return st.secrets['api']['token']  # pragma: no branch\n",
        encoding="utf-8",
    )
    code = (
        "import ast, sys\n"
        "from flake8_streamlit_security.plugin import Plugin\n"
        "path = sys.argv[1]\n"
        "lines = open(path, encoding='utf-8').readlines()\n"
        "found = list(Plugin(ast.parse(''.join(lines)), lines, path).run())\n"
        "print(len(found), 'detect_secrets' in sys.modules)\n"
    )

    def lint() -> list[str]:
        proc = subprocess.run([sys.executable, "-c", code, str(app)], capture_output=True,
                              text=True, check=True)
        return proc.stdout.split()

    lint()  # may fill the pattern cache (dspatterns), which imports detect-secrets once
    assert lint() == ["0", "False"]


# ------------------------------------------------------------------ test fixtures
FIXTURE = """
import os
from unittest import mock

from app.redact import redact

DB_URL = "postgresql://app:@@PW@@@db.internal/prod"


def test_redacts_password():
    assert "@@DBPW@@" not in redact(password="@@DBPW@@")


def test_env_fallback():
    with mock.patch.dict(os.environ, {"OPENAI_API_KEY": "@@GENERIC@@"}):
        assert os.getenv("OPENAI_API_KEY", "@@GENERIC2@@")


def test_sanitizer_masks_keys():
    assert redact("@@OPENAI@@") == "sk-***"
"""
FIXTURE_STRICT = [(6, 9, "STS103"), (10, 55, "STS101"), (14, 56, "STS101"),
                  (15, 43, "STS104"), (19, 18, "STS102")]


@pytest.mark.parametrize("filename", [
    "tests/test_redact.py", "test/unit/helpers.py", "pkg/tests/fixtures/data.py",
    "test_settings.py", "app/redact_test.py", "conftest.py",
])
def test_name_based_secrets_are_not_reported_in_test_files(filename: str) -> None:
    """Dummy passwords, ``u:p@host`` URLs and fallbacks in a test's fixtures are not
    reported; a credential in a known format is (a real key pasted into a test is
    as leaked as one in the app)."""
    assert results(FIXTURE, "STS1", filename=filename) == [(19, 18, "STS102")]


@pytest.mark.parametrize("filename", [
    "app.py", "pages/1_tests.py", "testing.py", "attest.py", "contest/app.py", "test.py",
])
def test_other_files_keep_every_finding(filename: str) -> None:
    assert results(FIXTURE, "STS1", filename=filename) == FIXTURE_STRICT


PAGE_NAMED_LIKE_A_TEST = """
import streamlit as st
import pyodbc

conn = pyodbc.connect(server="db.internal", user="report", password="Summer2024!")
st.dataframe(conn.execute("SELECT 1").fetchall())
"""


@pytest.mark.parametrize("filename", ["views/p_Dashboard_test.py", "test_page.py"])
def test_a_streamlit_page_named_like_a_test_is_the_apps(filename: str) -> None:
    """An app's page that happens to be called ``*_test.py`` keeps its findings; with a
    test framework imported, or in a tests folder, it is a test."""
    assert results(PAGE_NAMED_LIKE_A_TEST, "STS101", filename=filename) == [
        (4, 68, "STS101")]
    assert results("import pytest\n" + PAGE_NAMED_LIKE_A_TEST, "STS101",
                   filename=filename) == []
    assert results(PAGE_NAMED_LIKE_A_TEST, "STS101", filename="tests/" + filename) == []


CONNECTION_SCRIPT = """
import psycopg2

conn = psycopg2.connect(host="db.internal", user="report", password="Winter2025!")
print(conn.cursor().execute("SELECT 1"))
"""


@pytest.mark.parametrize("filename", ["test_database.py", "scripts/db_test.py"])
def test_a_script_named_like_a_test_that_holds_no_tests_is_the_apps(filename: str) -> None:
    """``test_database.py`` that connects once to see the database answer is a script,
    not a test: no test framework, no ``test_*`` function or ``Test*`` class.  Its
    password is as real as the app's.  With a test in it, or in a tests folder, it is a
    test module again."""
    assert results(CONNECTION_SCRIPT, "STS101", filename=filename) == [(3, 68, "STS101")]
    for shape in ("def test_connects():\n    assert conn\n",
                  "class TestDatabase:\n    pass\n", "import unittest\n"):
        assert results(CONNECTION_SCRIPT + shape, "STS101", filename=filename) == []
    assert results(CONNECTION_SCRIPT, "STS101", filename="tests/" + filename) == []


def test_strict_tests_option_reports_fixtures_too() -> None:
    """``--streamlit-strict-tests`` (through flake8's own option machinery)."""
    assert flake8_results(FIXTURE, filename="tests/test_redact.py") == [(19, 18, "STS102")]
    assert flake8_results(FIXTURE, ["--streamlit-strict-tests"],
                          filename="tests/test_redact.py") == FIXTURE_STRICT


def test_a_value_that_only_names_its_slot_is_no_hardcoded_secret() -> None:
    """A settings dict whose values restate their fields is a template to fill in; a
    real (if weak) password beside it is reported, and so is a check against the
    same words (there the literal is the password)."""
    check_fail('''
        import streamlit as st

        DB = {"user": "DatabaseUser", "password": "DatabasePassword", "api_key": "api_key_here"}
        ADMIN = {"password": "SuperSecretPassword"}

        password = st.text_input("Password", type="password")
        if password == "DatabasePassword":
            st.write("welcome")
        ''', [(4, 21, "STS101"), (7, 3, "STS205")], "STS101")


# A mail provider's app password, built here so no such literal is committed.
_APP_PASSWORD = " ".join(["qwrt", "plkj", "hgfd", "szxc"])


def test_an_app_password_under_a_password_name() -> None:
    """Lowercase letters with few vowels, in one run or in groups of four, under a
    password name: a real app password (its entropy per character is low, its shape is
    not a word's).  Words, and the provider's alphabet sample, are not."""
    snippet = (
        f'SMTP_PASSWORD = "{_APP_PASSWORD}"\n'
        f'MAIL_PASSWORD = "{_APP_PASSWORD.replace(" ", "")}"\n'
        'SAMPLE_PASSWORD = "abcd efgh ijkl mnop"\n'
        'HINT_PASSWORD = "your mail app password"\n'
        'TABLE_PASSWORD = "streamlitappusers"\n'
    )
    assert results(snippet, "STS101") == [(1, 16, "STS101"), (2, 16, "STS101")]
