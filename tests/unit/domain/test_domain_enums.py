"""Vocabularies: values, labels and parsing of user input."""

from __future__ import annotations

import pytest

from jobdesk.domain import enums
from jobdesk.domain.enums import (
    ACTIVE_STAGES,
    OPEN_STAGES,
    ActionState,
    CompanyStatus,
    Direction,
    DocumentKind,
    EventKind,
    InteractionKind,
    OutboxStatus,
    Relationship,
    Source,
    Stage,
)
from jobdesk.domain.errors import JobDeskError, ValidationError

ALL_ENUMS = [Stage, CompanyStatus, Relationship, Source, InteractionKind, Direction, EventKind,
             DocumentKind, OutboxStatus, ActionState]
ALL_MEMBERS = [(cls, m) for cls in ALL_ENUMS for m in cls]


def test_every_vocabulary_is_listed_here():
    found = {obj for obj in vars(enums).values()
             if isinstance(obj, type) and issubclass(obj, enums._Labelled)
             and obj is not enums._Labelled}
    assert found == set(ALL_ENUMS)


@pytest.mark.parametrize(("cls", "member"), ALL_MEMBERS, ids=lambda x: str(x))
def test_parse_accepts_value_name_and_label(cls, member):
    assert cls.parse(member.value, "f") is member
    assert cls.parse(member.name, "f") is member
    assert cls.parse(member.label, "f") is member
    assert cls.parse(member.label.upper(), "f") is member
    assert cls.parse(f"  {member.value}  ", "f") is member
    assert cls.parse(member, "f") is member


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No response", Stage.NO_RESPONSE),
        ("no-response", Stage.NO_RESPONSE),
        ("NO_RESPONSE", Stage.NO_RESPONSE),
        ("Interviewing", Stage.INTERVIEWING),
        (" offer ", Stage.OFFER),
    ],
)
def test_stage_parse_spellings(text, expected):
    assert Stage.parse(text, "stage") is expected


def test_labels():
    assert Stage.NO_RESPONSE.label == "No response"
    assert Stage.APPLIED.label == "Applied"
    assert Relationship.HIRING_MANAGER.label == "Hiring manager"
    assert EventKind.OFFER_DEADLINE.label == "Offer deadline"
    assert Direction.INCOMING.label == "Incoming"
    assert Direction.OUTGOING.label == "Outgoing"
    assert Direction.INTERNAL.label == "Own note"


def test_direction_short_values_and_names():
    assert Direction.parse("in", "direction") is Direction.INCOMING
    assert Direction.parse("out", "direction") is Direction.OUTGOING
    assert Direction.parse("Incoming", "direction") is Direction.INCOMING
    assert Direction.parse("own note", "direction") is Direction.INTERNAL


@pytest.mark.parametrize("bad", ["", None, "nonsense", "appliedd", 42, "inter viewing"])
def test_bad_value_raises_validation_error_naming_the_field(bad):
    with pytest.raises(ValidationError) as info:
        Stage.parse(bad, "stage")
    err = info.value
    assert err.field == "stage"
    assert str(err).startswith("Unknown stage ")  # named by its label, said once
    assert "no response" in err.message  # lists the allowed values
    assert isinstance(err, JobDeskError)
    assert isinstance(err, ValueError)


def test_error_names_the_given_field_in_words():
    with pytest.raises(ValidationError) as info:
        EventKind.parse("party", "event_kind")
    assert info.value.field == "event_kind"
    assert "unknown event kind 'party'" in info.value.message


@pytest.mark.parametrize("cls", ALL_ENUMS)
def test_every_suggested_value_in_the_error_message_parses(cls):
    """The error lists what to type instead; each suggestion must itself be accepted."""
    with pytest.raises(ValidationError) as info:
        cls.parse("certainly-not-a-member", "x")
    suggestions = info.value.message.split("use one of: ")[1].split(", ")
    assert [cls.parse(s, "x") for s in suggestions] == list(cls)


def test_stage_rules():
    assert {s for s in Stage if s.is_open} == OPEN_STAGES
    assert ACTIVE_STAGES < OPEN_STAGES
    assert Stage.INTERESTED not in ACTIVE_STAGES
    assert not Stage.REJECTED.is_open and not Stage.ACCEPTED.is_open
    ranks = [Stage.INTERESTED, Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER,
             Stage.ACCEPTED]
    assert [s.rank for s in ranks] == sorted(s.rank for s in ranks)
    assert len({s.rank for s in ranks}) == len(ranks)
    assert all(isinstance(s.rank, int) for s in Stage)  # every stage has a rank


def test_values_are_plain_strings_for_storage():
    assert Stage.NO_RESPONSE == "no_response"
    assert f"{Direction.INCOMING}" == "in"
    assert len({m.value for m in InteractionKind}) == len(InteractionKind)
