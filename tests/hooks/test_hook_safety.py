"""The hooks as real repositories meet them (issues 17 and 19): vendored code, .env
variants, local identity providers; FIFOs, pathological TOML, symlinks, submodules, odd
file names; and no secret in any output.

Every test builds a real git repository in a temporary folder and runs the hook's
``main`` (or its console script, where a hang or the process's exit matters).  Secret
values are assembled at run time (tests/helpers.py ``FAKES``).
"""
from __future__ import annotations

import pytest

from helpers import FAKES
from streamlit_security_hooks import check_config, check_gitignore, check_secrets

READS_SECRETS = "import streamlit as st\n\nst.write(st.secrets['greeting'])\n"
RANDOM = FAKES["GENERIC"]  # random-looking, no credential format


# ------------------------------------------------------------- issue 19: vendored code

VENDORED = ["venv", ".venv", "env", "site-packages", "node_modules", ".ipynb_checkpoints",
            "build", "dist", ".tox", ".nox", "my-interpreter"]


def test_hooks_skip_virtual_environments_and_vendored_code(repo, run_hook):
    repo.write("app.py", READS_SECRETS)
    repo.write(".gitignore", "**/.streamlit/secrets.toml\n")
    repo.write("my-interpreter/pyvenv.cfg", "home = /usr/bin\n")  # a venv by its marker
    for folder in VENDORED:
        base = f"{folder}/lib/pkg"
        repo.write(f"{base}/.streamlit/config.toml", "[server]\nenableCORS = false\n")
        repo.write(f"{base}/.streamlit/secrets.toml", 'password = "changeme"\n')
        repo.write(f"{base}/.streamlit/secrets.toml.example", f'password = "{RANDOM}"\n')
        repo.write(f"{base}/certs/cacert.pem", "-----BEGIN CERTIFICATE-----\n")
        repo.write(f"{base}/.env", f"API_TOKEN={RANDOM}\n")
    repo.git("add", "-f", "--", ".")
    repo.commit()
    for main in (check_gitignore.main, check_secrets.main, check_config.main):
        result = run_hook(main, cwd=repo.root)
        assert (result.rc, result.out, result.err) == (0, "", ""), main.__module__


# ---------------------------------------------- issue 19: STS901 at the repository root


def test_root_needs_an_app_that_reads_st_secrets(repo, run_hook):
    repo.write("app.py", "import streamlit as st\n\nst.title('no secrets here')\n")
    repo.add("app.py")
    assert run_hook(check_gitignore.main, cwd=repo.root).rc == 0
    repo.write("pages/db.py", "import streamlit as st\nconn = st.secrets['db']\n")
    repo.add("pages/db.py")
    result = run_hook(check_gitignore.main, cwd=repo.root)
    assert result.rc == 1 and ".streamlit/secrets.toml:1:1: STS901" in result.out


# ------------------------------------------------- issue 19: .env variants by content

ENV_NAMES = [".env", ".env.local", ".env.production", ".env_20241231", "prod.env",
             "deploy/.env.staging"]
TEMPLATE_NAMES = [".env.example", ".env.sample", ".env.template", ".env.dist",
                  ".env.railway.template", "prod.env.example", "certs/server.pem.sample"]
WITH_SECRET = [
    f"OPENAI_API_KEY={FAKES['OPENAI']}\n",
    f"export DB_PASSWORD='{FAKES['DBPW']}'\n",
    f'COOKIE_KEY="{RANDOM}"  # for the authenticator\n',
    f"DEBUG=true\nSOME_SETTING={FAKES['GITHUB']}\n",  # a detected credential, any name
]
WITHOUT_SECRET = [
    "DEBUG=true\nPORT=8501\nMODEL=gpt-4o\n",
    "GEMINI_API_KEY=${GEMINI_API_KEY}\nLOG_LEVEL=info\n",
    "OPENAI_API_KEY=your-openai-key-here\nDB_PASSWORD=\nSECRET_KEY=changeme\n",
    "# API_TOKEN=" + RANDOM + "\nAPI_TOKEN=<token>\n",
]


@pytest.mark.parametrize("content", WITH_SECRET)
@pytest.mark.parametrize("name", ENV_NAMES)
def test_env_variant_holding_a_secret_is_reported(repo, run_hook, name, content):
    repo.write(name, content)
    repo.add(name)
    result = run_hook(check_gitignore.main, cwd=repo.root)
    assert result.lines == [
        f"{name}:1:1: STS903 credential file {name} is tracked by git; untrack it, "
        "ignore it and rotate its secrets"]
    result.assert_hides(FAKES["OPENAI"], FAKES["DBPW"], RANDOM, FAKES["GITHUB"])


@pytest.mark.parametrize(("name", "content"), [
    *((name, content) for name in ENV_NAMES for content in WITHOUT_SECRET),
    *((name, f"OPENAI_API_KEY={FAKES['OPENAI']}\n") for name in TEMPLATE_NAMES),
])
def test_settings_placeholders_and_templates_pass(repo, run_hook, name, content):
    repo.write(name, content)
    repo.add(name)
    result = run_hook(check_gitignore.main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


# --------------------------------------------- issue 19: a local Keycloak in development

LOCAL_KEYCLOAK = """\
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "{cookie}"
client_id = "streamlit-app"
client_secret = "{client}"
server_metadata_url = "{url}"
"""


@pytest.mark.parametrize(("url", "reported"), [
    ("http://localhost:8080/realms/dev/.well-known/openid-configuration", False),
    ("http://127.0.0.1:8080/realms/dev/.well-known/openid-configuration", False),
    ("https://sso.example.com/realms/dev/.well-known/openid-configuration", False),
    ("http://sso.example.com/realms/dev/.well-known/openid-configuration", True),
    ("http://localhost.example.com/.well-known/openid-configuration", True),
])
def test_local_identity_provider_over_http(repo, run_hook, url, reported):
    repo.write(".streamlit/secrets.toml", LOCAL_KEYCLOAK.format(
        cookie=FAKES["GENERIC"] + FAKES["GENERIC2"] + FAKES["PW"], client=FAKES["DBPW"], url=url))
    result = run_hook(check_secrets.main, cwd=repo.root)
    assert ("STS912" in result.out) is reported, result.out
    assert result.rc == (1 if reported else 0), result.out


# ------------------------------------------------- issue 19: signing keys are secrets


@pytest.mark.parametrize("key", ["cookie_key", "signing_key", "hmac_key", "jwt_key",
                                 "encryption_key", "master_key"])
def test_signing_keys_are_secret_like_in_the_hooks(repo, run_hook, key):
    repo.write(".env", f"{key.upper()}={RANDOM}\n")
    repo.write(".streamlit/secrets.toml.example", f'[auth]\n{key} = "{FAKES["PW"]}"\n')
    repo.add(".env", ".streamlit/secrets.toml.example")
    gitignore = run_hook(check_gitignore.main, cwd=repo.root)
    assert "STS903 credential file .env" in gitignore.out
    secrets = run_hook(check_secrets.main, cwd=repo.root)
    assert f"STS915 auth.{key} in a committed file looks like a real secret" in secrets.out
    for result in (gitignore, secrets):
        result.assert_hides(RANDOM, FAKES["PW"])
