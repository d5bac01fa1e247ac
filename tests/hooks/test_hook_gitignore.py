"""check-streamlit-gitignore (STS901-STS903) on real git repositories."""
from __future__ import annotations

import os

import pytest

from streamlit_security_hooks.check_gitignore import main

APP = "import streamlit as st\n\nst.title(st.secrets['greeting'])\n"


def msg901(path: str) -> str:
    return (
        f"{path}:1:1: STS901 {path} is not ignored by git; add it to .gitignore (--fix does)"
    )


def msg901_nested(path: str) -> str:
    """A nested '!' pattern re-includes it: --fix cannot help, and the message says so."""
    return (f"{path}:1:1: STS901 {path} is not ignored by git; a nested .gitignore "
            "re-includes it with a '!' pattern; remove that line (--fix cannot)")


def msg902(path: str) -> str:
    return (
        f"{path}:1:1: STS902 {path} is tracked by git; run git rm --cached {path} "
        "and rotate every secret in it"
    )


def msg903(path: str) -> str:
    return (
        f"{path}:1:1: STS903 credential file {path} is tracked by git; untrack it, "
        "ignore it and rotate its secrets"
    )


def test_root_app_without_gitignore(repo, run_hook):
    repo.write("app.py", APP)
    repo.add("app.py")
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.lines, result.err) == (1, [msg901(".streamlit/secrets.toml")], "")
    assert not (repo.root / ".gitignore").exists()  # nothing written without --fix


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit as st\nkey = st.secrets['api_key']\n",
        "import os, streamlit\nkey = streamlit.secrets.get('api_key')\n",
        "from streamlit import session_state, secrets\n",
        "from streamlit.components.v1 import html\nimport streamlit as st\nst.secrets\n",
        "def f():\n    import streamlit\n    return streamlit.secrets\n",
    ],
)
def test_root_counts_when_a_tracked_file_reads_st_secrets(repo, run_hook, source):
    repo.write("pkg/page.py", source)
    repo.add("pkg/page.py")
    assert run_hook(main, cwd=repo.root).lines == [msg901(".streamlit/secrets.toml")]


def test_untracked_or_non_streamlit_python_does_not_count(repo, run_hook):
    repo.write("lib.py", "import streamlit_extras  # not streamlit\n# import streamlit\n")
    repo.add("lib.py")
    repo.write("untracked_app.py", APP)
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize("source", [
    "import streamlit as st\nst.title('Public dashboard')\nst.line_chart([1, 2, 3])\n",
    # the word alone, in a comment or a string, is no read
    "import streamlit as st\n# no st.secrets here\nst.write('keep secrets out')\n",
    "import os\nimport streamlit as st\nkey = os.environ['OPENAI_API_KEY']\n",
])
def test_root_app_that_never_reads_secrets_is_clean(repo, run_hook, source):
    """No .streamlit folder and no st.secrets read: nothing to ignore at the root."""
    repo.write("app.py", source)
    repo.write("pages/1_About.py", "import streamlit as st\nst.header('About')\n")
    repo.add("app.py", "pages/1_About.py")
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


def test_empty_repository_is_clean(repo, run_hook):
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize(
    "gitignore",
    [
        ".streamlit/secrets.toml\n",
        ".streamlit/\n",
        "secrets.toml\n",
        "**/secrets.toml\n",
        "/.streamlit\n",
        "*.toml\n",
        "# comment\r\n.streamlit/secrets.toml\r\n",
    ],
)
def test_ignored_root_secrets_is_clean(repo, run_hook, gitignore):
    repo.write("app.py", APP)
    repo.write(".gitignore", gitignore)
    repo.add("app.py", ".gitignore")
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


def test_git_info_exclude_does_not_count(repo, run_hook):
    repo.write("app.py", APP)
    repo.add("app.py")
    exclude = repo.root / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    exclude.write_text(".streamlit/\nsecrets.toml\n")
    assert run_hook(main, cwd=repo.root).lines == [msg901(".streamlit/secrets.toml")]


def test_global_excludes_file_does_not_count(repo, run_hook, isolated_git, tmp_path):
    excludes = tmp_path / "global-ignore"
    excludes.write_text("secrets.toml\n.streamlit/\n")
    isolated_git.write_text(f"[core]\n\texcludesFile = {excludes}\n")
    repo.git("config", "core.excludesFile", str(excludes))  # per-clone config too
    repo.write("app.py", APP)
    repo.add("app.py")
    assert repo.git("check-ignore", ".streamlit/secrets.toml").strip()  # git itself ignores it
    assert run_hook(main, cwd=repo.root).lines == [msg901(".streamlit/secrets.toml")]


