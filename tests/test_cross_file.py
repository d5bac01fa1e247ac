"""Data followed across the app's own files (RULES.md "Across files"): real flake8 on
multi-file apps made in temporary folders, findings at the call in the calling file."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import FAKES


def _app(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def _flake8(root: Path, *args: str, stdin: str | None = None) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=STS",
         "--extend-ignore=STS403,STS406,STS503", *args],
        cwd=root, input=stdin, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted(line.removeprefix("./") for line in proc.stdout.splitlines())


PAGES_AND_HELPERS = {
    "app.py": """
        import streamlit as st

        st.title("Home")
    """,
    "ui.py": """
        import streamlit as st


        def chat_bubble(text):
            st.markdown(f"<div class='bubble'>{text}</div>", unsafe_allow_html=True)


        def safe_bubble(text):
            import html
            st.markdown(f"<div>{html.escape(text)}</div>", unsafe_allow_html=True)
    """,
    "storage.py": """
        import os

        DIR = "uploads"


        def save_upload(f):
            with open(os.path.join(DIR, f.name), "wb") as out:
                out.write(f.getvalue())
    """,
    "utils/format_code.py": """
        import streamlit.components.v1 as components


        def format_code(code):
            components.html(f"<pre>{code}</pre>")
    """,
    "config.py": """
        import streamlit as st

        SETTINGS = st.secrets["app"]
        TITLE = "Reports"
    """,
    "auth.py": """
        import streamlit as st


        def current_email():
            return st.user.email
    """,
    "pages/1_Chat.py": """
        import streamlit as st

        import ui
        from storage import save_upload
        from utils.format_code import format_code
        from config import SETTINGS, TITLE
        from auth import current_email

        msg = st.chat_input("Say something")
        ui.chat_bubble(msg)
        ui.safe_bubble(msg)
        ui.chat_bubble("constant")
        upload = st.file_uploader("Data", type=["csv"])
        if upload is not None:
            save_upload(upload)
        format_code(st.text_area("Code"))
        st.write(SETTINGS)
        st.title(TITLE)
        email = current_email()
        if email.endswith("acme.com"):
            st.write("welcome")
    """,
}


def test_findings_cross_files_at_the_call_in_the_calling_file(tmp_path: Path) -> None:
    root = _app(tmp_path, PAGES_AND_HELPERS)
    found = [line for line in _flake8(root, "pages") if "STS" in line]
    codes = sorted((int(line.split(":")[1]), line.split()[1]) for line in found)
    assert codes == [
        (10, "STS402"),  # ui.chat_bubble(msg)
        (15, "STS405"),  # save_upload(upload)
        (16, "STS402"),  # format_code(st.text_area(...))
        (17, "STS105"),  # st.write(SETTINGS)
        (20, "STS204"),  # email.endswith("acme.com")
    ], found
    assert any("ui.chat_bubble -> st.markdown()" in line for line in found), found


def test_the_helper_itself_gives_nothing_when_linted_alone(tmp_path: Path) -> None:
    root = _app(tmp_path, PAGES_AND_HELPERS)
    assert _flake8(root, "ui.py", "storage.py", "config.py", "auth.py") == []


def test_the_editor_buffer_through_stdin_reads_its_imports_from_disk(tmp_path: Path) -> None:
    root = _app(tmp_path, PAGES_AND_HELPERS)
    buffer = textwrap.dedent("""
        import streamlit as st
        import ui

        ui.chat_bubble(st.text_input("Name"))
    """).lstrip("\n")
    out = _flake8(root, "--stdin-display-name", str(root / "pages" / "2_New.py"), "-",
                  stdin=buffer)
    assert [line.split(":", 3)[1:3] + [line.split()[1]] for line in out] == [
        ["4", "16", "STS402"]], out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_way_flake8_runs_agrees(tmp_path: Path, jobs: str) -> None:
    root = _app(tmp_path, PAGES_AND_HELPERS)
    assert _flake8(root, "-j", jobs, ".") == _flake8(root, "-j", "1", "pages/1_Chat.py",
                                                     "ui.py", "app.py", "storage.py",
                                                     "config.py", "auth.py",
                                                     "utils/format_code.py")


def test_a_services_package_with_relative_imports(tmp_path: Path) -> None:
    root = _app(tmp_path, {
        "app.py": """
            import streamlit as st
            from services.llm import ask

            ask(st.text_input("Question"))
        """,
        "services/__init__.py": "",
        "services/llm.py": """
            from .db import run


            def ask(question):
                return run(question)
        """,
        "services/db.py": """
            def run(code):
                return eval(code)
        """,
    })
    out = _flake8(root, "app.py")
    assert [line.split()[1] for line in out] == ["STS302"], out
    assert "services.llm.ask" in out[0], out


def test_star_imports_of_the_apps_own_modules(tmp_path: Path) -> None:
    """``from utils import *`` (and ``from .db import *`` in a package) binds the
    module's public names: its helpers' sinks are reported at the call, and a key its
    lookup fetched from the database is the database's; a private name is not bound."""
    root = _app(tmp_path, {
        "app.py": """
            import sqlite3

            import streamlit as st
            from utils import *
            from services.views import *

            conn = sqlite3.connect("lab.db")
            test_id = get_test_id(conn, st.selectbox("Test", ["CBC", "Lipid"]))
            conn.execute(f"INSERT INTO lab (test) VALUES ({test_id})")
            card(st.text_input("Title"))
            _hidden(st.text_input("Code"))
        """,
        "utils.py": """
            def get_test_id(conn, name):
                cur = conn.cursor()
                cur.execute("SELECT id FROM tests WHERE name = ?", (name,))
                rows = cur.fetchall()
                return rows[0][0] if rows else None


            def _hidden(code):
                return eval(code)
        """,
        "services/__init__.py": "",
        "services/views.py": """
            from .html import *
        """,
        "services/html.py": """
            import streamlit as st


            def card(title):
                st.markdown(f"<h3>{title}</h3>", unsafe_allow_html=True)
        """,
    })
    out = _flake8(root, "app.py")
    assert [line.split()[:2] for line in out] == [["app.py:10:6:", "STS402"]], out
    assert "services.html.card" in out[0], out


