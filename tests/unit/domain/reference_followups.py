"""The follow-up rules written the plain way, as a reference for the fast engine: every log
entry and every instant is turned into a local day, and each rule reads the definitions
straight from the docstring of ``jobdesk.domain.followups``. Slow (a pass over the whole log
and a day conversion per instant), but obviously right; the engine must agree with it."""

from __future__ import annotations

import statistics
from datetime import date, timedelta, tzinfo

from jobdesk.domain.dates import add_business_days
from jobdesk.domain.enums import (
    ACTIVE_STAGES,
    Direction,
    EventKind,
    InteractionKind,
    Stage,
)
from jobdesk.domain.followups import CHASE_KINDS, CLOSED_STAGES, FollowUpSettings, Snapshot


def reference(snapshot: Snapshot, today: date, cfg: FollowUpSettings, tz: tzinfo) -> set[tuple]:
    """(key, kind, due, application id, contact id, template) of every proposal."""
    def day(moment):
        return moment.astimezone(tz).date()

    live = [a for a in snapshot.applications if a.archived_at is None]
    log = [i for i in snapshot.interactions
           if i.archived_at is None and i.application_id is not None]
    events = [e for e in snapshot.events if e.archived_at is None]
    active = [a for a in live if a.stage in ACTIVE_STAGES]
    found: set[tuple] = set()
    for app in live:
        if app.stage in CLOSED_STAGES:
            continue
        mine = [i for i in log if i.application_id == app.id]
        if app.stage is Stage.REJECTED:
            rejections = sorted((i for i in mine if i.kind is InteractionKind.REJECTION),
                                key=lambda i: (i.occurred_at, i.id))
            moment = rejections[-1].occurred_at if rejections else app.updated_at
            contact = rejections[-1].contact_id if rejections else None
            replied = any(i.direction is Direction.OUTGOING and i.occurred_at >= moment
                          for i in mine)
            if (today - day(moment)).days <= cfg.rejection_reply_window_days and not replied:
                found.add((f"rejection_reply:{app.id}:{day(moment)}", "rejection_reply",
                           add_business_days(day(moment), 1, cfg.holidays), app.id, contact,
                           "rejection_reply"))
            continue
        chasing = False
        promised = app.response_promised_on
        if promised is not None and today > promised:
            answered = any(i.direction is Direction.INCOMING
                           and i.kind is not InteractionKind.STAGE_CHANGE
                           and day(i.occurred_at) >= promised for i in mine)
            if not answered:
                chasing = True
                sent = sorted(day(i.occurred_at) for i in mine
                              if i.direction is Direction.OUTGOING and i.kind in CHASE_KINDS
                              and day(i.occurred_at) > promised)
                if len(sent) >= cfg.max_follow_ups:
                    found.add((f"move_on:{app.id}:{promised}", "move_on",
                               sent[-1] + timedelta(days=cfg.check_in_again_after_days), app.id,
                               None, None))
                else:
                    due = (sent[-1] + timedelta(days=cfg.check_in_again_after_days) if sent
                           else add_business_days(promised, cfg.check_in_after_business_days,
                                                  cfg.holidays))
                    found.add((f"check_in:{app.id}:{promised}:{len(sent) + 1}", "check_in",
                               due, app.id, None,
                               "second_check_in" if sent else "check_in"))
        # (instant, is an event, interviewer) of every interview
        interviews = [(e.ends_at or e.starts_at, True,
                       e.interviewer_ids[0] if e.interviewer_ids else None)
                      for e in events if e.application_id == app.id
                      and e.kind is EventKind.INTERVIEW]
        interviews += [(i.occurred_at, False, None) for i in mine
                       if i.kind is InteractionKind.INTERVIEW]
        past = [entry for entry in interviews if day(entry[0]) <= today]
        if past:
            # the latest; at the same instant an event wins over a logged interview
            moment, _, contact = max(past, key=lambda entry: entry[:2])
            thanked = any(i.direction is Direction.OUTGOING
                          and i.kind is InteractionKind.THANK_YOU
                          and i.occurred_at >= moment - timedelta(hours=12) for i in mine)
            if (today - day(moment)).days <= cfg.thank_you_window_days and not thanked:
                found.add((f"thank_you:{app.id}:{day(moment)}", "thank_you",
                           day(moment) + timedelta(days=cfg.thank_you_within_days), app.id,
                           contact, "thank_you"))
        if app.stage is Stage.OFFER:
            upcoming = [day(e.starts_at) for e in events if e.application_id == app.id
                        and e.kind is EventKind.OFFER_DEADLINE and day(e.starts_at) >= today]
            if upcoming:
                deadline = min(upcoming)
                found.add((f"offer_decision:{app.id}:{deadline}", "offer_decision",
                           max(today, deadline - timedelta(days=cfg.offer_decide_days_before)),
                           app.id, None, "accept_offer"))
        if app.stage in ACTIVE_STAGES and not chasing:
            days = [day(app.updated_at), day(app.created_at)]
            days += [app.applied_on] if app.applied_on else []
            days += [day(i.occurred_at) for i in mine]
            last = max(days)
            if (today - last).days >= cfg.review_after_days:
                found.add((f"review:{app.id}:{last}", "review",
                           last + timedelta(days=cfg.review_after_days), app.id, None, None))
    companies = {a.company_id for a in active}
    if len(active) < cfg.min_active_applications or len(companies) == 1:
        week = today.isocalendar()
        found.add((f"next_target:{week.year}-W{week.week:02d}", "next_target", today, None,
                   None, "referral_request"))
    return found