def test_every_streamlit_folder_counts(repo, run_hook):
    repo.write(".gitignore", ".streamlit/secrets.toml\n")  # anchored: the root only
    repo.write("app.py", APP)
    repo.write("apps/sales/.streamlit/config.toml", "[server]\n")
    repo.write("apps/hr/.streamlit/secrets.toml", "x = 1\n")  # untracked, on disk
    repo.add(".gitignore", "app.py", "apps/sales/.streamlit/config.toml")
    repo.commit()
    (repo.root / "apps/sales/.streamlit/config.toml").unlink()  # tracked, deleted on disk
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        msg901("apps/hr/.streamlit/secrets.toml"),
        msg901("apps/sales/.streamlit/secrets.toml"),
    ]


def test_nested_gitignore_and_negations_count(repo, run_hook):
    repo.write(".gitignore", "**/secrets.toml\n")
    repo.write("apps/a/.streamlit/config.toml", "")
    repo.write("apps/b/.streamlit/config.toml", "")
    repo.write("apps/b/.gitignore", "!.streamlit/secrets.toml\n")
    repo.write("apps/c/.streamlit/config.toml", "")
    repo.write("apps/c/.gitignore", "!secrets.toml\n.streamlit/\n")  # re-ignored by folder
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [msg901_nested("apps/b/.streamlit/secrets.toml")]


def test_nested_gitignore_can_ignore_its_own_app(repo, run_hook):
    repo.write("apps/a/.streamlit/config.toml", "")
    repo.write("apps/a/.gitignore", ".streamlit/secrets.toml\n")
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out) == (0, "")


def test_fix_creates_gitignore_and_is_idempotent(repo, run_hook):
    repo.write("app.py", APP)
    repo.add("app.py")
    first = run_hook(main, "--fix", cwd=repo.root)
    assert (first.rc, first.lines) == (1, ["Fixing .gitignore"])
    assert repo.read(".gitignore") == ".streamlit/secrets.toml\n"
    second = run_hook(main, "--fix", cwd=repo.root)
    assert (second.rc, second.out) == (0, "")
    assert repo.read(".gitignore") == ".streamlit/secrets.toml\n"
    assert repo.git("check-ignore", ".streamlit/secrets.toml").strip()


def test_fix_appends_keeping_existing_bytes(repo, run_hook):
    repo.write(".gitignore", "# build\r\nnode_modules\r\n*.log")  # CRLF, no final newline
    repo.write("apps/a/.streamlit/config.toml", "")
    repo.write("app.py", APP)
    repo.add("app.py")
    result = run_hook(main, "--fix", cwd=repo.root)
    assert (result.rc, result.lines) == (1, ["Fixing .gitignore"])
    assert repo.read(".gitignore") == (
        "# build\r\nnode_modules\r\n*.log\r\n**/.streamlit/secrets.toml\r\n"
    )
    again = run_hook(main, "--fix", cwd=repo.root)
    assert (again.rc, again.out) == (0, "")


def test_fix_cannot_beat_a_nested_negation(repo, run_hook):
    repo.write("apps/b/.streamlit/config.toml", "")
    repo.write("apps/b/.gitignore", "!.streamlit/secrets.toml\n")
    result = run_hook(main, "--fix", cwd=repo.root)
    assert result.rc == 1
    assert result.lines == ["Fixing .gitignore",
                            msg901_nested("apps/b/.streamlit/secrets.toml")]
    assert repo.read(".gitignore") == "**/.streamlit/secrets.toml\n"
    # a second run appends nothing more: the pattern is there, the negation wins
    again = run_hook(main, "--fix", cwd=repo.root)
    assert (again.rc, again.lines) == (1, [msg901_nested("apps/b/.streamlit/secrets.toml")])
    assert repo.read(".gitignore") == "**/.streamlit/secrets.toml\n"


