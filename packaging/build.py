"""Build JobDesk's stand-alone app for this platform with PyInstaller and packaging/jobdesk.spec.

    python packaging/build.py                 # dist/jobdesk/ (one folder) and dist/jobdesk-onefile
    python packaging/build.py --only onedir   # just the one-folder bundle
    python packaging/build.py --dist DIR --work DIR

Needs PyInstaller (``pip install -e ".[package]"``) and, on Linux, binutils (objdump, ld) and
ICU's tools icupkg and genccode (icu-devtools), which trim the bundled ICU data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "jobdesk.spec"
sys.path.insert(0, str(ROOT / "packaging"))

from bundle_filter import missing_icu_tools, size_of  # noqa: E402


def outputs(dist: Path, only: str) -> dict[str, Path]:
    """Where the build puts each kind of bundle."""
    exe = ".exe" if sys.platform == "win32" else ""
    found = {}
    if only in ("onedir", "both"):
        found["onedir"] = dist / "jobdesk"
        if sys.platform == "darwin":
            found["app"] = dist / "JobDesk.app"
    if only in ("onefile", "both"):
        found["onefile"] = dist / f"jobdesk-onefile{exe}"
    return found


def executable(bundle: Path) -> Path:
    """The program to run inside a one-folder bundle (or the one-file executable itself)."""
    if bundle.is_file():
        return bundle
    return bundle / ("jobdesk.exe" if sys.platform == "win32" else "jobdesk")


def check_tools(lean: bool = True) -> str | None:
    """What is missing for a build, as the line telling what to install; None when nothing."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return ('PyInstaller is not installed: pip install -e ".[package]" '
                "(or pip install 'pyinstaller>=6.10,<7')")
    if sys.platform.startswith("linux") and not shutil.which("objdump"):
        return "PyInstaller needs objdump on Linux: install binutils (apt-get install binutils)"
    if sys.platform.startswith("linux") and lean:  # the lean spec trims ICU's data
        return missing_icu_tools()
    return None


def build(dist: Path, work: Path, only: str = "both", lean: bool = True,
          quiet: bool = False) -> dict[str, Path]:
    problem = check_tools(lean)
    if problem:
        raise RuntimeError(problem)
    env = {**os.environ, "JOBDESK_BUNDLE": only, "JOBDESK_LEAN": "1" if lean else "0"}
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if quiet:
        command[3:3] = ["--log-level", "WARN"]
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    made = outputs(dist, only)
    missing = [str(p) for p in made.values() if not p.exists()]
    if missing:
        raise RuntimeError("PyInstaller finished but did not produce: " + ", ".join(missing))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("onedir", "onefile", "both"), default="both")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--full", action="store_true",
                        help="keep every Qt plugin and translation (only to measure the excludes)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        made = build(args.dist.resolve(), args.work.resolve(), args.only, lean=not args.full)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"built in {time.perf_counter() - started:.0f} s:")
    for kind, path in made.items():
        print(f"  {kind:8} {path}  ({size_of(path) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
