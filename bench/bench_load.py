"""Load on a real `ziping serve`: many Excel clients sending 校验 at once, 1 and 2 worker processes.

Starts `ziping serve` on loopback (an unused port), posts the nine-form sample's /validate payload
exactly as the tests build it (tests.remote.payload, a bearer token bound to the department),
from 50 and then 200 concurrent clients (asyncio + httpx), 1,000 requests per run, and prints:

- errors: transport errors and non-200 answers (goal 0); `differ`: 200 answers whose body is not
  byte-for-byte the single-request answer (goal 0);
- requests/s and p50 / p95 / max latency;
- RSS of the server processes (the uvicorn parent and its workers) before and after the run.

This machine is noisy, so every figure is also given as a ratio to a baseline measured around the
run, on the same server: the median latency of one request at a time, just before and just after
the run (throughput as requests/s × baseline: 1.0 is one request at a time); and server CPU per
request under load as a ratio to server CPU per request alone (RSS and CPU from Linux /proc).

    .venv/bin/python bench/bench_load.py [--workers 1 2] [--clients 50 200] [--requests 1000]
    .venv/bin/python bench/bench_load.py --fresh      # a new connection per request, as Excel's client makes
    .venv/bin/python bench/bench_load.py --distinct   # every request a different workbook (memory growth)
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.remote import payload  # noqa: E402
from workbooks.writing.samples import sample_path  # noqa: E402

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
TOKEN = "bureau-reviewer-token-0001"  # as in tests/test_server.py: the department's reviewers, every unit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue += _children(current)
    return pids


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def server_rss(pid: int) -> tuple[float, list[float]] | None:
    """(total MB, [MB of each process]) of the server and its worker processes (Linux /proc)."""
    if not Path("/proc/self/status").exists():
        return None
    sizes = [s for s in (_rss_mb(p) for p in _tree(pid)) if s is not None]
    return sum(sizes), sizes


class Server:
    def __init__(self, workers: int, folder: Path):
        tokens = folder / "tokens.json"
        tokens.write_text(json.dumps({"tokens": [{"token": TOKEN, "department": DEPARTMENT, "unit": "*"}]}), encoding="utf-8")
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        exe = Path(sys.executable).with_name("ziping")
        self.log = open(folder / f"server-{workers}.log", "wb")
        command = [str(exe), "serve", "--tokens", str(tokens), "--host", "127.0.0.1", "--port", str(self.port)]
        if workers != 1:  # one worker: `ziping serve` exactly as the tests start it
            command += ["--workers", str(workers)]
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ziping serve exited ({self.process.returncode}), see {self.log.name}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("ziping serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def load(url: str, bodies, reference: bytes | None, clients: int, requests: int, time_limit: float,
               request_timeout: float, fresh: bool = False) -> dict:
    """`requests` POSTs from `clients` concurrent clients; no new request after `time_limit` seconds.
    `fresh`: a new connection for every request (as Excel's client does), else kept-alive connections."""
    latencies, errors, differ, details = [], {}, 0, []
    issued = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=0 if fresh else clients)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    start = time.perf_counter()
    deadline = start + time_limit

    async with httpx.AsyncClient(limits=limits, timeout=request_timeout) as client:
        async def worker():
            nonlocal issued, differ
            previous = None
            while issued < requests and time.perf_counter() < deadline:
                index = issued
                issued += 1
                sent = time.perf_counter()
                try:
                    response = await client.post(f"{url}/validate", content=bodies(index), headers=headers)
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    cause = exc.__cause__ or exc.__context__
                    details.append(f"{type(exc).__name__} ({cause!r:.80}) {sent - start:.1f} s into the run, after"
                                   f" {time.perf_counter() - sent:.2f} s; this client's previous answer"
                                   + (f" {sent - previous:.3f} s before" if previous else ": none"))
                    previous = time.perf_counter()
                    continue
                previous = time.perf_counter()
                latencies.append(time.perf_counter() - sent)
                if response.status_code != 200:
                    errors[f"HTTP {response.status_code}"] = errors.get(f"HTTP {response.status_code}", 0) + 1
                elif reference is not None and response.content != reference:
                    differ += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - start
    return {"details": details, "issued": issued, "answered": len(latencies), "errors": errors, "differ": differ, "elapsed": elapsed, "rps": len(latencies) / elapsed if elapsed else 0.0,
            "p50": _pct(latencies, 0.50) if latencies else float("nan"),
            "p95": _pct(latencies, 0.95) if latencies else float("nan"),
            "max": max(latencies) if latencies else float("nan")}


