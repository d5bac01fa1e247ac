"""How values travel through calls: sanitizers, pass-through functions, methods.

Read by the engine when it evaluates a call (:mod:`flake8_streamlit_security.engine.calls`).
"""
from __future__ import annotations

from flake8_streamlit_security.knowledge.categories import (
    ARCHIVE, CMD, HTML_SAFE, LINK, PATH, PCATS, SQL, URL,
)

# Sanitizers: qualified name -> categories they make safe.
SANITIZERS: dict[str, frozenset[str]] = {
    "builtins.int": PCATS, "builtins.float": PCATS, "builtins.bool": PCATS,
    "builtins.len": PCATS, "builtins.abs": PCATS, "builtins.round": PCATS,
    "builtins.hash": PCATS, "builtins.isinstance": PCATS, "builtins.callable": PCATS,
    "builtins.id": PCATS, "builtins.ord": PCATS,
    "uuid.UUID": PCATS, "datetime.date.fromisoformat": PCATS,
    "html.escape": HTML_SAFE, "markupsafe.escape": HTML_SAFE,
    "markupsafe.Markup.escape": HTML_SAFE, "bleach.clean": HTML_SAFE,
    "nh3.clean": HTML_SAFE, "cgi.escape": HTML_SAFE,
    "xml.sax.saxutils.escape": HTML_SAFE,
    # letters, digits, "+", "/" and "=": no markup, no quote, no shell character
    **dict.fromkeys(("base64.b64encode", "base64.standard_b64encode",
                     "base64.urlsafe_b64encode", "base64.encodebytes"),
                    HTML_SAFE | {LINK, CMD}),
    "shlex.quote": frozenset({CMD}), "pipes.quote": frozenset({CMD}),
    "os.path.basename": frozenset({PATH, ARCHIVE}),
    "werkzeug.utils.secure_filename": frozenset({PATH}),
    "werkzeug.secure_filename": frozenset({PATH}),
    "pathvalidate.sanitize_filename": frozenset({PATH}),
    # percent-encoding leaves letters, digits and "_.-~" (and the safe= characters,
    # "/" by default): no markup, no quote (unless safe= keeps one: URL_ENCODERS)
    "urllib.parse.quote": HTML_SAFE | {URL, LINK},
    "urllib.parse.quote_plus": HTML_SAFE | {URL, LINK},
    "urllib.parse.urlencode": frozenset({URL, LINK}),
}
# Percent-encoders and the argument naming the characters they leave as they are.
URL_ENCODERS: dict[str, tuple[int, str]] = {
    "urllib.parse.quote": (1, "safe"), "urllib.parse.quote_plus": (1, "safe"),
}
HTML_SPECIALS = "<>&\"'"
# An f-string format spec that only a number accepts (``{x:.3f}``, ``{n:,}``, ``{p:%}``):
# the value rendered is digits, whatever the user sent (a string would raise).
# [[fill]align][sign][z][#][0][width][grouping][.precision][type]
NUMERIC_FORMAT_SPEC = r"(?:.?[<>=^])?[+\- ]?z?#?0?\d*(?P<group>[,_])?(?:\.\d+)?" \
    r"(?P<type>[bdeEfFgGnoxX%])?"
