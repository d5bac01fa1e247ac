"""Deterministic generators for the benchmark's inputs.

* :func:`small_apps` -- the 50 small Streamlit app files of the corpus: every file of
  ``examples/`` and ``tests/corpus/``, topped up with realistic variants rendered from a
  few templates (chatbots, dashboards, uploaders, SQL explorers, admin pages).
* :func:`build_hook_repo` -- a git repository of 5,000 files with 20 Streamlit apps, for
  timing the pre-commit hooks.

Only the standard library is used: this module runs under the interpreter that starts
``bench/run.py``.  Fake credentials are assembled from pieces, never written whole.
"""
from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
N_APPS = 50

_HEADER = '"""{title} (generated benchmark app {n})."""\n'

_TEMPLATES: list[str] = [
    # 0 chatbot
    '''import os

import streamlit as st
from openai import OpenAI

client = OpenAI(api_key=st.secrets["OPENAI_API_KEY"])
MODEL = os.getenv("{model_env}", "gpt-4o-mini")

st.set_page_config(page_title="{title}", page_icon=":speech_balloon:")
st.title("{title}")

if "messages" not in st.session_state:
    st.session_state.messages = []

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.markdown(message["content"])

if prompt := st.chat_input("{label}"):
    st.session_state.messages.append({{"role": "user", "content": prompt}})
    with st.chat_message("user"):
        st.markdown({render_prompt}{html_flag})
    response = client.chat.completions.create(
        model=MODEL,
        messages=[{{"role": m["role"], "content": m["content"]}}
                  for m in st.session_state.messages],
    )
    answer = response.choices[0].message.content
    st.session_state.messages.append({{"role": "assistant", "content": answer}})
    with st.chat_message("assistant"):
        st.write(answer)

with st.sidebar:
    temperature = st.slider("Temperature", 0.0, 1.0, {temp})
    if st.button("Clear"):
        st.session_state.messages = []
        st.rerun()
''',
    # 1 dashboard with cache
    '''import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(layout="wide")
st.title("{title}")


@st.cache_data(ttl={ttl})
def load(path: str) -> pd.DataFrame:
    df = pd.read_csv(path)
    df["date"] = pd.to_datetime(df["date"])
    return df


df = load("data/{dataset}.csv")
region = st.sidebar.selectbox("Region", sorted(df["region"].unique()))
metric = st.sidebar.radio("Metric", ["revenue", "orders", "customers"])
window = st.sidebar.slider("Rolling window (days)", 1, 60, {window})

view = df[df["region"] == region].sort_values("date")
view["rolling"] = view[metric].rolling(window).mean()

col1, col2, col3 = st.columns(3)
col1.metric("Total", f"{{view[metric].sum():,.0f}}")
col2.metric("Mean", f"{{view[metric].mean():,.1f}}")
col3.metric("Days", len(view))

fig = px.line(view, x="date", y=["{metric_default}", "rolling"])
st.plotly_chart(fig, use_container_width=True)
query = st.text_input("{label}", "")
if query:
    st.dataframe(view{query_expr})
st.caption({caption})
''',
    # 2 csv uploader
    '''import io
import os

import pandas as pd
import streamlit as st

st.title("{title}")
uploaded = st.file_uploader("{label}"{type_arg})
if uploaded is not None:
    if uploaded.size > {limit} * 1024 * 1024:
        st.error("File too large")
        st.stop()
    data = uploaded.getvalue()
    df = pd.read_csv(io.BytesIO(data))
    st.write(f"{{len(df)}} rows, {{len(df.columns)}} columns")
    st.dataframe(df.head({rows}))
    column = st.selectbox("Column", df.columns)
    st.bar_chart(df[column].value_counts())
    target = os.path.join("uploads", {save_name})
    with open(target, "wb") as fh:
        fh.write(data)
    st.success("Saved")
''',
    # 3 sql explorer
    '''import sqlite3

import pandas as pd
import streamlit as st

DB_PATH = "{dataset}.db"


@st.cache_resource
def connect() -> sqlite3.Connection:
    return sqlite3.connect(DB_PATH, check_same_thread=False)


conn = connect()
st.title("{title}")
tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
table = st.selectbox("Table", tables)
limit = st.number_input("Rows", 1, 1000, {rows})
name = st.text_input("{label}")
if name:
    df = pd.read_sql({sql}, conn{params})
else:
    df = pd.read_sql(f"SELECT * FROM {{table}} LIMIT {{int(limit)}}", conn)
st.dataframe(df)
st.download_button("Download CSV", df.to_csv(index=False), file_name="{dataset}.csv")
''',
    # 4 admin page with auth
    '''import hmac

import streamlit as st

st.title("{title}")


def check_password() -> bool:
    def entered() -> None:
        ok = hmac.compare_digest(st.session_state["password"], st.secrets["password"])
        st.session_state["password_correct"] = ok
        del st.session_state["password"]

    if st.session_state.get("password_correct", False):
        return True
    st.text_input("Password", type="password", on_change=entered, key="password")
    if "password_correct" in st.session_state:
        st.error("Password incorrect")
    return False


if not check_password():
    st.stop()

if not st.user.get("is_logged_in", False):
    st.button("Log in", on_click=st.login)
    st.stop()

st.write(f"Welcome, {{st.user.get('name', 'user')}}")
email = st.user.get("email", "")
if {admin_check}:
    st.subheader("Admin tools")
    target = st.text_input("{label}")
    if st.button("Disable user") and target:
        st.success(f"Disabled {{target}}")
st.button("Log out", on_click=st.logout)
''',
    # 5 image tool
    '''import subprocess
import tempfile
from pathlib import Path

import streamlit as st
from PIL import Image

st.title("{title}")
image_file = st.file_uploader("{label}", type=["png", "jpg", "jpeg"])
width = st.slider("Width", 64, 2048, {window}0)
if image_file:
    image = Image.open(image_file)
    st.image(image, caption="Original")
    resized = image.resize((width, int(image.height * width / image.width)))
    st.image(resized, caption="Resized")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.png"
        resized.save(out)
        fmt = st.selectbox("Format", ["webp", "avif", "jpg"])
        subprocess.run({cmd}, check=True)
        st.download_button("Download", out.read_bytes(), file_name="image." + fmt)
''',
]

