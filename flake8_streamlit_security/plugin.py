"""The flake8 entry point: ``STS = flake8_streamlit_security.plugin:Plugin``."""
from __future__ import annotations

import ast
import sys
from typing import Any, ClassVar, Iterator

from flake8_streamlit_security import codes
from flake8_streamlit_security.findings import Finding
from flake8_streamlit_security.knowledge import gates


# Nested expressions recurse in the analyzer; Python >= 3.11 does not use the C
# stack for that, and 3.10 has room for this many frames on the default stack.
_RECURSION_LIMIT = 4000


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    out: list[str] = []
    for item in value:
        out.extend(p.strip() for p in str(item).replace("\n", ",").split(","))
    return [p for p in out if p]


class _Version:
    """``Plugin.version``, looked up on first use (flake8 reads the distribution's)."""

    def __get__(self, obj: object, owner: type) -> str:
        import flake8_streamlit_security as pkg

        return str(pkg.__version__)


class Plugin:
    name = "flake8-streamlit-security"
    version = _Version()

    sanitizers: ClassVar[list[str]] = []
    secret_names: ClassVar[list[str]] = []
    sql_sinks: ClassVar[list[str]] = []
    validators: ClassVar[list[str]] = []
    strict_tests: ClassVar[bool] = False
    literal_words: ClassVar[tuple[str, ...]] = gates.LITERAL_WORDS

    def __init__(self, tree: ast.AST, lines: list[str] | None = None,
                 filename: str = "") -> None:
        self.tree = tree
        self.lines = lines or []
        self.filename = filename

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option(
            "--streamlit-sanitizers", default="", parse_from_config=True,
            comma_separated_list=True,
            help="Extra sanitizer calls (qualified names such as myapp.html.clean or bare "
                 "function names) whose results are treated as safe for every sink.",
        )
        manager.add_option(
            "--streamlit-secret-names", default="", parse_from_config=True,
            comma_separated_list=True,
            help="Extra words that make a variable/key name secret-like (e.g. "
                 "signing_key,license).",
        )
        manager.add_option(
            "--streamlit-sql-sinks", default="", parse_from_config=True,
            comma_separated_list=True,
            help="Extra method or function names that run SQL (e.g. run_sql,fetch).",
        )
        manager.add_option(
            "--streamlit-validators", default="", parse_from_config=True,
            comma_separated_list=True,
            help="Extra validator functions (bare or qualified names such as "
                 "myapp.checks.safe_slug): a value they accept, in the branch they guard "
                 "or after a failing branch that stops, is treated as safe for every sink.",
        )
        manager.add_option(
            "--streamlit-strict-tests", default=False, action="store_true",
            parse_from_config=True,
            help="Report name-based secrets (STS101, STS103, STS104) in test files too "
                 "(tests/ and test/ folders, test_*.py, *_test.py, conftest.py).",
        )
        manager.extend_default_ignore(list(codes.DEFAULT_OFF))

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.sanitizers = _split(getattr(options, "streamlit_sanitizers", None))
        cls.secret_names = _split(getattr(options, "streamlit_secret_names", None))
        cls.sql_sinks = _split(getattr(options, "streamlit_sql_sinks", None))
        cls.validators = _split(getattr(options, "streamlit_validators", None))
        cls.literal_words = gates.literal_words(cls.secret_names)
        cls.strict_tests = bool(getattr(options, "streamlit_strict_tests", False))

    def run(self) -> Iterator[tuple[int, int, str, type[Any]]]:
        limit = sys.getrecursionlimit()
        try:
            sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
            findings = self.findings() + self.comment_findings()
        except RecursionError:
            findings = [Finding(1, 0, "STS000", {"error": "RecursionError: nesting too deep"})]
        except Exception as exc:  # noqa: BLE001 - never abort the user's flake8 run
            findings = [Finding(1, 0, "STS000", {"error": type(exc).__name__})]
        finally:
            sys.setrecursionlimit(limit)
        for f in findings:
            yield f.line, f.col, f.text, type(self)

    def findings(self) -> list[Finding]:
        tree = self.tree
        if not isinstance(tree, ast.Module) or not tree.body:
            return []
        text = "".join(self.lines) if self.lines else None
        from flake8_streamlit_security.names import imports_streamlit, runs_as_script

        streamlit = imports_streamlit(tree, text)
        mode = "flow"
        hot = None
        if not streamlit and text is not None:
            # The comment lines a file starts with (a licence header, most often with
            # a URL) hold no code: the text gates look past them.
            skip = _leading_comments(self.lines)
            if skip:
                text = text[sum(map(len, self.lines[:skip])):]
            lowered = text.lower()
            if gates.needs_flow(text, lowered, self.sql_sinks):
                mode = "flow"  # SQL reaching a query call, environment secrets reaching logs
            else:
                # Secret-like names and credential URLs next to literals, or credentials
                # in a known format: the lines where the text hints at one, if any.
                mode = "light"
                hot = _hot_lines(text, lowered, self.lines[skip:], self.literal_words)
                if hot is None:  # lower-casing changed offsets: the text as a whole
                    if not self._literal_hint(text, lowered):
                        return []
                elif not hot:
                    return []
                elif skip:
                    hot = [skip + n for n in hot]
        found = analyze(tree, streamlit=streamlit, sanitizers=self.sanitizers,
                        secret_names=self.secret_names, sql_sinks=self.sql_sinks,
                        validators=self.validators, light=mode == "light", hot_lines=hot,
                        filename=self.filename)
        if found and not self.strict_tests and is_test_file(self.filename, tree, streamlit):
            found = [f for f in found if f.code not in FIXTURE_CODES]
        if found and not streamlit and runs_as_script(tree):
            found = [f for f in found if not operators_own(f)]
        return found

    def comment_findings(self) -> list[Finding]:
        """STS102 for a credential in a comment (``# old key: sk-...``): a key left in a
        comment is as committed as one in code.  Two pre-filters turn most files away
        without tokenizing: one over the lines' tails from their first "#", then the
        detectors on each text after a "#" (a comment is one of them: it runs from a
        "#" to the end of its line).  The few files left are tokenized here, to tell
        comments from "#" inside strings (asking flake8 for its token list would make
        it build one for every file)."""
        tails = "".join(line[line.index("#"):] for line in self.lines if "#" in line)
        if len(tails) < 12:
            return []
        from flake8_streamlit_security import secretscan

        if not secretscan.text_may_contain(tails) or not any(
            secretscan.detect(text, reporting=True) for text in _after_hashes(self.lines)
        ):
            return []
        import io
        import tokenize

        out = []
        try:
            for tok in tokenize.generate_tokens(io.StringIO("".join(self.lines)).readline):
                if tok.type != tokenize.COMMENT or len(tok.string) < 12:
                    continue
                detector = secretscan.detect(tok.string[1:], reporting=True)
                if not detector:
                    continue
                row, col = tok.start
                previous = self.lines[row - 2] if row >= 2 else ""
                if not secretscan.is_allowlisted(tok.line, previous):
                    out.append(Finding(row, col, "STS102", {"detector": detector,
                                                            "place": "comment"}))
        except (tokenize.TokenError, SyntaxError):
            pass  # flake8 reports what the tokenizer cannot read (E902)
        return out

    def _literal_hint(self, text: str, lowered: str) -> bool:
        """The text may hold a literal finding (STS101-STS103): a word near which one
        may be, or a credential in a known format."""
        if any(w in lowered for w in self.literal_words):
            return True
        from flake8_streamlit_security.secretscan import text_may_contain

        return text_may_contain(text, lowered)


