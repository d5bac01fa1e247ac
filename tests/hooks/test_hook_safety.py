"""The hooks as real repositories meet them (issues 17 and 19): vendored code, .env
variants, local identity providers; FIFOs, pathological TOML, symlinks, submodules, odd
file names; and no secret in any output.

Every test builds a real git repository in a temporary folder and runs the hook's
``main`` (or its console script, where a hang or the process's exit matters).  Secret
values are assembled at run time (tests/helpers.py ``FAKES``).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import time
from urllib.parse import unquote

import pytest

from flake8_streamlit_security import secretscan
from helpers import FAKES, console_script
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


# ------------------------------------------------------ issue 17: never hang, never blow up


def test_fifo_gitignore_is_reported_not_waited_on(repo, run_script):
    repo.write("app.py", READS_SECRETS)
    repo.add("app.py")
    os.mkfifo(repo.root / ".gitignore")
    for argv in ([], ["--fix"]):
        result = run_script("check-streamlit-gitignore", *argv, cwd=repo.root, timeout=20)
        assert (result.rc, result.out) == (2, ""), result.err
        assert result.err == ("check-streamlit-gitignore: error: .gitignore is a named pipe "
                              "(FIFO), not a file, which git cannot read as ignore rules (a FIFO "
                              "makes it wait forever); replace it with a regular file\n")
    os.unlink(repo.root / ".gitignore")
    os.makedirs(repo.root / "app" / ".streamlit")
    os.mkfifo(repo.root / "app" / ".gitignore")  # a nested one is read too
    result = run_script("check-streamlit-gitignore", cwd=repo.root, timeout=20)
    assert result.rc == 2 and "app/.gitignore is a named pipe" in result.err


def test_fifo_config_is_reported_without_arguments(repo, run_hook):
    os.makedirs(repo.root / ".streamlit")
    os.mkfifo(repo.root / ".streamlit" / "config.toml")
    result = run_hook(check_config.main, cwd=repo.root)
    assert result.lines == [".streamlit/config.toml:1:1: STS910 not valid TOML: a named pipe "
                            "(FIFO), not a file"]


def _dotted(parts: int) -> str:
    return ".".join("a" for _ in range(parts))


@pytest.mark.parametrize("shape", ["[{}]\nx = 1\n", "{} = 1\n", "[server]\nx = {{ {} = 1 }}\n"],
                         ids=["header", "key", "inline"])
def test_a_key_of_100000_parts_is_one_finding_and_quick(repo, run_hook, shape):
    """200 KB of dotted key: tomllib alone spends minutes on it (quadratic); the
    secrets hook used to end in an internal error (RecursionError), losing the
    other files' findings, and the config hook passed it after 16 s."""
    text = shape.format(_dotted(100_000))
    repo.write("bad/.streamlit/secrets.toml", text)
    repo.write("bad/.streamlit/config.toml", text)
    repo.write("good/.streamlit/secrets.toml", 'api_key = "your-api-key"\n')
    repo.write("good/.streamlit/config.toml", "[server]\nenableCORS = false\n")
    before = text[:text.index("a.a")]
    line, col = before.count("\n") + 1, len(before.rpartition("\n")[2])
    for main, good in ((check_secrets.main, "good/.streamlit/secrets.toml:1:1: STS914"),
                       (check_config.main, "good/.streamlit/config.toml:2:1: STS802")):
        start = time.perf_counter()
        result = run_hook(main, cwd=repo.root)
        elapsed = time.perf_counter() - start
        kind = "secrets" if main is check_secrets.main else "config"
        assert result.rc == 1 and result.err == ""
        assert result.lines[0] == (f"bad/.streamlit/{kind}.toml:{line}:{col + 1}: STS910 not "
                                   "valid TOML: a key of more than 32 parts")
        assert result.lines[1].startswith(good)
        assert elapsed < 3, f"{kind}: {elapsed:.1f} s"


def test_many_long_keys_are_checked_in_linear_time(repo, run_hook):
    """600 KB of 32-part keys (allowed): the check for longer ones must not try every
    position inside every key."""
    repo.write(".streamlit/secrets.toml", "".join(
        f"k{i}.{_dotted(31)} = {i}\n" for i in range(8_000)))
    start = time.perf_counter()
    result = run_hook(check_secrets.main, cwd=repo.root)
    assert time.perf_counter() - start < 5
    assert (result.rc, result.out, result.err) == (0, "", "")


