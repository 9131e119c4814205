"""The file half of the document store: checking, hashing and copying files in chunks.

Nothing here touches the database, so it is safe on a worker thread. The store is a flat folder
of content-addressed files ``<data>/documents/<sha256>``. A copy is written to a temporary
``.part-<pid>-<random>`` file in the same folder (unbuffered) and fsynced, then ``os.replace``d into
place and the folder fsynced: a reader (or a restart after a crash) sees either the whole file or
nothing. The user's original is only ever opened for reading.

The copy is one pass: each 1 MiB chunk is read into one preallocated buffer, hashed (hashlib
releases the GIL for it) and written from that same buffer, so the hash is of exactly the bytes
written. Every 4 MiB the written part is handed to the OS to start writing to disk, so the
fsync at the end waits for the last few MiB instead of the whole file (measured in
docs/decisions.md, "Documents").
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import mimetypes
import os
import re
import shutil
import stat
import sys
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jobdesk.domain.errors import JobDeskError
from jobdesk.domain.text import human_size

CHUNK_SIZE = 1 << 20  # 1 MiB: few system calls and progress calls, little memory
WRITEBACK_EVERY = 4 << 20  # start writing the copy to disk every 4 MiB (a hint; fsync decides)
DEFAULT_MAX_SIZE = 50 * 1024 * 1024
TEMP_PREFIX = ".part-"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

Progress = Callable[[int, int], None]


class DocumentFileError(JobDeskError):
    """A file could not be stored or exported; the message says why and what to do."""

    def __init__(self, path: str | os.PathLike, message: str):
        super().__init__(f"{Path(path).name or path}: {message}")
        self.path = str(path)
        self.message = message


class IngestCancelled(JobDeskError):
    def __init__(self, path: str | os.PathLike):
        super().__init__(f"{Path(path).name}: cancelled; nothing was stored")
        self.path = str(path)


@dataclass(frozen=True)
class StoredFile:
    """A file safely in the store; the database part (``DocumentsService.attach``) comes next."""

    source: str
    sha256: str
    size: int
    original_name: str  # sanitised: safe to show and to use as a file name
    mime_type: str
    new: bool  # False when the same content was already stored


def _write_chunk(handle, data: memoryview) -> None:
    """Write all of ``data`` into the temp file (a seam so the full-disk test can make it fail).
    ``handle`` is unbuffered, so a short write is possible in principle: write the rest."""
    while data:
        written = handle.write(data)
        if not written:
            raise OSError(errno.EIO, "the temporary copy accepted no more bytes")
        data = data[written:]


_START_WRITEBACK = sys.platform.startswith("linux") and hasattr(os, "posix_fadvise")


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the OS to start writing ``length`` bytes at ``offset`` to disk now, without waiting.

    On Linux ``POSIX_FADV_DONTNEED`` starts write-back of the dirty pages in the range (and lets
    the kernel drop them from the cache once written: the stored copy is rarely read soon).
    PostgreSQL uses the same call to flush data early where ``sync_file_range`` is missing. Only a
    hint: durability still comes from the fsync at the end; elsewhere it is skipped.
    """
    if _START_WRITEBACK:
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


# ---- names -----------------------------------------------------------------------------------
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME_BYTES = 200


def sanitise_name(name: str) -> str:
    """A file name safe to show and to create on any system: no path separators, control or
    reserved characters, no leading dots, not a reserved device name, at most 200 UTF-8 bytes
    (keeping the extension)."""
    name = unicodedata.normalize("NFC", str(name))
    # a name may come with a path in it ("..\\..\\cv.pdf"): keep only the last part
    name = re.split(r"[/\\]", name)[-1] if name.strip("/\\") else ""
    name = _FORBIDDEN.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = re.sub(r"_+", "_", name)
    if not name or not name.strip("_"):
        name = "document"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem.lower() in _WINDOWS_RESERVED or name.lower() in _WINDOWS_RESERVED:
        name = f"_{name}"
        stem = f"_{stem}"
    if len(name.encode()) > MAX_NAME_BYTES:
        ext = ext[:20]
        room = MAX_NAME_BYTES - len(ext.encode()) - (1 if ext else 0)
        stem = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .") or "document"
        name = f"{stem}.{ext}" if ext else stem
    return name


