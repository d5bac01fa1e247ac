"""check-streamlit-secrets (STS910-STS915) on real git repositories."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streamlit_security_hooks.check_secrets import main

SECRETS = ".streamlit/secrets.toml"
TEMPLATE = ".streamlit/secrets.toml.example"

FIX_COOKIE = 'generate one with python -c "import secrets; print(secrets.token_hex(32))"'


def good_auth(cookie: str, client_secret: str) -> str:
    return (
        "[auth]\n"
        'redirect_uri = "https://app.example.org/oauth2callback"\n'
        f'cookie_secret = "{cookie}"\n'
        'client_id = "1234-abcd.apps.googleusercontent.com"\n'
        f'client_secret = "{client_secret}"\n'
        'server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"\n'
    )


def line(path: str, ln: int, col: int, code: str, message: str) -> str:
    return f"{path}:{ln}:{col}: {code} {message}"


def test_clean_secrets_file(repo, run_hook, samples):
    repo.write(".gitignore", ".streamlit/secrets.toml\n")
    repo.write(SECRETS, good_auth(samples.cookie, samples.password) + "\n[auth.microsoft]\n"
               'client_id = "abc"\n'
               f'client_secret = "{samples.password}x"\n'
               'server_metadata_url = "https://login.microsoftonline.com/x/v2.0/'
               '.well-known/openid-configuration"\n'
               'expose_tokens = ["id", "access"]\n'
               "\n[connections.db]\n"
               f'password = "{samples.password}"\n')
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


def test_no_secrets_anywhere(repo, run_hook):
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize(
    "content, position, error",
    [
        ('a = "unterminated\n', "1:18", "not valid TOML: Control characters"),
        ("[auth]\nredirect_uri = \n", "2:16", "not valid TOML: "),
        ("a = 1\na = 2\n", "", "not valid TOML: "),
        ("[auth\n", "1:6", "not valid TOML: "),
    ],
)
def test_invalid_toml(repo, run_hook, content, position, error):
    repo.write(SECRETS, content)
    result = run_hook(main, cwd=repo.root)
    assert result.rc == 1
    [out] = result.lines
    assert out.startswith(f"{SECRETS}:{position}")
    assert f"STS910 {error}" in out


def test_invalid_toml_never_quotes_the_file(repo, run_hook, samples):
    repo.write(SECRETS, f'api_key = "{samples.groq}\nother = 1\n')
    repo.write("other.toml", f'token = {samples.github}\n')  # a bare value: invalid
    result = run_hook(main, "other.toml", cwd=repo.root)
    assert result.rc == 1
    assert [ln.split(" STS")[0].rsplit(":", 2)[0] for ln in result.lines] == [
        f"{SECRETS}:1", "other.toml:1"
    ]
    assert all(" STS910 not valid TOML: " in ln for ln in result.lines)
    result.assert_hides(samples.groq, samples.github)


def test_binary_non_utf8_empty_and_folder(repo, run_hook):
    repo.write("a/.streamlit/secrets.toml", b"\x00\x01binary")
    repo.write("b/.streamlit/secrets.toml", b'name = "caf\xe9"\n')
    repo.write("c/.streamlit/secrets.toml", b"")
    (repo.root / "d/.streamlit/secrets.toml").mkdir(parents=True)
    result = run_hook(main, cwd=repo.root)
    assert result.rc == 1
    assert result.lines == [
        line("a/.streamlit/secrets.toml", 1, 1, "STS910",
             "not valid TOML: binary file (NUL byte), not TOML text"),
        line("b/.streamlit/secrets.toml", 1, 12, "STS910",
             "not valid TOML: not UTF-8 text (TOML files must be UTF-8)"),
        line("d/.streamlit/secrets.toml", 1, 1, "STS910", "not valid TOML: a folder, not a file"),
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(repo, run_hook):
    path = repo.write(SECRETS, "a = 1\n")
    path.chmod(0)
    try:
        result = run_hook(main, cwd=repo.root)
    finally:
        path.chmod(0o600)
    assert result.lines == [
        line(SECRETS, 1, 1, "STS910", "not valid TOML: cannot read the file (permission denied)")
    ]


def test_ignored_untracked_secrets_are_read(repo, run_hook):
    repo.write(".gitignore", ".streamlit/\n")
    repo.write(SECRETS, 'api_key = "your-api-key-here"\n')
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line(SECRETS, 1, 1, "STS914", "placeholder value left in api_key; fill in the real value")
    ]


AUTH_CASES = [
    (
        "[auth]\nclient_id = 'a'\n",
        [
            (1, "STS911", "[auth] is incomplete: missing redirect_uri"),
            (1, "STS911", "[auth] is incomplete: missing cookie_secret"),
            (1, "STS911", "[auth] is incomplete: [auth] is missing client_secret"),
            (1, "STS911", "[auth] is incomplete: [auth] is missing server_metadata_url"),
        ],
    ),
    (
        "[auth]\nredirect_uri = 'http://localhost:{port}/oauth2callback'\ncookie_secret = '@C'\n"
        "[auth.google_sso]\nclient_id = 'a'\nclient_secret = '@S'\n"
        "server_metadata_url = 'https://accounts.google.com/.well-known/openid-configuration'\n"
        "expose_tokens = ['id', 'refresh']\n",
        [
            (4, "STS911", "[auth] is incomplete: provider name google_sso contains _ "
                          "(Streamlit rejects it)"),
            (8, "STS911", '[auth] is incomplete: [auth.google_sso] expose_tokens must be '
                          '"id", "access" or a list of them'),
        ],
    ),
    (
        "[auth]\nredirect_uri = 'http://app.example.org/oauth2callback'\ncookie_secret = '@C'\n"
        "[auth.okta]\nclient_id = 'a'\nclient_secret = '@S'\n"
        "server_metadata_url = 'http://okta.example.org/.well-known/openid-configuration'\n",
        [
            (2, "STS912", "auth.redirect_uri: uses http:// for a host other than localhost; "
                          "use https://"),
            (7, "STS912", "auth.okta.server_metadata_url: must be an https:// URL "
                          "(the provider's OpenID configuration)"),
        ],
    ),
    (
        "[auth]\nredirect_uri = 'https://app.example.org/callback'\ncookie_secret = '@C'\n"
        "[auth.auth0]\nclient_id = 'a'\nclient_secret = '@S'\n"
        "server_metadata_url = 'https://x.auth0.com/.well-known/openid-configuration'\n",
        [(2, "STS912",
          "auth.redirect_uri: must end in /oauth2callback (Streamlit's callback route)")],
    ),
    (
        "[auth]\nredirect_uri = '/oauth2callback'\ncookie_secret = '@C'\n"
        "[auth.auth0]\nclient_id = 'a'\nclient_secret = '@S'\n"
        "server_metadata_url = 'https://x.auth0.com/.well-known/openid-configuration'\n",
        [(2, "STS912", "auth.redirect_uri: must be an absolute http(s):// URL ending in "
                       "/oauth2callback")],
    ),
    (
        "[auth]\nredirect_uri = 'http://127.0.0.1:8501/oauth2callback'\ncookie_secret = '@C'\n"
        "expose_tokens = 'access'\n"
        "[auth.auth0]\nclient_id = 'a'\nclient_secret = '@S'\n"
        "server_metadata_url = 'https://x.auth0.com/.well-known/openid-configuration'\n"
        "[auth.auth0.client_kwargs]\nprompt = 'login'\n",
        [],
    ),
    (
        "auth = 'on'\n",
        [(1, "STS911", "[auth] is incomplete: auth must be a table ([auth])")],
    ),
    (
        # the app's own table under [auth] (no provider key): no provider to check
        "[auth]\nredirect_uri = 'https://app.example.org/oauth2callback'\ncookie_secret = '@C'\n"
        "[auth.microsoft]\nclient_id = 'a'\nclient_secret = '@S'\n"
        "server_metadata_url = 'https://login.example.org/.well-known/openid-configuration'\n"
        "[auth.group_mappings]\nadmins = ['ops@example.org']\nviewers = ['*']\n",
        [],
    ),
    (
        # an app's own [auth] namespace (its users, nothing st.login() reads): not checked
        "[auth]\nADMIN_ID = 'admin'\nADMIN_PW = 'pw'\n[auth.roles]\nadmin = ['ADMIN_ID']\n",
        [],
    ),
    (
        # ... but a table with one provider key is a provider, checked in full
        "[auth]\nredirect_uri = 'https://app.example.org/oauth2callback'\ncookie_secret = '@C'\n"
        "[auth.github]\nclient_id = 'a'\n",
        [
            (4, "STS911", "[auth] is incomplete: [auth.github] is missing client_secret"),
            (4, "STS911", "[auth] is incomplete: [auth.github] is missing "
                          "server_metadata_url"),
        ],
    ),
]


@pytest.mark.parametrize("content, expected", AUTH_CASES)
def test_auth_schema(repo, run_hook, samples, content, expected):
    content = content.replace("@C", samples.cookie).replace("@S", samples.password)
    repo.write(SECRETS, content)
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [line(SECRETS, ln, 1, code, msg) for ln, code, msg in expected]
    assert result.rc == (1 if expected else 0)
    result.assert_hides(samples.cookie, samples.password)


@pytest.mark.parametrize(
    "cookie, problem",
    [
        ("your-cookie-secret", "a placeholder"),
        ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "a placeholder"),
        ("tooshort-but-random-Q7", "shorter than 32 characters"),
        ("abababababababababababababababababab", "low entropy"),
        ("@S", "equal to a client_secret"),
    ],
)
def test_weak_cookie_secret(repo, run_hook, samples, cookie, problem):
    cookie = cookie.replace("@S", samples.password + samples.password)
    content = good_auth(cookie, samples.password + samples.password)
    repo.write(SECRETS, content)
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line(SECRETS, 3, 1, "STS913", f"weak cookie_secret ({problem}); {FIX_COOKIE}")
    ]
    result.assert_hides(samples.password)
    if len(cookie) >= 8:
        result.assert_hides(cookie)


def test_allowlist_pragma_silences_value_findings(repo, run_hook, samples):
    content = good_auth("short  ", samples.password).replace(
        'cookie_secret = "short  "', 'cookie_secret = "short"  # pragma: allowlist secret'
    ) + "[db]\n# pragma: allowlist nextline secret\npassword = 'changeme'\n"
    repo.write(SECRETS, content)
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out) == (0, "")


@pytest.mark.parametrize(
    "value, flagged",
    [
        ("your-api-key-here", True),
        ("xxxxxxxx", True),
        ("<your key>", True),
        ("changeme", True),
        ("sk-...", True),
        ("REPLACE_ME", True),
        ("OPENAI_API_KEY", True),  # an environment-variable name where the key belongs
        ("${OPENAI_API_KEY}", True),  # secrets.toml does not expand variables
        ("", False),
        ("@P", False),
    ],
)
def test_placeholders(repo, run_hook, samples, value, flagged):
    value = value.replace("@P", samples.password)
    repo.write(SECRETS, f'api_key = "{value}"\nhost = "db.internal"\nuser = "test"\n')
    result = run_hook(main, cwd=repo.root)
    expected = (
        [line(SECRETS, 1, 1, "STS914", "placeholder value left in api_key; fill in the real value")]
        if flagged else []
    )
    assert result.lines == expected
    result.assert_hides(samples.password)


def test_placeholders_in_any_key_and_nested_tables(repo, run_hook):
    repo.write(SECRETS, '[connections.snowflake]\naccount = "<your-account>"\n'
               'warehouse = "COMPUTE_WH"\nhosts = ["db1", "your-host-here"]\n')
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line(SECRETS, 2, 1, "STS914",
             "placeholder value left in connections.snowflake.account; fill in the real value"),
        line(SECRETS, 4, 1, "STS914",
             "placeholder value left in connections.snowflake.hosts; fill in the real value"),
    ]


DETECTED = [
    ("aws", "AWS access key"),
    ("openai", "OpenAI API key"),
    ("github", "GitHub token"),
    ("stripe", "Stripe API key"),
    ("huggingface", "Hugging Face token"),
    ("anthropic", "Anthropic API key"),
    ("google", "Google API key"),
    ("groq", "Groq API key"),
    ("replicate", "Replicate API token"),
]


def test_committed_template_with_real_secrets(repo, run_hook, samples):
    body = "".join(f'{name}_value = "{getattr(samples, name)}"\n' for name, _ in DETECTED)
    body += f'[db]\npassword = "{samples.password}"\nhost = "db.example.org"\n'
    repo.write(TEMPLATE, body)
    repo.add(TEMPLATE)
    result = run_hook(main, cwd=repo.root)
    assert result.rc == 1
    expected = [
        line(TEMPLATE, i, 1, "STS915",
             f"{name}_value in a committed file looks like a real secret ({detector}); "
             "remove it, rotate it and keep only placeholders")
        for i, (name, detector) in enumerate(DETECTED, start=1)
    ]
    expected.append(line(TEMPLATE, len(DETECTED) + 2, 1, "STS915",
                         "db.password in a committed file looks like a real secret "
                         "(high-entropy value); remove it, rotate it and keep only placeholders"))
    assert result.lines == expected
    result.assert_hides(*(getattr(samples, n) for n, _ in DETECTED), samples.password)


def test_committed_template_with_placeholders_is_clean(repo, run_hook):
    repo.write(TEMPLATE, (
        'openai_api_key = "sk-..."\nhf_token = "hf_xxx"\n'
        'anthropic = "sk-ant-..."\ngoogle = "AIza<your key>"\n'
        'aws = "AKIAIOSFODNN7EXAMPLE"\n'
        "[auth]\nredirect_uri = 'http://localhost:8501/oauth2callback'\n"
        "cookie_secret = 'generate-a-long-random-string'\n"
        "client_id = 'your-client-id'\nclient_secret = 'your-client-secret'\n"
        "server_metadata_url = 'https://accounts.google.com/.well-known/openid-configuration'\n"
    ))
    repo.add(TEMPLATE)
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize(
    "name",
    ["secrets.example.toml", ".streamlit/secrets.example.toml",
     ".streamlit/prod.toml.template", "deploy/secrets.toml.sample"],
)
def test_template_names(repo, run_hook, samples, name):
    repo.write(name, f'key = "{samples.huggingface}"\n')
    repo.add(name)
    result = run_hook(main, cwd=repo.root)
    assert [ln.split(" STS")[0] for ln in result.lines] == [f"{name}:1:1:"]
    assert "STS915" in result.out
    result.assert_hides(samples.huggingface)


def test_template_pragma_allowlist(repo, run_hook, samples):
    repo.write(TEMPLATE, f'token = "{samples.github}"  # pragma: allowlist secret\n')
    repo.add(TEMPLATE)
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out) == (0, "")


def test_tracked_secrets_file_holding_tokens(repo, run_hook, samples):
    repo.write(SECRETS, f'HF_TOKEN = "{samples.huggingface}"\n')
    repo.add(SECRETS)
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line(SECRETS, 1, 1, "STS915",
             "HF_TOKEN in a committed file looks like a real secret (Hugging Face token); "
             "remove it, rotate it and keep only placeholders")
    ]
    result.assert_hides(samples.huggingface)


# Secrets the detectors' formats miss, each with near-misses in the same file:
# (file body from the samples, [(line, key, why)], the sample values to hide).
SHAPED_SECRETS = {
    # a connection URL carries its password under any key (``*_uri`` is no secret-like
    # name); format help and placeholders in the URL are not passwords
    "password-inside-a-url": (
        lambda s: (f'MONGO_URI = "mongodb+srv://appuser:{s.password}@cluster0.example.net/db"\n'
                   'HELP_URI = "postgresql://user:password@host:5432/db"\n'
                   'LOCAL_URI = "postgresql://app:<password>@localhost/db"\n'
                   'PLAIN_URI = "https://api.example.org/v1"\n'),
        [(1, "MONGO_URI", "password in a connection URL")],
        lambda s: [s.password]),
    # lowercase letters with few vowels, in groups of four or in one run: a mail
    # provider's app password, however low its entropy per character; the provider's
    # own sample is not
    "app-password": (
        lambda s: (f'SMTP_PASSWORD = "{s.app_password}"\n'
                   f'EMAIL_PASSWORD = "{s.app_password.replace(" ", "")}"\n'
                   'SAMPLE_PASSWORD = "abcd efgh ijkl mnop"\n'
                   'SMTP_USER = "reports@example.org"\n'),
        [(1, "SMTP_PASSWORD", "app password"), (2, "EMAIL_PASSWORD", "app password")],
        lambda s: [s.app_password, s.app_password.replace(" ", "")]),
    # letters only, both cases, few vowels (no digit: below detect-secrets' class mix);
    # words in CamelCase are not
    "letters-only-generated-password": (
        lambda s: (f'db_password = "{s.letters_password}"\n'
                   'db_name = "ProductionWarehouseDatabase"\n'
                   'api_secret = "StreamlitCloudDeployment"\n'),
        [(1, "db_password", "high-entropy value")],
        lambda s: [s.letters_password]),
}


@pytest.mark.parametrize("shape", sorted(SHAPED_SECRETS))
def test_secrets_shaped_beyond_the_detectors_in_a_committed_file(repo, run_hook, samples,
                                                                 shape):
    body, expected, hidden = SHAPED_SECRETS[shape]
    repo.write(TEMPLATE, body(samples))
    repo.add(TEMPLATE)
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line(TEMPLATE, n, 1, "STS915",
             f"{key} in a committed file looks like a real secret ({why}); "
             "remove it, rotate it and keep only placeholders")
        for n, key, why in expected]
    result.assert_hides(*hidden(samples))


def test_tracked_placeholders_are_never_to_be_filled_in(repo, run_hook):
    """On a tracked secrets.toml, STS902 (check-streamlit-gitignore) says untrack it and
    rotate; STS914 must not say "fill in the real value" there, which would put real
    secrets into a tracked file."""
    from streamlit_security_hooks import check_gitignore

    repo.write(SECRETS, 'OPENAI_API_KEY = "your-openai-key"\n')
    repo.add(SECRETS)
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line(SECRETS, 1, 1, "STS914",
             "placeholder value left in OPENAI_API_KEY; the file is tracked: keep "
             "placeholders in it and real values only in an untracked secrets.toml")
    ]
    assert "fill in" not in result.out
    tracked = run_hook(check_gitignore.main, cwd=repo.root)
    assert any("STS902" in x and "git rm --cached" in x for x in tracked.lines)


def test_untracked_secrets_file_may_hold_tokens(repo, run_hook, samples):
    repo.write(".gitignore", ".streamlit/secrets.toml\n")
    repo.write(SECRETS, f'HF_TOKEN = "{samples.huggingface}"\nOPENAI = "{samples.openai}"\n')
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out) == (0, "")


def test_files_given_on_the_command_line(repo, run_hook, samples):
    repo.write("deploy/prod secrets.toml", 'api_key = "changeme"\n')
    repo.write("README.md", "# not toml ==\n")
    result = run_hook(main, "deploy/prod secrets.toml", cwd=repo.root)
    assert result.lines == [
        line("deploy/prod secrets.toml", 1, 1, "STS914",
             "placeholder value left in api_key; fill in the real value")
    ]


def test_nested_apps_symlinks_and_non_ascii_paths(repo, run_hook, samples):
    repo.write("apps/ventes été/.streamlit/secrets.toml", 'token = "xxxx-xxxx"\n')
    repo.write("shared/st/secrets.toml", 'password = "changeme"\n')
    (repo.root / "apps/b").mkdir()
    os.symlink("../../shared/st", repo.root / "apps/b/.streamlit")
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        line("apps/b/.streamlit/secrets.toml", 1, 1, "STS914",
             "placeholder value left in password; fill in the real value"),
        line("apps/ventes été/.streamlit/secrets.toml", 1, 1, "STS914",
             "placeholder value left in token; fill in the real value"),
    ]


def test_outside_a_git_repository(tmp_path, run_hook):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit/secrets.toml").write_text('password = "changeme"\n')
    result = run_hook(main, cwd=tmp_path)
    assert result.lines == [
        line(SECRETS, 1, 1, "STS914", "placeholder value left in password; fill in the real value")
    ]


def test_bad_arguments(repo, run_hook):
    result = run_hook(main, "--fix", cwd=repo.root)
    assert (result.rc, result.out) == (2, "")
    assert result.err == "check-streamlit-secrets: error: unrecognized arguments: --fix\n"


def test_nothing_is_written(repo, run_hook, samples):
    repo.write(SECRETS, 'a = "changeme"\n[auth]\n')

    def snapshot():
        return {
            p: p.read_bytes()
            for p in repo.root.rglob("*") if p.is_file() and ".git" not in p.parts
        }

    before = snapshot()
    run_hook(main, cwd=repo.root)
    assert snapshot() == before


def test_console_script(repo, run_script, samples):
    repo.write(TEMPLATE, f'OPENAI_API_KEY = "{samples.openai}"\n')
    repo.add(TEMPLATE)
    result = run_script("check-streamlit-secrets", cwd=repo.root)
    assert result.rc == 1
    assert result.lines == [
        line(TEMPLATE, 1, 1, "STS915",
             "OPENAI_API_KEY in a committed file looks like a real secret (OpenAI API key); "
             "remove it, rotate it and keep only placeholders")
    ]
    assert result.err == ""
    result.assert_hides(samples.openai)


def test_unexpected_errors_are_one_line_not_a_traceback(repo, run_hook, monkeypatch, samples):
    import streamlit_security_hooks.check_secrets as hook

    def boom(*_args, **_kwargs):
        raise ValueError(samples.password)  # an error whose text could quote a value

    monkeypatch.setattr(hook, "collect", boom)
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out) == (2, "")
    assert result.err == (
        "check-streamlit-secrets: error: internal error (ValueError); please report it\n"
    )
    result.assert_hides(samples.password)


_TOML_ALPHABET = "abc_.=[]{}\"'#,\n \t\\0123xyz-:@/\u00e9"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_TOML_ALPHABET, max_size=120))
def test_fuzz_never_crashes(text):
    """Any text gets findings (or none), never an exception."""
    import tempfile
    from pathlib import Path

    from streamlit_security_hooks.check_config import check_file as check_config_file
    from streamlit_security_hooks.check_secrets import Target, check_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "secrets.toml")
        path.write_text("[auth]\n" + text, encoding="utf-8")
        for kind in ("secrets", "template"):
            for finding in check_file(Target(path, "secrets.toml", kind, True)):
                assert finding.line >= 1 and finding.col >= 0
                assert finding.message
        config = Path(tmp, ".streamlit", "config.toml")
        config.parent.mkdir()
        config.write_text("[server]\n" + text, encoding="utf-8")
        found, _changed = check_config_file(config, ".streamlit/config.toml", fix=False)
        assert all(item.finding.message for item in found)


@pytest.mark.parametrize(
    "rel, expected",
    [
        ("secrets.toml.example", True),
        ("deploy/secrets.toml.tpl", True),
        ("Secrets_Example.TOML", True),
        ("secrets-dist.toml", True),
        ("a/.streamlit/config.TOML-Dist", True),
        (".streamlit/prod.toml.template", True),
        ("prod.toml.template", False),  # outside a .streamlit folder
        (".streamlit/prod.toml.tmpl", False),  # tmpl/tpl only for secrets.toml
        ("secrets.toml", False),
        (".streamlit/example", False),
        ("secrets.toml.bak", False),
        ("mysecrets.toml.example", False),
    ],
)
def test_template_file_names(rel, expected):
    from streamlit_security_hooks.check_secrets import is_template_path

    assert is_template_path(rel) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("xxxx", True), ("***", True), ("sk-...", True), ("<token>", True), ("{key}", True),
        ("${KEY}", True), ("YOUR_KEY", True), ("change-me", True), ("Change Me", True),
        ("enter your key", True), ("key goes here", True), ("TODO", True), ("none", True),
        ("sk-", True), ("abcde_", True), ("fixme", True), ("<a\n>", False), ("todo list", False),
        ("enter_it", False), ("abcdef_", False), ("s3cr3t-Value-42", False), ("", False),
        ("entering", False), ("xx", False),
    ],
)
def test_template_text(value, expected):
    from flake8_streamlit_security.vocab import is_template_text

    assert is_template_text(value) is expected
