"""secretscan.detect(), its pre-filter and the project's detect-secrets detectors."""
from __future__ import annotations

import os
import re
import string
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_streamlit_security import secretscan
from hook_samples import SAMPLES, token

ALNUM = string.ascii_letters + string.digits

FORMATS = [
    ("aws", "AWS access key"),
    ("openai", "OpenAI API key"),
    ("github", "GitHub token"),
    ("stripe", "Stripe API key"),
    ("huggingface", "Hugging Face token"),
    ("anthropic", "Anthropic API key"),
    ("google", "Google API key"),
    ("groq", "Groq API key"),
    ("replicate", "Replicate API token"),
]


def test_import_does_not_import_detect_secrets():
    code = (
        "import sys, flake8_streamlit_security.secretscan as s\n"
        "assert s.detect('hello world, nothing to see') is None\n"
        "assert s.detect('x = 1') is None\n"
        "print('detect_secrets' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


@pytest.mark.parametrize("attr, name", FORMATS)
def test_formats(samples, attr, name):
    value = getattr(samples, attr)
    assert secretscan.could_match(value)
    assert secretscan.detect(value) == name
    assert secretscan.detect(f'client = Client(api_key="{value}")') == name
    assert secretscan.detect(f"Bearer {value}") == name


def test_more_builtin_formats():
    slack = "xox" + "b-123456789012-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
    private_key = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9" + "Zx4Q" * 8
    assert secretscan.detect(slack) == "Slack token"
    assert secretscan.detect(private_key) == "private key"


@pytest.mark.parametrize(
    "value",
    [
        "", "hf_xxx", "hf_" + "x" * 34, "hf_your_token_here_abcdefghijklmnopq",
        "sk-ant-...", "sk-ant-api03-...", "sk-" + "ant-api03-" + "x" * 95,
        "AIza<your key>", "AIza" + "X" * 35, "gsk_...", "gsk_" + "your" + "A" * 48,
        "r8_xxxxxxxxxxxx", "AKIA" + "IOSFODNN7" + "EXAMPLE", "ghp_" + "x" * 36,
        "sk-proj-...", "${OPENAI_API_KEY}", "<OPENAI_API_KEY>",
        "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz" + "AbCdEfGhIj",  # 36 letters: not a token
        "see https://huggingface.co/docs for the hf_ prefix",
    ],
)
def test_placeholders_and_near_misses(value):
    assert secretscan.detect(value) is None


def test_placeholder_context_hides_a_match(samples):
    assert secretscan.detect(f"your key, e.g. {samples.huggingface}") is None
    assert secretscan.detect(f"<{samples.groq}>") is None


def test_global_settings_untouched(samples):
    from detect_secrets.settings import get_settings

    before = get_settings().json()
    for attr, _ in FORMATS:
        secretscan.detect(getattr(samples, attr))
    assert get_settings().json() == before


def test_own_detectors_load_as_detect_secrets_plugins():
    from detect_secrets.core.plugins.util import get_plugins_from_file

    from flake8_streamlit_security import detectors

    found = {cls.__name__ for cls in get_plugins_from_file(detectors.__file__)}
    assert found == {cls.__name__ for cls in detectors.DETECTORS}


def test_own_detectors_through_analyze_line(samples):
    from flake8_streamlit_security.detectors import HuggingFaceDetector

    found = HuggingFaceDetector().analyze_line(
        filename="app.py", line=f'token = "{samples.huggingface}"', line_number=3
    )
    assert [(s.type, s.line_number) for s in found] == [("Hugging Face Token", 3)]


_ALPHABET = string.ascii_letters + string.digits + "_-.:=/+ \"'"


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.text(alphabet=_ALPHABET, max_size=30),
    suffix=st.text(alphabet=_ALPHABET, max_size=30),
    which=st.sampled_from([attr for attr, _ in FORMATS]),
    cut=st.integers(min_value=0, max_value=120),
)
def test_prefilter_is_sound(prefix, suffix, which, cut):
    """Whatever the full scan (every detector, detect-secrets' patterns) finds,
    the pre-filter lets through and its routing finds the same."""
    value = prefix + SAMPLES[which][:cut] + suffix
    found = secretscan.detect_unfiltered(value)
    if found is not None:
        assert secretscan.could_match(value)
    assert secretscan.detect(value) == found


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_prefilter_is_sound_on_any_text(value):
    found = secretscan.detect_unfiltered(value)
    if found is not None:
        assert secretscan.could_match(value)
    assert secretscan.detect(value) == found


