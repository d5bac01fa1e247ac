"""Shared test helpers: run the plugin directly, or through flake8's real machinery.

The one place that runs flake8 and the command and reads their output (git
repositories for tests live in ``tests/repos.py``):

* :func:`results` — fast: builds the options through flake8's own option parsing
  (``flake8.options.parse_args``, which calls ``Plugin.parse_options``) once per option
  set, then instantiates ``Plugin(tree=..., lines=..., filename=...)`` and runs it.
  It returns *everything* the plugin yields, opt-in codes included; ``select`` filters.
* :func:`flake8_results` — in-process ``flake8.main.application.Application`` on a temp
  file, so selection, ``extend_default_ignore`` and ``# noqa`` are flake8's own.
* :func:`run_flake8` / :func:`run_cli` — flake8 / the ``flake8-streamlit-security``
  command as a subprocess (through :func:`run`, which also runs console scripts);
  :func:`parse_flake8` reads their default output into :class:`Line` values.

Snippets go through :func:`src`: ``textwrap.dedent``, leading newlines dropped, and
``@@NAME@@`` tokens replaced by the fake credentials of :data:`FAKES`, which are built
by concatenation at import time so this repository never contains a string that looks
like a leaked credential.
"""
from __future__ import annotations

import ast
import inspect
import io
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

Result = tuple[int, int, str]

REPO = Path(__file__).resolve().parents[1]