@pytest.mark.parametrize("broken", [
    "def broken(:\n",
    "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n",
    "x = 1\n" * 300_000,
], ids=["syntax-error", "latin-1", "huge"])
def test_a_module_that_cannot_be_followed_invents_nothing(tmp_path: Path, broken: str) -> None:
    root = _app(tmp_path, {
        "app.py": """
            import streamlit as st
            import helpers

            helpers.show(st.text_input("Name"))
            st.markdown(st.text_input("Bio"), unsafe_allow_html=True)
        """,
    })
    (root / "helpers.py").write_bytes(broken.encode("latin-1"))
    out = _flake8(root, "app.py")
    assert [line.split(":")[1] + " " + line.split()[1] for line in out] == ["5 STS402"], out


def test_import_cycles_end(tmp_path: Path) -> None:
    root = _app(tmp_path, {
        "app.py": """
            import streamlit as st
            from a import f

            f(st.text_input("Code"))
        """,
        "a.py": """
            from b import g


            def f(x):
                return g(x)
        """,
        "b.py": """
            from a import f


            def g(x):
                eval(x)
                return f
        """,
    })
    out = _flake8(root, "app.py", "a.py", "b.py")
    assert [line.split()[1] for line in out] == ["STS302"], out


# A chain five modules deep (beyond the depth followed) whose last module renders its
# argument as HTML, and a cycle between a formatter and the widgets it calls.
ORDER_APP = {
    "pages/deep.py": """
        import streamlit as st
        from m1 import f1

        f1(st.text_input("Deep"))
    """,
    "pages/mid.py": """
        import streamlit as st
        from m3 import f3

        f3(st.text_input("Mid"))
    """,
    "pages/first.py": """
        import streamlit as st
        import ui

        ui.note("hello")
    """,
    "pages/second.py": """
        import streamlit as st
        import fmt

        fmt.render(st.text_input("Bio"))
    """,
    **{f"m{i}.py": f"""
        from m{i + 1} import f{i + 1}


        def f{i}(x):
            return f{i + 1}(x)
    """ for i in range(1, 5)},
    "m5.py": """
        import streamlit as st


        def f5(x):
            st.markdown(x, unsafe_allow_html=True)
    """,
    "ui.py": """
        import streamlit as st
        import fmt


        def raw(text):
            st.markdown(text, unsafe_allow_html=True)


        def note(text):
            fmt.render("<i>" + text + "</i>")
    """,
    "fmt.py": """
        import ui


        def render(text):
            ui.raw(text)
    """,
}


