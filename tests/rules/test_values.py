"""engine.values.V: named fields, the copy that ``but`` makes, and ``join``."""
from __future__ import annotations

from flake8_streamlit_security.engine import values
from flake8_streamlit_security.engine.values import V


def _every_slot_set() -> V:
    value = V()
    for i, slot in enumerate(V.__slots__):
        object.__setattr__(value, slot, f"value-{i}")
    return value


def test_the_fields_have_names() -> None:
    assert V.__slots__ == ("taint", "nonconst", "param_flows", "secret", "sql", "sqlish",
                           "link", "ref", "flags", "auth", "func", "text", "secret_at",
                           "taint_at", "flows_at", "secret_key")
    assert all(len(slot) > 1 for slot in V.__slots__)


def test_but_copies_every_slot() -> None:
    """``but`` lists the slots by hand: a slot added to V and not to ``but`` would be
    lost from every copy."""
    original = _every_slot_set()
    copy = original.but()
    assert copy is not original
    assert all(getattr(copy, s) == getattr(original, s) for s in V.__slots__)
    for slot in V.__slots__:
        changed = original.but(**{slot: "new"})
        assert [s for s in V.__slots__ if getattr(changed, s) != getattr(original, s)] \
            == [slot]


def test_join_of_one_value_is_that_value() -> None:
    value = V(taint=frozenset({"html"}), ref="x")
    assert values.join([value]) is value
    assert values.join([value, value]) is value
    other = V(taint=frozenset({"sql"}))
    joined = values.join([value, other])
    assert joined.taint == frozenset({"html", "sql"})
    assert joined.ref is None


def test_join_unions_the_sets_and_keeps_the_first_node() -> None:
    a = V(nonconst=frozenset({"sql"}), param_flows=frozenset({(0, "html")}), secret="s")
    b = V(nonconst=frozenset({"cmd"}), param_flows=frozenset({(1, "cmd")}), flags=frozenset({"pw"}))
    joined = values.join([a, b])
    assert joined.nonconst == frozenset({"sql", "cmd"})
    assert joined.param_flows == frozenset({(0, "html"), (1, "cmd")})
    assert joined.secret == "s" and joined.flags == frozenset({"pw"})


def test_sanitize_drops_the_categories_and_their_flows() -> None:
    v = V(taint=frozenset({"html", "cmd"}), nonconst=frozenset({"html", "cmd"}),
          param_flows=frozenset({(0, "html"), (0, "cmd")}), ref="x")
    clean = values.sanitize(v, frozenset({"html"}))
    assert clean.taint == clean.nonconst == frozenset({"cmd"})
    assert clean.param_flows == frozenset({(0, "cmd")}) and clean.ref is None
    assert values.sanitize(v, values.PCATS) is values.CLEAN


def test_nonconst_for_reads_own_and_parameter_flows() -> None:
    assert V(nonconst=frozenset({"sql"})).nonconst_for("sql")
    assert V(param_flows=frozenset({(2, "sql")})).nonconst_for("sql")
    assert not V(param_flows=frozenset({(2, "html")})).nonconst_for("sql")


def test_same_compares_every_field() -> None:
    assert values.same(V(text="a"), V(text="a"))
    assert not values.same(V(text="a"), V(text="b"))
    assert values.same(None, None) and not values.same(V(), None)


def test_derive_keeps_taint_and_the_flags_of_data() -> None:
    v = V(taint=frozenset({"html"}), ref="streamlit", flags=frozenset({"upload", "conn"}))
    derived = values.derive(v)
    assert derived.taint == v.taint and derived.ref is None
    assert derived.flags == frozenset({"upload"})
    assert values.derive(v, keep_ref=True).ref == "streamlit"


def test_join_keeps_where_the_secret_sits() -> None:
    """A container's secret under known keys stays there through a join; a value
    whose secret is anywhere makes it anywhere; a value without a secret adds none."""
    at_to = V(secret="st.secrets", secret_at=frozenset({"to"}))
    at_cc = V(secret="st.secrets", secret_at=frozenset({"cc"}))
    anywhere = V(secret="st.secrets")
    plain = V(taint=frozenset({"html"}))
    assert values.join([at_to, at_cc]).secret_at == frozenset({"to", "cc"})
    assert values.join([plain, at_to]).secret_at == frozenset({"to"})
    assert values.join([at_to, anywhere]).secret_at is None
    assert values.join([anywhere, at_to]).secret_at is None
    assert values.join([plain, plain.but(flags=frozenset({"pw"}))]).secret_at is None


def test_an_item_under_another_key_is_no_secret() -> None:
    result = V(secret="st.secrets", secret_at=frozenset({"recipients"}))
    assert values.secret_item(result, "error").secret is None
    assert values.secret_item(result, "recipients").secret == "st.secrets"
    assert values.secret_item(result, None).secret == "st.secrets"  # a key not known
    assert values.secret_item(V(secret="st.secrets"), "error").secret == "st.secrets"
