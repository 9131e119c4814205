"""Start-up against the bare floor, interleaved in one run, at 0, 1,000, 10,000 and 100,000
applications (three log entries per application).

For each size, ``ROUNDS`` rounds of: ``jobdesk --smoke-test`` (process start -> window shown
and painted, read from the ``epoch=`` it prints) and the floor (``floor_window.py``: QApplication
+ QMainWindow + QTableView over the same file's application rows through stdlib sqlite3, shown
and painted), one after the other, so both see the same machine. Printed per size: the medians,
their ratio, each one's peak memory (the child's ru_maxrss), the whole smoke-test process
(it also waits for the start-up checks that run after the window is shown), ``jobdesk today
--json`` and the first start of the day (the backups folder emptied, so the daily backup is due).

The databases are built once into ``--cache`` (default: a folder in the temp dir) and reused.

    python tests/bench/bench_startup.py [--sizes 0,1000,10000,100000] [--rounds 3]
        [--cache DIR] [--pythonpath DIR]   # DIR: run another checkout's jobdesk package
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FLOOR = Path(__file__).with_name("floor_window.py")
SIZES = (0, 1_000, 10_000, 100_000)
ROUNDS = 3


def database(cache: Path, size: int) -> Path:
    from tests.bench.largedb import build

    data = cache / f"apps-{size}"
    if not (data / "jobdesk.sqlite3").exists():
        t0 = time.perf_counter()
        if data.exists():
            shutil.rmtree(data)
        if size:
            build(data, applications=size, companies=max(20, size // 50),
                  contacts=max(50, size // 5), interactions=3 * size)
        else:
            data.mkdir(parents=True)
            from jobdesk.db.database import open_database

            open_database(path=data / "jobdesk.sqlite3").close()
        print(f"  built {size:,} applications in {time.perf_counter() - t0:.1f} s", flush=True)
    return data


def _env(pythonpath: str | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("JOBDESK_DATA_DIR", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def run_child(cmd: list[str], env: dict) -> tuple[float, float, float, float]:
    """(seconds to the window shown, seconds of the whole process, peak MB, CPU seconds) of
    one run; the child is reaped here, so its own ru_maxrss and CPU time are known (on a
    shared machine the CPU time is the steadier figure)."""
    started = time.time()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        pid = os.posix_spawn(cmd[0], cmd, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _pid, status, usage = os.wait4(pid, 0)
        ended = time.time()
        out.seek(0)
        err.seek(0)
        text = out.read()
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read()}")
    match = re.search(r"epoch=([0-9.]+)", text)
    shown = float(match.group(1)) - started if match else float("nan")
    return shown, ended - started, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def med(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "jobdesk-bench-startup")
    parser.add_argument("--pythonpath", help="put this folder first on the path of JobDesk's "
                                             "runs (to measure another checkout)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    args.cache.mkdir(parents=True, exist_ok=True)
    os.chdir(args.cache)  # `python -m` puts the working folder first: never a checkout's
    env = _env(args.pythonpath)
    python = sys.executable
    floor_env = _env(None)
    print(f"start-up, process start -> window shown and painted; {args.rounds} rounds, "
          f"JobDesk and the floor interleaved; medians", flush=True)
    rows = []
    for size in sizes:
        data = database(args.cache, size)
        # a warm-up of each (file cache, bytecode), and today's backup made, not counted
        run_child([python, "-m", "jobdesk", "--data-dir", str(data), "--smoke-test"], env)
        run_child([python, str(FLOOR), str(data)], floor_env)
        jd, floor = [], []
        for _ in range(args.rounds):
            jd.append(run_child([python, "-m", "jobdesk", "--data-dir", str(data),
                                 "--smoke-test"], env))
            floor.append(run_child([python, str(FLOOR), str(data)], floor_env))
        today = [run_child([python, "-m", "jobdesk", "--data-dir", str(data), "today",
                            "--json"], env)[1] for _ in range(args.rounds)]
        # the first start of the day: no backup from the last day, so the daily one is due
        first = []
        for _ in range(max(1, args.rounds - 1)):
            shutil.rmtree(data / "backups", ignore_errors=True)
            first.append(run_child([python, "-m", "jobdesk", "--data-dir", str(data),
                                    "--smoke-test"], env))
        row = {
            "size": size,
            "jobdesk": med([r[0] for r in jd]), "floor": med([r[0] for r in floor]),
            "process": med([r[1] for r in jd]), "cpu": med([r[3] for r in jd]),
            "floor_cpu": med([r[3] for r in floor]),
            "peak": max(r[2] for r in jd), "floor_peak": max(r[2] for r in floor),
            "today": med(today),
            "first_shown": med([r[0] for r in first]), "first_process": med([r[1] for r in first]),
        }
        rows.append(row)
        print(f"{size:>8,} apps: JobDesk {row['jobdesk']:.2f} s, floor {row['floor']:.2f} s, "
              f"ratio {row['jobdesk'] / row['floor']:.1f}x; peak {row['peak']:.0f} MB "
              f"(floor {row['floor_peak']:.0f} MB, {row['peak'] / row['floor_peak']:.1f}x); "
              f"--smoke-test process {row['process']:.2f} s, CPU {row['cpu']:.2f} s (floor "
              f"{row['floor_cpu']:.2f} s); today --json {row['today']:.2f} s; "
              f"first start of the day: window {row['first_shown']:.2f} s, process "
              f"{row['first_process']:.2f} s", flush=True)
    print()
    print("| applications | JobDesk | floor | ratio | peak MB (floor) | --smoke-test process "
          "| today --json | first start of the day: window (process) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['size']:,} | {r['jobdesk']:.2f} s | {r['floor']:.2f} s | "
              f"{r['jobdesk'] / r['floor']:.1f}x | {r['peak']:.0f} ({r['floor_peak']:.0f}) | "
              f"{r['process']:.2f} s | {r['today']:.2f} s | {r['first_shown']:.2f} s "
              f"({r['first_process']:.2f} s) |")


if __name__ == "__main__":
    main()
