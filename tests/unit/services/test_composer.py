"""The composer over the demo data in a real database: templates, rendering, missing fields,
the sandbox, mailto URLs and the outgoing log."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Direction, EventKind, InteractionKind, Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.services.composer import (
    FIELDS,
    ComposerService,
    Draft,
    MissingFieldsError,
    Via,
    mailto_url,
    parse_template_file,
    render,
    shipped_templates,
)

SHIPPED = {"thank_you", "check_in", "second_check_in", "rejection_reply", "feedback_request",
           "referral_request", "withdraw", "accept_offer"}


def _past_interviews(s):
    now = s.composer.clock()
    return [e for e in s.events.list() if e.kind == EventKind.INTERVIEW and e.starts_at <= now]


def _new_composer(s) -> ComposerService:
    """A second composer over the same database, as after a restart."""
    return ComposerService(s.store, s.bus, settings=s.settings, applications=s.applications,
                           contacts=s.contacts, events=s.events, interactions=s.interactions,
                           clock=s.composer.clock)


# ---- shipped templates ------------------------------------------------------------------------

def test_every_shipped_template_parses_with_its_header():
    shipped = shipped_templates()
    assert set(shipped) == SHIPPED
    assert shipped["thank_you"].kind == InteractionKind.THANK_YOU
    assert shipped["check_in"].kind == shipped["second_check_in"].kind == InteractionKind.FOLLOW_UP
    for template in shipped.values():
        assert template.name and template.subject and "{#" not in template.body
        assert len(template.body.split()) < 130, f"{template.key} is not short"
    thanks = shipped["thank_you"].body.lower()
    assert "unclear" not in thanks and "i felt" not in thanks
    assert "{{ job_title }}" in shipped["thank_you"].body  # restates the role and the fit


def test_a_template_file_without_header_is_refused():
    with pytest.raises(ValueError, match="no header"):
        parse_template_file("x", "Dear {{ recipient_first_name }}")


def test_seeding_once_and_user_edits_survive_a_restart(clocked_services):
    s = clocked_services
    assert {t.key for t in s.composer.templates()} == SHIPPED
    s.composer.save_template("thank_you", name="My thanks", kind="thank_you",
                             subject="Thanks!", body="Thank you, {{ interviewer_first_name }}.\n")
    again = _new_composer(s)
    rows = again.templates()
    assert len(rows) == len(SHIPPED)  # no second copy seeded
    edited = again.template("thank_you")
    assert (edited.name, edited.subject) == ("My thanks", "Thanks!")
    assert again.is_modified(edited)
    restored = again.restore_original("thank_you")
    assert restored.body == shipped_templates()["thank_you"].body
    assert not again.is_modified(restored)


def test_user_templates_get_unique_keys_and_can_be_deleted(clocked_services):
    c = clocked_services.composer
    first = c.create_template(name="Coffee chat", subject="Coffee?",
                              body="Hi {{ recipient_first_name }}")
    second = c.create_template(name="Coffee chat", subject="Coffee?", body="Hello")
    assert first.key == "my_coffee_chat" and second.key == "my_coffee_chat_2"
    assert not first.builtin and not c.is_modified(first)
    c.delete_template(first.key)
    assert first.key not in {t.key for t in c.templates()}
    with pytest.raises(ValidationError, match="no shipped original"):
        c.restore_original(second.key)


def test_a_deleted_shipped_template_is_not_reseeded_but_can_be_restored(clocked_services):
    s = clocked_services
    s.composer.delete_template("withdraw")
    assert "withdraw" not in {t.key for t in _new_composer(s).templates()}
    s.composer.restore_original("withdraw")
    assert "withdraw" in {t.key for t in s.composer.templates()}


def test_a_template_that_fails_to_parse_reports_line_and_reason_and_is_not_saved(
        clocked_services):
    c = clocked_services.composer
    before = c.template("check_in").body
    with pytest.raises(ValidationError) as caught:
        c.save_template("check_in", name="Check-in", kind="follow_up", subject="Hi",
                        body="Dear {{ recipient_first_name }},\n\n{% if company %}\nno end\n")
    problem = caught.value.problems[0]
    assert problem.part == "body" and problem.line == 4
    assert "endif" in problem.message
    assert "Body, line 4" in str(caught.value)
    assert c.template("check_in").body == before


# ---- rendering against the demo -----------------------------------------------------------------

def test_every_shipped_template_renders_against_the_demo_without_a_missing_field(
        clocked_services):
    s = clocked_services
    c = s.composer
    interviews = [e for e in _past_interviews(s) if e.interviewer_ids]
    assert interviews, "the demo has past interviews with interviewers"
    promised = [a for a in s.applications.list() if a.response_promised_on]
    cases = {
        "thank_you": [dict(event_id=e.id) for e in interviews],
        "check_in": [dict(application_id=a.id) for a in promised],
    }
    every_app = [dict(application_id=a.id) for a in s.applications.list()]
    checked = 0
    for template in c.templates():
        for where in cases.get(template.key, every_app):
            context = c.context(kind=template.kind, **where)
            result = c.render(template, context)
            assert result.problems == []
            assert result.missing == [], (template.key, where, result.missing)
            assert "[missing" not in result.subject + result.body
            assert context.recipient_email
            checked += 1
    assert checked > 8 * 10


def test_thank_you_uses_the_interview_and_the_interviewer(clocked_services):
    s = clocked_services
    event = next(e for e in _past_interviews(s) if e.interviewer_ids)
    interviewer = s.contacts.get(event.interviewer_ids[0])
    app = s.applications.get(event.application_id)
    context = s.composer.context(event_id=event.id, kind=InteractionKind.THANK_YOU)
    draft, rendered = s.composer.draft(s.composer.template("thank_you"), context)
    assert rendered.ok
    assert draft.recipient == interviewer.email and draft.contact_id == interviewer.id
    assert rendered.body.startswith(f"Dear {interviewer.name.split()[0]},")
    assert app.job_title in rendered.subject and app.company_name in rendered.body
    discussed = event.notes.splitlines()[0]
    assert f"our conversation about {discussed}." in rendered.body
    assert rendered.body.rstrip().endswith("Alex Morgan")
    assert context.values["interviewer_role"] == interviewer.title


def test_a_missing_field_is_reported_by_name_never_rendered_blank(clocked_services):
    s = clocked_services
    event = next(e for e in _past_interviews(s) if e.interviewer_ids)
    s.events.update(event.id, interviewer_ids=[], notes="")
    context = s.composer.context(event_id=event.id, kind=InteractionKind.THANK_YOU)
    rendered = s.composer.render(s.composer.template("thank_you"), context)
    names = [m.name for m in rendered.missing]
    assert names == ["interviewer_first_name", "discussed"]
    assert rendered.missing[0].message == (
        "the interview has no interviewer; pick one or edit the text")
    assert "Dear [missing: interviewer_first_name]," in rendered.body
    assert "Dear ," not in rendered.body


def test_no_interview_and_no_name_are_named(clocked_services):
    s = clocked_services
    s.settings.set("me.name", "")
    app = next(a for a in s.applications.list() if a.stage == Stage.APPLIED)
    context = s.composer.context(application_id=app.id, kind=InteractionKind.THANK_YOU)
    rendered = s.composer.render(s.composer.template("thank_you"), context)
    messages = {m.name: m.message for m in rendered.missing}
    assert "no interview yet" in messages["interview_date"]
    assert "About you" in messages["my_name"]


def test_an_unknown_field_is_called_a_typo_not_a_gap():
    rendered = render("Hi", "Dear {{ compnay }}", {"company": "Acme"})
    assert rendered.missing[0].name == "compnay" and not rendered.missing[0].known
    assert "not a field" in rendered.missing[0].message


def test_nothing_leaves_while_a_marker_is_in_the_text_but_editing_it_away_works(
        clocked_services):
    s = clocked_services
    app = next(a for a in s.applications.list() if a.stage == Stage.APPLIED)
    context = s.composer.context(application_id=app.id, kind=InteractionKind.THANK_YOU)
    draft, _rendered = s.composer.draft(s.composer.template("thank_you"), context)
    before = len(s.interactions.for_application(app.id))
    with pytest.raises(MissingFieldsError) as caught:
        s.composer.log_outgoing(draft, Via.CLIPBOARD)
    assert "no interview yet" in str(caught.value)
    assert len(s.interactions.for_application(app.id)) == before
    fixed = draft.__class__(**{**draft.__dict__, "body": draft.body.replace(
        "[missing: interviewer_first_name]", "Sam").replace(
        "on [missing: interview_date]", "yesterday").replace(
        "[missing: discussed]", "the roadmap")})
    logged = s.composer.log_outgoing(fixed, Via.CLIPBOARD)
    assert s.interactions.get(logged.interaction_id).body.endswith(fixed.body.rstrip())


# ---- the sandbox ----------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ my_name.__class__ }}",
    "{{ range.__globals__ }}",
    "{{ namespace.__init__.__globals__['os'] }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ self.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ my_name.format.__globals__ }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 9 ** 99999999 }}",
    "{{ range(10 ** 9) | list }}",
])
def test_a_template_cannot_reach_python_internals(source):
    rendered = render("Subject", source, {"my_name": "Alex"})
    assert rendered.problems or rendered.missing
    text = rendered.body if not rendered.problems else ""
    for leak in ("<class", "os.popen", "__builtins__", "uid="):
        assert leak not in text
    assert not rendered.ok


def test_string_formatting_cannot_be_used_to_escape():
    rendered = render("s", "{{ '{0.__class__}'.format(my_name) }}", {"my_name": "Alex"})
    assert rendered.problems and "not allowed" in rendered.problems[0].message


# ---- mailto ---------------------------------------------------------------------------------

def test_mailto_url_encodes_subject_and_body_as_utf8():
    body = "Dear Zoë,\n\nQ&A: 100% sure? #1 + more\nBye"
    url = mailto_url("zoe.rossi@fjord.example", "Thank you – Data & AI", body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "zoe.rossi@fjord.example"
    assert " " not in url and "+" not in url.split("?", 1)[1].replace("%2B", "")
    assert "%0D%0A%0D%0AQ%26A" in url and "Zo%C3%AB" in url and "%E2%80%93" in url
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you – Data & AI"]
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert unquote(url).count("\r\n") == 3


# ---- the log --------------------------------------------------------------------------------

def test_logging_a_copied_note_writes_an_outgoing_interaction_with_the_full_text(
        clocked_services):
    s = clocked_services
    seen = []
    s.bus.subscribe(seen.append)
    event = next(e for e in _past_interviews(s) if e.interviewer_ids)
    context = s.composer.context(event_id=event.id, kind=InteractionKind.THANK_YOU)
    draft, _ = s.composer.draft(s.composer.template("thank_you"), context)
    logged = s.composer.log_outgoing(draft, Via.CLIPBOARD)
    row = s.interactions.get(logged.interaction_id)
    assert (row.kind, row.direction) == (InteractionKind.THANK_YOU, Direction.OUTGOING)
    assert row.application_id == event.application_id and row.contact_id == draft.contact_id
    assert row.summary == draft.subject
    assert draft.body.rstrip() in row.body and "Via: copied to the clipboard" in row.body
    assert f"<{draft.recipient}>" in row.body
    assert logged.follow_up_event_id is None
    assert any(c.entity == Entity.INTERACTION and logged.interaction_id in c.ids for c in seen)


@pytest.mark.parametrize("schedule", [True, False])
def test_a_check_in_schedules_the_next_one_unless_declined(clocked_services, schedule):
    s = clocked_services
    app = next(a for a in s.applications.list() if a.response_promised_on)
    context = s.composer.context(application_id=app.id, kind=InteractionKind.FOLLOW_UP)
    draft, rendered = s.composer.draft(s.composer.template("check_in"), context)
    assert rendered.ok
    follow_ups = [e for e in s.events.for_application(app.id) if e.kind == EventKind.FOLLOW_UP]
    logged = s.composer.log_outgoing(draft, Via.MAIL_PROGRAM, schedule_next=schedule)
    after = [e for e in s.events.for_application(app.id) if e.kind == EventKind.FOLLOW_UP]
    if not schedule:
        assert logged.follow_up_event_id is None and after == follow_ups
        return
    event = s.events.get(logged.follow_up_event_id)
    assert len(after) == len(follow_ups) + 1
    # 2026-03-10 is a Tuesday: a week later is Tuesday 17 March
    assert event.all_day and event.starts_at.astimezone(
        __import__("zoneinfo").ZoneInfo(event.timezone)).date() == date(2026, 3, 17)
    assert app.job_title in event.title
    assert s.interactions.get(logged.interaction_id).kind == InteractionKind.FOLLOW_UP


def test_a_thank_you_schedules_nothing(clocked_services):
    s = clocked_services
    event = next(e for e in _past_interviews(s) if e.interviewer_ids)
    context = s.composer.context(event_id=event.id, kind=InteractionKind.THANK_YOU)
    draft, _ = s.composer.draft(s.composer.template("thank_you"), context)
    assert s.composer.log_outgoing(draft, Via.CLIPBOARD, schedule_next=True
                                   ).follow_up_event_id is None


def test_a_note_from_a_contact_without_application_logs_on_the_company(clocked_services):
    s = clocked_services
    contact = next(c for c in s.contacts.list() if c.company_id)
    context = s.composer.context(contact_id=contact.id, kind=InteractionKind.EMAIL)
    assert context.values["recipient_first_name"] == contact.name.split()[0]
    assert context.values["company"] == contact.company_name
    draft = Draft(recipient=contact.email, subject="Coffee?", body="Hi!",
                  contact_id=contact.id, company_id=contact.company_id)
    logged = s.composer.log_outgoing(draft, Via.CLIPBOARD)
    row = s.interactions.get(logged.interaction_id)
    assert row.company_id == contact.company_id and row.contact_id == contact.id


def test_an_invalid_address_is_refused_before_anything_is_logged(clocked_services):
    s = clocked_services
    draft = Draft(recipient="not an address", subject="Hi", body="Hello", application_id=1)
    before = s.store.count(Entity.INTERACTION)
    with pytest.raises(ValidationError, match="not an e-mail address"):
        s.composer.log_outgoing(draft, Via.CLIPBOARD)
    assert s.store.count(Entity.INTERACTION) == before


def test_every_field_has_a_description_and_a_missing_message():
    for name, info in FIELDS.items():
        assert info.description and info.missing.endswith("edit the text"), name


# ---- the template that fits, and the last interview (one notion with Today) -------------------

def test_suggested_template_needs_an_interview_for_a_thank_you(clocked_services):
    from datetime import timedelta

    from jobdesk.domain.enums import Direction, InteractionKind, Stage

    s = clocked_services
    now = s.composer.clock()
    app = next(a for a in s.applications.list()
               if a.stage == Stage.APPLIED and not s.events.for_application(a.id)
               and not any(i.kind == InteractionKind.INTERVIEW
                           for i in s.interactions.for_application(a.id)))
    assert s.composer.suggest_template(app.id) != "thank_you"
    assert s.composer.last_interview(app.id) is None
    s.interactions.create(application_id=app.id, kind=InteractionKind.INTERVIEW,
                          direction=Direction.INCOMING, occurred_at=now - timedelta(days=1),
                          summary="Phone interview", body="the data platform migration")
    assert s.composer.suggest_template(app.id) == "thank_you"
    context = s.composer.context(application_id=app.id, kind=InteractionKind.THANK_YOU)
    assert context.values["discussed"] == "the data platform migration"
    assert "interview_date" in context.values
    s.interactions.create(application_id=app.id, kind=InteractionKind.THANK_YOU,
                          direction=Direction.OUTGOING, occurred_at=now,
                          summary="Thank you")
    assert s.composer.suggest_template(app.id) != "thank_you"


def test_the_composer_and_today_agree_on_the_last_interview(clocked_services):
    """Every application Today proposes a thank-you for gets the thank-you from Ctrl+M."""
    from datetime import UTC

    from jobdesk.domain.followups import ActionKind
    from jobdesk.services.followups import FollowUpService

    s = clocked_services
    engine = FollowUpService(s, tz=UTC)
    thanks = [p for p in engine.proposals(s.composer.clock().date())
              if p.kind == ActionKind.THANK_YOU]
    assert thanks
    for p in thanks:
        assert s.composer.last_interview(p.application_id) is not None
        assert s.composer.suggest_template(p.application_id) == "thank_you"


def test_the_title_names_the_note_the_person_and_the_company(clocked_services):
    s = clocked_services
    template = s.composer.template("thank_you")
    context = s.composer.context(application_id=s.applications.list()[0].id)
    context = type(context)(context.application_id, None, None, context.company_id, "",
                            {"recipient_name": "Dana Reyes", "company": "Helix Biolabs"})
    assert s.composer.title(template, context) == "Thank-you to Dana Reyes at Helix Biolabs"
