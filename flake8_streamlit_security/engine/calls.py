"""Calls: what a call returns (a function of the module through its summary, a
library call through its model, a method through its receiver), callbacks, sinks."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.engine import library
from flake8_streamlit_security.engine.core import Core
from flake8_streamlit_security.engine.functions import constant_defaults
from flake8_streamlit_security.engine.imports import CALL_SITE
from flake8_streamlit_security.engine.scope import Env, Summary, chain_order
from flake8_streamlit_security.engine.values import (
    CLEAN, DICT, EACH, INSTANCE, KEYED_BASE, NONCONST, SQL_MARKER, SQL_VALUE, V, bare_parameter,
    carries, derive, flows_under, join, keyed, keyed_item, keyed_of, position, root_param, sanitize,
    secret_item, sqlish, stored_secret,
)
from flake8_streamlit_security.knowledge import models as m
from flake8_streamlit_security.knowledge.categories import (
    ALL, ARCHIVE, CONTENT, EMPTY, HTML, HTML_SAFE, LINK, PATH, PCATS, SQL, SQL_NAME,
)
from flake8_streamlit_security.knowledge.propagation import (
    DATE_FORMATTERS, DERIVED_METHOD_BLOCK, PATH_WRITE_METHODS, STATE_WRITERS, TEMPLATE_METHODS,
    LIST_GROWERS, UPLOAD_READERS, WRITE_METHODS, sanitizes_filename, separator_replaced,
)
from flake8_streamlit_security.knowledge.untrusted import (
    MODEL_CALL_TAILS, PAGE_BODY, REPLY_CALL_TAILS, RESPONSE_METADATA, RUNS_CODE,
)
from flake8_streamlit_security.knowledge.sql import (
    CURSOR_FETCHES, SQL_METHODS, STATEMENT_WORDS, sql_sink_kind,
)
from flake8_streamlit_security.names import canonical, const_str
from flake8_streamlit_security.vocab import words

_CALLBACKS = ("on_click", "on_change", "on_submit")
_INSTANCE = frozenset({INSTANCE})
_RECEIVER_FLAGS = frozenset({"email", "pw", "upload", "archive", "frame", "extension",
                            RUNS_CODE})
_FRAME = frozenset({"frame"})


class Calls(Core):

    def e_Call(self, node: ast.Call, env: Env) -> V:
        fv = self.expr(node.func, env)
        args = [self.expr(a, env) for a in node.args] if node.args else []
        kws = {kw.arg: self.expr(kw.value, env) for kw in node.keywords} if node.keywords \
            else {}
        fq = fv.ref
        if fq is not None and isinstance(node.func, (ast.Name, ast.Attribute)):
            fq = canonical(fq)
        v = self.call_value(node, fq, fv, args, kws, env)
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        if name is not None and carries(v, PATH) and sanitizes_filename(words(name)):
            v = sanitize(v, _FILE_NAME_SAFE)  # sanitize_filename(upload.name)
        self.memo[node] = v
        if node.keywords and self.streamlit:
            self.callback(node, env)
        self.emit_call(node, fq, env)
        return self.memo[node]

    def call_value(self, node: ast.Call, fq: str | None, fv: V, args: list[V],
                   kws: dict[str | None, V], env: Env) -> V:
        allargs = args + list(kws.values()) if kws else args  # read, never changed
        if self.extra_sanitizer_tails and (
            (isinstance(node.func, ast.Name) and node.func.id in self.extra_sanitizer_tails)
            or (fq is not None and fq in self.sanitizers and self.sanitizers[fq] is PCATS
                and fq.rsplit(".", 1)[-1] in self.extra_sanitizer_tails)
        ):
            return CLEAN
        if fv.func is not None:
            if isinstance(fv.func, ast.ClassDef):
                return self.instance_call(node, fv, args, kws)
            return self.summarized_call(node, fv.func, args, kws)
        if fq is not None:
            kind = self.call_kinds.get(fq)
            if kind is None and fq.startswith(library.CALL_PREFIXES):  # one test for most
                kind = library.prefixed_call_kind(fq)
            elif kind is None and library.model_factory(fq):
                kind = m.MODEL
            if kind is not None:
                v = library.CALL_RESULTS[kind](self, node, fq, allargs, env)
                if v is not None:
                    return v
        if isinstance(node.func, ast.Attribute):
            method = self.bound_method(node.func, env)
            if method is not None:
                return self.summarized_call(node, method[0], args, kws, shift=method[1])
            return self.method_value(node, node.func, allargs, env)
        return NONCONST

    def format_pairs(self, node: ast.Call, template: str) -> list[tuple[str, V]] | None:
        """The dynamic parts of ``template.format(...)``, each with the text before it;
        None when a field cannot be matched to an argument."""
        import string  # only for statements built with .format()

        pairs = []
        text = ""
        auto = 0
        keywords = {k.arg: k.value for k in node.keywords if k.arg is not None}
        try:
            fields = list(string.Formatter().parse(template))
        except ValueError:
            return None
        for literal, field, _spec, _conv in fields:
            text += literal
            if field is None:
                continue
            head = field.split(".", 1)[0].split("[", 1)[0]
            if head == "":
                head, auto = str(auto), auto + 1
            arg: ast.expr | None = None
            if head.isdigit() and int(head) < len(node.args):
                arg = node.args[int(head)]
            elif head in keywords:
                arg = keywords[head]
            if arg is None or isinstance(arg, ast.Starred):
                return None
            pairs.append((text, self.memo.get(arg, NONCONST)))
        return pairs

    def instance_call(self, node: ast.Call, fv: V, args: list[V],
                      kws: dict[str | None, V]) -> V:
        """``Cls(...)`` for a class of the app: its ``__init__`` runs with the
        arguments (and may pass them to a sink); the result is an instance, whose
        methods calls then follow.  Calling an instance runs its ``__call__``."""
        cls = fv.func
        assert isinstance(cls, ast.ClassDef)
        method = self.find_method(cls, "__call__" if INSTANCE in fv.flags else "__init__")
        if INSTANCE in fv.flags:
            if method is None:
                return NONCONST
            return self.summarized_call(node, method, args, kws, shift=1)
        if method is not None:
            self.summarized_call(node, method, args, kws, shift=1)
            if method.name == "__init__":
                self.constructed(method, node, args, kws)
        return V(func=cls, flags=_INSTANCE, nonconst=PCATS)

    def method_value(self, node: ast.Call, func: ast.Attribute, allargs: list[V],
                     env: Env) -> V:
        """What ``receiver.method(...)`` returns, given the receiver's value."""
        method = func.attr
        if method in self.extra_sanitizer_tails:
            return CLEAN
        if method in _TAIL_ENDS:
            if _ends_with(func, REPLY_CALL_TAILS):
                return library.UNTRUSTED  # client.chat.completions.create(...), any client
            if _ends_with(func, MODEL_CALL_TAILS):
                return library.MODEL_OBJECT  # index.as_query_engine()
        recv = self.val(func.value, env)
        if "fetched" in recv.flags and method in RESPONSE_METADATA:
            return NONCONST  # response.raise_for_status(), .getcode()
        if "own api" in recv.flags:  # the app's own API: its page text only
            return library.UNTRUSTED if method in PAGE_BODY else NONCONST
        if allargs and (method in WRITE_METHODS and recv.ref == m.FILE_REF
                        or method in PATH_WRITE_METHODS and recv.ref == "<path>"):
            self.write_to_disk(func.value, recv, allargs[0], env)
        if recv.ref is not None:
            known = library.method_value(self, node, recv, method, allargs, env)
            if known is not None:
                return known
        if method in SQL_METHODS and allargs and not recv.taint and (
                sqlish(allargs[0]) and not allargs[0].nonconst_for(SQL) or
                allargs[0].text is not None and
                allargs[0].text.lstrip().lower().startswith(STATEMENT_WORDS)):
            # session.sql("select current_database()"): a constant query's rows are the
            # database's own data, whatever runs it
            return library.rows(method)
        if method in CURSOR_FETCHES and not recv.taint:
            return library.rows(method)  # cursor.fetchall(): the database's own rows
        if method == "replace" and len(allargs) >= 2 and \
                separator_replaced(allargs[0].text, allargs[1].text) and carries(recv, PATH):
            # name.replace("/", "_"): one file name, as basename() leaves
            return sanitize(derive(recv), _FILE_NAME_SAFE)
        if method == "replace" and len(allargs) >= 2 and recv.secret and \
                allargs[0].secret and not allargs[1].secret:
            # conn_str.replace(password, "*****"): the secret masked out
            return derive(recv).but(secret=None)
        if method == "join" and recv.text is not None:
            # (joining a dict joins its keys: ", ".join(row) lists the program's own keys)
            v = join([self.element(a) if DICT in a.flags else a for a in allargs]) \
                if allargs else CLEAN
            return v.but(ref=None, text=None, func=None, flags=v.flags & _KEPT_BY_JOIN)
        if method == "format" and recv.text is not None:
            v = join([recv] + allargs).but(ref=None, text=None, func=None)
            if any(a.nonconst_for(SQL) for a in allargs) and sqlish(recv):
                pairs = self.format_pairs(node, recv.text)
                v = self.sql_built(node, v, pairs) if pairs is not None else v.but(sql=node)
            if recv.text.rstrip().find("](") != -1 and any(LINK in a.taint for a in allargs):
                v = v.but(link=node)
            return v
        if method in DERIVED_METHOD_BLOCK:
            return CLEAN
        if method in DATE_FORMATTERS:  # digits and the format's text
            v = join(allargs) if allargs else CLEAN
            return v.but(ref=None, text=None, func=None, flags=EMPTY, sqlish=False)
        if recv.secret and method in ("keys", "has_key", "__contains__"):
            return NONCONST
        if method == "keys" and recv.taint_at is not None:
            return NONCONST  # the constant keys of a dict whose values hold the taint
        if method == "keys" and not allargs and not recv.taint and not recv.secret:
            each = keyed_item(recv, EACH)
            if each is not None:
                return each  # data.keys(), data a parameter: each call's dict decides
        if method == "items" and keyed(recv):
            # (key, value) pairs: the taint, what parameters bring and the secret are in
            # the values, place 1 of each pair
            value = frozenset({position(1)})
            return derive(recv).but(
                taint_at=value if recv.taint_at is not None else None,
                flows_at=flows_under(position(1), recv) if recv.flows_at is not None
                else None,
                secret_at=value if recv.secret_at is not None else None)
        if method == "get" and node.args:
            key = const_str(node.args[0])
            if recv.secret == "st.secrets" and key is not None:
                item = library.secrets_item(key, recv)  # [smtp].get("host"): a setting
                if not item.secret:
                    return join([item, *allargs[1:]])
            if recv.secret == "st.secrets" and key is None:
                # st.secrets.get(name), name a parameter: each call's key decides
                got = join([derive(recv), *allargs[1:]])
                return got.but(secret_key=bare_parameter(allargs[0]))
            if keyed(recv):
                # result["error"] of a result that holds a secret under another key
                got = secret_item(recv, key)
                got = join([got, *allargs[1:]]) if len(allargs) > 1 else got
                if key is not None and self.secret_like(key) and not got.taint:
                    # keys.get("serper_api_key") beside a key the user typed in
                    got = stored_secret(recv, key, got.but(ref=None, func=None, text=None))
                return got
            # data.get("name") of a parameter: an index of its own
            keyed_got = keyed_item(recv, key) if key is not None and not recv.secret else None
            if keyed_got is not None and key is not None and not self.secret_like(key):
                return join([keyed_got, *allargs[1:]]) if len(allargs) > 1 else keyed_got
            if key is not None and self.secret_like(key):
                item = keyed_got or derive(recv)
                got = item if not allargs[1:] else join([item, *allargs[1:]])
                return stored_secret(recv, key, got.but(ref=None, func=None, text=None))
        if method in TEMPLATE_METHODS and allargs:
            # string.Template(...).substitute(x=...), jinja2 Template.render(...)
            return join([recv, *allargs]).but(ref=None, text=None, func=None)
        if method == "to_html" and recv.taint:
            escape = names.kwarg(node, "escape")
            v = derive(recv)
            if not _styler(func.value) and (
                escape is None or not names.is_falsy_const(escape.value)
            ):
                v = sanitize(v, HTML_SAFE)  # DataFrame.to_html escapes cell text by default
            return v
        if "upload" in recv.flags and method in UPLOAD_READERS:
            return V(taint=ALL, nonconst=PCATS, param_flows=recv.param_flows)
        if method in STATE_WRITERS and allargs:
            self.mutate(func.value, join(allargs), env, method in LIST_GROWERS)
        if recv.taint or recv.secret or recv.param_flows or recv.sql or "email" in recv.flags:
            return derive(recv).but(flags=recv.flags & _RECEIVER_FLAGS)
        if recv.text is not None and not any(a.nonconst or a.param_flows for a in allargs):
            return V(text=None, sqlish=sqlish(recv))
        if recv.text is not None:
            v = join(allargs).but(ref=None, text=None, func=None, flags=EMPTY)
            if method == "replace" and len(allargs) >= 2 and sqlish(recv) and \
                    allargs[0].text is not None and allargs[0].text in recv.text:
                # "... WHERE code = '@ITEM'".replace("@ITEM", item): a template filled in
                before = recv.text[:recv.text.index(allargs[0].text)]
                v = self.sql_built(node, v, [(before, allargs[1])])
            return v
        if "frame" in recv.flags:
            # df.dropna(), df.merge(...): a frame, non-constant as the receiver is (rows
            # from the app's database stay constant for SQL)
            return V(nonconst=recv.nonconst or PCATS, flags=_FRAME)
        if recv.ref is None and SQL not in recv.nonconst and not (
                recv.taint or recv.param_flows or recv.secret or recv.sql) and not any(
                a.nonconst_for(SQL) for a in allargs):
            # day.strftime("%Y-%m-%d"), str(choice).split(" | ")[0]: what the developer's
            # value (a date, an option, a number) gives stays the developer's, for SQL
            return library.CONSTANT_FOR_SQL
        return NONCONST

    def write_to_disk(self, target: ast.AST, recv: V, content: V, env: Env) -> None:
        """``f.write(content)`` on a file opened for writing, ``path.write_bytes(...)``:
        the path written to carries the content's taint for loaders and runners
        (RULES.md "Content written to disk") -- for nothing else: a constant path does
        not become a traversal."""
        cats = content.taint & library.ON_DISK
        if not cats:
            return
        facts = set(recv.flags)
        if recv.ref == "<path>":  # Path(p).write_bytes(...), out.write_text(...)
            if isinstance(target, ast.Call) and target.args:
                target = target.args[0]
            facts |= library.written_to(self, target, env)
        elif isinstance(target, ast.Name):  # tmp.write(...): tmp.name is the path
            facts.add(library.WRITTEN_NAME + target.id)
        for fact in facts:
            if fact.startswith(library.WRITTEN_NAME):
                name = fact[len(library.WRITTEN_NAME):]
                old = env.get(name)
                if old is not None and old.func is None:
                    env.bind(name, old.but(taint=old.taint | cats))
            elif fact.startswith(library.WRITTEN_TEXT):
                slot = library.WRITTEN_SLOT + fact[len(library.WRITTEN_TEXT):]
                old = env.get(slot)
                env.bind(slot, V(taint=cats | old.taint if old is not None else cats))

    def on_disk(self, node: ast.AST, env: Env) -> V:
        """The value of the path ``node`` for a loader or a runner: what the scope
        wrote to that path too, when the path is a known string."""
        v = self.val(node, env)
        if v.text is not None:
            written = env.get(library.WRITTEN_SLOT + v.text)
            if written is not None:
                return join([v, written])
        return v

    def mutate(self, target: ast.AST, v: V, env: Env, grows_list: bool = False) -> None:
        """``target.append(v)`` and the like: the object carries ``v`` too -- its
        taint, not what ``v`` is (a session a password was added to is no password)."""
        local = SQL_VALUE in v.flags  # conditions.append(f"name LIKE '%{p}%'")
        # (a helper's parameter appended to its list travels with the list: out.append(
        # f"<li>{item}</li>"); dict and set updates do not carry it, which would cost
        # more analysis than it finds)
        if not (v.taint or v.secret or local or grows_list and v.param_flows):
            if v.nonconst:  # rows.append(row): a list of constants no longer
                key = self.state_key(target, env)
                if key is not None:
                    self.facts.add_to_state(key, V(nonconst=v.nonconst))
                elif isinstance(target, ast.Name) and not getattr(env.get(target.id),
                                                                  "nonconst", True):
                    self.taint_container(target.id, V(nonconst=v.nonconst), env)
            return
        if "pw" in v.flags:
            v = v.but(flags=v.flags - {"pw"})
        key = self.state_key(target, env)
        if key is not None:
            if v.taint or v.secret:
                self.facts.add_to_state(key, derive(v).but(
                    param_flows=EMPTY, taint_at=v.taint_at))  # an entry's fields kept apart
        elif isinstance(target, ast.Name):
            # d.update(other): the keys are the program's only if other's are
            self.taint_container(target.id, v, env)
        elif isinstance(target, ast.Attribute) and (v.taint or v.secret):
            # self.history.append(reply), s.snippets.append(reply): the class's fact
            held = derive(v).but(param_flows=EMPTY, taint_at=v.taint_at)
            ck = self.class_key(target)
            if ck is not None:
                self.facts.set_class_attr(ck, held)
            else:
                self.set_instance_attribute(target, held, env)

    def summarized_call(self, node: ast.Call, func: ast.AST, args: list[V],
                        kws: dict[str | None, V], shift: int = 0) -> V:
        """A call of one of the app's functions (or a method: ``shift`` leading
        parameters, ``self`` or ``cls``, are not among the call's arguments)."""
        summ = self.summary_now(func)
        if summ is None:
            interesting = any(_interesting(v) for v in [*args, *kws.values()])
            self.facts.consult(func, interesting, None)
            return NONCONST
        bound: dict[int, tuple[V, ast.AST]] = {}
        for i, a in enumerate(node.args):
            if isinstance(a, ast.Starred):
                break
            bound[i + shift] = (args[i], a)
        for kw in node.keywords:
            if kw.arg is not None and kw.arg in summ.params[shift:]:
                bound[summ.params.index(kw.arg)] = (kws[kw.arg], kw.value)
        v = self.apply_summary(func, summ, bound)
        if v.sql is CALL_SITE or v.link is CALL_SITE:
            # built in another file: reported at this call
            v = v.but(sql=node if v.sql is not None else None,
                      link=node if v.link is not None else None)
        return v

    def callback(self, node: ast.Call, env: Env) -> None:
        """``st.button(..., on_click=f, args=(...), kwargs={...})`` calls ``f`` with them."""
        cb = None
        for kw in node.keywords:
            if kw.arg in _CALLBACKS:
                cb = self.val(kw.value, env).func
        if cb is None:
            return
        summ = self.summary_now(cb)
        if summ is None:
            self.facts.consult(cb, True, None)
            return
        bound: dict[int, tuple[V, ast.AST]] = {}
        for kw in node.keywords:
            if kw.arg == "args" and isinstance(kw.value, (ast.Tuple, ast.List)):
                for i, a in enumerate(kw.value.elts):
                    if isinstance(a, ast.Starred):
                        break
                    bound[i] = (self.val(a, env), a)
            elif kw.arg == "kwargs" and isinstance(kw.value, ast.Dict):
                for k, v in zip(kw.value.keys, kw.value.values):
                    key = const_str(k)
                    if key is not None and key in summ.params:
                        bound[summ.params.index(key)] = (self.val(v, env), v)
        if bound:
            self.apply_summary(cb, summ, bound)

    def apply_summary(self, func: ast.AST, summ: Summary,
                      bound: dict[int, tuple[V, ast.AST]]) -> V:
        """A call of ``func`` with the arguments ``bound`` (index -> value, node):
        report the sinks they reach; return what the call returns."""
        interesting = any(_interesting(v) for v, _ in bound.values())
        self.facts.consult(func, interesting, self.facts.summary_sig(func, interesting))
        fname = self.qualnames.get(func) or str(getattr(func, "name", "<lambda>"))
        if self.imports is not None:
            fname = self.imports.names.get(func, fname)  # "module.function" across files
        # the parameters this call passes a constant (for SQL) to
        # (and those it passes its caller's own parameters to, decided by the caller's
        # calls: save(df, table="trades") forwarding table to the function building SQL)
        forwarded = {i: (self.func_stack[-1][0], frozenset(
            root_param(j) for j, c in av.param_flows if c == SQL))
            for i, (av, _node) in bound.items()
            if self.func_stack and SQL not in av.nonconst and not av.taint and
            any(c == SQL for _, c in av.param_flows)}
        self.sql_calls.setdefault(func, []).append((frozenset(
            i for i, (av, _node) in bound.items() if not av.nonconst_for(SQL)) |
            constant_defaults(func, bound), forwarded))
        arguments = dict(bound)  # and the items of dict arguments the function reads
        for i in summ.sinks:
            if i not in arguments:
                self.argument(i, arguments)
        for i, (av, anode) in sorted(arguments.items()):
            # in a stable order (the shortest chain, then by name): the first chain
            # reported for a node is the one its message names, on every run
            for (cat, code), inner in sorted(summ.sinks.get(i, {}).items(),
                                             key=_sink_order):
                self.sink_value(anode, av, cat, code, _through(fname, inner))
        ret = summ.ret
        taint = set(ret.taint)
        flows: set[tuple[int, str]] = set()
        nonconst = set(ret.nonconst)
        secret, sql_node, link = ret.secret, ret.sql, ret.link
        for (i, cat) in ret.param_flows:
            if i in arguments or self.argument(i, arguments) is not None:
                av = arguments[i][0]
                if cat in av.taint:
                    taint.add(cat)
                if cat in av.nonconst:
                    nonconst.add(cat)
                for (j, c2) in av.param_flows:
                    if c2 == cat:
                        flows.add((j, cat))
                # A secret passed in does not make the result a secret: helpers that
                # take a config (or os.environ) return something computed from it.
                sql_node = sql_node or av.sql
                link = link or av.link
        flags = ret.flags & _RECEIVER_FLAGS
        if ret.secret_key is not None and ret.secret_key in bound:
            named = bound[ret.secret_key][0].text  # get_setting("APP_BASE_URL")
            if named is not None and not library.secrets_item(named).secret:
                secret = None
        flows_at = None
        if flows and ret.flows_at is not None:
            # the caller's parameters under the keys the function put its own
            flows_at = frozenset((k, j) for k, i in ret.flows_at if i in arguments
                                 for j in {j for j, _ in arguments[i][0].param_flows})
        instance = ret.func if INSTANCE in ret.flags and isinstance(ret.func, ast.ClassDef) \
            else None  # an object of one of the app's classes: its attributes are known
        if instance is not None:
            flags |= _INSTANCE
        return V(frozenset(taint), frozenset(nonconst), frozenset(flows), secret, sql_node,
                 ret.sqlish, link, ret.ref if ret.ref in _RETURNED_REFS else None,
                 frozenset(flags), ret.auth, func=instance, secret_at=ret.secret_at,
                 taint_at=_taint_at(ret, len(taint) > len(ret.taint)),
                 flows_at=flows_at)

    def argument(self, index: int, arguments: dict[int, tuple[V, ast.AST]]
                 ) -> tuple[V, ast.AST] | None:
        """What a call passes for a (keyed) parameter index, added to ``arguments``:
        for ``data["name"]``, the item ``"name"`` of the dict passed as ``data``."""
        got = arguments.get(index)
        if got is not None or index < KEYED_BASE:
            return got
        parent, key = keyed_of(index)  # type: ignore[misc]
        outer = self.argument(parent, arguments)
        if outer is None:
            return None
        av, anode = outer
        if key == EACH:  # for k in fields: a key of a dict of constant keys, or an item
            item = CLEAN if DICT in av.flags else self.element(av)
        elif keyed(av):
            item = secret_item(av, key)
        else:
            item = keyed_item(av, key) or (
                library.item_value(self, av, key) if av.ref is not None or av.secret
                else None) or derive(av)
        arguments[index] = (item, anode)
        return arguments[index]

    # ----------------------------------------------------------- sinks
    def sink_value(self, node: ast.AST, v: V, cat: str, code: str, call: str) -> bool:
        """Check a value arriving at a sink; report or record a summary flow."""
        hit = False
        if cat == SQL:
            if v.sql is not None and self.func_stack and SQL not in v.nonconst and any(
                    c == SQL for _, c in v.param_flows):
                # built from the function's parameters alone: decided when every call
                # is known (Analyzer.run): constant when each call passes constants
                params = frozenset(root_param(i) for i, c in v.param_flows if c == SQL)
                self.sql_from_params[(v.sql, code)] = (self.func_stack[-1][0], params, call)
            elif v.sql is not None:
                remedy = "name" if v.sql in self.sql_names else sql_sink_kind(call)
                self.report(v.sql, code, call=call, remedy=remedy)
                hit = True
        elif cat == SQL_NAME:
            if v.taint:
                # user input passed to a helper that puts it where a name goes
                self.report(node, code, call=call, remedy="name")
                hit = True
            elif SQL_VALUE in v.flags and v.nonconst_for(SQL):
                # a clause carrying a value (f"Id = '{x}'") passed to a helper that
                # puts it where a clause goes
                self.report(node, code, call=call, remedy=sql_sink_kind(call))
                hit = True
        elif cat in v.taint and not (cat == CONTENT and HTML in v.taint):
            # user input and untrusted content in one value: STS402 reports it
            self.report(node, code, call=call, remedy=cat, source=cat)
            hit = True
        if self.func_stack:
            summ = self.func_stack[-1][1]
            for (i, c) in v.param_flows:
                if c == cat or c == SQL_NAME and cat == SQL:
                    summ.add_sink(i, c, code, call)
        return hit

    def sink(self, node: ast.AST | None, cat: str, code: str, call: str,
             env: Env) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Starred):
            node = node.value
        return self.sink_value(node, self.val(node, env), cat, code, call)


