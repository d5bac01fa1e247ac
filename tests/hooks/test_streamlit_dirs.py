"""Finding ``.streamlit`` folders from git's listing equals walking the tree.

The hooks ask ``git ls-files --cached --others --directory`` (run on another core
while they start) instead of walking the work tree in Python; only the folders git
did not look into are walked.  These tests build real repositories and compare the
two answers, on chosen layouts and on generated ones.
"""
from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streamlit_security_hooks._common import (
    RepoStart,
    _LS_EVERYTHING,
    find_streamlit_dirs,
    streamlit_dirs_in_listing,
)


def from_git(root: Path) -> list[str]:
    listing = subprocess.run(["git", *_LS_EVERYTHING], cwd=root, capture_output=True,
                             check=True).stdout
    return streamlit_dirs_in_listing(str(root), listing)


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
    assert sorted(rels(r.root, find_streamlit_dirs(r.root))) == expected
    assert rels(r.root, from_git(r.root)) == expected


def test_submodules_are_walked(repo, new_repo) -> None:
    sub = new_repo("sub-origin")
    sub.write("app.py", "import streamlit as st\n")
    sub.add("app.py")
    sub.commit()
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
             str(sub.root), "libs/sub")
    repo.write("libs/sub/.streamlit/secrets.toml", "x = 1\n")  # untracked in the submodule
    assert rels(repo.root, from_git(repo.root)) == ["libs/sub/.streamlit"]
    assert rels(repo.root, find_streamlit_dirs(repo.root)) == ["libs/sub/.streamlit"]


def test_repo_start_lists_from_a_subfolder_without_walking(repo, monkeypatch) -> None:
    """Started in a subfolder, RepoStart asks git again at the root and finds the
    folders of the whole repository from its listing, walking nothing."""
    from streamlit_security_hooks import _common

    repo.write("a/.streamlit/config.toml")
    repo.write("b/c/.streamlit/config.toml")
    repo.add("a", "b")

    def no_walk(_top: object) -> list[str]:
        raise AssertionError("walked the tree")

    monkeypatch.setattr(_common, "find_streamlit_dirs", no_walk)
    start = RepoStart(cwd=str(repo.root / "b"))
    try:
        root = start.root
        assert root is not None
        assert rels(repo.root, start.streamlit_dirs(root)) == ["a/.streamlit", "b/c/.streamlit"]
        assert sorted(start.tracked()) == ["a/.streamlit/config.toml", "b/c/.streamlit/config.toml"]
    finally:
        start.close()


def test_tracked_paths_found_in_the_listing_agree_with_the_full_list(repo) -> None:
    """``tracked_with`` and ``is_tracked`` search git's listing without decoding
    it: the same answers as the decoded list of tracked paths."""
    names = ["a/.streamlit/secrets.toml", "ba/.streamlit/secrets.toml", "x/Secrets.TOML",
             "dir with space/s.toml.example", "caf\u00e9/.streamlit/secrets.toml",
             "? odd/secrets.toml", "H tagged.toml", "notes.txt", "toml", "deep/a/b.toml"]
    for name in names:
        repo.write(name, "x = 1\n")
    repo.add(*[n for n in names if not n.startswith(("ba/", "deep/"))])
    repo.write("untracked/secrets.toml", "x = 1\n")
    start = RepoStart(cwd=str(repo.root))
    try:
        assert start.root is not None
        tracked = set(start.tracked())
        assert start.tracked_with((".toml",)) == {p for p in tracked if ".toml" in p.lower()}
        for name in [*names, "untracked/secrets.toml", "untracked/", "a", "a/.streamlit"]:
            assert start.is_tracked(name) is (name in tracked), name
    finally:
        start.close()


_COUNT = itertools.count()
_NAMES = st.sampled_from(["a", "b", ".streamlit", "pages", "node_modules", "x.streamlit"])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tree=st.lists(
        st.tuples(
            st.lists(_NAMES, min_size=0, max_size=4),
            st.sampled_from(["config.toml", "secrets.toml", "app.py", "pyvenv.cfg", None]),
            st.sampled_from(["tracked", "untracked", "ignored"]),
        ),
        max_size=12,
    )
)
def test_generated_trees(new_repo, tree) -> None:
    repo = new_repo(f"gen{next(_COUNT)}")
    ignores, tracked, made = [], [], set()
    for folders, name, state in tree:
        folder = repo.root.joinpath(*folders)
        if folder.is_file():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        if name is None:
            continue
        rel = "/".join([*folders, name])
        if rel in made or (repo.root / rel).is_dir():
            continue
        made.add(rel)
        repo.write(rel, "x = 1\n")
        if state == "tracked":
            tracked.append(rel)
        elif state == "ignored":
            ignores.append("/" + rel)
    repo.write(".gitignore", "\n".join(ignores) + "\n")
    if tracked:
        repo.add(*tracked)
    assert sorted(from_git(repo.root)) == sorted(find_streamlit_dirs(repo.root))
