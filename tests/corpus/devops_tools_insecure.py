"""Little ops console: ping hosts, tail logs, open runbooks."""
import os
import subprocess
from pathlib import Path

import requests
import streamlit as st

LOG_DIR = Path("/var/log/app")

st.title("Ops console")

host = st.text_input("Host to check", "db.internal")
if st.button("Ping"):
    result = subprocess.run(f"ping -c 3 {host}", shell=True, capture_output=True, text=True)  # expect: STS303
    st.code(result.stdout)

log_name = st.query_params.get("log", "app.log")
log_path = LOG_DIR / log_name  # expect: STS405
if log_path.exists():
    st.code(log_path.read_text()[-5000:])

runbook = st.query_params.get("runbook")
if runbook:
    st.markdown(f"Runbook: [open it]({runbook})")  # expect: STS404

svc = st.selectbox("Service", ["api", "worker", "scheduler"])
if st.button("Restart"):
    subprocess.run(["systemctl", "restart", svc], check=True)
    os.system("logger restarted service")

health_url = st.text_input("Health endpoint")
if health_url:
    st.json(requests.get(health_url, timeout=3).json())

cmd = st.text_input("Extra diagnostics command")
if cmd:
    st.code(os.popen(cmd).read())  # expect: STS303
