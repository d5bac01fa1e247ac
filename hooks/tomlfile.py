"""TOML files: read, parse, and find where a key is.

:func:`load` is the one way both TOML hooks read a file: a file that cannot
be read or is not valid TOML 1.0 (what Streamlit accepts, checked with the
standard library's ``tomllib``) is an STS910 finding.  ``tomlkit`` is used to
report a syntax error (its diagnosis reads better) and, for ``--fix``, to keep
the file's layout; it is imported only then.
"""
from __future__ import annotations

import re
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from its backport
    import tomli as tomllib

from flake8_streamlit_security.findings import Finding

from .files import FileProblem, read_text_bom

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument

KeyPath = tuple[str, ...]


class InvalidToml(FileProblem):
    """The text is not valid TOML 1.0 (the message quotes none of it)."""


class TomlFile:
    """A TOML file's text and values (and, for --fix, its tomlkit document;
    ``bom``: the file starts with a BOM, which --fix keeps)."""

    def __init__(
        self, text: str, values: dict[str, Any], document: TOMLDocument | None = None,
        bom: bool = False,
    ) -> None:
        self.text = text
        self.values = values
        self.document = document
        self.bom = bom

    @cached_property
    def index(self) -> KeyIndex:
        """Where each key is (built only when a finding needs a position)."""
        return KeyIndex(self.text)


def load(path: str, *, keep_layout: bool = False) -> TomlFile | Finding:
    """The file at ``path`` parsed, or an STS910 finding saying why it cannot be.

    ``keep_layout``: parse with tomlkit too (for --fix), and take its values.
    """
    try:
        text, bom = read_text_bom(path)
        if keep_layout:
            document = parse_document(text)
            return TomlFile(text, plain(document), document, bom)
        return TomlFile(text, parse(text), bom=bom)
    except FileProblem as exc:
        return Finding(exc.line, exc.col, "STS910", {"error": exc.problem})


# Deeper than any settings file: a key of more parts, or values nested deeper,
# is reported (STS910) before a parser spends minutes on it (tomllib is quadratic
# in a dotted key's parts) or a walk over the values exhausts the stack.
MAX_DEPTH = 32
# (A run is tried only where one starts, not inside one: linear in the text.)
_LONG_KEY = re.compile(
    r"""(?<![\w"'.-])(?:(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*\.[ \t]*){%d}"""
    % MAX_DEPTH)


def _check_depth(text: str) -> None:
    """InvalidToml when a key has more than MAX_DEPTH parts (checked on the text)."""
    if text.count(".") >= MAX_DEPTH:
        found = _LONG_KEY.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            col = found.start() - (text.rfind("\n", 0, found.start()) + 1)
            raise InvalidToml(f"a key of more than {MAX_DEPTH} parts", line, col)


def _check_nesting(values: dict[str, Any]) -> dict[str, Any]:
    """``values``; InvalidToml when tables or arrays nest deeper than MAX_DEPTH."""
    stack: list[tuple[Any, int]] = [(values, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidToml(f"nested more than {MAX_DEPTH} levels deep")
        items = value.values() if isinstance(value, dict) else value
        stack.extend((item, depth + 1) for item in items if isinstance(item, (dict, list)))
    return values


def parse(text: str) -> dict[str, Any]:
    """The document as plain Python values; InvalidToml (with tomlkit's
    diagnosis where it has one) when ``tomllib`` rejects it."""
    _check_depth(text)
    try:
        return _check_nesting(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, RecursionError):
        pass
    return plain(parse_document(text))  # raises InvalidToml


def parse_document(text: str) -> TOMLDocument:
    """Parse with tomlkit (keeps layout for --fix), then confirm with tomllib:
    tomlkit accepts a few documents that TOML 1.0 (and so Streamlit) rejects."""
    import tomlkit
    import tomlkit.exceptions

    _check_depth(text)
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise InvalidToml(_clean_error(str(exc)), max(exc.line, 1), max(exc.col, 0)) from None
    except RecursionError:
        raise InvalidToml("nested too deeply") from None
    except Exception as exc:  # tomlkit raises a few non-ParseError errors
        raise InvalidToml(_clean_error(str(exc)) or type(exc).__name__) from None
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, col = (int(found.group(1)), int(found.group(2)) - 1) if found else (1, 0)
        raise InvalidToml(_clean_error(str(exc)), line, max(col, 0)) from None
    except RecursionError:
        raise InvalidToml("nested too deeply") from None
    _check_nesting(plain(document))
    return document


def plain(document: TOMLDocument) -> dict[str, Any]:
    """A tomlkit document as plain Python values (dict, list, str, bool, int ...)."""
    value = document.unwrap()
    return value if isinstance(value, dict) else {}


_AT_POSITION = re.compile(r"\s*\(?at line (\d+),? col(?:umn)? (\d+)\)?\.?\s*$")
_QUOTED = re.compile(r"""(['"])(?:(?!\1).){4,}\1|: *(['"]).*?\2""")


def _clean_error(message: str) -> str:
    """An error message without positions or quoted file content."""
    message = _QUOTED.sub("", _AT_POSITION.sub("", message))
    return " ".join(message.split()).rstrip(".:") or "syntax error"


_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY_PATH = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_KEY_RE = re.compile(_KEY)
_HEADER = re.compile(rf"^[ \t]*\[\[?[ \t]*({_KEY_PATH})[ \t]*\]\]?")
_ASSIGN = re.compile(rf"^([ \t]*)({_KEY_PATH})[ \t]*=[ \t]*(.*)$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _split_key_path(text: str) -> KeyPath:
    parts = []
    for m in _KEY_RE.finditer(text):
        part = m.group(0)
        if part[:1] in "\"'":
            try:
                part = next(iter(tomllib.loads(f"{part} = 0")))
            except (tomllib.TOMLDecodeError, StopIteration):
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class KeyIndex:
    """Where each key and table of a TOML text is (line 1-based, col 0-based).

    The parsers keep no positions, so this reads the lines itself: table
    headers, ``key = value`` lines (dotted keys included), skipping multi-line
    strings.  Keys inside inline tables or arrays resolve to the line of their
    parent.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.where: dict[KeyPath, tuple[int, int]] = {}
        table: KeyPath = ()
        in_string: str | None = None
        for number, line in enumerate(self.lines, start=1):
            if in_string is not None:
                if in_string in line:
                    in_string = None
                continue
            header = _HEADER.match(line)
            if header:
                table = _split_key_path(header.group(1))
                self.where.setdefault(table, (number, len(line) - len(line.lstrip())))
                continue
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            path = table + _split_key_path(assign.group(2))
            self.where.setdefault(path, (number, len(assign.group(1))))
            rest = assign.group(3)
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and rest.count(quote) == 1:
                    in_string = quote

    def locate(self, path: KeyPath) -> tuple[int, int]:
        """Where ``path`` (or the nearest table holding it) is; (1, 0) if unknown."""
        for end in range(len(path), 0, -1):
            found = self.where.get(path[:end])
            if found:
                return found
        return 1, 0

    def line_text(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""


def leaves(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every non-table value of a plain TOML document with its key path.

    Items of arrays get their array's path (tables inside arrays are walked).
    """
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (str(key),))
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    else:
        yield path, value


def dotted(path: KeyPath) -> str:
    """A key path as TOML writes it (``auth.google.client_id``)."""
    return ".".join(p if _BARE_KEY.fullmatch(p) else f'"{p}"' for p in path)
