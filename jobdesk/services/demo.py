"""A realistic demo data set: ~25 companies, 60 contacts, 80 applications across all stages,
a few months of interactions and events, dated relative to ``today``. Deterministic."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jobdesk.domain.enums import (
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Relationship,
    Source,
    Stage,
)
from jobdesk.services.container import Services
from jobdesk.services.demo_removal import DEMO_USER_NAME, remember_demo

COMPANIES = [
    ("Brightlane Analytics", "Data & analytics", "Berlin"),
    ("Northwind Logistics", "Logistics", "Hamburg"),
    ("Kestrel Health", "Health tech", "Munich"),
    ("Aurora Energy", "Renewable energy", "Copenhagen"),
    ("Fjord Payments", "Fintech", "Oslo"),
    ("Helix Biolabs", "Biotech", "Basel"),
    ("Mosaic Learning", "Ed tech", "Amsterdam"),
    ("Pinecrest Software", "B2B software", "Remote"),
    ("Quarry & Co", "Construction tech", "Vienna"),
    ("Riverbend Media", "Media", "London"),
    ("Solstice Travel", "Travel", "Barcelona"),
    ("Tidewater Robotics", "Robotics", "Eindhoven"),
    ("Umbra Security", "Cybersecurity", "Tallinn"),
    ("Verdant Foods", "Food & retail", "Utrecht"),
    ("Wayfarer Maps", "Geospatial", "Zürich"),
    ("Xylo Music", "Consumer apps", "Stockholm"),
    ("Yarrow Insurance", "Insurtech", "Dublin"),
    ("Zenith Aerospace", "Aerospace", "Toulouse"),
    ("Atlas Civic", "Gov tech", "Brussels"),
    ("Beacon Climate", "Climate data", "Berlin"),
    ("Cobalt Cloud", "Cloud infrastructure", "Remote"),
    ("Dovetail Retail", "E-commerce", "Paris"),
    ("Ember Games", "Games", "Helsinki"),
    ("Foxglove Pharma", "Pharma", "Frankfurt"),
    ("Granite Bank", "Banking", "Luxembourg"),
]
FIRST = ["Maria", "Jonas", "Aisha", "Lukas", "Sofia", "Mateo", "Emma", "Noah", "Lea", "Omar",
         "Chloé", "Finn", "Priya", "Henrik", "Zoe", "Tomás", "Ingrid", "Kenji", "Amara", "Felix"]
LAST = ["López", "Becker", "Rahman", "Novak", "Rossi", "Jensen", "Dubois", "Schmidt", "Okafor",
        "Lindqvist", "Murphy", "Kowalski", "Tanaka", "Fischer", "Silva", "Nielsen"]
ROLES = [
    ("Talent Acquisition Partner", Relationship.RECRUITER),
    ("Technical Recruiter", Relationship.RECRUITER),
    ("Engineering Manager", Relationship.HIRING_MANAGER),
    ("Head of Data", Relationship.HIRING_MANAGER),
    ("Senior Data Engineer", Relationship.INTERVIEWER),
    ("Staff Software Engineer", Relationship.INTERVIEWER),
    ("Product Manager", Relationship.PEER),
    ("Former colleague", Relationship.REFERRAL),
]
TITLES = ["Data Analyst", "Senior Data Analyst", "Analytics Engineer", "Data Engineer",
          "Product Analyst", "BI Developer", "Data Scientist", "Senior Analytics Engineer",
          "Machine Learning Engineer", "Lead Data Analyst"]
SALARIES = ["", "EUR 55-65k", "EUR 60-72k", "EUR 70-85k", "EUR 80-95k", "DKK 600-700k"]
STAGE_COUNTS = [
    (Stage.INTERESTED, 8), (Stage.APPLIED, 18), (Stage.SCREENING, 8), (Stage.INTERVIEWING, 10),
    (Stage.OFFER, 3), (Stage.ACCEPTED, 1), (Stage.REJECTED, 14), (Stage.WITHDRAWN, 5),
    (Stage.NO_RESPONSE, 13),
]
QUESTIONS = [
    "Tell me about a time you changed a stakeholder's mind with data.",
    "How would you model slowly changing dimensions for customers?",
    "Walk us through a dashboard you retired and why.",
    "What would you do in your first 90 days?",
    "How do you test a dbt model?",
]
DISCUSSED = [  # an interview's notes start with what was discussed (the composer quotes it)
    "the churn case study and how the team decides what to measure",
    "moving the reporting stack to dbt and the first 90 days",
    "how analysts and product managers plan the roadmap together",
    "the data quality checks the team wants to build this year",
]

TZ = ZoneInfo("Europe/Berlin")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ).astimezone(UTC)


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def load_demo(services: Services, today: date | None = None, seed: int = 7) -> dict[str, int]:
    """Fill an empty database with the demo set; return how many records were made."""
    today = today or date.today()
    rng = random.Random(seed)
    # records are stamped at the moments they would have been made, not all "now"
    moment = [_at(today - timedelta(days=120), 9)]
    s = Services.build(services.store.db, clock=lambda: moment[0], bus=services.bus)
    with s.bus.hold(), s.store.transaction():
        companies = []
        for i, (name, industry, location) in enumerate(COMPANIES):
            status = (CompanyStatus.TARGET if i % 6 == 0 else
                      CompanyStatus.MOVED_ON if i % 11 == 5 else CompanyStatus.ACTIVE)
            slug = name.lower().split()[0].replace("&", "and")
            companies.append(s.companies.create(
                name=name, industry=industry, location=location, status=status,
                website=f"https://{slug}.example", notes=""))
        contacts_by_company: dict[int, list] = {c.id: [] for c in companies}
        for n in range(60):
            company = companies[n % len(companies)] if n < 56 else None
            first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
            title, relationship = ROLES[(n // 3 + n) % len(ROLES)]
            domain = (company.website.removeprefix("https://") if company else "mail.example")
            email_name = f"{first}.{last}".lower().replace("é", "e").replace("ó", "o")
            email_name = email_name.replace("á", "a").replace("ö", "o")
            contact = s.contacts.create(
                company_id=company.id if company else None, name=f"{first} {last}",
                title=title, relationship=relationship, email=f"{email_name}@{domain}",
                phone=f"+49 30 {rng.randint(1000000, 9999999)}" if n % 3 == 0 else "",
                profile_url=f"https://profiles.example/{email_name}" if n % 4 == 0 else "",
                notes="Met at the Data Council meetup" if n % 9 == 0 else "")
            if company:
                contacts_by_company[company.id].append(contact)
        stages = [st for st, count in STAGE_COUNTS for _ in range(count)]
        rng.shuffle(stages)
        made = {"interactions": 0, "events": 0}
        for n, stage in enumerate(stages):
            company = companies[(n * 3) % len(companies)]
            people = contacts_by_company[company.id]
            # (3n mod 25, n mod 10) repeats after 50: shift the titles of the second round so
            # no company gets the same job title twice
            title = TITLES[(n + n // 50) % len(TITLES)]
            source = [Source.JOB_BOARD, Source.COMPANY_SITE, Source.REFERRAL, Source.RECRUITER,
                      Source.JOB_BOARD, Source.NETWORKING][n % 6]
            # referrals get answers more often than job boards (as in real searches)
            if stage in (Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED) \
                    and n % 3 == 0:
                source = Source.REFERRAL
            elif stage == Stage.NO_RESPONSE and source == Source.REFERRAL:
                source = Source.JOB_BOARD
            referral = next((p for p in people if p.relationship == Relationship.REFERRAL), None)
            # open applications are recent; closed ones span the last few months
            age = rng.randint(2, 24) if stage in (Stage.APPLIED, Stage.SCREENING) else \
                rng.randint(6, 110)
            applied = _workday(today - timedelta(days=age))
            moment[0] = _at(applied, 8, rng.randint(0, 59))
            promised = None
            if stage in (Stage.SCREENING, Stage.INTERVIEWING):
                promised = _workday(today + timedelta(days=rng.randint(-9, 8)))
                promised = max(promised, applied)
            app = s.applications.create(
                company_id=company.id, job_title=title, stage=stage, source=source,
                referral_contact_id=referral.id if (referral and source == Source.REFERRAL)
                else None,
                posting_url=f"{company.website}/careers/{1000 + n}",
                applied_on=None if stage == Stage.INTERESTED else applied,
                response_promised_on=promised,
                salary_range=SALARIES[n % len(SALARIES)],
                job_description=(f"{title} at {company.name}. You will own analytics for a "
                                 "product area, build reliable data models and help teams make "
                                 "decisions. SQL, Python and a habit of writing things down."),
                notes="Strong team; ask about on-call." if n % 7 == 0 else "")
            made["interactions"] += _history(s, app, stage, applied, today, people, rng)
            made["events"] += _events(s, app, stage, applied, promised, today, people, rng)
        set_my_name = not s.settings.get("me.name")
        if set_my_name:
            s.settings.set("me.name", DEMO_USER_NAME)
        # remembered so File > Remove demo data removes exactly these records
        remember_demo(s.store, set_my_name=set_my_name)
    counts = {"companies": len(companies), "contacts": 60, "applications": len(stages)}
    counts.update(made)
    return counts


def _log(s: Services, app, kind, direction, when, summary, body="", contact=None) -> int:
    s.interactions.create(application_id=app.id, kind=kind, direction=direction,
                          occurred_at=when, summary=summary, body=body,
                          contact_id=contact.id if contact else None)
    return 1


def _history(s, app, stage, applied, today, people, rng) -> int:
    if stage == Stage.INTERESTED:
        return _log(s, app, InteractionKind.NOTE, Direction.INTERNAL,
                    _at(applied, 9), "Saved the posting; tailor the resume before applying")
    recruiter = next((p for p in people if p.relationship == Relationship.RECRUITER), None)
    manager = next((p for p in people if p.relationship == Relationship.HIRING_MANAGER), None)
    n = _log(s, app, InteractionKind.EMAIL, Direction.OUTGOING, _at(applied, 10),
             f"Applied for {app.job_title}", "Sent resume and a short cover note.")
    day = applied
    if stage in (Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED,
                 Stage.REJECTED):
        day = min(_workday(day + timedelta(days=rng.randint(3, 8))), today)
        n += _log(s, app, InteractionKind.CALL, Direction.INCOMING, _at(day, 14),
                  "Recruiter screen", "30 minutes: background, salary expectations, timeline.",
                  recruiter)
    if stage in (Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED) or (
            stage == Stage.REJECTED and rng.random() < 0.5):
        day = min(_workday(day + timedelta(days=rng.randint(4, 9))), today)
        n += _log(s, app, InteractionKind.INTERVIEW, Direction.INCOMING, _at(day, 11),
                  "Interview with the hiring manager", "Case study on churn; went well.", manager)
        if rng.random() < 0.8 or stage != Stage.INTERVIEWING:
            n += _log(s, app, InteractionKind.THANK_YOU, Direction.OUTGOING, _at(day, 18),
                      "Thank-you note", "Thanked them for the conversation.", manager)
    if stage == Stage.REJECTED:
        day = min(_workday(day + timedelta(days=rng.randint(5, 15))), today)
        n += _log(s, app, InteractionKind.REJECTION, Direction.INCOMING, _at(day, 16),
                  "Rejection e-mail", "They went with a candidate with more domain experience.",
                  recruiter)
    if stage == Stage.NO_RESPONSE:
        for k in range(3):
            day = min(_workday(day + timedelta(days=7 + k)), today)
            n += _log(s, app, InteractionKind.FOLLOW_UP, Direction.OUTGOING, _at(day, 9),
                      f"Check-in #{k + 1}", "Asked politely about the timeline.")
    if stage == Stage.WITHDRAWN:
        day = min(_workday(day + timedelta(days=6)), today)
        n += _log(s, app, InteractionKind.EMAIL, Direction.OUTGOING, _at(day, 12),
                  "Withdrew", "Withdrew to focus on other processes.")
    if stage in (Stage.OFFER, Stage.ACCEPTED):
        day = min(_workday(day + timedelta(days=rng.randint(3, 7))), today)
        n += _log(s, app, InteractionKind.OFFER, Direction.INCOMING, _at(day, 15),
                  "Offer call", "Verbal offer; written offer to follow.", recruiter)
    return n


def _events(s, app, stage, applied, promised, today, people, rng) -> int:
    interviewers = [p.id for p in people if p.relationship in
                    (Relationship.INTERVIEWER, Relationship.HIRING_MANAGER)][:2]
    n = 0
    if stage in (Stage.SCREENING, Stage.INTERVIEWING):
        day = _workday(today + timedelta(days=rng.randint(-6, 12)))
        start = _at(day, rng.choice([9, 10, 11, 14, 15, 16]), rng.choice([0, 30]))
        s.events.create(
            application_id=app.id, kind=EventKind.INTERVIEW,
            title=f"Interview: {app.job_title}", starts_at=start,
            ends_at=start + timedelta(minutes=45 if stage == Stage.SCREENING else 60),
            timezone="Europe/Berlin",
            location=("https://meet.example/" + str(app.id)) if app.id % 2 else "Office, 3rd floor",
            interviewer_ids=interviewers,
            notes=(DISCUSSED[app.id % len(DISCUSSED)] + "\n\nFollow-up: send the dashboard "
                   "write-up." if day < today else "Prepare a story about stakeholder "
                   "management."),
            questions=QUESTIONS[app.id % len(QUESTIONS)] if day < today else "")
        n += 1
    if stage == Stage.INTERESTED:
        day = _workday(today + timedelta(days=rng.randint(2, 20)))
        s.events.create(application_id=app.id, kind=EventKind.DEADLINE,
                        title="Application deadline", starts_at=_at(day, 0), all_day=True,
                        timezone="Europe/Berlin")
        n += 1
    if stage == Stage.OFFER:
        day = _workday(today + timedelta(days=rng.randint(3, 9)))
        s.events.create(application_id=app.id, kind=EventKind.OFFER_DEADLINE,
                        title="Offer deadline", starts_at=_at(day, 17),
                        timezone="Europe/Berlin")
        n += 1
    return n
