"""Untrusted content (RULES.md "Untrusted content (STS407)"): what a model wrote, what
the server fetched.

A model's reply and an HTTP response body are text nobody in the app wrote: a
prompt-injected document or web page decides them.  They carry the ``content``
category, which HTML sinks (STS407) and code runners (STS302: ``exec`` of what a model
wrote) read, and HTML sanitizers remove.

How the engine recognises them, in order:

* a *reply function*, by qualified name (``ollama.chat``, ``st.write_stream``);
* a call whose attribute chain ends like an SDK's reply call, on any object
  (``<anything>.chat.completions.create(...)``, ``<anything>.generate_content(...)``):
  the spelling is the SDK's, whoever built the client;
* a *reply method* of a model object: an object built by a model client's constructor
  or a LangChain chat model, chain or agent factory (``OpenAI()``, ``ChatOpenAI(...)``,
  ``create_react_agent(...)``), or composed from one (``prompt | llm``), or read from
  one (``client.chat``);
* an HTTP fetch (``requests.get``, a session's ``.get``, ``urlopen``): the response,
  whose body attributes are content and whose metadata is not;
* a parameter of a *callback handler*'s method that the framework calls with what the
  model wrote (LangChain's ``on_llm_new_token(self, token)``: the streamed reply).
"""
from __future__ import annotations

from flake8_streamlit_security.knowledge.sinks import HTTP_METHODS

# Model clients, by qualified name: calls building an object whose reply methods
# return model text.
MODEL_CLIENTS: frozenset[str] = frozenset(
    {
        "openai.OpenAI", "openai.AsyncOpenAI", "openai.AzureOpenAI", "openai.AsyncAzureOpenAI",
        "anthropic.Anthropic", "anthropic.AsyncAnthropic", "anthropic.AnthropicBedrock",
        "anthropic.AnthropicVertex", "groq.Groq", "groq.AsyncGroq", "mistralai.Mistral",
        "mistralai.client.MistralClient", "together.Together", "cohere.Client",
        "cohere.ClientV2", "ollama.Client", "ollama.AsyncClient", "google.genai.Client",
        "google.generativeai.GenerativeModel", "vertexai.generative_models.GenerativeModel",
        "huggingface_hub.InferenceClient", "litellm.Router",
    }
)
# Packages whose classes and factories named below build chat models, chains and
# agents (LangChain, LangGraph, LlamaIndex): matched by the package and the last name,
# since each class lives in many modules (``langchain_openai``, ``langchain.chat_models``,
# ``langchain_community.chat_models``...).
MODEL_PACKAGES: tuple[str, ...] = ("langchain", "langgraph", "llama_index")
MODEL_FACTORIES: frozenset[str] = frozenset(
    {
        # chat models and LLMs
        "ChatOpenAI", "AzureChatOpenAI", "ChatAnthropic", "ChatOllama", "OllamaLLM", "Ollama",
        "ChatGoogleGenerativeAI", "GoogleGenerativeAI", "ChatVertexAI", "ChatGroq",
        "ChatMistralAI", "ChatBedrock", "ChatBedrockConverse", "ChatCohere", "ChatHuggingFace",
        "HuggingFaceEndpoint", "HuggingFaceHub", "ChatTogether", "ChatFireworks",
        "ChatDeepSeek", "ChatPerplexity", "ChatXAI", "OpenAI", "AzureOpenAI", "Anthropic",
        "init_chat_model", "Replicate", "CTransformers", "LlamaCpp", "GPT4All",
        # chains and agents
        "LLMChain", "ConversationChain", "RetrievalQA", "RetrievalQAWithSourcesChain",
        "ConversationalRetrievalChain", "from_llm", "from_chain_type", "load_qa_chain",
        "load_summarize_chain", "create_retrieval_chain", "create_stuff_documents_chain",
        "create_history_aware_retriever", "initialize_agent", "AgentExecutor",
        "from_agent_and_tools", "create_react_agent", "create_tool_calling_agent",
        "create_openai_tools_agent", "create_openai_functions_agent", "create_agent",
        "create_pandas_dataframe_agent", "create_csv_agent", "create_sql_agent",
        "create_python_agent", "create_spark_dataframe_agent",
        "RunnableWithMessageHistory", "StateGraph",
        # web search tools: what their .run()/.invoke() return is the web's text
        "TavilySearchResults", "TavilySearch", "DuckDuckGoSearchRun", "DuckDuckGoSearchResults",
        "WikipediaQueryRun", "SerpAPIWrapper", "GoogleSerperAPIWrapper",
        "GoogleSearchAPIWrapper", "BraveSearch", "ArxivQueryRun",
        # chat histories: their messages (HISTORY_MESSAGES) are what the model and the
        # visitors wrote
        "StreamlitChatMessageHistory", "ChatMessageHistory", "ConversationBufferMemory",
        "ConversationBufferWindowMemory", "ConversationSummaryBufferMemory",
    }
)
# Methods of a model object that return what the model wrote (or a stream of it).
REPLY_METHODS: frozenset[str] = frozenset(
    {
        "invoke", "ainvoke", "stream", "astream", "batch", "abatch", "predict", "run", "arun",
        "chat", "achat", "generate", "agenerate", "complete", "acomplete", "stream_complete",
        "stream_chat", "query", "aquery", "generate_content", "send_message",
        "text_generation", "chat_completion",
    }
)
# Calls whose attribute chain ends like this return a reply, whatever they are called on
# (the SDKs' own spellings: ``client.chat.completions.create``).
REPLY_CALL_TAILS: tuple[tuple[str, ...], ...] = (
    ("chat", "completions", "create"), ("chat", "completions", "parse"),
    ("responses", "create"), ("messages", "create"), ("messages", "stream"),
    ("generate_content",), ("generate_content_async",), ("generate_content_stream",),
)
# Agent factories whose agents write Python and run it on the server: a visitor's question
# to one runs whatever code it asks the model for (STS302).  The pandas and CSV agents
# refuse to run unless ``allow_dangerous_code=True``; the Python agent always runs code.
CODE_AGENTS: dict[str, str | None] = {
    "create_pandas_dataframe_agent": "allow_dangerous_code",
    "create_csv_agent": "allow_dangerous_code",
    "create_spark_dataframe_agent": "allow_dangerous_code",
    "create_python_agent": None,
}
RUNS_CODE = "runs code"  # the flag of such an agent
# Attributes of a model object (a chat history, a memory) that hold the conversation.
HISTORY_MESSAGES: frozenset[str] = frozenset({"messages", "buffer", "buffer_as_messages"})
# ``<anything>.invoke(...).content``: LangChain's spelling of a chat model's reply text,
# whatever the receiver (a model handed to a helper as a parameter).
REPLY_CONTENT: frozenset[tuple[str, str]] = frozenset(
    {("invoke", "content"), ("ainvoke", "content")})
