"""STS201–STS208: authentication and authorization (RULES.md, "STS2xx").

Report locations: STS201/202 the attribute (or subscript) expression; STS203 the ``if``;
STS204 the ``endswith`` call or the ``in`` compare; STS205/206/207 the Compare node;
STS208 the ``st.session_state`` write (statement start).
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, short_id

# --------------------------------------------------------------------------- STS201

STS201_FAIL = [
    pytest.param(
        """
        import streamlit as st

        if not st.user.is_logged_in:
            st.login()
            st.stop()
        """,
        [(3, 7, "STS201")],
        id="attribute",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.user["is_logged_in"]:
            st.write("hi")
        """,
        [(3, 3, "STS201")],
        id="subscript",
    ),
    pytest.param(
        """
        import streamlit as st

        logged_in = st.user.is_logged_in
        """,
        [(3, 12, "STS201")],
        id="assigned",
    ),
    pytest.param(
        """
        from streamlit import user

        if user.is_logged_in:
            print("ok")
        """,
        [(3, 3, "STS201")],
        id="from-import",
    ),
    pytest.param(
        """
        import streamlit as st

        st.sidebar.write("Signed in:", st.user.is_logged_in)
        """,
        [(3, 31, "STS201")],
        id="argument",
    ),
    pytest.param(
        """
        import streamlit as stl

        ok = stl.user.is_logged_in
        """,
        [(3, 5, "STS201")],
        id="alias",
    ),
]


