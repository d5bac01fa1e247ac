"""docs/rules.md and the README rules table against the catalogue (codes.py).

* every code has exactly one ``## STSnnn`` heading, with Why / Bad / Good / Suppress;
* every README rules-table row links to an existing heading, and every code has a row;
* every flake8 code's **Bad** example really reports that code and its **Good** example
  does not; the TOML examples of the config and secrets hooks are run through the hooks'
  checks the same way.

``@@NAME@@`` markers in examples are fake credentials substituted by ``helpers.src``, so
the docs never hold a string in a real credential format.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from flake8_streamlit_security import codes
from helpers import REPO, results, src

DOCS = REPO / "docs" / "rules.md"
README = REPO / "README.md"

_HEADING = re.compile(r"^##\s+(.*?)\s*$", re.MULTILINE)
_CODE_HEADING = re.compile(r"^## (STS\d{3})$", re.MULTILINE)
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)
PARTS = ("**Why**", "**Bad**", "**Good**", "**Suppress**")

# Examples the test cannot lint, with the reason.  Keep this list short: an entry here
# is either a rule that no example can trigger or an engine limitation to fix.
NOT_LINTED: dict[str, str] = {
    "STS000": "reports the plugin's own failure: the Bad block is abridged, "
    "test_sts000_example_is_real runs it in full",
    "STS901": "depends on the repository's git state, not on a file's content",
    "STS902": "depends on the repository's git state, not on a file's content",
    "STS903": "depends on the repository's git state, not on a file's content",
}
# Examples that are right but that the engine gets wrong today (expected to fail until
# the engine is fixed; remove the entry then).
ENGINE_XFAIL: dict[tuple[str, str], str] = {}


def _doc() -> str:
    return DOCS.read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    text = _doc()
    heads = list(_HEADING.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        if re.fullmatch(r"STS\d{3}", m.group(1)):
            out[m.group(1)] = text[m.end():end]
    return out


def _label(section: str, part: str) -> str:
    """The text from the ``part`` label to its code block (``**Bad** (`file`):``)."""
    start = section.index(part)
    return section[start:section.index("```", start)]


def _example(section: str, part: str) -> tuple[str, str]:
    """(language, code) of the first fenced block after the ``part`` label."""
    start = section.index(part)
    m = _BLOCK.search(section, start)
    assert m is not None, f"no code block after {part}"
    nxt = [section.find(p, start + len(part)) for p in PARTS if p != part]
    nxt = [n for n in nxt if n != -1]
    assert not nxt or m.start() < min(nxt) or part == "**Suppress**", (
        f"the code block after {part} belongs to a later part"
    )
    return m.group(1), m.group(2)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower-case, punctuation dropped, spaces to dashes."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


# ---------------------------------------------------------------- structure


def test_every_code_has_exactly_one_heading() -> None:
    found = _CODE_HEADING.findall(_doc())
    assert sorted(found) == sorted(set(found)), "duplicate headings"
    assert set(found) == set(codes.RULES), (
        f"missing: {sorted(set(codes.RULES) - set(found))}; "
        f"unknown: {sorted(set(found) - set(codes.RULES))}"
    )


def test_headings_are_in_code_order() -> None:
    found = _CODE_HEADING.findall(_doc())
    assert found == list(codes.RULES)


def test_no_other_heading_names_a_code() -> None:
    # `flake8-streamlit-security rule STSnnn` shows the first heading naming the code.
    for m in _HEADING.finditer(_doc()):
        if not re.fullmatch(r"STS\d{3}", m.group(1)):
            assert not re.search(r"STS\d{3}", m.group(1)), m.group(0)


@pytest.mark.parametrize("code", list(codes.RULES))
def test_entry_has_all_parts(code: str) -> None:
    section = _sections()[code]
    summary = section.strip().splitlines()[0]
    assert summary.startswith("**") and summary.endswith("**"), summary
    rule = codes.RULES[code]
    if rule.hook:
        assert f"hook: {rule.hook}" in summary, summary
    elif rule.default_on:
        assert "— on" in summary, summary
    else:
        assert "— opt-in" in summary, summary
    positions = [section.find(p) for p in PARTS]
    assert all(p != -1 for p in positions), f"{code}: missing {PARTS}"
    assert positions == sorted(positions), f"{code}: parts out of order"
    for part in ("**Bad**", "**Good**"):
        lang, body = _example(section, part)
        assert body.strip(), f"{code}: empty {part} example"
        if rule.scope != "hook":
            assert lang == "python", f"{code}: {part} is {lang}"
    suppress = section[section.index("**Suppress**"):]
    if rule.scope != "hook":
        assert f"# noqa: {code}" in suppress.split("**Notes**")[0]


def test_docs_never_hold_a_credential() -> None:
    from flake8_streamlit_security import secretscan

    for m in re.finditer(r"""["']([^"'\n]{12,})["']""", _doc()):
        assert secretscan.detect(m.group(1)) is None, "use an @@NAME@@ marker instead"


def test_cli_shows_each_whole_entry() -> None:
    """``flake8-streamlit-security rule STSnnn`` prints the entry up to its last part."""
    from flake8_streamlit_security import ruledocs

    doc = _doc()
    for code, section in _sections().items():
        shown = ruledocs.doc_section(doc, code)
        assert shown is not None, code
        last = section.strip().splitlines()[-1]
        assert shown.rstrip().endswith(last), f"{code}: the CLI cuts the entry short"


# ---------------------------------------------------------------- README table


def _readme_rules() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- BEGIN rules -->")
    end = text.index("<!-- END rules -->")
    return text[start:end]


def test_readme_rows_link_to_existing_headings() -> None:
    anchors = {_anchor(m.group(1)) for m in _HEADING.finditer(_doc())}
    rows = [line for line in _readme_rules().splitlines() if line.startswith("| [")]
    assert rows, "no rule rows in the README"
    linked = []
    for row in rows:
        m = re.search(r"\]\(docs/rules\.md#([\w-]+)\)", row)
        assert m is not None, row
        assert m.group(1) in anchors, f"{row}: no heading for #{m.group(1)}"
        linked.append(m.group(1).upper())
    assert sorted(linked) == sorted(codes.RULES), "one README row per code"


# ---------------------------------------------------------------- examples


def _python_codes(part: str) -> list[object]:
    out: list[object] = []
    for c, r in codes.RULES.items():
        if r.scope == "hook":
            continue
        reason = ENGINE_XFAIL.get((c, part))
        out.append(pytest.param(c, marks=pytest.mark.xfail(reason=reason)) if reason else c)
    return out


def _lint(code_text: str) -> set[str]:
    return {c for _l, _c, c in results(code_text)}


@pytest.mark.parametrize("code", _python_codes("Bad"))
def test_bad_example_reports_the_code(code: str) -> None:
    if code in NOT_LINTED:
        pytest.skip(NOT_LINTED[code])
    _lang, bad = _example(_sections()[code], "**Bad**")
    assert code in _lint(bad), f"{code}: the Bad example does not report it\n{src(bad)}"


@pytest.mark.parametrize("code", _python_codes("Good"))
def test_good_example_is_clean(code: str) -> None:
    if code in NOT_LINTED:
        pytest.skip(NOT_LINTED[code])
    _lang, good = _example(_sections()[code], "**Good**")
    assert code not in _lint(good), f"{code}: the Good example reports it\n{src(good)}"


# Files next to the app that an example's comment talks about (STS806 reads static/).
STATIC_FILES: dict[tuple[str, str], tuple[str, ...]] = {
    ("STS806", "Bad"): ("static/.env", "static/users.db", "static/logo.png"),
    ("STS806", "Good"): ("static/logo.png", "static/fonts/inter.woff2"),
}


def _hook_codes(code: str, part: str, toml_text: str, tmp_path: Path) -> set[str]:
    rule = codes.RULES[code]
    text = src(toml_text)
    if rule.hook == "check-streamlit-config":
        from streamlit_security_hooks import check_config

        for name in STATIC_FILES.get((code, part), ()):
            extra = tmp_path / name
            extra.parent.mkdir(parents=True, exist_ok=True)
            extra.write_text("x\n", encoding="utf-8")
        path = tmp_path / ".streamlit" / "config.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        found, _changed = check_config.check_file(path, ".streamlit/config.toml", False)
        return {loc.finding.code for loc in found}
    if rule.hook == "check-streamlit-secrets":
        from streamlit_security_hooks import check_secrets

        label = _label(_sections()[code], f"**{part}**")
        template = ".example" in label or ".template" in label
        rel = ".streamlit/secrets.toml.example" if template else ".streamlit/secrets.toml"
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        target = check_secrets.Target(
            path, rel, "template" if template else "secrets", tracked=False
        )
        return {f.code for f in check_secrets.check_file(target)}
    raise AssertionError(f"{code}: no way to run {rule.hook}")


def _toml_codes() -> list[str]:
    return [
        c for c, r in codes.RULES.items()
        if r.hook in ("check-streamlit-config", "check-streamlit-secrets")
    ]


@pytest.mark.parametrize("code", _toml_codes())
def test_toml_examples(code: str, tmp_path: Path) -> None:
    if code in NOT_LINTED:
        pytest.skip(NOT_LINTED[code])
    section = _sections()[code]
    lang_bad, bad = _example(section, "**Bad**")
    lang_good, good = _example(section, "**Good**")
    assert (lang_bad, lang_good) == ("toml", "toml")
    if code != "STS910":
        tomllib.loads(src(bad))
        tomllib.loads(src(good))
    assert code in _hook_codes(code, "Bad", bad, tmp_path / "bad"), f"{code}: Bad is clean"
    assert code not in _hook_codes(code, "Good", good, tmp_path / "good"), (
        f"{code}: Good reports it"
    )


def test_sts000_example_is_real() -> None:
    """The abridged STS000 example, in full, does make the plugin give up on the file."""
    full = "import streamlit as st\nvalue = tree" + ".child" * 2000 + "\n"
    assert _lint(full) == {"STS000"}
    assert "STS000" not in _lint("value = walk(tree, depth=2000)\n")
