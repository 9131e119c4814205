"""The document store over a real SQLite file and a real store folder in tmp_path."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
import threading
from pathlib import Path

import pytest

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import DocumentKind, Stage
from jobdesk.domain.errors import ValidationError
from jobdesk.services import document_files as files
from jobdesk.services.document_files import DocumentFileError, IngestCancelled, sanitise_name


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_file(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.fixture
def app_id(services) -> int:
    company = services.companies.create(name="Acme")
    return services.applications.create(company_id=company.id, job_title="Data analyst").id


@pytest.fixture
def docs(services):
    return services.documents


def store_dir_listing(docs) -> list[str]:
    folder = docs.documents_dir
    return sorted(os.listdir(folder)) if folder.exists() else []


def table_counts(services) -> tuple[int, int, int]:
    from jobdesk.db import schema as t

    return (t.Document.select().count(), t.DocumentVersion.select().count(),
            t.ApplicationDocument.select().count())


def test_store_and_attach_copies_the_file_and_links_it(tmp_path, services, docs, app_id):
    source = make_file(tmp_path / "in", "Resume v3.pdf", b"%PDF-1.7 resume" * 1000)
    before = source.stat()
    seen = []
    stored = docs.ingest_job(source)(lambda d, t: seen.append((d, t)))
    outcome = docs.attach(stored, app_id)

    target = docs.documents_dir / stored.sha256
    assert sha(target) == sha(source) == stored.sha256
    assert source.exists() and source.stat().st_mtime_ns == before.st_mtime_ns
    assert not os.access(target, os.W_OK) or os.geteuid() == 0  # stored read-only
    assert target.stat().st_mode & 0o222 == 0
    assert stored.mime_type == "application/pdf" and stored.original_name == "Resume v3.pdf"
    assert seen[0] == (0, stored.size) and seen[-1] == (stored.size, stored.size)
    assert outcome.stored_new_version and outcome.linked and outcome.version == 1
    assert outcome.label == "Resume v3"
    attached = docs.for_application(app_id)
    assert [(a.label, a.version, a.original_name, a.size, a.missing) for a in attached] == [
        ("Resume v3", 1, "Resume v3.pdf", stored.size, False)]
    assert table_counts(services) == (1, 1, 1)


def test_same_content_links_the_existing_version(tmp_path, services, docs, app_id):
    other_app = services.applications.create(
        company_id=services.companies.create(name="Zenith").id, job_title="Analyst").id
    first = make_file(tmp_path / "a", "cv.pdf", b"same bytes")
    copy = make_file(tmp_path / "b", "cv-copy.pdf", b"same bytes")
    one = docs.attach(docs.ingest_job(first)(), app_id)
    stored_again = docs.ingest_job(copy)()
    assert stored_again.new is False
    two = docs.attach(stored_again, other_app)
    assert (two.document_id, two.version_id) == (one.document_id, one.version_id)
    assert two.linked and not two.stored_new_version
    three = docs.attach(docs.ingest_job(copy)(), other_app)
    assert three.already_linked and not three.linked
    assert table_counts(services) == (1, 1, 2)
    assert store_dir_listing(docs) == [one_sha := sha(first)]
    assert one_sha == stored_again.sha256


def test_library_drop_without_application_and_duplicate_library_drop(tmp_path, services, docs):
    path = make_file(tmp_path, "letter.docx", b"cover letter")
    first = docs.attach(docs.ingest_job(path)(), None, label="Cover letter - fintech")
    again = docs.attach(docs.ingest_job(path)(), None)
    assert first.label == "Cover letter - fintech" and not first.linked
    assert again.document_id == first.document_id and not again.stored_new_version
    assert "already in the library" in again.describe()
    assert table_counts(services) == (1, 1, 0)


def test_replace_version_keeps_the_old_one(tmp_path, services, docs, app_id):
    v1 = make_file(tmp_path, "cv1.pdf", b"version one")
    v2 = make_file(tmp_path, "cv2.pdf", b"version two")
    first = docs.attach(docs.ingest_job(v1)(), app_id)
    second = docs.replace_version(first.document_id, docs.ingest_job(v2)())
    assert second.version == 2 and second.document_id == first.document_id
    summary = docs.get(first.document_id)
    assert [v.version for v in summary.versions] == [1, 2]
    assert [v.original_name for v in summary.versions] == ["cv1.pdf", "cv2.pdf"]
    assert all((docs.documents_dir / v.sha256).is_file() for v in summary.versions)
    # the application keeps the version it was sent
    assert [a.version for a in docs.for_application(app_id)] == [1]
    with pytest.raises(ValidationError, match="already version 2"):
        docs.replace_version(first.document_id, docs.ingest_job(v2)())


def test_stage_reached_counts_history(tmp_path, services, docs, app_id):
    path = make_file(tmp_path, "cv.pdf", b"resume")
    outcome = docs.attach(docs.ingest_job(path)(), app_id)
    services.applications.update(app_id, stage=Stage.APPLIED)
    services.applications.update(app_id, stage=Stage.INTERVIEWING)
    services.applications.update(app_id, stage=Stage.REJECTED)
    [summary] = docs.library()
    [sent] = summary.versions[0].sent_to
    assert sent.stage == Stage.REJECTED and sent.reached == Stage.INTERVIEWING
    assert summary.best_stage == Stage.INTERVIEWING
    assert summary.application_ids == {app_id}
    assert outcome.document_id == summary.id


def test_changes_are_published(tmp_path, services, docs, app_id):
    seen = []
    services.bus.subscribe(seen.append)
    docs.attach(docs.ingest_job(make_file(tmp_path, "cv.pdf", b"x"))(), app_id)
    assert {(c.entity, c.structural) for c in seen} == {
        (Entity.DOCUMENT, True), (Entity.APPLICATION, False)}


def test_rename_and_label_validation(tmp_path, docs):
    outcome = docs.attach(docs.ingest_job(make_file(tmp_path, "cv.pdf", b"x"))())
    docs.rename(outcome.document_id, "  Resume -  data roles v3 ")
    assert docs.get(outcome.document_id).label == "Resume - data roles v3"
    with pytest.raises(ValidationError, match="label is required"):
        docs.rename(outcome.document_id, "   ")


def test_set_field_edits_kind_and_label_only(tmp_path, services, docs):
    outcome = docs.attach(docs.ingest_job(make_file(tmp_path, "cv.pdf", b"x"))())
    seen = []
    services.bus.subscribe(seen.append)
    row = docs.set_field(outcome.document_id, "kind", "Cover letter")
    assert row.kind == DocumentKind.COVER_LETTER
    assert docs.get(outcome.document_id).kind == DocumentKind.COVER_LETTER
    assert [(c.entity, c.fields) for c in seen] == [(Entity.DOCUMENT, frozenset({"kind"}))]
    assert docs.set_field(outcome.document_id, "label", "Letter v2").label == "Letter v2"
    with pytest.raises(ValidationError, match="Unknown kind"):
        docs.set_field(outcome.document_id, "kind", "poem")
    with pytest.raises(ValidationError, match="cannot be edited"):
        docs.set_field(outcome.document_id, "created_at", None)
    assert docs.get(outcome.document_id).kind == DocumentKind.COVER_LETTER


def test_export_copy_never_overwrites(tmp_path, docs):
    source = make_file(tmp_path, "cv.pdf", b"resume bytes")
    outcome = docs.attach(docs.ingest_job(source)())
    dest = tmp_path / "out" / "cv.pdf"
    dest.parent.mkdir()
    files.copy_out(docs.path_of(outcome.version_id), dest)
    assert dest.read_bytes() == b"resume bytes"
    dest.write_bytes(b"the user's own edits")
    with pytest.raises(DocumentFileError, match="already exists"):
        files.copy_out(docs.path_of(outcome.version_id), dest)
    assert dest.read_bytes() == b"the user's own edits"
    assert os.listdir(dest.parent) == ["cv.pdf"]  # no temp left


# ---- bad input: a clear message, no partial file, no row ---------------------------------
def assert_nothing_stored(services, docs):
    assert table_counts(services) == (0, 0, 0)
    assert store_dir_listing(docs) == []


def test_folder_is_refused(tmp_path, services, docs):
    folder = tmp_path / "cvs"
    folder.mkdir()
    with pytest.raises(DocumentFileError, match="this is a folder"):
        docs.ingest_job(folder)()
    assert_nothing_stored(services, docs)


def test_empty_file_is_refused(tmp_path, services, docs):
    with pytest.raises(DocumentFileError, match="empty"):
        docs.ingest_job(make_file(tmp_path, "empty.pdf", b""))()
    assert_nothing_stored(services, docs)


def test_missing_file_is_refused(tmp_path, services, docs):
    with pytest.raises(DocumentFileError, match="does not exist"):
        docs.ingest_job(tmp_path / "gone.pdf")()
    assert_nothing_stored(services, docs)


def test_size_limit_is_a_setting(tmp_path, services, docs):
    assert docs.max_size() == 50 * 1024 * 1024
    docs.set_max_size(4096)
    assert docs.max_size() == 4096
    big = make_file(tmp_path, "big.pdf", b"x" * 5000)
    with pytest.raises(DocumentFileError, match=r"over the limit of 4\.0 KB"):
        docs.ingest_job(big)()
    assert_nothing_stored(services, docs)
    with pytest.raises(ValidationError):
        docs.set_max_size(0)
    docs.set_max_size(10_000)
    assert docs.ingest_job(big)().size == 5000


def test_unreadable_file_is_refused(tmp_path, services, docs):
    # root reads everything: check as an unprivileged user (effective uid only, restored)
    shared = Path(tempfile.mkdtemp(prefix="jobdesk-perm-"))
    shared.chmod(0o777)
    secret = make_file(shared, "secret.pdf", b"private")
    secret.chmod(0o000)
    store = shared / "documents"
    as_root = os.geteuid() == 0
    try:
        if as_root:
            os.seteuid(65534)
        with pytest.raises(DocumentFileError, match="cannot be read"):
            files.store_file(secret, store, max_size=1 << 20)
    finally:
        if as_root:
            os.seteuid(0)
    assert not store.exists() or os.listdir(store) == []
    secret.chmod(0o600)
    secret.unlink()
    for leftover in (store,):
        with contextlib.suppress(OSError):
            leftover.rmdir()
    shared.rmdir()


def test_odd_names_are_sanitised(tmp_path, services, docs, app_id):
    name = "CV\tfinal\\..\\..\\evil:*?\"<>|\x07.pdf"
    path = make_file(tmp_path, name, b"odd")
    stored = docs.ingest_job(path)()
    assert stored.original_name == "evil_.pdf"
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    docs.attach(stored, app_id)
    assert docs.for_application(app_id)[0].original_name == "evil_.pdf"


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd", "passwd"),
    ("..", "document"),
    ("   ", "document"),
    ("CON.txt", "_CON.txt"),
    ("résumé\u0301.pdf", "résumé\u0301.pdf"[:-4] + ".pdf"),
    ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    (".hidden", "hidden"),
    ("line\nbreak.doc", "line_break.doc"),
])
def test_sanitise_name(raw, clean):
    import unicodedata

    assert sanitise_name(raw) == unicodedata.normalize("NFC", clean)
    assert len(sanitise_name(raw).encode()) <= 200


def test_file_vanishing_during_the_copy(tmp_path, services, docs, monkeypatch):
    monkeypatch.setattr(files, "CHUNK_SIZE", 1024)
    path = make_file(tmp_path, "cv.pdf", os.urandom(10_000))

    def progress(done, total):
        if done == 1024:
            path.unlink()  # the user moved it away (or the drive went)

    with pytest.raises(DocumentFileError, match="disappeared while it was being copied"):
        docs.ingest_job(path)(progress)
    assert_nothing_stored(services, docs)


def test_file_changing_during_the_copy(tmp_path, services, docs, monkeypatch):
    monkeypatch.setattr(files, "CHUNK_SIZE", 1024)
    path = make_file(tmp_path, "cv.pdf", os.urandom(10_000))

    def progress(done, total):
        if done == 1024:
            with open(path, "r+b") as fh:
                fh.truncate(2048)

    with pytest.raises(DocumentFileError, match="changed while it was being copied"):
        docs.ingest_job(path)(progress)
    assert_nothing_stored(services, docs)


def test_full_disk(tmp_path, services, docs, monkeypatch):
    # the one simulated failure: no tiny file system here, so the chunk write raises ENOSPC
    path = make_file(tmp_path, "cv.pdf", os.urandom(3 * files.CHUNK_SIZE))
    calls = []

    def full(handle, data):
        calls.append(len(data))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        handle.write(data)

    monkeypatch.setattr(files, "_write_chunk", full)
    with pytest.raises(DocumentFileError, match="disk holding the JobDesk data folder is full"):
        docs.ingest_job(path)()
    assert len(calls) == 2
    assert_nothing_stored(services, docs)


def test_cancel_leaves_nothing(tmp_path, services, docs, monkeypatch):
    monkeypatch.setattr(files, "CHUNK_SIZE", 1024)
    path = make_file(tmp_path, "cv.pdf", os.urandom(10_000))
    cancel = threading.Event()

    def progress(done, total):
        if done >= 2048:
            cancel.set()

    with pytest.raises(IngestCancelled):
        docs.ingest_job(path, cancel)(progress)
    assert_nothing_stored(services, docs)


def test_recover_removes_dead_temp_files_and_reports_missing(tmp_path, services, docs):
    outcome = docs.attach(docs.ingest_job(make_file(tmp_path, "cv.pdf", b"resume"))())
    folder = docs.documents_dir
    dead = folder / f"{files.TEMP_PREFIX}999999999-abc"
    dead.write_bytes(b"half a file")
    mine = folder / f"{files.TEMP_PREFIX}{os.getpid()}-def"  # a copy still running here
    mine.write_bytes(b"in progress")
    assert docs.recover().missing == ()
    assert not dead.exists() and mine.exists()
    mine.unlink()
    stored = docs.path_of(outcome.version_id)
    stored.chmod(0o600)
    stored.unlink()
    report = docs.recover()
    assert [v.id for v in report.missing] == [outcome.version_id]
    assert "missing from the data folder" in report.message
    assert docs.get(outcome.document_id).missing


def test_attach_refuses_when_the_stored_copy_vanished(tmp_path, services, docs, app_id):
    stored = docs.ingest_job(make_file(tmp_path, "cv.pdf", b"resume"))()
    target = docs.documents_dir / stored.sha256
    target.chmod(0o600)
    target.unlink()
    with pytest.raises(DocumentFileError, match="drop the file again"):
        docs.attach(stored, app_id)
    assert table_counts(services) == (0, 0, 0)


def test_store_and_attach_reports_each_file(tmp_path, services, docs, app_id):
    from jobdesk.services.documents import store_and_attach

    good = make_file(tmp_path, "cv.pdf", b"resume")
    results = store_and_attach(docs, [good, tmp_path], app_id)
    assert results[0][1].linked
    assert isinstance(results[1][1], DocumentFileError)
    assert table_counts(services) == (1, 1, 1)


def test_attaching_does_not_refresh_the_follow_up_rules(tmp_path, services, docs, app_id):
    """The Today view rebuilds and repaints when its snapshot says the rules' input changed;
    an application's attached documents are not such input (it was a 25-40 ms stall)."""
    from jobdesk.services.followups import LiveSnapshot

    live = LiveSnapshot(services)
    answers = []
    unsubscribe = services.bus.subscribe(lambda changes: answers.append(
        (changes.entity, live.apply(changes))))
    try:
        docs.attach(docs.ingest_job(make_file(tmp_path, "cv.pdf", b"resume"))(), app_id)
        assert (Entity.APPLICATION, False) in answers
        answers.clear()
        services.applications.set_field(app_id, "job_title", "Senior data analyst")
        assert answers == [(Entity.APPLICATION, True)]
        assert live.applications[app_id].job_title == "Senior data analyst"
    finally:
        unsubscribe()
