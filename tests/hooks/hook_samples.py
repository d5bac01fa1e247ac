"""Credential-shaped test values, built at run time (importable by the hook tests)."""
from __future__ import annotations

import random
import string


def token(seed: str, length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    """A deterministic random-looking string, so no credential sits in the source."""
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


class Samples:
    """Credential-shaped values in every format the project detects, built at run
    time from a prefix and random characters (never a real or leaked key)."""

    LETTERS = string.ascii_letters
    ALNUM = string.ascii_letters + string.digits
    URLSAFE = ALNUM + "_-"

    aws = "AK" + "IA" + token("aws", 16, string.ascii_uppercase + string.digits)
    openai = (
        "sk-" + "proj-" + token("oa1", 20) + "T3Blbk" + "FJ" + token("oa2", 20)
    )
    github = "gh" + "p_" + token("gh", 36)
    stripe = "sk_" + "live_" + token("stripe", 24)
    huggingface = "hf" + "_" + token("hf", 34, LETTERS)
    anthropic = "sk-" + "ant-api03-" + token("ant", 93, URLSAFE) + "AA"
    google = "AI" + "za" + token("google", 35, URLSAFE)
    groq = "gs" + "k_" + token("groq", 52)
    replicate = "r8" + "_" + token("replicate", 37, URLSAFE)
    password = token("password", 28, ALNUM + "!#%&")
    # a hosting provider's generated password: letters only, both cases, few vowels
    letters_password = token("letters", 32, "bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ")
    # a mail provider's app password: four groups of four lowercase consonants
    app_password = " ".join(token(f"app{i}", 4, "bcdfghjklmnpqrstvwxz") for i in range(4))
    cookie = token("cookie", 64, "0123456789abcdef")


SAMPLES: dict[str, str] = {
    name: value for name, value in vars(Samples).items()
    if not name.startswith("_") and name not in ("LETTERS", "ALNUM", "URLSAFE")
}
