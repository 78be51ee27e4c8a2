"""A TERM to ``fupin serve`` stops the worker it started beside the pages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

SCRIPT = """
import subprocess, sys, time
import fupin.commands.worker as w
w.queue_needs_a_worker = lambda: True
real = subprocess.Popen
w.subprocess.Popen = lambda command: real([sys.executable, "-c", "import time; time.sleep(60)"])
with w.worker_beside() as child:
    print(child.pid, flush=True)
    time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split()[2] != "Z"  # a zombie has ended


def test_a_term_signal_stops_the_worker_too():
    server = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True)
    worker = int(server.stdout.readline())
    assert _alive(worker)
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 143
    for _ in range(100):
        if not _alive(worker):
            break
        time.sleep(0.1)
    assert not _alive(worker)
