"""A baseline: the findings an existing app already has, so a check can fail on new ones.

``flake8-streamlit-security baseline`` writes one entry per reported finding: its
path (POSIX, relative to the baseline file's folder, so the file works from any
working directory and on any machine), its code and a fingerprint;
``--baseline FILE`` then hides the findings the file holds.  The fingerprint
survives lines moving: it hashes the code, the name of the enclosing function or
class (``Page.render``; empty at module level) and the reported line's text,
normalised -- string literals emptied (the value of a literal is not its identity,
and a hash of a short password could be guessed back), comments and all whitespace
dropped.  The file holds only paths, codes and hashes: never a source line, a
message or a secret.  Identical entries are counted: two findings with the same
fingerprint in one file need two entries.
"""
from __future__ import annotations

import ast
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from flake8_streamlit_security.findings import redact

DEFAULT_FILE = ".streamlit-security-baseline.json"
FORMAT = "flake8-streamlit-security baseline"
VERSION = 1

Key = tuple[str, str, str]  # path, code, fingerprint

_STRING = re.compile(r"""(?P<q>'''|\"\"\"|'|")(?:\\.|(?!(?P=q)).)*(?P=q)""")
_SPACE = re.compile(r"\s+")


class BaselineError(Exception):
    """The baseline file cannot be used (one line, naming the file)."""


def normalise(line: str) -> str:
    """The reported line's text as the fingerprint reads it: string literals
    emptied, a trailing comment and every space dropped."""
    text = _STRING.sub(lambda m: m.group("q") * 2, line)
    text = text.split("#", 1)[0]
    return _SPACE.sub("", text)


def fingerprint(code: str, scope: str, line: str) -> str:
    import hashlib  # ~5 ms to import: only runs with a baseline, not on every lint

    data = "\0".join((code, scope, normalise(line))).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


class Scopes:
    """Which function or class each line of a file is in (innermost, dotted)."""

    def __init__(self, source: str) -> None:
        self.spans: list[tuple[int, int, str]] = []
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return
        self._walk(tree, "")
        # innermost last: a later start wins among the spans holding a line
        self.spans.sort()

    def _walk(self, node: ast.AST, prefix: str) -> None:
        stack = [(node, prefix)]
        while stack:
            current, outer = stack.pop()
            for child in ast.iter_child_nodes(current):
                inner = outer
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    inner = f"{outer}.{child.name}" if outer else child.name
                    end = child.end_lineno or child.lineno
                    self.spans.append((child.lineno, end, inner))
                stack.append((child, inner))

    def at(self, line: int) -> str:
        found = ""
        for start, end, name in self.spans:
            if start > line:
                break
            if line <= end:
                found = name
        return found


class SourceFile:
    """A linted file's lines and scopes, read once when a finding needs them."""

    def __init__(self, filename: str) -> None:
        try:
            with open(filename, "rb") as handle:
                data = handle.read()
            source = data.decode("utf-8", "surrogateescape")
        except (OSError, ValueError):
            source = ""
        self.lines = source.splitlines()
        self.scopes = Scopes(source) if source else Scopes("")

    def line(self, number: int) -> str | None:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else None


class Fingerprinter:
    """Keys of findings, relative to the baseline file's folder."""

    def __init__(self, baseline_file: str) -> None:
        self.root = os.path.dirname(os.path.abspath(baseline_file))
        self._files: dict[str, SourceFile] = {}

    def path(self, filename: str) -> str:
        absolute = os.path.abspath(filename)
        try:
            relative = os.path.relpath(absolute, self.root)
        except ValueError:  # another drive on Windows
            relative = absolute
        return redact(PurePath(relative).as_posix())

    def key(self, filename: str, code: str, line_number: int,
            physical_line: str | None = None) -> Key:
        source = self._files.get(filename)
        if source is None:
            source = self._files[filename] = SourceFile(filename)
        text = source.line(line_number)
        if text is None:  # stdin, or a file gone since: flake8's copy of the line
            text = (physical_line or "").splitlines()[0] if physical_line else ""
        return (self.path(filename), code,
                fingerprint(code, source.scopes.at(line_number), text))


class Baseline:
    """The entries of a baseline file, consumed as findings match them."""

    def __init__(self, file: str, entries: Iterable[Key] = ()) -> None:
        self.file = file
        self.entries: Counter[Key] = Counter(entries)
        self.remaining = self.entries.copy()
        self.hidden = 0

    def match(self, key: Key) -> bool:
        """Whether ``key`` is a known finding (each entry matches one finding)."""
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            self.hidden += 1
            return True
        return False

    def stale(self, paths: Iterable[str]) -> Counter[Key]:
        """Entries of the linted files (``paths``, as keys name them) that matched
        no finding: fixed, or changed beyond recognition."""
        linted = set(paths)
        return Counter({key: n for key, n in self.remaining.items()
                        if n > 0 and key[0] in linted})

    def pruned(self, paths: Iterable[str]) -> list[Key]:
        """The entries without the stale ones (entries of files not linted are kept)."""
        return sorted((self.entries - self.stale(paths)).elements())

    def summary(self, stale: int) -> str:
        hidden = plural(self.hidden, "known finding")
        text = f"baseline {self.file}: {hidden} hidden"
        if stale:
            entries = plural(stale, "entry", "entries")
            verb = "matches" if stale == 1 else "match"
            text += (f"; {entries} no longer {verb} (fixed?): remove them with "
                     f"`flake8-streamlit-security baseline --update`")
        return text


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def read(file: str) -> Baseline:
    """The baseline in ``file``; BaselineError (one line) when it is missing,
    unreadable, or not a baseline."""
    try:
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise BaselineError(
            f"baseline file {file!r} not found; create it with "
            f"`flake8-streamlit-security baseline -o {file}`") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise BaselineError(f"cannot read the baseline file {file!r} ({reason})") from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise BaselineError(f"baseline file {file!r} is not JSON; recreate it with "
                            f"`flake8-streamlit-security baseline -o {file}`") from None
    return Baseline(file, entries_of(document, file))


def entries_of(document: Any, file: str) -> list[Key]:
    def bad(why: str) -> BaselineError:
        return BaselineError(f"baseline file {file!r} is not a baseline ({why}); recreate it "
                             f"with `flake8-streamlit-security baseline -o {file}`")

    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise bad(f'no "format": "{FORMAT}"')
    if document.get("version") != VERSION:
        raise bad(f"version {document.get('version')!r}; this version reads {VERSION}")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise bad('no "findings" list')
    keys: list[Key] = []
    for entry in findings:
        values = [entry.get(name) for name in ("path", "code", "fingerprint")] \
            if isinstance(entry, dict) else []
        strings = [value for value in values if isinstance(value, str)]
        if len(strings) != 3:
            raise bad("an entry without path, code and fingerprint strings")
        keys.append((strings[0], strings[1], strings[2]))
    return keys


def document(keys: Iterable[Key]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "findings": [{"path": path, "code": code, "fingerprint": digest}
                     for path, code, digest in sorted(keys)],
    }


def write(file: str, keys: Sequence[Key]) -> None:
    """Write the baseline (sorted, no timestamps: the same findings give the same file)."""
    text = json.dumps(document(keys), indent=2, ensure_ascii=True) + "\n"
    folder = os.path.dirname(os.path.abspath(file))
    try:
        os.makedirs(folder, exist_ok=True)
        with open(file, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise BaselineError(
            f"cannot write the baseline file {file!r} ({error.strerror or error})") from None
