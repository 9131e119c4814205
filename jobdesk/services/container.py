"""All services over one database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jobdesk.db.migrations import is_sqlite
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Entity
from jobdesk.services.applications import ApplicationsService
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.calendar import CalendarService
from jobdesk.services.companies import CompaniesService
from jobdesk.services.composer import ComposerService
from jobdesk.services.contacts import ContactsService
from jobdesk.services.documents import DocumentsService
from jobdesk.services.drafts import DraftsService
from jobdesk.services.events import EventsService
from jobdesk.services.external_changes import ExternalChanges
from jobdesk.services.interactions import InteractionsService
from jobdesk.services.mail import MailService
from jobdesk.services.search import ApplicationSearch
from jobdesk.services.secrets import SecretStore
from jobdesk.services.settings import SettingsService

if TYPE_CHECKING:  # followups builds on Services: imported when the container is built
    from jobdesk.services.followups import FollowUpService, LiveSnapshot


@dataclass
class Services:
    store: Store
    bus: ChangeBus
    companies: CompaniesService
    contacts: ContactsService
    applications: ApplicationsService
    interactions: InteractionsService
    events: EventsService
    calendar: CalendarService
    search: ApplicationSearch
    settings: SettingsService
    secrets: SecretStore
    composer: ComposerService
    mail: MailService
    documents: DocumentsService
    drafts: DraftsService
    followups: FollowUpService | None = None  # set by build(): it works over these services

    @classmethod
    def build(cls, db, clock: Clock = utcnow, bus: ChangeBus | None = None,
              data_dir: Path | None = None) -> Services:
        store = Store(db)
        if data_dir is None and is_sqlite(db) and db.database not in ("", ":memory:"):
            data_dir = Path(db.database).parent  # a SQLite file lives in the data folder
        bus = bus or ChangeBus()
        contacts = ContactsService(store, bus, clock)
        applications = ApplicationsService(store, bus, clock)
        interactions = InteractionsService(store, bus, clock)
        events = EventsService(store, bus, clock)
        settings = SettingsService(store, bus)
        secrets = SecretStore()
        composer = ComposerService(store, bus, settings=settings, applications=applications,
                                   contacts=contacts, events=events, interactions=interactions,
                                   clock=clock)
        mail = MailService(store, bus, composer=composer, settings=settings, secrets=secrets,
                           clock=clock)
        services = cls(
            store=store,
            bus=bus,
            companies=CompaniesService(store, bus, clock),
            contacts=contacts,
            applications=applications,
            interactions=interactions,
            events=events,
            settings=settings,
            secrets=secrets,
            composer=composer,
            mail=mail,
            calendar=CalendarService(store, bus, events, applications, contacts, clock,
                                     own_addresses=lambda: own_addresses(settings),
                                     own_names=lambda: own_names(settings)),
            search=ApplicationSearch(db),
            documents=DocumentsService(store, bus, clock,
                                       data_dir / "documents" if data_dir else None),
            drafts=mail.drafts,
        )
        from jobdesk.services.followups import FollowUpService

        services.followups = FollowUpService(services)
        return services

    def follow_up_snapshot(self, applications: list | None = None) -> LiveSnapshot:
        """The follow-up rules' input kept current from this bus (``applications``: the
        active rows when the caller has loaded them already)."""
        from jobdesk.services.followups import LiveSnapshot

        return LiveSnapshot(self, applications)

    def refuse_writes(self, reason: str) -> None:
        """Stop every write from now on (the database failed its check): each one is refused
        with ``reason``; reading goes on."""
        self.store.refuse_writes(reason)

    def external_changes(self) -> ExternalChanges:
        """A reader of what other processes wrote, publishing it on this bus."""
        return ExternalChanges(self.store, self.bus)

    def counts(self) -> dict[Entity, int]:
        return {e: self.store.count(e) for e in
                (Entity.COMPANY, Entity.CONTACT, Entity.APPLICATION, Entity.INTERACTION,
                 Entity.EVENT)}

    def is_empty(self) -> bool:
        return all(self.store.count(e, include_archived=True) == 0 for e in
                   (Entity.COMPANY, Entity.CONTACT, Entity.APPLICATION))


# where "About you" / Mail settings keep the user's own address and name; keys another
# version does not declare are skipped
OWN_ADDRESS_KEYS = ("smtp.from_address", "smtp.user", "me.email")
OWN_NAME_KEYS = ("me.name",)


def _declared_values(settings: SettingsService, keys: tuple[str, ...]) -> list[str]:
    return [str(settings.get(k) or "").strip() for k in keys if k in settings.declared]


def own_addresses(settings: SettingsService) -> list[str]:
    """The user's own e-mail addresses (the From address, an e-mail-like SMTP user name, the
    address under About you): an invitation names them, but they are not contacts."""
    return [a for a in _declared_values(settings, OWN_ADDRESS_KEYS) if "@" in a]


def own_names(settings: SettingsService) -> list[str]:
    """The user's own name ("your name" in Mail settings / About you): an attendee with this
    name is the user, whatever address the invitation gives."""
    return [n for n in _declared_values(settings, OWN_NAME_KEYS) if n]
