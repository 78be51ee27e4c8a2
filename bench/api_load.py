"""Loads the REST API as programs would: household detail and list reads, against `fupin serve`.

Usage (PostgreSQL, as production runs)::

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/fupin_bench \\
        .venv/bin/python bench/api_load.py [--scale 1.0] [--seconds 30]

Loads the demo county when the database has none, makes a token for the county user, starts
``fupin serve`` on a free port of loopback, then measures:

* **open loop** — 50 clients, each calling every 1–3 s (uniformly at random), household detail
  and list reads mixed 4:1; latencies measured from the planned start, so a slow server is not
  excused by its clients waiting (no coordinated omission);
* **closed loop** — the capacity for detail reads: ``wrk`` (Debian's package) with 8 connections
  on 2 threads, over 200 households, when ``wrk`` is installed.

Prints p50/p95/p99 and requests per second.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from fupin.registry.models import Household  # noqa: E402
from fupin.registry.services.tokens import create_token  # noqa: E402

CLIENTS = 50
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(port: int) -> subprocess.Popen[bytes]:
    """``fupin serve`` on loopback; returns once it answers."""
    env = {**os.environ, "FUPIN_API_RATE": "100000/m"}  # the bench measures speed, not the limit
    server = subprocess.Popen(
        [sys.executable, "-m", "fupin.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _attempt in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("fupin serve did not start")


def _client(
    port: int, token: str, paths: list[str], until: float, out: list[tuple[str, float]]
) -> None:
    """One program: a request every 1–3 s; each latency counted from its planned start."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    planned = time.perf_counter() + random.uniform(0, 3)
    while planned < until:
        time.sleep(max(0.0, planned - time.perf_counter()))
        path = random.choice(paths)
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"HTTP {response.status}")
        kind = "list" if "?" in path else "detail"
        out.append((kind, time.perf_counter() - planned))
        planned += random.uniform(1, 3)


def _quantiles(latencies: list[float]) -> str:
    cuts = statistics.quantiles(latencies, n=100)
    return (
        f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms"
    )


def open_loop(port: int, token: str, numbers: list[str], seconds: float) -> None:
    """50 clients calling every 1–3 s; prints the latency quantiles."""
    paths = [f"/api/v1/households/{n}" for n in numbers] * 4
    paths += [f"/api/v1/households?offset={random.randrange(0, 5000)}&limit=50" for _ in numbers]
    until = time.perf_counter() + seconds
    results: list[list[tuple[str, float]]] = [[] for _ in range(CLIENTS)]
    threads = [threading.Thread(target=_client, args=(port, token, paths, until, results[i]))
               for i in range(CLIENTS)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [x for r in results for x in r]
    print(f"open loop, {CLIENTS} clients every 1–3 s for {seconds:.0f} s: {len(every)} requests, "
          f"{len(every) / seconds:.1f}/s; all: {_quantiles([x for _k, x in every])}")  # fmt: skip
    for kind in ("detail", "list"):
        print(f"  {kind} reads: {_quantiles([x for k, x in every if k == kind])}")


LUA = """
paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Authorization"] = "Bearer %s"})
end
"""


def closed_loop(port: int, token: str, numbers: list[str], seconds: float) -> None:
    """wrk's capacity for detail reads (when wrk is installed)."""
    paths = ", ".join(f'"/api/v1/households/{n}"' for n in numbers)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (paths, token))
    try:
        done = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{int(seconds)}s", "--latency", "-s", script.name,
             f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True,
        )  # fmt: skip
    except FileNotFoundError:
        print("closed loop: wrk is not installed (apt-get install wrk)")
        return
    finally:
        Path(script.name).unlink()
    keep = [line.strip() for line in done.stdout.splitlines()
            if line.strip().startswith(("Requests/sec", "50%", "90%", "99%", "Non-2xx"))]  # fmt: skip
    print("closed loop (wrk, 8 connections, detail reads): " + "; ".join(keep))


def main() -> None:
    """Prepares the data and the server, then runs both loads."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    from fupin.demo.users import ensure_demo_users

    call_command("migrate", verbosity=0)
    if not Household.objects.exists():
        from fupin.demo.county import build_demo_county

        build_demo_county(args.scale)
    ensure_demo_users()
    token, _record = create_token("county", now=timezone.now(), days=1, name="bench")
    numbers = list(Household.objects.order_by("?").values_list("number", flat=True)[:200])
    print(
        f"{Household.objects.count():,} households; database {os.environ.get('DATABASE_URL', 'SQLite')}"
    )
    port = _free_port()
    server = _serve(port)
    try:
        open_loop(port, token, numbers, args.seconds)
        closed_loop(port, token, numbers, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
