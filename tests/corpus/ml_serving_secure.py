"""Churn model demo: bundled model, safe parsing of uploads, fixed subprocess calls."""
import json
import pickle
import subprocess
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import streamlit as st
import yaml

MODEL_DIR = Path(__file__).parent / "models"
MAX_UPLOAD = 10 * 1024 * 1024


@st.cache_resource
def load_model(name: str):
    with open(MODEL_DIR / f"{name}.pkl", "rb") as fh:
        return pickle.load(fh)


@st.cache_resource
def load_scaler():
    return joblib.load(MODEL_DIR / "scaler.joblib")


model_name = st.sidebar.selectbox("Model", ["logreg", "xgboost"])
model = load_model(model_name)
scaler = load_scaler()

cfg_file = st.sidebar.file_uploader("Settings (.yaml)", type=["yaml", "yml"])
settings = {}
if cfg_file is not None and cfg_file.size < MAX_UPLOAD:
    settings = yaml.safe_load(cfg_file.getvalue()) or {}

batch = st.file_uploader("Customers (.csv, .json or .npy)", type=["csv", "json", "npy"])
if batch is not None:
    if batch.size > MAX_UPLOAD:
        st.error("File too large")
        st.stop()
    if batch.name.endswith(".csv"):
        df = pd.read_csv(batch)
    elif batch.name.endswith(".json"):
        df = pd.DataFrame(json.loads(batch.getvalue()))
    else:
        df = pd.DataFrame(np.load(batch, allow_pickle=False))
    threshold = settings.get("threshold", 0.5)
    df["churn"] = model.predict_proba(scaler.transform(df))[:, 1] > threshold
    st.dataframe(df)

expr = st.selectbox("Quick metric", ["df.shape[0]", "df['churn'].mean()"])
metric_name = st.text_input("Metric label", "customers")
st.metric(metric_name, st.session_state.get("last_metric", "n/a"))

if st.button("Retrain (nightly job)"):
    out = subprocess.run(["python", "-m", "jobs.retrain", "--model", model_name], capture_output=True)
    st.code(out.stdout.decode() or "done")
