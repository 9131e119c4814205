"""The follow-up engine: given the records and today's date, what should the job seeker do
next, and why. Pure Python (no Qt, no database); every number is a setting.

The defaults follow recruiters' advice:
- after an interview, send a thank-you within 24 hours;
- when a promised answer date has passed, check in one business day later; without an answer,
  check in again about a week later; after three unanswered check-ins, mark the application
  "no response" and move on. An answer from the company (any incoming interaction) resets the
  chase;
- an active application with no activity for a while: review it;
- a rejection: reply graciously and ask for feedback;
- an offer with a deadline: decide before it and tell the other companies in play;
- fewer than five active applications, or all of them at one company: line up the next target.

An application is *closed* for these rules when it is archived, accepted, withdrawn, marked
"no response", or rejected and already answered; closed applications get no proposals.

How it stays fast at 100,000 applications: the log is read as a *digest* (per application, the
latest entry of each sort the rules ask about), which the database computes with one GROUP BY or
``LogDigest.from_log`` computes from rows; local-day conditions ("idle for 14 days") are turned
into comparisons against a few instants computed once per run; and a proposal's title and reason
are written only when something reads them.

The package, by section: ``settings`` (the kinds of action, the numbers, the user's decisions),
``digest`` (instants as text, the log digest, local days), ``rules`` (proposals and
``propose``), ``texts`` (the words) and ``health`` (pipeline health). Every public name is
importable from ``jobdesk.domain.followups`` itself.
"""

from jobdesk.domain.followups.digest import (
    CHASE_KINDS,
    DIGEST_COLUMNS,
    LogDigest,
    instant_key,
    key_instant,
)
from jobdesk.domain.followups.health import (
    Courtesy,
    Health,
    SourceRate,
    pipeline_health,
)
from jobdesk.domain.followups.rules import (
    CLOSED_STAGES,
    Proposal,
    Snapshot,
    propose,
)
from jobdesk.domain.followups.settings import (
    SETTING_LIMITS,
    ActionKind,
    Decision,
    FollowUpSettings,
    Urgency,
    check_settings,
)

__all__ = [
    "CHASE_KINDS",
    "CLOSED_STAGES",
    "DIGEST_COLUMNS",
    "SETTING_LIMITS",
    "ActionKind",
    "Courtesy",
    "Decision",
    "FollowUpSettings",
    "Health",
    "LogDigest",
    "Proposal",
    "Snapshot",
    "SourceRate",
    "Urgency",
    "check_settings",
    "instant_key",
    "key_instant",
    "pipeline_health",
    "propose",
]
