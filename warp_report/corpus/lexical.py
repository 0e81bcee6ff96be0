"""A persistent, incremental lexical (BM25) index of a corpus, in SQLite FTS5.

Why FTS5 (measured on 2 cores, 15,429 chunks of Python's reST docs, see notes/lexical.md):
it inserts ~15k chunks/s, answers a BM25 query in ~2 ms, replaces one file's passages in a
single transaction (incremental, crash-safe), needs nothing beyond the standard library and
persists in one file. bm25s ranks as fast but rebuilds its whole index on any change;
Chroma's ``$contains`` is an unranked substring filter and its writes cost an HNSW update.

Chinese, Japanese and Korean have no spaces between words, and FTS5's ``unicode61`` tokenizer
would index a whole CJK run as one token. Runs of CJK characters are therefore rewritten
to overlapping character bigrams (``中文检索`` -> ``中文 文检 检索``) before indexing and in
queries, the classic segmentation-free approach (no dictionary to ship, no segmenter to
install). Latin text goes through ``porter unicode61`` (stemming, diacritics folded).

One SQLite file per collection (``<data_dir>/lexical/<collection>.sqlite``). It is also the
manifest of the two-phase ingest: ``files`` says which file versions are in the index,
``chunks.embedded`` which passages already have their dense vector in Chroma, and ``pending``
which files' vectors must be deleted from Chroma before new ones are written.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_TERM = re.compile(rf"[{_CJK}]{{1,2}}|[^\W_]+", re.UNICODE)

# Words that match nearly every passage: an OR query over them scans the whole index for no
# ranking benefit (BM25 gives them ~0 weight anyway). Dropped from queries only, never from
# the index, so a quoted phrase search can still be added later.
_STOP = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "then", "there", "these", "this", "to", "was", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your"]
)
_MAX_TERMS = 32


#: How long opening an index waits for another process that is switching the same new file to WAL.
_WAL_WAIT_S = 30.0


def _wal(db: sqlite3.Connection, path: Path) -> None:
    """Put ``db`` in WAL mode. SQLite answers "database is locked" at once, without its busy
    handler, when another connection holds the file while the mode changes: two runs (two
    server workers) opening the same new index at the same moment. The mode is kept in the file,
    so the loser's retry finds it already set."""
    deadline = time.monotonic() + _WAL_WAIT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError(f"lexical index {path} stayed locked for {_WAL_WAIT_S:.0f} s: {exc}") from None
            time.sleep(0.05)


def cjk_bigrams(text: str) -> str:
    """``text`` with every CJK run replaced by its space-separated character bigrams."""

    def expand(m: re.Match[str]) -> str:
        run = m.group(0)
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return _CJK_RUN.sub(expand, text)


def query_terms(query: str) -> list[str]:
    """The terms a query is matched on: words (stop words dropped unless nothing else is left)
    and CJK bigrams, lower-cased, de-duplicated, in order."""
    terms = [t for t in _TERM.findall(cjk_bigrams(query).casefold())]
    kept = [t for t in terms if t not in _STOP] or terms
    return list(dict.fromkeys(kept))[:_MAX_TERMS]