def _after_hashes(lines: list[str]) -> Iterator[str]:
    """The text after each "#" of each line, to the line's end: every comment's text
    (``tok.string[1:]``) is one of them."""
    for line in lines:
        at = line.find("#")
        while at != -1:
            yield line[at + 1:].rstrip("\r\n")
            at = line.find("#", at + 1)


# Name-based guesses that a test's fixtures set off (a dummy password, a
# ``u:p@host`` URL, a fallback in a patched environment): not reported in test files
# unless --streamlit-strict-tests.  A credential in a known format (STS102) still is.
FIXTURE_CODES = frozenset({"STS101", "STS103", "STS104"})
# What a command-line script (names.runs_as_script) builds from its operator's values:
# SQL from its configuration or the catalogue of the database it migrates.
OPERATOR_CODES = frozenset({"STS401"})


def operators_own(finding: Finding) -> bool:
    """In a command-line script: SQL it builds from its operator's values, and a
    credential it read or was issued, printed to its operator's terminal (STS106).  The
    deployment's own secrets (``os.environ``, ``st.secrets``) printed by a script still
    end in CI logs: reported."""
    from flake8_streamlit_security.engine.values import STORED  # the analysis ran: loaded

    return finding.code in OPERATOR_CODES or finding.code == "STS106" and \
        finding.args.get("source", "").startswith(STORED)


