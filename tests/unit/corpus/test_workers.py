"""corpus.workers: results in input order from a real process pool; batched writes that commit or roll back."""

from __future__ import annotations

import os

import pytest
import sqlite_utils

from corpus.workers import WorkerPool, write_in_batches


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_the_pool_keeps_input_order_and_runs_in_other_processes():
    with WorkerPool(2) as pool:
        results = list(pool.map(square_and_pid, range(40), window=5))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}
    with WorkerPool(1) as pool:  # one worker: plain calls here, no process started
        assert {pid for _, pid in pool.map(square_and_pid, range(3))} == {os.getpid()}
        assert pool.submit(square_and_pid, 3).result() == (9, os.getpid())


def detector_loaded(_: int) -> tuple[bool, int]:
    from corpus.curate.language import _detector_factory

    return _detector_factory.cache_info().currsize == 1, os.getpid()


def test_chunks_keep_input_order_and_workers_share_the_detector_loaded_before_the_fork():
    from corpus.curate.language import _detector_factory

    _detector_factory.cache_clear()
    with WorkerPool(2) as pool:
        results = list(pool.map(square_and_pid, range(23), window=6, chunk=4))  # the last chunk is short
        loaded = list(pool.map(detector_loaded, range(4), chunk=1))
    assert [square for square, _ in results] == [n * n for n in range(23)]
    assert _detector_factory.cache_info().currsize == 1  # loaded here, once, before the workers forked
    assert all(found for found, _ in loaded) and os.getpid() not in {pid for _, pid in loaded}


def test_writes_are_batched_and_a_failing_write_rolls_its_batch_back(tmp_path):
    db = sqlite_utils.Database(tmp_path / "t.db")
    db["items"].create({"id": int}, pk="id")
    committed = []

    def write(n):
        if n == 7:
            raise RuntimeError("cannot store 7")
        db["items"].insert({"id": n})
        return n

    with pytest.raises(RuntimeError):
        write_in_batches(db, range(10), write, batch_size=3, after=lambda n, _: committed.append(n))
    assert committed == [0, 1, 2, 3, 4, 5]  # told once each batch committed
    assert [row["id"] for row in db["items"].rows] == [0, 1, 2, 3, 4, 5]  # 6 went down with 7's batch
    assert not db.conn.in_transaction