def test_values_nested_too_deeply_are_one_finding(repo, run_hook):
    repo.write(".streamlit/secrets.toml", "x = " + "[" * 150 + "]" * 150 + "\n")
    repo.write(".streamlit/config.toml", "x = " + "[" * 150 + "]" * 150 + "\n")
    for main in (check_secrets.main, check_config.main):
        result = run_hook(main, cwd=repo.root)
        assert result.rc == 1 and result.err == "" and len(result.lines) == 1
        assert "STS910 not valid TOML: nested" in result.out


# Root reads every folder whatever its permission bits: without these two capabilities
# it is held to them like any user (setpriv, util-linux).
_DROP_READ_ALL = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_streamlit_folder_is_reported(repo):
    repo.write("app/.streamlit/secrets.toml", 'api_key = "your-key"\n')
    repo.write("app/.streamlit/config.toml", "[server]\nenableCORS = false\n")
    prefix = _DROP_READ_ALL if os.geteuid() == 0 else []
    if prefix and (not shutil.which("setpriv") or subprocess.run(
            [*prefix, "true"], capture_output=True).returncode != 0):
        pytest.skip("running as root without setpriv: no folder is unreadable to root")
    folder = repo.root / "app" / ".streamlit"
    folder.chmod(0)
    try:
        for name, rel in (("check-streamlit-secrets", "secrets.toml"),
                          ("check-streamlit-config", "config.toml")):
            proc = subprocess.run([*prefix, console_script(name)], cwd=repo.root,
                                  capture_output=True, text=True, timeout=60)
            assert (proc.returncode, proc.stderr) == (1, ""), proc.stdout
            assert proc.stdout == (f"app/.streamlit/{rel}:1:1: STS910 not valid TOML: cannot "
                                   "read the file (permission denied)\n")
    finally:
        folder.chmod(stat.S_IRWXU)


# ------------------------------------------------- issue 17: never write where it should not


def test_fix_never_writes_through_a_symlink_leaving_the_repository(repo, run_hook, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "config.toml").write_text("[server]\nenableCORS = false\n")
    (outside / "gitignore").write_text("*.pyc\n")
    os.makedirs(repo.root / ".streamlit")
    os.symlink(outside / "config.toml", repo.root / ".streamlit" / "config.toml")
    os.symlink(outside / "gitignore", repo.root / ".gitignore")
    repo.write("app.py", READS_SECRETS)
    repo.add("app.py")

    result = run_hook(check_config.main, "--fix", cwd=repo.root)
    assert (outside / "config.toml").read_text() == "[server]\nenableCORS = false\n"
    assert result.rc == 1 and "Fixing" not in result.out
    assert result.err == ("check-streamlit-config: not fixing .streamlit/config.toml: it is a "
                          "symlink to a file outside the repository; fix that file by hand, or "
                          "replace the link with a copy\n")

    for target in (outside / "gitignore", "/dev/null"):
        os.unlink(repo.root / ".gitignore")
        os.symlink(target, repo.root / ".gitignore")
        for _run in range(2):
            result = run_hook(check_gitignore.main, "--fix", cwd=repo.root)
            assert result.lines == [".streamlit/secrets.toml:1:1: STS901 .streamlit/secrets.toml "
                                    "is not ignored by git; add it to .gitignore (--fix does)"]
            assert "not fixing .gitignore: it is a symlink" in result.err
    assert (outside / "gitignore").read_text() == "*.pyc\n"


def test_fix_keeps_the_bom_and_the_quote_style(repo, run_hook):
    before = ('\ufeff[client]\nshowErrorDetails = """full"""\ntoolbarMode = \'\'\'developer\'\'\''
              '\n')
    repo.write(".streamlit/config.toml", before)
    result = run_hook(check_config.main, "--fix", cwd=repo.root)
    assert result.lines == ["Fixing .streamlit/config.toml"]
    assert repo.read(".streamlit/config.toml") == (
        '\ufeff[client]\nshowErrorDetails = """type"""\ntoolbarMode = \'\'\'auto\'\'\'\n')


