"""``jobdesk doctor``: what this installation can use, for a bug report or a failed send."""

from __future__ import annotations

import argparse
import platform
import sqlite3
import sys

NAME = "doctor"
HELP = ("print what this installation of JobDesk can use: the password store for the SMTP "
        "password, TLS for mail, SQLite, the data folder; touches no data")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, context) -> int:
    from jobdesk import __version__
    from jobdesk.services.mail import tls_support
    from jobdesk.services.secrets import SecretStore, backend_statuses

    frozen = "stand-alone bundle" if getattr(sys, "frozen", False) else "installed"
    print(f"JobDesk {__version__} ({frozen}), Python {platform.python_version()} "
          f"on {platform.system()} {platform.machine()}")
    print(f"data folder: {context.data_dir}")
    print(f"SQLite: {sqlite3.sqlite_version}")
    problems = 0
    try:
        print(f"TLS for mail: {tls_support()}")
    except Exception as exc:  # a doctor reports, it does not crash
        problems += 1
        print(f"TLS for mail: NOT AVAILABLE ({type(exc).__name__}: {exc})")
    store = SecretStore()
    usable = store.available()
    print(f"password store: {store.backend_name()}"
          + ("" if usable else " (none usable: JobDesk cannot keep an SMTP password here)"))
    for status in backend_statuses():
        detail = f"priority {status.priority:g}" if status.priority is not None else status.problem
        print(f"  {status.name}: {detail}")
    return 1 if problems else 0
