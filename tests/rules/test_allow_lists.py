"""Hand-written sanitizers measured on public apps: a substitution that removes every
character outside an allow-list (``re.sub(r"[^0-9]", "", phone)``) leaves only those
characters, and a file's extension (``name.split(".")[-1]``) behind the program's own
stem cannot leave the folder.  What such code does not rule out stays reported."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass


@pytest.mark.parametrize(("pattern", "replacement", "safe"), [
    (r"[^0-9]", "", True), (r"[^a-zA-Z0-9_-]+", "_", True), (r"[^\w\s-]", "", True),
    (r"[^A-Za-z ]", "", True),
    # substitutions that leave markup possible
    (r"\s+", " ", False), (r"[^<>a-z]", "", False), (r"[^\W]", "", False),
    (r"[0-9]", "", False), (r"[^a-z]", "<br>", False),
])
def test_an_allow_list_substitution_makes_html_safe(
    pattern: str, replacement: str, safe: bool,
) -> None:
    snippet = f"""
        import re

        import streamlit as st

        name = st.text_input("Name")
        shown = re.sub(r"{pattern}", "{replacement}", name)
        st.markdown(f"<b>{{shown}}</b>", unsafe_allow_html=True)
        """
    if safe:
        check_pass(snippet, "STS402")
    else:
        check_fail(snippet, [(7, 31, "STS402")], "STS402")


def test_a_file_name_stripped_to_safe_characters_is_no_traversal() -> None:
    check_fail(
        """
        import os
        import re

        import streamlit as st

        title = st.text_input("Report title")
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", title)
        open(os.path.join("reports", safe + ".md"), "w")
        dotted = re.sub(r"[^A-Za-z0-9_.-]", "_", title)
        open(os.path.join("reports", dotted), "w")
        """,
        [(10, 29, "STS405")],
        "STS405",
    )


def test_an_extension_behind_the_programs_stem_is_no_traversal() -> None:
    check_fail(
        """
        import os
        import uuid
        from pathlib import Path

        import streamlit as st

        up = st.file_uploader("Photo", type=["png", "jpg"])
        if up:
            ext = up.name.split(".")[-1]
            open(os.path.join("photos", f"{uuid.uuid4()}.{ext}"), "wb")
            open(os.path.join("photos", f"restore.{up.name.rsplit('.', 1)[1]}"), "wb")
            open(os.path.join("photos", f"avatar{Path(up.name).suffix}"), "wb")
            open(os.path.join("photos", f"restore.{ext.lower()}"), "wb")
            open(os.path.join("photos", f"{ext}"), "wb")
            open(os.path.join("photos", f"copy_of_{up.name}"), "wb")
        """,
        [(14, 32, "STS405"), (15, 32, "STS405")],
        "STS405",
    )


def test_an_extension_taken_inside_a_helper_is_no_traversal() -> None:
    """The helper gets the upload and a stem: only the stem the caller passes can steer
    the path; the same for a name made safe by the app's own sanitizer in a helper."""
    check_fail(
        """
        import os
        from pathlib import Path

        import streamlit as st

        PICTURES = "pictures"


        def save_picture(upload, stem):
            ext = upload.name.split(".")[-1]
            with open(os.path.join(PICTURES, f"{stem}.{ext}"), "wb") as f:
                f.write(upload.getbuffer())


        def safe_name(text):
            return f"{sanitize_filename(text)}{Path(text).suffix}"


        def sanitize_filename(text):
            return "".join(c for c in text if c.isalnum())


        user = st.text_input("User name")
        up = st.file_uploader("Picture", type=["png"])
        if up:
            save_picture(up, "avatar")
            save_picture(up, user)
            open(os.path.join(PICTURES, safe_name(up.name)), "wb")
        """,
        [(27, 21, "STS405")],
        "STS405",
    )


def test_a_function_named_to_make_a_file_name_safe_is_a_path_sanitizer() -> None:
    """The app's ``sanitize_filename``/``safe_filename`` (here or in a module not
    followed): its result is a safe path, not safe HTML."""
    check_fail(
        """
        import os

        import streamlit as st

        from helpers import safe_filename


        def sanitize_filename(name):
            return name.replace(" ", "_")


        up = st.file_uploader("Doc", type=["pdf"])
        if up:
            open(os.path.join("docs", sanitize_filename(up.name)), "wb")
            open(os.path.join("docs", safe_filename(up.name)), "wb")
            open(os.path.join("docs", up.name.replace(" ", "_")), "wb")
            st.markdown(f"<b>{sanitize_filename(up.name)}</b>", unsafe_allow_html=True)
        """,
        [(16, 30, "STS405"), (17, 56, "STS402")],
        "STS405",
    )


def test_base64_file_bytes_in_a_data_url_are_no_markup() -> None:
    check_pass(
        """
        import base64

        import streamlit as st
        import streamlit.components.v1 as components

        up = st.file_uploader("PDF", type=["pdf"])
        if up:
            b64 = base64.b64encode(up.read()).decode()
            components.html(f'<iframe src="data:application/pdf;base64,{b64}"></iframe>')
        """,
        "STS402",
    )
