"""The file store: uploaded documents, typed from their content, stored under a generated name.

On the ground floor because submissions' attachments and rounds' background documents both
use it; it knows no capability. ``sniff()`` decides
whether bytes are an accepted document, ``store()`` writes them under ``UPLOAD_DIR`` and
returns what to record (name, type, size, sha256, storage key). Their text is read later,
by the indexer's process only (``submissions/extraction.py``).

The file name a browser sends is never trusted for anything but display: the type comes
from the magic bytes and, for DOCX/ODT, from the zip structure, read with caps on the
number of entries and the uncompressed size so that a zip bomb is refused unread.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import time
import unicodedata
import zipfile
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from consult import audit, db
from consult.web import Refused

PDF, DOCX, ODT, TXT, RTF = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "text/plain",
    "application/rtf",
)
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt", TXT: "txt", RTF: "rtf"}
ACCEPTED_LABEL = "PDF, DOCX, ODT, TXT, RTF"
# Caps on a DOCX/ODT, read from its zip directory before anything is decompressed. The
# indexer reads a document's text as a stream within a budget (extraction.py): about
# 30 MB of XML in its 5 seconds, and 2,000,000 characters. A text part larger than that is
# never read to its end, so it is refused, as is a whole beyond twice that; a ratio above
# 100 is padding (prose compresses a few to a few dozen times, images hardly at all).
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_TEXT_PART = 32 * 1024 * 1024
ZIP_MAX_UNCOMPRESSED = 64 * 1024 * 1024
ZIP_MAX_RATIO = 100
TEXT_PARTS = {"word/document.xml", "content.xml"}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class AttachmentRefused(Refused):
    """The file is not an accepted document; the message says why, for the person."""


@dataclass
class StoredFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str


class StoredFileColumns:
    """Mixed into a model whose row names a stored file: the columns ``StoredFile`` fills."""

    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)


# Invisible characters: controls (Cc), format characters (Cf: the bidirectional controls
# U+202A-E, U+2066-9, U+200E/F, U+061C, zero-width space, soft hyphen, BOM, tags), line and
# paragraph separators, lone surrogates. "invoice\u202efdp.exe" must not pass for a PDF.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
JOINERS = frozenset({"\u200c", "\u200d"})


def _visible(name: str) -> str:
    """``name`` without invisible characters, except a zero-width (non-)joiner between two
    letters or marks: Persian, Arabic and the Indic scripts spell words with them
    (می\u200cخواهم). At an edge, or beside a space, digit or dot, a joiner serves no word
    and is dropped."""
    kept = []
    for i, char in enumerate(name):
        if unicodedata.category(char) not in INVISIBLE_CATEGORIES:
            kept.append(char)
        elif char in JOINERS and 0 < i < len(name) - 1 and _in_word(name[i - 1]) and _in_word(name[i + 1]):
            kept.append(char)
    return "".join(kept)


def _in_word(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def display_name(raw: str | None, content_type: str) -> str:
    """A safe name to show and to offer on download: no directories, no control or invisible
    characters, letters of every script kept readable; the extension follows the real type."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _visible(name)
    name = re.sub(r'[<>:"|?*]', "_", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[:120] or _("document")
    return f"{stem}.{EXTENSIONS[content_type]}"


def sniff(data: bytes) -> str:
    """The document type of ``data`` from its content, or AttachmentRefused."""
    if not data:
        raise AttachmentRefused(_("The file is empty."))
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"{\\rtf"):
        return RTF
    if data.startswith(b"PK\x03\x04"):
        return _zip_document_type(data)
    if _looks_like_text(data):
        return TXT
    raise AttachmentRefused(_("This file is not a document we accept (%(types)s).", types=ACCEPTED_LABEL))


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096].lstrip()
    # HTML (or SVG, XML) renamed to .txt or .pdf would run in a careless viewer: refused.
    if head[:1] == b"<" or b"<script" in data[:65536].lower() or b"<html" in data[:65536].lower():
        return False
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        return False
    return not CONTROL_CHARS.search(text[:65536].replace("\x0c", ""))


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # older Windows text files; strict, so binary still fails