# Calls whose attribute chain ends like this build a model object (LlamaIndex engines).
MODEL_CALL_TAILS: tuple[tuple[str, ...], ...] = (("as_query_engine",), ("as_chat_engine",))
# Functions returning a reply, by qualified name.
REPLY_FUNCTIONS: frozenset[str] = frozenset(
    {
        "ollama.chat", "ollama.generate", "openai.ChatCompletion.create",
        "openai.ChatCompletion.acreate", "openai.Completion.create", "litellm.completion",
        "litellm.acompletion", "replicate.run", "streamlit.write_stream",
    }
)

# Callback handlers (LangChain's ``BaseCallbackHandler``, ``AsyncCallbackHandler``;
# LlamaIndex's ``BaseCallbackHandler``): a class with a base whose name ends like this.
# Their methods below are called by the framework with model or tool output at the
# given position (counting ``self`` as 0).
CALLBACK_HANDLER_SUFFIX = "CallbackHandler"
CALLBACK_CONTENT: dict[str, int] = {
    "on_llm_new_token": 1, "on_llm_end": 1, "on_tool_end": 1, "on_agent_finish": 1,
    "on_text": 1,
}

# HTTP fetches: the response's body is content (``.text``, ``.content``, ``.json()``,
# ``.read()``).  Module functions by qualified name; a session's methods (STS406's
# ``<http>`` clients) by name.
HTTP_FETCHES: frozenset[str] = frozenset(
    {f"{lib}.{m}" for lib in ("requests", "httpx") for m in HTTP_METHODS - {"urlopen"}}
    | {"urllib.request.urlopen", "urllib3.request", "urllib2.urlopen"}
)
SESSION_FETCHES: frozenset[str] = HTTP_METHODS

# Where a fetch's URL argument is: (position, keyword); ``request(method, url)`` is the
# exception.
URL_ARGUMENT: tuple[int, str] = (0, "url")
URL_ARGUMENT_OF_REQUEST: tuple[int, str] = (1, "url")
# A response from a URL whose constant prefix does not name a host on the web (no
# prefix: a base URL from configuration; or a local host: the app's own backend) is the
# app's own API: its decoded JSON is the app's data, as a database row is (STS403's, not
# STS407's), while its text (``.text``, ``.content``, ``.read()``) is still a page.
LOCAL_HOSTS: frozenset[str] = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "[::1]"})
PAGE_BODY: frozenset[str] = frozenset(
    {"text", "content", "read", "iter_content", "iter_lines", "raw", "body", "data"}
)
# Attributes of a response (HTTP or model) that are metadata, not the body or the reply:
# ``requests.get(...).status_code`` in HTML is no finding.
RESPONSE_METADATA: frozenset[str] = frozenset(
    {
        "status_code", "status", "ok", "reason", "elapsed", "headers", "encoding",
        "apparent_encoding", "cookies", "history", "is_success", "is_error",
        "is_redirect", "getcode", "code", "usage", "usage_metadata", "model", "id",
        "created", "object", "system_fingerprint", "stop_reason", "finish_reason",
        "response_metadata", "prompt_feedback", "raise_for_status", "close",
    }
)
