"""Typed dates and times: ISO, the locale's short format, words and offsets."""

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobdesk.domain.date_input import (
    DateInputError,
    example_text,
    field_order,
    format_date,
    parse_user_date,
    parse_user_time,
)

WED = date(2026, 12, 2)  # a Wednesday
DE, US, GB, SV, HU, KO, AR = ("dd.MM.yy", "M/d/yy", "dd/MM/yyyy", "yyyy-MM-dd",
                              "yyyy. MM. dd.", "yy. M. d.", "d\u200f/M\u200f/yyyy")
LOCALE_FORMATS = (DE, US, GB, SV, HU, KO, AR, "dd-MM-yyyy", "d MM yyyy", "yyyy/M/d")


def p(text, fmt=DE, today=WED):
    return parse_user_date(text, today, fmt)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_text_is_no_date(text):
    assert p(text) is None


@pytest.mark.parametrize("text", ["2026-12-01", "2026-12-1", "2026/12/01", "20261201",
                                  " 2026-12-01 "])
@pytest.mark.parametrize("fmt", LOCALE_FORMATS)
def test_iso_reads_in_every_locale(text, fmt):
    assert p(text, fmt) == date(2026, 12, 1)


@pytest.mark.parametrize(("fmt", "text"), [
    (DE, "1.12.2026"), (DE, "01.12.26"), (DE, "1.12.26"), (DE, "1.12."), (DE, "1.12"),
    (DE, "1. 12. 2026"), (US, "12/1/2026"), (US, "12/01/26"), (US, "12/1"),
    (GB, "1/12/2026"), (GB, "01/12/26"), (HU, "2026. 12. 01."), (KO, "26. 12. 1."),
    (AR, "1\u200f/12\u200f/2026"), (AR, "١‏/١٢‏/٢٠٢٦"),
])
def test_locale_short_format(fmt, text):
    assert p(text, fmt) == date(2026, 12, 1)


def test_the_locale_decides_the_order():
    assert p("3/4/2026", US) == date(2026, 3, 4)
    assert p("3/4/2026", GB) == date(2026, 4, 3)
    assert p("3.4.2026", DE) == date(2026, 4, 3)


def test_two_digit_years_are_the_nearest_century():
    assert p("1.1.70", DE) == date(2070, 1, 1)
    assert p("1.1.77", DE) == date(1977, 1, 1)
    assert p("1.1.99", DE) == date(1999, 1, 1)
    assert p("1.1.00", DE) == date(2000, 1, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("today", WED), ("Today", WED), ("now", WED), ("tomorrow", WED + timedelta(1)),
    ("yesterday", WED - timedelta(1)),
    ("wed", WED), ("wednesday", WED),  # the nearest Wednesday, today included
    ("fri", date(2026, 12, 4)), ("Friday", date(2026, 12, 4)), ("fr", date(2026, 12, 4)),
    ("mon", date(2026, 12, 7)), ("tue", date(2026, 12, 8)), ("thu", date(2026, 12, 3)),
    ("thurs", date(2026, 12, 3)), ("sun", date(2026, 12, 6)), ("sat", date(2026, 12, 5)),
    ("next wed", date(2026, 12, 9)), ("next fri", date(2026, 12, 4)),
    ("this fri", date(2026, 12, 4)),
    ("last wed", date(2026, 11, 25)), ("last fri", date(2026, 11, 27)),
    ("last tue", date(2026, 12, 1)),
    ("next week", date(2026, 12, 7)), ("last week", date(2026, 11, 23)),
    ("next month", date(2027, 1, 1)), ("last month", date(2026, 11, 1)),
    ("+3d", date(2026, 12, 5)), ("+3", date(2026, 12, 5)), ("-2d", date(2026, 11, 30)),
    ("+ 3 d", date(2026, 12, 5)), ("+1w", date(2026, 12, 9)), ("+2w", date(2026, 12, 16)),
    ("+1m", date(2027, 1, 2)), ("+1y", date(2027, 12, 2)), ("-1m", date(2026, 11, 2)),
    ("in 3 days", date(2026, 12, 5)), ("in 1 week", date(2026, 12, 9)),
    ("in 2 weeks", date(2026, 12, 16)), ("3 days ago", date(2026, 11, 29)),
    ("1 week ago", date(2026, 11, 25)),
])
def test_words_and_offsets(text, expected):
    assert p(text) == expected


