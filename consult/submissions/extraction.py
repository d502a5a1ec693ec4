"""The text of an uploaded document, for search and for the moderator, read within a budget.

Only the indexer process calls this (``flask search drain|watch|reindex``), never a web
worker: a document is small on disk but its text may not be (a 0.9 MB DOCX held a 99.6 MB
``word/document.xml``), and a worker that spends a gigabyte and half a minute on it is
killed mid-request. So a document is read as a stream — the XML of a DOCX/ODT through an
incremental parser fed from the zip member, a PDF page by page, the head of a text file —
and reading stops when the budget of characters, time or memory runs out. What was read
is kept and ``complete`` says whether that was all.
"""
from __future__ import annotations

import codecs
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
# Only the handler interface comes from the standard library; parsing is defusedxml's.
from xml.sax.handler import ContentHandler, feature_namespaces  # nosec B406

from defusedxml.expatreader import DefusedExpatParser
from flask import current_app

from consult.files import DOCX, ODT, PDF, RTF, TXT, decode_text, path_for

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
# Kept out of the text: what the upload check treats as control characters, and lone
# surrogates (a damaged PDF's font map can produce them; no database would store them).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODF_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
XML_PARTS = {DOCX: ("word/document.xml", (WORD_NS, "p")), ODT: ("content.xml", (ODF_TEXT_NS, "p"))}


@dataclass(frozen=True)
class Budget:
    """What reading one file may spend (settings ``EXTRACTION_MEMORY_MB``,
    ``EXTRACTION_SECONDS``, ``EXTRACTION_MAX_CHARS``)."""

    memory_bytes: int
    seconds: float
    max_chars: int

    @classmethod
    def from_config(cls, config=None) -> Budget:
        config = current_app.config if config is None else config
        return cls(memory_bytes=int(config["EXTRACTION_MEMORY_MB"]) * 1024 * 1024,
                   seconds=float(config["EXTRACTION_SECONDS"]), max_chars=int(config["EXTRACTION_MAX_CHARS"]))


@dataclass
class Extracted:
    text: str
    complete: bool


class BudgetSpent(Exception):
    """Reading stops here; what was read is kept."""


class _Text:
    """The text read so far, never longer than the budget allows. A StringIO rather than a
    list of pieces: a million one-letter runs would cost fifty bytes each as objects."""

    def __init__(self, budget: Budget):
        self.buffer = io.StringIO()
        self.length = 0
        self.max_chars = budget.max_chars
        self.deadline = time.monotonic() + budget.seconds

    def add(self, piece: str) -> None:
        piece = UNSTORABLE.sub("", piece)
        room = self.max_chars - self.length
        self.buffer.write(piece[:room])
        self.length += min(len(piece), room)
        if len(piece) > room:
            raise BudgetSpent

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetSpent


def read_stored(storage_key: str, content_type: str, budget: Budget) -> Extracted:
    """The text of a stored file; a missing file has none (logged)."""
    try:
        path = path_for(storage_key)
    except ValueError:
        path = None
    if path is None or not path.is_file():
        log.warning("stored file %s is missing: no text extracted", storage_key)
        return Extracted("", True)
    return read_text(path, content_type, budget)