def test_a_root_negation_is_fixed_a_nested_one_is_explained(repo, run_hook):
    repo.write("app.py", READS_SECRETS)
    repo.add("app.py")
    repo.write(".gitignore", ".streamlit/secrets.toml\n!.streamlit/secrets.toml\n")
    result = run_hook(check_gitignore.main, "--fix", cwd=repo.root)
    assert (result.rc, result.lines, result.err) == (1, ["Fixing .gitignore"], "")
    assert repo.read(".gitignore").endswith("!.streamlit/secrets.toml\n.streamlit/secrets.toml\n")
    assert run_hook(check_gitignore.main, "--fix", cwd=repo.root).rc == 0

    repo.write("sub/.streamlit/config.toml", "")
    repo.write("sub/.gitignore", "!secrets.toml\n")
    repo.write(".gitignore", "**/.streamlit/secrets.toml\n")
    for argv in ([], ["--fix"]):
        result = run_hook(check_gitignore.main, *argv, cwd=repo.root)
        assert result.rc == 1 and "STS901 sub/.streamlit/secrets.toml" in result.out
        assert result.err == ("check-streamlit-gitignore: --fix cannot fix "
                              "sub/.streamlit/secrets.toml: sub/.gitignore:1 re-includes it "
                              "with a '!' pattern, which the root .gitignore cannot override; "
                              "remove that line\n")
    assert repo.read(".gitignore") == "**/.streamlit/secrets.toml\n"


def test_a_secrets_file_tracked_in_a_submodule_is_checked(repo, run_hook, new_repo):
    inner = new_repo("inner")
    inner.write("app.py", READS_SECRETS)
    inner.write(".streamlit/secrets.toml", f'password = "{FAKES["PW"]}"\n')
    inner.add("app.py", ".streamlit/secrets.toml")
    inner.commit()
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root),
             "libs/inner")
    repo.write(".gitignore", "**/.streamlit/secrets.toml\n")
    repo.commit()
    result = run_hook(check_gitignore.main, cwd=repo.root)
    path = "libs/inner/.streamlit/secrets.toml"
    assert result.lines == [
        f"{path}:1:1: STS901 {path} is not ignored by git; add it to .gitignore (--fix does)",
        f"{path}:1:1: STS902 {path} is tracked by git; run git rm --cached {path} and rotate "
        "every secret in it",
    ]
    fixed = run_hook(check_gitignore.main, "--fix", cwd=repo.root)
    assert fixed.lines[0] == "Fixing libs/inner/.gitignore"
    assert (repo.root / "libs/inner/.gitignore").read_text() == ".streamlit/secrets.toml\n"
    assert "STS901" not in fixed.out and "STS902" in fixed.out
    secrets = run_hook(check_secrets.main, cwd=repo.root)  # tracked there: STS915 applies
    assert f"{path}:1:1: STS915 password in a committed file" in secrets.out
    secrets.assert_hides(FAKES["PW"])


# ------------------------------------------------------------ issue 17: output that misleads

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
ODD = "odd\x1b[31m\nname\x9b"  # a newline, an ESC sequence and a C1 control
ODD_SHOWN = "odd\\x1b[31m\\nname\\x9b"


def test_control_characters_in_paths_are_escaped(repo, run_hook):
    repo.write(f"certs/{ODD}.pem", "-----BEGIN " + "PRIVATE KEY-----\n")  # a key
    repo.add(f"certs/{ODD}.pem")
    repo.write(f"{ODD}/.streamlit/secrets.toml", 'api_key = "your-api-key"\n')
    repo.write(f"{ODD}/.streamlit/config.toml", "[server]\nenableCORS = false\n")
    repo.write(f"{ODD}/static/{ODD}.toml", "x = 1\n")
    repo.write(f"{ODD}/.streamlit/config.toml",
               "[server]\nenableCORS = false\nenableStaticServing = true\n")
    runs = {
        "gitignore": (check_gitignore.main, [], [
            f"certs/{ODD_SHOWN}.pem:1:1: STS903 credential file certs/{ODD_SHOWN}.pem is "
            "tracked by git; untrack it, ignore it and rotate its secrets",
            f"{ODD_SHOWN}/.streamlit/secrets.toml:1:1: STS901 {ODD_SHOWN}/.streamlit/"
            "secrets.toml is not ignored by git; add it to .gitignore (--fix does)"]),
        "secrets": (check_secrets.main, [], [
            f"{ODD_SHOWN}/.streamlit/secrets.toml:1:1: STS914 placeholder value left in "
            "api_key; fill in the real value"]),
        "config": (check_config.main, ["--fix"], [
            f"Fixing {ODD_SHOWN}/.streamlit/config.toml",
            f"{ODD_SHOWN}/.streamlit/config.toml:3:1: STS806 server.enableStaticServing = "
            f"true serves static/{ODD_SHOWN}.toml, a sensitive file; move it out of static/"]),
    }
    for name, (main, argv, expected) in runs.items():
        result = run_hook(main, *argv, cwd=repo.root)
        assert not _CONTROL.search(result.out + result.err), (name, result.out)
        assert result.lines == expected, name


