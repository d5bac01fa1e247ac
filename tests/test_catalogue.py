"""The catalogue's security metadata (issue 18): every code has a severity, a precision and
its CWEs, as the issue maps them, and an entry without them does not load."""
from __future__ import annotations

import re

import pytest

from flake8_streamlit_security import codes
from helpers import REPO

# The issue's mapping: each code's CWEs include these.
ISSUE_CWE: dict[str, set[int]] = {
    **{code: {798} for code in ("STS101", "STS102", "STS103", "STS104")},
    "STS105": {200}, "STS106": {532},
    "STS301": {502}, "STS302": {94}, "STS303": {78},
    "STS401": {89}, "STS402": {79}, "STS403": {79}, "STS407": {79},
    "STS404": {601, 79}, "STS405": {22}, "STS406": {918},
    "STS501": {434}, "STS503": {400}, "STS502": {22},
    "STS601": {524},
}
# STS2xx take theirs from CWE-287/290/862/208, except the three that are no
# authentication flaw (docs/rules.md, "Severity, precision and CWE").
AUTH_CWE = {287, 290, 862, 208}
AUTH_EXCEPTIONS = {"STS201": {755}, "STS202": {477}, "STS208": {664}}
# Codes added on another branch: checked once they are in the catalogue.
PENDING = {"STS407"}
# No weakness, only something that does not work.
NO_CWE = {"STS000", "STS910", "STS911"}


@pytest.mark.parametrize("code", sorted(codes.RULES))
def test_every_code_has_valid_security_metadata(code: str) -> None:
    rule = codes.RULES[code]
    assert rule.severity in ("high", "medium", "low")
    assert rule.precision in ("very-high", "high", "medium", "low")
    assert all(isinstance(n, int) and n > 0 for n in rule.cwe)
    assert bool(rule.cwe) is (code not in NO_CWE), code
    assert float(rule.security_severity) == {"high": 8.0, "medium": 5.5, "low": 3.0}[
        rule.severity]
    if rule.scope != "internal":
        assert rule.level == {"high": "error", "medium": "warning", "low": "note"}[
            rule.severity]


@pytest.mark.parametrize("code", sorted(ISSUE_CWE))
def test_cwe_as_the_issue_maps_them(code: str) -> None:
    if code not in codes.RULES:
        assert code in PENDING, f"{code} is mapped but not in the catalogue"
        pytest.skip(f"{code} is added on another branch")
    assert ISSUE_CWE[code] <= set(codes.RULES[code].cwe)


def test_authentication_codes_cwe() -> None:
    for code, rule in codes.RULES.items():
        if code.startswith("STS2"):
            expected = AUTH_EXCEPTIONS.get(code)
            if expected is not None:
                assert set(rule.cwe) == expected, code
            else:
                assert set(rule.cwe) & AUTH_CWE, code


def test_severity_ranks_a_committed_key_above_a_missing_type() -> None:
    """The issue's own example: code scanning must rank STS102 above STS501."""
    key, upload = codes.RULES["STS102"], codes.RULES["STS501"]
    assert float(key.security_severity) > float(upload.security_severity)
    assert (key.level, upload.level) == ("error", "note")


def test_the_plugins_failure_is_a_warning_not_a_weakness() -> None:
    rule = codes.RULES["STS000"]
    assert (rule.level, rule.cwe) == ("warning", ())


def test_an_entry_without_metadata_does_not_load() -> None:
    with pytest.raises(TypeError, match="severity"):
        codes.Rule("STS999", "x", "summary", "message")  # type: ignore[call-arg]
    for bad in ({"severity": "critical", "precision": "high", "cwe": (1,)},
                {"severity": "high", "precision": "certain", "cwe": (1,)},
                {"severity": "high", "precision": "high", "cwe": (0,)},
                {"severity": "high", "precision": "high", "cwe": ("CWE-79",)}):
        with pytest.raises(ValueError, match="STS999"):
            codes.Rule("STS999", "x", "summary", "message", **bad)  # type: ignore[arg-type]


# ------------------------------------------------------------- docs/rules.md

_META = re.compile(r"^Severity: \*\*(\S+)\*\* · precision: \*\*(\S+)\*\* · (.+)$", re.M)


def _docs_metadata() -> dict[str, tuple[str, str, list[int]]]:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    found = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        code = section.split("\n", 1)[0].strip()
        if not re.fullmatch(r"STS\d{3}", code):
            continue
        lines = [line for line in section.splitlines()[1:] if line.strip()]
        match = _META.match(lines[1])  # right below the one-line summary
        assert match, f"{code}: no severity line below the summary: {lines[1]!r}"
        cwes = re.findall(r"\[CWE-(\d+)\]\(https://cwe\.mitre\.org/data/definitions/(\d+)\.html\)",
                          match.group(3))
        assert all(a == b for a, b in cwes), f"{code}: a CWE links to another"
        assert cwes or match.group(3) == "no CWE", code
        found[code] = (match.group(1), match.group(2), [int(a) for a, _ in cwes])
    return found


def test_docs_state_each_codes_severity_precision_and_cwe() -> None:
    documented = _docs_metadata()
    assert set(documented) == set(codes.RULES)
    for code, rule in codes.RULES.items():
        assert documented[code] == (rule.severity, rule.precision, list(rule.cwe)), code
