"""One JobDesk per data folder, for headless commands (no Qt).

The window takes ``<data-dir>/jobdesk.lock`` with ``QLockFile``; commands that replace the
database (``jobdesk restore``) take the same file with ``DataDirLock``, which writes and reads
``QLockFile``'s format (pid, program name, host name, machine id, boot id; one a line) and
holds a ``flock`` on it like Qt does, so each side sees the other's lock. A lock whose process
no longer runs on this machine is stale (a killed run) and is removed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from jobdesk.domain.errors import JobDeskError

LOCK_FILE_NAME = "jobdesk.lock"

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class DataDirLockedError(JobDeskError):
    """Another JobDesk is using the data folder."""


@dataclass(frozen=True)
class LockHolder:
    pid: int
    program: str
    host: str


def _read_first_line(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.readline().strip()
    except OSError:
        return ""


def _program_name(pid: int | None = None) -> str:
    """The executable's file name, the way QLockFile records and compares it."""
    try:
        target = os.readlink(f"/proc/{pid or os.getpid()}/exe")
        return os.path.basename(target.removesuffix(" (deleted)"))
    except OSError:
        return "" if pid else os.path.basename(os.path.realpath(sys.executable))


def _pid_running(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover - platforms without signal 0
        return True
    return True


def read_holder(path: Path) -> LockHolder | None:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if len(lines) < 3:
        return None
    try:
        pid = int(lines[0])
    except ValueError:
        return None
    return LockHolder(pid, lines[1], lines[2])


def holder_is_alive(holder: LockHolder) -> bool:
    """False when the holder is a process on this machine that no longer runs (or whose pid
    now belongs to another program): a stale lock from a killed run."""
    if holder.host and holder.host != socket.gethostname():
        return True  # another machine (a shared folder): assume it is in use
    if not _pid_running(holder.pid):
        return False
    running = _program_name(holder.pid)
    return not running or not holder.program or running == holder.program


class DataDirLock:
    """``with DataDirLock(data_dir):`` holds the data folder's lock or raises
    ``DataDirLockedError``."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_FILE_NAME
        self._fd: int | None = None

    def _contents(self) -> bytes:
        lines = [str(os.getpid()), _program_name(), socket.gethostname(),
                 _read_first_line("/etc/machine-id"),
                 _read_first_line("/proc/sys/kernel/random/boot_id")]
        return ("\n".join(lines) + "\n").encode()

    def acquire(self) -> None:
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = read_holder(self.path)
                if (holder is not None and holder_is_alive(holder)) or self._natively_locked():
                    who = f" (process {holder.pid} on {holder.host})" if holder else ""
                    raise DataDirLockedError(
                        f"JobDesk is running on {self.path.parent}{who}. Close it first, "
                        "then try again.") from None
                with contextlib.suppress(FileNotFoundError):
                    os.remove(self.path)  # stale: its process was killed
                continue
            except OSError as exc:
                raise DataDirLockedError(
                    f"cannot create the lock file {self.path}: {exc.strerror or exc}") from exc
            if fcntl is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, self._contents())
            os.fsync(fd)
            self._fd = fd
            return
        raise DataDirLockedError(f"could not take the lock {self.path}; try again.")

    def _natively_locked(self) -> bool:
        if fcntl is None:
            return False
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