def match_expression(query: str) -> str:
    """FTS5 MATCH expression: any term (OR), each quoted so no word is read as an operator."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in query_terms(query))


@dataclass
class LexicalHit:
    cid: str  # chunk id, the same as the Chroma id: ``<relative path>::<chunk number>``
    text: str
    meta: dict[str, Any]
    score: float  # BM25, higher is better
    rank: int  # 1-based


@dataclass
class ChunkRow:
    rowid: int
    cid: str
    text: str
    meta: dict[str, Any]


_DDL = """
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, pipeline TEXT NOT NULL, n_chunks INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks(
    id INTEGER PRIMARY KEY, cid TEXT NOT NULL UNIQUE, path TEXT NOT NULL, text TEXT NOT NULL,
    meta TEXT NOT NULL, embedded INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS chunks_path ON chunks(path);
CREATE INDEX IF NOT EXISTS chunks_todo ON chunks(id) WHERE embedded = 0;
CREATE INDEX IF NOT EXISTS chunks_done ON chunks(id) WHERE embedded = 1;
CREATE TABLE IF NOT EXISTS pending(path TEXT PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, body, tokenize = 'porter unicode61 remove_diacritics 2');
"""
_TOKENIZER = "porter unicode61 remove_diacritics 2"


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]")


def lexical_path(data_dir: str | os.PathLike[str], collection: str) -> Path:
    """Where the lexical index of ``collection`` lives under the data dir. Names follow
    Chroma's rule (so both stores accept the same names and none escapes the folder)."""
    if not _NAME.fullmatch(collection) or ".." in collection:
        raise ValueError(f"invalid collection name {collection!r}: 3-512 of [A-Za-z0-9._-], starting and ending with a letter or digit")
    return Path(data_dir).expanduser() / "lexical" / f"{collection}.sqlite"


class LexicalIndex:
    """BM25 over one collection's passages; add/replace/delete per file, in transactions.

    Safe to share between threads (one connection, one lock): searches are ~ms, so
    serialising them costs nothing next to the model calls of a run.
    """

    #: BM25 column weights (title, body): a passage of the page whose title names the query
    #: is more likely the page the user means.
    WEIGHTS = (2.0, 1.0)

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._n, self._n_at = 0, float("-inf")
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=10000")
        # WAL: readers (a run's searches) never wait for an ingest's write transaction.
        _wal(self._db, self.path)
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._tx():
            for statement in _DDL.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            got = self._db.execute("SELECT value FROM info WHERE key='schema'").fetchone()
            if got is None:
                self._db.execute("INSERT INTO info VALUES('schema', ?)", (str(SCHEMA_VERSION),))
            elif got[0] != str(SCHEMA_VERSION):
                raise ValueError(f"lexical index {self.path} has schema {got[0]}, expected {SCHEMA_VERSION}: delete it and ingest again")

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str], collection: str) -> LexicalIndex:
        return cls(lexical_path(data_dir, collection))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ transactions

    class _Tx:
        def __init__(self, index: LexicalIndex) -> None:
            self.index = index

        def __enter__(self) -> sqlite3.Connection:
            self.index._lock.acquire()
            self.index._db.execute("BEGIN IMMEDIATE")
            return self.index._db

        def __exit__(self, exc_type: Any, *_: object) -> None:
            try:
                # KeyboardInterrupt included: a half-written file is rolled back, never committed.
                self.index._db.execute("ROLLBACK" if exc_type else "COMMIT")
            finally:
                self.index._lock.release()

    def _tx(self) -> LexicalIndex._Tx:
        return LexicalIndex._Tx(self)

    # ------------------------------------------------------------------ writing

    def manifest(self) -> dict[str, str]:
        """relative path -> ``"<sha256> <pipeline>"`` of every file in the index."""
        with self._lock:
            return {p: f"{s} {pl}" for p, s, pl in self._db.execute("SELECT path, sha256, pipeline FROM files")}

    def replace_file(self, path: str, sha256: str, pipeline: str, title: str,
                     chunks: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Make ``chunks`` (chunk id, text, metadata) the passages of ``path``, atomically.
        The file's old vectors (if any) become owed deletions for the dense phase."""
        with self._tx() as db:
            self._drop(db, path)
            db.execute("INSERT INTO files VALUES(?,?,?,?)", (path, sha256, pipeline, len(chunks)))
            ftitle = cjk_bigrams(title)
            for cid, text, meta in chunks:
                cur = db.execute("INSERT INTO chunks(cid, path, text, meta) VALUES(?,?,?,?)",
                                 (cid, path, text, json.dumps(meta, ensure_ascii=False)))
                db.execute("INSERT INTO fts(rowid, title, body) VALUES(?,?,?)", (cur.lastrowid, ftitle, cjk_bigrams(text)))

    def delete_file(self, path: str) -> None:
        with self._tx() as db:
            self._drop(db, path)

    def _drop(self, db: sqlite3.Connection, path: str) -> None:
        had = db.execute("SELECT count(*) FROM chunks WHERE path=? AND embedded=1", (path,)).fetchone()[0]
        db.execute("DELETE FROM fts WHERE rowid IN (SELECT id FROM chunks WHERE path=?)", (path,))
        db.execute("DELETE FROM chunks WHERE path=?", (path,))
        db.execute("DELETE FROM files WHERE path=?", (path,))
        if had:
            db.execute("INSERT OR IGNORE INTO pending VALUES(?)", (path,))

    def add_pending(self, paths: Iterable[str]) -> None:
        with self._tx() as db:
            db.executemany("INSERT OR IGNORE INTO pending VALUES(?)", [(p,) for p in paths])

    # ------------------------------------------------------------------ dense bookkeeping

    def info(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO info VALUES(?,?)", (key, value))

    def pending_deletes(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT path FROM pending ORDER BY path")]

    def clear_pending(self, paths: Iterable[str]) -> None:
        with self._tx() as db:
            db.executemany("DELETE FROM pending WHERE path=?", [(p,) for p in paths])

    def unembedded(self, limit: int, after: int = 0) -> list[ChunkRow]:
        """Passages still without a dense vector, in ingest order (rowid > ``after``)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, cid, text, meta FROM chunks WHERE embedded=0 AND id>? ORDER BY id LIMIT ?", (after, limit)
            ).fetchall()
        return [ChunkRow(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def mark_embedded(self, rowids: Iterable[int]) -> None:
        with self._tx() as db:
            db.executemany("UPDATE chunks SET embedded=1 WHERE id=?", [(i,) for i in rowids])

    def mark_file_embedded(self, path: str, sha256: str) -> bool:
        """Adopt vectors an earlier (dense-only) ingest wrote for this exact file version."""
        with self._tx() as db:
            ok = db.execute("SELECT 1 FROM files WHERE path=? AND sha256=?", (path, sha256)).fetchone()
            if ok:
                db.execute("UPDATE chunks SET embedded=1 WHERE path=?", (path,))
            return bool(ok)

    def embedded_current(self, cids: Iterable[str]) -> set[str]:
        """Those of ``cids`` whose vector in Chroma belongs to the passage indexed now (a stale
        vector of a replaced file has the same id but ``embedded`` is 0 until re-embedded)."""
        cids = list(cids)
        if not cids:
            return set()
        with self._lock:
            marks = ",".join("?" * len(cids))
            return {r[0] for r in self._db.execute(f"SELECT cid FROM chunks WHERE embedded=1 AND cid IN ({marks})", cids)}

    def has_embedded(self) -> bool:
        """Whether any passage has its vector (per search: must not scan the table)."""
        with self._lock:
            return bool(self._db.execute("SELECT EXISTS(SELECT 1 FROM chunks INDEXED BY chunks_done WHERE embedded=1)").fetchone()[0])

    def counts(self) -> dict[str, int]:
        with self._lock:
            files = self._db.execute("SELECT count(*) FROM files").fetchone()[0]
            chunks, embedded = self._db.execute("SELECT count(*), coalesce(sum(embedded),0) FROM chunks").fetchone()
        return {"files": files, "chunks": chunks, "embedded": int(embedded)}

    # ------------------------------------------------------------------ searching

    #: Query terms found in more than this share of passages are dropped when rarer ones are
    #: left: BM25 gives them little weight, yet scoring their long posting lists is most of a
    #: query's time (measured: p50 halves at 15k chunks).
    COMMON_SHARE = 0.1

    def _prepare_query_tables(self) -> None:
        # A scratch FTS5 table with the same tokenizer tells which indexed term (stem, bigram)
        # each query word becomes; fts5vocab then gives that term's document frequency.
        self._db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.qtok USING fts5(x, tokenize = '{_TOKENIZER}')")
        self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.qtok_terms USING fts5vocab(temp, qtok, 'instance')")
        self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_df USING fts5vocab(main, fts, 'row')")
        self._query_tables = True

    def _selective_terms(self, terms: list[str]) -> list[str]:
        if len(terms) < 2:
            return terms
        if not getattr(self, "_query_tables", False):
            self._prepare_query_tables()
        now = time.monotonic()
        if now - self._n_at > 30:  # an ingest in another process may have grown the index
            self._n = self._db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            self._n_at = now
        self._db.execute("DELETE FROM temp.qtok")
        self._db.executemany("INSERT INTO temp.qtok(rowid, x) VALUES(?,?)", list(enumerate(terms)))
        indexed = {doc: term for term, doc in self._db.execute("SELECT term, doc FROM temp.qtok_terms")}
        keep = []
        for i, term in enumerate(terms):
            got = self._db.execute("SELECT doc FROM temp.fts_df WHERE term=?", (indexed.get(i, ""),)).fetchone()
            if got and got[0] <= self.COMMON_SHARE * self._n:
                keep.append(term)
        return keep or terms

    def search(self, query: str, k: int) -> list[LexicalHit]:
        """Best ``k`` passages by BM25 (any query term may match; more and rarer terms rank higher)."""
        terms = query_terms(query)
        if not terms or k <= 0:
            return []
        w_title, w_body = self.WEIGHTS
        # Rank inside FTS5 first, then fetch only the k winners' texts (a join before the
        # LIMIT would read the text of every matching passage).
        sql = (
            f"SELECT c.cid, c.text, c.meta, h.s FROM (SELECT rowid, bm25(fts, {w_title}, {w_body}) AS s FROM fts "
            "WHERE fts MATCH ? ORDER BY s LIMIT ?) AS h JOIN chunks c ON c.id = h.rowid ORDER BY h.s"
        )
        with self._lock:
            expr = " OR ".join('"' + t.replace('"', '""') + '"' for t in self._selective_terms(terms))
            rows = self._db.execute(sql, (expr, k)).fetchall()
        # FTS5's bm25() is negative (lower is better); flip it so scores read like similarities.
        return [LexicalHit(cid, text, json.loads(meta), -float(s), rank) for rank, (cid, text, meta, s) in enumerate(rows, 1)]
