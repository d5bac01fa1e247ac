"""STS402/STS407: a dict or tuple that holds user input or model output under some
constant keys only.  Reading another key gives the developer's value (a count, a
status), not the model's reply; the keys holding it, the whole container, and a
container whose keys are not all known stay reported.  Across files too: a helper
module returning ``{"summary": reply, "count": n}``."""
from __future__ import annotations

from pathlib import Path

from helpers import check_fail, parse_flake8, run_flake8, src

REPORT = """
import streamlit as st
from openai import OpenAI

client = OpenAI()


def briefing(topic):
    reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content
    return {"summary": reply, "count": 3, "status": "ok", "topic": topic}


data = briefing("weekly")
st.markdown(f"<b>{data['count']}</b> items, {data.get('status', 'n/a')}", unsafe_allow_html=True)
st.markdown(f"<p>{data['summary']}</p>", unsafe_allow_html=True)
st.markdown(f"<pre>{data}</pre>", unsafe_allow_html=True)
"""


def test_only_the_keys_holding_model_output_are_reported() -> None:
    check_fail(REPORT, [(14, 41, "STS407"), (15, 34, "STS407")], "STS407")


FORM = """
import streamlit as st

row = {"name": st.text_input("Name"), "id": 4}
row["note"] = st.text_area("Note")
row["saved"] = True
st.markdown(f"#{row['id']} saved: {row['saved']}", unsafe_allow_html=True)
st.markdown(f"<b>{row['name']}</b>", unsafe_allow_html=True)
st.markdown(f"<i>{row['note']}</i>", unsafe_allow_html=True)
name, count = st.text_input("Who"), 3
st.markdown(f"{count} visits", unsafe_allow_html=True)
pair = (st.text_input("Label"), 7)
st.markdown(f"<b>{pair[1]}</b>", unsafe_allow_html=True)
st.markdown(f"<b>{pair[0]}</b>", unsafe_allow_html=True)
"""


def test_user_input_under_known_keys_and_places() -> None:
    check_fail(FORM, [(7, 37, "STS402"), (8, 37, "STS402"), (13, 33, "STS402")], "STS402")


def test_a_key_that_is_not_constant_puts_the_taint_anywhere() -> None:
    check_fail(
        """
        import streamlit as st

        field = st.text_input("Field")
        row = {field: st.text_input("Value"), "id": 4}
        st.markdown(f"<b>{row['id']}</b>", unsafe_allow_html=True)
        """,
        [(5, 35, "STS402")],
        "STS402",
    )


def test_an_argument_is_followed_to_the_key_the_helper_files_it_under() -> None:
    """The helper files its parameter under "topic": a caller's input is user input
    there, and not under "count"."""
    check_fail(
        REPORT + 'other = briefing(st.text_input("Topic"))\n'
        "st.markdown(f\"<b>{other['count']}</b>\", unsafe_allow_html=True)\n"
        "st.markdown(f\"<b>{other['topic']}</b>\", unsafe_allow_html=True)\n",
        [(14, 41, "STS407"), (15, 34, "STS407"), (18, 40, "STS402")],
        "STS407",
    )


def test_a_server_made_temp_path_returned_beside_the_upload_is_not_user_input() -> None:
    """``return tmp.name, upload.name``: the caller's first item is the server's path."""
    check_fail(
        """
        import os
        import shutil
        import tempfile

        import streamlit as st


        def keep(upload):
            with tempfile.NamedTemporaryFile(delete=False, suffix=".csv") as tmp:
                shutil.copyfileobj(upload, tmp)
            return tmp.name, upload.name


        up = st.file_uploader("CSV", type=["csv"])
        if up:
            path, original = keep(up)
            with open(path) as f:
                st.write(f.read())
            os.unlink(path)
            open(os.path.join("uploads", original), "wb")
        """,
        [(20, 33, "STS405")],
        "STS405",
    )


def test_a_helper_module_returning_a_dict_of_fields(tmp_path: Path) -> None:
    (tmp_path / "insights.py").write_text(src(
        """
        import requests


        def weather(city):
            body = requests.get("https://api.example.com/now", params={"q": city}).json()
            return {"city": city, "text": body["summary"], "ok": True}
        """
    ))
    (tmp_path / "app.py").write_text(src(
        """
        import streamlit as st

        from insights import weather

        now = weather("Lisbon")
        st.markdown(f"<h3>{now['city']}</h3>", unsafe_allow_html=True)
        st.markdown(f"<p>{now['text']}</p>", unsafe_allow_html=True)
        """
    ))
    out = run_flake8(["--select=STS402,STS407", "app.py"], cwd=tmp_path).stdout
    assert [(f.line, f.code) for f in parse_flake8(out)] == [(7, "STS407")], out


def test_a_dicts_constant_keys_are_not_its_values() -> None:
    """``form.keys()`` and the keys of ``form.items()`` of a dict display are the
    developer's constants; its values stay user input."""
    check_fail(
        """
        import sqlite3

        import streamlit as st

        con = sqlite3.connect("crm.db")
        form = {"name": st.text_input("Name"), "city": st.text_input("City")}
        cols = ", ".join(form.keys())
        marks = ", ".join("?" for _ in form)
        con.execute(f"INSERT INTO people ({cols}) VALUES ({marks})", list(form.values()))
        for key, value in form.items():
            con.execute(f"UPDATE people SET {key} = ? WHERE id = 1", (value,))
            st.markdown(f"<i>{value}</i>", unsafe_allow_html=True)
        """,
        [(12, 35, "STS402")],
        "STS401",
    )


