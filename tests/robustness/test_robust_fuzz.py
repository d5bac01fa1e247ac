"""Generated programs: no exception, no STS000, deterministic output, no secret echoed.

* hypothesmith programs (``from_grammar`` and ``from_node``): arbitrary valid Python;
* Streamlit-flavoured programs from :mod:`snippets`: widgets, sinks, f-strings,
  functions, loops, gates -- the code paths the analyzer actually works on;
* determinism across processes with different hash seeds (set and dict orders).
"""
from __future__ import annotations

import ast
import json
import os
import random
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import snippets
from flake8_streamlit_security.plugin import Plugin

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout; every run is independent
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large],
)


def lint(source: str) -> list[tuple[int, int, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            reject()
    lines = source.splitlines(True)
    return [(line, col, text) for line, col, text, _cls in Plugin(tree, lines, "t.py").run()]


def check(source: str) -> list[tuple[int, int, str]]:
    first = lint(source)
    assert not [f for f in first if f[2].startswith("STS000")], first
    assert lint(source) == first  # deterministic within a process
    for _line, _col, text in first:
        for secret in snippets.FAKE_SECRETS:
            assert secret not in text and secret[3:15] not in text
    return first


@FUZZ
@given(hypothesmith.from_grammar())
def test_hypothesmith_grammar_programs(source: str) -> None:
    check(source)


@settings(FUZZ, max_examples=15)
@given(hypothesmith.from_node())
def test_hypothesmith_node_programs(source: str) -> None:
    check(source)


@st.composite
def streamlit_programs(draw: Any) -> str:
    statements = draw(st.integers(min_value=1, max_value=10))
    return snippets.program(lambda options: draw(st.sampled_from(options)), statements)


@settings(FUZZ, max_examples=80)
@given(streamlit_programs())
def test_streamlit_flavoured_programs(source: str) -> None:
    check(source)


@FUZZ
@given(streamlit_programs(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_streamlit_programs_with_streamlit_variants(source: str, newline: str,
                                                    alias: bool) -> None:
    if alias:  # another import shape of the same module
        source = source.replace("import streamlit as st\n",
                                "from streamlit import *\nimport streamlit as st\n")
    check(source.replace("\n", newline))


_RUNNER = r"""
import ast, json, sys
from flake8_streamlit_security.plugin import Plugin
out = []
for name in sys.argv[1:]:
    src = open(name, encoding="utf-8").read()
    found = Plugin(ast.parse(src), src.splitlines(True), name).run()
    out.append([name, [[l, c, t] for l, c, t, _ in found]])
print(json.dumps(out))
"""


def test_output_is_the_same_under_other_hash_seeds(tmp_path: Path) -> None:
    rng = random.Random(1234)
    files = []
    for i in range(40):
        path = tmp_path / f"app_{i}.py"
        path.write_text(snippets.program(rng.choice, rng.randint(2, 12)), encoding="utf-8")
        files.append(str(path))
    outputs = []
    for seed in ("0", "1", "987654"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", _RUNNER, *files], capture_output=True,
                              text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert any(found for _name, found in outputs[0])  # the programs do get findings
    assert not any(t.startswith("STS000") for _n, found in outputs[0] for _l, _c, t in found)


@pytest.mark.parametrize("seed", range(6))
def test_seeded_streamlit_programs(seed: int) -> None:
    """A few fixed, larger programs (reproducible without hypothesis' database)."""
    rng = random.Random(seed)
    check(snippets.program(rng.choice, 60))
