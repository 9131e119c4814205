"""What is selected on the page in front: one small protocol every page offers, so the
window's actions (compose, log, archive, new event, attach) act on the view the user is
looking at, never on a row still selected in a hidden tab.

A page offers ``selection() -> Selection``; a page without one selects nothing. The window
asks the current page (``MainWindow.selection()``) each time an action is triggered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from jobdesk.domain.changes import Entity


@dataclass(frozen=True)
class Selection:
    """The records selected on one page: an entity and ids (applications, companies or
    contacts); Today adds the proposal the row stands for, the calendar the event."""

    entity: Entity | None = None
    ids: tuple[int, ...] = ()
    proposal: Any = None  # a follow-up Proposal (Today)
    event_id: int | None = None  # an agenda row's event (Calendar)
    contact_id: int | None = None  # whom the selected thing is about (a suggested recipient)
    company_id: int | None = None  # a selection about a company without an application

    @property
    def first(self) -> int | None:
        return self.ids[0] if self.ids else None

    def of(self, entity: Entity) -> int | None:
        """The first selected id of ``entity`` (None when another entity is selected)."""
        return self.first if self.entity == entity else None

    @property
    def application_id(self) -> int | None:
        return self.of(Entity.APPLICATION)


NOTHING = Selection()


class SelectionPage(Protocol):
    def selection(self) -> Selection: ...


def selection_of(page: object) -> Selection:
    """The selection a page offers (nothing for a page that offers none)."""
    offer = getattr(page, "selection", None)
    return offer() if callable(offer) else NOTHING