def guess_mime_type(name: str) -> str:
    mime, _encoding = mimetypes.guess_type(name, strict=False)
    return mime or "application/octet-stream"


def label_from_name(name: str) -> str:
    stem = Path(name).stem if "." in name.strip(".") else name
    return re.sub(r"[_]+", " ", stem).strip() or name


# ---- the store folder ------------------------------------------------------------------------
def stored_path(documents_dir: Path, sha256: str) -> Path:
    if not _SHA256.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return documents_dir / sha256


def _fsync_dir(folder: Path) -> None:
    if sys.platform.startswith("win"):
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_name() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # cannot ask safely; treated by age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _disk_message(exc: OSError) -> str | None:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return ("the disk holding the JobDesk data folder is full, so the file was not stored. "
                "Free some space and drop it again.")
    if exc.errno == errno.EROFS:
        return "the JobDesk data folder is on a read-only drive, so the file was not stored."
    return None


def check_source(path: Path, max_size: int) -> os.stat_result:
    """Refuse what cannot be stored, before copying a byte."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentFileError(
            path, "the file does not exist (any more); check where it went and drop it again"
        ) from None
    except OSError as exc:
        raise DocumentFileError(
            path, f"the file cannot be read ({exc.strerror or exc}); check its permissions"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentFileError(
            path, "this is a folder; drop the files inside it instead (or zip the folder)")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentFileError(path, "this is not a regular file (a device or pipe?); "
                                      "save it as a file first")
    if info.st_size == 0:
        raise DocumentFileError(path, "the file is empty (0 bytes); save the document again "
                                      "and drop the saved file")
    if info.st_size > max_size:
        raise DocumentFileError(
            path, f"the file is {human_size(info.st_size)}, over the limit of "
                  f"{human_size(max_size)}; shrink it or raise the limit in the Library view")
    return info


def _copy_loop(path: Path, src, out, digest, max_size: int, total: int,
               progress: Progress | None, cancel: threading.Event | None) -> int:
    """Read, hash and write ``src`` into ``out`` chunk by chunk, through one buffer."""
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    fd = out.fileno()
    done = flushed = 0
    if progress:
        progress(0, total)
    while True:
        if cancel is not None and cancel.is_set():
            raise IngestCancelled(path)
        try:
            n = src.readinto(buffer)
        except OSError as exc:
            raise DocumentFileError(
                path, f"reading the file failed ({exc.strerror or exc}); was its drive "
                      "removed? Reconnect it and drop the file again") from None
        if not n:
            return done
        done += n
        if done > max_size:
            raise DocumentFileError(
                path, f"the file grew past the limit of {human_size(max_size)} while "
                      "it was copied; nothing was stored")
        chunk = view[:n]
        digest.update(chunk)
        _write_chunk(out, chunk)
        if done - flushed >= WRITEBACK_EVERY:
            _start_writeback(fd, flushed, done - flushed)
            flushed = done
        if progress:
            progress(done, total)


def store_file(source: str | os.PathLike, documents_dir: Path, *, max_size: int,
               progress: Progress | None = None,
               cancel: threading.Event | None = None) -> StoredFile:
    """Copy ``source`` into the store, hashing as it goes. Safe on a worker thread (no DB).

    Raises ``DocumentFileError`` (bad input, vanished file, full disk) or ``IngestCancelled``;
    any exception (also one raised by ``progress``) leaves no temp file behind.
    """
    path = Path(source)
    info = check_source(path, max_size)
    name = sanitise_name(path.name)
    total = info.st_size
    documents_dir.mkdir(parents=True, exist_ok=True)
    temp = documents_dir / _temp_name()
    digest = hashlib.sha256()
    try:
        try:
            src = open(path, "rb", buffering=0)  # noqa: SIM115 - closed below, errors mapped
        except FileNotFoundError:
            raise DocumentFileError(path, "the file disappeared before it could be copied; "
                                          "drop it again") from None
        except OSError as exc:
            raise DocumentFileError(
                path, f"the file cannot be read ({exc.strerror or exc}); check its "
                      "permissions, or close the program that locks it") from None
        with src, open(temp, "xb", buffering=0) as out:  # unbuffered: written as read
            done = _copy_loop(path, src, out, digest, max_size, total, progress, cancel)
            os.fsync(out.fileno())
        # the file must still be there, unchanged, when the copy ends
        try:
            after = path.stat()
        except FileNotFoundError:
            raise DocumentFileError(
                path, "the file disappeared while it was being copied; nothing was stored. "
                      "Drop it again from where it is now") from None
        if done == 0:
            raise DocumentFileError(path, "the file was emptied while it was being copied; "
                                          "nothing was stored")
        if after.st_size != done or after.st_mtime_ns != info.st_mtime_ns:
            raise DocumentFileError(
                path, "the file changed while it was being copied (is it still being saved?); "
                      "nothing was stored. Drop it again when it is saved")
        sha = digest.hexdigest()
        target = stored_path(documents_dir, sha)
        new = not target.exists()
        if new:
            os.chmod(temp, 0o444)  # stored copies are never edited in place
            os.replace(temp, target)
            _fsync_dir(documents_dir)
        return StoredFile(str(path), sha, done, name, guess_mime_type(name), new)
    except OSError as exc:
        message = _disk_message(exc)
        if message is None:
            message = f"the file could not be stored ({exc.strerror or exc}); nothing was stored"
        raise DocumentFileError(path, message) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, 0o600)
            temp.unlink()


def copy_out(source: Path, dest: Path, *, progress: Progress | None = None) -> Path:
    """Copy a stored file to ``dest`` (export). Never overwrites: an existing ``dest`` is an
    error. Written next to ``dest`` first, then linked into place, so no partial file shows."""
    if not source.is_file():
        raise DocumentFileError(dest, "the stored copy is missing from the data folder; "
                                      "restore it from a backup or drop the file again")
    if dest.exists():
        raise DocumentFileError(dest, "a file with this name already exists there; choose "
                                      "another name (nothing was overwritten)")
    total = source.stat().st_size
    temp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with open(source, "rb") as src, open(temp, "xb") as out:
            done = 0
            while chunk := src.read(CHUNK_SIZE):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temp, dest)  # fails if dest appeared meanwhile: never overwrites
        except FileExistsError:
            raise DocumentFileError(dest, "a file with this name already exists there; "
                                          "choose another name (nothing was overwritten)"
                                    ) from None
        except OSError:
            if dest.exists():
                raise DocumentFileError(dest, "a file with this name already exists there; "
                                              "choose another name") from None
            os.replace(temp, dest)  # file systems without hard links
        return dest
    except OSError as exc:
        message = _disk_message(exc) or f"the copy could not be written ({exc.strerror or exc})"
        raise DocumentFileError(dest, message) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def copy_for_drag(source: Path, folder: Path, name: str) -> Path:
    """A copy named like the original, for dragging out of JobDesk (the stored file has a hash
    for a name and must not be moved by the receiving program)."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / sanitise_name(name)
    if dest.exists() and dest.stat().st_size == source.stat().st_size:
        return dest
    with contextlib.suppress(FileNotFoundError):
        dest.unlink()
    shutil.copyfile(source, dest)
    return dest


@dataclass(frozen=True)
class StoreScan:
    removed_temp: tuple[str, ...]
    present: frozenset[str]  # sha256 names found


def scan_store(documents_dir: Path, *, stale_seconds: float = 3600) -> StoreScan:
    """Remove temp files left by a process that died mid-copy; list the stored hashes."""
    removed: list[str] = []
    present: set[str] = set()
    if not documents_dir.is_dir():
        return StoreScan((), frozenset())
    now = time.time()
    for entry in os.scandir(documents_dir):
        if entry.name.startswith(TEMP_PREFIX):
            try:
                pid = int(entry.name[len(TEMP_PREFIX):].split("-", 1)[0])
            except ValueError:
                pid = -1
            alive = pid > 0 and _pid_alive(pid)
            if os.name != "posix":
                with contextlib.suppress(OSError):
                    alive = alive and now - entry.stat().st_mtime < stale_seconds
            if not alive:
                with contextlib.suppress(OSError):
                    os.chmod(entry.path, 0o600)
                    os.unlink(entry.path)
                    removed.append(entry.name)
        elif _SHA256.match(entry.name) and entry.is_file():
            present.add(entry.name)
    return StoreScan(tuple(removed), frozenset(present))
