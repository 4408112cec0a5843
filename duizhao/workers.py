"""Forked worker processes: how the build shares its stages out over the machine's cores.

Workers are forked, so they inherit the work (often closures, which cannot be sent to
a process) instead of receiving it; only results travel back. They ignore Ctrl-C: the
build stops them and reports the interrupt once.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: dict = {}  # what forked workers inherit: the function and its items


def count() -> int:
    """Worker processes to use: one per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def ignore_interrupt() -> None:
    """In a worker: leave Ctrl-C to the build, which stops the pool and reports once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_pool(workers: int, renew: int = 0):
    """A pool of forked workers that ignore Ctrl-C; with `renew`, each worker is replaced
    by a fresh fork after that many tasks.

    A Ctrl-C that arrives while os.fork() runs its at-fork hooks is swallowed there
    ("Exception ignored in ... _releaseLock"), and the build would go on as if nothing
    had happened. So the signal is held back while the workers are forked, and arrives
    as soon as they are.
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    # Every object the build holds now is moved out of the collector's reach (gc.freeze)
    # while the workers run: a collection in a worker would otherwise write to every one
    # of them, and the operating system would copy each page it shares with the build.
    # `stop_pool` gives them back when the pool is done.
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(workers, initializer=ignore_interrupt,
                                                        maxtasksperchild=renew or None)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def stop_pool(pool) -> None:
    """Stop a pool's workers, and give the build's objects back to the collector."""
    try:
        if pool is not None:
            pool.terminate()
    finally:
        gc.unfreeze()


def _run(indices: range) -> list:
    fn, items = _TASK["fn"], _TASK["items"]
    return [fn(items[i]) for i in indices]


def fork_imap(fn: Callable[[T], R], items: Sequence[T], workers: int, chunk: int = 0,
              least: int = 16, renew: int = 0) -> Iterator[R]:
    """fn(item) for each item, yielded in order as the workers finish them.

    Workers are forked when the first result is asked for, and take `chunk` items at a
    time (by default a few chunks per worker, so that the slow ones even out). Fewer
    than `least` items, one worker, or no fork on this system: done here, one by one,
    since starting workers costs more than it saves. With `renew`, a worker is forked
    afresh after that many chunks: what it piled up (its own allocations, and the pages
    of the build's memory that touching them copied) goes back to the system. `fn` must be pure: what it changes
    in a worker's memory is lost. Close the iterator (contextlib.closing) when stopping
    early: that stops the workers.
    """
    if workers <= 1 or len(items) < least or not can_fork() or _TASK:
        yield from map(fn, items)
        return
    size = chunk or max(1, -(-len(items) // (workers * 4)))
    chunks = [range(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _TASK.update(fn=fn, items=items)
    pool = None
    try:
        pool = start_pool(workers, renew)
        for part in pool.imap(_run, chunks):
            yield from part
    finally:
        stop_pool(pool)
        _TASK.clear()


def _call() -> object:
    return _TASK["fn"]()


def fork_call(fn: Callable[[], R]) -> R:
    """fn() in a forked worker process of its own, its result sent back.

    For a stage that needs much memory on the way to a small result: what it allocates,
    and the holes it leaves in the heap, go back to the system with the worker, instead of
    staying in the build, where every worker forked later would inherit them. Done here
    when this system cannot fork, or inside a worker already.
    """
    if not can_fork() or _TASK:
        return fn()
    _TASK.update(fn=fn)
    pool = None
    try:
        pool = start_pool(1)
        return pool.apply(_call)
    finally:
        stop_pool(pool)
        _TASK.clear()


def fork_map(fn: Callable[[T], R], items: Sequence[T], workers: int, least: int = 16) -> list[R]:
    """[fn(item) for item in items], shared out over forked workers as fork_imap does."""
    return list(fork_imap(fn, items, workers, least=least))