_FILE_NAME_SAFE = frozenset({PATH, ARCHIVE})
# What ``", ".join(parts)`` keeps of its parts' facts: clauses stay clauses.
_KEPT_BY_JOIN = frozenset({SQL_VALUE, SQL_MARKER})


# Kinds of object a function's result stays (a helper returning a connection, a model).
_RETURNED_REFS = frozenset({"<conn>", "<path>", "streamlit", m.MODEL_REF})


# The last names of those chains: most method calls end otherwise.
_TAIL_ENDS = frozenset(tail[-1] for tail in REPLY_CALL_TAILS + MODEL_CALL_TAILS)


def _ends_with(func: ast.Attribute, tails: tuple[tuple[str, ...], ...]) -> bool:
    """The attribute chain of ``func`` ends with one of ``tails``."""
    for tail in tails:
        node: ast.expr = func
        for part in reversed(tail):
            if not isinstance(node, ast.Attribute) or node.attr != part:
                break
            node = node.value
        else:
            return True
    return False


def _styler(node: ast.expr) -> bool:
    """A pandas Styler: ``df.style`` or a chain of calls on it (``df.style.format(...)``).
    ``Styler.to_html()`` does not escape cell text."""
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Attribute):
            if node.attr == "style":
                return True
            node = node.value
        else:
            node = node.func
    return False


