"""The UI reaches the data only through service methods: no module under ``jobdesk/ui/``
touches ``Services.store`` (or any ``.store`` / ``.db`` connection), which import-linter cannot
see because it is attribute access, not an import."""

from __future__ import annotations

import ast
from pathlib import Path

import jobdesk

UI = Path(jobdesk.__file__).parent / "ui"
FORBIDDEN = {"store", "db"}


def forbidden_accesses(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN:
            found.append(f"{name}:{node.lineno}: .{node.attr}")
    return found


def test_the_ui_never_touches_the_store_or_a_connection():
    found = []
    for path in sorted(UI.rglob("*.py")):
        found += forbidden_accesses(path.read_text(encoding="utf-8"),
                                    str(path.relative_to(UI.parent)))
    assert found == [], "the UI reads through services, not the store:\n" + "\n".join(found)


def test_the_guard_sees_an_access_to_the_store():
    assert forbidden_accesses("rows = self.services.store.event_rows(None)\n", "x.py") == [
        "x.py:1: .store"]
    assert forbidden_accesses("closed = changes.store.db.is_closed()\n", "x.py") == [
        "x.py:1: .db", "x.py:1: .store"]


OPENERS = {"open_database", "open_with_backups", "peewee", "sqlite3"}


def names_used(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.name.rsplit(".", 1)[-1])
    return names


def test_no_ui_module_opens_a_database():
    found = {str(path.relative_to(UI.parent)): sorted(names_used(path.read_text("utf-8")) & OPENERS)
             for path in sorted(UI.rglob("*.py"))}
    assert {k: v for k, v in found.items() if v} == {}


def services_built(source: str) -> list[str]:
    """Calls that build a service (``FooService(...)``, ``Services.build(...)``, a snapshot)."""
    built = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if (name.endswith(("Service", "Snapshot")) or (owner, name) == ("Services", "build")):
                built.append(f"{node.lineno}: {owner + '.' if owner else ''}{name}")
    return built


def test_the_ui_builds_no_service():
    found = {str(path.relative_to(UI.parent)): services_built(path.read_text("utf-8"))
             for path in sorted(UI.rglob("*.py"))}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_build_guard_sees_a_service_built():
    assert services_built("e = engine or FollowUpService(services)\n") == ["1: FollowUpService"]
    assert services_built("s = Services.build(db, clock)\n") == ["1: Services.build"]


def test_the_container_builds_the_follow_up_service_and_its_snapshot(services):
    from jobdesk.services.followups import FollowUpService, LiveSnapshot

    assert isinstance(services.followups, FollowUpService)
    assert services.followups.s is services
    live = services.follow_up_snapshot()
    assert isinstance(live, LiveSnapshot) and live.s is services
