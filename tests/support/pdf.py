"""Typeset PDFs for tests: lines of Courier placed where a test says, as a book or a man page sets them.

Courier's letters are all 0.6 em wide, so a test knows where a line ends; a line given a width is
stretched to it (horizontal scaling), as a justified line reaches the right margin.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = 10.0
    width: float | None = None  # stretch the line to end at x + width
    #: Set the words apart by moving the pen, with no space character between them (as groff's
    #: justified man pages are set): thousandths of the type size.
    kerned: int | None = None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _stream(lines: list[Text]) -> bytes:
    ops = []
    for line in lines:
        natural = 0.6 * line.size * len(line.text)
        scale = 100.0 * line.width / natural if line.width and natural else 100.0
        if line.kerned:
            shown = "[" + f" {-line.kerned} ".join(f"({_escape(w)})" for w in line.text.split(" ")) + "] TJ"
        else:
            shown = f"({_escape(line.text)}) Tj"
        ops.append(f"BT /F1 {line.size:g} Tf {scale:.3f} Tz 1 0 0 1 {line.x:g} {line.y:g} Tm {shown} ET")
    return "\n".join(ops).encode("latin-1")


def build_pdf(pages: list[list[Text]], title: str | None = None, size: tuple[int, int] = (612, 792)) -> bytes:
    """A PDF of ``pages``, each a list of placed lines; ``title`` goes in its metadata."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3
    first_page_id = 4
    kids = " ".join(f"{first_page_id + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        content_id = first_page_id + 2 * i + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode())
        data = _stream(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    info_id = None
    if title is not None:
        objects.append(f"<< /Title ({_escape(title)}) >>".encode("latin-1"))
        info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    info = f" /Info {info_id} 0 R" if info_id else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
