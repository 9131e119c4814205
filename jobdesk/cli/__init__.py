"""Headless subcommands (``jobdesk export``, ``jobdesk today``...). They never import Qt widgets.

Each command is a module here exposing ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args, context) -> int``; list it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

COMMAND_MODULES: tuple[str, ...] = (
    "today", "backup", "restore", "calendar_export", "calendar_import", "attach", "doctor",
)


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"jobdesk.cli.{name}") for name in COMMAND_MODULES]


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    modules = command_modules()
    if not modules:
        return
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                title="commands (without one, the window opens)")
    for module in modules:
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run_command=module.run)


@dataclass
class CommandContext:
    """What the composition root hands a command: where the data lives."""

    data_dir: Path
    database_url: str | None

    def open_services(self):
        """Open the database (safely, with migrations) and build the services."""
        from jobdesk.db.database import open_database
        from jobdesk.services.backups import open_with_backups
        from jobdesk.services.container import Services

        if self.database_url:
            db = open_database(url=self.database_url)
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # a verified backup before any schema upgrade
            db, _backups, _ = open_with_backups(self.data_dir, daily=False)
        services = Services.build(db, data_dir=self.data_dir)
        services.documents.recover()  # leftovers of an interrupted copy
        return services