def test_tracked_and_staged_secrets(repo, run_hook, samples):
    repo.write(".gitignore", ".streamlit/\n")
    repo.write(".streamlit/secrets.toml", f'api_key = "{samples.openai}"\n')
    repo.git("add", "-f", ".streamlit/secrets.toml", ".gitignore")  # staged, no commit yet
    repo.write("config/secrets.toml", "x = 1\n")
    repo.add("config/secrets.toml")
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.lines) == (
        1,
        [msg902(".streamlit/secrets.toml"), msg902("config/secrets.toml")],
    )
    result.assert_hides(samples.openai)


def test_tracked_credential_files(repo, run_hook):
    files = [
        ".env", "deploy/.env.production", "certs/server.pem", "certs/server.key",
        "credentials.json", "gcp/service_account-prod.json", ".env.example",
        "docs/keys.md", "config.json", "id.keystore", "web/.htpasswd", "certs/client.pfx",
    ]
    for name in files:
        repo.write(name, "x")
    for name in (".env", "deploy/.env.production", ".env.example"):  # judged by content
        repo.write(name, "DB_PASSWORD=" + "q8ZrLm2V" + "x9Tp4Kw7Rb\n")
    repo.add(*files)
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        msg903(".env"),
        msg903("certs/client.pfx"),
        msg903("certs/server.key"),
        msg903("certs/server.pem"),
        msg903("credentials.json"),
        msg903("deploy/.env.production"),
        msg903("gcp/service_account-prod.json"),
        msg903("web/.htpasswd"),
    ]


def test_env_files_named_otherwise_and_credentials_inside_urls(repo, run_hook, samples):
    """``env.production`` is an env file; ``example.env`` a template; a password inside
    a URL (``MONGO_URI=mongodb+srv://app:...@host``) and a ``*_PASS`` key are secrets;
    a URL without one is a setting."""
    repo.write("env.production", "SMTP_HOST=smtp.example.org\nSMTP_PASS=" + samples.password
               + "\n")
    repo.write("example.env", "DB_PASSWORD=db-password\nAPI_KEY=api-key\n")
    repo.write(".env_example", "JWT_SECRET=" + samples.password + "\n")  # not a template
    repo.write("deploy/.env", "MONGO_URI=mongodb+srv://app:" + samples.password
               + "@cluster0.example.net/db\n")
    repo.write("settings/.env", "MONGO_URI=mongodb+srv://cluster0.example.net/db\n")
    repo.add("env.production", "example.env", ".env_example", "deploy/.env", "settings/.env")
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert [x for x in result.lines if "STS903" in x] == [
        msg903(".env_example"), msg903("deploy/.env"), msg903("env.production")]
    result.assert_hides(samples.password)


def test_paths_with_spaces_and_non_ascii(repo, run_hook):
    repo.write("apps/données app/.streamlit/config.toml", "")
    repo.write("apps/données app/main.py", APP)
    repo.add("apps/données app/main.py")
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [
        msg901(".streamlit/secrets.toml"),
        msg901("apps/données app/.streamlit/secrets.toml"),
    ]
    fixed = run_hook(main, "--fix", cwd=repo.root)
    assert fixed.lines == ["Fixing .gitignore"]
    assert run_hook(main, cwd=repo.root).rc == 0


def test_symlinked_streamlit_folder_inside_repo(repo, run_hook):
    repo.write("shared/streamlit/config.toml", "")
    os.symlink("shared/streamlit", repo.root / ".streamlit")
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [msg901("shared/streamlit/secrets.toml")]
    fixed = run_hook(main, "--fix", cwd=repo.root)
    assert fixed.lines == ["Fixing .gitignore"]
    assert repo.read(".gitignore") == "/shared/streamlit/secrets.toml\n"
    assert run_hook(main, cwd=repo.root).rc == 0


def test_symlinked_streamlit_folder_outside_repo(repo, run_hook, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo.root / ".streamlit")
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out, result.err) == (0, "", "")


def test_runs_from_a_subfolder_with_root_relative_paths(repo, run_hook):
    repo.write("app.py", APP)
    repo.add("app.py")
    sub = repo.root / "src" / "deep"
    sub.mkdir(parents=True)
    assert run_hook(main, cwd=sub).lines == [msg901(".streamlit/secrets.toml")]


def test_heavy_folders_are_skipped(repo, run_hook):
    repo.write("node_modules/pkg/.streamlit/config.toml", "")
    repo.write(".venv/lib/.streamlit/config.toml", "")
    repo.write("myenv/pyvenv.cfg", "home = /usr\n")
    repo.write("myenv/lib/.streamlit/config.toml", "")
    result = run_hook(main, cwd=repo.root)
    assert (result.rc, result.out) == (0, "")


