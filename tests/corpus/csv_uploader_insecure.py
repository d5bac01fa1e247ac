"""Data workbench: upload anything, save it, compute columns, load models."""
import os
import pickle
import shutil
import tarfile

import pandas as pd
import streamlit as st

DATA_DIR = "data"

st.title("Data workbench")

files = st.file_uploader("Upload files", accept_multiple_files=True)  # expect: STS501
for f in files:
    with open(os.path.join(DATA_DIR, f.name), "wb") as out:  # expect: STS405
        out.write(f.getbuffer())
    st.write(f"Saved {f.name}")

model_file = st.sidebar.file_uploader("Model (.pkl)", type=["pkl"])
if model_file is not None:
    model = pickle.load(model_file)  # expect: STS301
    st.sidebar.success(f"Model ready: {type(model).__name__}")

archive = st.sidebar.file_uploader("Dataset archive", type=["tar", "gz"])
if archive is not None:
    with tarfile.open(fileobj=archive, mode="r:*") as tar:
        tar.extractall(DATA_DIR)  # expect: STS502

csv_name = st.selectbox("Dataset", sorted(os.listdir(DATA_DIR)))
df = pd.read_csv(os.path.join(DATA_DIR, csv_name))
formula = st.text_input("New column (Python expression over `df`)", "df['a'] * 2")
if st.button("Compute"):
    df["result"] = eval(formula)  # expect: STS302
    st.dataframe(df)

backup_to = st.text_input("Copy the dataset to")
if backup_to:
    shutil.copy(os.path.join(DATA_DIR, csv_name), backup_to)  # expect: STS405
