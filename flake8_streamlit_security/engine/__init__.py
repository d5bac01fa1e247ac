"""The taint engine: what values a module's names and expressions hold.

One :class:`Analyzer` walks a module's statements in order, evaluating every
expression once per pass into a :class:`V` (what is known about the value: user taint
per sink category, non-constness, secret-ness, parameter flows, Streamlit object
kind).  Rule families subscribe to events (``call``, ``compare``, ``if``,
``assign``...) and read values through :meth:`Analyzer.val`.

The modules, by job:

* :mod:`.values` -- :class:`V` and how values join, derive and are sanitized;
* :mod:`.scope` -- where the engine keeps what it learns: :class:`Env` (whose
  ``bind`` logs the name for branch joins), the branch log, module :class:`Facts`
  (whose setters count changes) and function summaries;
* :mod:`.library` -- the values of library calls, attributes and items, by the kind
  :mod:`flake8_streamlit_security.knowledge.models` gives their qualified names;
* :mod:`.core` -- events for the rule families, findings, name resolution;
* :mod:`.statements`, :mod:`.checks`, :mod:`.expressions`, :mod:`.calls`,
  :mod:`.functions`, :mod:`.classes` -- the walk, part by part;
* :mod:`.analyzer` -- the parts put together, and the passes over a module.
"""
from __future__ import annotations

from flake8_streamlit_security.engine.analyzer import Analyzer
from flake8_streamlit_security.engine.library import auth_like, bearer
from flake8_streamlit_security.engine.scope import Env
from flake8_streamlit_security.engine.values import V, sanitize

__all__ = ["Analyzer", "Env", "V", "auth_like", "bearer", "sanitize"]
