#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller, smoke-test it headless, report as JSON.

    .venv/bin/python scripts/build.py [--dist DIR] [--work DIR] [--skip-build] [--max-mb 250]

1. installs PyInstaller (the version pinned in requirements-dev.txt) when it is missing;
2. compiles the translation catalogs and runs ``pyinstaller pyinstaller.spec``;
3. smoke-tests the built program in a temporary data folder, with no display:
   ``--version``; ``tariff lookup --hs 8507.60 --to JP`` (opens the database, loads the embedded
   tariff data, looks a code up); ``data status``; and ``--smoke-test`` under
   ``QT_QPA_PLATFORM=offscreen`` (the main window opens, then the app exits with 0);
4. prints one JSON object: the bundle's size (target < 250 MB), build time and each check.

Exit status 0 when the build and every check passed; a bundle over ``--max-mb`` is reported
(``within_target: false``) but fails only with ``--strict-size``. On Windows the commands run
through exportpilot-cli.exe and the window through exportpilot.exe (docs/build.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = sys.platform == "win32"
TIMEOUT_S = 180


def say(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


def pinned(package: str) -> str:
    """``package==version`` as pinned in requirements-dev.txt (or the bare name)."""
    for line in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if re.match(rf"^{re.escape(package)}==", requirement, re.IGNORECASE):
            return requirement
    return package


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        wanted = [pinned("pyinstaller"), pinned("pyinstaller-hooks-contrib")]
        say("installing " + " ".join(wanted))
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", *wanted])


def build(dist: Path, work: Path) -> float:
    subprocess.check_call([sys.executable, "scripts/i18n.py", "compile"], cwd=ROOT)
    started = time.perf_counter()
    subprocess.check_call(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(dist), "--workpath", str(work), "pyinstaller.spec",
        ],
        cwd=ROOT,
    )  # fmt: skip
    return time.perf_counter() - started


def bundle_size(folder: Path) -> int:
    """Bytes of the files in the bundle (symbolic links count as nothing)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def program(bundle: Path, name: str) -> Path:
    return bundle / (name + ".exe" if WINDOWS else name)


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=TIMEOUT_S
    )


def check(name: str, result: subprocess.CompletedProcess[str], ok: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"check": name, "ok": ok and result.returncode == 0}
    entry["exit_status"] = result.returncode
    if not entry["ok"]:
        entry["stdout"] = result.stdout[-2000:]
        entry["stderr"] = result.stderr[-2000:]
    return entry


def smoke_test(bundle: Path) -> list[dict[str, Any]]:
    window = program(bundle, "exportpilot")
    cli = program(bundle, "exportpilot-cli") if WINDOWS else window
    results = []
    with tempfile.TemporaryDirectory(prefix="exportpilot-smoke-") as tmp:
        data = ["--data-dir", str(Path(tmp) / "data"), "--lang", "en"]
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env.pop("EXPORTPILOT_DATA_DIR", None)

        version = run([str(cli), "--version"], env)
        results.append(check("version", version, version.stdout.startswith("ExportPilot ")))

        lookup = run([str(cli), *data, "tariff", "lookup", "--hs", "8507.60", "--to", "JP"], env)
        try:
            lines = json.loads(lookup.stdout).get("lines", [])
        except ValueError:
            lines = []
        results.append(check("tariff lookup (database + embedded data)", lookup, bool(lines)))

        status = run([str(cli), *data, "data", "status"], env)
        try:
            packs = json.loads(status.stdout).get("packs", [])
        except ValueError:
            packs = []
        results.append(check("data status", status, len(packs) >= 3))

        shown = run([str(window), *data, "--smoke-test"], env)
        results.append(check("main window (offscreen)", shown, "WINDOW_SHOWN" in shown.stdout))
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--skip-build", action="store_true", help="only test an existing build")
    parser.add_argument("--max-mb", type=float, default=250.0)
    parser.add_argument("--strict-size", action="store_true", help="fail over --max-mb")
    args = parser.parse_args(argv)

    seconds = None
    if not args.skip_build:
        ensure_pyinstaller()
        say("building (about a minute)")
        seconds = build(args.dist.resolve(), args.work.resolve())
    bundle = args.dist.resolve() / "exportpilot"
    size = bundle_size(bundle)
    say("smoke-testing " + str(bundle))
    checks = smoke_test(bundle)
    within = size <= args.max_mb * 1024 * 1024
    report = {
        "bundle": str(bundle),
        "platform": f"{platform.system()} {platform.machine()}",
        "size_bytes": size,
        "size_mb": round(size / 1024 / 1024, 1),
        "target_mb": args.max_mb,
        "within_target": within,
        "build_seconds": round(seconds, 1) if seconds is not None else None,
        "checks": checks,
        "passed": all(c["ok"] for c in checks) and (within or not args.strict_size),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if not within:
        say(f"the bundle is {report['size_mb']} MB, over the {args.max_mb} MB target")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