_TITLES = ["Sales dashboard", "Support bot", "Data upload", "SQL explorer", "Admin console",
           "Image resizer", "Inventory tracker", "Research assistant", "Weather explorer",
           "Finance report", "HR portal", "Log viewer"]
_LABELS = ["Search", "Ask me anything", "Upload a CSV", "Customer name", "User email",
           "Filter", "Your question", "Pick a file"]
_DATASETS = ["sales", "orders", "customers", "inventory", "events", "metrics"]


def _render(kind: int, n: int, rng: random.Random) -> str:
    safe = rng.random() < 0.5
    fields = {
        "title": rng.choice(_TITLES),
        "label": rng.choice(_LABELS),
        "dataset": rng.choice(_DATASETS),
        "model_env": rng.choice(["OPENAI_MODEL", "CHAT_MODEL", "LLM_MODEL"]),
        "temp": rng.choice(["0.2", "0.5", "0.7"]),
        "ttl": rng.choice([60, 600, 3600]),
        "window": rng.randint(3, 30),
        "rows": rng.choice([10, 50, 100]),
        "limit": rng.choice([5, 20, 200]),
        "metric_default": "revenue",
        "render_prompt": "prompt" if safe else 'f"<b>{prompt}</b>"',
        "html_flag": "" if safe else ", unsafe_allow_html=True",
        "query_expr": '[view["region"].str.contains(query, regex=False)]' if safe
        else ".query(query)",
        "caption": '"Source: internal data warehouse"' if safe
        else 'f"Loaded by {st.query_params.get(\'user\', \'anon\')}"',
        "type_arg": ', type=["csv"]' if safe else "",
        "save_name": "os.path.basename(uploaded.name)" if safe else "uploaded.name",
        "sql": '"SELECT * FROM customers WHERE name = ?"' if safe
        else 'f"SELECT * FROM customers WHERE name = \'{name}\'"',
        "params": ", params=(name,)" if safe else "",
        "admin_check": 'email in st.secrets["admins"]' if safe else 'email.endswith("corp.com")',
        "cmd": '["cwebp", str(out), "-o", str(out.with_suffix(".webp"))]' if safe
        else 'f"convert {out} {out}.{fmt}", shell=True',
    }
    return _HEADER.format(title=fields["title"], n=n) + _TEMPLATES[kind].format(**fields)