def _zip_document_type(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise AttachmentRefused(_("This file is damaged or not a document we accept.")) from None
    if len(infos) > ZIP_MAX_ENTRIES:
        raise AttachmentRefused(_("This document has too many parts to be read safely."))
    total = sum(i.file_size for i in infos)
    if total > ZIP_MAX_UNCOMPRESSED or total > ZIP_MAX_RATIO * max(len(data), 1):
        raise AttachmentRefused(_("This document expands to far more than its size; it cannot be accepted."))
    if any(i.filename in TEXT_PARTS and i.file_size > ZIP_MAX_TEXT_PART for i in infos):
        raise AttachmentRefused(_("This document is too long to be read (more than %(mb)d MB of text): "
                                  "split it into several files.", mb=ZIP_MAX_TEXT_PART // (1024 * 1024)))
    names = {i.filename for i in infos}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "mimetype" in names and "content.xml" in names:
        mimetype = _read_capped(archive, "mimetype", 200).strip()
        if mimetype == ODT.encode():
            return ODT
    raise AttachmentRefused(_("This file is not a document we accept (%(types)s).", types=ACCEPTED_LABEL))


def _read_capped(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """Read one entry, never more than ``cap`` bytes whatever its header claims."""
    with archive.open(name) as entry:
        data = entry.read(cap + 1)
    if len(data) > cap:
        raise AttachmentRefused(_("This document expands to far more than its size; it cannot be accepted."))
    return data


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def path_for(storage_key: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}", storage_key):
        raise ValueError("not a storage key")
    return upload_dir() / storage_key


def existing_path(storage_key: str) -> Path | None:
    """Where a stored file is, or None if the key is not one we give or the file is gone."""
    try:
        path = path_for(storage_key)
    except ValueError:
        return None
    return path if path.exists() else None


@dataclass
class PreparedFile:
    """An upload read, typed and hashed, not yet written: done before the request's first
    query because on SQLite the write lock is held from there to the commit."""
    raw_filename: str | None
    data: bytes
    content_type: str | None = None
    sha256: str = ""
    problem: str | None = None

    @property
    def label(self) -> str:
        """How a message names the file (its cleaned name without the extension)."""
        return display_name(self.raw_filename, TXT).rsplit(".", 1)[0]


def _too_large(max_bytes: int) -> str:
    return _("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024))


def prepare(data: bytes, raw_filename: str | None, *, max_bytes: int) -> PreparedFile:
    """Check ``data``; a refusal is kept in ``problem``, never raised. The text is not read
    here: only the search indexer's process does that (consult/submissions/extraction.py)."""
    prepared = PreparedFile(raw_filename=raw_filename, data=data)
    if len(data) > max_bytes:
        prepared.problem = _too_large(max_bytes)
        return prepared
    try:
        prepared.content_type = sniff(data)
    except AttachmentRefused as exc:
        prepared.problem = str(exc)
        return prepared
    prepared.sha256 = hashlib.sha256(data).hexdigest()
    return prepared


def prepare_uploads(uploads, *, max_bytes: int) -> list[PreparedFile]:
    """``prepare()`` each file a form sent (reading at most one byte past the limit); the
    empty inputs a browser sends when nothing was chosen are left out."""
    return [prepare(upload.stream.read(max_bytes + 1), upload.filename, max_bytes=max_bytes)
            for upload in uploads if getattr(upload, "filename", None)]


def write_while_room(files: list[PreparedFile], *, max_bytes: int, room: int,
                     full: Callable[[str], str]) -> tuple[list[StoredFile], list[str]]:
    """Write each accepted file while fewer than ``room`` have been written; a message for
    each one refused (``full(label)`` once there is no more room)."""
    stored: list[StoredFile] = []
    problems: list[str] = []
    for prepared in files:
        if len(stored) >= room:
            problems.append(full(prepared.label))
            continue
        try:
            stored.append(write(prepared, max_bytes=max_bytes))
        except AttachmentRefused as exc:
            problems.append(f"{prepared.label}: {exc}")
    return stored, problems


def write(prepared: PreparedFile, *, max_bytes: int) -> StoredFile:
    """Write a prepared file under a generated name (fsynced before the caller commits, so
    an acknowledged upload survives a crash); raises AttachmentRefused for a refused one."""
    if prepared.problem:
        raise AttachmentRefused(prepared.problem)
    if len(prepared.data) > max_bytes:
        raise AttachmentRefused(_too_large(max_bytes))
    token = secrets.token_hex(16)
    key = f"{token[:2]}/{token}"
    path = path_for(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(prepared.data)
        out.flush()
        os.fsync(out.fileno())
    return StoredFile(
        filename=display_name(prepared.raw_filename, prepared.content_type),
        content_type=prepared.content_type,
        size=len(prepared.data),
        sha256=prepared.sha256,
        storage_key=key,
    )


def store(data: bytes, raw_filename: str | None, *, max_bytes: int) -> StoredFile:
    """Check ``data`` and write it (``prepare()`` then ``write()``)."""
    return write(prepare(data, raw_filename, max_bytes=max_bytes), max_bytes=max_bytes)


def add_rows(owner, rows: list, stored_files: list[StoredFile], make_row: Callable[..., Any], *, actor,
             action: str, id_name: str) -> None:
    """A row (``make_row(**stored)``) in ``rows``, a collection of ``owner``, for each file
    written; each addition audited on ``owner`` with the row's id as ``id_name``."""
    for stored in stored_files:
        row = make_row(**vars(stored))
        rows.append(row)
        db.session.flush()
        audit.record(actor, action, owner, **{id_name: row.id}, sha256=stored.sha256)


def remove_row(owner, rows: list, row, *, actor, action: str) -> None:
    """Take ``row`` out of ``rows`` (audited on ``owner``); its file goes once that is committed."""
    key = row.storage_key
    rows.remove(row)
    audit.record(actor, action, owner, filename=row.filename, sha256=row.sha256)
    db.session.flush()
    discard_after_commit(key)


def discard_after_commit(storage_key: str) -> None:
    """Remove the file once the removal of its row is committed; a rollback keeps both."""
    event.listen(db.session(), "after_commit", lambda _session: discard(storage_key), once=True)


def discard(storage_key: str) -> None:
    """Remove a stored file (after its row is gone); a missing file is not an error."""
    try:
        path_for(storage_key).unlink()
    except (FileNotFoundError, ValueError):
        pass


def unreferenced(known_keys: set[str], min_age_seconds: float) -> list[Path]:
    """Stored files whose key is not in ``known_keys``, last written at least
    ``min_age_seconds`` ago (a younger file may belong to a request still running)."""
    root = upload_dir()
    if not root.is_dir():
        return []
    cutoff = time.time() - min_age_seconds
    found = []
    for path in sorted(root.glob("??/*")):
        key = f"{path.parent.name}/{path.name}"
        try:
            path_for(key)
        except ValueError:
            continue  # not a name this application gives: leave it to whoever put it there
        if key not in known_keys and path.stat().st_mtime <= cutoff:
            found.append(path)
    return found
