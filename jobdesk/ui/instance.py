"""One window per data folder.

The first JobDesk takes ``<data-dir>/jobdesk.lock`` (``QLockFile``; a lock left by a killed
run is stale and removed) and listens on a local socket named after the data folder. A second
launch on the same folder cannot take the lock; it connects to the socket, sends the files it
was asked to open, and exits 0: the first window comes to the front and receives the files.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from jobdesk.services.instance_lock import LOCK_FILE_NAME, LockHolder, holder_is_alive

CONNECT_TIMEOUT_MS = 2000
_ATTEMPTS = 5  # the first instance may hold the lock but not listen yet


def server_name(data_dir: Path) -> str:
    key = f"{os.getuid() if hasattr(os, 'getuid') else ''}:{Path(data_dir).resolve()}"
    return "jobdesk-" + hashlib.sha256(key.encode()).hexdigest()[:20]


class InstanceGuard(QObject):
    """Holds the lock and the socket for one data folder."""

    sig_files_received = Signal(list)  # paths a second launch asked to open
    sig_activate_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.lock = QLockFile(str(self.data_dir / LOCK_FILE_NAME))
        # 0: never stale by age (a long session keeps its lock); a lock whose process is
        # gone is still recognised as stale by QLockFile.
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None
        self.name = server_name(self.data_dir)

    # ---- first instance -------------------------------------------------------------------
    def try_lock(self) -> bool:
        if self.lock.tryLock(0):
            return True
        if self.lock.error() == QLockFile.LockError.LockFailedError:
            holder = self.holder()
            if holder is not None and not holder_is_alive(holder):
                self.lock.removeStaleLockFile()
                return self.lock.tryLock(0)
        return False

    def holder(self) -> LockHolder | None:
        info = self.lock.getLockInfo()  # (pid, hostname, appname); pid 0 when unreadable
        if not isinstance(info, tuple) or len(info) != 3 or not info[0]:
            return None
        pid, host, program = info
        return LockHolder(int(pid), str(program), str(host))

    def holder_text(self) -> str:
        holder = self.holder()
        return f"process {holder.pid} on {holder.host}" if holder else "another program"

    def listen(self) -> bool:
        """Start the socket a second launch talks to (call while holding the lock)."""
        QLocalServer.removeServer(self.name)  # a socket file left by a killed run
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_server_connection)
        return self.server.listen(self.name)

    def _on_server_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(sock=sock, buffer=buffer) -> None:
                buffer.extend(bytes(sock.readAll().data()))
                if b"\n" not in buffer:
                    return
                line = bytes(buffer).split(b"\n", 1)[0]
                try:
                    message = json.loads(line.decode("utf-8"))
                    files = [str(f) for f in message.get("files", [])]
                except (ValueError, AttributeError):
                    files = []
                sock.write(b"ok\n")
                sock.flush()
                sock.disconnectFromServer()
                self.sig_activate_requested.emit()
                if files:
                    self.sig_files_received.emit(files)

            sock.readyRead.connect(read)
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                read()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    # ---- second instance ------------------------------------------------------------------
    def forward(self, files: list[str]) -> bool:
        """Hand ``files`` to the running JobDesk; True when it answered."""
        payload = json.dumps({"files": [str(Path(f).resolve()) for f in files]}).encode()
        for _attempt in range(_ATTEMPTS):
            sock = QLocalSocket()
            sock.connectToServer(self.name)
            if not sock.waitForConnected(CONNECT_TIMEOUT_MS // _ATTEMPTS):
                QThread.msleep(CONNECT_TIMEOUT_MS // _ATTEMPTS)  # it may be starting up
                continue
            sock.write(payload + b"\n")
            sock.flush()
            sock.waitForBytesWritten(CONNECT_TIMEOUT_MS)
            answered = sock.waitForReadyRead(CONNECT_TIMEOUT_MS)
            sock.disconnectFromServer()
            if answered:
                return True
        return False
