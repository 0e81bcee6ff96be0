""".docx and .epub readers (stdlib zipfile + ElementTree) through the ingest's read/chunk path."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from warp_report.corpus.files import _Skip
from warp_report.corpus.lexical import LexicalIndex, lexical_path
from warp_report.corpus.phased import index_folder
from warp_report.corpus.readers import chunk_document, read_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def _para(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def make_docx(title: str | None = "Quarterly report") -> bytes:
    body = (
        _para("Revenue", "Heading1")
        + _para("Sales of 茶 grew by 12% in the third quarter.")
        + '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Table cell about logistics</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        + "<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t></w:r></w:p>"
    )
    files = {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
    }
    if title:
        files["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>'
        )
    return _zip(files)


def make_epub() -> bytes:
    opf = """<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
      <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>A Book of Rivers</dc:title></metadata>
      <manifest>
        <item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
        <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
        <item id="css" href="style.css" media-type="text/css"/>
      </manifest>
      <spine><itemref idref="c1"/><itemref idref="c2"/></spine>
    </package>"""
    container = """<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
      <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
    </container>"""
    return _zip({
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": container,
        "OEBPS/content.opf": opf,
        "OEBPS/text/ch1.xhtml": ('<html><body><h1>The Nile</h1><p>The Nile <em>floods</em> every summer, '
                                 'as <a href="ch2.xhtml">the next chapter</a> says of <strong>another</strong> river.</p></body></html>'),
        "OEBPS/text/ch2.xhtml": "<html><body><h1>长江</h1><p>长江是中国最长的河流。</p></body></html>",
        "OEBPS/style.css": "p {}",
    })


def test_docx_paragraphs_headings_tables_and_title(tmp_path):
    doc = read_document(Path("r.docx"), make_docx())
    assert doc.title == "Quarterly report" and doc.kind == "docx"
    text = doc.sections[0].text
    assert "# Revenue" in text and "Sales of 茶 grew by 12%" in text
    assert "Table cell about logistics" in text and "Line one\nline two" in text
    assert read_document(Path("r.docx"), make_docx(title=None)).title == "Revenue"  # first heading
    assert chunk_document(doc)


def test_epub_chapters_in_spine_order_with_locators():
    doc = read_document(Path("b.epub"), make_epub())
    assert doc.title == "A Book of Rivers"
    assert [s.meta["chapter"] for s in doc.sections] == [1, 2]
    assert "The Nile" in doc.sections[0].text and "长江是中国最长的河流" in doc.sections[1].text
    chunks = chunk_document(doc)
    assert chunks[1][1]["part"] == "OEBPS/text/ch2.xhtml"
    # Passages are prose: no heading marks, emphasis or link targets from the chapter's HTML.
    assert chunks[0][0] == "The Nile\nThe Nile floods every summer, as the next chapter says of another river."
    assert [meta["section"] for _, meta in chunks] == ["The Nile", "长江"]


def test_docx_passages_have_no_heading_marks_and_sit_under_their_heading():
    chunks = chunk_document(read_document(Path("r.docx"), make_docx()))
    assert chunks[0][0].startswith("Revenue\nSales of 茶 grew by 12%")
    assert "#" not in " ".join(text for text, _ in chunks)
    assert chunks[0][1]["section"] == "Revenue"


@pytest.mark.parametrize("name", ["x.docx", "x.epub"])
def test_broken_archives_are_skipped_with_a_reason(name):
    with pytest.raises(_Skip, match="not a"):
        read_document(Path(name), b"plain text, not a zip")
    with pytest.raises(_Skip):
        read_document(Path(name), _zip({"other.xml": "<a/>"}))


def test_zip_bomb_is_refused_without_inflating(monkeypatch):
    from warp_report.corpus import office

    monkeypatch.setattr(office, "MAX_UNCOMPRESSED", 1000)
    big = _zip({"word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{_para("a" * 5000)}</w:body></w:document>'})
    with pytest.raises(_Skip, match="expands to more than"):
        read_document(Path("bomb.docx"), big)


def test_docx_and_epub_are_ingested_and_searchable(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "report.docx").write_bytes(make_docx())
    (root / "rivers.epub").write_bytes(make_epub())
    index = LexicalIndex(lexical_path(tmp_path / "data", "office-docs"))
    report = index_folder(root, index, "office-docs")
    assert sorted(report.added) == ["report.docx", "rivers.epub"] and report.unsupported == {}
    assert index.search("logistics", 3)[0].cid.startswith("report.docx::")
    assert index.search("长江", 3)[0].meta["chapter"] == 2