@settings(max_examples=200, deadline=None)
@given(
    own=st.sampled_from(["huggingface", "anthropic", "google", "groq", "replicate"]),
    builtin=st.sampled_from(["aws", "openai", "github", "stripe"]),
    sep=st.sampled_from([" ", "\n", '", "', "&key="]),
    own_first=st.booleans(),
)
def test_own_and_builtin_formats_in_one_string(own, builtin, sep, own_first):
    """A string holding one of each reports what the full scan reports."""
    parts = [SAMPLES[own], SAMPLES[builtin]]
    value = sep.join(parts if own_first else parts[::-1])
    assert secretscan.detect(value) == secretscan.detect_unfiltered(value) is not None


@pytest.mark.parametrize("which", ["huggingface", "anthropic", "google", "groq", "replicate"])
def test_own_formats_need_no_detect_secrets_import(which):
    """The project's formats are judged without importing detect-secrets (the
    editor pays its import only for detect-secrets' own formats)."""
    code = (
        "import sys, flake8_streamlit_security.secretscan as s\n"
        "value = sys.stdin.read()\n"
        "print(s.detect(value), s.detect(f'x = \"{value}\"'), 'detect_secrets' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], input=SAMPLES[which],
                          capture_output=True, text=True, check=True)
    name = dict(FORMATS)[which]
    assert proc.stdout.strip() == f"{name} {name} False"