def server_cpu_by_process(pid: int) -> dict[int, float] | None:
    """CPU seconds (user + system) used so far by the server and each worker process (Linux /proc)."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[p] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def server_cpu(pid: int) -> float | None:
    used = server_cpu_by_process(pid)
    return None if used is None else sum(used.values())


def single_latency(url: str, body: bytes, repeat: int) -> tuple[float, bytes]:
    """Median seconds of one request at a time, and the answer (every answer must be this one)."""
    times, answer = [], None
    with httpx.Client(timeout=120) as client:
        for _ in range(repeat):
            sent = time.perf_counter()
            response = client.post(f"{url}/validate", content=body,
                                   headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
            times.append(time.perf_counter() - sent)
            if response.status_code != 200:
                raise RuntimeError(f"single request: HTTP {response.status_code}: {response.text[:200]}")
            if answer is not None and response.content != answer:
                raise RuntimeError("two single requests gave different answers")
            answer = response.content
    return statistics.median(times), answer


def _mb(rss) -> str:
    return "n/a" if rss is None else f"{rss[0]:.0f} MB ({' + '.join(f'{s:.0f}' for s in rss[1])})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--requests", type=int, default=1000, help="requests per run")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds per run after which no request starts")
    parser.add_argument("--request-timeout", type=float, default=120)
    parser.add_argument("--baseline-repeat", type=int, default=15, help="single requests before and after each run")
    parser.add_argument("--fresh", action="store_true",
                        help="a new TCP connection for every request (Excel's client) instead of kept-alive connections")
    parser.add_argument("--distinct", action="store_true",
                        help="every request a different workbook (one changed title cell per sheet): memory growth")
    args = parser.parse_args()

    base = payload(sample_path())
    body = json.dumps(base).encode("utf-8")
    if args.distinct:  # built beforehand: building them during the run would stall the clients' event loop
        variants = []
        for index in range(args.requests):
            variant = copy.deepcopy(base)
            for sheet in variant["sheets"]:
                if sheet["values"] and sheet["values"][0]:
                    sheet["values"][0][0] = f"{sheet['values'][0][0] or ''} #{index}"
            variants.append(json.dumps(variant).encode("utf-8"))

        def bodies(index: int) -> bytes:
            return variants[index]
    else:
        def bodies(index: int) -> bytes:
            return body

    print(f"nine-form sample, POST /validate, {len(body) / 1024:.0f} KB per request, {os.cpu_count()} CPUs"
          f" (load average now {os.getloadavg()[0]:.1f}); {args.requests} requests per run"
          f"{'; every request a different workbook' if args.distinct else ''}"
          f"; {'a new connection for every request' if args.fresh else 'kept-alive connections'}")
    print("baseline of each run: median latency of one request at a time on the same server, just before and"
          " just after the run (mean of the two); ×: figure / baseline (throughput: req/s × baseline)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="ziping-load-") as scratch:
        for workers in args.workers:
            server = Server(workers, Path(scratch))
            try:
                server.wait()
                # warm every worker (imports, first-request caches) before measuring
                asyncio.run(load(server.url, lambda i: body, None, 4 * workers, 8 * workers, 120, args.request_timeout))
                print(f"\n{workers} worker(s): RSS after warm-up {_mb(server_rss(server.process.pid))}")
                for clients in args.clients:
                    cpu0 = server_cpu(server.process.pid)
                    before, reference = single_latency(server.url, body, args.baseline_repeat)
                    cpu1 = server_cpu(server.process.pid)
                    by_process = server_cpu_by_process(server.process.pid)
                    own = time.process_time()
                    result = asyncio.run(load(server.url, bodies, None if args.distinct else reference, clients,
                                              args.requests, args.time_limit, args.request_timeout, args.fresh))
                    cpu2 = server_cpu(server.process.pid)
                    client_cores = (time.process_time() - own) / result["elapsed"]
                    after_run = server_cpu_by_process(server.process.pid) or {}
                    spread = " + ".join(f"{(after_run[p] - before_run) / result['elapsed']:.2f}"
                                        for p, before_run in (by_process or {}).items() if p in after_run)
                    rss = server_rss(server.process.pid)
                    after, _ = single_latency(server.url, body, args.baseline_repeat)
                    baseline = (before + after) / 2
                    done = result["answered"]
                    cpu_alone = None if cpu0 is None else (cpu1 - cpu0) / args.baseline_repeat
                    cpu_load = None if cpu0 is None or not done else (cpu2 - cpu1) / done
                    result.update(workers=workers, clients=clients, rss=rss, baseline=baseline, client_cores=client_cores,
                                  server_cores=None if cpu0 is None else (cpu2 - cpu1) / result["elapsed"],
                                  cpu_ratio=None if not cpu_alone or cpu_load is None else cpu_load / cpu_alone)
                    rows.append(result)
                    errors = sum(result["errors"].values())
                    for line in result["details"][:5]:
                        print(f"    error: {line}")
                    if errors:  # what the server said about them
                        server.log.flush()
                        lines = Path(server.log.name).read_text("utf-8", "replace").splitlines()
                        for line in [x for x in lines if not x.startswith("INFO:")][-20:]:
                            print(f"    server: {line}")
                    print(f"  {clients:>3} clients: {result['issued']} sent, {errors} errors"
                          + (f" {result['errors']}" if errors else "") + f", {result['differ']} differ;"
                          f" baseline {before * 1000:.0f}/{after * 1000:.0f} ms;"
                          f" {result['rps']:.1f} req/s (×{result['rps'] * baseline:.2f});"
                          f" p50 {result['p50'] * 1000:.0f} ms (×{result['p50'] / baseline:.0f})"
                          f" p95 {result['p95'] * 1000:.0f} ms (×{result['p95'] / baseline:.0f})"
                          f" max {result['max'] * 1000:.0f} ms (×{result['max'] / baseline:.0f});"
                          + ("" if cpu_load is None else
                             f" server CPU {cpu_load * 1000:.0f} ms/request (×{result['cpu_ratio']:.2f} of alone),"
                             f" {result['server_cores']:.2f} cores busy ({spread}; this client {client_cores:.2f});")
                          + f" RSS after {result['issued']} requests {_mb(rss)}")
            finally:
                server.stop()

    print("\n| 工作进程 | 并发客户端 | 错误 | 结果不同 | 吞吐（倍基线） | p50（倍基线） | p95（倍基线） | 最大（倍基线） |"
          " 每请求服务器 CPU（倍单独请求） | 服务器占用核数 | RSS 合计 MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cpu = "n/a" if r["cpu_ratio"] is None else f"{r['cpu_ratio']:.2f}"
        rss = "n/a" if r["rss"] is None else f"{r['rss'][0]:.0f}"
        print(f"| {r['workers']} | {r['clients']} | {sum(r['errors'].values())} | {r['differ']} |"
              f" {r['rps'] * r['baseline']:.2f} | {r['p50'] / r['baseline']:.0f} | {r['p95'] / r['baseline']:.0f} |"
              f" {r['max'] / r['baseline']:.0f} | {cpu} | {'n/a' if r['server_cores'] is None else format(r['server_cores'], '.2f')} |"
              f" {rss} |")


if __name__ == "__main__":
    main()
