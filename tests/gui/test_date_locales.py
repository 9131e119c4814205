"""Every locale Qt knows: a date written in its short format reads back as the same date."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QLocale

from jobdesk.domain.date_input import parse_user_date

LOCALES = QLocale.matchingLocales(QLocale.Language.AnyLanguage, QLocale.Script.AnyScript,
                                  QLocale.Country.AnyCountry)
TODAY = date(2026, 12, 4)


def test_qt_knows_many_locales():
    assert len(LOCALES) > 300


@settings(max_examples=400, deadline=None)
@given(index=st.integers(0, len(LOCALES) - 1),
       day=st.dates(min_value=date(1977, 1, 1), max_value=date(2076, 12, 31)))
def test_the_short_format_of_every_locale_round_trips(index, day):
    locale = LOCALES[index]
    text = locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    assert parse_user_date(text, TODAY, fmt) == day, (locale.name(), fmt, text)


def test_every_locale_once():
    day = date(2026, 12, 1)
    for locale in LOCALES:
        text = locale.toString(QDate(2026, 12, 1), QLocale.FormatType.ShortFormat)
        fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
        assert parse_user_date(text, TODAY, fmt) == day, (locale.name(), fmt, text)
