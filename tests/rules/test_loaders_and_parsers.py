"""Sinks and flows of issue 16: model loaders and runners (STS301/STS302), content written
to disk and loaded back (RULES.md "Content written to disk"), vector-store and gdown
paths (STS405), upload contents through parsers into HTML (STS402), containers kept on
``self``."""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

# ------------------------------------------------------------ STS301 / STS302 loaders

LOADERS_FAIL = [
    pytest.param(
        """
        import streamlit as st
        from fastai.vision.all import *

        upload = st.file_uploader("Exported learner", type=["pkl"])
        if upload:
            path = "learner.pkl"
            with open(path, "wb") as f:
                f.write(upload.getbuffer())
            learn = load_learner(path)
        """,
        [(9, 25, "STS301")],
        id="fastai-star-import-written-path",
    ),
    pytest.param(
        """
        import tempfile

        import joblib
        import streamlit as st

        model_file = st.file_uploader("Model", type=["joblib"])
        if model_file is not None:
            with tempfile.NamedTemporaryFile(delete=False, suffix=".joblib") as tmp:
                tmp.write(model_file.getvalue())
                model_path = tmp.name
            model = joblib.load(model_path)
        """,
        [(11, 24, "STS301")],
        id="named-temporary-file",
    ),
    pytest.param(
        """
        import joblib
        import streamlit as st

        up = st.file_uploader("Pipeline", type=["pkl"])
        if up:
            open("pipeline.pkl", "wb").write(up.read())
            pipe = joblib.load("pipeline.pkl")
        """,
        [(7, 23, "STS301")],
        id="written-literal-path",
    ),
    pytest.param(
        """
        from pathlib import Path

        import pickle
        import streamlit as st

        up = st.file_uploader("State", type=["pkl"])
        target = Path("/tmp") / "state.pkl"
        target.write_bytes(up.getvalue())
        with open(target, "rb") as fh:
            state = pickle.load(fh)
        """,
        [(10, 24, "STS301")],
        id="path-write-bytes-then-a-handle-on-it",
    ),
    pytest.param(
        """
        import runpy

        import streamlit as st

        code = st.text_area("Your script")
        if st.button("Run"):
            with open("snippet.py", "w") as out:
                out.write(code)
            runpy.run_path("snippet.py")
        """,
        [(9, 19, "STS302")],
        id="runpy-written-snippet",
    ),
    pytest.param(
        """
        import runpy

        import streamlit as st

        runpy.run_module(st.query_params.get("tool", "report"))
        """,
        [(5, 17, "STS302")],
        id="runpy-module-name",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_community.vectorstores import FAISS

        index_dir = st.text_input("Index folder")
        db = FAISS.load_local(index_dir, embeddings, allow_dangerous_deserialization=True)
        """,
        [(5, 22, "STS301")],
        id="faiss-dangerous-deserialization",
    ),
    pytest.param(
        """
        import streamlit as st
        from tensorflow import keras

        up = st.file_uploader("Model", type=["keras"])
        if up:
            with open("model.keras", "wb") as f:
                f.write(up.getbuffer())
            model = keras.models.load_model("model.keras", safe_mode=False)
        """,
        [(8, 36, "STS301")],
        id="keras-safe-mode-off",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), LOADERS_FAIL)
def test_loaders_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS301" if "STS302" not in str(expected) else "STS302")


LOADERS_PASS = [
    # a bundled model: nothing in the scope wrote to it
    """
    import joblib
    import streamlit as st

    up = st.file_uploader("Data", type=["csv"])
    model = joblib.load("model.pkl")
    """,
    # the scope wrote a constant, not the upload
    """
    import joblib
    import streamlit as st

    with open("model.pkl", "wb") as f:
        f.write(b"header")
    model = joblib.load("model.pkl")
    """,
    # the upload went to another file
    """
    import joblib
    import streamlit as st

    up = st.file_uploader("Data", type=["csv"])
    with open("data.csv", "wb") as f:
        f.write(up.getbuffer())
    model = joblib.load("model.pkl")
    """,
    # written, but read with a safe reader
    """
    import pandas as pd
    import streamlit as st

    up = st.file_uploader("Data", type=["csv"])
    with open("data.csv", "wb") as f:
        f.write(up.getbuffer())
    df = pd.read_csv("data.csv")
    """,
    # load_local without the dangerous flag refuses to unpickle
    """
    import streamlit as st
    from langchain_community.vectorstores import FAISS

    db = FAISS.load_local(st.secrets["index_dir"], embeddings)
    """,
    # Keras in its default safe mode
    """
    import streamlit as st
    from tensorflow import keras

    up = st.file_uploader("Model", type=["keras"])
    with open("model.keras", "wb") as f:
        f.write(up.getbuffer())
    model = keras.models.load_model("model.keras")
    """,
    # a written temp file is not a traversal (STS405) when opened again
    """
    import tempfile

    import streamlit as st

    up = st.file_uploader("Doc", type=["pdf"])
    tmp = tempfile.NamedTemporaryFile(delete=False, suffix=".pdf")
    tmp.write(up.getvalue())
    with open(tmp.name, "rb") as fh:
        data = fh.read()
    """,
]


@pytest.mark.parametrize("snippet", LOADERS_PASS, ids=short_id)
def test_loaders_pass(snippet: str) -> None:
    for code in ("STS301", "STS302", "STS405"):
        check_pass(snippet, code)


# ------------------------------------------------------------------ STS405 paths

PATHS_FAIL = [
    pytest.param(
        """
        import gdown
        import streamlit as st

        name = st.text_input("Save as")
        gdown.download("https://drive.google.com/uc?id=abc", name, quiet=True)
        """,
        [(5, 53, "STS405")],
        id="gdown-output",
    ),
    pytest.param(
        """
        import streamlit as st

        project = st.text_input("Project")
        vectorstore.save_local(f"indexes/{project}")
        other = FAISS.load_local(folder_path=project, embeddings=emb)
        """,
        [(4, 23, "STS405"), (5, 37, "STS405")],
        id="vector-store-save-and-load",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), PATHS_FAIL)
def test_vector_store_and_gdown_paths_fail(snippet: str,
                                           expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS405")


PATHS_PASS = [
    'import gdown\nimport streamlit as st\nurl = st.text_input("Drive link")\n'
    'gdown.download(url, "model.bin")\n',
    'import streamlit as st\nvectorstore.save_local("faiss_index")\n',
    # the dangerous load is STS301's, not reported twice
    'import streamlit as st\nd = st.text_input("d")\n'
    'FAISS.load_local(d, emb, allow_dangerous_deserialization=True)\n',
]


@pytest.mark.parametrize("snippet", PATHS_PASS, ids=short_id)
def test_vector_store_and_gdown_paths_pass(snippet: str) -> None:
    check_pass(snippet, "STS405")


# ------------------------------------------------------ STS402 upload contents as HTML

PARSED_FAIL = [
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        up = st.file_uploader("Contacts", type=["csv"])
        if up:
            df = pd.read_csv(up)
            for _, row in df.iterrows():
                st.markdown(f"<div class='card'>{row['name']}</div>", unsafe_allow_html=True)
        """,
        [(8, 62, "STS402")],
        id="read-csv-cells",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        up = st.file_uploader("Sheet", type=["xlsx"])
        if up:
            table = pd.read_excel(up).head(20).to_html(escape=False, index=False)
            st.markdown(table, unsafe_allow_html=True)
        """,
        [(7, 23, "STS402")],
        id="to-html-escape-false",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        up = st.file_uploader("Data", type=["csv"])
        df = pd.read_csv(up)
        html = df.style.highlight_max(axis=0).to_html()
        st.write(html, unsafe_allow_html=True)
        """,
        [(7, 15, "STS402")],
        id="styler-to-html",
    ),
    pytest.param(
        """
        import streamlit as st
        from pypdf import PdfReader

        pdf = st.file_uploader("PDF", type=["pdf"])
        if pdf:
            text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
            st.markdown(f"<pre>{text}</pre>", unsafe_allow_html=True)
        """,
        [(7, 38, "STS402")],
        id="pdf-text",
    ),
    pytest.param(
        """
        import streamlit as st


        class Report:
            def __init__(self):
                self.details = st.expander("Details")
                self.note = st.text_area("Note")

            def render(self):
                self.details.markdown(f"<p>{self.note}</p>", unsafe_allow_html=True)
        """,
        [(10, 53, "STS402")],
        id="container-kept-on-self",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), PARSED_FAIL)
def test_parsed_uploads_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS402")


PARSED_PASS = [
    # DataFrame.to_html() escapes
    'import pandas as pd\nimport streamlit as st\nup = st.file_uploader("f", type="csv")\n'
    'st.markdown(pd.read_csv(up).to_html(index=False), unsafe_allow_html=True)\n',
    # rendered as a table, not HTML
    'import pandas as pd\nimport streamlit as st\nup = st.file_uploader("f", type="csv")\n'
    'st.dataframe(pd.read_csv(up))\n',
    # a count of rows is a number
    'import pandas as pd\nimport streamlit as st\nup = st.file_uploader("f", type="csv")\n'
    'df = pd.read_csv(up)\nst.markdown(f"<b>{len(df)}</b> rows", unsafe_allow_html=True)\n',
    # the app's own CSV
    'import pandas as pd\nimport streamlit as st\ndf = pd.read_csv("catalog.csv")\n'
    'st.markdown(df.to_html(escape=False), unsafe_allow_html=True)\n',
]


@pytest.mark.parametrize("snippet", PARSED_PASS, ids=short_id)
def test_parsed_uploads_pass(snippet: str) -> None:
    check_pass(snippet, "STS402")
