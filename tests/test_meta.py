"""Meta-tests: every code is documented, tested (``_fail`` and ``_pass``) and in the README."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from flake8_streamlit_security import codes

REPO = Path(__file__).resolve().parents[1]
RULES_DOC = REPO / "docs" / "rules.md"
README = REPO / "README.md"
RULE_TESTS = REPO / "tests" / "rules"

ALL_CODES = sorted(codes.RULES)
PLUGIN_CODES = sorted(c for c, r in codes.RULES.items() if r.scope != "hook")
HOOK_CODES = sorted(c for c, r in codes.RULES.items() if r.scope == "hook")


def _doc_headings() -> dict[str, str]:
    """code -> the heading line, for ``## STSnnn`` headings."""
    out = {}
    for line in RULES_DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#{2,3}\s+(STS\d{3})\b", line)
        if m:
            out[m.group(1)] = line
    return out


def _readme_table_codes() -> set[str]:
    found = set()
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("|"):
            found.update(re.findall(r"\bSTS\d{3}\b", line))
    return found


def _test_functions() -> set[str]:
    names = set()
    for path in RULE_TESTS.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names.update(
            node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
        )
    return names


def _param_counts() -> dict[str, int]:
    """``STSnnn_FAIL``/``_PASS`` list name -> number of cases."""
    import importlib

    counts = {}
    for path in RULE_TESTS.glob("test_*.py"):
        module = importlib.import_module(f"rules.{path.stem}")
        for name in dir(module):
            if re.fullmatch(r"STS\d{3}_(FAIL|PASS)", name):
                counts[name] = len(getattr(module, name))
    return counts


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_code_has_a_docs_heading(code: str) -> None:
    assert code in _doc_headings(), f"docs/rules.md has no '## {code}' heading"


@pytest.mark.parametrize("code", ALL_CODES)
def test_docs_url_anchor_resolves(code: str) -> None:
    """``Rule.docs_url`` ends in ``#stsnnn``: that anchor must exist in docs/rules.md."""
    anchor = codes.RULES[code].docs_url.rsplit("#", 1)[1]
    heading = _doc_headings().get(code, "")
    text = RULES_DOC.read_text(encoding="utf-8")
    github_slug = re.sub(r"[^\w\- ]", "", heading.lstrip("#").strip().lower()).replace(" ", "-")
    explicit = re.search(rf"""<a\s+(id|name)=["']{anchor}["']""", text)
    assert github_slug == anchor or explicit, (
        f"{code}: docs_url anchor #{anchor} does not match heading {heading!r}"
    )


def test_docs_have_no_unknown_codes() -> None:
    assert set(_doc_headings()) <= set(ALL_CODES)


@pytest.mark.parametrize("code", PLUGIN_CODES)
def test_every_plugin_code_has_fail_and_pass_tests(code: str) -> None:
    names = _test_functions()
    assert f"test_{code}_fail" in names, f"no test_{code}_fail under tests/rules"
    assert f"test_{code}_pass" in names, f"no test_{code}_pass under tests/rules"


@pytest.mark.parametrize("code", [c for c in PLUGIN_CODES if c != "STS000"])
def test_every_plugin_code_has_several_cases(code: str) -> None:
    counts = _param_counts()
    assert counts.get(f"{code}_FAIL", 0) >= 3, f"{code}: fewer than 3 failing snippets"
    assert counts.get(f"{code}_PASS", 0) >= 3, f"{code}: fewer than 3 near misses"


@pytest.mark.parametrize("code", [c for c in ALL_CODES if c != "STS000"])
def test_every_code_has_a_readme_row(code: str) -> None:
    assert code in _readme_table_codes(), f"README.md has no table row for {code}"


def test_readme_has_no_unknown_codes() -> None:
    assert _readme_table_codes() <= set(ALL_CODES)


def test_codes_are_well_formed() -> None:
    for code, rule in codes.RULES.items():
        assert re.fullmatch(r"STS\d{3}", code)
        assert rule.message and rule.summary
        assert not rule.message.startswith(code), "flake8 text adds the code itself"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert (rule.scope == "hook") == (rule.hook is not None)
    assert len({r.name for r in codes.RULES.values()}) == len(codes.RULES)


def test_no_contiguous_credential_format_in_tests_or_examples() -> None:
    """Fixture credentials are assembled at test time; nothing here trips a secret scanner."""
    pattern = re.compile(
        r"AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|sk-(proj|ant)-[A-Za-z0-9_-]{20,}"
        r"|hf_[A-Za-z]{30,}|AIza[0-9A-Za-z_-]{35}|gsk_[A-Za-z0-9]{40,}|r8_[A-Za-z0-9]{37}"
        r"|xox[abposr]-[0-9]{5,}|sk_live_[0-9a-zA-Z]{24}|BEGIN (RSA |EC |DSA )?PRIVATE KEY"
    )
    mine = [REPO / "examples", REPO / "tests" / "rules", REPO / "tests" / "corpus"]
    suffixes = {".py", ".toml", ".md"}
    files = [p for d in mine for p in d.rglob("*") if p.is_file() and p.suffix in suffixes]
    for name in ("helpers.py", "test_flake8_integration.py", "test_example_app.py",
                 "test_corpus.py"):
        files.append(REPO / "tests" / name)
    offenders = [
        f"{p.relative_to(REPO)}: {m.group(0)[:12]}..."
        for p in files
        if p.exists()
        for m in [pattern.search(p.read_text(encoding="utf-8"))]
        if m
    ]
    assert not offenders, offenders


def test_every_python_code_belongs_to_exactly_one_rule_family() -> None:
    from flake8_streamlit_security.rules import FAMILIES

    owned = [code for family in FAMILIES for code in family.codes]
    assert sorted(owned) == sorted(set(owned)), "a code is claimed by two families"
    assert set(owned) == set(PLUGIN_CODES) - {"STS000"}
