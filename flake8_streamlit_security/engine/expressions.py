"""Expressions: names, strings, operators, containers, comprehensions, attributes
and subscripts.  Calls are in :mod:`.calls`."""
from __future__ import annotations

import ast
from typing import Any, Callable

from flake8_streamlit_security.engine import library
from flake8_streamlit_security.engine.checks import login_guard, validated
from flake8_streamlit_security.engine.core import Core
from flake8_streamlit_security.engine.scope import Env
from flake8_streamlit_security.engine.values import (
    ARGV, CLEAN, DICT, INSTANCE, NONCONST, PROSE, SQL_MARKER, SQL_VALUE, STORED, V, anchored,
    bare_parameter, carries, constant_for_sql, derive, flows_under, holds_arg, join, keyed,
    keyed_item,
    position, reads_as_sql, sanitize, secret_item, sql_names_only, sql_part, sqlish,
    stored_secret, valid, with_sql_of,
)
from flake8_streamlit_security.knowledge.categories import (
    ALL, ARCHIVE, EMPTY, LINK, PATH, PCATS, SQL, URL,
)
from flake8_streamlit_security.knowledge.models import FILE_REF, MODEL_REF
from flake8_streamlit_security.knowledge.sql import BIND_MARKERS, clause_text, value_slot
from flake8_streamlit_security.knowledge.propagation import (
    NUMERIC_ATTRIBUTES, NUMERIC_FORMAT_SPEC, PATH_PARTS, URL_HOST_PARTS,
)
from flake8_streamlit_security.knowledge.untrusted import (
    PAGE_BODY, REPLY_CONTENT, RESPONSE_METADATA,
)
from flake8_streamlit_security.knowledge.streamlit_api import CONTAINER_ATTRS, ST
from flake8_streamlit_security.lazyre import LazyRe
from flake8_streamlit_security import names
from flake8_streamlit_security.names import canonical, const_str
from flake8_streamlit_security.vocab import is_password_like

# Node type -> the method for it (``e_BinOp``...), filled in by the analyzer.
E_DISPATCH: dict[type, Callable[..., Any]] = {}

# What an f-string keeps of its parts' facts about the object.
_KEPT_BY_FSTRING = frozenset({"email", "pw", SQL_VALUE, SQL_MARKER})
_FIXED_HOST = LazyRe(r"[a-zA-Z][\w+.-]*://[^/?#{}\s]+[/?#]")
_NUMERIC_SPEC = LazyRe(NUMERIC_FORMAT_SPEC)
# A printf-style conversion ("%s", "%(name)s", "%-5d", "%%"): group 1 its mapping key.
_PERCENT_FIELD = LazyRe(r"%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
                        r"[diouxXeEfFgGcrsa%]")


