"""Lexical index (SQLite FTS5, CJK bigrams) and the lexical phase of the two-phase ingest.
No model, no Chroma: everything here runs in milliseconds."""

from __future__ import annotations

import sqlite3

import pytest

from warp_report.corpus import lexical
from warp_report.corpus.lexical import (
    LexicalIndex,
    cjk_bigrams,
    lexical_path,
    query_terms,
)
from warp_report.corpus.phased import index_folder
from warp_report.search.hybrid import HybridCorpusSearch


def test_cjk_runs_become_bigrams_and_latin_words_stay():
    assert cjk_bigrams("长城历史") == " 长城 城历 历史 "
    assert query_terms("The history of 长城 and Rust") == ["history", "长城", "rust"]
    assert query_terms("中文检索") == ["中文", "文检", "检索"]
    assert query_terms("the of") == ["the", "of"]  # only stop words: keep them rather than nothing


def _index(tmp_path) -> LexicalIndex:
    return LexicalIndex(lexical_path(tmp_path, "unit-test"))


def _rows(path: str, *texts: str):
    return [(f"{path}::{i}", t, {"path": path, "chunk": i, "title": path}) for i, t in enumerate(texts)]


def test_search_ranks_by_bm25_and_finds_chinese(tmp_path):
    idx = _index(tmp_path)
    idx.replace_file("wall.md", "s1", "p", "长城", _rows("wall.md", "长城是中国古代修建的军事防御工程，最早修建于春秋战国时期。"))
    idx.replace_file("bees.md", "s2", "p", "Bees", _rows("bees.md", "Honeybees dance to show where flowers are.", "Bees make honey from nectar."))
    idx.replace_file("tea.md", "s3", "p", "Tea", _rows("tea.md", "Tea was first drunk in China; 茶 came to Europe later."))
    hits = idx.search("长城什么时候修建的", 5)
    assert hits[0].cid == "wall.md::0"
    assert all(h.cid != "bees.md::0" for h in hits)
    bees = idx.search("where do bees dance", 5)
    assert bees[0].cid == "bees.md::0" and bees[0].score > 0 and bees[0].rank == 1
    assert [h.rank for h in bees] == list(range(1, len(bees) + 1))
    assert idx.search("dancing", 3)[0].cid == "bees.md::0"  # porter stemming: dancing ~ dance
    assert idx.search("zzzz qqqq", 5) == []


def test_replace_and_delete_are_per_file_and_record_owed_vector_deletions(tmp_path):
    idx = _index(tmp_path)
    idx.replace_file("a.md", "v1", "p", "A", _rows("a.md", "the old volcano text", "more lava"))
    assert idx.search("volcano", 5)[0].cid == "a.md::0"
    assert idx.pending_deletes() == []  # nothing was embedded: no vector to delete
    assert not idx.has_embedded()
    idx.mark_embedded(r.rowid for r in idx.unembedded(10))
    assert idx.has_embedded()
    assert idx.counts() == {"files": 1, "chunks": 2, "embedded": 2}
    idx.replace_file("a.md", "v2", "p", "A", _rows("a.md", "a new glacier text"))
    assert idx.search("volcano", 5) == []
    assert [h.cid for h in idx.search("glacier", 5)] == ["a.md::0"]
    assert idx.manifest() == {"a.md": "v2 p"}
    assert idx.counts() == {"files": 1, "chunks": 1, "embedded": 0}
    assert idx.pending_deletes() == ["a.md"]  # its old vectors must go before new ones come
    assert idx.embedded_current(["a.md::0"]) == set()  # the stale vector's id no longer counts
    idx.delete_file("a.md")
    assert idx.search("glacier", 5) == [] and idx.manifest() == {}


def test_a_failed_file_write_leaves_the_previous_version(tmp_path):
    idx = _index(tmp_path)
    idx.replace_file("a.md", "v1", "p", "A", _rows("a.md", "original passage about comets"))
    bad = _rows("a.md", "new passage about asteroids") + [("a.md::0", "duplicate id", {})]
    with pytest.raises(sqlite3.IntegrityError):
        idx.replace_file("a.md", "v2", "p", "A", bad)
    assert idx.manifest() == {"a.md": "v1 p"}
    assert [h.cid for h in idx.search("comets", 5)] == ["a.md::0"]
    assert idx.search("asteroids", 5) == []


