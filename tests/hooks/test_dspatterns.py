"""detect-secrets' patterns read from its classes once and cached on disk."""
from __future__ import annotations

import base64
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_streamlit_security import dspatterns, secretscan
from hook_samples import SAMPLES, token


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# A well-formed JSON Web Token, and one whose parts look like one but are not JSON.
JWT = ".".join((_b64('{"alg":"HS256","typ":"JWT"}'), _b64('{"sub":"42"}'),
                token("jwt", 43, "abcdefghijkABCDEFG0123456789_-")))
NOT_JWT = "eyJ" + token("notjwt", 30) + "." + "eyJ" + token("notjwt2", 20) + "." + token("s", 20)


def _classes() -> list[tuple[str, object]]:
    """(human name, detect-secrets instance) of every detector in the table."""
    out = []
    for module, class_name, human in secretscan._BUILTIN:
        mod = importlib.import_module(f"detect_secrets.plugins.{module}")
        out.append((human, getattr(mod, class_name)()))
    return out


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "flake8-streamlit-security"


_VALUES = [
    *SAMPLES.values(), JWT, NOT_JWT,
    'aws_secret_access_key = "' + token("aws-secret", 40) + '"',
    "ibm_cloud_iam_api_key: " + token("ibm", 44, "abcdefXYZ0189_-"),
    "https://hooks.slack.com/services/T" + token("t", 8) + "/B" + token("b", 8) + "/"
    + token("x", 24),
    "xoxb-" + "1234567890-" + token("slack", 24).lower(),
    # npm's pattern has three groups: findall gives tuples, each non-empty part counts
    "//registry.npmjs.org/:_auth" + "Token=npm_" + token("npm", 36),
    "//registry.npmjs.org/:_auth" + "Token=" + token("npm2", 36, "abcdef0123456789-"),
    "plain words, no credential", "",
]


def _same_as_detect_secrets(detectors: list[dspatterns.Detector], value: str) -> None:
    classes = _classes()
    assert [d.name for d in detectors] == [human for human, _ in classes]
    for det, (_human, plugin) in zip(detectors, classes):
        assert list(det.find(value)) == list(plugin.analyze_string(value))  # type: ignore


@pytest.mark.parametrize("value", _VALUES)
def test_cached_patterns_find_what_detect_secrets_finds(cache, value):
    cold = dspatterns.load(secretscan._BUILTIN)
    assert len(list(cache.glob("detect-secrets-*.json"))) == 1
    warm = dspatterns.load(secretscan._BUILTIN)
    _same_as_detect_secrets(cold, value)
    _same_as_detect_secrets(warm, value)


@settings(max_examples=200, deadline=None)
@given(prefix=st.text(max_size=40), which=st.sampled_from(_VALUES), suffix=st.text(max_size=40))
def test_cached_patterns_agree_on_any_text(prefix, which, suffix):
    _same_as_detect_secrets(list(secretscan._load_detectors())[:len(secretscan._BUILTIN)],
                            prefix + which + suffix)


def test_jwt_is_still_judged_by_its_class():
    """The JWT detector checks that a match is JSON: the cache leaves that to it."""
    assert secretscan.detect(f'token = "{JWT}"') == "JSON Web Token"
    assert secretscan.detect(f'token = "{NOT_JWT}"') is None


_RUN = (
    "import sys, flake8_streamlit_security.secretscan as s\n"
    "print(s.detect(sys.stdin.read()), 'detect_secrets' in sys.modules)\n"
)


def _run(value: str, cache_home: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run([sys.executable, "-c", _RUN], input=value, env=env,
                          capture_output=True, text=True, check=True)
    assert proc.stderr == ""
    return proc.stdout.strip()


def test_later_processes_need_no_detect_secrets_import(tmp_path):
    """The first process imports detect-secrets and writes the patterns; the next
    one finds the same credential without importing it."""
    assert _run(SAMPLES["openai"], tmp_path) == "OpenAI API key True"
    (cached,) = (tmp_path / "flake8-streamlit-security").glob("detect-secrets-*.json")
    assert _run(SAMPLES["openai"], tmp_path) == "OpenAI API key False"
    assert _run(SAMPLES["github"], tmp_path) == "GitHub token False"
    # Only a JWT-shaped match wakes the detector that has its own analyze_string.
    assert _run(JWT, tmp_path) == "JSON Web Token True"
    text = cached.read_text()
    assert all(value not in text for value in (*SAMPLES.values(), JWT))


def test_the_key_follows_the_installed_files(tmp_path):
    plugins = tmp_path / "detect_secrets" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "base.py").write_text("# base\n")
    (plugins / "aws.py").write_text("# aws\n")
    table = [("aws", "AWSKeyDetector", "AWS access key")]
    first = dspatterns.package_key(str(tmp_path / "detect_secrets"), table)
    assert dspatterns.package_key(str(tmp_path / "detect_secrets"), table) == first
    (plugins / "aws.py").write_text("# aws, a later version\n")
    second = dspatterns.package_key(str(tmp_path / "detect_secrets"), table)
    assert second != first
    os.utime(plugins / "base.py", ns=(0, 0))
    assert dspatterns.package_key(str(tmp_path / "detect_secrets"), table) != second
    assert dspatterns.package_key(str(tmp_path / "detect_secrets"), table + [
        ("openai", "OpenAIDetector", "OpenAI API key")]) != second


