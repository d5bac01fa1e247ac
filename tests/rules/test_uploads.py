"""STS501–STS503: file uploads (RULES.md, "STS5xx").

STS501 reports at the ``file_uploader`` call; STS502 at the ``.extractall()``/``.extract()``
call (the offending node: where the member check or ``filter="data"`` is missing; the
archive may have been opened lines above); STS503 (opt-in, selected explicitly) at the
read of the upload.
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

# --------------------------------------------------------------------------- STS501

STS501_FAIL = [
    pytest.param(
        'import streamlit as st\n\nf = st.file_uploader("Upload")\n',
        [(3, 4, "STS501")],
        id="no-type",
    ),
    pytest.param(
        'import streamlit as st\n\ndata = st.sidebar.file_uploader("CSV", type=None)\n',
        [(3, 7, "STS501")],
        id="sidebar-type-none",
    ),
    pytest.param(
        'import streamlit as st\n\n'
        'files = st.file_uploader("Documents", accept_multiple_files=True)\n',
        [(3, 8, "STS501")],
        id="multiple",
    ),
    pytest.param(
        'from streamlit import file_uploader\n\nup = file_uploader("Image")\n',
        [(3, 5, "STS501")],
        id="from-import",
    ),
    pytest.param(
        'import streamlit as st\n\nleft, right = st.columns(2)\n'
        'photo = right.file_uploader("Photo")\n',
        [(4, 8, "STS501")],
        id="column",
    ),
    pytest.param(
        """
        import streamlit as st

        with st.form("ticket"):
            up = st.file_uploader("Attachment", help="Any file")
            st.form_submit_button("Send")
        """,
        [(4, 9, "STS501")],
        id="in-form",
    ),
    pytest.param(
        'import streamlit as st\n\nup = st.file_uploader("Upload", None)\n',
        [(3, 5, "STS501")],
        id="positional-none",
    ),
]


STS501_FAIL += [
    pytest.param(
        'import streamlit as st\nup = st.file_uploader(label="Upload")\n',
        [(2, 5, "STS501")],
        id="label-keyword",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS501_FAIL)
def test_STS501_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS501")


STS501_PASS = [
    'import streamlit as st\nf = st.file_uploader("CSV", type="csv")\n',
    'import streamlit as st\nf = st.file_uploader("CSV", ["csv", "xlsx"])\n',
    'import streamlit as st\n'
    'f = st.file_uploader("Images", type=["png", "jpg"], accept_multiple_files=True)\n',
    'import streamlit as st\nfrom mylib import file_uploader\nf = file_uploader("x")\n',
    'import streamlit as st\nALLOWED_TYPES = ["csv"]\n'
    'f = st.file_uploader("x", type=ALLOWED_TYPES)\n',
    'import streamlit as st\nphoto = st.camera_input("Take a photo")\n',
    'import streamlit as st\n\ndef file_uploader(label):\n    return label\nfile_uploader("x")\n',
]


STS501_PASS += [
    # type= may arrive through **kwargs: nothing to say
    'import streamlit as st\ndef uploader(*args, **kwargs):\n'
    '    return st.file_uploader(*args, **kwargs, accept_multiple_files=False)\n',
    'import streamlit as st\nopts = {"type": ["csv"]}\nf = st.file_uploader("CSV", **opts)\n',
]


@pytest.mark.parametrize("snippet", STS501_PASS, ids=short_id)
def test_STS501_pass(snippet: str) -> None:
    check_pass(snippet, "STS501")


# --------------------------------------------------------------------------- STS502

STS502_FAIL = [
    pytest.param(
        """
        import zipfile

        import streamlit as st

        uploaded = st.file_uploader("Dataset (zip)", type="zip")
        if uploaded:
            zipfile.ZipFile(uploaded).extractall("data")
        """,
        [(7, 4, "STS502")],
        id="zip-extractall",
    ),
    pytest.param(
        """
        import tempfile
        import zipfile

        import streamlit as st

        up = st.file_uploader("Bundle", type="zip")
        if up:
            tmpdir = tempfile.mkdtemp()
            with zipfile.ZipFile(up) as zf:
                zf.extractall(tmpdir)
        """,
        [(10, 8, "STS502")],
        id="zip-with-as",
    ),
    pytest.param(
        """
        import tarfile

        import streamlit as st

        uploaded = st.file_uploader("Backup", type=["tar", "gz"])
        if uploaded:
            tarfile.open(fileobj=uploaded).extractall("out")
        """,
        [(7, 4, "STS502")],
        id="tar-extractall",
    ),
    pytest.param(
        """
        import io
        import zipfile

        import streamlit as st

        f = st.file_uploader("Archive", type="zip")
        if f:
            zf = zipfile.ZipFile(io.BytesIO(f.getvalue()))
            zf.extract("data.csv", "out")
        """,
        [(9, 4, "STS502")],
        id="zip-extract-bytesio",
    ),
    pytest.param(
        """
        import tarfile

        import streamlit as st

        up = st.file_uploader("Backup", type="tar")
        if up:
            tar = tarfile.open(fileobj=up)
            tar.extractall("restore", filter="fully_trusted")
        """,
        [(8, 4, "STS502")],
        id="tar-fully-trusted",
    ),
    pytest.param(
        """
        import zipfile

        import streamlit as st


        def unpack(archive, dest):
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(dest)


        bundle = st.file_uploader("Bundle", type="zip")
        if bundle:
            unpack(bundle, "workspace")
        """,
        [(13, 11, "STS502")],
        id="extracted-in-a-helper",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS502_FAIL)
def test_STS502_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS502")


STS502_PASS = [
    'import tarfile\nimport streamlit as st\nup = st.file_uploader("B", type="tar")\nif up:\n'
    '    tarfile.open(fileobj=up).extractall("out", filter="data")\n',
    'import zipfile\nimport streamlit as st\nup = st.file_uploader("Z", type="zip")\nif up:\n'
    "    names = zipfile.ZipFile(up).namelist()\n",
    'import zipfile\nimport streamlit as st\n'
    'zipfile.ZipFile("bundled/assets.zip").extractall("assets")\n',
    'import tarfile\nimport streamlit as st\n\n\ndef unpack(f):\n'
    '    tarfile.open(fileobj=f).extractall("out", filter="data")\n\n\n'
    'unpack(st.file_uploader("B", type="tar"))\n',
    'import zipfile\nimport streamlit as st\n\n\ndef unpack(path):\n'
    '    zipfile.ZipFile(path).extractall("assets")\n\n\n'
    'unpack("bundled/assets.zip")\nst.file_uploader("Z", type="zip")\n',
    'import zipfile\nimport streamlit as st\nup = st.file_uploader("Z", type="zip")\nif up:\n'
    '    with zipfile.ZipFile(up) as zf:\n        raw = zf.read("data.csv")\n',
    'import zipfile\nimport streamlit as st\nup = st.file_uploader("Z", type="zip")\nif up:\n'
    '    with zipfile.ZipFile(up) as zf, zf.open("data.csv") as fh:\n'
    '        head = fh.readline()\n',
]


@pytest.mark.parametrize("snippet", STS502_PASS, ids=short_id)
def test_STS502_pass(snippet: str) -> None:
    check_pass(snippet, "STS502")


# --------------------------------------------------------------------------- STS503 (opt-in)

STS503_FAIL = [
    pytest.param(
        """
        import streamlit as st

        up = st.file_uploader("CSV", type="csv")
        if up:
            raw = up.getvalue()
        """,
        [(5, 10, "STS503")],
        id="getvalue",
    ),
    pytest.param(
        """
        import streamlit as st

        up = st.file_uploader("Text", type="txt")
        if up is not None:
            text = up.read().decode("utf-8")
        """,
        [(5, 11, "STS503")],
        id="read-decode",
    ),
    pytest.param(
        """
        import streamlit as st

        files = st.file_uploader("Docs", type=["txt"], accept_multiple_files=True)
        for f in files:
            content = f.read()
        """,
        [(5, 14, "STS503")],
        id="multiple",
    ),
]


STS503_FAIL += [
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        up = st.file_uploader("CSV", type="csv")
        if up:
            df = pd.read_csv(up)
        """,
        [(6, 9, "STS503")],
        id="parsed-by-pandas",
    ),
    pytest.param(
        """
        import streamlit as st

        img = st.camera_input("Photo")
        if img:
            raw = img.getvalue()
        """,
        [(5, 10, "STS503")],
        id="camera-input",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS503_FAIL)
def test_STS503_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS503")


STS503_PASS = [
    """
    import streamlit as st

    MAX_BYTES = 5 * 1024 * 1024
    up = st.file_uploader("CSV", type="csv")
    if up is not None:
        if up.size > MAX_BYTES:
            st.error("File too large")
            st.stop()
        raw = up.getvalue()
    """,
    """
    import streamlit as st

    up = st.file_uploader("CSV", type="csv")
    if up and up.size <= 5_000_000:
        data = up.read()
    """,
    """
    import streamlit as st

    up = st.file_uploader("CSV", type="csv", max_upload_size=10)
    if up:
        raw = up.getvalue()
    """,
    """
    import streamlit as st

    up = st.file_uploader("CSV", type="csv")
    if up:
        st.write(up.name)
    """,
]


@pytest.mark.parametrize("snippet", STS503_PASS, ids=short_id)
def test_STS503_pass(snippet: str) -> None:
    check_pass(snippet, "STS503")
