"""STS301–STS303: deserialization and code execution (RULES.md, "STS3xx").

Taint sinks report at the tainted argument (for an argument list, the tainted element;
for a call of a module function that forwards a parameter to a sink, the argument of
that call).
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

# --------------------------------------------------------------------------- STS301

STS301_FAIL = [
    pytest.param(
        """
        import pickle

        import streamlit as st

        uploaded = st.file_uploader("Model", type=["pkl"])
        if uploaded is not None:
            model = pickle.loads(uploaded.getvalue())
        """,
        [(7, 25, "STS301")],
        id="pickle-loads-getvalue",
    ),
    pytest.param(
        """
        import pickle

        import streamlit as st

        uploaded = st.file_uploader("Model", type=["pkl"])
        if uploaded is not None:
            model = pickle.load(uploaded)
        """,
        [(7, 24, "STS301")],
        id="pickle-load-file",
    ),
    pytest.param(
        """
        import joblib
        import streamlit as st

        clf = joblib.load(st.file_uploader("Classifier", type="joblib"))
        """,
        [(4, 18, "STS301")],
        id="joblib",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        up = st.file_uploader("Data frame", type="pkl")
        if up:
            df = pd.read_pickle(up)
        """,
        [(6, 24, "STS301")],
        id="read-pickle",
    ),
    pytest.param(
        """
        import numpy as np
        import streamlit as st

        up = st.file_uploader("Array", type="npy")
        if up:
            arr = np.load(up, allow_pickle=True)
        """,
        [(6, 18, "STS301")],
        id="numpy-allow-pickle",
    ),
    pytest.param(
        """
        import io

        import streamlit as st
        import torch

        f = st.file_uploader("Checkpoint", type="pt")
        if f:
            state = torch.load(io.BytesIO(f.read()))
        """,
        [(8, 23, "STS301")],
        id="torch-load",
    ),
    pytest.param(
        """
        import streamlit as st
        import yaml

        text = st.text_area("Config (YAML)")
        cfg = yaml.load(text, Loader=yaml.Loader)
        cfg2 = yaml.unsafe_load(text)
        cfg3 = yaml.full_load(text)
        """,
        [(5, 16, "STS301"), (6, 24, "STS301"), (7, 22, "STS301")],
        id="yaml",
    ),
    pytest.param(
        """
        import jsonpickle
        import streamlit as st

        state = jsonpickle.decode(st.query_params["state"])
        """,
        [(4, 26, "STS301")],
        id="jsonpickle-query-param",
    ),
    pytest.param(
        """
        import cloudpickle
        import dill
        import marshal

        import streamlit as st

        up = st.file_uploader("Blob", type="bin")
        if up:
            data = up.read()
            a = dill.loads(data)
            b = marshal.loads(data)
            c = cloudpickle.loads(data)
        """,
        [(10, 19, "STS301"), (11, 22, "STS301"), (12, 26, "STS301")],
        id="dill-marshal-cloudpickle",
    ),
    pytest.param(
        """
        import shelve

        import streamlit as st

        db = shelve.open(st.text_input("Database name"))
        """,
        [(5, 17, "STS301")],
        id="shelve",
    ),
    pytest.param(
        """
        import pickle

        import streamlit as st


        def load_model(fileobj):
            return pickle.load(fileobj)


        uploaded = st.file_uploader("Model", type="pkl")
        if uploaded:
            model = load_model(uploaded)
        """,
        [(12, 23, "STS301")],
        id="through-module-function",
    ),
    pytest.param(
        """
        from pickle import loads as unpickle

        import streamlit as st

        up = st.file_uploader("State", type="pkl")
        if up:
            obj = unpickle(up.getvalue())
        """,
        [(7, 19, "STS301")],
        id="from-import-alias",
    ),
    pytest.param(
        """
        import pickle

        import streamlit as st

        up = st.file_uploader("State", type="pkl")
        if up:
            obj = pickle.Unpickler(up).load()
        """,
        [(7, 27, "STS301")],
        id="unpickler",
    ),
]


STS301_FAIL += [
    pytest.param(
        """
        import pickle

        import streamlit as st

        files = st.file_uploader("Models", type="pkl", accept_multiple_files=True)
        models = [pickle.load(f) for f in files]
        """,
        [(6, 22, "STS301")],
        id="comprehension-over-multiple-files",
    ),
    pytest.param(
        """
        import base64
        import pickle

        import streamlit as st

        state = st.query_params.get("state", "")
        restored = pickle.loads(base64.b64decode(state))
        """,
        [(7, 24, "STS301")],
        id="base64-query-param",
    ),
    pytest.param(
        """
        import pickle

        import streamlit as st

        up = st.file_uploader("Model", type="pkl")
        if up:
            with open("/tmp/model.pkl", "wb") as fh:
                fh.write(up.getbuffer())
            model = pickle.loads(bytes(up.getbuffer()))
        """,
        [(9, 25, "STS301")],
        id="bytes-of-getbuffer",
    ),
]