@pytest.mark.parametrize("order", [
    ("pages/deep.py", "pages/mid.py", "pages/first.py", "pages/second.py"),
    ("pages/second.py", "pages/first.py", "pages/mid.py", "pages/deep.py"),
], ids=["deep-first", "deep-last"])
def test_findings_do_not_depend_on_what_the_process_linted_before(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    """flake8 lints many files in one process, and ``-j`` deals them out at random: a
    module reached at the end of a long chain (or through a cycle) first must not hide
    what it does from a file that imports it directly."""
    root = _app(tmp_path, ORDER_APP)
    alone = sorted(line for name in order for line in _flake8(root, "-j", "1", name))
    assert _flake8(root, "-j", "1", *order) == alone
    assert [line.split(":")[0] for line in alone] == ["pages/mid.py", "pages/second.py"]


def test_a_secret_from_a_config_module_is_not_printed(tmp_path: Path) -> None:
    key = FAKES["OPENAI"]
    root = _app(tmp_path, {
        "settings.py": f'import os\n\nOPENAI_KEY = os.environ["OPENAI_API_KEY"]\nDEMO = "{key}"\n',
        "app.py": """
            import streamlit as st
            from settings import OPENAI_KEY

            st.sidebar.write(OPENAI_KEY)
        """,
    })
    out = _flake8(root, "app.py")
    assert [line.split()[1] for line in out] == ["STS105"], out
    assert key not in "\n".join(out) and key[:8] not in "\n".join(out)


CLASSES = {
    "db.py": """
        import os


        class Mongo:
            def __init__(self, uri):
                self.uri = uri

            def run(self, query):
                return eval(query)

            def save(self, upload):
                with open(os.path.join("data", upload.name), "wb") as out:
                    out.write(upload.getvalue())

            def count(self, query):
                return len(str(query))


        class Cached(Mongo):
            @staticmethod
            def compile(source):
                return compile(source, "<q>", "eval")
    """,
    "views.py": """
        import html

        import streamlit as st


        class View:
            def render(self, text):
                self._card(text)

            def _card(self, text):
                st.markdown(f"<div class='card'>{text}</div>", unsafe_allow_html=True)

            def render_escaped(self, text):
                self._card(html.escape(text))
    """,
    "app.py": """
        import streamlit as st
        from db import Cached, Mongo
        import views

        query = st.text_input("Query")
        client = Mongo("mongodb://localhost")
        client.run(query)
        client.count(query)
        Mongo("x").save(st.file_uploader("Data", type=["csv"]))
        Cached("y").run(query)
        Cached.compile(query)
        page = views.View()
        page.render(query)
        page.render_escaped(query)
        page.render("static text")
    """,
}


def test_methods_of_classes_in_other_files(tmp_path: Path) -> None:
    """Methods are followed across files like functions: through an instance, an
    inherited method, a static method and a method calling another on ``self``; the
    chain names the class.  Escaped, constant and harmless arguments give nothing."""
    root = _app(tmp_path, CLASSES)
    assert _flake8(root, "app.py") == [
        "app.py:10:17: STS302 user-controlled data executed by db.Mongo.run -> eval() "
        "(code injection); parse it instead (ast.literal_eval, an allow-list)",
        "app.py:11:16: STS302 user-controlled data executed by db.Cached.compile -> "
        "compile() (code injection); parse it instead (ast.literal_eval, an allow-list)",
        "app.py:13:13: STS402 user input rendered as raw HTML by views.View.render -> "
        "View._card -> st.markdown() (XSS); escape it with html.escape()",
        "app.py:7:12: STS302 user-controlled data executed by db.Mongo.run -> eval() "
        "(code injection); parse it instead (ast.literal_eval, an allow-list)",
        "app.py:9:17: STS405 user-controlled file path in db.Mongo.save -> open() "
        "(path traversal); use os.path.basename() and a fixed folder",
    ]
    # the helpers alone: no user input reaches them there
    assert _flake8(root, "db.py", "views.py") == []


def test_an_upload_extracted_in_a_helper_module(tmp_path: Path) -> None:
    root = _app(tmp_path, {
        "archives.py": """
            import tarfile
            import zipfile


            def unpack(upload, dest):
                with zipfile.ZipFile(upload) as zf:
                    zf.extractall(dest)


            def restore(upload):
                tarfile.open(fileobj=upload).extractall("backup", filter="data")
        """,
        "app.py": """
            import streamlit as st
            from archives import restore, unpack

            f = st.file_uploader("Archive", type=["zip", "tar"])
            if f:
                unpack(f, "data")
                restore(f)
        """,
    })
    assert _flake8(root, "app.py") == [
        "app.py:6:12: STS502 uploaded archive extracted by archives.unpack -> .extractall() "
        '(zip slip); validate member paths or use filter="data"']