class Expressions(Core):

    def expr(self, node: ast.AST, env: Env) -> V:
        t = type(node)
        # Names and constants are most of a module's expressions: inline.
        if t is ast.Name:
            ident = node.id  # type: ignore[attr-defined]
            v = env.get(ident) or self.name(ident, env)
            if SQL in v.nonconst and not v.taint and ident.isupper():
                v = constant_for_sql(v)  # ALL_CAPS: a constant by convention (STS401)
            self.memo[node] = v
            if v.ref is not None and v.ref in self.watched_refs:
                self.emit_ref("name", node, v, env)  # type: ignore[arg-type]
            return v
        if t is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if type(value) is str:
                self.memo[node] = CLEAN  # what a "str" handler sees of it
                self.emit("str", node, env)
                v = V(text=value)
            else:
                v = CLEAN
            self.memo[node] = v
            return v
        m = E_DISPATCH.get(t)
        if m is not None:
            v = m(self, node, env)
        else:
            vs = [self.expr(c, env) for c in ast.iter_child_nodes(node)
                  if isinstance(c, ast.expr)]
            v = join(vs) if vs else NONCONST
        self.memo[node] = v
        return v

    def e_JoinedStr(self, node: ast.JoinedStr, env: Env) -> V:
        parts: list[V] = []
        pairs = []  # (the literal text before it, value) for each dynamic part
        text = ""
        for piece in node.values:
            if isinstance(piece, ast.FormattedValue):
                part = self.expr(piece.value, env)
                if piece.format_spec is not None:
                    self.expr(piece.format_spec, env)
                    if _numeric_format(piece.format_spec):
                        part = CLEAN  # {x:.3f}, {n:,}: digits, whatever x was
                if EXTENSION in part.flags and carries(part, PATH) and (
                        text.strip() or any(not p.taint for p in parts)):
                    # f"{uuid4()}.{name.split('.')[-1]}": an extension (no "..") behind
                    # the program's own stem cannot leave the folder
                    part = sanitize(part, _EXTENSION_SAFE)
                parts.append(part)
                pairs.append((text, part))
            elif isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                text += piece.value
                self.memo[piece] = CLEAN
                self.emit("str", piece, env)
        v = join(parts) if parts else CLEAN
        v = v.but(ref=None, func=None, text=None, flags=v.flags & _KEPT_BY_FSTRING,
                  taint_at=None, flows_at=None)
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and str(first.value).strip():
            # a constant prefix fixes the scheme: the value cannot become javascript:
            v = v.but(taint=v.taint - {LINK})
            if starts_program_text(str(first.value)):
                v = anchored(v)
            if prose_prefix(str(first.value)) and (v.taint or v.param_flows):
                v = v.but(flags=v.flags | _PROSE)
            if _FIXED_HOST.match(str(first.value)):
                # scheme and host are fixed: not a forged request
                v = v.but(taint=v.taint - {URL})
        elif isinstance(first, ast.FormattedValue) and parts and not holds_arg(parts[0]):
            v = anchored(v)  # f"{folder}/{name}": begins with the program's own value
        if reads_as_sql(text):
            v = self.sql_built(node, v, pairs)
        elif text in BIND_MARKERS and len(pairs) == 1:
            v = v.but(flags=v.flags | {SQL_MARKER})  # f":{key}": a bind marker
        elif v.nonconst_for(SQL) and clause_text(text) and any(
                p.nonconst_for(SQL) and value_slot(before) for before, p in pairs):
            v = v.but(flags=v.flags | {SQL_VALUE})  # a clause: "AND name = '{x}'"
        link = self.link_target(node, env)
        if link:
            v = v.but(link=node)
        self.emit("fstring", node, v, env)
        return v

    def sql_built(self, node: ast.AST, v: V, pairs: list[tuple[str, V]]) -> V:
        """``v``, a statement built from the dynamic parts ``pairs`` (the text before
        each, its value): its SQL string node when a part is non-constant in a value's
        place or user-controlled (STS401), else a constant statement."""
        v = with_sql_of(v, [sql_part(before, p) for before, p in pairs])
        if not v.nonconst_for(SQL):
            return v.but(sqlish=True)
        if sql_names_only(pairs):
            self.sql_names.add(node)
        return v.but(sql=node)

    def fstring_pairs(self, node: ast.JoinedStr, prefix: str) -> list[tuple[str, V]]:
        """The dynamic parts of an f-string already walked, each with the text before
        it (after ``prefix``)."""
        pairs = []
        text = prefix
        for piece in node.values:
            if isinstance(piece, ast.FormattedValue):
                pairs.append((text, self.memo.get(piece.value, NONCONST)))
            elif isinstance(piece, ast.Constant):
                text += str(piece.value)
        return pairs

    def percent_pairs(self, right: ast.AST, template: str) -> list[tuple[str, V]] | None:
        """The dynamic parts of ``template % right``, each with the text before it;
        None when a conversion cannot be matched to a value."""
        pairs = []
        start = 0
        items: list[ast.AST] = list(right.elts) if isinstance(right, ast.Tuple) else [right]
        keys = {const_str(k): v for k, v in zip(right.keys, right.values)
                if k is not None} if isinstance(right, ast.Dict) else None
        index = 0
        for m in _PERCENT_FIELD.finditer(template):
            if m.group(0) == "%%":
                continue
            text = template[:m.start()]
            arg: ast.AST | None
            if keys is not None and m.group(1) is not None:
                arg = keys.get(m.group(1))
            elif keys is None and m.group(1) is None and index < len(items):
                arg, index = items[index], index + 1
            else:
                arg = None
            if arg is None or isinstance(arg, ast.Starred):
                return None
            pairs.append((text, self.memo.get(arg, NONCONST)))
            start = m.end()
        return pairs if start or not pairs else None

    def link_target(self, node: ast.JoinedStr, env: Env) -> bool:
        """An f-string whose markdown link/image target is tainted: ``[x]({url})``."""
        prev = ""
        for piece in node.values:
            if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                prev = piece.value
            elif isinstance(piece, ast.FormattedValue):
                if prev.rstrip().endswith("](") and LINK in self.val(piece.value, env).taint:
                    return True
                prev = ""
        return False

    def e_BinOp(self, node: ast.BinOp, env: Env) -> V:
        # Long left-deep chains ("a" + b + "c" + ...) are evaluated iteratively.
        spine = [node]
        while isinstance(spine[-1].left, ast.BinOp):
            spine.append(spine[-1].left)
        left = self.expr(spine[-1].left, env)
        for b in reversed(spine):
            right = self.expr(b.right, env)
            left = self.binop(b, left, right, b.op, b, b.right)
            self.memo[b] = left
        return left

    def binop(self, node: ast.AST, left: V, right: V, op: ast.operator,
              report_node: ast.AST, right_node: ast.AST) -> V:
        if isinstance(op, ast.Div) and left.ref in ("<path>",):
            v = join([left, right]).but(ref="<path>")
            if not holds_arg(left):
                v = anchored(v)  # Path(folder) / name begins with the program's folder
            self.emit("path_join", node, left, right)
            if PATH in right.taint:  # reported where the path is built, not at every use
                v = sanitize(v, frozenset({PATH})).but(ref="<path>")
            return v
        if isinstance(op, ast.Mult) and isinstance(node, ast.BinOp) and (
            _constant_sequence(node.left, left) or _constant_sequence(node.right, right)
        ):
            return CLEAN  # "?" * n, ["%s"] * len(ids): the constant, repeated
        if isinstance(op, ast.BitOr) and (
            (left.ref or "").startswith(MODEL_REF) or (right.ref or "").startswith(MODEL_REF)
        ):
            return library.MODEL_OBJECT  # a LangChain chain: prompt | llm | parser
        v = join([left, right]).but(ref=None, func=None, text=None, taint_at=None,
                                    flows_at=None)
        if isinstance(op, ast.Add) and right.sql is None and (left.sql or sqlish(left)):
            # a statement continued: what the added part brings depends on its place
            if isinstance(right_node, ast.JoinedStr):
                pairs = self.fstring_pairs(right_node, left.text or "")
            else:
                # after a text known up to here; else taken as a value, to be safe
                pairs = [(left.text if left.text is not None else "=", right)]
            v = with_sql_of(v, [left] + [sql_part(before, p) for before, p in pairs])
            if left.sql is not None and not sql_names_only(pairs):
                self.sql_names.discard(left.sql)  # a value is formatted in too
            if left.sql is None and v.nonconst_for(SQL) and sql_names_only(pairs):
                self.sql_names.add(report_node)
            if left.sql is not None or v.nonconst_for(SQL):
                v = v.but(sql=left.sql or report_node)
            else:
                v = v.but(sqlish=True)
        elif isinstance(op, ast.Mod) and left.sql is None and right.sql is None and \
                left.text is not None and sqlish(left) and right.nonconst_for(SQL) and \
                (places := self.percent_pairs(right_node, left.text)) is not None:
            # "INSERT INTO t (%s) VALUES (%s)" % (columns, marks): each part by its place
            v = self.sql_built(report_node, v, places)
        elif isinstance(op, (ast.Add, ast.Mod)):
            if (left.nonconst_for(SQL) or right.nonconst_for(SQL)) and (
                left.sql or right.sql or sqlish(left) or sqlish(right)
            ):
                v = v.but(sql=left.sql or right.sql or report_node)
            elif isinstance(op, ast.Add) and left.text is not None and \
                    right.nonconst_for(SQL) and value_slot(left.text) and \
                    clause_text(left.text):
                v = v.but(flags=v.flags | {SQL_VALUE})  # " AND name = '" + name
        if isinstance(op, ast.Add) and (
                starts_program_text(left.text) if left.text is not None
                else not holds_arg(left)) or \
                isinstance(op, ast.Mod) and starts_program_text(left.text) and \
                not (left.text or "").startswith("%"):
            v = anchored(v)  # "/tmp/" + name, folder + name, "/tmp/%s" % name
        if isinstance(op, (ast.Add, ast.Mod)):
            if isinstance(op, ast.Add) and left.text is not None and right.text is not None:
                v = v.but(text=left.text + right.text)
            if isinstance(op, ast.Add) and LINK in right.taint and left.text is not None and \
                    left.text.rstrip().endswith("]("):
                v = v.but(link=report_node)
            if isinstance(op, ast.Add) and left.text and LINK not in left.taint:
                v = v.but(taint=v.taint - {LINK})
                if _FIXED_HOST.match(left.text):
                    v = v.but(taint=v.taint - {URL})
        elif not isinstance(op, (ast.Mult,)):
            v = v.but(sqlish=False, flags=EMPTY)
        return v

    def e_BoolOp(self, node: ast.BoolOp, env: Env) -> V:
        vs = []
        guard = 0
        for x in node.values:
            vs.append(self.expr(x, env))
            if isinstance(node.op, ast.And) and login_guard(x):
                guard += 1
                self.guarded += 1
        self.guarded -= guard
        v = join(vs)
        self.emit("boolop", node, vs, env)
        return v

    def e_UnaryOp(self, node: ast.UnaryOp, env: Env) -> V:
        v = self.expr(node.operand, env)
        if isinstance(node.op, ast.Not):
            return CLEAN
        return v.but(ref=None, text=None)

    def e_Compare(self, node: ast.Compare, env: Env) -> V:
        self.expr(node.left, env)
        for c in node.comparators:
            self.expr(c, env)
        self.emit("compare", node, env)
        return CLEAN

    def e_IfExp(self, node: ast.IfExp, env: Env) -> V:
        self.expr(node.test, env)
        return join([self.expr(node.body, env), self.expr(node.orelse, env)])

    def e_NamedExpr(self, node: ast.NamedExpr, env: Env) -> V:
        v = self.expr(node.value, env)
        self.bind(node.target, v, env, node.value)
        self.memo[node.target] = v
        self.emit("assign", node, [node.target], node.value, env)
        return v

    def e_Lambda(self, node: ast.Lambda, env: Env) -> V:
        for d in node.args.defaults + [x for x in node.args.kw_defaults if x is not None]:
            self.expr(d, env)
        self.emit("function", node, env)
        self.function_body(node, env)
        return V(func=node, nonconst=PCATS)

    def _comprehension(self, node: Any, env: Env, elts: list[ast.AST]) -> V:
        inner = env.copy()
        for gen in node.generators:
            it = self.expr(gen.iter, inner)
            self.bind_element(gen.target, gen.iter, it, inner)
            for cond in gen.ifs:
                self.expr(cond, inner)
                # [k for k in keys if k in ALLOWED]: what the filter validates is valid
                # in the items it lets through (RULES.md "Validators")
                for name in validated(cond, lambda part: self.check(part, env))[0]:
                    if name in inner:
                        inner.bind(name, valid(inner[name]))
        return join([self.expr(e, inner) for e in elts]).but(ref=None, text=None)

    def e_ListComp(self, node: ast.ListComp, env: Env) -> V:
        return self._comprehension(node, env, [node.elt])

    e_SetComp = e_ListComp
    e_GeneratorExp = e_ListComp

    def e_DictComp(self, node: ast.DictComp, env: Env) -> V:
        return self._comprehension(node, env, [node.key, node.value])

    def e_Dict(self, node: ast.Dict, env: Env) -> V:
        vs = [self.expr(k, env) for k in node.keys if k is not None]
        items = [self.expr(v, env) for v in node.values]
        vs += items
        self.emit("dict", node, env)
        if not vs:
            return CLEAN
        v = join(vs).but(ref=None, text=None, sqlish=False, sql=None)
        keys = [const_str(k) for k in node.keys]
        constant_keys = None not in keys and not any(
            kv.taint or kv.param_flows for kv in vs[:len(vs) - len(items)])
        v = v.but(flags=v.flags | _DICT if constant_keys else v.flags - _DICT)
        if v.taint or v.param_flows:
            # where the taint and what parameters bring sit: under constant keys only (a
            # result dict's "reply"), or anywhere (a key not constant, or tainted itself)
            if constant_keys:
                v = v.but(
                    taint_at=frozenset(str(k) for k, i in zip(keys, items) if i.taint)
                    if v.taint else None,
                    flows_at=frozenset().union(*(flows_under(str(k), i)
                                                 for k, i in zip(keys, items)))
                    if v.param_flows else None)
        if v.secret:
            # where the secret sits: under constant keys only, or anywhere
            at: set[str] = set()
            for k, item in zip(node.keys, items):
                key = const_str(k)
                if item.secret:
                    if key is None:
                        return v
                    at.add(key)
            if not any(kv.secret for kv in vs[:len(vs) - len(items)]):
                v = v.but(secret_at=frozenset(at))
        return v

    def e_List(self, node: ast.List | ast.Tuple | ast.Set, env: Env) -> V:
        vs = [self.expr(e, env) for e in node.elts]
        if not vs:
            return CLEAN
        v = join(vs)
        v = v.but(text=None, sqlish=False, ref=ST if v.ref == ST else None, func=None,
                  flags=v.flags - _DICT if DICT in v.flags else v.flags)
        head = node.elts[0]
        if not isinstance(node, ast.Set) and (
                const_str(head) is not None or isinstance(head, (ast.Name, ast.Attribute))
        ) and not vs[0].taint and not names.runs_code(node.elts):
            # ["soffice", "--headless", path], [soffice_path, ...]: a program's name first
            v = v.but(flags=v.flags | _ARGV)
        return v

    def e_Tuple(self, node: ast.Tuple, env: Env) -> V:
        v = self.e_List(node, env)
        if (v.taint or v.param_flows) and not any(isinstance(e, ast.Starred) for e in node.elts):
            places = list(enumerate(node.elts))
            v = v.but(
                taint_at=frozenset(position(i) for i, e in places if self.memo[e].taint)
                if v.taint else None,
                flows_at=frozenset().union(*(flows_under(position(i), self.memo[e])
                                             for i, e in places))
                if v.param_flows else None)
        if v.secret:
            # where the secret sits: ``return frame, api_key`` unpacked by the caller
            at = set()
            for i, elt in enumerate(node.elts):
                if isinstance(elt, ast.Starred):
                    return v
                if self.memo[elt].secret:
                    at.add(position(i))
            v = v.but(secret_at=frozenset(at))
        return v

    e_Set = e_List

    def e_Starred(self, node: ast.Starred, env: Env) -> V:
        return self.expr(node.value, env)

    def e_Attribute(self, node: ast.Attribute, env: Env) -> V:
        if node.attr in PATH_PARTS and isinstance(node.value, ast.Call):
            self.nonsink.add(id(node.value))
        base = self.expr(node.value, env)
        ref = None
        if base.ref is not None:
            if base.ref == ST and node.attr in CONTAINER_ATTRS:
                ref = ST
            else:
                ref = canonical(f"{base.ref}.{node.attr}")
        v = self.attribute_value(node, base, ref)
        if node.attr == "suffix" and (v.taint or v.param_flows):
            v = v.but(flags=v.flags | {EXTENSION})  # Path(name).suffix
        if node.attr in NUMERIC_ATTRIBUTES and not v.ref:
            v = CLEAN  # datetime.now().year, day.month: a number
        if self.secret_like(node.attr):
            v = stored_secret(base, node.attr, v)
        elif v.secret and v.secret.startswith(STORED):
            v = v.but(secret=None)  # creds.service_account_email: the last name decides
        self.memo[node] = v
        if v.ref in self.watched_refs or node.attr in self.watched_attrs:
            self.emit_ref("attribute", node, v, env)
        return v

    def attribute_value(self, node: ast.Attribute, base: V, ref: str | None) -> V:
        if self.method_stack:
            ck = self.class_key(node)
            if ck is not None:
                known = self.class_attribute(node, ck)
                if known is not None:
                    return known
        if INSTANCE in base.flags and isinstance(base.func, ast.ClassDef):
            known = self.instance_attribute(base.func, node.attr)  # obj.attr, obj = Cls()
            if known is not None:
                return known
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
                (call.func.attr, node.attr) in REPLY_CONTENT:
            return library.MODEL_TEXT  # llm.invoke(prompt).content, llm a parameter
        if "url parts" in base.flags and node.attr in URL_HOST_PARTS:
            return sanitize(derive(base), _EXTENSION_SAFE)  # urlparse(url).netloc: no "/"
        if base.ref == FILE_REF and node.attr == "name":
            return derive(base)  # the path of a (temporary) file, with what was written
        if "fetched" in base.flags and node.attr in RESPONSE_METADATA:
            return NONCONST  # response.status_code: metadata, not the body
        if "own api" in base.flags:  # the app's own API: its page text only
            return library.UNTRUSTED if node.attr in PAGE_BODY else NONCONST
        if ref is not None:
            v = library.attribute_value(self, node, base, ref)
            if v is not None:
                return v
            if self.imports is not None:
                v = self.imports.value(ref)  # a name of one of the app's own modules
                if v is not None:
                    return v
            return V(ref=ref, nonconst=EMPTY if node.attr.isupper() or _enum_member(node)
                     else PCATS)
        if "upload" in base.flags:
            if node.attr in ("name", "type"):
                return V(taint=ALL, nonconst=PCATS, param_flows=base.param_flows)
            if node.attr in ("size", "file_id"):
                return CLEAN
        if base.secret:
            return derive(base)
        if not (base.taint or base.nonconst or base.param_flows):
            return CLEAN if node.attr.isupper() or _enum_member(node) else NONCONST
        v = derive(base)
        if node.attr.isupper() and not v.taint:
            return v.but(nonconst=EMPTY)
        return v

    def state_value(self, key: str, ref: str | None = None) -> V:
        """The value of session-state ``key``: what was written to it, and user
        input if a widget's ``key=`` names it."""
        written, widget = self.facts.read_state(key)
        v = written or widget
        base = V(nonconst=PCATS, ref=ref, flags=_STATE)
        if v is None:
            return base
        if self.facts.constant_state(key):
            return V(ref=ref, flags=_STATE)  # only ever set to constants: a setting
        if widget is None and written is not None and (written.ref or "").startswith(MODEL_REF):
            return written  # a chain or a chat history kept in the session: still one
        # (what it holds where: a chat history's entries keep their fields apart)
        held = derive(v).but(taint_at=v.taint_at, secret_at=v.secret_at) if keyed(v) \
            else derive(v)
        parts = [base, held] + ([widget] if widget is not None else [])
        return join(parts).but(ref=ref)

    def e_Subscript(self, node: ast.Subscript, env: Env) -> V:
        base = self.expr(node.value, env)
        # (the key is evaluated even when constant: a credential pasted as a key is a
        # string literal like any other, for STS102)
        key = self.expr(node.slice, env).text
        index = node.slice.value if isinstance(node.slice, ast.Constant) else None
        at = position(index) if type(index) is int and index >= 0 else key
        if keyed(base):
            v: V | None = secret_item(base, at)
        else:
            v = library.item_value(self, base, key, node.slice) \
                if base.ref is not None or base.secret \
                else None
        if v is None and at is not None and not base.taint and not base.secret and \
                "splitext" not in base.flags:
            v = keyed_item(base, at)  # data["name"], row[1] of a parameter: its own index
            if v is not None and base.sql is not None and v.sql is None:
                v = v.but(sql=base.sql)  # statements.split(";")[0]: still the built SQL
        if v is None:
            if "splitext" in base.flags and isinstance(node.slice, ast.Constant) and \
                    node.slice.value in (1, -1):
                v = sanitize(derive(base), frozenset({PATH}))  # the extension has no "/"
            else:
                v = derive(base)
        if key is not None and self.secret_like(key):
            v = stored_secret(base, key, v)
        elif key is not None and v.secret and v.secret.startswith(STORED):
            v = v.but(secret=None)  # credentials["client_id"]: the last name decides
        if v.secret == "st.secrets" and key is None and base.secret == "st.secrets":
            # st.secrets[name], name a parameter: each call's key decides
            v = v.but(secret_key=bare_parameter(self.memo.get(node.slice, NONCONST)))
        if _extension(node):
            v = v.but(flags=v.flags | {EXTENSION})  # name.split(".")[-1]: no ".." in it
        if key is not None and "pw" in v.flags and not is_password_like(key):
            # cfg["db_type"] of a config that also holds a password: not the password
            v = v.but(flags=v.flags - {"pw"})
        self.memo[node] = v
        self.emit("subscript", node, v, env)
        return v

    def e_Slice(self, node: ast.Slice, env: Env) -> V:
        for c in (node.lower, node.upper, node.step):
            if c is not None:
                self.expr(c, env)
        return CLEAN

    def e_Await(self, node: ast.Await, env: Env) -> V:
        return self.expr(node.value, env)