STS301_FAIL += [
    pytest.param(
        'import streamlit as st\nimport yaml\nt = st.text_area("y")\n'
        'yaml.load(t, yaml.FullLoader)\n',
        [(4, 10, "STS301")],
        id="yaml-full-loader-positional",
    ),
    pytest.param(
        'import streamlit as st\nimport torch\nup = st.file_uploader("w", type="pt")\n'
        'torch.load(up, weights_only=False)\n',
        [(4, 11, "STS301")],
        id="torch-weights-only-false",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS301_FAIL)
def test_STS301_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS301")


STS301_PASS = [
    # a bundled model file is not user data
    'import pickle\nimport streamlit as st\nmodel = pickle.load(open("model.pkl", "rb"))\n',
    """
    import pickle

    import streamlit as st

    MODEL_PATH = "models/model.pkl"


    @st.cache_resource
    def load_model():
        with open(MODEL_PATH, "rb") as fh:
            return pickle.load(fh)
    """,
    'import joblib\nimport streamlit as st\nclf = joblib.load("models/clf.joblib")\n',
    'import numpy as np\nimport streamlit as st\nup = st.file_uploader("A", type="npy")\n'
    'arr = np.load(up)\n',
    'import numpy as np\nimport streamlit as st\nup = st.file_uploader("A", type="npy")\n'
    "arr = np.load(up, allow_pickle=False)\n",
    'import streamlit as st\nimport torch\nup = st.file_uploader("W", type="pt")\n'
    "w = torch.load(up, weights_only=True)\n",
    'import streamlit as st\nimport yaml\ntext = st.text_area("YAML")\n'
    'cfg = yaml.safe_load(text)\n',
    'import streamlit as st\nimport yaml\ntext = st.text_area("YAML")\n'
    'cfg = yaml.load(text, Loader=yaml.SafeLoader)\n',
    'import streamlit as st\nimport yaml\ntext = st.text_area("YAML")\n'
    'cfg = yaml.load(text, Loader=yaml.CSafeLoader)\n',
    'import json\nimport streamlit as st\nup = st.file_uploader("J", type="json")\n'
    'data = json.loads(up.getvalue())\n',
    'import pandas as pd\nimport streamlit as st\nup = st.file_uploader("C", type="csv")\n'
    'df = pd.read_csv(up)\n',
    'import pickle\nimport streamlit as st\nnote = st.text_input("Note")\n'
    'blob = pickle.dumps(note)\n',
    'import pickle\nimport streamlit as st\nidx = st.slider("Model", 1, 3)\n'
    'model = pickle.load(open(f"models/model_{idx}.pkl", "rb"))\n',
    'import joblib\nimport streamlit as st\n'
    'name = st.selectbox("Model", ["a.joblib", "b.joblib"])\n'
    'clf = joblib.load(f"models/{name}")\n',
    'import streamlit as st\nimport torch\nstate = torch.load("weights/resnet.pt")\n',
]


STS301_PASS += [
    'import streamlit as st\nimport yaml\nt = st.text_area("y")\nyaml.load(t, yaml.SafeLoader)\n',
]


@pytest.mark.parametrize("snippet", STS301_PASS, ids=short_id)
def test_STS301_pass(snippet: str) -> None:
    check_pass(snippet, "STS301")


# --------------------------------------------------------------------------- STS302

STS302_FAIL = [
    pytest.param(
        """
        import streamlit as st

        result = eval(st.text_input("Formula"))
        """,
        [(3, 14, "STS302")],
        id="eval-widget",
    ),
    pytest.param(
        """
        import streamlit as st

        expr = st.text_input("Expression")
        st.write(eval(expr))
        """,
        [(4, 14, "STS302")],
        id="eval-name",
    ),
    pytest.param(
        """
        import streamlit as st

        code = st.text_area("Python code")
        exec(code, {})
        """,
        [(4, 5, "STS302")],
        id="exec",
    ),
    pytest.param(
        """
        import streamlit as st

        src_code = st.text_area("Snippet")
        obj = compile(src_code, "<user>", "exec")
        """,
        [(4, 14, "STS302")],
        id="compile",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        df = pd.read_csv("sales.csv")
        flt = st.text_input("Filter (pandas query)")
        if flt:
            st.dataframe(df.query(flt))
        """,
        [(7, 26, "STS302")],
        id="dataframe-query",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        expr = st.text_input("Expression")
        value = pd.eval(expr)
        """,
        [(5, 16, "STS302")],
        id="pandas-eval",
    ),
    pytest.param(
        """
        import pandas as pd
        import streamlit as st

        df = pd.DataFrame({"a": [1, 2]})
        formula = st.text_input("New column formula")
        df = df.eval(f"total = {formula}")
        """,
        [(6, 13, "STS302")],
        id="dataframe-eval-fstring",
    ),
    pytest.param(
        """
        import builtins

        import streamlit as st

        expr = st.query_params.get("expr", "0")
        builtins.eval(expr)
        """,
        [(6, 14, "STS302")],
        id="builtins-eval",
    ),
    pytest.param(
        """
        import streamlit as st


        def calculate(expression):
            return eval(expression)


        if prompt := st.chat_input("Ask me to calculate"):
            st.write(calculate(prompt))
        """,
        [(9, 23, "STS302")],
        id="walrus-through-function",
    ),
]


# sanitizers only stop taint for the sinks they fit
STS302_FAIL += [
    pytest.param(
        """
        import html

        import streamlit as st

        expr = st.text_input("Expression")
        st.write(eval(html.escape(expr)))
        """,
        [(6, 14, "STS302")],
        id="html-escape-does-not-fit-eval",
    ),
    pytest.param(
        """
        import os

        import streamlit as st

        expr = st.text_input("Expression")
        exec(os.path.basename(expr))
        """,
        [(6, 5, "STS302")],
        id="basename-does-not-fit-exec",
    ),
    pytest.param(
        """
        import io

        import streamlit as st

        up = st.file_uploader("Script", type="py")
        if up:
            source = io.StringIO(up.getvalue().decode()).read()
            exec(source)
        """,
        [(8, 9, "STS302")],
        id="upload-through-stringio",
    ),
    pytest.param(
        """
        import streamlit as st

        st.text_area("Rule", key="rule")
        rule = st.session_state.get("rule", "")
        st.write(eval(rule))
        """,
        [(5, 14, "STS302")],
        id="session-state-get",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS302_FAIL)
def test_STS302_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS302")


STS302_PASS = [
    'import streamlit as st\nst.write(eval("1 + 2"))\n',
    'import ast\nimport streamlit as st\ntext = st.text_input("List")\n'
    'value = ast.literal_eval(text)\n',
    'import streamlit as st\nn = int(st.text_input("n") or 0)\nst.write(eval(f"{n} * 2"))\n',
    'import pandas as pd\nimport streamlit as st\ndf = pd.read_csv("s.csv")\n'
    'st.dataframe(df.query("price > 100"))\n',
    'import pandas as pd\nimport streamlit as st\ndf = pd.read_csv("s.csv")\n'
    'limit = st.slider("Max", 0, 100)\n'
    'st.dataframe(df.query("price > @limit"))\n',
    'import streamlit as st\nop = st.selectbox("Operation", ["1+1", "2*3"])\nst.write(eval(op))\n',
    'import re\nimport streamlit as st\npattern = st.text_input("Regex")\n'
    'rx = re.compile(pattern)\n',
    'import streamlit as st\nexec(open("setup_script.py").read())\n',
    'import streamlit as st\ncode = st.text_area("Code")\nst.code(code, language="python")\n',
]


STS302_PASS += [
    'import streamlit as st\nx = st.text_input("x")\nx = "1 + 1"\nst.write(eval(x))\n',
    'import streamlit as st\nx = st.text_input("x")\nst.write(eval(str(len(x))))\n',
    'import streamlit as st\nx = st.text_input("x")\nst.write(eval(f"{x == \'a\'}"))\n',
]


@pytest.mark.parametrize("snippet", STS302_PASS, ids=short_id)
def test_STS302_pass(snippet: str) -> None:
    check_pass(snippet, "STS302")


# --------------------------------------------------------------------------- STS303

STS303_FAIL = [
    pytest.param(
        """
        import subprocess

        import streamlit as st

        host = st.text_input("Host to ping")
        if st.button("Ping"):
            out = subprocess.run(f"ping -c 1 {host}", shell=True, capture_output=True)
        """,
        [(7, 25, "STS303")],
        id="run-shell-fstring",
    ),
    pytest.param(
        """
        import os

        import streamlit as st

        domain = st.text_input("Domain")
        os.system("nslookup " + domain)
        """,
        [(6, 10, "STS303")],
        id="os-system-concat",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st

        repo_url = st.text_input("Repository URL")
        subprocess.run(["git", "clone", repo_url], check=True)
        """,
        [(6, 32, "STS303")],
        id="argument-list-element",
    ),
    pytest.param(
        """
        import os

        import streamlit as st

        cmd = st.text_input("Command")
        st.code(os.popen(cmd).read())
        """,
        [(6, 17, "STS303")],
        id="os-popen",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st

        cmd = st.query_params.get("cmd", "")
        proc = subprocess.Popen(cmd, shell=True)
        """,
        [(6, 24, "STS303")],
        id="popen-shell",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st

        tool = st.text_input("Tool")
        out = subprocess.check_output([tool, "--version"])
        """,
        [(6, 31, "STS303")],
        id="program",
    ),
    pytest.param(
        """
        import asyncio

        import streamlit as st


        async def run(cmd):
            proc = await asyncio.create_subprocess_shell(cmd)
            return await proc.wait()


        asyncio.run(run(st.text_input("Shell command")))
        """,
        [(11, 16, "STS303")],
        id="asyncio-through-function",
    ),
    pytest.param(
        """
        import os

        import streamlit as st

        st.text_input("Command", key="cmd")
        os.system(st.session_state.cmd)
        """,
        [(6, 10, "STS303")],
        id="session-state-key",
    ),
    pytest.param(
        """
        from subprocess import run

        import streamlit as st

        pattern = st.text_input("Pattern")
        run(f"grep -r {pattern} logs/", shell=True)
        """,
        [(6, 4, "STS303")],
        id="from-import",
    ),
]


STS303_FAIL += [
    pytest.param(
        """
        import html
        import subprocess

        import streamlit as st

        host = st.text_input("Host")
        subprocess.run("ping -c 1 " + html.escape(host), shell=True)
        """,
        [(7, 15, "STS303")],
        id="html-escape-does-not-fit-shell",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st

        up = st.file_uploader("Video", type=["mp4"])
        if up:
            subprocess.run(["ffmpeg", "-i", "in.mp4", f"out/{up.name}.gif"], check=True)
        """,
        [(7, 46, "STS405")],  # no option (it begins "out/"), but a path the user steers
        id="upload-name-in-argument-list",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st

        args = st.text_input("Extra arguments").split()
        subprocess.run(["rsync", *args, "backup/"])
        """,
        [(6, 26, "STS303")],
        id="starred-argument-list",
    ),
    pytest.param(
        """
        import subprocess

        import streamlit as st

        branch = st.query_params.get("branch", "main")
        subprocess.check_call("git checkout %s" % branch, shell=True)
        """,
        [(6, 22, "STS303")],
        id="check-call-percent",
    ),
]


STS303_FAIL += [
    pytest.param(
        'import subprocess\nimport streamlit as st\ncmd = st.text_input("cmd")\n'
        'subprocess.run(cmd.split())\n',
        [(4, 15, "STS303")],
        id="split-into-program-and-arguments",
    ),
    pytest.param(
        'import subprocess\nimport streamlit as st\ncmd = st.text_input("cmd")\n'
        'subprocess.run(["sh", "-c", cmd])\n',
        [(4, 28, "STS303")],
        id="sh-dash-c",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS303_FAIL)
def test_STS303_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS303")


STS303_PASS = [
    'import shlex\nimport subprocess\nimport streamlit as st\nhost = st.text_input("Host")\n'
    'subprocess.run(f"ping -c 1 {shlex.quote(host)}", shell=True)\n',
    'import subprocess\nimport streamlit as st\n'
    'subprocess.run(["ping", "-c", "1", "example.org"])\n',
    'import subprocess\nimport streamlit as st\ncount = st.number_input("Count", 1, 10)\n'
    'subprocess.run(["ping", "-c", str(count), "example.org"])\n',
    'import os\nimport streamlit as st\nos.system("clear")\n',
    'import os\nimport streamlit as st\nn = int(st.text_input("n") or 1)\nos.system(f"seq {n}")\n',
    'import subprocess\nimport streamlit as st\n'
    'subprocess.run(["python", "scripts/report.py"], check=True)\n',
    'import subprocess\nimport streamlit as st\n'
    'choice = st.selectbox("Script", ["backup.sh", "report.sh"])\n'
    'subprocess.run(["bash", choice])\n',
    'import streamlit as st\nhost = st.text_input("Host")\nst.code(f"ping -c 1 {host}")\n',
]


STS303_PASS += [
    'import shlex\nimport subprocess\nimport streamlit as st\nq = st.text_input("q")\n'
    'subprocess.run("grep -r " + shlex.quote(q) + " logs/", shell=True)\n',
    'import subprocess\nimport streamlit as st\nq = st.text_input("q")\n'
    'ok = subprocess.run(["true"], check=False).returncode == 0 and q in {"a", "b"}\n',
    'import os\nimport streamlit as st\nq = st.text_input("q")\nos.system("echo " + str(len(q)))\n',
]


@pytest.mark.parametrize("snippet", STS303_PASS, ids=short_id)
def test_STS303_pass(snippet: str) -> None:
    check_pass(snippet, "STS303")
