"""Lint the corpus of realistic apps and compare with their ``# expect:`` annotations.

Decision: the corpus is linted with flake8's **default selection** — what a user sees
after ``pip install`` — so only default-on codes are annotated; the opt-in audit codes
(STS403, STS406, STS503) are ignored here and covered by ``tests/rules``.  A line that
should be reported ends with ``# expect: STSnnn`` (or ``# expect: STS402,STS404``), on the
line the finding is reported (the most specific node's line).  Every file must match its
annotations exactly; the assertion message gives precision and recall, and the aggregate
test prints them for the whole corpus.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from flake8_streamlit_security import codes
from helpers import flake8_results, run_plugin

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("*.py"))
SELECTED = set(codes.DEFAULT_ON_PYTHON)
_EXPECT = re.compile(r"#\s*expect:\s*(STS\d{3}(?:\s*,\s*STS\d{3})*)")

Found = set[tuple[int, str]]


def expected(path: Path) -> Found:
    out: Found = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = _EXPECT.search(line)
        if m:
            out.update((lineno, c.strip()) for c in m.group(1).split(","))
    return out


def reported(path: Path) -> Found:
    text = path.read_text(encoding="utf-8")
    out: Found = set()
    for line, _col, message, _t in run_plugin(text, filename=path.name):
        code = message.split()[0]
        if code in SELECTED:
            out.add((line, code))
    return out


def _score(got: Found, want: Found) -> tuple[int, int, int]:
    tp = len(got & want)
    return tp, len(got - want), len(want - got)


def _fmt(name: str, got: Found, want: Found) -> str:
    tp, fp, fn = _score(got, want)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (
        f"{name}: precision {precision:.0%} ({tp}/{tp + fp}), recall {recall:.0%} ({tp}/{tp + fn})"
        f"\n  false positives (reported, not annotated): {sorted(got - want)}"
        f"\n  false negatives (annotated, not reported): {sorted(want - got)}"
    )


def test_corpus_is_big_enough() -> None:
    assert len(FILES) >= 10
    secure = [p for p in FILES if not expected(p)]
    insecure = [p for p in FILES if expected(p)]
    assert len(secure) >= 4 and len(insecure) >= 6
    annotated = {c for p in FILES for _l, c in expected(p)}
    assert annotated <= SELECTED, f"annotated opt-in/unknown codes: {annotated - SELECTED}"


def test_annotations_are_on_code_lines() -> None:
    for path in FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, _code in expected(path):
            assert lines[lineno - 1].split("#", 1)[0].strip(), f"{path.name}:{lineno}"
        compile("\n".join(lines) + "\n", str(path), "exec")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file(path: Path) -> None:
    got, want = reported(path), expected(path)
    assert got == want, _fmt(path.name, got, want)


def test_corpus_aggregate_precision_and_recall() -> None:
    tp = fp = fn = 0
    details = []
    for path in FILES:
        got, want = reported(path), expected(path)
        a, b, c = _score(got, want)
        tp, fp, fn = tp + a, fp + b, fn + c
        if b or c:
            details.append(_fmt(path.name, got, want))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    summary = f"corpus: precision {precision:.1%}, recall {recall:.1%} (tp={tp} fp={fp} fn={fn})"
    print(summary)
    assert precision >= 0.95 and recall >= 0.90, summary + "\n" + "\n".join(details)


def test_real_flake8_agrees_with_the_direct_run_on_one_file() -> None:
    path = CORPUS / "feedback_board_insecure.py"
    text = path.read_text(encoding="utf-8")
    via_flake8 = {(line, code) for line, _c, code in flake8_results(text)}
    assert via_flake8 == reported(path)
