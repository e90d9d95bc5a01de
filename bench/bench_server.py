"""Python time of a ribbon action on the server path, for the nine-form sample.

Measures, per request, (a) the work the endpoint does — `xw.Book(json=payload)`, the action,
`book.json()` — and (b) a full HTTP round trip through FastAPI's TestClient (JSON parsing and
serialisation included). The target is under 50 ms for 校验.

    .venv/bin/python bench/bench_server.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addin.actions import ACTIONS, run_action  # noqa: E402
from addin.server.app import ServerSettings, create_app  # noqa: E402
from addin.server.tokens import Token, digest  # noqa: E402
from addin.xlwings_env import xw  # noqa: E402
from tests.remote import payload  # noqa: E402
from workbooks.writing.samples import sample_path  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402


def _median_ms(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="ziping-bench-"))
    base = payload(sample_path())
    for sheet in base["sheets"]:  # 导出报送 writes into a scratch folder
        if sheet["name"] == "ziping.conf":
            for row in sheet["values"]:
                if row and row[0] == "SUBMISSION_DIR":
                    row[1] = str(scratch / "local")
    client = TestClient(create_app(ServerSettings([Token(digest("bench-token-0123456789"), "*", "*")],
                                                  submission_dir=scratch / "server")))

    def direct(action):
        def run():
            with xw.Book(json=copy.deepcopy(base)) as book:
                run_action(action, book)
                return book.json()
        return run

    def http(action):
        def run():
            response = client.post(f"/{action}", json=base, headers={"Authorization": "bench-token-0123456789"})
            assert response.status_code == 200, response.text
        return run

    print(f"nine-form sample, CPU time per request (median / min of {args.repeat})")
    for action in sorted(ACTIONS):
        d_med, d_min = _median_ms(direct(action), args.repeat)
        h_med, h_min = _median_ms(http(action), args.repeat)
        print(f"  {action:<12} endpoint work {d_med:6.1f} / {d_min:6.1f} ms   HTTP round trip {h_med:6.1f} / {h_min:6.1f} ms")


if __name__ == "__main__":
    main()
