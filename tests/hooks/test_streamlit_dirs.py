"""Which ``.streamlit`` folders the hooks find, and which files git calls tracked.

The hooks walk the work tree (tracked, untracked and ignored folders alike) but
never into heavy folders, virtualenvs or symlinked folders; these tests build
real repositories and check the answers.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from streamlit_security_hooks.check_secrets import main as check_secrets
from streamlit_security_hooks.git import read_index
from streamlit_security_hooks.streamlit_dirs import find_streamlit_dirs


def rels(root: Path, found: list[str]) -> list[str]:
    return [os.path.relpath(path, root).replace(os.sep, "/") for path in found]


def test_chosen_layouts(repo) -> None:
    r = repo
    r.write(".gitignore", "secrets.toml\nignored-dir/\n")
    r.write(".streamlit/config.toml")  # tracked folder
    r.write("apps/a/.streamlit/secrets.toml", "x = 1\n")  # folder with only an ignored file
    r.write("apps/b/.streamlit/config.toml")  # untracked folder, untracked file
    (r.root / "apps/c/.streamlit").mkdir(parents=True)  # empty folder
    r.write("new-app/deep/er/.streamlit/config.toml")  # inside a folder git collapses
    r.write("ignored-dir/app/.streamlit/secrets.toml")  # inside an ignored folder
    r.write("node_modules/pkg/.streamlit/config.toml")  # heavy folder: never looked at
    r.write("env/pyvenv.cfg")  # an untracked virtualenv under another name
    r.write("env/lib/.streamlit/config.toml")
    r.write("tracked-env/pyvenv.cfg")  # a virtualenv someone committed
    r.write("tracked-env/.streamlit/config.toml")
    r.write("my.streamlit-app/.streamlit/config.toml")  # a name holding ".streamlit"
    r.write("tools/.streamlit.bak/config.toml")  # not a .streamlit folder
    r.write("gone/.streamlit/config.toml")  # tracked, then deleted from disk
    r.write("real/.streamlit/config.toml")
    os.symlink("real/.streamlit", r.root / "linked-streamlit-holder", target_is_directory=True)
    (r.root / "linked").mkdir()
    os.symlink("../real/.streamlit", r.root / "linked/.streamlit", target_is_directory=True)
    r.write("nested-repo/.streamlit/config.toml")  # an untracked repository inside
    subprocess.run(["git", "init", "-q", str(r.root / "nested-repo")], check=True)
    r.add(".gitignore", ".streamlit/config.toml", "gone", "real", "tools", "tracked-env",
          "my.streamlit-app", "linked/.streamlit")
    (r.root / "gone/.streamlit/config.toml").unlink()
    (r.root / "gone/.streamlit").rmdir()

    expected = [
        ".streamlit", "apps/a/.streamlit", "apps/b/.streamlit", "apps/c/.streamlit",
        "ignored-dir/app/.streamlit", "linked/.streamlit", "my.streamlit-app/.streamlit",
        "nested-repo/.streamlit", "new-app/deep/er/.streamlit", "real/.streamlit",
    ]
    assert sorted(rels(r.root, find_streamlit_dirs(str(r.root)))) == expected


def test_submodules_are_walked(repo, new_repo) -> None:
    sub = new_repo("sub-origin")
    sub.write("app.py", "import streamlit as st\n")
    sub.add("app.py")
    sub.commit()
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
             str(sub.root), "libs/sub")
    repo.write("libs/sub/.streamlit/secrets.toml", "x = 1\n")  # untracked in the submodule
    assert rels(repo.root, find_streamlit_dirs(str(repo.root))) == ["libs/sub/.streamlit"]


def test_a_hook_run_from_a_subfolder_reads_the_whole_repository(repo, run_hook) -> None:
    repo.write("a/.streamlit/secrets.toml", 'password = "changeme"\n')
    repo.write("b/c/.streamlit/secrets.toml", 'token = "changeme"\n')
    repo.add("a", "b")
    result = run_hook(check_secrets, cwd=repo.root / "b")
    assert [line.split(":")[0] for line in result.lines] == [
        "a/.streamlit/secrets.toml", "b/c/.streamlit/secrets.toml"
    ]


def test_tracked_files(repo) -> None:
    """Tracked and staged paths, relative to the root, whatever their names."""
    names = ["a/.streamlit/secrets.toml", "x/Secrets.TOML", "dir with space/s.toml.example",
             "caf\u00e9/.streamlit/secrets.toml", "? odd/secrets.toml", "H tagged.toml",
             "notes.txt"]
    for name in names:
        repo.write(name, "x = 1\n")
    repo.add(*names[:4])
    repo.commit()
    repo.add(*names[4:])  # staged only
    repo.write("untracked/secrets.toml", "x = 1\n")
    (repo.root / "notes.txt").unlink()  # tracked, deleted on disk
    assert read_index(str(repo.root)) == (sorted(names), [])


def test_the_index_lists_the_files_of_checked_out_submodules(repo, new_repo) -> None:
    """A submodule's own files are tracked paths of the repository; nested
    submodules are listed too, and a submodule not checked out is one path."""
    inner = new_repo("inner-origin")
    inner.write("deep.py", "x = 1\n")
    inner.add("deep.py")
    inner.commit()
    sub = new_repo("sub-origin")
    sub.write("app.py", "import streamlit as st\n")
    sub.add("app.py")
    sub.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root),
            "vendor/inner")
    sub.commit()
    repo.write("main.py", "x = 1\n")
    repo.add("main.py")
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub.root),
             "libs/sub")
    repo.git("-c", "protocol.file.allow=always", "submodule", "update", "--init", "-q",
             "--recursive")
    repo.commit()
    tracked, submodules = read_index(str(repo.root))
    assert submodules == ["libs/sub", "libs/sub/vendor/inner"]
    assert tracked == [".gitmodules", "libs/sub/.gitmodules", "libs/sub/app.py",
                       "libs/sub/vendor/inner/deep.py", "main.py"]
    repo.git("submodule", "deinit", "-q", "-f", "libs/sub")
    assert read_index(str(repo.root)) == ([".gitmodules", "libs/sub", "main.py"], [])
