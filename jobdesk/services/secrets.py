"""The one place that touches the OS keyring.

The SMTP password is kept only here: never in the database, settings files, logs or exports.
A keyring call can block (an unlock prompt), so the UI calls these methods off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jobdesk.domain.errors import JobDeskError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported on the first call that needs it (it loads its backends' entry points,
# ~0.15 s), not when JobDesk starts: the first window never reads a password.

SERVICE_NAME = "JobDesk"

_NO_KEYRING = ("no password store (keyring) is available on this system, so JobDesk cannot keep "
               "an SMTP password. Copy the note to the clipboard or open it in your mail program "
               "instead")
_LOCKED = ("the system password store (keyring) is locked. Unlock it and try again, or copy the "
           "note to the clipboard or open it in your mail program instead")


class SecretStoreError(JobDeskError):
    """The keyring could not be used; the message says what to do instead."""


@dataclass(frozen=True)
class BackendStatus:
    """One keyring backend on this system: its priority, or why it cannot be used."""

    name: str
    priority: float | None
    problem: str = ""


def backend_statuses() -> list[BackendStatus]:
    """Every keyring backend keyring knows here, for ``jobdesk doctor``. Reads no secret.

    keyring quietly skips a backend whose module fails to import (SecretService without a working
    ``secretstorage``/``cryptography``): its priority then names the missing piece.
    """
    import keyring.backend
    from keyring.backend import KeyringBackend

    keyring.backend.get_all_keyring()  # loads the backends (entry points)
    statuses = []
    classes = getattr(KeyringBackend, "_classes", set())
    for cls in sorted(classes, key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        if getattr(cls, "__abstractmethods__", None):
            continue
        name = f"{cls.__module__.removeprefix('keyring.backends.')}.{cls.__qualname__}"
        try:
            statuses.append(BackendStatus(name, float(cls.priority)))
        except Exception as exc:  # how a backend says why it cannot work here
            statuses.append(BackendStatus(name, None, f"{type(exc).__name__}: {exc}"))
    return statuses


class SecretStore:
    """Get, set and delete the SMTP password in the OS keyring.

    ``backend`` is for tests (an in-memory backend); by default keyring picks the system's one.
    """

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE_NAME):
        self._backend = backend
        self.service = service

    def _keyring(self) -> KeyringBackend:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    @staticmethod
    def smtp_account(host: str, user: str) -> str:
        return f"smtp:{user}@{host}"

    def backend_name(self) -> str:
        """The backend keyring chose (``SecretService.Keyring``, ``fail.Keyring``...)."""
        cls = type(self._keyring())
        return f"{cls.__module__.removeprefix('keyring.backends.')}.{cls.__qualname__}"

    def available(self) -> bool:
        """A usable backend exists (the 'fail' and 'null' backends have priority <= 0)."""
        try:
            return float(self._keyring().priority) > 0
        except Exception:
            return False

    def _call(self, action: str, fn, *args):
        import keyring.errors

        if not self.available():
            raise SecretStoreError(_NO_KEYRING)
        try:
            return fn(*args)
        except keyring.errors.NoKeyringError:
            raise SecretStoreError(_NO_KEYRING) from None
        except keyring.errors.KeyringLocked:
            raise SecretStoreError(_LOCKED) from None
        except keyring.errors.KeyringError as exc:
            # the exception text comes from the backend, never contains the secret
            raise SecretStoreError(
                f"the system password store could not {action} the SMTP password "
                f"({type(exc).__name__}: {exc}). Copy the note to the clipboard or open it in "
                "your mail program instead") from None

    def get_smtp_password(self, host: str, user: str) -> str | None:
        return self._call("read", self._keyring().get_password, self.service,
                          self.smtp_account(host, user))

    def set_smtp_password(self, host: str, user: str, password: str) -> None:
        if not password:
            self.delete_smtp_password(host, user)
            return
        self._call("save", self._keyring().set_password, self.service,
                   self.smtp_account(host, user), password)

    def delete_smtp_password(self, host: str, user: str) -> None:
        try:
            self._call("delete", self._keyring().delete_password, self.service,
                       self.smtp_account(host, user))
        except SecretStoreError:
            if self.available() and self.get_smtp_password(host, user) is None:
                return  # nothing was stored: deleting it is a no-op
            raise
