"""Mini notebook: run snippets, pip install packages, load shared sessions."""
import os
import pickle
import subprocess

import pandas as pd
import streamlit as st

st.title("Mini notebook")

if "env" not in st.session_state:
    st.session_state.env = {"pd": pd}

code = st.text_area("Python cell", "df = pd.DataFrame({'a': [1, 2]})\ndf")
if st.button("Run cell"):
    exec(code, st.session_state.env)  # expect: STS302
    st.write(st.session_state.env.get("df"))

package = st.sidebar.text_input("pip install")
if package and st.sidebar.button("Install"):
    subprocess.run(f"pip install {package}", shell=True, check=False)  # expect: STS303

session_file = st.sidebar.file_uploader("Restore session", type=["pkl"])
if session_file:
    st.session_state.env.update(pickle.loads(session_file.read()))  # expect: STS301

notes_dir = st.sidebar.text_input("Notes folder", "notes")
for name in os.listdir(notes_dir):  # expect: STS405
    st.sidebar.write(name)
note = st.sidebar.text_input("Open note")
if note:
    st.markdown(open(os.path.join(notes_dir, note)).read())  # expect: STS405
