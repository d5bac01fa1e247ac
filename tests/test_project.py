"""project.Project: an import of the linted file resolved to the app's own modules,
the way ``streamlit run`` finds them, and never to anyone else's code."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from flake8_streamlit_security import project
from flake8_streamlit_security.project import Project


def _tree(root: Path, files: dict[str, str | bytes]) -> None:
    (root / ".git").mkdir()
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def _found(p: Project, dotted: str, **kw: object) -> str | None:
    module = p.resolve(dotted, **kw)  # type: ignore[arg-type]
    return None if module is None else os.path.relpath(module.path, p.root)


def test_a_page_imports_from_the_main_scripts_folder(tmp_path: Path) -> None:
    _tree(tmp_path, {"app.py": "", "ui.py": "X = 1\n", "pages/1_Report.py": "",
                     "services/__init__.py": "", "services/llm.py": "",
                     "utils/format_code.py": ""})  # utils/ has no __init__.py
    page = Project(str(tmp_path / "pages" / "1_Report.py"))
    assert _found(page, "ui") == "ui.py"
    assert _found(page, "services") == os.path.join("services", "__init__.py")
    assert _found(page, "services.llm") == os.path.join("services", "llm.py")
    assert _found(page, "utils.format_code") == os.path.join("utils", "format_code.py")
    assert page.resolve("ui").tree.body  # type: ignore[union-attr]


def test_the_nearest_folder_wins(tmp_path: Path) -> None:
    _tree(tmp_path, {"app.py": "", "db.py": "", "pages/db.py": "", "pages/p.py": ""})
    assert _found(Project(str(tmp_path / "pages" / "p.py")), "db") == os.path.join(
        "pages", "db.py")


def test_relative_imports_inside_a_package(tmp_path: Path) -> None:
    _tree(tmp_path, {"services/__init__.py": "", "services/llm.py": "",
                     "services/db.py": "", "shared.py": ""})
    p = Project(str(tmp_path / "app.py"))
    importer = str(tmp_path / "services" / "llm.py")
    assert _found(p, "db", level=1, importer=importer) == os.path.join("services", "db.py")
    assert _found(p, "", level=1, importer=importer) == os.path.join(
        "services", "__init__.py")
    assert _found(p, "shared", level=2, importer=importer) == "shared.py"


@pytest.mark.parametrize("layout", [
    {"venv/lib/python3.11/site-packages/ui.py": "", "app.py": ""},
    {"node_modules/ui.py": ""},
])
def test_vendored_code_is_never_followed(tmp_path: Path, layout: dict[str, str]) -> None:
    _tree(tmp_path, layout)
    p = Project(str(tmp_path / "app.py"))
    assert p.resolve("venv.lib") is None
    assert p.resolve("node_modules.ui") is None


def test_a_folder_holding_pyvenv_cfg_is_vendored(tmp_path: Path) -> None:
    _tree(tmp_path, {"pyenv311/pyvenv.cfg": "home = /usr\n", "pyenv311/ui.py": ""})
    assert Project(str(tmp_path / "app.py")).resolve("pyenv311.ui") is None


def test_streamlit_and_missing_modules_resolve_to_nothing(tmp_path: Path) -> None:
    _tree(tmp_path, {"streamlit.py": "", "app.py": ""})
    p = Project(str(tmp_path / "app.py"))
    assert p.resolve("streamlit") is None
    assert p.resolve("nowhere") is None
    assert p.resolve("app") is None  # the linted file itself comes from flake8's tree


def test_files_outside_the_root_are_not_first_party(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "ui.py").write_text("X = 1\n")
    app = tmp_path / "app"
    app.mkdir()
    _tree(app, {"app.py": ""})
    (app / "ui.py").symlink_to(outside / "ui.py")
    assert Project(str(app / "app.py")).resolve("ui") is None


@pytest.mark.parametrize("content", [
    "def broken(:\n",
    b"\xff\xfe not utf-8 \xff\n",
    "x = 1\n" + "# padding\n" * 200_000,
])
def test_unreadable_modules_resolve_to_nothing(tmp_path: Path, content: str | bytes) -> None:
    _tree(tmp_path, {"ui.py": content})
    assert Project(str(tmp_path / "app.py")).resolve("ui") is None


def test_a_declared_encoding_is_honoured(tmp_path: Path) -> None:
    _tree(tmp_path, {"ui.py": "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n".encode("latin-1")})
    module = Project(str(tmp_path / "app.py")).resolve("ui")
    assert module is not None and len(module.tree.body) == 1


def test_a_changed_module_is_read_again(tmp_path: Path) -> None:
    _tree(tmp_path, {"ui.py": "A = 1\n"})
    p = Project(str(tmp_path / "app.py"))
    first = p.resolve("ui")
    assert first is not None and p.resolve("ui").tree is first.tree  # type: ignore[union-attr]
    path = tmp_path / "ui.py"
    path.write_text("A = 1\nB = 2\n")
    os.utime(path, ns=(1, 10**18))
    again = p.resolve("ui")
    assert again is not None and len(again.tree.body) == 2
    assert str(path) in project._PARSED


def test_no_filename_resolves_nothing() -> None:
    assert Project("").resolve("ui") is None
