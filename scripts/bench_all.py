"""Run every benchmark (scripts/bench_*.py) and write one JSON summary.

Each benchmark runs in its own process (a clean start-up, no shared caches) and prints one JSON
object; this script collects them with the time each took and its exit status:

    {"generated_at", "platform", "python", "cpus",
     "benchmarks": {"startup": {"exit_status", "seconds", "result": {...}}, ...}}

    .venv/bin/python scripts/bench_all.py [--out bench-results.json] [--only startup,origin]

The README's performance table quotes the latest run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 900


def benchmarks() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / "scripts").glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if name != "all":
            found[name] = path
    return found


def parse_output(text: str) -> Any:
    """The benchmark's JSON: the whole output, or else its last JSON object."""
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    start = text.rfind("\n{")
    while start >= 0:
        try:
            return json.loads(text[start:])
        except ValueError:
            start = text.rfind("\n{", 0, start)
    return None


def run_one(path: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return {"exit_status": None, "seconds": TIMEOUT_S, "error": "timed out"}
    entry: dict[str, Any] = {
        "exit_status": done.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        "result": parse_output(done.stdout),
    }
    if done.returncode != 0 or entry["result"] is None:
        entry["error"] = done.stderr.strip()[-2000:]
    return entry


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="also write the summary to this file")
    parser.add_argument("--only", help="comma-separated benchmark names (e.g. startup,origin)")
    args = parser.parse_args(argv)
    chosen = benchmarks()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        unknown = wanted - set(chosen)
        if unknown:
            parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
        chosen = {k: v for k, v in chosen.items() if k in wanted}
    results = {}
    for name, path in chosen.items():
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        results[name] = run_one(path)
    summary = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "benchmarks": results,
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if all(r.get("exit_status") == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
