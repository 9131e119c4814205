"""Shared fixtures. Qt runs offscreen; every database is a real SQLite file in tmp_path."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("JOBDESK_DATA_DIR", None)

FIXED_NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/gui" in Path(str(item.fspath)).as_posix():
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture
def db(data_dir: Path):
    from jobdesk.db.database import DATABASE_FILE_NAME, open_database

    database = open_database(path=data_dir / DATABASE_FILE_NAME)
    yield database
    database.close()


@pytest.fixture
def services(db):
    from jobdesk.services.container import Services

    return Services.build(db)


@pytest.fixture
def demo_services(services):
    from jobdesk.services.demo import load_demo

    load_demo(services, today=FIXED_NOW.date())
    return services


# ---- mail: an in-memory keyring (the only fake) and real SMTP servers on 127.0.0.1 --------

import datetime as dt  # noqa: E402
import socket  # noqa: E402
import ssl  # noqa: E402
import threading  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from email import message_from_bytes, policy  # noqa: E402
from email.message import EmailMessage  # noqa: E402

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend (the real ones need a desktop session)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    envelopes: list = field(default_factory=list)
    logins: list = field(default_factory=list)
    event: threading.Event = field(default_factory=threading.Event)

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


class _Handler:
    def __init__(self, received: Received, refuse: set[str]):
        self.received = received
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.envelopes.append(envelope)
        self.received.event.set()
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    received: Received
    cert_path: Path | None = None

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.cert_path))
        return context


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 / localhost."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def free_tcp_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    return free_port()


@pytest.fixture
def smtp_factory(tmp_path):
    """Start real SMTP servers: plain, with AUTH, with STARTTLS or implicit TLS."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    controllers = []

    def start(*, users: dict[str, str] | None = None, security: str = "none",
              refuse: set[str] | None = None) -> SmtpServer:
        received = Received()
        port = free_port()
        kwargs: dict = {}
        cert_path = None
        if security in ("starttls", "tls"):
            cert_path, key_path = make_certificate(tmp_path)
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            server_ctx.load_cert_chain(cert_path, key_path)
            if security == "starttls":
                kwargs.update(tls_context=server_ctx, require_starttls=True)
            else:
                kwargs.update(ssl_context=server_ctx)
        if users is not None:
            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = (isinstance(auth_data, LoginPassword)
                      and users.get(auth_data.login.decode()) == auth_data.password.decode())
                received.logins.append((mechanism, auth_data.login.decode(), ok))
                # a rejecting authenticator must not claim the response (handled=False)
                return AuthResult(success=ok, handled=False)

            kwargs.update(authenticator=authenticator, auth_required=True,
                          auth_require_tls=security != "none")
        controller = Controller(_Handler(received, refuse or set()), hostname="127.0.0.1",
                                port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return SmtpServer(port, received, cert_path)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def silent_server():
    """A socket that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                accepted.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    listener.close()


# ---- the demo with a clock that stands still (composer and mail tests) --------------------

@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory) -> Path:
    """The demo loaded once into a closed database file (real migrations, real SQLite)."""
    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.services.container import Services
    from jobdesk.services.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / DATABASE_FILE_NAME
    database = open_database(path=path)
    load_demo(Services.build(database, clock=lambda: FIXED_NOW), today=FIXED_NOW.date())
    database.close()  # checkpoints the WAL into the file
    return path


@pytest.fixture
def clocked_services(data_dir, demo_database_file):
    """Services over a fresh copy of the demo database; the clock stands still at FIXED_NOW."""
    import shutil

    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.services.container import Services

    shutil.copyfile(demo_database_file, data_dir / DATABASE_FILE_NAME)
    database = open_database(path=data_dir / DATABASE_FILE_NAME)
    yield Services.build(database, clock=lambda: FIXED_NOW)
    database.close()


