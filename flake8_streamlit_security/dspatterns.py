"""detect-secrets' format patterns, read once and cached, so that later runs need
not import detect-secrets.

Importing detect-secrets costs 0.15-0.25 s (it imports ``requests``, ``urllib3``,
``charset_normalizer``, ``multiprocessing``) and leaves some 8,500 objects behind
that every later full garbage collection of the process walks again.  The flake8
plugin pays that on every keystroke of a file that holds a credential in one of
detect-secrets' formats.  Those detectors are ``RegexBasedDetector`` subclasses, and
what such a class finds is the ``findall`` of its ``denylist`` patterns
(``RegexBasedDetector.analyze_string``).  So the first process that needs them
imports detect-secrets, reads every detector's patterns (source and flags) and
writes them to ``detect-secrets-<crc>.json`` in the cache folder; later processes
compile them from there.

* The file is valid for one installed detect-secrets: its key lists the path, size
  and modification time of every detector module it was read from, and the table of
  detectors asked for.  Upgrading, downgrading or editing detect-secrets makes a new
  key, and the file is rewritten.
* A detector that overrides ``analyze_string`` (the JWT detector also checks that a
  match decodes to JSON) is still run by detect-secrets itself, imported when one of
  its patterns matches: it only ever reports what its patterns find.
* The cache folder is ``$XDG_CACHE_HOME/flake8-streamlit-security`` (by default
  ``~/.cache/flake8-streamlit-security``).  It is only made inside a folder that
  exists (``$XDG_CACHE_HOME``, else the home folder): a ``HOME`` that points nowhere
  is never created.  When it cannot be written or read, or the file is damaged,
  the patterns come from the import, as they would without the cache: nothing
  fails and nothing is reported.

Only patterns are stored: never a scanned value.
"""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Callable, Iterator, Sequence

    Table = Sequence[tuple[str, str, str]]  # (module, class, human name)

_FORMAT = 1  # bumped whenever the file's layout changes


class Detector:
    """One detector's patterns; ``live`` makes the detect-secrets instance for a
    detector whose ``analyze_string`` is its own (None for a plain one)."""

    __slots__ = ("name", "patterns", "live", "_instance")

    def __init__(self, name: str, patterns: tuple[re.Pattern[str], ...],
                 live: Callable[[], Any] | None = None) -> None:
        self.name = name
        self.patterns = patterns
        self.live = live
        self._instance: Any = None

    def find(self, value: str) -> Iterator[str]:
        """What the detector's ``analyze_string`` yields for ``value``."""
        if self.live is None:
            for pattern in self.patterns:
                for match in pattern.findall(value):
                    if isinstance(match, tuple):  # several groups: each non-empty one
                        yield from filter(None, match)
                    else:
                        yield match
            return
        if any(pattern.search(value) for pattern in self.patterns):
            if self._instance is None:
                try:
                    self._instance = self.live()
                except (ImportError, AttributeError, TypeError):  # a broken install
                    self.live = self._instance = None
                    self.patterns = ()
                    return
            yield from self._instance.analyze_string(value)


def _cache_home() -> tuple[str, str]:
    """(the folder that must already exist, the cache base folder inside or at it):
    ``$XDG_CACHE_HOME`` itself, or the home folder and its ``.cache``.  A relative
    ``XDG_CACHE_HOME`` is ignored, as the XDG spec says (it would put the folder in
    the linted project)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):
        return base, base
    home = os.path.expanduser("~")
    return home, os.path.join(home, ".cache")


def cache_dir() -> str:
    """``$XDG_CACHE_HOME/flake8-streamlit-security`` (``~/.cache/...`` by default)."""
    return os.path.join(_cache_home()[1], "flake8-streamlit-security")


def package_key(package_dir: str, table: Table) -> str:
    """What the cached patterns depend on: every detector module's path, size and
    modification time (and the base class's), and the table itself."""
    plugins = os.path.join(package_dir, "plugins")
    parts = [str(_FORMAT), repr(list(table))]
    for name in sorted({module for module, _cls, _human in table} | {"base"}):
        path = os.path.join(plugins, name + ".py")
        try:
            st = os.stat(path)
        except OSError:
            parts.append(f"{path}:-")
        else:
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def load(table: Table) -> list[Detector]:
    """The detectors of ``table`` that the installed detect-secrets has, in order."""
    import importlib.util

    spec = importlib.util.find_spec("detect_secrets")
    if spec is None or not spec.submodule_search_locations:
        return []
    key = package_key(list(spec.submodule_search_locations)[0], table)
    import zlib

    path = os.path.join(cache_dir(), f"detect-secrets-{zlib.crc32(key.encode()):08x}.json")
    records = _read(path, key)
    if records is not None:
        try:
            return [_detector(record, table) for record in records]
        except (re.error, IndexError, ValueError, TypeError):
            pass  # damaged: read the patterns again
    records = _records(table)
    if records is None:
        return []  # no detector this time, and nothing written: the next run tries again
    _write(path, key, records)
    return [_detector(record, table) for record in records]


def _detector(record: list[Any], table: Table) -> Detector:
    """A record made into a detector; a record of the wrong shape raises (ValueError,
    TypeError, IndexError; re.error for a pattern): the file is damaged."""
    index, live, sources = record
    if type(index) is not int or type(live) is not bool:
        raise TypeError(record)
    if not 0 <= index < len(table):
        raise IndexError(index)
    module, class_name, human = table[index]
    patterns = tuple(re.compile(source, flags) for source, flags in sources)
    return Detector(human, patterns, _live(module, class_name) if live else None)


def _live(module: str, class_name: str) -> Callable[[], Any]:
    def make() -> Any:
        import importlib

        return getattr(importlib.import_module(f"detect_secrets.plugins.{module}"),
                       class_name)()

    return make


def _records(table: Table) -> list[list[Any]] | None:
    """[table index, own analyze_string?, [[source, flags], ...]] of every detector
    the installed detect-secrets has: read from its classes (this imports it)."""
    import importlib

    try:
        from detect_secrets.plugins.base import RegexBasedDetector
    except ImportError:  # a broken install (a dependency missing): nothing to cache
        return None
    records: list[list[Any]] = []
    for index, (module, class_name, _human) in enumerate(table):
        try:
            cls = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"),
                          class_name)
        except (ImportError, AttributeError):  # an older detect-secrets without it
            continue
        denylist = cls.denylist
        if not isinstance(denylist, (list, tuple)) or not all(
                isinstance(p, re.Pattern) and isinstance(p.pattern, str) for p in denylist):
            continue  # pragma: no cover - not the RegexBasedDetector layout
        own = cls.analyze_string is not RegexBasedDetector.analyze_string
        records.append([index, own, [[p.pattern, p.flags] for p in denylist]])
    return records


def _read(path: str, key: str) -> Any:
    """The records of the file at ``path`` if it was written for ``key`` (their shape
    is checked as they are made into detectors), else None."""
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return data["detectors"] if data["key"] == key else None
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing, unreadable or not a mapping: read the patterns again


def _write(path: str, key: str, records: list[list[Any]]) -> None:
    import json
    import tempfile

    folder = os.path.dirname(path)
    if not os.path.isdir(_cache_home()[0]):
        return  # no home (HOME=/nonexistent in a container): never create one
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".detect-secrets-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "detectors": records}, fh)
            os.replace(tmp, path)  # atomic: a concurrent reader sees old or new
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only home or a full disk: the next run reads them again
