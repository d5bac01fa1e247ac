"""check-streamlit-config (STS801-STS810) and its --fix."""
from __future__ import annotations

import pytest

from streamlit_security_hooks.check_config import main

CONFIG = ".streamlit/config.toml"

MESSAGES = {
    "STS801": "server.enableXsrfProtection = false turns off CSRF protection; "
              "remove it or set true",
    "STS802": "server.enableCORS = false lets any site call this server; remove it or set true",
    "STS804": "global.developmentMode = true must not be deployed; remove it",
    "STS805": 'literal server.cookieSecret in config.toml; use STREAMLIT_SERVER_COOKIE_SECRET '
              'or "env:VAR"',
    "STS807": "server.trustedUserHeaders lets request headers override the login identity; "
              "remove it unless a trusted proxy sets them",
    "STS809": 'client.toolbarMode = "developer" exposes developer options to users; '
              'use "auto" or "viewer"',
    "STS810": 'literal mapbox.token in config.toml; put it in secrets.toml or use "env:VAR"',
}


def out(code: str, ln: int, message: str | None = None, path: str = CONFIG, col: int = 1) -> str:
    return f"{path}:{ln}:{col}: {code} {message or MESSAGES[code]}"


def sts803(value: str) -> str:
    return f'client.showErrorDetails = {value} shows tracebacks to users; set "type" or "none"'


def sts808(key: str, value: str) -> str:
    return f"server.{key} = {value} MB invites memory exhaustion; keep it at or below 1000"


