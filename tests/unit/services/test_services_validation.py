"""Field validators: user input in, stored value out, or a ValidationError naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from jobdesk.domain.enums import Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.services import validation as v


def refused(validator, value, field):
    with pytest.raises(ValidationError) as info:
        validator(value)
    assert info.value.field == field
    return info.value


@pytest.mark.parametrize(("given", "expected"), [
    ("https://acme.example/jobs", "https://acme.example/jobs"),
    ("  http://acme.example  ", "http://acme.example"),
    ("acme.example/jobs", "https://acme.example/jobs"),
    ("acme.example:8080/jobs", "https://acme.example:8080/jobs"),
    ("www.acme.example", "https://www.acme.example"),
    ("", ""),
    (None, ""),
])
def test_url_accepts(given, expected):
    assert v.url("posting_url")(given) == expected


@pytest.mark.parametrize("given", [
    "acme", "not a url", "ftp://acme.example", "https://", "mailto:jobs@acme.example",
    "javascript:alert(document.cookie)", "https://acme .example", "localhost:8080",
    "https://acme.example/" + "x" * 1000,
])
def test_url_refuses(given):
    err = refused(v.url("posting_url"), given, "posting_url")
    assert "posting_url" not in str(err) and "osting URL" in str(err)


def test_email():
    check = v.email("email")
    assert check(" a@b.example ") == "a@b.example"
    assert check(None) == ""
    refused(check, "a@b", "email")
    refused(check, "a" * 320 + "@b.example", "email")


def test_text():
    check = v.text("title", 10)
    assert check("  hi  ") == "hi"
    assert check(None) == ""
    assert check(42) == "42"
    err = refused(check, "x" * 11, "title")
    assert "11 characters" in err.message and "10" in err.message
    assert refused(v.text("title", 10, required=True), " ", "title").message.startswith(
        "a title is required")
    # long text fields keep their leading indentation and drop only trailing space
    assert v.text("notes", 5000)("  code\n  block  \n") == "  code\n  block"


def test_enum_stores_the_value():
    assert v.enum(Stage, "stage")("No response") == "no_response"
    refused(v.enum(Stage, "stage"), "lost", "stage")


def test_optional_date():
    check = v.optional_date("applied_on")
    assert check("2026-03-31") == date(2026, 3, 31)
    assert check(date(2026, 1, 2)) == date(2026, 1, 2)
    assert check(datetime(2026, 1, 2, 23, 59)) == date(2026, 1, 2)
    assert check("") is None and check(None) is None
    refused(check, "31/03/2026", "applied_on")
    refused(check, "2026-02-29", "applied_on")


def test_instant_is_aware_utc():
    check = v.instant("starts_at")
    berlin = timezone(timedelta(hours=1))
    assert check(datetime(2026, 3, 2, 10, 0, tzinfo=berlin)) == datetime(2026, 3, 2, 9, 0,
                                                                         tzinfo=UTC)
    assert check("2026-03-02T10:00:00+01:00") == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert check("2026-03-02 09:00Z").tzinfo is UTC
    assert "time zone" in refused(check, datetime(2026, 3, 2, 10), "starts_at").message
    refused(check, "tomorrow", "starts_at")
    refused(check, date(2026, 3, 2), "starts_at")
    refused(check, None, "starts_at")
    assert v.instant("ends_at", required=False)(None) is None


@pytest.mark.parametrize(("given", "expected"), [
    (True, True), (False, False), (1, True), (0, False), ("yes", True), ("No", False),
    (" true ", True), ("", False), ("0", False),
])
def test_boolean(given, expected):
    assert v.boolean("all_day")(given) is expected


def test_boolean_refuses():
    refused(v.boolean("all_day"), "maybe", "all_day")
    refused(v.boolean("all_day"), 2, "all_day")