def test_builtin_formats_import_detect_secrets(samples, tmp_path):
    """Until their patterns are cached (tests/hooks/test_dspatterns.py)."""
    code = (
        "import sys, flake8_streamlit_security.secretscan as s\n"
        "print(s.detect(sys.stdin.read()), 'detect_secrets' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], input=samples.openai, env=env,
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "OpenAI API key True"


def test_detector_classes_match_tokenformats(samples):
    """The detect-secrets classes and the light path share one definition."""
    from flake8_streamlit_security import detectors, tokenformats

    assert [cls.denylist for cls in detectors.DETECTORS] == [
        fmt.patterns for fmt in tokenformats.FORMATS]
    assert all(p.groups == 1 for fmt in tokenformats.FORMATS for p in fmt.patterns)
    text = " ".join(SAMPLES[k] for k in ("huggingface", "anthropic", "google", "groq",
                                         "replicate", "openai"))
    pairs = zip(tokenformats.FORMATS, detectors.DETECTORS)
    via_classes = [(fmt.name, token) for fmt, cls in pairs for token in cls().analyze_string(text)]
    light = [(det.name, token) for det in secretscan._own_detectors() for token in det.find(text)]
    assert light == via_classes
    assert len(via_classes) == 5


@pytest.mark.parametrize(
    "value, high",
    [
        ("0123456789abcdef0123456789abcdef", True),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", False),
        ("password", False),
        ("correct horse battery staple", False),
        ("Zq8#pL2!vR9$mK4&wX7", True),
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", True),
    ],
)
def test_is_high_entropy(value, high):
    assert secretscan.is_high_entropy(value) is high


def test_judge_value(samples):
    assert secretscan.judge_value("anything", samples.groq) == "Groq API key"
    assert secretscan.judge_value("db_password", samples.password) == "high-entropy value"
    assert secretscan.judge_value("description", samples.password) is None
    assert secretscan.judge_value("password", "your-password-here") is None
    assert secretscan.shannon_entropy("") == 0.0
    assert secretscan.shannon_entropy("abab") == 1.0


def test_allowlist_pragma():
    assert secretscan.is_allowlisted('k = "v"  # pragma: allowlist secret')
    assert secretscan.is_allowlisted('k = "v"', "# pragma: allowlist nextline secret")
    assert not secretscan.is_allowlisted('k = "v"  # pragma: no cover')
    assert not secretscan.is_allowlisted('k = "v"', 'x = 1  # pragma: allowlist nextline secret')


@pytest.mark.parametrize(
    "value",
    [
        "Enter your password", "Please paste your API token below", "secret_key",
        "SELECT * FROM users WHERE id = ?", "The quick brown fox jumps over the lazy dog",
        "https://docs.streamlit.io/develop/api-reference",
        "https://my-bucket.s3.us-west-2.amazonaws.com/data/sales_2024.csv",
        "Streamlit draws widget borders unless the AWS region says otherwise",
    ],
)
def test_prefilter_rejects_ordinary_strings(value):
    assert not secretscan.could_match(value)


def test_aws_urls_need_no_detect_secrets_import():
    """The word "aws" alone (every S3 URL) does not cost the editor detect-secrets'
    import: AWS's keyword form also needs a 40-character run."""
    code = (
        "import sys, flake8_streamlit_security.secretscan as s\n"
        "url = 'https://demo-data.s3-us-west-2.amazonaws.com/uber-raw-data-sep14.csv.gz'\n"
        "print(s.detect(url), s.text_may_contain(f'DATA_URL = {url!r}\\n'),\n"
        "      'detect_secrets' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == "None False False"


@pytest.mark.parametrize("letter", ["\u0130", "\u0131", "\u017f", "\u212a"])
def test_keyword_form_runs_fold_case_as_the_patterns_do(letter):
    """With IGNORECASE, [a-zA-Z] also matches İ ı ſ K: a run holding one is still
    a run, so the pre-filter lets through what detect-secrets would find."""
    value = "aws_secret_key = '" + "A1b2" * 5 + letter + "c3D4" * 4 + "e5F" + "'"
    assert secretscan.detect_unfiltered(value) == "AWS access key"
    assert secretscan.detect(value) == "AWS access key"


@pytest.mark.parametrize(
    "value, name",
    [
        ("aws_secret_access_key = '" + token("aws-secret", 40, ALNUM + "/+") + "'",
         "AWS access key"),
        ("ibm_cloud_iam_api_key = '" + token("ibm", 44, ALNUM + "_-") + "'",
         "IBM Cloud IAM key"),
    ],
)
def test_keyword_forms_pass_the_prefilter(value, name):
    assert secretscan.could_match(value)
    assert secretscan.detect(value) == name


# The pre-filter's fast scans equal the patterns they stand for.
_LONG_RUN = re.compile(r"[A-Za-z0-9/+=_-]{40}", re.IGNORECASE)
_DISCORD = re.compile(r"(?<=[\w-]{23})\.[\w-]{6}\.[\w-]{27}")
_TELEGRAM = re.compile(r"(?<=\d{8}):[\w-]{35}")
_KEYWORD = re.compile(r"aws|key|pwd|pass|token|secret", re.IGNORECASE)
_SCAN_ALPHABET = "aZ09/+=_-.: \n\u0661\u00e9\u0130\u0131\u017f\u212aKeyPASSwsToken"


def _runs(size: int) -> st.SearchStrategy[str]:
    return st.lists(
        st.one_of(st.text(alphabet=_SCAN_ALPHABET, max_size=8),
                  st.integers(1, size).map(lambda n: "a1_" * (n // 3) + "Z" * (n % 3)),
                  st.integers(1, 12).map(lambda n: "7" * n)),
        max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_runs(60))
def test_fast_scans_equal_their_patterns(text):
    assert list(secretscan._long_runs(text)) == [m.start() for m in _LONG_RUN.finditer(text)]
    shapes = sorted(secretscan._shapes(text))
    expected = sorted([m.start() - 23 for m in _DISCORD.finditer(text)]
                      + [m.start() - 8 for m in _TELEGRAM.finditer(text)])
    assert shapes == expected
    assert secretscan._has_keyword(text) == (_KEYWORD.search(text) is not None)


@pytest.mark.parametrize("text", [
    "x" * 23 + "." + "a" * 6 + "." + "b" * 27,  # Discord shape
    "12345678:" + "c" * 35,  # Telegram shape
    "token = '" + "A1b2" * 10 + "'",  # keyword and a 40-character run
])
def test_fast_scans_find_the_shapes(text):
    assert secretscan.could_match(text)
    assert list(secretscan.hot_offsets(text))


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(["AKIA", "ghp_", "glpat-", "hf_", "XOXB-", "Hooks.Slack.com",
                              "-us1", "AP1", "AKC", "eyJ", "a1", "Z", " ", ".", "A3TX", "gho_",
                              "AC", "SK", "0123456789abcdef"]),
             max_size=12).map("".join),
))
def test_the_literal_gates_let_every_pattern_match_through(value):
    """A pattern is searched only where its leading literal occurs: the gates
    (derived from the patterns) never turn away a match."""
    for gate, pattern in secretscan._GATED:
        assert gate and pattern.pattern.startswith(gate)
        if pattern.search(value) is not None:
            assert gate in value


def _piecewise(value: str) -> str | None:
    """What detect made of a long value before the whole-value pre-filter: every
    line (or whitespace token of a too-long line) scanned on its own."""
    for piece in secretscan._pieces(value):
        found = secretscan.detect(piece)
        if found:
            return found
    return None


_LINE = st.text(alphabet=_ALPHABET, max_size=90)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(_LINE, min_size=30, max_size=60),
    which=st.one_of(st.none(), st.sampled_from([attr for attr, _ in FORMATS])),
    at=st.integers(min_value=0, max_value=59),
    keyword=st.sampled_from(["", "aws_secret = ", "token: ", "key "]),
)
def test_long_values_are_prefiltered_whole(lines, which, at, keyword):
    """A value longer than _MAX_SCAN is rejected at once when _long_may_contain
    rejects it, and otherwise judged piece by piece as before."""
    if which is not None:
        lines.insert(min(at, len(lines)), keyword + SAMPLES[which])
    value = "\n".join(lines)
    while len(value) <= secretscan._MAX_SCAN:
        value += "\n" + value
    assert secretscan.detect(value) == _piecewise(value)
    if not secretscan._long_may_contain(value):
        assert _piecewise(value) is None