def test_common_terms_are_dropped_only_when_rarer_ones_remain(tmp_path):
    idx = _index(tmp_path)
    for i in range(30):
        idx.replace_file(f"f{i}.md", str(i), "p", "F", _rows(f"f{i}.md", f"python module number {i}"))
    idx.replace_file("x.md", "x", "p", "X", _rows("x.md", "python module about zeppelins"))
    assert idx._selective_terms(["python", "zeppelins"]) == ["zeppelins"]
    assert idx._selective_terms(["python", "module"]) == ["python", "module"]
    assert idx.search("python zeppelins", 3)[0].cid == "x.md::0"


def _write(root, name, text):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_index_folder_is_incremental_and_searchable_without_embeddings(tmp_path):
    root = tmp_path / "docs"
    _write(root, "bees.md", "# Bees\n\nHoneybees perform a waggle dance to share where flowers are.\n")
    _write(root, "wall.md", "# 长城\n\n长城是中国古代修建的军事防御工程。\n")
    _write(root, "sub/tea.txt", "Tea spread along the silk road.\n")
    data = tmp_path / "data"
    idx = LexicalIndex(lexical_path(data, "docs-test"))
    first = index_folder(root, idx, "docs-test")
    assert sorted(first.added) == ["bees.md", "sub/tea.txt", "wall.md"]
    assert first.chunks_total == 3 and first.not_embedded == 3 and first.lexical_rate > 0

    search = HybridCorpusSearch("docs-test", data, None)  # no Chroma at all
    hits = search.search_sync("waggle dance", 5)
    assert hits[0].metadata["path"] == "bees.md" and hits[0].metadata["found_by"] == "lexical"
    assert hits[0].title == "Bees" and hits[0].source.endswith("bees.md")
    assert search.search_sync("长城", 5)[0].metadata["path"] == "wall.md"

    again = index_folder(root, idx, "docs-test")
    assert (again.unchanged, again.added, again.updated, again.chunks_added) == (3, [], [], 0)

    _write(root, "bees.md", "# Bees\n\nBumblebees buzz-pollinate tomatoes.\n")
    (root / "sub/tea.txt").unlink()
    third = index_folder(root, idx, "docs-test")
    assert third.updated == ["bees.md"] and third.removed == ["sub/tea.txt"] and third.unchanged == 1
    assert search.search_sync("waggle", 5) == []
    assert search.search_sync("tomatoes", 5)[0].metadata["path"] == "bees.md"
    assert search.search_sync("silk road", 5) == []
    search.close()


def test_ctrl_c_in_the_lexical_phase_keeps_whole_files_and_resumes(tmp_path):
    root = tmp_path / "docs"
    for i in range(4):
        _write(root, f"f{i}.md", f"# F{i}\n\nfile number {i} talks about topic{i}.\n")
    idx = LexicalIndex(lexical_path(tmp_path / "data", "ctrl-c"))

    def interrupt(phase, done, total, label):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_folder(root, idx, "ctrl-c", interrupt)
    assert sorted(idx.manifest()) == ["f0.md", "f1.md"]  # f2 was in flight: not half there
    assert idx.search("topic2", 5) == []
    resumed = index_folder(root, idx, "ctrl-c")
    assert sorted(resumed.added) == ["f2.md", "f3.md"] and resumed.unchanged == 2
    assert idx.counts()["chunks"] == 4


def test_collection_names_cannot_escape_the_data_dir(tmp_path):
    with pytest.raises(ValueError):
        lexical_path(tmp_path, "../evil")
    with pytest.raises(ValueError):
        lexical_path(tmp_path, "a/b")


class _Switching:
    """A connection whose WAL switch meets another process switching the same new file: SQLite's
    immediate "database is locked" (no busy handler) ``locked`` times, then success."""

    def __init__(self, locked: int, error: str = "database is locked") -> None:
        self.locked, self.error, self.calls = locked, error, 0

    def execute(self, sql: str) -> None:
        assert sql == "PRAGMA journal_mode=WAL"
        self.calls += 1
        if self.calls <= self.locked:
            raise sqlite3.OperationalError(self.error)


def test_opening_a_new_index_waits_while_another_process_switches_it_to_wal(tmp_path, monkeypatch):
    db = _Switching(locked=3)
    lexical._wal(db, tmp_path / "x.sqlite")  # the CI failure: the second of two workers gave up at once
    assert db.calls == 4
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        lexical._wal(_Switching(locked=1, error="disk I/O error"), tmp_path / "x.sqlite")  # not a lock: no retry
    monkeypatch.setattr(lexical, "_WAL_WAIT_S", 0.1)
    with pytest.raises(sqlite3.OperationalError, match=r"x\.sqlite stayed locked"):
        lexical._wal(_Switching(locked=10**6), tmp_path / "x.sqlite")