def fixture_apps() -> list[Path]:
    """The app files of examples/ and tests/corpus/ (sorted)."""
    found = sorted((REPO / "examples").rglob("*.py")) + sorted((REPO / "tests/corpus").glob("*.py"))
    return [p for p in found if p.is_file()]


def small_apps(dest: Path, n: int = N_APPS) -> list[Path]:
    """Write ``n`` small app files into ``dest``; return their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for i, src in enumerate(fixture_apps()[:n]):
        target = dest / f"{i:02d}_{src.name}"
        target.write_bytes(src.read_bytes())
        out.append(target)
    rng = random.Random(20240601)
    i = len(out)
    while len(out) < n:
        target = dest / f"{i:02d}_generated_app.py"
        target.write_text(_render(i % len(_TEMPLATES), i, rng), encoding="utf-8")
        out.append(target)
        i += 1
    return out


# ---------------------------------------------------------------- hook repository

_CONFIG = """[server]
headless = true
enableXsrfProtection = {xsrf}
maxUploadSize = {upload}

[client]
showErrorDetails = "{details}"
toolbarMode = "{toolbar}"

[theme]
primaryColor = "#F63366"
"""
_SECRETS = """[connections.db]
url = "postgresql://reader@db.internal:5432/{name}"
password = "{pw}"

[auth]
redirect_uri = "https://{name}.example.com/oauth2callback"
cookie_secret = "{cookie}"
client_id = "{name}-client"
client_secret = "{client}"
server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"
"""
_TEMPLATE = """# copy to secrets.toml and fill in
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "your-cookie-secret"
client_id = "your-client-id"
client_secret = "your-client-secret"
server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"
"""


def _token(rng: random.Random, n: int) -> str:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


def build_hook_repo(root: Path, total: int = 5000, apps: int = 20) -> int:
    """Create a committed git repository of ``total`` files with ``apps`` Streamlit apps.

    Each app has ``app.py``, two pages, ``requirements.txt``, ``.streamlit/config.toml``
    (tracked) and an untracked, git-ignored ``.streamlit/secrets.toml``; every fifth app
    ships a ``secrets.toml.example`` template.  The rest are library modules, data, docs.
    Returns the number of files in the work tree (outside ``.git``).
    """
    rng = random.Random(5000)
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {
        ".gitignore": "__pycache__/\n*.pyc\n.venv/\n**/.streamlit/secrets.toml\n",
    }
    app_src = small_apps(root.parent / (root.name + "-apps"), n=apps)
    for i, src in enumerate(app_src):
        base = f"services/team{i % 5}/app{i:02d}"
        files[f"{base}/app.py"] = src.read_text(encoding="utf-8")
        files[f"{base}/pages/1_Overview.py"] = "import streamlit as st\n\nst.title('Overview')\n"
        files[f"{base}/pages/2_Settings.py"] = (
            "import streamlit as st\n\nname = st.text_input('Name')\nst.write(name)\n"
        )
        files[f"{base}/requirements.txt"] = "streamlit>=1.40\npandas\n"
        files[f"{base}/.streamlit/config.toml"] = _CONFIG.format(
            xsrf=rng.choice(["true", "false"]), upload=rng.choice([200, 2000]),
            details=rng.choice(["type", "full", "none"]), toolbar=rng.choice(["auto", "developer"]),
        )
        files[f"{base}/.streamlit/secrets.toml"] = _SECRETS.format(
            name=f"app{i}", pw=_token(rng, 20), cookie=_token(rng, 40),
            client=_token(rng, 32),
        )
        if i % 5 == 0:
            files[f"{base}/.streamlit/secrets.toml.example"] = _TEMPLATE
    k = 0
    kinds = ["py", "py", "py", "md", "json", "csv", "txt"]
    while len(files) < total:
        kind = kinds[k % len(kinds)]
        d = f"lib/pkg{k % 40:02d}/sub{(k // 40) % 12:02d}"
        if kind == "py":
            files[f"{d}/mod{k:05d}.py"] = (
                f'"""Module {k}."""\n\n\ndef f{k}(x: int) -> int:\n    return x * {k % 97}\n'
            )
        elif kind == "md":
            files[f"docs/part{k % 30:02d}/page{k:05d}.md"] = f"# Page {k}\n\nText {k}.\n"
        elif kind == "json":
            files[f"{d}/data{k:05d}.json"] = f'{{"id": {k}, "name": "item{k}"}}\n'
        elif kind == "csv":
            files[f"data/set{k % 25:02d}/rows{k:05d}.csv"] = f"id,value\n{k},{k * 3}\n"
        else:
            files[f"{d}/notes{k:05d}.txt"] = f"note {k}\n"
        k += 1
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench repo"]):
        subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
                        *args], cwd=root, env=env, check=True, capture_output=True)
    return len(files)


_HELPERS = {
    "ui.py": """import html