def _taint_at(ret: V, from_arguments: bool) -> frozenset[str] | None:
    """Where a call's result holds its taint: where the function put its own, and, when
    the arguments add some, where it put what its parameters bring."""
    if not from_arguments:
        return ret.taint_at
    if ret.flows_at is None or ret.taint and ret.taint_at is None:
        return None
    return (ret.taint_at or EMPTY) | {k for k, _ in ret.flows_at}


def _interesting(v: V) -> bool:
    """A value whose flow through a call's summary can matter."""
    return bool(v.taint or v.secret or v.sql or v.link or v.param_flows or v.flags or v.auth)


def _sink_order(sink: tuple[tuple[str, str], str]) -> tuple[tuple[int, str], str, str]:
    (cat, code), chain = sink
    return chain_order(chain), cat, code


# A chain longer than this many calls is shown as its first and last ones.
MAX_CHAIN = 5
ELIDED = "..."


def _through(fname: str, inner: str) -> str:
    """The call chain ``fname -> inner``, with a cycle cut out: a recursive call
    (``f -> f -> g``, ``f -> h -> f -> g``) reaches the sink as ``f -> g`` does.
    Without the cut a recursive function's summary grew by one chain per pass and
    never settled.  A chain over :data:`MAX_CHAIN` calls keeps its first two and last
    two (``a -> b -> ... -> y -> eval()``): a message stays readable, and a summary's
    chains stay bounded on deep call graphs."""
    parts = inner.split(" -> ")
    if fname in parts:
        return " -> ".join(parts[len(parts) - 1 - parts[::-1].index(fname):])
    parts = [fname, *parts]
    if len(parts) > MAX_CHAIN:
        parts = [*parts[:2], ELIDED, *parts[-2:]]
    return " -> ".join(parts)
