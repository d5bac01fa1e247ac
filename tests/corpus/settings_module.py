"""settings.py of a Streamlit project: no streamlit import, so only any-file rules apply."""
import os
import pickle
import sqlite3

APP_NAME = "acme-portal"
DEBUG = os.getenv("DEBUG", "0") == "1"
OPENAI_API_KEY = os.getenv("OPENAI_API_KEY")
OPENAI_API_KEY_ENV = "OPENAI_API_KEY"
PASSWORD_MIN_LENGTH = 12
TOKEN_URL = "https://oauth2.googleapis.com/token"
API_KEY_PLACEHOLDER = "sk-..."
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-Xq83Lm20Zp")  # expect: STS104
SMTP_PASSWORD = "Mx8-Ql4r-Zv2n-Tp7w"  # expect: STS101
DATABASE_URL = "postgresql://portal:Tr33-Fr0g-91@db.acme.internal/portal"  # expect: STS103
REDIS_URL = "redis://cache.acme.internal:6379/0"
SENTRY_DSN_ENV = "SENTRY_DSN"
DEFAULT_DB_PASSWORD = ""
STRIPE_PUBLISHABLE_KEY_NAME = "STRIPE_PUBLISHABLE_KEY"
password_help = "Use at least 12 characters."
show_password = "toggle"


def connect(user="portal", password="your-password-here"):
    return sqlite3.connect(f"file:{user}.db?mode=ro", uri=True), password


def load_cache(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def user_orders(cur, email):
    cur.execute(f"SELECT * FROM orders WHERE email = '{email}'")  # expect: STS401
    return cur.fetchall()


def top_products(cur, limit):
    cur.execute("SELECT * FROM products ORDER BY sales DESC LIMIT ?", (int(limit),))
    return cur.fetchall()


def run_shell(command):
    return os.system(command)


def debug_dump():
    print("has key:", "OPENAI_API_KEY" in os.environ)
