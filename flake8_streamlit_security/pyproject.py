"""``[tool.flake8-streamlit-security]`` in ``pyproject.toml``: the command's settings
where projects that use Ruff, uv or Poetry keep theirs.

The command reads the nearest ``pyproject.toml`` holding the table (searching from
the working directory up, as flake8 searches for its own files) and turns each key
into the flake8 argument of the same name, placed *before* the command line's own
arguments.  So for each key the command line wins over ``pyproject.toml``, which
wins over ``setup.cfg``/``tox.ini``/``.flake8`` (flake8's command-line arguments
replace config-file values).  Relative paths are relative to the ``pyproject.toml``.
An unknown key, a value of the wrong type or a file that is not TOML is a
:class:`ConfigError`: one line, never silence.

It parses with ``tomllib`` (``tomli`` on Python 3.10) itself rather than through the
hooks' ``tomlfile``: this package does not import the hooks package (the dependency
runs the other way), and settings need none of tomlfile's key positions or layout.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from typing import Any

# flake8 is annotated but ships no py.typed marker.
from flake8.exceptions import ExecutionError  # type: ignore[import-untyped, unused-ignore]
from flake8.utils import (  # type: ignore[import-untyped, unused-ignore]
    parse_files_to_codes_mapping,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from its backport
    import tomli as tomllib

FILE = "pyproject.toml"
TOOL = "flake8-streamlit-security"
TABLE = f"[tool.{TOOL}]"

# Keys holding a list of words (codes, names): TOML list or comma-separated string.
PLUGIN_OPTIONS = ("streamlit-sanitizers", "streamlit-secret-names", "streamlit-sql-sinks",
                  "streamlit-validators")
# Keys holding true or false.
FLAGS = ("streamlit-strict-tests",)
CODE_LISTS = ("extend-select", "extend-ignore")
PATH_LISTS = ("exclude", "extend-exclude")
PER_FILE = "per-file-ignores"
BASELINE = "baseline"
KEYS = (*PLUGIN_OPTIONS, *FLAGS, *CODE_LISTS, *PATH_LISTS, PER_FILE, BASELINE)


class ConfigError(Exception):
    """The table cannot be used (the message is one line, naming the file)."""


class Settings:
    """What the table says: flake8 arguments, and the baseline file (absolute)."""

    def __init__(self, path: str | None = None, args: list[str] | None = None,
                 baseline: str | None = None) -> None:
        self.path = path
        self.args = args or []
        self.baseline = baseline


def candidates(start: str) -> Iterator[str]:
    """``pyproject.toml`` in ``start`` and in every folder above it."""
    folder = os.path.abspath(start)
    while True:
        yield os.path.join(folder, FILE)
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def _read(path: str) -> str | None:
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise ConfigError(f"{path}: cannot read it ({reason})") from None


def load(start: str = os.curdir) -> Settings:
    """The settings of the nearest ``pyproject.toml`` holding the table (empty when
    there is none)."""
    for path in candidates(start):
        text = _read(path)
        if text is None or TOOL not in text:  # no need to parse: cannot hold the table
            continue
        try:
            document = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as error:
            raise ConfigError(f"{path}: not valid TOML ({error})") from None
        table = document.get("tool", {}).get(TOOL) if isinstance(
            document.get("tool"), dict) else None
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {TABLE} must be a table")
        return settings(table, path)
    return Settings()


def settings(table: Mapping[str, Any], path: str) -> Settings:
    """The flake8 arguments and baseline of one table read from ``path``."""
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        import difflib  # only for the error message

        key = unknown[0]
        close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ConfigError(f"{path}: unknown key {key!r} in {TABLE}; {hint}"
                          f"known keys: {', '.join(KEYS)}")
    folder = os.path.dirname(os.path.abspath(path))
    args: list[str] = []
    baseline = None
    for key, value in table.items():
        where = f"{path}: {key} in {TABLE}"
        if key == BASELINE:
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where} must be a file name (a string)")
            baseline = os.path.normpath(os.path.join(folder, value))
        elif key == PER_FILE:
            args.append(f"--{key}={per_file_ignores(value, folder, where)}")
        elif key in FLAGS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false")
            if value:
                args.append(f"--{key}")
        else:
            items = words(value, where)
            if key in PATH_LISTS:
                items = [relative_to(item, folder) for item in items]
            args.append(f"--{key}={','.join(items)}")
    return Settings(path, args, baseline)


def words(value: Any, where: str) -> list[str]:
    """A TOML list of strings, or one comma-separated string, as a list of words."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise ConfigError(f"{where} must be a list of strings")
    return [item.strip() for item in items if item.strip()]


def relative_to(pattern: str, folder: str) -> str:
    """A path pattern as flake8 reads one from a config file: a pattern with a
    ``/`` is relative to the config file's folder, a bare name matches anywhere."""
    if pattern == "." or "/" in pattern or os.sep in pattern:
        return os.path.normpath(os.path.join(folder, pattern))
    return pattern


def per_file_ignores(value: Any, folder: str, where: str) -> str:
    """``per-file-ignores`` as flake8's option value: from a table of pattern ->
    codes (``"tests/*" = ["STS101"]``) or flake8's own string form."""
    if isinstance(value, str):  # flake8's own form: "tests/*:STS101 app.py:STS402"
        try:
            value = {pattern: codes for pattern, codes in parse_files_to_codes_mapping(value)}
        except ExecutionError as error:
            raise ConfigError(f"{where}: {str(error).splitlines()[0]}") from None
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of file pattern = list of codes")
    pairs = []
    for pattern, codes in value.items():
        if "," in pattern or ":" in pattern or not pattern.strip():
            raise ConfigError(f"{where}: a file pattern cannot hold ',' or ':' ({pattern!r})")
        pairs.append(f"{relative_to(pattern.strip(), folder)}:"
                     f"{','.join(words(codes, f'{where}, {pattern!r}'))}")
    return " ".join(pairs)
