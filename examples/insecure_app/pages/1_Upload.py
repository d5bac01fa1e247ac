"""Upload a dataset, a trained model or a zip bundle of CSV files."""
import os
import pickle
import zipfile

import pandas as pd
import streamlit as st

UPLOAD_DIR = "uploads"
os.makedirs(UPLOAD_DIR, exist_ok=True)

st.title("Upload data")

uploaded = st.file_uploader("Dataset (.csv), model (.pkl) or bundle (.zip)")
if uploaded is not None:
    with open(os.path.join(UPLOAD_DIR, uploaded.name), "wb") as out:
        out.write(uploaded.getbuffer())

    if uploaded.name.endswith(".pkl"):
        model = pickle.loads(uploaded.getvalue())
        st.success(f"Loaded model {type(model).__name__}")
    elif uploaded.name.endswith(".zip"):
        with zipfile.ZipFile(uploaded) as bundle:
            bundle.extractall(UPLOAD_DIR)
        st.success("Bundle extracted")
    else:
        df = pd.read_csv(uploaded)
        st.dataframe(df)