# Pure functions whose result carries their arguments' taint.
PASSTHROUGH: frozenset[str] = frozenset(
    {
        "builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.repr",
        "builtins.format", "builtins.list", "builtins.tuple", "builtins.dict",
        "builtins.set", "builtins.frozenset", "builtins.sorted", "builtins.reversed",
        "builtins.iter", "builtins.next", "builtins.min", "builtins.max",
        "builtins.enumerate", "builtins.zip", "builtins.filter", "builtins.map",
        "io.BytesIO", "io.StringIO", "io.TextIOWrapper", "io.BufferedReader",
        "json.loads", "json.dumps", "json.load", "base64.b64decode", "base64.b64encode",
        "base64.urlsafe_b64decode", "base64.decodebytes", "binascii.unhexlify",
        "urllib.parse.unquote", "urllib.parse.unquote_plus", "urllib.parse.urljoin",
        "urllib.parse.urlparse", "urllib.parse.parse_qs", "textwrap.dedent",
        "textwrap.indent", "textwrap.shorten", "textwrap.fill", "re.sub", "copy.copy",
        "copy.deepcopy", "os.path.join", "os.path.abspath", "os.path.normpath",
        "os.path.realpath", "os.path.expanduser", "os.fspath", "os.path.splitext",
        "os.path.dirname", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
        "posixpath.join", "ntpath.join", "os.path.relpath", "codecs.decode",
        "unicodedata.normalize", "markdown.markdown", "gzip.decompress",
        "zlib.decompress",
        "pandas.DataFrame", "typing.cast",
        # what a pattern finds in a text is part of it (code blocks of a model's reply)
        "re.findall", "re.finditer", "re.search", "re.split",
    }
)
# Parsers of an upload's contents: what they return (a frame, its columns, cells and
# ``.values``; rows; pages' text) carries the taint of what they parsed (RULES.md
# "Upload contents stay tainted through parsers").
PARSERS: frozenset[str] = frozenset(
    {f"pandas.read_{fmt}" for fmt in (
        "csv", "excel", "json", "table", "fwf", "parquet", "feather", "orc", "xml", "html",
        "sas", "spss", "stata", "clipboard")}
    | {f"polars.read_{fmt}" for fmt in ("csv", "excel", "json", "ndjson", "parquet")}
    | {"csv.reader", "csv.DictReader", "pypdf.PdfReader", "PyPDF2.PdfReader",
       "PyPDF2.PdfFileReader", "fitz.open", "pymupdf.open", "pdfplumber.open",
       "docx.Document", "openpyxl.load_workbook", "xml.etree.ElementTree.parse",
       "xml.etree.ElementTree.fromstring", "bs4.BeautifulSoup", "tomllib.load",
       "tomllib.loads", "yaml.safe_load", "pdfminer.high_level.extract_text"}
)
# Method calls that return something derived from the receiver.
DERIVED_METHOD_BLOCK: frozenset[str] = frozenset(
    {"__len__", "count", "index", "find", "rfind", "startswith", "endswith", "isdigit",
     "isalnum", "isalpha", "isnumeric", "isdecimal", "isidentifier", "isspace",
     "islower", "isupper", "istitle", "isascii", "exists", "is_file", "is_dir", "size",
     "tell", "seek", "close", "__contains__",
     # numbers whatever the data (a frame's or a series' statistics), a date's parts
     "nunique", "mean", "median", "std", "var", "sem", "nbytes", "memory_usage",
     "isoformat", "timestamp", "toordinal", "weekday", "isoweekday"}
)
# A date written with a format (``day.strftime("%Y-%m-%d")``): digits and the format's
# text, whatever date it was; a format from the user is what the result carries.
DATE_FORMATTERS: frozenset[str] = frozenset({"strftime"})
# The server's clock, and durations: a time nobody typed and a span of time, formatted
# into SQL as digits and signs (``f"WHERE ts >= '{datetime.now() - timedelta(hours=24)}'"``):
# constant for SQL, whatever number the duration was given.
CLOCK_CALLS: frozenset[str] = frozenset(
    {"datetime.datetime.now", "datetime.datetime.today", "datetime.datetime.utcnow",
     "datetime.date.today", "time.time", "pandas.Timestamp.now", "pandas.Timestamp.today",
     "pandas.Timestamp.utcnow", "datetime.timedelta", "pandas.Timedelta",
     "dateutil.relativedelta.relativedelta"})
