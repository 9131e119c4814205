"""FollowUpService over a real database: proposals from the demo data, and handling them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, timedelta

import pytest

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Direction, InteractionKind, Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.domain.followups import ActionKind, FollowUpSettings, LogDigest
from jobdesk.services.followups import FollowUpService, LiveSnapshot

TODAY = date(2026, 3, 10)


@pytest.fixture
def engine(demo_services):
    return FollowUpService(demo_services, tz=UTC)


def test_demo_data_gives_a_realistic_mix(engine):
    proposals = engine.proposals(TODAY)
    kinds = {p.kind for p in proposals}
    assert {ActionKind.CHECK_IN, ActionKind.THANK_YOU, ActionKind.REJECTION_REPLY,
            ActionKind.OFFER_DECISION} <= kinds
    assert all(p.reason and p.due for p in proposals)


def test_dismiss_needs_a_reason_and_logs_it(engine, demo_services):
    proposal = next(p for p in engine.proposals(TODAY) if p.application_id)
    with pytest.raises(ValidationError) as err:
        engine.dismiss(proposal, "  ")
    assert err.value.field == "reason"
    seen = []
    demo_services.bus.subscribe(seen.append)
    engine.dismiss(proposal, "Spoke to them at a meetup")
    assert proposal.key not in {p.key for p in engine.proposals(TODAY)}
    note = demo_services.interactions.for_application(proposal.application_id)[0]
    assert note.kind == InteractionKind.NOTE
    assert "Spoke to them at a meetup" in note.summary
    assert {c.entity for c in seen} >= {Entity.ACTION, Entity.INTERACTION}


def test_snooze_hides_until_the_date(engine):
    # (a check-in: the note that logs the snooze is not an answer, so its key stays the same)
    proposal = next(p for p in engine.proposals(TODAY) if p.kind == ActionKind.CHECK_IN)
    engine.snooze(proposal, TODAY + timedelta(days=2))
    assert proposal.key not in {p.key for p in engine.proposals(TODAY + timedelta(days=1))}
    assert proposal.key in {p.key for p in engine.proposals(TODAY + timedelta(days=2))}


def test_mark_no_response_closes_the_application(engine, demo_services):
    proposal = next(p for p in engine.proposals(TODAY) if p.kind == ActionKind.CHECK_IN)
    engine.mark_no_response(proposal)
    assert demo_services.applications.get(proposal.application_id).stage == Stage.NO_RESPONSE
    assert all(p.application_id != proposal.application_id
               for p in engine.proposals(TODAY + timedelta(days=30)))


def test_settings_round_trip_and_bad_stored_settings_fall_back(engine, demo_services):
    custom = FollowUpSettings(min_active_applications=8,
                              holidays=frozenset({date(2026, 12, 25)}))
    engine.save_settings(custom)
    assert engine.settings() == custom
    with demo_services.store.transaction():
        demo_services.store.set_setting("followups", "{not json")
    assert engine.settings() == FollowUpSettings()


def test_saved_settings_are_published_and_out_of_range_ones_refused(engine, demo_services):
    seen = []
    demo_services.bus.subscribe(seen.append)
    engine.save_settings(FollowUpSettings(review_after_days=21))
    assert [(c.entity, c.fields) for c in seen] == [(Entity.SETTING, {"followups"})]
    assert len(seen[0].ids) == 1
    for bad in ({"review_after_days": 0}, {"max_follow_ups": 11}, {"soon_days": 31},
                {"thank_you_within_days": -1}, {"check_in_again_after_days": 2.5}):
        try:
            settings = FollowUpSettings(**bad)
        except ValueError:
            continue  # the dataclass itself refuses negatives
        with pytest.raises(ValidationError) as err:
            engine.save_settings(settings)
        assert err.value.field == next(iter(bad))
    with pytest.raises(ValidationError):
        engine.save_settings(FollowUpSettings(holidays=frozenset({"2026-12-25"})))
    assert engine.settings() == FollowUpSettings(review_after_days=21)  # nothing written
    assert len(seen) == 1


def _today_cli(data_dir, *args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "jobdesk", "--data-dir", str(data_dir),
                           "today", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_cli_today_text_and_json(demo_services, data_dir):
    demo_services.store.db.close()
    text = _today_cli(data_dir, "--date", TODAY.isoformat())
    assert text.returncode == 0, text.stderr
    assert "Overdue" in text.stdout and "Check in #1" in text.stdout
    out = _today_cli(data_dir, "--date", TODAY.isoformat(), "--json")
    items = json.loads(out.stdout)
    assert items and {"key", "kind", "title", "reason", "due", "urgency"} <= set(items[0])
    assert {i["urgency"] for i in items} <= {"overdue", "today", "soon"}


def test_cli_today_bad_date_and_empty_database(tmp_path):
    bad = _today_cli(tmp_path / "d", "--date", "2026-13-01")
    assert bad.returncode == 2 and "is not a date" in bad.stderr
    empty = _today_cli(tmp_path / "d", "--date", "2026-03-10")
    assert empty.returncode == 0
    assert "Line up the next target" in empty.stdout


# ---- the log digest the database computes -----------------------------------------------------
def test_database_digest_equals_the_digest_of_the_rows(demo_services):
    """One GROUP BY in SQLite gives exactly what the rules would gather from every row."""
    s = demo_services
    everything = s.interactions.list(archived=None)
    assert s.interactions.log_digest() == LogDigest.from_log(everything)
    some = sorted({i.application_id for i in everything if i.application_id})[:7]
    assert s.interactions.log_digest(some) == LogDigest.from_log(
        i for i in everything if i.application_id in some)


def test_live_snapshot_keeps_the_digest_current_through_edits(demo_services):
    s = demo_services
    live = LiveSnapshot(s)
    s.bus.subscribe(live.apply)
    apps = [a.id for a in s.applications.list()]
    note = s.interactions.create(application_id=apps[0], kind=InteractionKind.EMAIL,
                                 direction=Direction.INCOMING, summary="Answer")
    s.interactions.update(note.id, application_id=apps[1])  # moved: both digests change
    older = next(i for i in s.interactions.list() if i.application_id == apps[2])
    s.interactions.archive([older.id])
    s.interactions.update(s.interactions.list()[5].id, kind=InteractionKind.INTERVIEW)
    fresh = s.interactions.log_digest()
    assert live.digest == fresh
    assert live.digest.rows[apps[1]][2] is not None  # the moved answer counts for apps[1]
    assert live.snapshot().digest is live.digest


def test_live_proposals_equal_a_fresh_computation_through_edits(demo_services):
    """What Today shows after edits (closing, reopening, renaming, logging) is what a fresh
    read of the database gives."""
    s = demo_services
    engine = FollowUpService(s, tz=UTC)
    live = LiveSnapshot(s)
    s.bus.subscribe(live.apply)

    def same() -> None:
        fresh = {(p.key, p.due, p.title) for p in engine.proposals(TODAY)}
        assert {(p.key, p.due, p.title) for p in engine.proposals(TODAY, live.snapshot())} == fresh

    same()
    apps = s.applications.list()
    closing = next(a for a in apps if a.stage == Stage.APPLIED)
    s.applications.update(closing.id, stage=Stage.NO_RESPONSE)
    assert closing.id not in live.open
    same()
    s.applications.update(closing.id, stage=Stage.INTERVIEWING)  # reopened
    assert live.open[closing.id].stage == Stage.INTERVIEWING
    s.companies.update(closing.company_id, name="Renamed Robotics")
    assert live.open[closing.id].company_name == "Renamed Robotics"
    s.interactions.create(application_id=apps[3].id, kind=InteractionKind.EMAIL,
                          direction=Direction.INCOMING, summary="Answer")
    s.applications.archive([apps[4].id])
    same()