def test_a_month_later_keeps_to_the_end_of_short_months():
    assert p("+1m", today=date(2027, 1, 31)) == date(2027, 2, 28)
    assert p("+1m", today=date(2028, 1, 31)) == date(2028, 2, 29)


def test_next_week_on_a_sunday_is_the_next_day():
    assert p("next week", today=date(2026, 12, 6)) == date(2026, 12, 7)


@pytest.mark.parametrize(("text", "reason"), [
    ("31.02.2026", "“31.02.2026” is not a date: February has 28 days in 2026"),
    ("29.02.2026", "“29.02.2026” is not a date: February has 28 days in 2026 (it is not a "
                   "leap year)"),
    ("31.4.2026", "“31.4.2026” is not a date: April has 30 days"),
    ("1.13.2026", "“1.13.2026” is not a date: there is no month 13 (months go from 1 to 12)"),
    ("0.12.2026", "“0.12.2026” is not a date: there is no day 0"),
    ("1.12.202", "“1.12.202” is not a date: the year 202 should have 4 digits (or 2), "
                 "for example 2026"),
    ("2026-02-30", "“2026-02-30” is not a date: February has 28 days in 2026"),
])
def test_impossible_dates_say_what_is_wrong(text, reason):
    with pytest.raises(DateInputError) as info:
        p(text)
    assert info.value.message == reason


def test_leap_day_is_fine_in_a_leap_year():
    assert p("29.2.2028") == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["—0261201", "soon", "fri 13", "t", "+3x", "1.2.3.4",
                                  "12:00", "next year", "0261201", "in days"])
def test_unreadable_text_says_what_to_type(text):
    with pytest.raises(DateInputError) as info:
        p(text)
    assert info.value.message == (f"“{text}” is not a date. Type a date like 2026-12-01, "
                                  "1.12.2026, today, fri or +3d.")


def test_the_hint_uses_the_locale():
    assert example_text(US) == "Type a date like 2026-12-01, 12/1/2026, today, fri or +3d"
    assert example_text(GB) == "Type a date like 2026-12-01, 1/12/2026, today, fri or +3d"
    assert example_text(SV) == "Type a date like 2026-12-01, today, fri or +3d"


def test_an_offset_too_far_is_refused():
    with pytest.raises(DateInputError, match="too far"):
        p("+99999w")


def test_field_order():
    assert field_order(DE) == "dmy"
    assert field_order(US) == "mdy"
    assert field_order(HU) == "ymd"
    assert field_order("'day' d 'of' MMMM") == "ymd"  # no year: fall back to ISO


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
todays = st.dates(min_value=date(1902, 1, 1), max_value=date(2197, 12, 31))


@given(day=days, fmt=st.sampled_from(LOCALE_FORMATS))
def test_iso_round_trip(day, fmt):
    assert p(day.isoformat(), fmt) == day


@given(day=days, fmt=st.sampled_from([f for f in LOCALE_FORMATS if "yyyy" in f]))
def test_locale_round_trip(day, fmt):
    assert p(format_date(day, fmt), fmt) == day


@given(day=st.dates(min_value=date(1977, 1, 1), max_value=date(2076, 12, 31)),
       fmt=st.sampled_from([f for f in LOCALE_FORMATS if "yyyy" not in f]))
def test_two_digit_year_round_trip_within_fifty_years(day, fmt):
    assert p(format_date(day, fmt), fmt) == day


@given(today=todays, n=st.integers(-400, 400))
def test_offsets_round_trip(today, n):
    assert p(f"{n:+d}d", today=today) == today + timedelta(days=n)


