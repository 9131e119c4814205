"""Product settings in the Setting table: declared defaults, JSON values, validation."""

from __future__ import annotations

import json

import pytest

from jobdesk.db import notes as q
from jobdesk.domain.errors import ValidationError
from jobdesk.services.settings import SettingsService


def test_defaults_until_set_then_typed_values_survive_a_new_service(services):
    settings = services.settings
    assert settings.get("smtp.port") == 587
    assert settings.get("smtp.security") == "starttls"
    assert settings.get("me.name") == ""
    settings.set_many({"smtp.port": "465", "smtp.security": "SSL", "me.name": " Zoë Novak "})
    again = SettingsService(services.store)
    assert again.get("smtp.port") == 465
    assert again.get("smtp.security") == "tls"
    assert again.get("me.name") == "Zoë Novak"
    assert json.loads(q.setting_values(["smtp.port"])["smtp.port"]) == 465
    assert again.get_many("smtp.")["smtp.host"] == ""


def test_a_bad_value_names_the_setting_and_nothing_is_written(services):
    settings = services.settings
    with pytest.raises(ValidationError) as caught:
        settings.set_many({"smtp.host": "mail.example", "smtp.port": "99999"})
    assert caught.value.field == "smtp.port"
    assert "SMTP port 99999 is not a port number" in caught.value.message
    assert settings.get("smtp.host") == ""  # validated first, written all or nothing
    with pytest.raises(ValidationError, match="use starttls, tls or none"):
        settings.set("smtp.security", "maybe")


def test_a_damaged_stored_value_falls_back_to_the_default(services):
    with services.store.transaction():
        q.put_setting("smtp.port", "{not json")
    assert services.settings.get("smtp.port") == 587


def test_other_features_declare_their_own_settings(services):
    settings = services.settings
    settings.declare("follow_up.days_after_promise", 1, int, "days after the promised date")
    assert settings.get("follow_up.days_after_promise") == 1
    settings.set("follow_up.days_after_promise", "2")
    assert settings.get("follow_up.days_after_promise") == 2
    with pytest.raises(KeyError, match="not declared"):
        settings.get("smtp.password")


def test_reset_returns_to_the_default(services):
    services.settings.set("smtp.port", 25)
    services.settings.reset("smtp.port")
    assert services.settings.get("smtp.port") == 587