STS201_FAIL += [
    pytest.param(
        'import streamlit as st\nif hasattr(st, "user") and st.user.is_logged_in:\n'
        '    st.write("hi")\n',
        [(2, 27, "STS201")],
        id="hasattr-of-st-does-not-guard",
    ),
    pytest.param(
        'import streamlit as st\ntry:\n    ok = st.user.is_logged_in\nfinally:\n    pass\n',
        [(3, 9, "STS201")],
        id="try-finally-does-not-guard",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS201_FAIL)
def test_STS201_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS201")


STS201_PASS = [
    'import streamlit as st\nif not getattr(st.user, "is_logged_in", False):\n    st.login()\n'
    '    st.stop()\n',
    'import streamlit as st\nok = st.user.get("is_logged_in", False)\n',
    "import streamlit as st\nok = st.session_state.is_logged_in\n",
    "import streamlit as st\nuser = get_current_user()\nif user.is_logged_in:\n"
    "    st.write('hi')\n",
    "def view(request):\n    return request.user.is_logged_in\n",
    "import streamlit as st\n\ndef view(request):\n    return request.user.is_logged_in\n",
    'import streamlit as st\nst.caption("Uses st.user.is_logged_in when [auth] is configured")\n',
]


STS201_PASS += [
    # guarded reads cannot raise
    'import streamlit as st\nif hasattr(st.user, "is_logged_in") and st.user.is_logged_in:\n'
    '    st.write("hi")\n',
    'import streamlit as st\ntry:\n    ok = st.user.is_logged_in\n'
    'except (AttributeError, KeyError):\n    ok = False\n',
]


@pytest.mark.parametrize("snippet", STS201_PASS, ids=short_id)
def test_STS201_pass(snippet: str) -> None:
    check_pass(snippet, "STS201")


# --------------------------------------------------------------------------- STS202

STS202_FAIL = [
    pytest.param(
        "import streamlit as st\n\nemail = st.experimental_user.email\n",
        [(3, 8, "STS202")],
        id="attribute",
    ),
    pytest.param(
        "import streamlit as st\n\nif st.experimental_user.is_logged_in:\n    pass\n",
        [(3, 3, "STS202")],
        id="if",
    ),
    pytest.param(
        "import streamlit as st\n\nst.write(st.experimental_user)\n",
        [(3, 9, "STS202")],
        id="argument",
    ),
    pytest.param(
        "import streamlit as st\n\nuser_info = st.experimental_user.to_dict()\n",
        [(3, 12, "STS202")],
        id="method",
    ),
    pytest.param(
        'import streamlit\n\nname = streamlit.experimental_user.get("name")\n',
        [(3, 7, "STS202")],
        id="plain-import",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS202_FAIL)
def test_STS202_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS202")


STS202_PASS = [
    "import streamlit as st\nemail = st.user.email\n",
    "import streamlit as st\nx = obj.experimental_user\n",
    'import streamlit as st\nst.write("Migrated from st.experimental_user")\n',
    "def f(app):\n    return app.experimental_user\n",
    "import streamlit as st\n\ndef f(app):\n    return app.experimental_user\n",
]


@pytest.mark.parametrize("snippet", STS202_PASS, ids=short_id)
def test_STS202_pass(snippet: str) -> None:
    check_pass(snippet, "STS202")


# --------------------------------------------------------------------------- STS203

STS203_FAIL = [
    pytest.param(
        """
        import streamlit as st

        if not st.user.is_logged_in:
            st.button("Log in", on_click=st.login)
        st.write(f"Welcome {st.user.name}")
        """,
        [(3, 0, "STS203")],
        id="button-on-click",
    ),
    pytest.param(
        """
        import streamlit as st

        if not getattr(st.user, "is_logged_in", False):
            st.warning("Please log in to continue.")
            st.login("google")
        st.header("Admin")
        st.dataframe(load_admin_data())
        """,
        [(3, 0, "STS203")],
        id="getattr-login-call",
    ),
    pytest.param(
        """
        import streamlit as st


        def main():
            if not st.user.get("is_logged_in", False):
                st.info("This app is private.")
                if st.button("Log in with Google"):
                    st.login("google")
            st.title("Dashboard")


        main()
        """,
        [(5, 4, "STS203")],
        id="in-function-nested-button",
    ),
    pytest.param(
        """
        import streamlit as st

        if not getattr(st.user, "is_logged_in", False):
            st.error("You must log in to see this page.")
        st.write("Quarterly numbers")
        """,
        [(3, 0, "STS203")],
        id="warns-only",
    ),
    pytest.param(
        """
        import streamlit as st

        with st.sidebar:
            if not getattr(st.user, "is_logged_in", False):
                st.button("Sign in", on_click=st.login, args=("okta",))
            st.write("Menu")
        """,
        [(4, 4, "STS203")],
        id="inside-with-block",
    ),
]


STS203_FAIL += [
    pytest.param(
        """
        import streamlit as st

        ALLOWED = {"a@example.org"}

        if not getattr(st.user, "is_logged_in", False):
            st.login()
        elif st.user.email not in ALLOWED:
            st.error("Not allowed")
            st.stop()
        st.write("payroll")
        """,
        [(5, 0, "STS203")],
        id="elif-is-not-an-else-holding-the-rest",
    ),
    pytest.param(
        """
        import streamlit as st

        if not (logged_in := getattr(st.user, "is_logged_in", False)):
            st.login()
        st.write(logged_in)
        """,
        [(3, 0, "STS203")],
        id="walrus-in-condition",
    ),
]


STS203_FAIL += [
    pytest.param(
        """
        import streamlit as st

        if not getattr(st.user, "is_logged_in", False):
            with st.container(border=True):
                st.button("Log in", on_click=st.login)
        st.write("secret")
        """,
        [(3, 0, "STS203")],
        id="login-inside-a-container",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS203_FAIL)
def test_STS203_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS203")


STS203_PASS = [
    """
    import streamlit as st

    if not st.user.is_logged_in:
        st.button("Log in", on_click=st.login)
        st.stop()
    st.write("secret")
    """,
    """
    import streamlit as st


    def page():
        if not getattr(st.user, "is_logged_in", False):
            st.login()
            return
        st.write("ok")
    """,
    """
    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        st.warning("Log in first")
        raise SystemExit
    st.write("ok")
    """,
    """
    import sys

    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        st.login()
        sys.exit()
    st.write("ok")
    """,
    """
    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        st.login()
        st.rerun()
    st.write("ok")
    """,
    """
    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        st.button("Log in", on_click=st.login)
    else:
        st.write(f"Hello {st.user.name}")
        st.dataframe(load_data())
    """,
    """
    import streamlit as st

    st.title("Home")
    if not getattr(st.user, "is_logged_in", False):
        st.button("Log in", on_click=st.login)
    """,
    """
    import streamlit as st

    if getattr(st.user, "is_logged_in", False):
        st.write("hello")
    else:
        st.login()
    st.caption("footer")
    """,
    # guest mode: the branch neither offers login nor warns
    """
    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        st.caption("Browsing as a guest")
    st.write("Public dashboard")
    """,
]


STS203_PASS += [
    """
    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        if st.button("Log in"):
            st.login()
        st.stop()
    st.write("x")
    """,
    """
    import streamlit as st


    def main():
        if not getattr(st.user, "is_logged_in", False):
            st.button("Log in", on_click=st.login)
            return
        st.write("x")


    main()
    """,
]


# Custom gates (issue 16): a login or password check function, an auth flag in
# st.session_state.  Streamlit's own check_password recipe ends in st.stop().
STS203_PASS += [
    """
    import hmac

    import streamlit as st


    def check_password():
        def password_entered():
            if hmac.compare_digest(st.session_state["password"], st.secrets["password"]):
                st.session_state["password_correct"] = True
                del st.session_state["password"]
            else:
                st.session_state["password_correct"] = False

        if st.session_state.get("password_correct", False):
            return True
        st.text_input("Password", type="password", on_change=password_entered,
                      key="password")
        if "password_correct" in st.session_state:
            st.error("Password incorrect")
        return False


    if not check_password():
        st.stop()
    st.write("Here goes your normal Streamlit app...")
    """,
    """
    import streamlit as st

    if not st.session_state.get("authenticated"):
        login_form()
        st.stop()
    st.write("content")
    """,
    """
    import streamlit as st

    if not st.session_state["authentication_status"]:
        st.error("Username/password is incorrect")
    else:
        st.dataframe(load_orders())
    """,
    # the password itself, not a flag; a getter, not a check
    """
    import streamlit as st

    if not st.session_state.get("password"):
        st.warning("Enter a password")
    st.write("x")
    """,
    """
    import streamlit as st

    if not get_db_password():
        st.warning("No database password configured")
    st.write("x")
    """,
    # nothing follows the gate
    """
    import streamlit as st

    st.title("Reports")
    if not is_authenticated():
        st.warning("Please log in")
    """,
    # a flag for a step of the login form (the button that reveals it), not for
    # having logged in: what follows is the form itself
    """
    import streamlit as st

    if not st.session_state.get("signed_in"):
        if not st.session_state["login_clicked"]:
            if st.button("Log in"):
                st.session_state["login_clicked"] = True
        if st.session_state["login_clicked"]:
            with st.form("credentials"):
                user = st.text_input("User")
                secret = st.text_input("Password", type="password")
                st.form_submit_button("Enter")
    else:
        st.dataframe(load_orders())
    """,
    """
    import streamlit as st

    if not st.session_state.show_login:
        st.info("Press the button to log in")
    st.button("Log in", on_click=open_login)
    """,
]

STS203_FAIL_CUSTOM = [
    pytest.param(
        """
        import streamlit as st
        from auth import check_password

        if not check_password():
            st.warning("Please enter the password")
        st.write("Quarterly numbers")
        """,
        [(4, 0, "STS203")],
        id="check-password-warns",
    ),
    pytest.param(
        """
        import streamlit as st

        if not st.session_state.get("authenticated", False):
            st.text_input("Password", type="password", key="pw")
        st.dataframe(load_customers())
        """,
        [(3, 0, "STS203")],
        id="state-get-password-input",
    ),
    pytest.param(
        """
        import streamlit as st

        if not st.session_state["password_correct"]:
            st.error("Password incorrect")
        st.write("content")
        """,
        [(3, 0, "STS203")],
        id="state-item-errors",
    ),
    pytest.param(
        """
        import streamlit as st


        def page():
            if not st.session_state.logged_in:
                st.info("Please log in from the sidebar")
            st.header("Admin")


        page()
        """,
        [(5, 4, "STS203")],
        id="state-attribute-in-function",
    ),
    pytest.param(
        """
        import streamlit as st
        import auth

        if not auth.authenticate(st.session_state.get("user")):
            st.error("Access denied")
        st.write("payroll")
        """,
        [(4, 0, "STS203")],
        id="module-function-authenticate",
    ),
    pytest.param(
        # the second if tests another flag, or something follows it: content leaks
        """
        import streamlit as st

        if not st.session_state["authenticated"]:
            st.text_input("Password", type="password")
        if st.session_state.get("admin"):
            st.write("admin tools")

        if not st.session_state["logged_in"]:
            st.warning("Log in first")
        if st.session_state["logged_in"]:
            st.write("report")
        st.dataframe(salaries)
        """,
        [(3, 0, "STS203"), (8, 0, "STS203")],
        id="followed-by-an-if-on-another-flag-or-more-content",
    ),
]

STS203_PASS += [
    # the login branch, then the content under `if` on the same flag: gated as by else
    """
    import hmac

    import streamlit as st

    st.session_state.setdefault("authenticated", False)
    if not st.session_state["authenticated"]:
        pw = st.text_input("Password", type="password")
        if st.button("Log in") and hmac.compare_digest(pw, st.secrets["app_password"]):
            st.session_state["authenticated"] = True
            st.rerun()
    if st.session_state["authenticated"]:
        st.dataframe({"salary": [1, 2, 3]})
    """,
]


@pytest.mark.parametrize(("snippet", "expected"), STS203_FAIL_CUSTOM)
def test_STS203_fail_custom_gates(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS203")


@pytest.mark.parametrize("snippet", STS203_PASS, ids=short_id)
def test_STS203_pass(snippet: str) -> None:
    check_pass(snippet, "STS203")


# --------------------------------------------------------------------------- STS204

STS204_FAIL = [
    pytest.param(
        """
        import streamlit as st

        if st.user.email.endswith("company.com"):
            st.write("internal")
        """,
        [(3, 3, "STS204")],
        id="endswith",
    ),
    pytest.param(
        """
        import streamlit as st

        email = st.user.email
        if email.endswith("acme.io"):
            st.write("internal")
        """,
        [(4, 3, "STS204")],
        id="bound-name",
    ),
    pytest.param(
        """
        import streamlit as st

        if "acme.io" in st.user["email"]:
            st.write("internal")
        """,
        [(3, 3, "STS204")],
        id="in-subscript",
    ),
    pytest.param(
        """
        import streamlit as st

        is_staff = st.user.email.endswith("corp.example.org")
        """,
        [(3, 11, "STS204")],
        id="assigned",
    ),
    pytest.param(
        """
        import streamlit as st


        def is_employee():
            return st.user.email.endswith("bigco.com")
        """,
        [(5, 11, "STS204")],
        id="in-function",
    ),
]


STS204_FAIL += [
    pytest.param(
        """
        import streamlit as st

        ok = st.user.email.lower().endswith("acme.io")
        """,
        [(3, 5, "STS204")],
        id="after-string-method",
    ),
    pytest.param(
        """
        import streamlit as st

        ok = "@acme.io" in st.user.email
        """,
        [(3, 5, "STS204")],
        id="in-with-at-sign-still-bypassable",
    ),
]


STS204_FAIL += [
    pytest.param(
        'import streamlit as st\ndomain = st.user.email.split("@")[1]\n'
        'ok = domain.endswith("acme.com")\n',
        [(3, 5, "STS204")],
        id="domain-part-endswith",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS204_FAIL)
def test_STS204_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS204")


STS204_PASS = [
    'import streamlit as st\nok = st.user.email.endswith("@company.com")\n',
    'import streamlit as st\nok = st.user.email.split("@")[-1] == "company.com"\n',
    'import streamlit as st\nALLOWED = {"acme.io"}\n'
    'ok = st.user.email.lower().rsplit("@", 1)[1] in ALLOWED\n',
    'import streamlit as st\nemail = st.text_input("Email")\nif email.endswith("gmail.com"):\n'
    '    st.warning("Use your work address")\n',
    'import streamlit as st\nup = st.file_uploader("CSV", type="csv")\n'
    'if up and up.name.endswith(".csv"):\n'
    "    st.write('ok')\n",
    'import streamlit as st\nok = st.user.name.endswith("Smith")\n',
]


STS204_PASS += [
    'import streamlit as st\nok = st.user.email.split("@")[1] == "acme.com"\n',
]


@pytest.mark.parametrize("snippet", STS204_PASS, ids=short_id)
def test_STS204_pass(snippet: str) -> None:
    check_pass(snippet, "STS204")


# --------------------------------------------------------------------------- STS205

STS205_FAIL = [
    pytest.param(
        """
        import streamlit as st

        pw = st.text_input("Password", type="password")
        if pw == "PASSWORD" or pw == "Admin_2024":
            st.success("Welcome")
        """,
        [(4, 3, "STS205"), (4, 23, "STS205")],
        id="one-word-capitals-and-mixed-case-stay-passwords",
    ),
    pytest.param(
        """
        import streamlit as st

        pw = st.text_input("Password", type="password")
        if pw == "@@PW@@":
            st.success("Welcome")
        """,
        [(4, 3, "STS205")],
        id="text-input",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.text_input("Admin password", type="password") != "@@PW2@@":
            st.stop()
        """,
        [(3, 3, "STS205")],
        id="inline-widget-not-equal",
    ),
    pytest.param(
        """
        import streamlit as st


        def check_password(password: str) -> bool:
            return password == "@@PW@@"
        """,
        [(5, 11, "STS205")],
        id="secret-like-parameter",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.query_params.get("password") == "@@GENERIC@@":
            st.write("hi")
        """,
        [(3, 3, "STS205")],
        id="query-param",
    ),
    pytest.param(
        """
        import streamlit as st

        st.text_input("Password", type="password", key="password")
        if st.session_state["password"] == "@@DBPW@@":
            st.write("welcome")
        """,
        [(4, 3, "STS205")],
        id="session-state-key",
    ),
]


STS205_FAIL += [
    pytest.param(
        """
        import streamlit as st

        pw = st.text_input("Password", type="password")
        if pw in ["@@PW@@", "@@PW2@@"]:
            st.write("ok")
        """,
        [(4, 3, "STS205")],
        id="in-a-list-of-passwords",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS205_FAIL)
def test_STS205_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS205")


STS205_PASS = [
    'import hmac\nimport streamlit as st\npw = st.text_input("Password", type="password")\n'
    'ok = hmac.compare_digest(pw, st.secrets["password"])\n',
    # is it still the sentinel the setting starts with? (unset, not a gate)
    'import os\nimport streamlit as st\nVAULT_PASSWORD = os.getenv("VAULT_PASSWORD", '
    '"SET_VAULT_PASSWORD")\n\n\ndef vault_password(pw=VAULT_PASSWORD):\n'
    '    return "" if pw == "SET_VAULT_PASSWORD" else pw\n',
    'import streamlit as st\npw = st.text_input("Password", type="password")\nif pw == "":\n'
    '    st.stop()\n',
    'import streamlit as st\npw = st.text_input("Password", type="password")\nif not pw:\n'
    '    st.stop()\n',
    'import streamlit as st\npw = st.text_input("Password", type="password")\nif len(pw) < 12:\n'
    '    st.error("too short")\n',
    'import streamlit as st\npw = st.text_input("Password", type="password")\n'
    'confirm = st.text_input("Confirm", type="password")\nif pw != confirm:\n'
    '    st.error("mismatch")\n',
    'import streamlit as st\nmode = st.radio("Sign-in method", ["password", "sso"])\n'
    'if mode == "password":\n'
    "    st.write('x')\n",
    'import streamlit as st\npw = st.text_input("Password", type="password")\nif pw is None:\n'
    '    st.stop()\n',
    # a chat command is not a password check
    'import streamlit as st\nprompt = st.chat_input("Say something")\nif prompt == "/clear":\n'
    "    st.session_state.messages = []\n",
    'import streamlit as st\nprompt = st.chat_input("Say something")\n'
    'if prompt == "/reset-conversation":\n'
    "    st.session_state.messages = []\n",
    # an identity allow-list is STS207's business, not a password
    'import streamlit as st\nuser = st.context.headers.get("X-Forwarded-Email", "")\n'
    'if user in {"boss@initech.com", "it@initech.com"}:\n    st.write("hi")\n',
    # a quiz answer is not a password
    'import streamlit as st\nanswer = st.text_input("What do plants use to make food?")\n'
    'if answer.strip().lower() == "photosynthesis":\n    st.balloons()\n',
    'import streamlit as st\nanswer = st.text_input("Which framework is this?")\n'
    'if answer == "streamlit":\n'
    "    st.success('Correct!')\n",
]


STS205_PASS += [
    # an allow-list of pages is not a password
    'import streamlit as st\nnxt = st.query_params.get("next", "app.py")\n'
    'if nxt not in ("app.py", "pages/help.py"):\n    nxt = "app.py"\n',
    'import streamlit as st\nfmt = st.text_input("Export format")\n'
    'if fmt in ("parquet", "csv", "feather"):\n'
    '    st.write(fmt)\n',
]


STS205_PASS += [
    'import streamlit as st\npw = st.text_input("Password", type="password")\n'
    'if pw == "********":\n    st.stop()\n',
]


STS205_PASS += [
    # a unit test's expectation is no gate
    'import streamlit as st\nfrom app.auth import hash_and_check\n\n\n'
    'def test_login():\n    password = hash_and_check("s3cret-Pass")\n'
    '    assert password == "s3cret-Pass", "round trip"\n',
    # a display filler ("—" for a missing value) is no password
    'import streamlit as st\npin_code = st.text_input("PIN")\n'
    'if pin_code == "\u2014":\n    st.caption("no PIN set")\n',
]

STS205_FAIL += [
    pytest.param(
        'import streamlit as st\npw = st.text_input("Password", type="password")\n'
        'if pw != "0000":\n    st.stop()\n',
        [(3, 3, "STS205")], id="digits-are-a-password",
    ),
]


# Key and substring tests, and values that are not passwords (RULES.md STS205): a
# token, a key or a setting compared with a literal is not a password check.
STS205_PASS += [
    'import streamlit as st\ntoken_json = st.session_state.get("token", {})\n'
    'if "access_token" not in token_json:\n    st.stop()\n',
    'import streamlit as st\n\nclass Auth:\n    def ok(self):\n'
    '        return "usernames" in self.credentials\n',
    'import streamlit as st\nlogin_token = st.query_params.get("t", "")\n'
    'if "." in login_token:\n    st.write("jwt")\n',
    'import streamlit as st\nsetting = st.session_state["setting"]\n'
    'if setting.provider == "smtp":\n    st.write("mail")\n',
    'import streamlit as st\nmode = st.text_input("Mode")\nif mode == "fast":\n'
    '    st.write("x")\n',
    'import streamlit as st\napi_key = st.text_input("API key")\n'
    'if api_key == "demo-key-2024":\n    st.write("demo")\n',
    'import streamlit as st\npw = st.text_input("Password", type="password")\n'
    'if "password" in pw.lower():\n    st.error("too guessable")\n',
    'import streamlit as st\nkey = st.text_input("OpenAI key", type="password")\n'
    'if key == "sk-...":\n    st.stop()\n',
]


# What a password was stored into is no password: rows read back from a session the
# settings (with the password) were added to are settings.
STS205_PASS += [
    'import streamlit as st\n\n\ndef page(session, general):\n'
    '    key = st.text_input("API key", type="password")\n'
    '    general.value = {"api_key": key}\n    session.add(general)\n'
    '    for setting in session.query(object).all():\n'
    '        if setting.provider == "smtp":\n            st.write("mail")\n',
]


# Compared with a password, a placeholder word is the password (RULES.md STS205).
STS205_FAIL += [
    pytest.param(
        'import streamlit as st\n\n\ndef check(password):\n'
        '    return password == "your-password"\n',
        [(5, 11, "STS205")], id="placeholder-word-is-the-password"),
    pytest.param(
        'import streamlit as st\npw = st.text_input("Password", type="password")\n'
        'if pw == "example-password":\n    st.warning("That is the example from the docs")\n',
        [(3, 3, "STS205")], id="example-word"),
    pytest.param(
        'import streamlit as st\npwd = st.sidebar.text_input("Code")\nif pwd == "test":\n'
        '    st.write("in")\n',
        [(3, 3, "STS205")], id="short-test-word"),
    pytest.param(
        'import streamlit as st\nuser_pin = st.text_input("PIN")\nif user_pin != "1234":\n'
        '    st.stop()\n',
        [(3, 3, "STS205")], id="pin"),
    pytest.param(
        'import streamlit as st\npassword = st.text_input("Your password")\n'
        'if password in ("admin", "root"):\n    st.write("in")\n',
        [(3, 3, "STS205")], id="in-a-tuple-of-words"),
]


STS205_PASS += [
    # "sk-***" is a placeholder (a truncated prefix), not a password
    'import streamlit as st\napi_key = st.sidebar.text_input("OpenAI API key", value="sk-***")\n'
    'if api_key != "sk-***":\n    st.session_state["key"] = api_key\n',
    'import os\nimport streamlit as st\nOPENAI_API_KEY = os.getenv("OPENAI_API_KEY")\n'
    'if OPENAI_API_KEY is None or OPENAI_API_KEY == "sk-***":\n    st.stop()\n',
]


@pytest.mark.parametrize("snippet", STS205_PASS, ids=short_id)
def test_STS205_pass(snippet: str) -> None:
    check_pass(snippet, "STS205")


# --------------------------------------------------------------------------- STS206

STS206_FAIL = [
    pytest.param(
        """
        import streamlit as st

        pw = st.text_input("Password", type="password")
        if pw == st.secrets["password"]:
            st.write("ok")
        """,
        [(4, 3, "STS206")],
        id="item",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.secrets.get("admin_password") != entered:
            st.stop()
        """,
        [(3, 3, "STS206")],
        id="get-not-equal",
    ),
    pytest.param(
        """
        import streamlit as st

        token = st.query_params.get("t", "")
        if token == st.secrets.api_token:
            st.write("ok")
        """,
        [(4, 3, "STS206")],
        id="attribute",
    ),
    pytest.param(
        """
        import streamlit as st

        ok = st.session_state["password"] == st.secrets["passwords"][username]
        """,
        [(3, 5, "STS206")],
        id="nested-item",
    ),
    pytest.param(
        """
        import streamlit as st


        def check():
            return st.text_input("Password", type="password") == st.secrets["password"]
        """,
        [(5, 11, "STS206")],
        id="return",
    ),
]


STS206_FAIL += [
    pytest.param(
        """
        import hashlib

        import streamlit as st

        pw = st.text_input("p", type="password")
        ok = hashlib.sha256(pw.encode()).hexdigest() == st.secrets["pw_hash"]
        """,
        [(6, 5, "STS206")],
        id="hash-compared-with-eq",
    ),
]


STS206_FAIL += [
    pytest.param(
        """
        import streamlit as st

        pw = st.text_input("p", type="password")
        if pw != st.secrets.password:
            st.stop()
        """,
        [(4, 3, "STS206")],
        id="not-equal-attribute",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS206_FAIL)
def test_STS206_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS206")


STS206_PASS = [
    'import hmac\nimport streamlit as st\npw = st.text_input("Password", type="password")\n'
    'ok = hmac.compare_digest(pw.encode(), st.secrets["password"].encode())\n',
    'import secrets\nimport streamlit as st\npw = st.text_input("Password", type="password")\n'
    'ok = secrets.compare_digest(pw, st.secrets["password"])\n',
    'import streamlit as st\nif "password" in st.secrets:\n    st.write("configured")\n',
    'import streamlit as st\nif st.secrets.get("api_key") is None:\n    st.error("missing")\n',
    'import streamlit as st\npw = st.text_input("Password", type="password")\nif len(pw) == 0:\n'
    '    st.stop()\n',
    'import streamlit as st\na = st.text_input("New", type="password")\n'
    'b = st.text_input("Again", type="password")\n'
    "same = a == b\n",
]


STS206_PASS += [
    'import streamlit as st\nif st.secrets.get("env") == "production":\n    st.write("prod")\n',
    'import streamlit as st\nsame = st.secrets["a"] == st.secrets["b"]\n',
]


STS206_PASS += [
    # a password stored in the app's own table is a hash check's business (STS206 is
    # about st.secrets); the value is a secret for STS105/STS106 only
    'import streamlit as st\nif user["password"] == hashed:\n    st.write("ok")\n',
]


@pytest.mark.parametrize("snippet", STS206_PASS, ids=short_id)
def test_STS206_pass(snippet: str) -> None:
    check_pass(snippet, "STS206")


# --------------------------------------------------------------------------- STS207

STS207_FAIL = [
    pytest.param(
        """
        import streamlit as st

        if st.query_params.get("admin") == "1":
            st.write("admin panel")
        """,
        [(3, 3, "STS207")],
        id="query-param-admin",
    ),
    pytest.param(
        """
        import streamlit as st

        ADMINS = {"alice", "bob"}

        if st.context.headers.get("X-Forwarded-User") in ADMINS:
            st.write("admin panel")
        """,
        [(5, 3, "STS207")],
        id="forwarded-user-header",
    ),
    pytest.param(
        """
        import streamlit as st

        role = st.query_params["role"]
        if role == "admin":
            st.write("admin panel")
        """,
        [(4, 3, "STS207")],
        id="bound-name",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.context.cookies.get("is_admin") == "true":
            st.write("admin panel")
        """,
        [(3, 3, "STS207")],
        id="cookie",
    ),
    pytest.param(
        """
        import streamlit as st

        is_admin = st.query_params.get("user") in {"alice", "bob"}
        """,
        [(3, 11, "STS207")],
        id="membership",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.context.headers.get("Remote-User") == "svc-admin":
            st.write("ops")
        """,
        [(3, 3, "STS207")],
        id="remote-user",
    ),
]


STS207_FAIL += [
    pytest.param(
        'import streamlit as st\nif st.context.headers["X-Forwarded-User"] == "admin":\n    pass\n',
        [(2, 3, "STS207")],
        id="header-subscript",
    ),
    pytest.param(
        'import streamlit as st\nif st.query_params.get("role", "") in ("admin", "owner"):\n'
        '    pass\n',
        [(2, 3, "STS207")],
        id="role-in-tuple",
    ),
    pytest.param(
        'import streamlit as st\nuser = st.query_params.get("username", "").lower()\n'
        'if user == "root":\n    pass\n',
        [(3, 3, "STS207")],
        id="username-through-string-method",
    ),
]


STS207_FAIL += [
    pytest.param(
        """
        import streamlit as st

        admins = ["alice", "bob"]
        if st.query_params.get("user") in admins:
            st.write("admin")
        """,
        [(4, 3, "STS207")],
        id="in-a-list-name",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.query_params.get("is_admin"):
            st.write("admin")
        """,
        [(3, 3, "STS207")],
        id="truthiness",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.context.headers.get("X-Forwarded-Email", "").endswith("@acme.com"):
            st.write("admin")
        """,
        [(3, 3, "STS207")],
        id="endswith-on-identity-header",
    ),
]


# A test whose branch shows the visitor's own claimed name decides nothing; one whose
# branches do anything else (stop, show data, set state) is still a decision.
STS207_FAIL += [
    pytest.param(
        """
        import streamlit as st

        who = st.context.headers.get("X-Forwarded-User")
        if who:
            st.sidebar.caption(f"Signed in as {who}")
        else:
            st.stop()
        """,
        [(4, 3, "STS207")],
        id="greeting-but-the-other-branch-stops",
    ),
    pytest.param(
        """
        import streamlit as st

        who = st.context.headers.get("X-Forwarded-Email", "")
        if who.endswith("@initech.com"):
            st.write(f"Welcome back, {who}")
            st.dataframe(load_payroll())
        """,
        [(4, 3, "STS207")],
        id="greeting-beside-data",
    ),
    pytest.param(
        """
        import streamlit as st

        role = st.query_params.get("role")
        if role == "admin":
            st.write(f"Role: {role}")
            st.session_state["admin"] = True
        """,
        [(4, 3, "STS207")],
        id="greeting-and-a-flag",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS207_FAIL)
def test_STS207_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS207")


STS207_PASS = [
    'import streamlit as st\nif st.query_params.get("page") == "settings":\n    st.write("x")\n',
    'import streamlit as st\nif st.query_params.get("tab") == "admin":\n    st.write("x")\n',
    'import streamlit as st\nADMINS = {"a@x.io"}\nif st.user.email in ADMINS:\n    st.write("x")\n',
    'import streamlit as st\nif "Mobile" in st.context.headers.get("User-Agent", ""):\n'
    '    st.write("x")\n',
    'import streamlit as st\nuser = st.query_params.get("user")\nst.write(user)\n',
    'import streamlit as st\nlang = st.context.headers.get("Accept-Language", "")\n'
    'if lang.startswith("de"):\n'
    "    st.write('x')\n",
    'import streamlit as st\nif st.context.cookies.get("theme") == "dark":\n    st.write("x")\n',
]


STS207_PASS += [
    'import streamlit as st\nif st.query_params.get("page", "home") in ("home", "about"):\n'
    '    pass\n',
]


STS207_PASS += [
    # a proxy's header shown back as "signed in as": no access is granted or denied
    """
    import streamlit as st

    forwarded = st.context.headers.get("X-Forwarded-User")
    if forwarded:
        st.sidebar.write(f"Signed in as {forwarded}")
    else:
        st.sidebar.caption("Running locally")
    """,
    """
    import streamlit as st

    mail = st.context.headers.get("X-Forwarded-Email", "")
    if mail and mail != "":
        st.sidebar.markdown("**" + mail + "**")
    """,
    """
    import streamlit as st

    if st.context.headers.get("Remote-User"):
        st.caption("You are " + st.context.headers.get("Remote-User"))
    """,
]


@pytest.mark.parametrize("snippet", STS207_PASS, ids=short_id)
def test_STS207_pass(snippet: str) -> None:
    check_pass(snippet, "STS207")


# --------------------------------------------------------------------------- STS208

STS208_FAIL = [
    pytest.param(
        """
        import streamlit as st

        if st.button("Log in"):
            st.session_state["next_page"] = "dashboard"
            st.login("google")
        """,
        [(4, 4, "STS208")],
        id="before-login",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.sidebar.button("Log out"):
            st.session_state.logged_out = True
            st.logout()
        """,
        [(4, 4, "STS208")],
        id="before-logout",
    ),
    pytest.param(
        """
        import streamlit as st


        def do_login():
            st.session_state["return_to"] = "reports"
            st.login()


        st.button("Log in", on_click=do_login)
        """,
        [(5, 4, "STS208")],
        id="callback",
    ),
    pytest.param(
        """
        import streamlit as st

        if st.button("Log in"):
            st.login("okta")
            st.session_state.login_started = True
        """,
        [(5, 4, "STS208")],
        id="after-login",
    ),
    pytest.param(
        """
        import streamlit as st


        def sign_out():
            st.session_state.visits += 1
            st.logout()


        st.sidebar.button("Sign out", on_click=sign_out)
        """,
        [(5, 4, "STS208")],
        id="augmented-in-callback",
    ),
]


STS208_FAIL += [
    pytest.param(
        """
        import streamlit as st

        if st.button("Log in"):
            st.session_state.update({"next": "home"})
            st.login()
        """,
        [(4, 4, "STS208")],
        id="update-call",
    ),
    pytest.param(
        """
        import streamlit as st


        def go(page):
            st.session_state.page = page
            st.login("google")


        st.button("Log in", on_click=go, args=("home",))
        """,
        [(5, 4, "STS208")],
        id="callback-with-args",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS208_FAIL)
def test_STS208_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS208")


STS208_PASS = [
    """
    import streamlit as st

    if not getattr(st.user, "is_logged_in", False):
        st.login()
        st.stop()
    st.session_state["welcomed"] = True
    """,
    """
    import streamlit as st

    page = st.session_state.get("page", "home")
    if st.button("Log in"):
        st.login()
    """,
    """
    import streamlit as st


    def set_page():
        st.session_state.page = "reports"


    st.button("Reports", on_click=set_page)
    st.button("Log in", on_click=st.login)
    """,
    # a third-party authenticator's login() is not st.login()
    """
    import streamlit as st
    import streamlit_authenticator as stauth

    authenticator = stauth.Authenticate(credentials, "cookie", "key", 30)
    authenticator.login()
    st.session_state["visited"] = True
    """,
    """
    import streamlit as st

    if st.button("Log in"):
        st.login()
    else:
        st.session_state.clicked = False
    """,
]


@pytest.mark.parametrize("snippet", STS208_PASS, ids=short_id)
def test_STS208_pass(snippet: str) -> None:
    check_pass(snippet, "STS208")