def test_not_a_git_repository(tmp_path, run_hook):
    result = run_hook(main, cwd=tmp_path)
    assert result.rc == 2
    assert result.out == ""
    assert result.err == (
        "check-streamlit-gitignore: error: not inside a git repository "
        "(run it from a git work tree)\n"
    )


def test_bad_arguments(repo, run_hook):
    result = run_hook(main, "--frobnicate", cwd=repo.root)
    assert result.rc == 2
    assert result.out == ""
    assert result.err == (
        "check-streamlit-gitignore: error: unrecognized arguments: --frobnicate\n"
    )


def test_console_script(repo, run_script):
    repo.write("app.py", APP)
    repo.add("app.py")
    result = run_script("check-streamlit-gitignore", cwd=repo.root)
    assert (result.rc, result.lines, result.err) == (1, [msg901(".streamlit/secrets.toml")], "")
    fixed = run_script("check-streamlit-gitignore", "--fix", cwd=repo.root)
    assert (fixed.rc, fixed.out) == (1, "Fixing .gitignore\n")
    clean = run_script("check-streamlit-gitignore", cwd=repo.root)
    assert (clean.rc, clean.out, clean.err) == (0, "", "")


def test_a_pem_file_of_certificates_only_is_public(repo, run_hook):
    """A tracked certificate (or CA bundle) holds nothing to rotate; a ``.pem`` with a
    private key block beside it does."""
    begin, end = "-----BEGIN {}-----\n", "-----END {}-----\n"
    cert = begin.format("CERTIFICATE") + "MIIBszCCAVmgAwIBAgIU\n" + end.format("CERTIFICATE")
    key_block = "PRIVATE" + " KEY"
    repo.write("certs/cert.pem", cert + cert)
    repo.write("certs/bundle.pem", cert + begin.format(key_block) + "MIIEvQIBADANBgkq\n"
               + end.format(key_block))
    repo.add("certs/cert.pem", "certs/bundle.pem")
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [msg903("certs/bundle.pem")]


def test_an_empty_key_file_holds_nothing_to_rotate(repo, run_hook):
    """A committed, empty ``server.key`` (a placeholder for a path the app
    expects) is no credential, nor is one of blank lines; one holding a key is."""
    key_block = "PRIVATE" + " KEY"
    repo.write("tls/server.key", "")
    repo.write("tls/blank.key", "\n  \n")
    repo.write("saml/sp.key", f"-----BEGIN {key_block}-----\nMIIEvQIBADANBgkq\n")
    repo.add("tls", "saml")
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [msg903("saml/sp.key")]


def test_a_key_file_named_for_public_material_is_no_credential(repo, run_hook):
    """A PBKDF2 salt (``.secure/salt.key``) and a public key (``jwt_public.pem``) are
    public by design; a key file whose name only starts like one is still reported."""
    repo.write(".secure/salt.key", os.urandom(16).hex())
    repo.write("keys/jwt_public.pem", "-----BEGIN PUBLIC" + " KEY-----\nMIIBIjAN\n")
    repo.write("keys/saltine.key", os.urandom(16).hex())
    repo.add(".secure", "keys")
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [msg903("keys/saltine.key")]


def test_a_renamed_service_account_key_is_found_by_what_it_holds(repo, run_hook):
    """A Firebase or Google Cloud key download renamed (``shop-firebase.json``,
    ``gcp-sa.json``) is reported when it holds a private key; Firebase's hosting
    configuration (``firebase.json``) and other JSON are not."""
    block = "-----BEGIN PRIVATE" + " KEY-----\\n" + os.urandom(24).hex() + "\\n"
    key_json = '{"type": "service_account", "project_id": "shop", "private_key": "%s"}\n'
    repo.write("config/shop-firebase.json", key_json % block)
    repo.write("gcp-sa.json", key_json % block)
    repo.write("firebase.json", '{"hosting": {"public": "dist"}}\n')
    repo.write("config/keys.json", '{"shortcuts": {"save": "ctrl+s"}}\n')
    repo.add("config", "gcp-sa.json", "firebase.json")
    repo.commit()
    result = run_hook(main, cwd=repo.root)
    assert result.lines == [msg903("config/shop-firebase.json"), msg903("gcp-sa.json")]
