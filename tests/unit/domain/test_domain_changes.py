"""The change bus: subscribe, unsubscribe, publish, hold and merge."""

from __future__ import annotations

import pytest

from jobdesk.domain.changes import ChangeBus, Changes, Entity


def collect(bus: ChangeBus) -> list[Changes]:
    got: list[Changes] = []
    bus.subscribe(got.append)
    return got


def test_changes_of_builds_frozen_sets():
    c = Changes.of(Entity.COMPANY, [3, 1, 3], structural=True, fields=["name", "name"])
    assert c == Changes(Entity.COMPANY, frozenset({1, 3}), True, frozenset({"name"}))
    assert Changes.of(Entity.EVENT, (5,)).structural is False
    assert Changes.of(Entity.EVENT, (5,)).fields == frozenset()
    with pytest.raises(AttributeError):
        c.ids = frozenset()  # type: ignore[misc]


def test_publish_reaches_every_subscriber_in_order():
    bus = ChangeBus()
    order: list[str] = []
    bus.subscribe(lambda c: order.append("a"))
    bus.subscribe(lambda c: order.append("b"))
    bus.publish(Changes.of(Entity.CONTACT, [1]))
    assert order == ["a", "b"]


def test_publish_several_and_skip_empty():
    bus = ChangeBus()
    got = collect(bus)
    first = Changes.of(Entity.COMPANY, [1])
    second = Changes.of(Entity.APPLICATION, [2], structural=True)
    bus.publish(first, Changes.of(Entity.CONTACT, []), second)
    assert got == [first, second]


def test_unsubscribe_stops_delivery_and_is_idempotent():
    bus = ChangeBus()
    got: list[Changes] = []
    unsubscribe = bus.subscribe(got.append)
    bus.publish(Changes.of(Entity.COMPANY, [1]))
    unsubscribe()
    unsubscribe()  # a second call is harmless
    bus.publish(Changes.of(Entity.COMPANY, [2]))
    assert [c.ids for c in got] == [frozenset({1})]


def test_unsubscribing_during_publish_does_not_skip_others():
    bus = ChangeBus()
    got: list[str] = []
    unsubscribe_first = None

    def first(change):
        got.append("first")
        unsubscribe_first()

    unsubscribe_first = bus.subscribe(first)
    bus.subscribe(lambda c: got.append("second"))
    bus.publish(Changes.of(Entity.COMPANY, [1]))
    bus.publish(Changes.of(Entity.COMPANY, [2]))
    assert got == ["first", "second", "second"]


def test_hold_defers_and_merges_by_entity_and_kind():
    bus = ChangeBus()
    got = collect(bus)
    with bus.hold():
        bus.publish(Changes.of(Entity.COMPANY, [1], fields=["name"]))
        bus.publish(Changes.of(Entity.COMPANY, [2], fields=["notes"]))
        bus.publish(Changes.of(Entity.COMPANY, [3], structural=True))
        bus.publish(Changes.of(Entity.CONTACT, [1]))
        bus.publish(Changes.of(Entity.COMPANY, [1, 4], structural=True))
        assert got == []  # nothing sent while held
    assert sorted(got, key=lambda c: (c.entity, c.structural)) == sorted([
        Changes.of(Entity.COMPANY, [1, 2], fields=["name", "notes"]),
        Changes.of(Entity.COMPANY, [1, 3, 4], structural=True),
        Changes.of(Entity.CONTACT, [1]),
    ], key=lambda c: (c.entity, c.structural))
    assert len(got) == 3


def test_nested_hold_publishes_once_at_the_outer_end():
    bus = ChangeBus()
    got = collect(bus)
    with bus.hold():
        with bus.hold():
            bus.publish(Changes.of(Entity.EVENT, [1]))
        assert got == []  # the inner hold does not flush
        bus.publish(Changes.of(Entity.EVENT, [2]))
    assert got == [Changes.of(Entity.EVENT, [1, 2])]


def test_hold_drops_everything_on_exception_and_recovers():
    bus = ChangeBus()
    got = collect(bus)
    with pytest.raises(RuntimeError), bus.hold():
        bus.publish(Changes.of(Entity.COMPANY, [1], structural=True))
        raise RuntimeError("rolled back")
    assert got == []
    # the bus is not stuck holding: the next publish goes straight out
    bus.publish(Changes.of(Entity.COMPANY, [2]))
    assert got == [Changes.of(Entity.COMPANY, [2])]
    with bus.hold():
        bus.publish(Changes.of(Entity.COMPANY, [3]))
    assert got[-1] == Changes.of(Entity.COMPANY, [3])


def test_hold_with_nothing_published_sends_nothing():
    bus = ChangeBus()
    got = collect(bus)
    with bus.hold():
        bus.publish(Changes.of(Entity.COMPANY, []))
    assert got == []
