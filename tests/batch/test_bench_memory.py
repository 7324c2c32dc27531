"""bench_batch's memory sampling: the process tree read from /proc, as psutil reads it."""

import subprocess
import sys
import time

import psutil
import pytest

from benchmarks.bench_batch import PeakMemory, tree_rss

HOLDS_64_MB = "import time; x = bytearray(64 * 2**20); time.sleep(60)"
PARENT = f"""
import subprocess, sys, threading, time
subprocess.Popen([sys.executable, "-c", {HOLDS_64_MB!r}])
def from_a_thread():  # while the thread lives, /proc lists the child under it, not the process
    subprocess.Popen([sys.executable, "-c", {HOLDS_64_MB!r}])
    time.sleep(60)
threading.Thread(target=from_a_thread).start()
time.sleep(60)
"""


@pytest.fixture
def tree():
    """A process with two children, one started from a thread, each holding 64 MB."""
    proc = subprocess.Popen([sys.executable, "-c", PARENT])
    try:
        root = psutil.Process(proc.pid)
        for _ in range(300):
            children = root.children()
            if len(children) == 2 and all(c.memory_info().rss > 64 * 2**20 for c in children):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the children never came up")
        yield root
    finally:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        proc.kill()
        proc.wait()


def test_the_tree_memory_read_from_proc_is_what_psutil_reads(tree):
    by_psutil = sum(p.memory_info().rss for p in [tree, *tree.children(recursive=True)])
    ours = tree_rss(tree.pid)
    assert ours > 2 * 64 * 2**20  # both children counted, the one a thread started included
    assert abs(ours - by_psutil) < 0.05 * by_psutil


def test_the_sampler_keeps_the_peak_of_several_trees_and_its_own_cost(tree):
    child = tree.children()[0]
    with PeakMemory(tree.pid, child.pid) as memory:
        time.sleep(0.35)
    assert memory.peak >= tree_rss(tree.pid) + tree_rss(child.pid) - 8 * 2**20
    assert 0 < memory.cpu_seconds < 0.35
