"""STS407: untrusted content (a model's reply, a fetched page) rendered as raw HTML.

RULES.md "Untrusted content (STS407)".  Reported where STS402 is: the
``unsafe_allow_html=True`` keyword (or the 2nd positional argument), the
``unsafe_allow_javascript=True`` keyword of ``st.html``, the first argument of
``components.html``; through a module function, at the call's argument.  Untrusted content
is not user input: no other rule reads it, but STS302 (code a model wrote, run by ``exec``).
"""
from __future__ import annotations

import pytest

from helpers import check_fail, check_pass, results, run_plugin, short_id, src

STS407_FAIL = [
    pytest.param(
        """
        import streamlit as st
        from openai import OpenAI

        client = OpenAI()
        question = st.chat_input("Ask")
        if question:
            completion = client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
            answer = completion.choices[0].message.content
            st.markdown(f"<div class='bubble'>{answer}</div>", unsafe_allow_html=True)
        """,
        [(10, 55, "STS407")],
        id="openai-client-fstring",
    ),
    pytest.param(
        """
        import openai
        import streamlit as st

        reply = openai.chat.completions.create(model="gpt-4o", messages=[])
        text = reply.choices[0].message.content.strip().replace("\\n", "<br>")
        st.markdown(text, True)
        """,
        [(6, 18, "STS407")],
        id="module-client-str-methods-positional-flag",
    ),
    pytest.param(
        """
        import streamlit as st


        def ask(client, prompt):
            out = client.responses.create(model="gpt-4.1", input=prompt)
            return out.output_text


        st.write(ask(make_client(), "Summarise the page"), unsafe_allow_html=True)
        """,
        [(9, 51, "STS407")],
        id="responses-api-any-client-through-helper",
    ),
    pytest.param(
        """
        import anthropic
        import streamlit as st

        claude = anthropic.Anthropic()
        msg = claude.messages.create(model="claude-3-5-sonnet-latest", max_tokens=512,
                                     messages=[{"role": "user", "content": "hi"}])
        st.html(msg.content[0].text, unsafe_allow_javascript=True)
        """,
        [(7, 29, "STS407")],
        id="anthropic-st-html-javascript",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model="gpt-4o-mini")
        chain = ChatPromptTemplate.from_template("Explain {topic}") | llm | StrOutputParser()
        summary = chain.invoke({"topic": "rainbows"})
        st.markdown(f"<p class='answer'>{summary}</p>", unsafe_allow_html=True)
        """,
        [(9, 48, "STS407")],
        id="langchain-chain-invoke",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_community.chat_models import ChatOllama

        model = ChatOllama(model="llama3")
        full = ""
        for chunk in model.stream("Write a poem"):
            full += chunk.content
        st.markdown(full, unsafe_allow_html=True)
        """,
        [(8, 18, "STS407")],
        id="langchain-stream-chunks",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain.agents import AgentType, initialize_agent

        agent = initialize_agent(tools, llm, agent=AgentType.ZERO_SHOT_REACT_DESCRIPTION)
        result = agent.invoke({"input": st.session_state.question})
        st.markdown(result["output"], unsafe_allow_html=True)
        """,
        [(6, 30, "STS407")],
        id="langchain-agent-output",
    ),
    pytest.param(
        """
        import ollama
        import streamlit as st

        res = ollama.chat(model="llama3", messages=[{"role": "user", "content": "hi"}])
        st.markdown(res["message"]["content"], unsafe_allow_html=True)
        """,
        [(5, 39, "STS407")],
        id="ollama-chat",
    ),
    pytest.param(
        """
        import google.generativeai as genai
        import streamlit as st

        model = genai.GenerativeModel("gemini-1.5-flash")
        st.markdown(model.generate_content("Tell a joke").text, unsafe_allow_html=True)
        """,
        [(5, 56, "STS407")],
        id="gemini-generate-content",
    ),
    pytest.param(
        """
        import streamlit as st
        from openai import OpenAI

        client = OpenAI()
        with st.chat_message("assistant"):
            stream = client.chat.completions.create(model="gpt-4o", messages=[], stream=True)
            response = st.write_stream(stream)
        st.session_state.history.append(response)
        st.markdown(f"<div>{response}</div>", unsafe_allow_html=True)
        """,
        [(9, 38, "STS407")],
        id="write-stream-return-value",
    ),
    pytest.param(
        """
        import requests
        import streamlit as st
        import streamlit.components.v1 as components

        page = requests.get("https://news.example.org/latest", timeout=10)
        components.html(page.text, height=600)
        """,
        [(6, 16, "STS407")],
        id="requests-text-components-html",
    ),
    pytest.param(
        """
        import httpx
        import streamlit as st

        items = httpx.get("https://api.github.com/repos/streamlit/streamlit/issues").json()
        for item in items:
            st.markdown(f"<li>{item['title']}</li>", unsafe_allow_html=True)
        """,
        [(6, 45, "STS407")],
        id="httpx-json-third-party-api",
    ),
    pytest.param(
        """
        import requests
        import streamlit as st

        with requests.Session() as http:
            feed = http.get("https://feeds.example.com/rss").content.decode()
        st.caption(feed, unsafe_allow_html=True)
        """,
        [(6, 17, "STS407")],
        id="session-content",
    ),
    pytest.param(
        """
        from urllib.request import urlopen

        import streamlit as st

        body = urlopen(st.secrets["status_page"]).read().decode("utf-8")
        st.markdown(body, unsafe_allow_html=True)
        """,
        [(6, 18, "STS407")],
        id="urlopen-read",
    ),
]

STS407_FAIL += [
    pytest.param(
        """
        import streamlit as st
        from openai import OpenAI

        client = OpenAI()


        def bubble(role, text):
            st.markdown(f"<div class='{role}'>{text}</div>", unsafe_allow_html=True)


        r = client.chat.completions.create(model="gpt-4o", messages=[])
        bubble("assistant", r.choices[0].message.content)
        """,
        [(12, 20, "STS407")],
        id="helper-function-reported-at-call",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_openai import ChatOpenAI


        @st.cache_resource
        def get_llm():
            return ChatOpenAI(model="gpt-4o-mini", temperature=0)


        answer = get_llm().invoke("What is new?").content
        st.markdown(answer, unsafe_allow_html=True)
        """,
        [(11, 20, "STS407")],
        id="cached-model-factory",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_core.callbacks import BaseCallbackHandler


        class LiveAnswer(BaseCallbackHandler):
            def __init__(self, box, prefix=""):
                self.box = box
                self.shown = prefix

            def on_llm_new_token(self, token: str, **kwargs) -> None:
                self.shown += token
                self.box.markdown(f"<div class='bot'>{self.shown}</div>",
                                  unsafe_allow_html=True)
        """,
        [(13, 26, "STS407")],
        id="callback-handler-streams-tokens-into-a-container-on-self",
    ),
    pytest.param(
        """
        import requests
        import streamlit as st


        def banner(area):
            page = requests.get("https://status.example.com/banner").text
            area.caption(page, unsafe_allow_html=True)
        """,
        [(7, 23, "STS407")],
        id="container-passed-in-known-by-the-keyword",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_community.tools.tavily_search import TavilySearchResults
        from langchain_google_genai import ChatGoogleGenerativeAI


        def summarise(llm, notes):
            return llm.invoke(f"Summarise: {notes}").content


        query = st.text_input("Topic")
        if query:
            found = TavilySearchResults(max_results=3).run(query)
            brief = summarise(ChatGoogleGenerativeAI(model="gemini-pro"), found)
            st.markdown(f"<div class='card'>{brief}</div>", unsafe_allow_html=True)
            st.markdown(f"<div class='card'>{found}</div>", unsafe_allow_html=True)
        """,
        [(14, 52, "STS407"), (15, 52, "STS407")],
        id="web-search-results-and-a-model-handed-to-a-helper",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_community.chat_message_histories import StreamlitChatMessageHistory

        BUBBLE = "<div class='msg'>{{MSG}}</div>"
        history = StreamlitChatMessageHistory(key="chat_history")
        for msg in history.messages:
            st.write(BUBBLE.replace("{{MSG}}", msg.content), unsafe_allow_html=True)
        for msg in history.messages:
            st.markdown(msg.content)
        """,
        [(7, 53, "STS407")],
        id="chat-history-messages-as-html-bubbles",
    ),
    pytest.param(
        """
        import streamlit as st
        from langchain_community.chat_message_histories import StreamlitChatMessageHistory
        from langchain_openai import ChatOpenAI

        if "history" not in st.session_state:
            st.session_state["history"] = StreamlitChatMessageHistory(key="history")
            st.session_state.llm = ChatOpenAI()
        for msg in st.session_state["history"].messages:
            st.write(f"<div>{msg.content}</div>", unsafe_allow_html=True)
        answer = st.session_state.llm.invoke("Hello").content
        st.markdown(f"<b>{answer}</b>", unsafe_allow_html=True)
        """,
        [(9, 42, "STS407"), (11, 32, "STS407")],
        id="history-and-model-kept-in-session-state",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), STS407_FAIL)
def test_STS407_fail(snippet: str, expected: list[tuple[int, int, str]]) -> None:
    check_fail(snippet, expected, "STS407")


STS407_PASS = [
    # rendered as Markdown: no unsafe_allow_html
    """
    import streamlit as st
    from openai import OpenAI

    reply = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    st.markdown(reply.choices[0].message.content)
    """,
    # escaped first
    """
    import html

    import streamlit as st
    from openai import OpenAI

    reply = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    st.markdown(html.escape(reply.choices[0].message.content), unsafe_allow_html=True)
    """,
    # bleach.clean on a fetched page
    """
    import bleach
    import requests
    import streamlit as st

    page = requests.get("https://blog.example.com/post/1").text
    st.markdown(bleach.clean(page), unsafe_allow_html=True)
    """,
    # a constant template with unsafe_allow_html; the reply rendered on its own
    """
    import streamlit as st
    from openai import OpenAI

    reply = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    st.markdown("<div class='bubble-start'></div>", unsafe_allow_html=True)
    st.write(reply.choices[0].message.content)
    """,
    # response metadata is not content
    """
    import requests
    import streamlit as st

    r = requests.get("https://status.example.com/health", timeout=5)
    color = "green" if r.ok else "red"
    st.markdown(f"<b style='color:{color}'>{r.status_code}</b> in {r.elapsed}",
                unsafe_allow_html=True)
    """,
    """
    import streamlit as st
    from openai import OpenAI

    reply = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    st.markdown(f"<small>{reply.usage.total_tokens} tokens, {reply.model}</small>",
                unsafe_allow_html=True)
    """,
    # a DataFrame built from an API's JSON, rendered by to_html (which escapes)
    """
    import pandas as pd
    import requests
    import streamlit as st

    rows = requests.get("https://api.example.com/v1/rates").json()
    st.markdown(pd.DataFrame(rows).to_html(index=False), unsafe_allow_html=True)
    """,
    # the app's own backend: its JSON is the app's data (STS403's), not web content
    """
    import requests
    import streamlit as st

    API = st.secrets.get("API_URL", "http://localhost:8000")
    orders = requests.get(f"{API}/orders", timeout=10).json()
    for o in orders:
        st.markdown(f"<div class='card'>{o['customer']}</div>", unsafe_allow_html=True)
    """,
    """
    import requests
    import streamlit as st

    total = requests.get("http://127.0.0.1:8000/api/count").json()["total"]
    st.markdown(f"<h2>{total}</h2>", unsafe_allow_html=True)
    """,
    # the index of enumerate() is a number
    """
    import requests
    import streamlit as st

    news = requests.get("https://news.example.com/top.json").json()
    for i, item in enumerate(news):
        st.markdown(f"<span id='n{i}'></span>", unsafe_allow_html=True)
        st.write(item["title"])
    """,
    # Twilio-style messages.create is model-shaped, but rendered as text here
    """
    import streamlit as st
    from openai import OpenAI

    out = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    st.text(out.choices[0].message.content)
    st.code(out.choices[0].message.content)
    """,
    # .invoke() on something the engine does not know as a model (boto3 Lambda)
    """
    import boto3
    import streamlit as st

    resp = boto3.client("lambda").invoke(FunctionName="render")
    st.markdown(resp["Payload"].read(), unsafe_allow_html=True)
    """,
    # a callback handler that escapes the tokens, or renders them as Markdown
    """
    import html

    import streamlit as st
    from langchain.callbacks.base import BaseCallbackHandler


    class Escaped(BaseCallbackHandler):
        def __init__(self, box):
            self.box = box
            self.text = ""

        def on_llm_new_token(self, token, **kwargs):
            self.text += html.escape(token)
            self.box.markdown(f"<p>{self.text}</p>", unsafe_allow_html=True)


    class Plain(BaseCallbackHandler):
        def __init__(self, box):
            self.box = box

        def on_llm_new_token(self, token, **kwargs):
            self.box.markdown(token)
            self.box.markdown(token, unsafe_allow_html=False)
    """,
    # a method named like the callback on a class that is no callback handler: its
    # parameter is whatever the app passes (here a constant)
    """
    import streamlit as st


    class Ticker:
        def on_llm_new_token(self, token):
            st.markdown(f"<b>{token}</b>", unsafe_allow_html=True)


    Ticker().on_llm_new_token("ready")
    """,
]


@pytest.mark.parametrize("snippet", STS407_PASS, ids=short_id)
def test_STS407_pass(snippet: str) -> None:
    check_pass(snippet, "STS407")


# -------------------------------------------------------- content is not user input

NOT_USER_INPUT = [
    # a model's reply in SQL, a path, a command, a link: not STS401/405/303/404/302
    """
    import os
    import sqlite3
    import subprocess

    import streamlit as st
    from openai import OpenAI

    reply = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    sql = reply.choices[0].message.content
    sqlite3.connect("app.db").execute(sql)
    open(os.path.join("notes", reply.choices[0].message.content), "w")
    subprocess.run(["echo", reply.choices[0].message.content])
    st.markdown(f"[source]({reply.choices[0].message.content})")
    """,
    # a fetched page is not user input for STS402 either
    """
    import requests
    import streamlit as st

    st.markdown(requests.get("https://example.com").text, unsafe_allow_html=True)
    """,
]


@pytest.mark.parametrize("snippet", NOT_USER_INPUT, ids=short_id)
def test_content_is_not_user_input(snippet: str) -> None:
    got = results(snippet, ("STS301", "STS302", "STS303", "STS402", "STS404", "STS405"))
    assert got == []


def test_user_input_and_content_in_one_value_is_one_STS402() -> None:
    snippet = """
    import streamlit as st
    from openai import OpenAI

    name = st.text_input("Your name")
    reply = OpenAI().chat.completions.create(model="gpt-4o", messages=[])
    st.markdown(f"<b>{name}</b>: {reply.choices[0].message.content}", unsafe_allow_html=True)
    """
    assert results(snippet, ("STS402", "STS403", "STS407")) == [(6, 66, "STS402")]


def test_reply_to_a_user_prompt_is_STS407() -> None:
    snippet = """
    import streamlit as st
    from openai import OpenAI

    prompt = st.chat_input("Ask")
    reply = OpenAI().chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": prompt}])
    st.markdown(reply.choices[0].message.content, unsafe_allow_html=True)
    """
    assert results(snippet, ("STS402", "STS403", "STS407")) == [(7, 46, "STS407")]


def test_STS407_is_not_reported_again_as_STS403() -> None:
    snippet = """
    import requests
    import streamlit as st

    st.markdown(requests.get("https://example.com").text, unsafe_allow_html=True)
    """
    assert results(snippet, ("STS403", "STS407")) == [(4, 54, "STS407")]


def test_STS407_across_files(tmp_path: object) -> None:
    """A helper of the app's own module that fetches is followed across files."""
    import pathlib

    from helpers import run_cli

    root = pathlib.Path(str(tmp_path))
    (root / "llm.py").write_text(
        "from openai import OpenAI\n\n"
        "client = OpenAI()\n\n\n"
        "def answer(question):\n"
        "    r = client.chat.completions.create(model='gpt-4o',\n"
        "                                       messages=[{'role': 'user', 'content': question}])\n"
        "    return r.choices[0].message.content\n"
    )
    (root / "app.py").write_text(
        "import streamlit as st\n\n"
        "from llm import answer\n\n"
        "q = st.chat_input('Ask')\n"
        "if q:\n"
        "    st.markdown(answer(q), unsafe_allow_html=True)\n"
    )
    out = run_cli([str(root / "app.py")], cwd=root)
    assert [ln for ln in out.stdout.splitlines() if "STS407" in ln] == [
        f"{root / 'app.py'}:7:28: STS407 model or web content rendered as raw HTML by "
        "st.markdown() (XSS via prompt injection); escape it with html.escape() or render "
        "it as Markdown"
    ], out.stdout


def test_code_a_model_wrote_run_on_the_server_is_STS302() -> None:
    """An agent's "python tool": the reply's code block run by exec(), directly or in a
    helper.  Shown with st.code, or parsed as a literal, it runs nothing."""
    head = """
        import ast
        import re

        import streamlit as st
        from openai import OpenAI

        client = OpenAI()


        def run(snippet):
            exec(snippet, {"st": st})


        ask = st.chat_input("Describe the chart")
        reply = client.chat.completions.create(model="gpt-4o", messages=[
            {"role": "user", "content": ask}]).choices[0].message.content
        block = re.search(r"```python\\n(.*?)```", reply, re.S)
        code = block.group(1) if block else reply
        """
    check_fail(head + """
        exec(code)
        run(code)
        st.code(code, language="python")
        params = ast.literal_eval(reply)
        """, [(20, 5, "STS302"), (21, 4, "STS302")], "STS302")
    got = [m for _l, _c, m, _ in run_plugin(src(head + "eval(reply)\n"))]
    assert got == ["STS302 model or web content executed by eval() (code injection); do not "
                   "run what a model wrote on the server: parse it, or run it in a sandbox "
                   "with no secrets and no network"]


def test_code_blocks_a_pattern_pulls_out_of_a_reply_are_still_the_models() -> None:
    """``re.findall``/``re.search(...).group(1)`` take the code blocks out of a reply:
    what they find is part of what the model wrote; an anchored full match of a word
    typed by the user is a validator (and no model text)."""
    check_fail(
        """
        import re

        import streamlit as st
        from openai import OpenAI

        reply = OpenAI().chat.completions.create(model="m", messages=[]).choices[0].message.content
        for block in re.findall(r"```python(.*?)```", reply, flags=re.S):
            exec(block, {})
        found = re.search(r"```python(.*?)```", reply, re.S)
        if found:
            exec(found.group(1))
        name = st.text_input("Function")
        if re.fullmatch(r"[a-z_]+", name):
            eval(name)
        """,
        [(8, 9, "STS302"), (11, 9, "STS302")],
        "STS302",
    )


def test_a_question_to_an_agent_that_runs_python_is_code() -> None:
    """A pandas or CSV agent built with ``allow_dangerous_code=True`` (and LangChain's
    Python agent) writes Python and runs it on the server: the visitor's question
    decides the code.  The same agent without the flag refuses to run code, and a
    question the program wrote decides nothing."""
    check_fail(
        """
        import pandas as pd
        import streamlit as st
        from langchain_experimental.agents import create_pandas_dataframe_agent
        from langchain_openai import ChatOpenAI

        df = pd.read_csv("sales.csv")
        agent = create_pandas_dataframe_agent(ChatOpenAI(), df, allow_dangerous_code=True)
        careful = create_pandas_dataframe_agent(ChatOpenAI(), df)
        question = st.chat_input("Ask about the data")
        if question:
            st.write(agent.invoke(question))
            st.write(agent.run({"input": question}))
            st.write(careful.invoke(question))
            st.write(agent.invoke("Summarise the table"))
        """,
        [(11, 26, "STS302"), (12, 23, "STS302")],
        "STS302",
    )