_STATE = frozenset({"state"})


def _enum_member(node: ast.Attribute) -> bool:
    """``Status.OPEN.value`` / ``.name``: what an ALL_CAPS member of a class holds."""
    return node.attr in ("value", "name") and isinstance(node.value, ast.Attribute) and \
        node.value.attr.isupper()


_EXTENSION_SAFE = frozenset({PATH, ARCHIVE})
_ARGV = frozenset({ARGV})
_DICT = frozenset({DICT})
EXTENSION = "extension"  # the flag of a file name's extension (no "..", no stem)


_PROSE = frozenset({PROSE})


def prose_prefix(text: str) -> bool:
    """Text a string begins with that makes it words, not a file name: a space or a line
    break and no path separator (``f"Return JSON for this text:\n{text}"``)."""
    return any(c in text for c in " \n\t") and "/" not in text and "\\" not in text


def starts_program_text(text: str | None) -> bool:
    """A string beginning with ``text`` is no option of a program (not empty, no "-")."""
    return text is not None and text != "" and not text.startswith("-")


def _extension(node: ast.expr) -> bool:
    """A file name's extension, which holds no "..": ``name.split(".")[-1]``,
    ``name.rsplit(".", 1)[1]``, ``Path(name).suffix`` (``os.path.splitext(name)[1]`` is
    path-clean already: the "splitext" flag)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "suffix"
    if not isinstance(node, ast.Subscript) or not isinstance(node.value, ast.Call):
        return False
    index = names.constant_index(node.slice)
    call = node.value
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("split", "rsplit") and
            call.args and isinstance(call.args[0], ast.Constant) and call.args[0].value == "."):
        return False
    return index == -1 or func.attr == "rsplit" and index == 1


def _numeric_format(spec: ast.AST) -> bool:
    """A constant format spec that only numbers accept."""
    if not (isinstance(spec, ast.JoinedStr) and len(spec.values) == 1 and
            isinstance(spec.values[0], ast.Constant)):
        return False
    m = _NUMERIC_SPEC.fullmatch(str(spec.values[0].value))
    return m is not None and bool(m.group("group") or m.group("type"))


def _constant_sequence(node: ast.AST, v: V) -> bool:
    """A string literal, or a list or tuple display of constants: what ``*`` repeats."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, (ast.List, ast.Tuple)) and not (
        v.taint or v.nonconst or v.param_flows)