def test_long_docstring_like_value_skips_the_per_line_scan(monkeypatch):
    # a 40-character run (a link) on one line, the word "key" on another: no line
    # holds both, as the keyword forms need
    prose = ("Return the widget's value.\n\n    Parameters\n    ----------\n    key : str\n"
             "    See https://docs.streamlit.io/develop/concepts/architecture/widget-behavior\n"
             ) * 100
    calls = []
    monkeypatch.setattr(secretscan, "could_match", lambda v: calls.append(v) or False)
    assert secretscan.detect(prose) is None
    assert calls == []  # rejected whole: no line was scanned on its own
    monkeypatch.undo()
    leaked = prose + f'\nkey = "{SAMPLES["github"]}"\n'
    assert secretscan.detect(leaked) == _piecewise(leaked) is not None


@pytest.mark.parametrize("line, name", [
    ("ibm_cloud_iam_api_key = '" + token("ibm", 44, ALNUM + "_-") + "'", "IBM Cloud IAM key"),
    ("    api_key: " + token("ibm2", 44, ALNUM + "_-"), "IBM Cloud IAM key"),
])
def test_long_values_keep_keyword_forms(line, name):
    """A keyword form (no fixed part: a keyword and a long run on one line) inside a
    long value still reaches the line-by-line scan."""
    prose = "Configure the client.\n\n    Parameters\n    ----------\n" * 60
    value = prose + line + "\n" + prose
    assert len(value) > secretscan._MAX_SCAN
    assert secretscan.detect(value) == _piecewise(value) == name


