"""STS303 on the arguments of a fixed program (RULES.md STS303; docs/rules.md).

A list-form command with no shell runs its first element; the other elements reach the
program as they are.  A user's value there is dangerous as an *option* (``-rf``,
``--upload-pack=...``) or when the program runs its arguments as code (a shell, an
interpreter, ``-c``).  A value that begins with the program's own text (the folder it joined
the name to, a constant prefix) is no option; if the user steers the file it names, that is
path traversal (STS405), not a command.
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, run_plugin, short_id, src

_HEAD = "import os\nimport subprocess\nimport sys\nimport tempfile\nfrom pathlib import Path\n\n" \
    "import streamlit as st\n\nname = st.text_input('Name')\nup = st.file_uploader('File', " \
    "type=['docx'])\n"
_LINE = 11  # the line of the statement after _HEAD

ARGUMENT_FINDINGS = [
    pytest.param('subprocess.run(["git", "log", name])', [(_LINE, 30, "STS303")],
                 id="bare-value-may-be-an-option"),
    pytest.param('subprocess.run(["tar", "-xf", "-" + name])', [(_LINE, 30, "STS303")],
                 id="a-dash-prefix-makes-it-one"),
    pytest.param('subprocess.run(["bash", "-c", f"wc -l {name}"])', [(_LINE, 30, "STS303")],
                 id="shell-runs-it-as-a-command"),
    pytest.param('subprocess.run([sys.executable, "-c", f"print({name!r})"])',
                 [(_LINE, 38, "STS303")], id="interpreter-dash-c"),
    pytest.param('subprocess.run(["/usr/bin/python3.11", "tool.py", f"/x/{name}"])',
                 [(_LINE, 50, "STS303")], id="interpreter-by-path-and-version"),
    pytest.param('subprocess.run(["pandoc", f"{name}.md", "-o", "out.pdf"])',
                 [(_LINE, 26, "STS303")], id="the-user-value-first-in-an-f-string"),
    pytest.param('subprocess.run(["ls", *name.split()])', [(_LINE, 23, "STS303")],
                 id="spread-list-may-hold-options"),
    pytest.param('subprocess.run(["pandoc", f"/srv/docs/{name}.md"])', [(_LINE, 26, "STS405")],
                 id="anchored-path-the-user-steers-is-traversal"),
    pytest.param('subprocess.run(["soffice", "--convert-to", "pdf", os.path.abspath(name)])',
                 [(_LINE, 50, "STS405")], id="absolute-path-is-no-option"),
    # a folder whose name has a space is still a folder
    pytest.param('subprocess.run(["convert", f"My Files/{name}", "out.png"])',
                 [(_LINE, 27, "STS405")], id="folder-with-a-space-is-a-path"),
    # a wrapper runs the command after its options: that command's program decides
    pytest.param('subprocess.run(["sudo", "-S", "grep", "-I", name, "/var/log/syslog"])',
                 [(_LINE, 44, "STS303")], id="wrapped-fixed-program-option-only"),
    pytest.param('subprocess.run(["sudo", "-n", "bash", "-c", f"du -sh {name}"])',
                 [(_LINE, 44, "STS303")], id="wrapped-shell-runs-it"),
    pytest.param('subprocess.run(["sudo", name, "--version"])', [(_LINE, 24, "STS303")],
                 id="wrapped-program-the-user-names"),
    pytest.param('subprocess.run(["timeout", "5", "env", "LC_ALL=C", "python3", name])',
                 [(_LINE, 62, "STS303")], id="wrapped-twice-interpreter"),
]


@pytest.mark.parametrize(("line", "expected"), ARGUMENT_FINDINGS)
def test_argument_findings(line: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(_HEAD + line + "\n", expected, "STS303")


ARGUMENT_NEAR_MISSES = [
    # a sanitized name in a folder of the program's: neither an option nor traversal
    'subprocess.run(["soffice", "--headless", str(Path(tempfile.mkdtemp()) / '
    'os.path.basename(up.name))])',
    'subprocess.run(["ffmpeg", "-i", os.path.join("/srv/in", os.path.basename(up.name))])',
    'subprocess.run(["git", "log", "--", name])',  # after "--" nothing is an option
    'subprocess.run(["sudo", "-S", "grep", "-I", "--", name, "/var/log/syslog"])',
    'subprocess.run(["convert", f"in/{os.path.basename(name)}.png", "out.pdf"])',
    # a prompt given to a model's command line: words first, no separator, no path
    'subprocess.run(["ollama", "run", "llama3", f"Return JSON for this text:\\n{name}"])',
]


@pytest.mark.parametrize("line", ARGUMENT_NEAR_MISSES, ids=short_id)
def test_argument_near_misses(line: str) -> None:
    check_pass(_HEAD + line + "\n", "STS303")
    check_pass(_HEAD + line + "\n", "STS405")


def test_a_sanitized_name_in_a_temporary_folder_through_helpers() -> None:
    """The file name is made safe in one helper, joined under a temporary folder in a
    second, handed to LibreOffice in a third: nothing to report."""
    snippet = '''
        import re
        import subprocess
        from pathlib import Path
        from tempfile import TemporaryDirectory

        import streamlit as st


        def sanitize_filename(name):
            return re.sub(r'[<>:"/\\\\|?*]', " ", str(name)).strip(" .")


        def letter_name(person):
            return f"Letter - {sanitize_filename(person)}.docx"


        def to_pdf(source, outdir):
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                            str(outdir), str(source)], check=True)


        person = st.text_input("Employee")
        with TemporaryDirectory() as tmp:
            target = Path(tmp) / letter_name(person)
            target.write_bytes(b"...")
            to_pdf(target, tmp)
        '''
    check_pass(snippet, "STS303")
    check_pass(snippet, "STS405")


def test_the_advice_names_the_option() -> None:
    got = [f"{line}:{col}: {message}" for line, col, message, _ in
           run_plugin(src(_HEAD + 'subprocess.run(["git", "log", name])\n'))]
    assert got == [f"{_LINE}:30: STS303 user-controlled data in a command run by "
                   "subprocess.run() (command injection); it is an argument of a fixed "
                   "program and may start with '-' (an option): check it, or put '--' "
                   "before it"]


def test_a_wrapped_fixed_program_gets_the_advice_for_an_option() -> None:
    got = [message for _line, _col, message, _ in run_plugin(src(
        _HEAD + 'subprocess.run(["sudo", "-S", "grep", "-I", name, "/var/log/syslog"])\n'))]
    assert got == ["STS303 user-controlled data in a command run by subprocess.run() "
                   "(command injection); it is an argument of a fixed program and may start "
                   "with '-' (an option): check it, or put '--' before it"]


def test_a_command_list_built_above_the_call_is_judged_the_same_way() -> None:
    """``cmd = [program, ...]; subprocess.run(cmd)`` and ``asyncio``'s exec: the items
    after the program are arguments (an option only when the user chooses how it
    begins); a list headed by a shell stays a command."""
    check_fail(
        _HEAD + '''
import asyncio

convert = ["soffice", "--convert-to", "pdf", f"{tempfile.mkdtemp()}/{os.path.basename(name)}"]
subprocess.run(convert)
log = ["git", "log", name]
subprocess.run(log)
script = ["bash", "-c", f"wc -l {name}"]
subprocess.run(script)
asyncio.create_subprocess_exec("git", "log", "--", name)
asyncio.create_subprocess_exec("git", "log", name)
''',
        [(17, 15, "STS303"), (19, 15, "STS303"), (21, 45, "STS303")],
        "STS303",
    )


def test_a_helper_running_a_fixed_program_answers_once_per_argument() -> None:
    """A helper that hands its parameter to a fixed program: at the call, the user's
    value is an option risk (STS303) and nothing more; the helper that puts it under a
    folder of its own makes it a path (STS405) and nothing more."""
    check_fail(_HEAD + '''
LOG = "/var/log/app.log"


def search(pattern):
    command = ["sudo", "-S", "grep", "-I", pattern, LOG]
    return subprocess.run(command, capture_output=True)


def convert(stem):
    return subprocess.run(["pandoc", f"/srv/docs/{stem}.md", "-o", "out.pdf"])


search(name)
convert(name)
''', [(24, 7, "STS303"), (25, 8, "STS405")], "STS303")
