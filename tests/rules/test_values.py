"""taint.V: the copy that ``but`` makes and the ``join`` shortcut."""
from __future__ import annotations

from flake8_streamlit_security import taint


def _every_slot_set() -> taint.V:
    value = taint.V()
    for i, slot in enumerate(taint.V.__slots__):
        object.__setattr__(value, slot, f"value-{i}")
    return value


def test_but_copies_every_slot() -> None:
    """``but`` lists the slots by hand (a loop over __slots__ cost 1% of a run): a slot
    added to V and not to ``but`` would be lost from every copy."""
    original = _every_slot_set()
    copy = original.but()
    assert copy is not original
    assert all(getattr(copy, s) == getattr(original, s) for s in taint.V.__slots__)
    for slot in taint.V.__slots__:
        changed = original.but(**{slot: "new"})
        assert [s for s in taint.V.__slots__ if getattr(changed, s) != getattr(original, s)] \
            == [slot]


def test_join_of_one_value_is_that_value() -> None:
    value = taint.V(t=frozenset({"html"}), ref="x")
    assert taint.join([value]) is value
    assert taint.join([value, value]) is value
    other = taint.V(t=frozenset({"sql"}))
    joined = taint.join([value, other])
    assert joined.t == frozenset({"html", "sql"})