@pytest.mark.parametrize("damage", [
    "not json at all {",
    json.dumps({"key": "another detect-secrets", "detectors": []}),
    json.dumps({"detectors": []}),
    "KEY:" + json.dumps([[0, False, [["(unclosed", 32]]]]),
    "KEY:" + json.dumps([[999, False, [["x", 32]]]]),
    "KEY:" + json.dumps([[-1, False, [["x", 32]]]]),
    "KEY:" + json.dumps([[0, "no", [["x", 32]]]]),
    "KEY:" + json.dumps([[0, False, [[1, "x"]]]]),
    "KEY:" + json.dumps("not a list"),
    "KEY:" + json.dumps({"0": [False, []]}),
    "KEY:" + json.dumps([[0, False, "xy"]]),
    "KEY:" + json.dumps([[True, False, [["x", 32]]]]),
    "KEY:" + json.dumps([[0.0, False, [["x", 32]]]]),
    json.dumps(["not", "a", "mapping"]),
])
def test_a_damaged_cache_is_read_again(cache, damage):
    dspatterns.load(secretscan._BUILTIN)
    (path,) = cache.glob("detect-secrets-*.json")
    good = path.read_text()
    if damage.startswith("KEY:"):
        damage = json.dumps({"key": json.loads(good)["key"],
                             "detectors": json.loads(damage[4:])})
    path.write_text(damage)
    detectors = dspatterns.load(secretscan._BUILTIN)
    _same_as_detect_secrets(detectors, SAMPLES["openai"])
    assert path.read_text() == good


def test_an_unwritable_cache_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _same_as_detect_secrets(dspatterns.load(secretscan._BUILTIN), SAMPLES["aws"])
    assert blocker.read_text() == ""
    assert _run(SAMPLES["aws"], blocker) == "AWS access key True"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


@pytest.mark.parametrize("xdg", [None, "", "relative/cache"])
def test_the_default_folder_is_under_the_home_cache(monkeypatch, xdg):
    """Unset, empty or relative (which the XDG spec says to ignore: it would put the
    folder in the project being linted)."""
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", "/home/someone")
    assert dspatterns.cache_dir() == "/home/someone/.cache/flake8-streamlit-security"


def test_a_broken_detect_secrets_is_not_cached(cache, monkeypatch):
    """When detect-secrets cannot be imported (a dependency missing), no detector
    runs and nothing is written, so the run after the repair reads the patterns."""
    monkeypatch.setitem(sys.modules, "detect_secrets.plugins.base", None)
    assert dspatterns.load(secretscan._BUILTIN) == []
    assert not cache.exists()
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent))
    _same_as_detect_secrets(dspatterns.load(secretscan._BUILTIN), SAMPLES["openai"])
    assert len(list(cache.glob("detect-secrets-*.json"))) == 1


def test_a_detector_that_cannot_be_made_finds_nothing():
    tries = []

    def broken() -> object:
        tries.append(1)
        raise TypeError("abstract class")

    det = dspatterns.Detector("JSON Web Token", (re.compile("eyJ"),), broken)
    assert list(det.find("eyJ" + "x" * 20)) == []
    assert list(det.find("eyJ" + "y" * 20)) == []
    assert tries == [1]  # tried once per process, not once per string


@pytest.mark.parametrize("xdg", [False, True])
def test_a_missing_home_is_never_created(tmp_path, monkeypatch, xdg):
    """HOME (or XDG_CACHE_HOME) pointing at a folder that does not exist: the patterns
    still load, the folder is not made (issue 17)."""
    missing = tmp_path / "no-such-home"
    if xdg:
        monkeypatch.setenv("XDG_CACHE_HOME", str(missing))
    else:
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(missing))
    _same_as_detect_secrets(dspatterns.load(secretscan._BUILTIN), SAMPLES["aws"])
    assert not missing.exists()
    env = {**os.environ, "XDG_CACHE_HOME": str(missing)} if xdg else {
        k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    proc = subprocess.run([sys.executable, "-c", _RUN], input=SAMPLES["aws"], env=env,
                          capture_output=True, text=True, check=True)
    assert proc.stdout.split()[0:3] == ["AWS", "access", "key"]
    assert not missing.exists()


def test_an_existing_home_gets_its_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    dspatterns.load(secretscan._BUILTIN)
    assert len(list((tmp_path / ".cache" / "flake8-streamlit-security").glob("*.json"))) == 1
