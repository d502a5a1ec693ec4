"""Small real documents for tests and benchmarks, built in memory."""
from __future__ import annotations

import io
import zipfile


def pdf(text: str = "Recruitment fees must end") -> bytes:
    """A one-page PDF whose text pypdf can extract."""
    return paper([[text]])


def paper(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines (a position paper of many pages for benchmarks)."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font]
    kids = []
    for lines in pages:
        shown = " ".join("(%s) '" % line.translate({ord(c): None for c in "()\\"}) for line in lines)
        stream = f"BT /F1 10 Tf 50 780 Td 12 TL {shown} ET".encode("latin-1", "replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


DOCX_HEAD = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             "<w:body>")
DOCX_TAIL = "</w:body></w:document>"


def docx(text: str = "Decent work for all") -> bytes:
    return docx_paragraphs([text])


def docx_paragraphs(paragraphs: list[str]) -> bytes:
    """A DOCX with one paragraph per string."""
    return docx_from_xml(DOCX_HEAD + "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs) + DOCX_TAIL)


def docx_from_xml(document_xml: str | bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", document_xml)
    return out.getvalue()


def docx_expanding(megabytes: float, first: str = "Kafala sponsorship must end.", cycle: int = 45) -> bytes:
    """A well-formed DOCX whose document.xml expands to about ``megabytes`` MB of varied
    paragraphs (the decompression-cost finding: 0.9 MB that became 99.6 MB), ``first`` first."""
    words = ("migrant workers recruitment fees remittances wages housing contracts passports "
             "unions employers embassies agencies complaints courts").split()
    paragraphs = [f"<w:p><w:r><w:t>{first}</w:t></w:r></w:p>"]
    size, n = 0, 0
    target = int(megabytes * 1024 * 1024)
    while size < target:
        n += 1
        # A cycle of 45 numbers makes it compress about a hundred times, as the finding's did;
        # 1,000 about thirty times.
        text = " ".join(words[(n * 7 + i * i) % len(words)] for i in range(12)) + f" {n % cycle}."
        paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        paragraphs.append(paragraph)
        size += len(paragraph)
    return docx_from_xml(DOCX_HEAD + "".join(paragraphs) + DOCX_TAIL)


def odt(text: str = "Portabilité des droits") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                   f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>")
    return out.getvalue()


def docx_bomb() -> bytes:
    """A DOCX-shaped zip whose document expands to 200 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                entry.write(chunk)
    return out.getvalue()