TEMPLATE_METHODS: frozenset[str] = frozenset(
    {"substitute", "safe_substitute", "format_map", "render"}
)
UPLOAD_READERS: frozenset[str] = frozenset(
    {"read", "getvalue", "getbuffer", "readline", "readlines", "decode"}
)
STATE_WRITERS: frozenset[str] = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "appendleft"}
)
LIST_GROWERS: frozenset[str] = frozenset({"append", "extend", "insert", "appendleft"})
# Attributes that are numbers whatever they are read from (a date's or a time's parts):
# like ``int()``, clean for every sink.
NUMERIC_ATTRIBUTES: frozenset[str] = frozenset(
    {"year", "month", "day", "hour", "minute", "second", "microsecond",
     # a frame's or an array's dimensions
     "shape", "ndim"}
)
# Attributes of a path that are still a file name the user chose.
PATH_PARTS: frozenset[str] = frozenset({"name", "suffix", "suffixes", "stem"})
# Calls returning a pandas DataFrame (a value flagged "frame": STS302 reads
# ``.query``/``.eval`` only on those); the constructor also carries its data's taint.
FRAME_CALLS: frozenset[str] = frozenset(
    {"pandas.DataFrame", "pandas.concat", "pandas.merge", "pandas.json_normalize",
     "pandas.pivot_table", "pandas.crosstab", "pandas.get_dummies"}
    | {f"pandas.read_{r}" for r in (
        "csv", "excel", "json", "parquet", "table", "feather", "orc", "sql", "sql_query",
        "sql_table", "html", "xml", "fwf", "clipboard", "stata", "sas", "spss", "gbq")}
)
# Methods of a ``pathlib`` path that return a path built from it and the arguments.
PATH_METHODS: frozenset[str] = frozenset(
    {"joinpath", "with_name", "with_suffix", "resolve", "absolute", "expanduser"}
)
# Paths that begin with their first argument (a folder), and paths that are absolute
# whatever they were given: either way a program's own text, never an option (STS303).
PATH_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})
ABSOLUTE_PATHS = frozenset({"os.path.abspath", "os.path.realpath"})
ABSOLUTE_PATH_METHODS = frozenset({"resolve", "absolute"})
# Pass-through calls whose items are tuples of their arguments' items, by place
# (``for i, x in enumerate(xs)`` is read as it stands: engine.statements).
POSITIONAL_ZIPS = frozenset({"builtins.zip"})
# Calls opening a file for writing, and where their mode is (STS301/STS302 "Content
# written to disk").  A temporary file's ``.name`` is the path written to.
FILE_WRITERS: dict[str, tuple[int, str, str]] = {
    # name -> (position of mode, keyword of mode, default mode)
    "builtins.open": (1, "mode", "r"), "io.open": (1, "mode", "r"),
    "codecs.open": (1, "mode", "r"),
}
TEMP_FILES: frozenset[str] = frozenset(
    {"tempfile.NamedTemporaryFile", "tempfile.TemporaryFile", "tempfile.SpooledTemporaryFile"}
)
WRITE_METHODS: frozenset[str] = frozenset({"write", "writelines"})
PATH_WRITE_METHODS: frozenset[str] = frozenset({"write_bytes", "write_text"})
# Constructors of HTTP clients whose methods fetch URLs (STS406).
HTTP_CLIENTS: frozenset[str] = frozenset(
    {"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient",
     "aiohttp.ClientSession", "urllib3.PoolManager"}
)
# Calls returning a logger (STS106 reads their methods as log sinks).
LOGGER_FACTORIES: frozenset[str] = frozenset(
    {"logging.getLogger", "logging.Logger", "structlog.get_logger", "loguru.logger.bind"}
)
# Secret sources outside Streamlit: the environment (RULES.md "Secret values").
ENVIRONMENT = "os.environ"
ENV_GETTERS: frozenset[str] = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})
# Archive openers: their members carry the archive's taint (STS502).
ARCHIVE_OPENERS: tuple[str, ...] = ("zipfile.ZipFile", "tarfile.open", "tarfile.TarFile")


