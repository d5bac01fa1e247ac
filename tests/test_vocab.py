"""vocab.is_placeholder: its str-method tests equal the regular expressions they replaced;
vocab.is_secret_like: its verdict cache."""
from __future__ import annotations

import gc
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flake8_streamlit_security import vocab
from flake8_streamlit_security.vocab import _PLACEHOLDER_PREFIXES, is_placeholder, is_secret_like

# The patterns is_placeholder used before its fixed parts became str tests (the
# reference; the last one is the common-words list).
REFERENCE = [
    re.compile(r"^x{3,}", re.I),
    re.compile(r"^\*{3,}"),
    re.compile(r"\.\.\."),
    re.compile(r"…"),
    re.compile(r"^<.*>$", re.S),
    re.compile(r"^\{.*\}$", re.S),
    re.compile(r"^\$\{.*\}$", re.S),
    re.compile(r"^\$[A-Za-z_][A-Za-z0-9_]*$"),
    re.compile(r"^env:[A-Za-z_][A-Za-z0-9_]*$"),
    re.compile(r"^[A-Z]+(_[A-Z0-9]+)+$|^[A-Z]+$"),
    re.compile(r"^[a-z]{2,5}[-_]$"),
    re.compile(r"(x{4,}|X{4,}|\*{3,}|0{8,}|#{4,})"),
    re.compile(r"(?i)^[^:@]*(example|placeholder|dummy|redacted|changeme|replace[_-]?me|"
               r"your[_-]?(own[_-]?)?(api|secret|key|token|password|pass))[^:@]*$"),
    re.compile(r"^(changeme|change_me|secret|password|passw0rd|none|null|todo|tbd|redacted|"
               r"notset|not_set|not-set|unset|default|admin|foo|bar|foobar|abc|abc123|123|"
               r"12345678|123456789|qwerty)$", re.I),
]


def reference(value: str, min_length: int, common_words: bool) -> bool:
    stripped = value.strip()
    if not stripped or (min_length and len(stripped) < min_length):
        return True
    if stripped.lower().startswith(_PLACEHOLDER_PREFIXES):
        return True
    patterns = REFERENCE if common_words else REFERENCE[:-1]
    return any(p.search(stripped) for p in patterns)


# Characters the patterns care about, plus letters, digits, spaces and some
# non-ASCII ones (a Kelvin sign, a dotted capital I whose lower() is longer).
_ALPHABET = "xX*.…<>{}$_-#0189:@AEZaenvyour \n\tİK" + "ABC"
_PIECES = ["xxx", "XXXX", "***", "...", "${", "env:", "API_KEY", "sk-", "hf_", "your",
           "example", "changeme", "00000000", "####", "<", ">", "{", "}", "$",
           # the marker and common words (tested with str methods on ASCII values)
           "Your", "own", "OWN", "_", "-", "api", "secret", "Key", "token", "pass", "word",
           "replace", "me", "dummy", "redacted", "placeholder", "none", "abc123", "qwerty",
           "not", "set", "ſ"]


@settings(max_examples=3000, deadline=None)
@given(
    value=st.lists(st.one_of(st.text(alphabet=_ALPHABET, max_size=4), st.sampled_from(_PIECES)),
                   max_size=6).map("".join),
    min_length=st.sampled_from([0, 1, 8]),
    common_words=st.booleans(),
)
@example(value="İxxx", min_length=0, common_words=True)
@example(value="A__B", min_length=0, common_words=True)
@example(value="AB_", min_length=0, common_words=True)
@example(value="AB_1C", min_length=0, common_words=True)
@example(value="ab1-", min_length=0, common_words=True)
@example(value="$A\n", min_length=0, common_words=True)
@example(value="<\n>", min_length=0, common_words=True)
@example(value="your_own-token", min_length=0, common_words=True)
@example(value="yourownpass", min_length=0, common_words=True)
@example(value="your-own_api", min_length=0, common_words=True)
@example(value="youryour_key", min_length=0, common_words=True)
@example(value="your__key", min_length=0, common_words=True)
@example(value="NOT-SET", min_length=0, common_words=True)
@example(value="paſsword", min_length=0, common_words=True)
def test_equals_the_reference_patterns(value: str, min_length: int, common_words: bool) -> None:
    assert is_placeholder(value, min_length=min_length, common_words=common_words) == \
        reference(value, min_length, common_words)


@pytest.mark.parametrize("value", [
    "xxxxxxxx", "***hidden***", "sk-...", "<your key>", "{api_key}", "${OPENAI_API_KEY}",
    "$OPENAI_API_KEY", "env:OPENAI_API_KEY", "OPENAI_API_KEY", "hf_", "tok_XXXX1234",
    "your-api-key", "changeme",
])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value, min_length=0)


@pytest.mark.parametrize("value", [
    "Tr0ub4dor&3xQ9z", "q8ZrLm2Vx9Tp4Kw7Rb", "https://user:" + "pw@example.com/x",
    "Openai_Api_Key", "ABC_def", "A-B",
])
def test_not_placeholders(value: str) -> None:
    assert not is_placeholder(value, min_length=0)


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(st.sampled_from([
        "api_key", "API_KEY_NAME", "license", "licenseKey", "db_password", "is_secret",
        "client_secret", "signing_key", "token_count", "userName", "x",
    ]), max_size=8),
    extra=st.sampled_from([(), ("license",), ("License", "signing_key"), ["license"]]),
)
def test_secret_like_verdicts_are_cached_per_extra_words(names, extra) -> None:
    """The cache answers as a fresh judgement would, for each set of extra words
    (a name secret-like with an extra word is not so without it)."""
    for name in [*names, *names]:
        assert is_secret_like(name, extra) == vocab._judge(
            name, frozenset(w.lower() for w in extra))
        assert is_secret_like(name) == vocab._judge(name, frozenset())


def test_secret_like_cache_is_bounded_and_untracked(monkeypatch) -> None:
    monkeypatch.setattr(vocab, "_VERDICTS", {})
    monkeypatch.setattr(vocab, "_CACHE_LIMIT", 3)
    for i in range(10):
        is_secret_like(f"password_{i}")
    assert 1 <= len(vocab._VERDICTS[()]) <= 3
    assert is_secret_like("license", ("license",)) and not is_secret_like("license")
    gc.collect()
    # strings and booleans only: a full collection of the host does not walk them
    assert not any(gc.is_tracked(d) for d in vocab._VERDICTS.values())
