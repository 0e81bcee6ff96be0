"""A dependency-free keyword retriever over a folder of text files.

Used when no embedding index is wanted (tests, tiny corpora); the Chroma-backed corpus
search has the same interface.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter
from pathlib import Path

from warp_report.state.passage import Hit

_WORD = re.compile(r"[\w\u4e00-\u9fff]+", re.UNICODE)
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".rst"}


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(text.casefold()):
        # CJK has no spaces: single characters are the useful unit for overlap.
        if re.search(r"[\u4e00-\u9fff]", word):
            out.extend(ch for ch in word)
        else:
            out.append(word)
    return out


def split_paragraphs(text: str, max_chars: int = 1000) -> list[str]:
    chunks: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        if current and len(current) + len(para) > max_chars:
            chunks.append(current)
            current = ""
        current = f"{current}\n\n{para}" if current else para
    if current:
        chunks.append(current)
    return chunks


class KeywordIndex:
    """BM25 over chunks held in memory."""

    def __init__(self, chunks: list[Hit]):
        self.chunks = chunks
        self.docs = [Counter(tokens(c.text)) for c in chunks]
        self.avg = sum(sum(d.values()) for d in self.docs) / max(len(self.docs), 1)
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def top(self, query: str, k: int) -> list[Hit]:
        q = tokens(query)
        scored = []
        for i, d in enumerate(self.docs):
            length = sum(d.values()) or 1
            s = sum(
                self.idf.get(t, 0.0) * d[t] * 2.2 / (d[t] + 1.2 * (0.25 + 0.75 * length / (self.avg or 1)))
                for t in q
                if t in d
            )
            if s > 0:
                scored.append((s, i))
        scored.sort(key=lambda x: -x[0])
        return [self.chunks[i].model_copy(update={"score": s}) for s, i in scored[:k]]


class KeywordCorpusSearch:
    name = "local"

    def __init__(self, root: str | Path):
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {root}")
        chunks: list[Hit] = []
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() not in TEXT_SUFFIXES or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            title = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.strip()), path.stem)
            for n, chunk in enumerate(split_paragraphs(text)):
                chunks.append(Hit(text=chunk, source=str(path), title=title, metadata={"chunk": n}))
        self.index = KeywordIndex(chunks)

    async def search(self, query: str, k: int) -> list[Hit]:
        return await asyncio.to_thread(self.index.top, query, k)
