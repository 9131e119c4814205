"""The SecretStore over keyring: an in-memory backend (tests) and the failure modes."""

from __future__ import annotations

import keyring
import keyring.errors
import pytest
from keyring.backends import fail

from jobdesk.services.secrets import SecretStore, SecretStoreError


def test_set_get_delete_through_the_installed_backend(memory_keyring):
    store = SecretStore()
    assert store.available()
    assert store.get_smtp_password("smtp.example", "alex") is None
    store.set_smtp_password("smtp.example", "alex", "pa55")
    assert memory_keyring.store == {("JobDesk", "smtp:alex@smtp.example"): "pa55"}
    assert store.get_smtp_password("smtp.example", "alex") == "pa55"
    store.delete_smtp_password("smtp.example", "alex")
    assert memory_keyring.store == {}
    store.delete_smtp_password("smtp.example", "alex")  # deleting nothing is fine
    store.set_smtp_password("smtp.example", "alex", "x")
    store.set_smtp_password("smtp.example", "alex", "")  # an empty password clears it
    assert memory_keyring.store == {}


def test_no_backend_says_use_the_clipboard_or_the_mail_program():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = SecretStore()
        assert not store.available()
        for call in (lambda: store.get_smtp_password("h", "u"),
                     lambda: store.set_smtp_password("h", "u", "p")):
            with pytest.raises(SecretStoreError) as caught:
                call()
            assert "clipboard" in str(caught.value) and "mail program" in str(caught.value)
    finally:
        keyring.set_keyring(previous)


class _Locked(keyring.backend.KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("denied by the user")

    def delete_password(self, service, username):
        raise keyring.errors.PasswordDeleteError("nope")


def test_a_locked_or_refusing_keyring_is_a_clear_message():
    store = SecretStore(backend=_Locked())
    with pytest.raises(SecretStoreError, match=r"locked\. Unlock it"):
        store.get_smtp_password("h", "u")
    with pytest.raises(SecretStoreError) as caught:
        store.set_smtp_password("h", "u", "TOPSECRET")
    assert "could not save" in str(caught.value) and "TOPSECRET" not in str(caught.value)