@pytest.mark.parametrize(
    "content, expected",
    [
        ("[server]\nenableXsrfProtection = false\n", [out("STS801", 2)]),
        ("[server]\nport = 8501\nenableCORS = false\n", [out("STS802", 3)]),
        ('[client]\nshowErrorDetails = "full"\n', [out("STS803", 2, sts803('"full"'))]),
        ('[client]\nshowErrorDetails = "stacktrace"\n',
         [out("STS803", 2, sts803('"stacktrace"'))]),
        ("[client]\nshowErrorDetails = true\n", [out("STS803", 2, sts803("true"))]),
        ("[global]\ndevelopmentMode = true\n", [out("STS804", 2)]),
        ('[server]\ncookieSecret = "@SECRET"\n', [out("STS805", 2)]),
        ('[server.trustedUserHeaders]\n"X-Forwarded-Email" = "email"\n', [out("STS807", 1)]),
        ('[server]\ntrustedUserHeaders = { "X-User" = "name" }\n', [out("STS807", 2)]),
        ("[server]\nmaxUploadSize = 4096\n", [out("STS808", 2, sts808("maxUploadSize", "4096"))]),
        ("[server]\nmaxMessageSize = 1001\n",
         [out("STS808", 2, sts808("maxMessageSize", "1001"))]),
        ('[client]\ntoolbarMode = "developer"\n', [out("STS809", 2)]),
        ('[mapbox]\ntoken = "@SECRET"\n', [out("STS810", 2)]),
        ("server.enableCORS = false\n", [out("STS802", 1)]),
        ("  [server]\n  enableCORS = false\n", [out("STS802", 2, col=3)]),
        ("server = { enableCORS = false }\n", [out("STS802", 1)]),
    ],
)
def test_each_rule_fires(repo, run_hook, samples, content, expected):
    secret = samples.password
    repo.write(CONFIG, content.replace("@SECRET", secret))
    result = run_hook(main, CONFIG, cwd=repo.root)
    assert (result.rc, result.lines, result.err) == (1, expected, "")
    result.assert_hides(secret)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "# only a comment\n",
        "[server]\nenableXsrfProtection = true\nenableCORS = true\nport = 8501\n",
        '[client]\nshowErrorDetails = "type"\ntoolbarMode = "viewer"\n',
        '[client]\nshowErrorDetails = "none"\ntoolbarMode = "auto"\n',
        "[global]\ndevelopmentMode = false\n",
        '[server]\ncookieSecret = "env:COOKIE_SECRET"\n',
        '[mapbox]\ntoken = "env:MAPBOX_TOKEN"\n',
        '[mapbox]\ntoken = ""\n',
        '[mapbox]\ntoken = "your-mapbox-token"\n',
        '[mapbox]\ntoken = "<MAPBOX_TOKEN>"\n',
        "[server]\nmaxUploadSize = 1000\nmaxMessageSize = 200\n",
        "[server]\nenableStaticServing = true\n",
        "[theme]\nbase = 'dark'\n",
    ],
)
def test_safe_settings_pass(repo, run_hook, content):
    repo.write(CONFIG, content)
    repo.write("static/logo.png", b"\x89PNG")
    result = run_hook(main, CONFIG, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


def test_static_serving_of_sensitive_files(repo, run_hook):
    repo.write("apps/a/.streamlit/config.toml", "[server]\nenableStaticServing = true\n")
    for name in ("logo.png", ".env", "data/app.db", "model.pkl", "app.py", "style.css"):
        repo.write(f"apps/a/static/{name}", "x")
    result = run_hook(main, cwd=repo.root)  # no file names: discovers every config.toml
    path = "apps/a/.streamlit/config.toml"

    def served(name: str) -> str:
        return out("STS806", 2, f"server.enableStaticServing = true serves {name}, a sensitive "
                   "file; move it out of static/", path=path)

    assert result.lines == [
        served("static/.env"), served("static/app.py"), served("static/model.pkl"),
        served("static/data/app.db"),
    ]


FULL = """\
# Production settings -- reviewed 2024
[global]
developmentMode = true      # dev only!

[server]
port = 8501
enableCORS = false
enableXsrfProtection=false  # embedded in our portal
cookieSecret = "@SECRET"
maxUploadSize = 200

[client]
showErrorDetails = 'full'
toolbarMode = "developer"   # TODO

[theme]
primaryColor = "#F63366"
"""

FIXED = """\
# Production settings -- reviewed 2024
[global]
developmentMode = false      # dev only!

[server]
port = 8501
enableCORS = true
enableXsrfProtection=true  # embedded in our portal
cookieSecret = "@SECRET"
maxUploadSize = 200

[client]
showErrorDetails = 'type'
toolbarMode = "auto"   # TODO

[theme]
primaryColor = "#F63366"
"""


def test_fix_round_trip_keeps_every_other_byte(repo, run_hook, samples):
    secret = samples.password
    repo.write(CONFIG, FULL.replace("@SECRET", secret))
    result = run_hook(main, "--fix", CONFIG, cwd=repo.root)
    assert result.rc == 1
    assert result.lines == [f"Fixing {CONFIG}", out("STS805", 9)]
    assert repo.read(CONFIG) == FIXED.replace("@SECRET", secret)
    again = run_hook(main, "--fix", CONFIG, cwd=repo.root)
    assert (again.rc, again.lines) == (1, [out("STS805", 9)])  # not fixable: still reported
    assert repo.read(CONFIG) == FIXED.replace("@SECRET", secret)
    result.assert_hides(secret)
    again.assert_hides(secret)


def test_fix_then_clean(repo, run_hook):
    repo.write(CONFIG, "[server]\r\nenableCORS = false\r\n")
    first = run_hook(main, "--fix", CONFIG, cwd=repo.root)
    assert (first.rc, first.lines) == (1, [f"Fixing {CONFIG}"])
    assert (repo.root / CONFIG).read_bytes() == b"[server]\r\nenableCORS = true\r\n"
    second = run_hook(main, "--fix", CONFIG, cwd=repo.root)
    assert (second.rc, second.out) == (0, "")


@pytest.mark.parametrize(
    "before, after",
    [
        ("server.enableCORS = false # x\n", "server.enableCORS = true # x\n"),
        ("server = { enableCORS = false, port = 1 }\n",
         "server = { enableCORS = true, port = 1 }\n"),
        ('[client]\ntoolbarMode = "developer"\n', '[client]\ntoolbarMode = "auto"\n'),
    ],
)
def test_fix_dotted_and_inline(repo, run_hook, before, after):
    repo.write(CONFIG, before)
    result = run_hook(main, "--fix", CONFIG, cwd=repo.root)
    assert result.lines == [f"Fixing {CONFIG}"]
    assert repo.read(CONFIG) == after


def test_without_fix_nothing_is_written(repo, run_hook):
    repo.write(CONFIG, FULL)
    run_hook(main, CONFIG, cwd=repo.root)
    assert repo.read(CONFIG) == FULL


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"[server\nenableCORS = false\n", "1:8: STS910 not valid TOML: "),
        (b"\x00\x00", "1:1: STS910 not valid TOML: binary file (NUL byte), not TOML text"),
        (b"a = '\xff'\n", "1:6: STS910 not valid TOML: not UTF-8 text (TOML files must be UTF-8)"),
    ],
)
def test_invalid_files_are_findings_and_never_fixed(repo, run_hook, content, expected):
    repo.write(CONFIG, content)
    result = run_hook(main, "--fix", CONFIG, cwd=repo.root)
    assert result.rc == 1
    [line] = result.lines
    assert line.startswith(f"{CONFIG}:{expected}")
    assert (repo.root / CONFIG).read_bytes() == content


def test_missing_file_and_folder_names(repo, run_hook):
    result = run_hook(main, "nope/.streamlit/config.toml", cwd=repo.root)
    assert result.lines == [
        "nope/.streamlit/config.toml:1:1: STS910 not valid TOML: "
        "file not found (or a broken symlink)"
    ]


def test_paths_are_relative_to_the_repo_root(repo, run_hook):
    repo.write("my app/.streamlit/config.toml", "[server]\nenableCORS = false\n")
    result = run_hook(main, ".streamlit/config.toml", cwd=repo.root / "my app")
    assert result.lines == [out("STS802", 2, path="my app/.streamlit/config.toml")]


def test_bad_arguments(repo, run_hook):
    result = run_hook(main, "--fix=yes", cwd=repo.root)
    assert result.rc == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("check-streamlit-config: error: ")


def test_console_script(repo, run_script, samples):
    repo.write(CONFIG, f'[mapbox]\ntoken = "{samples.password}"\n[server]\nenableCORS = false\n')
    result = run_script("check-streamlit-config", CONFIG, cwd=repo.root)
    assert (result.rc, result.lines, result.err) == (1, [out("STS810", 2), out("STS802", 4)], "")
    fixed = run_script("check-streamlit-config", "--fix", CONFIG, cwd=repo.root)
    assert fixed.lines == [f"Fixing {CONFIG}", out("STS810", 2)]
    result.assert_hides(samples.password)
    fixed.assert_hides(samples.password)
