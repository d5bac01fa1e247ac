"""python-lsp-server's flake8 plugin shows STS diagnostics for the unsaved buffer.

pylsp is driven for real over stdio with JSON-RPC: initialize, didOpen of a buffer
whose text differs from the file on disk, then wait for publishDiagnostics.
"""
from __future__ import annotations

import importlib.util
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

from helpers import parse_flake8, run_flake8

from ._support import INSECURE_APP, assert_no_secret, write

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 60.0
DIAGNOSTICS_TIMEOUT = 90.0
SHUTDOWN_TIMEOUT = 15.0

ON_DISK = 'import streamlit as st\n\nst.title("Saved version")\n'
# The buffer: the insecure app moved down by a few lines, and not saved.
BUFFER = '"""Unsaved edits."""\n\n\n' + INSECURE_APP


def require_pylsp() -> None:
    if importlib.util.find_spec("pylsp") is None:
        if os.environ.get("CI"):
            pytest.fail("python-lsp-server is not installed (the test extras install it)")
        pytest.skip("python-lsp-server is not installed")


def settings() -> dict[str, Any]:
    flake8_plugin: dict[str, Any] = {"enabled": True}
    executable = Path(sys.executable).with_name("flake8")
    if executable.is_file():  # the flake8 of this interpreter, which has the plugin
        flake8_plugin["executable"] = str(executable)
    disabled = ("pycodestyle", "pyflakes", "mccabe", "pydocstyle", "pylint", "autopep8", "yapf")
    plugins = {name: {"enabled": False} for name in disabled}
    plugins["flake8"] = flake8_plugin
    return {"configurationSources": ["flake8"], "plugins": plugins}


class Client:
    """A minimal LSP client over a subprocess's stdio."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pylsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        reader.start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                header = header.strip()
                if not header:
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any] | None, timeout: float) -> Any:
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        message = self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)
        assert "error" not in message, message
        return message.get("result")

    def wait(self, accept: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching message from pylsp within {timeout} s")
            try:
                message = self.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if accept(message):
                return message

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, SHUTDOWN_TIMEOUT)
                self.notify("exit", {})
                self.process.wait(timeout=SHUTDOWN_TIMEOUT)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=SHUTDOWN_TIMEOUT)
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()


def sts_diagnostics(uri: str) -> Any:
    def accept(message: dict[str, Any]) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return bool(params["uri"] == uri and any(
            str(d.get("code", "")).startswith("STS") for d in params["diagnostics"]
        ))
    return accept


def test_pylsp_reports_sts_for_the_unsaved_buffer(tmp_path: Path) -> None:
    require_pylsp()
    path = write(tmp_path, "app.py", ON_DISK)
    # What flake8 reports for the buffer's text, and that the saved file is clean.
    expected = parse_flake8(
        run_flake8(["--stdin-display-name=app.py", "-"], tmp_path, BUFFER).stdout
    )
    expected_sts = sorted(
        (x.line - 1, x.col - 1, x.code) for x in expected if x.code.startswith("STS")
    )
    assert expected_sts, "the plugin reports nothing for the buffer"
    assert not [x for x in parse_flake8(run_flake8(["app.py"], tmp_path).stdout)
                if x.code.startswith("STS")]

    client = Client(tmp_path)
    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": tmp_path.as_uri(),
                "capabilities": {},
                "initializationOptions": {"pylsp": settings()},
            },
            STARTUP_TIMEOUT,
        )
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": {"pylsp": settings()}})
        uri = path.as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": BUFFER}},
        )
        message = client.wait(sts_diagnostics(uri), DIAGNOSTICS_TIMEOUT)
    finally:
        client.close()

    diagnostics = message["params"]["diagnostics"]
    got = sorted(
        (d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"])
        for d in diagnostics
        if str(d["code"]).startswith("STS")
    )
    assert got == expected_sts
    for diagnostic in diagnostics:
        assert diagnostic["source"] == "flake8"
        if str(diagnostic["code"]).startswith("STS"):
            assert diagnostic["message"].startswith(diagnostic["code"] + " ")
            assert diagnostic["severity"] == 2  # Warning
    assert_no_secret(json.dumps(message))