def reference_health(snapshot: Snapshot, today: date, tz: tzinfo) -> tuple:
    """(active, interviews this week, answers pending, by source, courtesy) the plain way."""
    def day(moment):
        return moment.astimezone(tz).date()

    live = [a for a in snapshot.applications if a.archived_at is None]
    log = [i for i in snapshot.interactions if i.archived_at is None
           and i.kind is not InteractionKind.STAGE_CHANGE]
    monday = today - timedelta(days=today.weekday())
    interviews = sum(1 for e in snapshot.events if e.archived_at is None
                     and e.kind is EventKind.INTERVIEW
                     and e.application_id in {a.id for a in live}
                     and monday <= day(e.starts_at) < monday + timedelta(days=7))
    active = [a for a in live if a.stage in ACTIVE_STAGES]

    def heard(a):
        return [i.occurred_at for i in log
                if i.application_id == a.id and i.direction is Direction.INCOMING]

    def said(a):
        return [i.occurred_at for i in log
                if i.application_id == a.id and i.direction is Direction.OUTGOING]

    pending = sum(1 for a in active
                  if not heard(a) or (said(a) and max(said(a)) > max(heard(a))))
    answered_stages = {Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED,
                       Stage.REJECTED}
    sources: dict[str, list[int]] = {}
    companies: dict[int, list] = {}
    for a in live:
        if a.stage is Stage.INTERESTED:
            continue
        answered = bool(heard(a)) or a.stage in answered_stages
        counts = sources.setdefault(a.source.label, [0, 0])
        counts[0] += 1
        counts[1] += answered
        entry = companies.setdefault(a.company_id, [a.company_name, 0, 0, []])
        entry[1] += 1
        entry[2] += answered
        if heard(a) and a.applied_on and (day(min(heard(a))) - a.applied_on).days >= 0:
            entry[3].append((day(min(heard(a))) - a.applied_on).days)
    by_source = sorted((k, v[0], v[1]) for k, v in sources.items())
    courtesy = sorted((cid, name, applied, answered,
                       statistics.median(delays) if delays else None)
                      for cid, (name, applied, answered, delays) in companies.items())
    return len(active), interviews, pending, by_source, courtesy