_TEST_FOLDERS = frozenset({"tests", "test"})
_TEST_FRAMEWORKS = frozenset({"pytest", "unittest", "streamlit_testing", "hypothesis"})


def is_test_file(filename: str, tree: ast.Module | None = None,
                 streamlit: bool = False) -> bool:
    """A test module by its path: in a ``tests/`` or ``test/`` folder, or named
    ``test_*.py``, ``*_test.py`` or ``conftest.py`` -- but a file named like a test
    outside such folders that imports no test framework is a script (a Streamlit page
    such as ``views/p_Dashboard_test.py``, or ``test_db.py`` that tries the connection),
    unless it defines tests of its own (``def test_*``, ``class Test*``)."""
    if not filename:
        return False
    *folders, base = filename.replace("\\", "/").split("/")
    if base == "conftest.py" or any(part in _TEST_FOLDERS for part in folders):
        return True
    if not (base.startswith("test_") or base.endswith("_test.py")):
        return False
    return tree is None or any(_is_test_statement(node, streamlit) for node in tree.body)


def _is_test_statement(node: ast.stmt, streamlit: bool) -> bool:
    """An import of a test framework, or (outside Streamlit apps) a test function or
    class at the top of the module."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return any((a.name if isinstance(node, ast.Import) else node.module or "")
                   .split(".")[0] in _TEST_FRAMEWORKS for a in node.names)
    if streamlit:
        return False
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return node.name.startswith("test")
    return isinstance(node, ast.ClassDef) and node.name.startswith("Test")


def _leading_comments(lines: list[str]) -> int:
    """How many lines the file starts with that are blank or comments.  No string
    literal can be open before the first line of code, so none of them is inside one."""
    count = 0
    for line in lines:
        stripped = line.strip()
        if stripped and stripped[0] != "#":
            break
        count += 1
    return count


def _hot_lines(text: str, lowered: str, lines: list[str], words: tuple[str, ...]
               ) -> list[int] | None:
    """Sorted line numbers where a literal finding (STS101-STS103) may be; None
    when every line may hold one (see :func:`secretscan.hot_parts`)."""
    from itertools import accumulate

    from flake8_streamlit_security.secretscan import hot_parts

    starts = list(accumulate(map(len, lines), initial=0))
    hot = hot_parts(text, lowered, starts, words)
    return None if hot is None else sorted(i + 1 for i in hot)


def analyze(tree: ast.Module, *, streamlit: bool, sanitizers: list[str] = [],  # noqa: B006
            secret_names: list[str] = [], sql_sinks: list[str] = [],  # noqa: B006
            validators: list[str] = [], light: bool = False, hot_lines: list[int] | None = None,
            filename: str = "") -> list[Finding]:
    """The findings for one module.  ``filename`` (as flake8 names the file, or the
    stdin display name) places it in its project: an app's imports of its own modules
    are followed (engine/imports.py)."""
    from flake8_streamlit_security.rules import FAMILIES
    from flake8_streamlit_security.rules.secrets import SecretRules
    from flake8_streamlit_security.engine import Analyzer

    imports = None
    if streamlit and filename:
        from flake8_streamlit_security.engine.imports import Imports
        from flake8_streamlit_security.project import Project

        imports = Imports(Project(filename), (tuple(sanitizers), tuple(secret_names),
                                              tuple(sql_sinks), tuple(validators)))
    an = Analyzer(tree, streamlit=streamlit, extra_sanitizers=sanitizers,
                  extra_secret_words=secret_names, sql_sinks=sql_sinks,
                  validators=validators, imports=imports)
    try:
        if streamlit or not light:
            for family in FAMILIES:
                if streamlit or not family.streamlit_only:
                    family(an)
            raw = an.run()
        else:
            # No Streamlit, no SQL and no environment secrets: the literal checks of
            # STS101-STS104 need no data flow, so one syntactic walk does.
            SecretRules(an)
            raw = an.run_light(hot_lines)
    finally:
        an.close()
    out = []
    for (line, col, code), (_, args) in sorted(raw.items()):
        if not streamlit and codes.RULES[code].scope == "streamlit":
            continue
        out.append(Finding(line, col, code, args))
    return out
