"""The log as the rules read it: instants as sortable text, the per-application digest
(computed by the database in one GROUP BY, or from rows by ``LogDigest.from_log``), and the
local-day calendar every rule compares against."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo

from jobdesk.domain.enums import Direction, InteractionKind
from jobdesk.domain.rows import InteractionRow

# ---- instants as sortable text --------------------------------------------------------------

def instant_key(moment: datetime) -> str:
    """An instant as sortable UTC text, 'YYYY-MM-DD HH:MM:SS[.ffffff]', the form SQLite stores:
    comparing two keys compares the instants, so a digest read from the database needs no
    conversion at all."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(sep=" ")


def key_instant(key: str) -> datetime:
    return datetime.fromisoformat(key).replace(tzinfo=UTC)


# ---- the log digest -------------------------------------------------------------------------

#: A digest row, per application: its id, then instant keys (None when there is none) of
#: the latest entry, the latest and the first incoming answer (stage moves excluded), the
#: latest outgoing entry, the latest outgoing one that is not a stage move, the latest
#: thank-you, the latest logged interview, then every logged interview and every outgoing
#: follow-up/e-mail/call as comma-separated keys.
DIGEST_COLUMNS = ("application_id", "last_any", "last_in", "first_in", "last_out",
                  "last_out_ext", "last_thanks", "last_interview", "interviews", "chase_out")
_ANY, _IN, _FIRST_IN, _OUT, _OUT_EXT, _THANKS, _LAST_INTERVIEW, _INTERVIEWS, _CHASE = range(1, 10)
CHASE_KINDS = frozenset({InteractionKind.FOLLOW_UP, InteractionKind.EMAIL,
                         InteractionKind.CALL})


def _instants(text: str | None) -> list[str]:
    return sorted(text.split(",")) if text else []


@dataclass
class LogDigest:
    """What the rules read from the log, per application (archived entries left out):
    ``rows`` maps an application id to its digest row (see ``DIGEST_COLUMNS``);
    ``rejections`` maps it to its latest rejection, either direction, as (key, contact id);
    ``last_interview`` maps the applications with a logged interview to the latest one's key
    (the thank-you rule looks only at those, without touching every digest row)."""

    rows: dict[int, tuple] = field(default_factory=dict)
    rejections: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    last_interview: dict[int, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple],
                  rejections: Iterable[tuple[int, str, int | None]]) -> LogDigest:
        """From the database's digest rows and (application id, key, contact id) rejections."""
        by_id = {row[0]: row for row in rows}
        return cls(by_id, {aid: (key, contact) for aid, key, contact in rejections},
                   {aid: row[_LAST_INTERVIEW] for aid, row in by_id.items()
                    if row[_LAST_INTERVIEW] is not None})

    @classmethod
    def from_log(cls, interactions: Iterable[InteractionRow]) -> LogDigest:
        """The same digest the database computes, from rows (one pass)."""
        entries: dict[int, list[InteractionRow]] = defaultdict(list)
        for item in interactions:
            if item.application_id is not None and item.archived_at is None:
                entries[item.application_id].append(item)
        digest = cls()
        incoming, outgoing = Direction.INCOMING, Direction.OUTGOING
        stage_change = InteractionKind.STAGE_CHANGE
        for aid, items in entries.items():
            keyed = [(instant_key(i.occurred_at), i) for i in items]
            answers = [k for k, i in keyed
                       if i.direction is incoming and i.kind is not stage_change]
            out = [(k, i) for k, i in keyed if i.direction is outgoing]
            out_ext = [k for k, i in out if i.kind is not stage_change]
            thanks = [k for k, i in out if i.kind is InteractionKind.THANK_YOU]
            interviews = [k for k, i in keyed if i.kind is InteractionKind.INTERVIEW]
            chase = [k for k, i in out if i.kind in CHASE_KINDS]
            digest.rows[aid] = (
                aid, max(k for k, _ in keyed), max(answers, default=None),
                min(answers, default=None), max((k for k, _ in out), default=None),
                max(out_ext, default=None), max(thanks, default=None),
                max(interviews, default=None), ",".join(sorted(interviews)) or None,
                ",".join(sorted(chase)) or None)
            if interviews:
                digest.last_interview[aid] = max(interviews)
            rejections = [(k, i.id, i.contact_id) for k, i in keyed
                          if i.kind is InteractionKind.REJECTION]
            if rejections:  # the latest; at the same instant, the last entered (as the database)
                latest = max(rejections, key=lambda entry: entry[:2])
                digest.rejections[aid] = (latest[0], latest[2])
        return digest

    def replace(self, application_ids: Iterable[int], fresh: LogDigest) -> None:
        """Take in a re-read digest of ``application_ids`` (those missing from it have no log)."""
        for aid in application_ids:
            self.rows.pop(aid, None)
            self.rejections.pop(aid, None)
            self.last_interview.pop(aid, None)
        self.rows.update(fresh.rows)
        self.rejections.update(fresh.rejections)
        self.last_interview.update(fresh.last_interview)


class _Calendar:
    """Local days and instants in the user's zone. "Local day of x <= d" is "x < start of
    d + 1", so each rule compares against a few boundaries computed once, not per row."""

    def __init__(self, tz: tzinfo):
        self.tz = tz
        self._starts: dict[date, datetime] = {}
        self._keys: dict[date, str] = {}
        if tz is UTC:  # rows hold UTC instants: their own date, with no Python frame per call
            self.day = datetime.date  # type: ignore[method-assign]

    def start(self, day: date) -> datetime:
        """The first instant of ``day`` in the zone, in UTC."""
        moment = self._starts.get(day)
        if moment is None:
            moment = datetime.combine(day, time(), tzinfo=self.tz).astimezone(UTC)
            self._starts[day] = moment
        return moment

    def key(self, day: date) -> str:
        text = self._keys.get(day)
        if text is None:
            text = self._keys[day] = instant_key(self.start(day))
        return text

    def day(self, moment: datetime) -> date:
        return moment.date() if self.tz is UTC else moment.astimezone(self.tz).date()

    def key_day(self, key: str) -> date:
        """The local day of an instant key."""
        if self.tz is UTC:
            return _iso_date(key[:10])
        return key_instant(key).astimezone(self.tz).date()


_iso_date = date.fromisoformat
