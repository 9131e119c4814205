"""Unicode-aware keys for search and duplicate detection."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from jobdesk.domain.text import company_key, fold, search_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ZÜRICH", "zurich"),
        ("Zürich", "zurich"),
        ("Société Générale", "societe generale"),
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),  # compatibility ligature
        ("Ångström", "angstrom"),
        ("Işık", "isik"),  # Turkish dotless i ...
        ("IŞIK", "isik"),  # ... upper-cases to a plain I
        ("ᾳ", "αι"),  # iota subscript, like its capital 'ΑΙ'
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_matches_across_case_and_accents():
    assert fold("ZÜRICH") == fold("zurich") == fold("Zürich")
    assert fold("Crème Brûlée") == fold("CREME BRULEE")


@pytest.mark.parametrize(
    "name",
    ["Acme", "ACME", "acme", "Acme Inc.", "ACME inc", "Acme, Inc.", "acme, ltd", "Acme Ltd.",
     "Acme GmbH", "ACME LLC", "Acme Corp.", "Acme Group", "Acme Group Inc.", "  a c m e  ",
     "Ácme", "Acme Limited"],
)
def test_company_key_variants_of_acme(name):
    assert company_key(name) == "acme"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Group", "group"),  # only a suffix: keep it rather than an empty key
        ("GROUP", "group"),
        ("Inc.", "inc"),
        ("Group Inc", "group"),
        ("Müller GmbH", "muller"),
        ("MÜLLER gmbh", "muller"),
        ("Société Générale SA", "societegenerale"),
        ("Quarry & Co", "quarry"),
        ("AG Insurance AG", "aginsurance"),  # only trailing suffixes go
        ("", ""),
        (None, ""),
        ("!!!", ""),
    ],
)
def test_company_key(name, expected):
    assert company_key(name) == expected


def test_company_key_keeps_different_companies_apart():
    assert company_key("Acme") != company_key("Acme Labs")
    assert company_key("Globex") != company_key("Initech")


def test_search_terms():
    assert search_terms("  Data  ZÜRICH ") == ["data", "zurich"]
    assert search_terms("") == []
    assert search_terms("   ") == []


# Names made of letters (any script, accented or not), digits and the punctuation people type.
_NAME_CHARS = st.characters(
    categories=("Lu", "Ll", "Lt", "Nd"), exclude_characters="\x00",
) | st.sampled_from(" .,&-'")
names = st.text(_NAME_CHARS, min_size=1, max_size=40).filter(lambda s: company_key(s) != "")


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.filter_too_much])
@given(names)
@example("Işık Holding")
@example("ᾳ")
@example("Straße GmbH")
@example("Group")
def test_company_key_ignores_case_and_legal_suffix(name):
    key = company_key(name)
    assert company_key(name.upper()) == key
    assert company_key(name.lower()) == key
    assert company_key(name + " Inc.") == key
    assert company_key(name.upper() + " INC") == key
    assert company_key(key) == key  # a key is its own key


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    assume("\x00" not in text)
    assert fold(fold(text)) == fold(text)
