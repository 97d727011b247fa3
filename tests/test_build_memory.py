"""A one-shot build keeps its long-lived objects out of the collector's walks; serve never does."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from dangjian.mkdocs.memory import EVERY, LongLived


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_build_freezes_what_stays_and_the_next_build_gives_it_back() -> None:
    memory = LongLived()
    memory.start(one_shot=True)
    catalog = [{"id": i} for i in range(1000)]  # tracked objects, as the catalog's are
    memory.settle()
    assert gc.get_freeze_count() >= len(catalog)
    memory.start(one_shot=True)  # the next build in this process
    assert gc.get_freeze_count() == 0


def test_pages_are_frozen_every_so_many() -> None:
    memory = LongLived()
    memory.start(one_shot=True)
    for _ in range(EVERY - 1):
        memory.page_written()
    assert gc.get_freeze_count() == 0
    memory.page_written()
    assert gc.get_freeze_count() > 0


def test_serve_freezes_nothing() -> None:
    memory = LongLived()
    memory.start(one_shot=False)
    memory.settle()
    for _ in range(EVERY):
        memory.page_written()
    assert gc.get_freeze_count() == 0


def test_garbage_of_a_frozen_build_is_collected_once_the_next_build_starts() -> None:
    memory = LongLived()
    memory.start(one_shot=True)

    class Node:
        other: object

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    alive = weakref.ref(a)
    memory.settle()
    del a, b
    gc.collect()
    assert alive() is not None  # frozen: the collector does not look at it
    memory.start(one_shot=True)
    gc.collect()
    assert alive() is None