@given(today=todays, name=st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_a_weekday_is_within_the_coming_week(today, name):
    found = p(name, today=today)
    assert 0 <= (found - today).days < 7
    assert found.strftime("%a").lower() == name
    after = p(f"next {name}", today=today)
    assert 1 <= (after - today).days <= 7
    before = p(f"last {name}", today=today)
    assert 1 <= (today - before).days <= 7


@pytest.mark.parametrize(("text", "expected"), [
    ("14:30", time(14, 30)), ("1430", time(14, 30)), ("9", time(9)), ("09:05", time(9, 5)),
    ("9.05", time(9, 5)), ("2pm", time(14)), ("2:30 pm", time(14, 30)), ("12am", time(0)),
    ("12pm", time(12)), ("noon", time(12)), ("0:00", time(0)), ("23:59", time(23, 59)),
])
def test_times(text, expected):
    assert parse_user_time(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("25:00", "“25:00” is not a time: the hour goes from 0 to 23"),
    ("10:75", "“10:75” is not a time: the minutes go from 0 to 59"),
    ("13pm", "“13pm” is not a time: with am or pm the hour goes from 1 to 12"),
    ("soon", "“soon” is not a time. Type a time like 14:30, 1430, 9 or 2pm"),
    ("", "“” is not a time. Type a time like 14:30, 1430, 9 or 2pm"),
])
def test_unreadable_times(text, reason):
    with pytest.raises(DateInputError) as info:
        parse_user_time(text)
    assert info.value.message == reason


@given(t=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_time_round_trip(t):
    assert parse_user_time(t.strftime("%H:%M")) == t


def test_a_year_out_of_range_is_refused():
    with pytest.raises(DateInputError) as info:
        p("1.12.0202")
    assert info.value.message == ("“1.12.0202” is not a date: the year 202 is out of range "
                                  "(1900 to 2199)")


GERMAN_DAYS = [["Montag", "Mo."], ["Dienstag", "Di."], ["Mittwoch", "Mi."],
               ["Donnerstag", "Do."], ["Freitag", "Fr."], ["Samstag", "Sa."],
               ["Sonntag", "So."]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Freitag", date(2026, 12, 4)), ("fr", date(2026, 12, 4)), ("Fr.", date(2026, 12, 4)),
    ("di", date(2026, 12, 8)), ("do", date(2026, 12, 3)), ("so", date(2026, 12, 6)),
    ("next mi", date(2026, 12, 9)), ("fri", date(2026, 12, 4)), ("mo", date(2026, 12, 7)),
])
def test_the_locale_day_names_read_too(text, expected):
    assert parse_user_date(text, WED, DE, GERMAN_DAYS) == expected


def test_a_prefix_of_two_different_days_is_not_guessed():
    french = [["lundi", "lun."], ["mardi", "mar."], ["mercredi", "mer."], ["jeudi", "jeu."],
              ["vendredi", "ven."], ["samedi", "sam."], ["dimanche", "dim."]]
    assert parse_user_date("mar", WED, GB, french) == date(2026, 12, 8)
    with pytest.raises(DateInputError):
        parse_user_date("sa", WED, GB, [["x"]] * 5 + [["samedi"], ["sabbath"]])
    with pytest.raises(DateInputError):
        parse_user_date("m", WED, GB, french)


def test_a_month_first_locale_says_so_when_the_month_is_impossible():
    with pytest.raises(DateInputError) as info:
        p("31.02.2026", US)
    assert info.value.message == ("“31.02.2026” is not a date: there is no month 31 (months "
                                  "go from 1 to 12); dates here are written month first, "
                                  "like 12/1/2026")


def test_iso_with_an_impossible_month_does_not_blame_the_locale():
    with pytest.raises(DateInputError) as info:
        p("2026-31-02", US)
    assert info.value.message.endswith("(months go from 1 to 12)")
