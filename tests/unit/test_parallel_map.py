"""parallel.map_ranges: the main process takes its share of the tasks, results come back in order,
and a worker's failure reaches the caller."""

import os

import pytest

from ess_site import parallel

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="fork indisponible")


def pids(part: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in part]


def test_the_main_process_renders_a_share_and_the_results_keep_their_order():
    """Before: two forked workers did every task while the main process waited (one more
    process holding its own copy of what it touched)."""
    items = list(range(1000))
    ranges = [(start, start + 100) for start in range(0, 1000, 100)]
    parts = list(parallel.map_ranges(pids, items, ranges, 2))
    assert [item for part in parts for item, _ in part] == items
    workers = {pid for part in parts for _, pid in part}
    assert os.getpid() in workers and len(workers) > 1


def test_with_one_job_and_a_share_everything_runs_here():
    parts = list(parallel.map_ranges(pids, list(range(60)), [(0, 30), (30, 60)], 1))
    assert {pid for part in parts for _, pid in part} == {os.getpid()}


def test_without_a_share_only_workers_run_the_tasks():
    parts = list(parallel.map_ranges(pids, list(range(60)), [(0, 30), (30, 60)], 2, share=False))
    assert [item for part in parts for item, _ in part] == list(range(60))
    assert os.getpid() not in {pid for part in parts for _, pid in part}


def fails_at_150(part: list[int]) -> list[int]:
    if 150 in part:
        raise ValueError("tâche 150")
    return part


@pytest.mark.parametrize("share", [True, False])
def test_an_error_in_a_task_reaches_the_caller(share):
    with pytest.raises(ValueError, match="tâche 150"):
        list(parallel.map_ranges(fails_at_150, list(range(400)), [(0, 100), (100, 200), (200, 300), (300, 400)], 2, share=share))


def dies(part: list[int]) -> list[int]:
    if os.getpid() != MAIN:
        os._exit(3)
    return part


MAIN = os.getpid()


def test_a_worker_that_dies_is_reported_instead_of_waited_for():
    """Before, multiprocessing.Pool waited forever for the task of a worker killed midway."""
    with pytest.raises(RuntimeError, match="code 3"):
        list(parallel.map_ranges(dies, list(range(200)), [(0, 100), (100, 200)], 2))
