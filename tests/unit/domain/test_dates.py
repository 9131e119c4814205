from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jobdesk.domain.dates import add_business_days, follow_up_after_promise, is_business_day


def test_friday_plus_one_is_monday():
    assert add_business_days(date(2026, 3, 13), 1) == date(2026, 3, 16)


def test_holidays_are_skipped():
    easter_monday = date(2026, 4, 6)
    assert add_business_days(date(2026, 4, 3), 1, holidays=[easter_monday]) == date(2026, 4, 7)


def test_zero_moves_a_weekend_day_to_monday_and_keeps_a_weekday():
    assert add_business_days(date(2026, 3, 14), 0) == date(2026, 3, 16)
    assert add_business_days(date(2026, 3, 11), 0) == date(2026, 3, 11)


def test_negative_goes_back():
    assert add_business_days(date(2026, 3, 16), -1) == date(2026, 3, 13)


def test_follow_up_is_one_business_day_after_the_promise():
    assert follow_up_after_promise(date(2026, 3, 20)) == date(2026, 3, 23)  # Fri -> Mon


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
       st.integers(min_value=1, max_value=60))
def test_result_is_a_business_day_with_n_business_days_in_between(day, n):
    result = add_business_days(day, n)
    assert is_business_day(result)
    between = [day + timedelta(days=k) for k in range(1, (result - day).days + 1)]
    assert sum(is_business_day(d) for d in between) == n
