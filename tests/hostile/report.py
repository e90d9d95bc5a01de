"""The README's table of hostile inputs: what `ziping check` says of each, and its peak memory.

    .venv/bin/python -m tests.hostile.report
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.hostile.hostile_files import KINDS
from tests.hostile.test_hostile_inputs import run


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ziping-hostile-"))
    print("| 输入 | 文件大小 | `ziping check` 的结果 | 退出码 | 内存峰值 |")
    print("|---|---|---|---|---|")
    for name, (builder, _) in KINDS.items():
        path = builder(folder)
        proc, peak_mb = run("check", "--json", str(path))
        result = json.loads(proc.stdout)["files"][0]
        if result["error"]:
            outcome = result["error"]
        else:
            notes = [f["message"] for f in result["findings"] if f["rule"] in ("ZP001", "ZP002")]
            outcome = f"读取，{len(result['tables'])} 张自评表" + (f"；{notes[0]}" if notes else "")
        size = path.stat().st_size
        size_text = f"{size / 1024 / 1024:.1f} MB" if size > 1024 * 1024 else f"{size / 1024:.0f} KB"
        print(f"| {name} | {size_text} | {outcome[:110]} | {proc.returncode} | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    main()
