"""The build's worker process: results in the order submitted, a failed or taken-over batch done
by the build itself, and no worker at all where forking is unsafe (threads running)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from dangjian.background import BatchPool, acquire, release, worker_count
from tests.helpers import REPO


def square_batch(items: list[int]) -> list[int]:
    if 13 in items:
        raise ValueError("a batch that fails in the worker")
    return [x * x for x in items]


def local_squares(items: list[int]) -> list[int]:
    return [x * x for x in items]


def slow_batch(items: list[int]) -> list[int]:
    import time

    time.sleep(0.05)
    return items


def child_main() -> None:
    """Run in a fresh single-threaded process (pytest may run threads): prints what happened."""
    report = {}
    for name, local, take_over in (("local", local_squares, True), ("none", None, True),
                                   ("waited", None, False)):
        build = object()
        pool: BatchPool[int, int] = BatchPool(build, 1, square_batch, local=local, batch=4)
        report[name + "-running"] = pool.running
        for x in range(24):  # 6 batches: within the backlog bound, every item is taken
            report.setdefault(name + "-taken", []).append(pool.submit(x))
        report[name] = pool.results(take_over)
    # a worker far behind: without local, pages beyond the backlog are left to the caller
    slow: BatchPool[int, int] = BatchPool(object(), 1, slow_batch, batch=1)
    report["taken"] = [slow.submit(x) for x in range(200)]
    report["slow"] = slow.results(take_over=False)
    print(json.dumps(report))


def test_results_keep_order_and_failed_batches_are_done_here_or_left_to_the_caller() -> None:
    done = subprocess.run([sys.executable, "-c", "from tests.test_background import child_main; child_main()"],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["local-running"] and report["none-running"]
    assert report["local"] == [x * x for x in range(24)]
    for name in ("none", "waited"):
        assert all(report[name + "-taken"])
        got = report[name]
        assert len(got) == 24
        # the failed batch (12..15) has no result; every other result is right
        assert got[12:16] == [None] * 4
        assert all(v is None or v == x * x for x, v in enumerate(got))
    assert report["waited"] == [None if 12 <= x < 16 else x * x for x in range(24)]
    taken = [x for x, ok in enumerate(report["taken"]) if ok]
    assert 0 < len(taken) < 200  # the backlog stays bounded
    assert report["slow"] == taken  # every page taken was done, in order


def test_no_worker_while_threads_run_and_the_work_is_done_here() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert acquire(object(), 1) is None
        pool: BatchPool[int, int] = BatchPool(object(), 1, square_batch, local=local_squares, batch=4)
        assert not pool.running
        for x in range(10):
            pool.submit(x)
        assert pool.results() == [x * x for x in range(10)]
    finally:
        stop.set()
        thread.join()
    release(None)


def test_worker_count() -> None:
    assert worker_count(0, 10_000) == 0
    assert worker_count(2, 1) == 2
    assert worker_count(None, 10) == 0


def test_a_batch_in_the_worker_freezes_what_it_leaves_behind() -> None:
    import gc

    from dangjian.background import _in_worker

    def double(items: list[int]) -> list[int]:
        return [i * 2 for i in items]

    def broken(items: list[int]) -> list[int]:
        raise ValueError("bad batch")

    gc.unfreeze()
    try:
        assert _in_worker(double, [1, 2]) == [2, 4]
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        with pytest.raises(ValueError):
            _in_worker(broken, [1])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