def _secret_positions(secret: str, i: int) -> dict[str, str]:
    """Files holding ``secret`` in every position a hook reads: TOML keys, table
    headers and values, and (for a credential a detector knows, or after a
    secret-like name) file and folder names."""
    detected = secretscan.detect(secret) is not None
    named = secret if detected else f"password={secret}"
    return {
        f"s{i}/.streamlit/secrets.toml": (
            f"'token {secret}' = 'your-token-here'\n"
            f"password = '{secret}'\n"
            f"[auth]\nredirect_uri = 'http://x.example.com/cb'\ncookie_secret = '{secret}'\n"
            f"[auth.'{secret}']\nserver_metadata_url = 'http://sso.example.com/x'\n"
            f"[auth.'b_{secret}']\nclient_secret = '{secret}'\n"),
        f"s{i}/.streamlit/secrets.toml.example": (
            f"'api_key {secret}' = '{secret}'\n[db.'{secret}']\npassword = '{secret}'\n"),
        f"s{i}/.streamlit/config.toml": (
            f"[server]\ncookieSecret = '{secret}'\nenableCORS = false\n"
            f"enableStaticServing = true\n[mapbox]\ntoken = '{secret}'\n"),
        f"s{i}/static/{named}.env": "X=1\n",
        f"s{i}/static/{named}.toml": "x = 1\n",
        f"c{i}/{named}.pem": "-----BEGIN CERTIFICATE-----\n",
        f"c{i}/.env.{named}": f"API_TOKEN={secret}\n",
        f"n{i}/{named}/.streamlit/config.toml": "[server]\nenableXsrfProtection = false\n",
        f"n{i}/{named}/.streamlit/secrets.toml": f"'secret {secret}' = 'changeme'\n",
    }


def test_no_hook_prints_a_secret_or_a_fragment_of_one(repo, run_script):
    """Every fake credential of tests/helpers.py in every position, every hook, mode
    and format; the outputs are searched for each secret and each 8-character slice."""
    tracked = []
    for i, secret in enumerate(FAKES.values()):
        for rel, text in _secret_positions(secret, i).items():
            repo.write(rel, text)
            if not rel.endswith("/secrets.toml") and "/static/" not in rel:
                tracked.append(rel)
    repo.add(*tracked)
    outputs, codes = [], set()
    for name, argv in (("check-streamlit-gitignore", []), ("check-streamlit-secrets", []),
                       ("check-streamlit-config", []),
                       *((hook, ["--format=sarif"]) for hook in (
                           "check-streamlit-gitignore", "check-streamlit-secrets",
                           "check-streamlit-config")),
                       ("check-streamlit-gitignore", ["--format=github"]),
                       ("check-streamlit-config", ["--fix"]),
                       ("check-streamlit-gitignore", ["--fix"])):
        result = run_script(name, *argv, cwd=repo.root)
        assert result.rc == 1 and "Traceback" not in result.err, (name, result.err)
        # (SARIF percent-encodes its paths: search them decoded too)
        outputs += [result.out, unquote(result.out), result.err]
        codes.update(word.rstrip(":") for word in result.out.split() if word.startswith("STS"))
    assert {"STS805", "STS806", "STS810", "STS901", "STS903", "STS911", "STS912", "STS913",
            "STS914", "STS915"} <= codes
    text = "\n".join(outputs)
    for key, secret in FAKES.items():
        leaked = {secret[j:j + 8] for j in range(len(secret) - 7)} & {
            text[j:j + 8] for j in range(len(text) - 7)}
        assert not leaked, f"{key}: {sorted(leaked)[:3]}"


def test_a_credential_glued_to_a_suffix_in_a_name_is_masked(repo, run_hook):
    repo.write(".streamlit/secrets.toml", f"[auth.'{FAKES['HF']}_b']\nclient_id = 'x'\n")
    result = run_hook(check_secrets.main, cwd=repo.root)
    assert "STS911" in result.out
    result.assert_hides(FAKES["HF"])


def test_a_broken_submodule_does_not_stop_the_hooks(repo, run_hook, new_repo):
    inner = new_repo("inner")
    inner.write("README", "x")
    inner.add("README")
    inner.commit()
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root),
             "libs/inner")
    repo.commit()
    (repo.root / "libs/inner/.git").write_text("gitdir: /nonexistent/modules/inner\n")
    repo.write("libs/inner/.streamlit/secrets.toml", 'api_key = "your-key"\n')
    for main in (check_gitignore.main, check_secrets.main):
        result = run_hook(main, cwd=repo.root)
        assert result.rc == 1 and result.err == "", result.err
        assert "libs/inner/.streamlit/secrets.toml:1:1: STS9" in result.out