def _cycle(alphabet: str, n: int) -> str:
    return (alphabet * (n // len(alphabet) + 1))[:n]


# Fake, format-valid credentials.  None of them is real; each is assembled from pieces.
FAKES: dict[str, str] = {
    # generic high-entropy values with no known format (name-based rules)
    "PW": "Tr0ub4" + "dor&3xQ9z",
    "PW2": "hunt" + "er2-Zq81!vB",
    "GENERIC": "q8ZrLm2V" + "x9Tp4Kw7Rb",
    "GENERIC2": "Vn4Jt8" + "Yc1Ds6Hq0Lw",
    "DBPW": "s3cr" + "Et-Pa55w0rd-42",
    # credential formats (STS102)
    "OPENAI": (
        "sk-" + "proj-" + _cycle("A1b2C3d4E5", 20) + "T3Blbk" + "FJ" + _cycle("K1l2M3n4O5", 20)
    ),
    "AWS": "AKI" + "A" + "Z7Q2M4XK" + "9PLRT5WB",
    "GITHUB": "gh" + "p_" + _cycle("x7Kq2Lm9Pz", 36),
    "HF": "h" + "f_" + _cycle("QvLmRtZyXwNpKsJdHgFcBaEu", 34),
    "ANTHROPIC": "sk-" + "ant-api03-" + _cycle("Xy7_Qp2-Lm9Rt4Vb", 93) + "AA",
    "GOOGLE": "AI" + "za" + _cycle("SyD4k9Lm_Qx2-Vb7Rt5Nw8Pz3Hj6Gf1Kc0Yu", 35),
    "GROQ": "gs" + "k_" + _cycle("Wq3Er5Ty7Ui9Op1As", 52),
    "REPLICATE": "r" + "8_" + _cycle("Zx2Cv4Bn6Mm8Qw0", 37),
    "STRIPE": "sk" + "_live_" + _cycle("Hj7Kl9Zx1Cv3", 24),
    "SLACK": "xo" + "xb-" + "20481234567-40961234567-" + _cycle("abcd1234efgh", 24),
    "JWT": (
        "ey" + "JhbGciOiJIUzI1NiJ9." + "ey" + "JzdWIiOiIxMjM0NTYifQ." + _cycle("c2lnbmF0dXJl", 43)
    ),
    "PRIVKEY": "-----BEGIN RSA " + "PRIVATE KEY-----\\nMIIEow" + _cycle("IBAAKCAQEA", 30),
    "TWILIO": "S" + "K" + _cycle("0a1b2c3d4e5f6789", 32),
    "TELEGRAM": "5812" + "347690:" + "AAH" + _cycle("x7Kq2Lm9Pz_-", 32),
    "MAILCHIMP": _cycle("9f8e7d6c5b4a3210", 32) + "-u" + "s14",
    "DISCORD": "M" + "TIzNDU2Nzg5MDEyMzQ1Njc4" + ".Gh7Kx2." + _cycle("x7Kq2Lm9Pz", 27),
    "SQUARE": "sq0" + "csp-" + _cycle("x7Kq2Lm9Pz", 43),
}

_TOKEN = re.compile(r"@@([A-Z0-9]+)@@")


def src(text: str) -> str:
    """Dedent a snippet, drop leading blank lines, fill in ``@@NAME@@`` fakes."""
    code = textwrap.dedent(text).lstrip("\n")
    return _TOKEN.sub(lambda m: FAKES[m.group(1)], code)


def secret_values() -> list[str]:
    return list(FAKES.values())


# --------------------------------------------------------------------------------------
# direct plugin run
# --------------------------------------------------------------------------------------

_configured_key: tuple[tuple[str, str], ...] | None = None


def _option_argv(options: dict[str, Any]) -> list[str]:
    argv = []
    for key, value in sorted(options.items()):
        flag = "--" + key.replace("_", "-")
        if not flag.startswith("--streamlit-"):
            flag = "--streamlit-" + flag[2:]
        if isinstance(value, (list, tuple)):
            value = ",".join(value)
        argv.append(f"{flag}={value}")
    return argv


def configure(**options: Any) -> None:
    """Parse ``options`` through flake8's real option machinery (once per option set)."""
    global _configured_key
    key = tuple(sorted((k, str(v)) for k, v in options.items()))
    if key == _configured_key:
        return
    from flake8.options.parse_args import parse_args

    parse_args(["--isolated", *_option_argv(options)])
    _configured_key = key


def _plugin_class() -> Any:
    from flake8_streamlit_security.plugin import Plugin

    return Plugin


def run_plugin(
    code: str, *, filename: str = "app.py", **options: Any
) -> list[tuple[int, int, str, Any]]:
    """Raw ``Plugin.run()`` output for already-prepared source ``code``."""
    configure(**options)
    plugin_cls = _plugin_class()
    lines = code.splitlines(keepends=True)
    available: dict[str, Any] = {
        "tree": ast.parse(code),
        "lines": lines,
        "filename": filename,
    }
    params = inspect.signature(plugin_cls).parameters
    if "file_tokens" in params:
        available["file_tokens"] = list(tokenize.generate_tokens(io.StringIO(code).readline))
    kwargs = {name: available[name] for name in params if name in available}
    return list(plugin_cls(**kwargs).run())


def _codes_match(code: str, select: Iterable[str] | None) -> bool:
    if select is None:
        return True
    return any(code.startswith(s) for s in select)


def results(
    text: str,
    select: Iterable[str] | str | None = None,
    *,
    filename: str = "app.py",
    **options: Any,
) -> list[Result]:
    """Sorted ``(line, col, code)`` the plugin reports for snippet ``text``.

    ``col`` is the 0-based ast ``col_offset`` the plugin yields.  ``select`` (a code or
    prefixes) filters; ``None`` keeps everything, opt-in codes included.
    """
    if isinstance(select, str):
        select = (select,)
    sel = tuple(select) if select is not None else None
    out = []
    for line, col, message, _type in run_plugin(src(text), filename=filename, **options):
        code = message.split()[0]
        if _codes_match(code, sel):
            out.append((line, col, code))
    return sorted(out)


def messages(text: str, **options: Any) -> list[str]:
    return [m for _l, _c, m, _t in run_plugin(src(text), **options)]


# --------------------------------------------------------------------------------------
# flake8 and the command: running them, reading their default output
# --------------------------------------------------------------------------------------

TIMEOUT = 120  # seconds, for any one subprocess

_DEFAULT_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<text>.*)$"
)


@dataclass(frozen=True)
class Line:
    """One line of flake8's default output; ``col`` as printed (1-based)."""

    path: str
    line: int
    col: int
    code: str
    text: str


