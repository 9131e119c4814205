"""Build time, bundle sizes and start-up time of the bundled app against the installed app.

    python tests/bench/bench_packaging.py [--runs 7] [--skip-full]

Builds into a temp folder with packaging/build.py (the lean spec, both bundles), then the
one-folder bundle again without the excludes to measure what they save. Start-up: median wall
time of ``--smoke-test`` (offscreen) on a database holding the demo data, after one warm-up run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))


def _load_build_script():
    """packaging/build.py under its own name (``build`` is also PyPA's build package)."""
    spec = importlib.util.spec_from_file_location("jobdesk_packaging_build",
                                                  ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


packaging_build = _load_build_script()

from bundle_filter import size_of  # noqa: E402


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items()
         if k not in ("JOBDESK_DATA_DIR", "DISPLAY", "WAYLAND_DISPLAY")}
    e["QT_QPA_PLATFORM"] = "offscreen"
    return e


def startup(command: list[str], data: Path, runs: int, extra_env: dict | None = None
            ) -> float:
    times = []
    for n in range(runs + 1):
        started = time.perf_counter()
        result = subprocess.run([*command, "--smoke-test", "--data-dir", str(data)],
                                capture_output=True, text=True, env={**env(), **(extra_env or {})},
                                timeout=300)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"{command[0]} failed: {result.stderr}")
        if n:  # the first run warms the disk cache
            times.append(elapsed)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-full", action="store_true",
                        help="do not build the bundle without excludes")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="jobdesk-bench-"))
    try:
        started = time.perf_counter()
        made = packaging_build.build(base / "dist", base / "work", "both", quiet=True)
        build_s = time.perf_counter() - started
        onedir, onefile = made["onedir"], made["onefile"]
        print(f"build (both bundles, one Analysis): {build_s:.0f} s")
        print(f"one-folder bundle: {size_of(onedir) / 1e6:.1f} MB "
              f"({size_of(onedir) / 2**20:.1f} MiB)")
        print(f"one-file executable: {size_of(onefile) / 1e6:.1f} MB")
        if not args.skip_full:
            started = time.perf_counter()
            full = packaging_build.build(base / "dist-full", base / "work-full", "onedir",
                                         lean=False, quiet=True)["onedir"]
            print(f"one-folder bundle without the excludes (PyInstaller defaults, no strip): "
                  f"{size_of(full) / 1e6:.1f} MB, built in {time.perf_counter() - started:.0f} s;"
                  f" the excludes save {(size_of(full) - size_of(onedir)) / 1e6:.1f} MB")

        data = base / "data"
        demo = subprocess.run([sys.executable, "-m", "jobdesk", "--smoke-test", "--demo",
                               "--data-dir", str(data)], capture_output=True, text=True,
                              env={**env(), "PYTHONPATH": str(ROOT)})
        if demo.returncode != 0:
            raise SystemExit(demo.stderr)
        installed = startup([sys.executable, "-m", "jobdesk"], data, args.runs,
                            {"PYTHONPATH": str(ROOT)})
        bundled = startup([str(packaging_build.executable(onedir))], data, args.runs)
        single = startup([str(onefile)], data, max(3, args.runs // 2))
        print(f"start-up, median of {args.runs} --smoke-test runs on the demo database:")
        print(f"  installed (python -m jobdesk): {installed:.2f} s")
        print(f"  one-folder bundle:             {bundled:.2f} s  ({bundled / installed:.2f}x)")
        print(f"  one-file executable:           {single:.2f} s  ({single / installed:.2f}x; "
              "unpacks itself to a temp folder on every start)")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
