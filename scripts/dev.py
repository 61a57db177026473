#!/usr/bin/env python3
"""Bootstrap and run ExportPilot from a fresh checkout with nothing but Python 3.11+.

    python3 scripts/dev.py run [APP ARGS...]   start the app (installs what is missing first)
    python3 scripts/dev.py test [PYTEST ARGS]  run the whole test suite (installs first)
    python3 scripts/dev.py lint                ruff, mypy and the import contracts
    python3 scripts/dev.py build [ARGS]        PyInstaller one-folder build + headless smoke test
    python3 scripts/dev.py setup               only install

It creates ``.venv`` next to this repository, installs the pinned requirements into it (again
only when requirements*.txt change), and on Debian/Ubuntu installs the system libraries Qt needs
(and a Chinese font) with apt-get when they are missing. Standard library only: it must run
before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")

# Shared libraries Qt's offscreen platform needs (architecture.md §3.1) -> Debian package.
QT_BASE_LIBS = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
}
# Extra libraries for a real window on X11 (the xcb platform plugin).
QT_XCB_LIBS = {
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11-xcb.so.1": "libx11-xcb1",
}
# Qt draws boxes for Chinese text unless a Chinese font is installed.
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
# PDF reports need TrueType outlines (reportlab refuses the CFF outlines of Noto Sans CJK); the
# report tests use this font when no other usable one is configured.
REPORT_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TEST_TOOLS = {"pdftoppm": "poppler-utils"}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env=env)


def check_python() -> None:
    pass


def apt_install(packages: list[str]) -> None:
    if not packages:
        return
    if not shutil.which("apt-get"):
        say(
            "missing system packages (install them with your package manager): "
            + " ".join(packages)
        )
        return
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if not shutil.which("sudo"):
            say("run as root or install: sudo apt-get install " + " ".join(packages))
            return
        prefix = ["sudo"]
    say("installing system packages: " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.call([*prefix, "apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
    code = subprocess.call(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    if code != 0:
        say("apt-get could not install: " + " ".join(packages))


def _known_libraries() -> str:
    try:
        return subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return ""


def ensure_system_packages(*, window: bool, test_tools: bool) -> None:
    if not sys.platform.startswith("linux"):
        return
    known = _known_libraries()
    wanted = dict(QT_BASE_LIBS)
    if window:
        wanted.update(QT_XCB_LIBS)
    missing = sorted({pkg for lib, pkg in wanted.items() if lib not in known})
    if not _has_any_cjk_font() or (test_tools and not REPORT_FONT_FILE.is_file()):
        missing.append(CJK_FONT_PACKAGE)
    if test_tools:
        missing += [pkg for tool, pkg in TEST_TOOLS.items() if shutil.which(tool) is None]
    apt_install(missing)


def _has_any_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(
        ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
    ).stdout
    return bool(out.strip())


def ensure_venv() -> Path:
    python = venv_python()
    if not python.exists():
        say(f"creating virtual environment in {VENV}")
        code = subprocess.call([sys.executable, "-m", "venv", str(VENV)])
        if code != 0 and shutil.which("apt-get"):
            apt_install([f"python3.{sys.version_info.minor}-venv"])
            shutil.rmtree(VENV, ignore_errors=True)
            code = subprocess.call([sys.executable, "-m", "venv", str(VENV)])
        if code != 0:
            sys.exit("Could not create a virtual environment (python -m venv failed).")
    digest = hashlib.sha256()
    for name in REQUIREMENTS:
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".installed-{digest.hexdigest()[:16]}"
    if not stamp.exists():
        say("installing Python packages (first run, or requirements changed)")
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        if run([*pip, "-r", "requirements-dev.txt"]) != 0:
            sys.exit("pip could not install the requirements; see the messages above.")
        for old in VENV.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return python


def compile_catalogs(python: Path) -> None:
    """The .mo files are built from the committed .po catalogs (never edited by hand)."""
    run([str(python), "scripts/i18n.py", "compile"])


def cmd_run(args: list[str]) -> int:
    ensure_system_packages(window=True, test_tools=False)
    python = ensure_venv()
    compile_catalogs(python)
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        say(
            "no display found: run it under a desktop session, or e.g. `xvfb-run python3 "
            "scripts/dev.py run`"
        )
    return run([str(python), "main.py", *args])


def cmd_test(args: list[str]) -> int:
    ensure_system_packages(window=False, test_tools=True)
    python = ensure_venv()
    compile_catalogs(python)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return run([str(python), "-m", "pytest", *args], env=env)


def cmd_lint(_args: list[str]) -> int:
    python = ensure_venv()
    steps = [
        [str(python), "-m", "ruff", "format", "--check", "."],
        [str(python), "-m", "ruff", "check", "."],
        [str(python), "-m", "mypy"],
        [str(VENV / ("Scripts" if os.name == "nt" else "bin") / "lint-imports")],
    ]
    for step in steps:
        say(" ".join(Path(step[0]).name if i == 0 else s for i, s in enumerate(step)))
        code = run(step)
        if code != 0:
            return code
    return 0


def cmd_build(args: list[str]) -> int:
    """scripts/build.py in the virtual environment (docs/build.md); PyInstaller reads the
    binaries' dependencies with objdump (binutils)."""
    ensure_system_packages(window=False, test_tools=False)
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        apt_install(["binutils"])
    python = ensure_venv()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return run([str(python), "scripts/build.py", *args], env=env)


def cmd_setup(_args: list[str]) -> int:
    ensure_system_packages(window=True, test_tools=True)
    compile_catalogs(ensure_venv())
    return 0


COMMANDS = {
    "run": cmd_run,
    "test": cmd_test,
    "lint": cmd_lint,
    "build": cmd_build,
    "setup": cmd_setup,
}


def main(argv: list[str]) -> int:
    check_python()
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
