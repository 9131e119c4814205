"""The follow-up engine as a use case: read the records, apply the rules in
``domain/followups/``, and record what the user did with each proposal."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from jobdesk.domain.changes import Changes, Entity
from jobdesk.domain.enums import ActionState, Direction, InteractionKind, Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.followups import (
    CLOSED_STAGES,
    Decision,
    FollowUpSettings,
    Health,
    Proposal,
    Snapshot,
    check_settings,
    pipeline_health,
    propose,
)

if TYPE_CHECKING:  # only named in annotations: no import cycle with the container
    from jobdesk.services.container import Services

SETTINGS_KEY = "followups"


def local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo  # type: ignore[return-value]


class FollowUpService:
    def __init__(self, services: Services, tz: tzinfo | None = None):
        self.s = services
        self.tz = tz or local_zone()

    # ---- settings -----------------------------------------------------------------------
    def settings(self) -> FollowUpSettings:
        raw = self.s.store.setting(SETTINGS_KEY)
        if not raw:
            return FollowUpSettings()
        try:
            data = json.loads(raw)
        except ValueError:
            return FollowUpSettings()
        known = {f.name for f in fields(FollowUpSettings)}
        values = {k: v for k, v in data.items() if k in known}
        if "holidays" in values:
            values["holidays"] = frozenset(date.fromisoformat(d) for d in values["holidays"])
        try:
            return replace(FollowUpSettings(), **values)
        except (TypeError, ValueError):
            return FollowUpSettings()

    def save_settings(self, settings: FollowUpSettings) -> None:
        """Check every number against ``SETTING_LIMITS``, write them all in one transaction,
        then tell the change bus (Today recomputes at once)."""
        check_settings(settings)
        data = asdict(settings)
        data["holidays"] = sorted(d.isoformat() for d in settings.holidays)
        with self.s.store.transaction():
            row_id = self.s.store.set_setting(SETTINGS_KEY, json.dumps(data))
        self.s.bus.publish(Changes.of(Entity.SETTING, [row_id], fields=[SETTINGS_KEY]))

    # ---- proposals ----------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        s = self.s
        decisions = {key: Decision(ActionState(state), until)
                     for key, state, until, _ in s.store.action_decisions()}
        return Snapshot(
            applications=s.applications.list(),
            events=s.events.list(),
            companies=s.companies.list(),
            decisions=decisions,
            digest=s.interactions.log_digest(),
        )

    def proposals(self, today: date | None = None, snapshot: Snapshot | None = None
                  ) -> list[Proposal]:
        today = today or datetime.now(self.tz).date()
        return propose(snapshot or self.snapshot(), today, self.settings(), self.tz)

    def health(self, today: date | None = None, snapshot: Snapshot | None = None) -> Health:
        today = today or datetime.now(self.tz).date()
        return pipeline_health(snapshot or self.snapshot(), today, self.tz)

    # ---- handling -------------------------------------------------------------------------
    def snooze(self, proposal: Proposal, until: date) -> DecisionUndo:
        if until <= datetime.now(self.tz).date() - timedelta(days=3650):
            raise ValidationError("until", "pick a date in the future")
        return self._decide(proposal, ActionState.SNOOZED, until,
                            f"Snoozed until {until.isoformat()}")

    def dismiss(self, proposal: Proposal, reason: str) -> DecisionUndo:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "say why you dismiss it, so the log explains it")
        return self._decide(proposal, ActionState.DISMISSED, None, f"Dismissed: {reason}")

    def done(self, proposal: Proposal, note: str = "") -> DecisionUndo:
        return self._decide(proposal, ActionState.DONE, None, note or "Done")

    def mark_no_response(self, proposal: Proposal) -> None:
        if proposal.application_id is None:
            raise ValidationError("application_id", "this action is not about an application")
        with self.s.bus.hold(), self.s.store.transaction():
            self.s.applications.update(proposal.application_id, stage=Stage.NO_RESPONSE)
            self._decide(proposal, ActionState.DONE, None, "Marked 'no response'; moving on")

    def _decide(self, proposal: Proposal, state: ActionState, until: date | None,
                note: str) -> DecisionUndo:
        now = self.s.interactions.clock()
        entry_id = None
        with self.s.bus.hold(), self.s.store.transaction():
            before = self.s.store.action_decision(proposal.key)
            decision_id = self.s.store.set_action_decision(
                proposal.key, state.value, until, note[:500], proposal.application_id, now)
            if proposal.application_id is not None or proposal.company_id is not None:
                entry_id = self.s.interactions.create(
                    application_id=proposal.application_id,
                    company_id=proposal.company_id, kind=InteractionKind.NOTE,
                    direction=Direction.INTERNAL, occurred_at=now,
                    summary=f"{proposal.title} — {note}"[:500], body=proposal.reason).id
            self.s.bus.publish(Changes.of(Entity.ACTION, [decision_id], structural=True))
        return DecisionUndo(proposal.key, proposal.application_id, before, entry_id)

    def undo(self, record: DecisionUndo) -> None:
        """Take a snooze or dismissal back: the earlier decision (or none) again, and the log
        entry it wrote removed, in one transaction; the action is proposed again."""
        store = self.s.store
        with self.s.bus.hold(), store.transaction():
            if record.before is None:
                decision_id = store.delete_action_decision(record.key)
            else:
                state, until, reason, application_id, when = record.before
                decision_id = store.set_action_decision(record.key, state, until, reason,
                                                        application_id, when)
            removed = []
            if record.entry_id is not None and store.delete(Entity.INTERACTION,
                                                            [record.entry_id]):
                removed = [record.entry_id]
            self.s.bus.publish(
                Changes.of(Entity.ACTION, [decision_id] if decision_id else [], structural=True),
                Changes.of(Entity.INTERACTION, removed, structural=True))


@dataclass(frozen=True)
class DecisionUndo:
    """What undoing a decision needs: the action's key, the decision it replaced (as the
    store returns it) and the log entry it wrote."""

    key: str
    application_id: int | None
    before: tuple | None
    entry_id: int | None


class LiveSnapshot:
    """The rules' input kept current from the change bus: loaded once, then only the changed
    ids are read again (an edit does not reload 100,000 applications). The log is held as its
    digest, which the database computes; a changed entry re-reads the digest of the
    applications it belonged to before and after."""

    _WATCHED = (Entity.APPLICATION, Entity.INTERACTION, Entity.EVENT, Entity.COMPANY,
                Entity.ACTION)
    # changes that name only these fields touch no row the rules read (an application's
    # attached documents): no reload, and no refresh and repaint of the Today view
    _IGNORED_FIELDS = frozenset({"documents"})

    def __init__(self, services: Services, applications: list | None = None):
        """``applications``: the active rows if the caller already loaded them."""
        self.s = services
        rows = services.applications.list() if applications is None else applications
        self.applications = {r.id: r for r in rows}
        self.open = {r.id: r for r in rows if r.stage not in CLOSED_STAGES}
        self.digest = services.interactions.log_digest()
        self.owners = services.interactions.owner_table()  # log entry id -> its application
        self.events = {r.id: r for r in services.events.list()}
        self.companies = {r.id: r for r in services.companies.list()}
        self.decisions = self._decisions()

    def _decisions(self) -> dict[str, Decision]:
        return {key: Decision(ActionState(state), until)
                for key, state, until, _ in self.s.store.action_decisions()}

    def apply(self, changes: Changes) -> bool:
        """Take in a change-set; True when it can change the proposals."""
        if changes.entity not in self._WATCHED:
            return False
        if (changes.fields and changes.fields <= self._IGNORED_FIELDS
                and not changes.structural):
            return False
        if changes.entity == Entity.ACTION:
            self.decisions = self._decisions()
            return True
        if changes.entity == Entity.INTERACTION:
            self._reread_log(changes.ids)
            return True
        table, service = {
            Entity.APPLICATION: (self.applications, self.s.applications),
            Entity.EVENT: (self.events, self.s.events),
            Entity.COMPANY: (self.companies, self.s.companies),
        }[changes.entity]
        fresh = changes.fresh(archived=False)  # the rows the write read, if it did
        if fresh is None:
            fresh = {r.id: r for r in service.get_many(changes.ids, archived=False)}
        for rid in changes.ids:
            if rid in fresh:
                table[rid] = fresh[rid]
            else:
                table.pop(rid, None)
        if changes.entity == Entity.APPLICATION:
            self._refresh_open(changes.ids)
        if changes.entity == Entity.COMPANY and changes.fields & {"name"}:
            # company names are copied into application rows
            affected = [a.id for a in self.applications.values() if a.company_id in changes.ids]
            for row in self.s.applications.get_many(affected, archived=False):
                self.applications[row.id] = row
            self._refresh_open(affected)
        return True

    def _reread_log(self, entry_ids) -> None:
        """Re-read the digest of every application the changed entries belonged to, before
        (the owner table) and after (the database): a moved entry changes two."""
        owners = self.owners
        now = self.s.interactions.owners(entry_ids)  # entries purged since are missing
        touched = {owners[i] for i in entry_ids if i < len(owners)}
        touched.update(aid for aid in now.values() if aid)
        needed = max(entry_ids) + 1
        if needed > len(owners):
            owners.extend([0] * (needed - len(owners)))
        for entry_id in entry_ids:
            owners[entry_id] = now.get(entry_id) or 0
        touched.discard(0)
        if touched:
            self.digest.replace(touched, self.s.interactions.log_digest(touched))

    def _refresh_open(self, ids) -> None:
        """Keep ``open`` (not closed) in step with ``applications`` for these ids."""
        for rid in ids:
            row = self.applications.get(rid)
            if row is not None and row.stage not in CLOSED_STAGES:
                self.open[rid] = row
            else:
                self.open.pop(rid, None)

    def snapshot(self) -> Snapshot:
        return Snapshot(applications=list(self.applications.values()),
                        events=self.events.values(),
                        companies=list(self.companies.values()),
                        decisions=self.decisions, digest=self.digest,
                        open_applications=list(self.open.values()))
