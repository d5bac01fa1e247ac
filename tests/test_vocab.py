"""vocab: secret-like names and the placeholder vocabulary (RULES.md)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_streamlit_security import vocab
from flake8_streamlit_security.vocab import (
    holds_template, is_placeholder, is_placeholder_token, is_secret_like,
)
from tests.helpers import FAKES


@pytest.mark.parametrize("value", [
    "xxxxxxxx", "***hidden***", "sk-...", "<your key>", "{api_key}", "${OPENAI_API_KEY}",
    "$OPENAI_API_KEY", "env:OPENAI_API_KEY", "OPENAI_API_KEY", "hf_", "tok_XXXX1234",
    "your-api-key", "changeme", "YOUR_OWN_TOKEN", "Replace-Me-Please", "<\n>", "NOT-SET",
    "xXxXxXxX", "****", "….", "{{ secret }}", "$DB_PASSWORD", "A",
])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value, min_length=0)


@pytest.mark.parametrize("value", [
    "Tr0ub4dor&3xQ9z", "q8ZrLm2Vx9Tp4Kw7Rb", "https://user:" + "pw@example.com/x",
    "Openai_Api_Key1", "ABC_def", "A-B", "https://example.com/k",
    "user@example.org", "AB_1c", "SuperSecretPassword", "AdminPassword", "DbPass2024",
    "passwordpassword",
])
def test_not_placeholders(value: str) -> None:
    assert not is_placeholder(value, min_length=0)


@pytest.mark.parametrize("value", [
    "DatabasePassword", "db_password", "api_key_here", "Openai_Api_Key", "Postgres-Password",
    "TokenKey", "the secret key",
])
def test_a_value_that_only_names_its_slot_is_a_placeholder(value: str) -> None:
    """Words that say what belongs there (``"password": "DatabasePassword"``); in a
    password check the literal is the password all the same."""
    assert is_placeholder(value)
    assert not is_placeholder(value, common_words=False)


@pytest.mark.parametrize("value", ["admin", "password", "qwerty"])
def test_common_words_are_placeholders_unless_asked_otherwise(value: str) -> None:
    assert is_placeholder(value, min_length=0)
    assert not is_placeholder(value, min_length=0, common_words=False)


def test_short_values_are_placeholders_for_name_rules() -> None:
    assert is_placeholder("Zq81vB", min_length=8)
    assert not is_placeholder("Zq81vB", min_length=0)


@pytest.mark.parametrize("value, expected", [
    ("key = <your key here>", True), ("token: ${GITHUB_TOKEN}", True), ("sk-...", True),
    ("see the docs xxxx", True), ("Your key", True), ("a < b\n> c", False),
    ("plain text with a key", False), ("flavour-key", False), ("<a><b>", True),
    ("<<" * 50_000 + ">", True), ("<\n" * 50_000 + ">", False),
])
def test_holds_template(value: str, expected: bool) -> None:
    assert holds_template(value) is expected


@pytest.mark.parametrize("token, expected", [
    ("gsk_YOUR_KEY_HERE", True),
    ("AKIA" + "IOSFODNN7" + "EXAMPLE", True), ("ghp_aaaaaaaaXyz", True),
    ("sk-<key>", True), ("hf_Sample123", True), ("ghp_x7Kq2Lm9Pzx7Kq2Lm9Pz", False),
    ("ghp_aAaAaAaAbc", True), (FAKES["AWS"], False),
])
def test_is_placeholder_token(token: str, expected: bool) -> None:
    assert is_placeholder_token(token) is expected


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
    assert is_secret_like("license", ("license",)) and not is_secret_like("license")


@pytest.mark.parametrize("name", [
    "password_policy", "passwordStrength", "password_rules", "_preferred_token_origin",
    "secret_host", "ChangePassword.py", "api_keys.json", "pages/2_Reset_Password.py",
])
def test_settings_about_a_secret_and_file_names_are_not_secret_like(name: str) -> None:
    assert not vocab.is_secret_like(name)


@pytest.mark.parametrize("name", ["db_password", "OPENAI_API_KEY", "token", "policy_token"])
def test_the_secret_itself_still_is(name: str) -> None:
    assert vocab.is_secret_like(name)


@pytest.mark.parametrize("name", [
    "no_api_key_for_company_info", "enter_topic_and_api_key", "missing_token",
    "invalidPassword", "needs_api_key", "requires_secret", "without_token",
])
def test_a_messages_key_or_flag_about_a_secret_is_not_secret_like(name: str) -> None:
    assert not vocab.is_secret_like(name)


@pytest.mark.parametrize("name", ["enter_password", "new_password"])
def test_message_prefixes_do_not_stop_a_password_like_value(name: str) -> None:
    """A value named enter_password still holds the password typed (STS205)."""
    assert vocab.is_password_like(name)


@pytest.mark.parametrize(("name", "secret"), [
    ("continuationToken", False), ("nextPageToken", False), ("page_token", False),
    ("cursor_token", False), ("refresh_token", True), ("access_token", True),
    ("token", True), ("next_token_secret", True),
])
def test_a_page_cursor_is_no_credential(name: str, secret: bool) -> None:
    """An API's pagination token fetches the next page; it grants nothing."""
    assert is_secret_like(name) is secret
