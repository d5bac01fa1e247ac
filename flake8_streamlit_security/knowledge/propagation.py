"""How values travel through calls: sanitizers, pass-through functions, methods.

Read by the engine when it evaluates a call (:mod:`flake8_streamlit_security.engine.calls`).
"""
from __future__ import annotations

from flake8_streamlit_security.knowledge.categories import (
    ARCHIVE, CMD, HTML, LINK, PATH, PCATS, URL,
)

# Sanitizers: qualified name -> categories they make safe.
SANITIZERS: dict[str, frozenset[str]] = {
    "builtins.int": PCATS, "builtins.float": PCATS, "builtins.bool": PCATS,
    "builtins.len": PCATS, "builtins.abs": PCATS, "builtins.round": PCATS,
    "builtins.hash": PCATS, "builtins.isinstance": PCATS, "builtins.callable": PCATS,
    "builtins.id": PCATS, "builtins.ord": PCATS,
    "uuid.UUID": PCATS, "datetime.date.fromisoformat": PCATS,
    "html.escape": frozenset({HTML}), "markupsafe.escape": frozenset({HTML}),
    "markupsafe.Markup.escape": frozenset({HTML}), "bleach.clean": frozenset({HTML}),
    "nh3.clean": frozenset({HTML}), "cgi.escape": frozenset({HTML}),
    "xml.sax.saxutils.escape": frozenset({HTML}),
    "shlex.quote": frozenset({CMD}), "pipes.quote": frozenset({CMD}),
    "os.path.basename": frozenset({PATH, ARCHIVE}),
    "werkzeug.utils.secure_filename": frozenset({PATH}),
    "werkzeug.secure_filename": frozenset({PATH}),
    "pathvalidate.sanitize_filename": frozenset({PATH}),
    "urllib.parse.quote": frozenset({URL, LINK}),
    "urllib.parse.quote_plus": frozenset({URL, LINK}),
    "urllib.parse.urlencode": frozenset({URL, LINK}),
}
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
    }
)
# Method calls that return something derived from the receiver.
DERIVED_METHOD_BLOCK: frozenset[str] = frozenset(
    {"__len__", "count", "index", "find", "rfind", "startswith", "endswith", "isdigit",
     "isalnum", "isalpha", "isnumeric", "isdecimal", "isidentifier", "isspace",
     "islower", "isupper", "istitle", "isascii", "exists", "is_file", "is_dir", "size",
     "tell", "seek", "close", "__contains__"}
)
TEMPLATE_METHODS: frozenset[str] = frozenset(
    {"substitute", "safe_substitute", "format_map", "render"}
)
UPLOAD_READERS: frozenset[str] = frozenset(
    {"read", "getvalue", "getbuffer", "readline", "readlines", "decode"}
)
STATE_WRITERS: frozenset[str] = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "appendleft"}
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
