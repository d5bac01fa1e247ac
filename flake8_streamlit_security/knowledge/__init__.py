"""What the linter knows about Streamlit and the libraries apps use, as tables.

Every fact has one home here; the engine, the rule families and the text gates read
these tables (the gates are derived from them, see :mod:`.gates`):

* :mod:`.categories` -- the sink categories a user-controlled value can reach;
* :mod:`.streamlit_api` -- Streamlit's own API: widgets that are sources, containers,
  display and HTML calls, client-controlled request data, caches;
* :mod:`.propagation` -- sanitizers, pass-through functions and how methods carry
  values (what a call returns, given what it was called with);
* :mod:`.sinks` -- dangerous calls per category (deserializers, executors, commands,
  file paths, server-side requests);
* :mod:`.sql` -- what reads as SQL, the calls that run it, database connectors;
* :mod:`.models` -- what a library call, attribute or item is worth, by the kind its
  qualified name (or its receiver's kind) has: a source, a connection, a path...;
* :mod:`.gates` -- cheap text tests, derived from the tables above, that let a file
  without Streamlit skip the analysis it cannot need.

Secret-like names and placeholder values live in :mod:`flake8_streamlit_security.vocab`
(shared with the hooks).
"""