import streamlit as st


def bubble(role: str, text: str) -> None:
    st.markdown(f"<div class='{role}'>{html.escape(text)}</div>", unsafe_allow_html=True)


def card(title: str, body: str) -> None:
    st.markdown(f"<h3>{title}</h3><p>{body}</p>", unsafe_allow_html=True)


class Sidebar:
    def __init__(self, title: str) -> None:
        self.title = title

    def show(self, items: list[str]) -> None:
        st.sidebar.header(self.title)
        for item in items:
            st.sidebar.write(item)
""",
    "db.py": """import sqlite3

import pandas as pd
import streamlit as st

DB = "app.db"


@st.cache_resource
def connect() -> sqlite3.Connection:
    return sqlite3.connect(DB, check_same_thread=False)


def search(name: str) -> pd.DataFrame:
    return pd.read_sql_query(f"SELECT * FROM users WHERE name = '{name}'", connect())


def by_id(user_id: int) -> pd.DataFrame:
    return pd.read_sql_query("SELECT * FROM users WHERE id = ?", connect(), params=(user_id,))
""",
    "llm.py": """import os

import requests

API = "https://api.example.invalid/v1/chat"


def ask(prompt: str) -> str:
    key = os.environ["LLM_API_KEY"]
    reply = requests.post(API, json={"prompt": prompt},
                          headers={"Authorization": f"Bearer {key}"}, timeout=30)
    return reply.json()["text"]


def summarize(text: str, words: int = 50) -> str:
    return ask(f"Summarize in {words} words: {text}")
""",
}

_PAGE = """import streamlit as st

import db
import llm
from ui import Sidebar, bubble, card

st.title("Support desk")
Sidebar("Navigation").show(["Home", "Chat", "Users"])

name = st.text_input("Customer name")
if name:
    users = db.search(name)
    st.dataframe(users)
    card("Customer", name)

question = st.chat_input("Ask the assistant")
if question:
    bubble("user", question)
    answer = llm.ask(question)
    bubble("assistant", answer)
    st.markdown(answer, unsafe_allow_html=True)

if st.button("Summarize"):
    st.write(llm.summarize(st.session_state.get("notes", "")))
"""


def page_with_helpers(dest: Path) -> Path:
    """A page in ``pages/`` importing three helper modules from the folder above (the
    editor case of issue 15); returns the page's path."""
    (dest / "pages").mkdir(parents=True, exist_ok=True)
    (dest / ".streamlit").mkdir(exist_ok=True)
    (dest / "app.py").write_text('import streamlit as st\n\nst.title("Home")\n',
                                 encoding="utf-8")
    for name, text in _HELPERS.items():
        (dest / name).write_text(text, encoding="utf-8")
    page = dest / "pages" / "1_Support.py"
    page.write_text(_PAGE, encoding="utf-8")
    return page