@pytest.mark.parametrize("blob", [
    token("blob", 50_000, string.ascii_letters + string.digits + "+/"),  # one line
    "data:image/png;base64," + token("png", 50_000, string.ascii_letters + "+/"),
    ("key=" + token("k", 60) + " ") * 1_000,  # keyword and runs on one long line
])
def test_long_single_line_values(blob):
    assert secretscan.detect(blob) == _piecewise(blob)
    assert secretscan.detect(blob + "\n" + SAMPLES["github"]) == _piecewise(
        blob + "\n" + SAMPLES["github"]) is not None


# ---------------------------------------------------------------- low-variety tokens
_BASES = "ACGT"


def _sequence(seed: int, n: int) -> str:
    import random

    rng = random.Random(seed)
    return "".join(rng.choice(_BASES) for _ in range(n))


@pytest.mark.parametrize("seed", range(20))
def test_dna_sequences_are_not_aws_keys(seed):
    """FASTA text (A/C/G/T runs holding ACCA and 16 more capitals) matched
    the AWS key id format; a run of four letters is no generated key."""
    body = _sequence(seed, 60)
    fasta = f">contig_{seed} sample\n{body[:30]}ACCA{body[30:]}\n"
    assert secretscan.detect(fasta) is None
    assert secretscan.detect(body[:10] + "ACCA" + body[10:26]) is None


@pytest.mark.parametrize("seed", range(50))
def test_generated_aws_key_ids_are_found(seed):
    """Random key ids in AWS's own alphabet (A-Z, 2-7), with each prefix, still found."""
    import random

    rng = random.Random(1000 + seed)
    prefix = ("AKIA", "ASIA", "ABIA", "ACCA")[seed % 4]
    key_id = prefix + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    assert secretscan.detect(f'aws_access_key_id = "{key_id}"') == "AWS access key"
    assert secretscan.varied(key_id)


@pytest.mark.parametrize("body", ["test_key", "placeholder", "MIIEvQIBADANBgkqhkiG9w0...",
                                  "", "<your key here>"])
def test_a_private_key_header_around_a_dummy_body_is_no_key(body: str) -> None:
    """Tests write dummy key files: a header around ``test_key`` is not key material
    (to report; the redaction step still masks the header)."""
    header = "-----BEGIN " + "PRIVATE KEY-----"
    assert secretscan.detect(f"{header}\n{body}\n-----END PRIVATE KEY-----", reporting=True) is None


def test_a_private_key_with_its_material_is_found_short_or_long() -> None:
    import base64
    import os

    header = "-----BEGIN " + "PRIVATE KEY-----"
    ed25519 = base64.b64encode(os.urandom(48)).decode()  # 64 characters, the shortest
    rsa = "\n".join(base64.b64encode(os.urandom(48)).decode() for _ in range(40))
    for body in (ed25519, rsa):  # the long one is scanned line by line
        key = f"{header}\n{body}\n-----END PRIVATE KEY-----"
        assert secretscan.detect(key, reporting=True) == "private key"


def test_a_long_value_is_judged_in_linear_time() -> None:
    """A multi-megabyte literal (an embedded policy document) is scanned line by line;
    whether it holds key material is judged once for the whole value, not per line
    (that made one such file take two minutes)."""
    import time

    line = '{"Effect": "Allow", "Action": ["iam:GetRole"], "Resource": "*"},\n'
    value = line * 40_000 + "-----BEGIN " + "PRIVATE KEY-----\nplaceholder\n"
    start = time.perf_counter()
    assert secretscan.detect(value, reporting=True) is None
    assert time.perf_counter() - start < 5
