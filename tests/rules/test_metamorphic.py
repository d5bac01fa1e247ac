"""Metamorphic checks over every ``_FAIL`` snippet of the rule modules.

* Renaming the ``streamlit`` alias changes nothing (names are resolved, not spelled).
* ``unsafe_allow_html=False`` / ``unsafe_allow_javascript=False`` removes STS402/STS403.
* Escaping the whole rendered body with ``html.escape`` removes STS402.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable

import pytest

from helpers import results, src

MODULES = ("secrets", "auth", "execution", "injection", "uploads", "caching")


def _fail_cases(
    codes: tuple[str, ...] | None = None, keep: Callable[[str], bool] | None = None
) -> list[object]:
    """The ``_FAIL`` cases (of ``codes``) whose source the rewrite applies to (``keep``)."""
    out = []
    for mod in MODULES:
        module = importlib.import_module(f"rules.test_{mod}")
        for name in sorted(dir(module)):
            m = re.fullmatch(r"(STS\d{3})_FAIL", name)
            if not m or (codes and m.group(1) not in codes):
                continue
            for param in getattr(module, name):
                snippet, expected = param.values
                if keep is not None and not keep(src(snippet)):
                    continue
                case_id = f"{m.group(1)}-{param.id}"
                out.append(pytest.param(m.group(1), snippet, expected, id=case_id))
    return out


def _lines_and_codes(found: list[tuple[int, int, str]], code: str) -> set[tuple[int, str]]:
    return {(line, c) for line, _col, c in found if c == code}


def _uses_st_alias(text: str) -> bool:
    return "import streamlit as st\n" in text and not re.search(r"\bstx\b", text)


def _flag_only_sinks(text: str) -> bool:
    """Every HTML sink of the snippet carries an ``unsafe_allow_*=True`` keyword."""
    has_flag = "unsafe_allow_html=True" in text or "unsafe_allow_javascript=True" in text
    return has_flag and "components" not in text and ", True)" not in text


@pytest.mark.parametrize(("code", "snippet", "expected"), _fail_cases(keep=_uses_st_alias))
def test_alias_rename_keeps_findings(
    code: str, snippet: str, expected: list[tuple[int, int, str]]
) -> None:
    text = src(snippet)
    renamed = text.replace("import streamlit as st\n", "import streamlit as stx\n")
    renamed = re.sub(r"(?<![\w.\"'])st\.", "stx.", renamed)
    before = _lines_and_codes(results(text), code)
    after = _lines_and_codes(results(renamed), code)
    assert after == before, renamed


@pytest.mark.parametrize(
    ("code", "snippet", "expected"), _fail_cases(("STS402", "STS403"), keep=_flag_only_sinks)
)
def test_turning_the_flag_off_removes_the_html_finding(
    code: str, snippet: str, expected: list[tuple[int, int, str]]
) -> None:
    text = src(snippet)
    off = text.replace("unsafe_allow_html=True", "unsafe_allow_html=False").replace(
        "unsafe_allow_javascript=True", "unsafe_allow_javascript=False"
    )
    assert not [f for f in results(off) if f[2] in ("STS402", "STS403")], off


_SIMPLE_SINK = re.compile(
    r"^(?P<indent>\s*)st\.markdown\((?P<body>[^,()]+), unsafe_allow_html=True\)$", re.M
)


@pytest.mark.parametrize(
    ("code", "snippet", "expected"),
    _fail_cases(("STS402",), keep=lambda text: bool(_SIMPLE_SINK.search(text))),
)
def test_escaping_the_body_removes_STS402(
    code: str, snippet: str, expected: list[tuple[int, int, str]]
) -> None:
    text = src(snippet)
    escaped = "import html\n" + _SIMPLE_SINK.sub(
        lambda m: (
            f"{m['indent']}st.markdown(html.escape(str({m['body']})), unsafe_allow_html=True)"
        ),
        text,
    )
    remaining = [f for f in results(escaped) if f[2] == "STS402"]
    # findings on other lines (other sinks of the snippet) may stay; none on rewritten lines
    rewritten = {i + 2 for i, line in enumerate(text.splitlines()) if _SIMPLE_SINK.match(line)}
    assert not [f for f in remaining if f[0] in rewritten], escaped