# A function whose name says it makes a file name safe (``sanitize_filename``,
# ``safe_filename``, ``secure_filename``, ``clean_path``): the app's own, usually a
# basename and a character allow-list.  Its result is safe as a path (STS405).
FILENAME_SANITIZING_VERBS: frozenset[str] = frozenset({"sanitize", "sanitise", "safe", "secure",
                                                       "clean"})
FILENAME_WORDS: frozenset[str] = frozenset({"filename", "file", "path", "fname", "name"})


def sanitizes_filename(words: list[str]) -> bool:
    """The words of a function's name say it makes a file name safe."""
    return bool(FILENAME_SANITIZING_VERBS.intersection(words)) and bool(
        FILENAME_WORDS.intersection(words))


# ``re.sub(r"[^0-9]", "", x)``: a substitution that removes every character outside an
# allow-list.  What it leaves is the allowed characters and the replacement's; each sink
# category is safe when none of its characters can be left.
SUBSTITUTIONS: frozenset[str] = frozenset({"re.sub", "regex.sub"})
_DANGEROUS: tuple[tuple[frozenset[str], str], ...] = (
    (HTML_SAFE, HTML_SPECIALS),
    (frozenset({PATH, ARCHIVE}), "/\\."),
    (frozenset({LINK, URL}), ":/\\"),
    (frozenset({SQL}), "'\"\\;-=()*/ \t\n\r%"),
    (frozenset({CMD}), "'\"\\;&|$`<>(){}*?~ \t\n\r"),
)
_CLASS_ESCAPES = {
    "d": "0123456789",
    "w": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    "s": " \t\n\r\f\v",
}


def _allowed(pattern: str) -> str | None:
    """The characters a negated class (``[^a-z0-9_-]``, optionally with ``+``/``*``)
    or ``\\W`` lets through; None for any other pattern."""
    if pattern in ("\\W", "\\W+", "\\W*"):
        return _CLASS_ESCAPES["w"]  # (Unicode letters too: no sign of a sink among them)
    for tail in ("]+", "]*", "]"):
        if pattern.startswith("[^") and pattern.endswith(tail):
            body = pattern[2:len(pattern) - len(tail)]
            break
    else:
        return None
    chars: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _CLASS_ESCAPES:
                chars.append(_CLASS_ESCAPES[nxt])
            elif nxt.isalpha():
                return None  # \W, \S, \p{...}: not a plain allow-list
            else:
                chars.append(nxt)
            i += 2
        elif c in "[]":
            return None
        elif i + 2 < len(body) and body[i + 1] == "-":
            lo, hi = c, body[i + 2]
            if ord(hi) - ord(lo) > 128 or ord(hi) < ord(lo):
                return None
            chars.extend(chr(x) for x in range(ord(lo), ord(hi) + 1))
            i += 3
        else:
            chars.append(c)
            i += 1
    return "".join(chars)


def substitution_safe(pattern: str | None, replacement: str | None) -> frozenset[str]:
    """The categories ``re.sub(pattern, replacement, x)`` makes safe."""
    if pattern is None or replacement is None:
        return frozenset()
    allowed = _allowed(pattern)
    if allowed is None:
        return frozenset()
    left = set(allowed) | set(replacement)
    safe: set[str] = set()
    for cats, dangerous in _DANGEROUS:
        if not left & set(dangerous):
            safe |= cats
    return frozenset(safe)


# ``name.replace("/", "_")``: a replacement of the path separator by text without one
# leaves one file name, as ``os.path.basename`` does (STS405).
PATH_SEPARATORS = "/\\"


def separator_replaced(old: str | None, new: str | None) -> bool:
    """``x.replace(old, new)`` removes every path separator ``x`` may hold in a name."""
    return old == "/" and new is not None and not any(c in new for c in PATH_SEPARATORS)


# URL parsers, and the parts of what they return that hold no "/": a host name
# (``urlparse(url).netloc``) is a file name at most (STS405).
URL_PARSERS: frozenset[str] = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit"})
URL_HOST_PARTS: frozenset[str] = frozenset({"netloc", "hostname"})