def parse_flake8(output: str, *, strict: bool = True) -> list[Line]:
    """The findings in default-format flake8 output.

    Any other line fails the test, unless ``strict=False`` (then it is skipped: flake8
    prints ``"pyflakes[F]" failed during execution`` on stdout).
    """
    lines = []
    for raw in output.splitlines():
        match = _DEFAULT_LINE.match(raw)
        if not match and not strict:
            continue
        assert match, f"not a flake8 line: {raw!r}"
        lines.append(
            Line(match["path"], int(match["line"]), int(match["col"]), match["code"], match["text"])
        )
    return lines


def run(
    argv: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    stdin: str | bytes | None = None,
    *,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` without the caller's ``FLAKE8*`` variables.

    ``stdin`` may be text (sent as UTF-8) or bytes; stdout and stderr are decoded as UTF-8
    with undecodable bytes replaced, and newlines read as text mode reads them.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAKE8")}
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        list(argv), cwd=cwd, input=data, capture_output=True, timeout=timeout, env=env,
        check=False,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, _text(proc.stdout), _text(proc.stderr)
    )


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def run_flake8(
    args: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    stdin: str | bytes | None = None,
    *,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """``python -m flake8 *args`` as a subprocess."""
    return run([sys.executable, "-m", "flake8", *args], cwd, stdin, timeout=timeout)


def run_cli(
    args: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    stdin: str | bytes | None = None,
    *,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """The ``flake8-streamlit-security`` command as a subprocess (``python -m`` its module)."""
    argv = [sys.executable, "-m", "flake8_streamlit_security.cli", *args]
    return run(argv, cwd, stdin, timeout=timeout)


def flake8_results(
    text: str,
    args: Sequence[str] = (),
    *,
    filename: str = "app.py",
    only_sts: bool = True,
    **options: Any,
) -> list[Result]:
    """Run flake8 in-process (``Application().run``) on ``text`` written to a temp file.

    Without ``--select`` in ``args`` flake8's default selection applies (opt-in codes off).
    Columns are converted back to 0-based.
    """
    from flake8.main.application import Application

    code = src(text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
        out_file = Path(tmp, "flake8-output.txt")
        app = Application()
        app.run(
            [
                "--isolated",
                "--jobs=1",
                f"--output-file={out_file}",
                *args,
                *_option_argv(options),
                str(path),
            ]
        )
        # flake8 keeps the output file open in its formatter until stop()
        output = out_file.read_text(encoding="utf-8") if out_file.exists() else ""
    found = sorted((x.line, x.col - 1, x.code) for x in parse_flake8(output))
    if only_sts:
        found = [r for r in found if r[2].startswith("STS")]
    return found


def codes_of(found: Iterable[Result]) -> set[str]:
    return {c for _l, _c, c in found}


# --------------------------------------------------------------------------------------
# the _fail / _pass checks every rule module uses
# --------------------------------------------------------------------------------------


def check_fail(snippet: str, expected: Sequence[Result], code: str, **options: Any) -> None:
    """The plugin reports exactly ``expected`` for ``code`` (and codes named in it)."""
    select = {code} | {c for _l, _c, c in expected}
    got = results(snippet, sorted(select), **options)
    assert got == sorted(expected), (
        f"\n--- snippet ---\n{_numbered(src(snippet))}\nexpected {sorted(expected)}\n"
        f"     got {got}"
    )


def check_pass(snippet: str, code: str, **options: Any) -> None:
    """A near miss: the plugin reports nothing for ``code``."""
    got = results(snippet, (code,), **options)
    assert got == [], f"\n--- snippet ---\n{_numbered(src(snippet))}\nfalse positive(s): {got}"


def _numbered(code: str) -> str:
    return "\n".join(f"{i:3d}| {line}" for i, line in enumerate(code.splitlines(), 1))


def short_id(value: object) -> str:
    """A readable pytest id for a near-miss snippet: its last non-blank line."""
    if not isinstance(value, str):
        return repr(value)[:30]
    lines = [ln.strip() for ln in textwrap.dedent(value).splitlines() if ln.strip()]
    return (lines[-1] if lines else "empty")[:60]


def console_script(name: str) -> str:
    """The installed console script ``name`` (next to this interpreter, or on PATH)."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    import shutil

    found = shutil.which(name)
    if not found:
        pytest.fail(f"console script {name} is not installed: pip install -e .")
    return found