def read_text(source: bytes | Path, content_type: str, budget: Budget) -> Extracted:
    """Plain text of a document within ``budget``; a damaged document gives what could be
    read (often "") and a log line, never an exception: the upload is kept whatever happens."""
    text = _Text(budget)
    try:
        with _open(source) as stream:
            if content_type in XML_PARTS:
                member, paragraph = XML_PARTS[content_type]
                _read_xml(stream, member, paragraph, text, token_limit=budget.memory_bytes // 4)
            elif content_type == PDF:
                complete = _read_pdf(stream, text, stream_limit=budget.memory_bytes // 4)
                return Extracted(text.buffer.getvalue(), complete)
            elif content_type == TXT:
                _read_plain(stream, text, decode=_decode_head)
            elif content_type == RTF:
                _read_plain(stream, text, decode=lambda head, whole: _strip_rtf(head.decode("latin-1")))
            else:
                return Extracted("", True)
    except BudgetSpent:
        return Extracted(text.buffer.getvalue(), False)
    except Exception:  # a damaged document must not lose the upload
        log.warning("Could not extract text from a %s attachment", content_type, exc_info=True)
        return Extracted(text.buffer.getvalue(), text.length == 0)
    return Extracted(text.buffer.getvalue(), True)


def _open(source: bytes | Path):
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


class _Paragraphs(ContentHandler):
    """Character data inside paragraphs, one line per paragraph (as the old tree walk gave)."""

    def __init__(self, paragraph: tuple[str, str], text: _Text):
        super().__init__()
        self.paragraph, self.text = paragraph, text
        self.depth = 0
        self.events = 0
        self.started = False

    def startElementNS(self, name, qname, attrs):
        self.events += 1
        if name == self.paragraph:
            if self.started:
                self.text.add("\n")
            self.started = True
            self.depth += 1

    def endElementNS(self, name, qname):
        self.events += 1
        if name == self.paragraph:
            self.depth -= 1

    def characters(self, content):
        self.events += 1
        if self.depth:
            self.text.add(content)


def _read_xml(stream, member: str, paragraph: tuple[str, str], text: _Text, *, token_limit: int) -> None:
    """Feed the zip member to expat a chunk at a time. defusedxml refuses DTDs, entities and
    external references (billion laughs, XXE). Expat holds a whole tag, attribute or comment
    before it reports it: when more than ``token_limit`` bytes go in with nothing coming out,
    one token is larger than any real document has, and reading stops."""
    handler = _Paragraphs(paragraph, text)
    parser = DefusedExpatParser(forbid_dtd=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    silent = 0
    with zipfile.ZipFile(stream) as archive, archive.open(member) as xml:
        while chunk := xml.read(CHUNK):
            before = handler.events
            parser.feed(chunk)
            silent = silent + len(chunk) if handler.events == before else 0
            if silent > token_limit:
                raise BudgetSpent
            text.check_time()
    parser.close()


def _read_pdf(stream, text: _Text, *, stream_limit: int) -> bool:
    """Page by page; a page pypdf cannot read is skipped (and the text marked incomplete).
    pypdf's own caps on decoded streams are lowered to the memory budget."""
    from pypdf import PdfReader, apply_configuration

    # Only what decompression produces: a stream's raw bytes are bounded by the file's size,
    # and images are not decoded to extract text.
    caps = {name: stream_limit for name in (
        "array_based_stream_maximum_output_length", "jbig2_maximum_output_length", "lzw_maximum_output_length",
        "run_length_maximum_output_length", "zlib_maximum_output_length", "brotli_maximum_output_length")}
    caps["stream_decoding_work_maximum_length"] = 2 * stream_limit
    complete = True
    with apply_configuration(**caps):
        pages = PdfReader(stream).pages
        try:
            for number, page in enumerate(pages):
                if number:
                    text.check_time()
                    text.add("\n")
                try:
                    page_text = page.extract_text() or ""
                except BudgetSpent:
                    raise
                except Exception:
                    log.warning("Could not extract text from page %d of a PDF", number + 1, exc_info=True)
                    complete = False
                    continue
                text.add(page_text)
        except BudgetSpent:
            return False
    return complete


def _read_plain(stream, text: _Text, *, decode) -> None:
    """At most four bytes a character are needed for the budget's characters: read no more."""
    head = stream.read(text.max_chars * 4 + 4)
    whole = not stream.read(1)
    decoded = decode(head, whole)
    del head
    for start in range(0, len(decoded), CHUNK):  # the control-character filter copies what it is given
        text.add(decoded[start:start + CHUNK])
    if not whole:
        raise BudgetSpent


def _decode_head(head: bytes, whole: bool) -> str:
    """Decode as the upload check did; a head cut inside a character decodes up to it."""
    if whole or head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        return decode_text(head if whole else head[:len(head) // 2 * 2])
    encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return head.decode("cp1252", "replace")


def _strip_rtf(source: str) -> str:
    """Crude but safe: drop groups of destinations, control words and braces."""
    text = re.sub(r"\{\\\*[^{}]*\}", "", source)
    text = re.sub(r"\\'([0-9a-fA-F]{2})", lambda m: bytes.fromhex(m.group(1)).decode("cp1252", "replace"), text)
    text = re.sub(r"\\par[d]?\b ?", "\n", text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", text)
    return re.sub(r"[{}\\]", "", text).strip()