def test_a_helper_reading_one_item_of_a_dict_argument_answers_for_that_item() -> None:
    """A registration form packed into a dict and handed down two helpers, the last of
    which names the picture after ``data["username"]``: only the user name steers the
    path.  A helper handing the whole dict on, or reading it with ``.get``, keeps the
    precision; a helper using the whole dict in a path is reported for every field."""
    check_fail(
        """
        import json
        import os

        import streamlit as st


        def save_picture(upload, stem):
            with open(os.path.join("avatars", f"{stem}.png"), "wb") as f:
                f.write(upload.getbuffer())


        def create_user(data):
            if data.get("picture") is not None:
                save_picture(data["picture"], data.get("username"))
            return json.dumps(data)


        def register(username, email, password, picture):
            record = {"username": username, "email": email, "password": password,
                      "picture": picture}
            return create_user(record)


        def forward(data):
            return create_user(data)


        def dump(data):
            open(os.path.join("dumps", str(data)), "w")


        name = st.text_input("User name")
        mail = st.text_input("Email")
        secret = st.text_input("Password", type="password")
        photo = st.file_uploader("Picture", type=["png"])
        register(name, mail, secret, photo)
        forward({"username": "guest", "email": mail, "picture": photo})
        dump({"email": mail})
        """,
        [(36, 9, "STS405"), (38, 5, "STS405")],
        "STS405",
    )


def test_zip_and_enumerate_keep_each_place_apart() -> None:
    """``zip(paths, names)``: the path of each pair is the app's own (listed from its
    folder), the name the user's; ``enumerate``: a counter and an item.  Also when the
    pairs are handed to a helper that reads ``pair[0]``."""
    check_fail(
        """
        import os

        import streamlit as st


        def preview(pairs):
            for pair in pairs:
                open(pair[0], "rb")
                st.markdown(f"<i>{pair[1]}</i>", unsafe_allow_html=True)


        ups = st.file_uploader("PDFs", type=["pdf"], accept_multiple_files=True)
        names = [u.name for u in ups]
        paths = [os.path.join("out", f) for f in sorted(os.listdir("out"))]
        for path, name in zip(paths, names):
            open(path, "rb")
        for i, name in enumerate(names):
            st.markdown(f"<b>{i}</b>", unsafe_allow_html=True)
            st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)
        preview(zip(paths, names))
        """,
        [(19, 34, "STS402"), (20, 8, "STS402")],
        "STS405",
    )


def test_entries_of_a_guestbook_kept_in_session_state_stay_user_input() -> None:
    """Dicts of typed text appended to a list, read back with ``enumerate`` (reversed)
    or directly: each entry's fields are the visitor's text."""
    check_fail(
        """
        import streamlit as st

        if "book" not in st.session_state:
            st.session_state.book = []
        writer = st.text_input("Name")
        if st.button("Post"):
            st.session_state.book.append({"name": writer, "stars": 5})
        for i, entry in enumerate(reversed(st.session_state.book)):
            st.markdown(f"<b>{entry['name']}</b> #{i}", unsafe_allow_html=True)
        for entry in st.session_state.book:
            st.markdown(f"<b>{entry['name']}</b>", unsafe_allow_html=True)
        """,
        [(9, 48, "STS402"), (11, 43, "STS402")],
        "STS402",
    )


def test_a_chat_history_keeps_each_entrys_fields_apart() -> None:
    """User turns and assistant turns in one session-state list: the user's ``content``
    is user input when read back; a search result's ``url`` an assistant turn stored
    is not a link the user chose.  A user turn that stores a link the user typed is."""
    check_fail(
        """
        import streamlit as st

        if "messages" not in st.session_state:
            st.session_state.messages = []
        for m in st.session_state.messages:
            st.markdown(f"[{m['role']}]({m.get('url', '#')})")
            st.markdown(f"<p>{m['content']}</p>", unsafe_allow_html=True)
        if prompt := st.chat_input("Ask"):
            st.session_state.messages.append({"role": "user", "content": prompt})
            st.session_state.messages.append(
                {"role": "assistant", "content": "Found it", "url": "https://example.org"})
        """,
        [(7, 42, "STS402")],
        "STS404",
    )
    check_fail(
        """
        import streamlit as st

        st.session_state.setdefault("links", [])
        for m in st.session_state.links:
            st.markdown(f"[{m['label']}]({m['url']})")
        st.session_state.links.append({"label": "home", "url": st.text_input("URL")})
        """,
        [(5, 16, "STS404")],
        "STS404",
    )


def test_zip_keeps_a_secret_in_its_own_place() -> None:
    check_fail(
        """
        import streamlit as st

        ids = [st.secrets["TABLE_A"], st.secrets["TABLE_B"]]
        for table_id, table_name in zip(ids, ["customers", "sales"]):
            st.write(f"Loading {table_name}")
            st.write(f"Loading {table_id}")
        """,
        [(6, 13, "STS105")],
        "STS105",
    )


def test_a_field_written_into_a_session_state_entry_is_read_back() -> None:
    """``st.session_state.history[-1]["response"] = answer``: the entries of the history
    hold the answer under ``"response"``."""
    check_fail(
        """
        import streamlit as st

        st.session_state.setdefault("history", [])
        for entry in st.session_state.history:
            st.markdown(f"<p>{entry['response']}</p>", unsafe_allow_html=True)
        if question := st.chat_input("Ask"):
            st.session_state.history.append({"user": "me", "response": "Thinking..."})
            st.session_state.history[-1]["response"] = f"You asked: {question}"
        """,
        [(5, 47, "STS402")],
        "STS402",
    )
