"""``jobdesk doctor``: what the installation can use, read for real (keyring, ssl, SQLite)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jobdesk.app import main

ROOT = Path(__file__).resolve().parents[3]


def test_doctor_names_the_chosen_password_store_and_tls(tmp_path, capsys, memory_keyring):
    code = main(["--data-dir", str(tmp_path), "doctor"])
    out = capsys.readouterr().out
    assert code == 0
    chosen = next(line for line in out.splitlines() if line.startswith("password store: "))
    assert chosen.endswith(".MemoryKeyring")  # usable: no warning after the name
    assert "TLS for mail: OpenSSL 3." in out
    assert f"data folder: {tmp_path}\n" in out
    assert not list(tmp_path.iterdir())  # touches no data


def test_doctor_explains_why_each_backend_is_unusable_without_a_desktop_session(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")}
    result = subprocess.run(
        [sys.executable, "-m", "jobdesk", "--data-dir", str(tmp_path), "doctor"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT), "XDG_RUNTIME_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "password store: fail.Keyring (none usable" in out
    if sys.platform.startswith("linux"):
        # secretstorage and cryptography imported; only the session bus is missing
        assert "SecretService.Keyring: RuntimeError: Unable to initialize SecretService" in out
        assert "SecretStorage required" not in out
