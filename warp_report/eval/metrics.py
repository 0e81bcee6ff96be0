"""Metric families: citations, support, structure, protocol health, language, coverage."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np

from warp_report.corpus.embeddings import Embedder
from warp_report.eval.report import ParsedReport
from warp_report.eval.text import (
    citations_in,
    count_words,
    distribution,
    lexical_support,
    split_sentences,
    strip_citations,
    token_recall,
    tokens,
)
from warp_report.protocol.language import cjk_share, language_error
from warp_report.protocol.markers import CITATION, CJK


def default_embedder() -> Embedder:
    """The evidence layer's embedder (multilingual-e5-small, offline), shared by the process."""
    from warp_report.corpus.embeddings import get_embedder

    return get_embedder()


def _unit(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return m / np.where(norms == 0, 1.0, norms)


# --------------------------------------------------------------------------------------------
# Metric families


def citation_metrics(rep: ParsedReport, evidence: dict[str, Any]) -> dict[str, Any]:
    body = rep.body
    cited = citations_in(body)
    words = count_words(body)
    resolved = [n for n in cited if str(n) in evidence]
    cited_set = set(cited)
    paragraphs = [p for _, p in rep.paragraphs()]
    with_cite = sum(1 for p in paragraphs if CITATION.search(p))
    return {
        "markers": len(cited),
        "distinct": len(cited_set),
        "resolved_share": (len(resolved) / len(cited)) if cited else None,
        "unresolved": sorted({n for n in cited if str(n) not in evidence}),
        "unused_references": sorted(set(rep.references) - cited_set),
        "unlisted_citations": sorted(cited_set - set(rep.references)),
        "per_1k_words": (1000 * len(cited) / words) if words else None,
        "paragraphs": len(paragraphs),
        "paragraphs_cited_share": (with_cite / len(paragraphs)) if paragraphs else None,
    }


def support_pairs(rep: ParsedReport, evidence: dict[str, Any]) -> list[dict[str, Any]]:
    """Every (sentence, cited passage) pair whose citation resolves."""
    pairs = []
    for node, para in rep.paragraphs():
        for sentence in split_sentences(para):
            claim = re.sub(r"\s+", " ", strip_citations(sentence)).strip()
            if not claim:
                continue
            for n in dict.fromkeys(citations_in(sentence)):
                ev = evidence.get(str(n))
                if ev and str(ev.get("text", "")).strip():
                    pairs.append({"node": node.number, "n": n, "sentence": claim, "passage": str(ev["text"])})
    return pairs


def support_metrics(pairs: list[dict[str, Any]], embedder: Embedder | None, *, lexical_threshold: float,
                    embedding_threshold: float) -> dict[str, Any]:
    lexical = [lexical_support(p["sentence"], p["passage"]) for p in pairs]
    for p, s in zip(pairs, lexical, strict=False):
        p["lexical"] = s
    out: dict[str, Any] = {"pairs": len(pairs), "lexical": distribution(lexical, lexical_threshold)}
    if embedder is not None and pairs:
        q = _unit(embedder.embed_queries([p["sentence"] for p in pairs]))
        d = _unit(embedder.embed_passages([p["passage"] for p in pairs]))
        cos = [float(x) for x in np.sum(q * d, axis=1)]
        for p, c in zip(pairs, cos, strict=False):
            p["embedding"] = c
        out["embedding"] = distribution(cos, embedding_threshold)
    else:
        out["embedding"] = None if embedder is None else distribution([], embedding_threshold)
    weakest = sorted(pairs, key=lambda p: (p.get("embedding", p["lexical"]), p["lexical"]))[:3]
    out["weakest"] = [{k: (v[:160] if isinstance(v, str) else v) for k, v in p.items() if k != "passage"} for p in weakest]
    return out


def _bag_cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _most_similar_pair(vectors: np.ndarray, labels: list[str]) -> dict[str, Any] | None:
    if len(labels) < 2:
        return None
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
    a, b = sorted((int(i), int(j)))
    return {"max": float(sims[a, b]), "pair": [labels[a], labels[b]]}


def structure_metrics(rep: ParsedReport, summary: dict[str, Any], embedder: Embedder | None,
                      paragraph_vectors: dict[str, np.ndarray] | None = None) -> dict[str, Any]:
    nodes = rep.nodes
    written = [n for n in nodes if n.written]
    # words of each top-level section including its subsections
    per_section: list[int] = []
    for n in nodes:
        if n.level == 1:
            per_section.append(0)
        if per_section and n.written:
            per_section[-1] += count_words(n.text)
    words = count_words(rep.body)
    labels = [n.number or n.title for n in written]
    bags = [Counter(tokens(n.text)) for n in written]
    lexical_pair = None
    best = -1.0
    for i in range(len(bags)):
        for j in range(i + 1, len(bags)):
            s = _bag_cosine(bags[i], bags[j])
            if s > best:
                best, lexical_pair = s, {"max": s, "pair": [labels[i], labels[j]]}
    embedding_pair = None
    if embedder is not None and len(written) >= 2:
        vecs = []
        for n in written:
            paras = n.paragraphs()
            pv = paragraph_vectors.get(n.number) if paragraph_vectors else None
            if pv is None:
                pv = _unit(embedder.embed_passages([strip_citations(p) for p in paras]))
            vecs.append(pv.mean(axis=0))
        embedding_pair = _most_similar_pair(_unit(np.stack(vecs)), labels)
    return {
        "sections": sum(1 for n in nodes if n.level == 1),
        "subsections": sum(1 for n in nodes if n.level >= 2),
        "depth": max((n.level for n in nodes), default=0),
        "unwritten": sum(1 for n in nodes if not n.written and not any(
            m.number.startswith(n.number + ".") for m in nodes if n.number)),
        "extensions": summary.get("extensions"),
        "words": words,
        "words_per_section": {
            "mean": (sum(per_section) / len(per_section)) if per_section else None,
            "min": min(per_section, default=None),
            "max": max(per_section, default=None),
        },
        "words_per_part": (words / len(written)) if written else None,
        "redundancy_lexical": lexical_pair,
        "redundancy_embedding": embedding_pair,
    }


def protocol_metrics(trace: list[dict[str, Any]], summary: dict[str, Any]) -> dict[str, Any]:
    per_action: dict[str, dict[str, Any]] = {}
    for e in trace:
        a = per_action.setdefault(str(e.get("action", "?")), {"calls": 0, "valid": 0})
        a["calls"] += 1
        a["valid"] += 1 if e.get("valid") else 0
    for a in per_action.values():
        a["rate"] = a["valid"] / a["calls"] if a["calls"] else None
    errors = Counter(str(e.get("error"))[:80] for e in trace if not e.get("valid") and e.get("error"))
    calls = len(trace)
    valid = sum(1 for e in trace if e.get("valid"))
    steps = summary.get("steps")
    if steps is None and trace:
        steps = max(int(e.get("step", 0)) for e in trace)
    return {
        "calls": calls,
        "valid_rate": (valid / calls) if calls else None,
        "per_action": per_action,
        "retries": sum(1 for e in trace if int(e.get("attempt", 1)) > 1),
        "steps": steps,
        "finish_reason": summary.get("finish_reason"),
        "extensions": summary.get("extensions"),
        "llm_calls": summary.get("llm_calls"),
        "input_tokens": summary.get("input_tokens"),
        "output_tokens": summary.get("output_tokens"),
        "wall_seconds": summary.get("wall_seconds"),
        "top_errors": errors.most_common(3),
    }


def language_metrics(rep: ParsedReport, question: str | None) -> dict[str, Any]:
    if not question:
        return {"question": None, "ok": None, "error": "no question (summary.json missing)", "cjk_share": None}
    body = rep.body
    parts = [n for n in rep.nodes if n.written]
    failing = [n.number or n.title for n in parts if language_error(question, n.text)]
    error = language_error(question, body)
    return {
        "question_cjk": bool(CJK.search(question)),
        "ok": error is None,
        "error": error,
        "cjk_share": cjk_share(body),
        "parts_failing": failing,
        "parts_ok_share": (1 - len(failing) / len(parts)) if parts else None,
    }


def coverage_metrics(keypoints: list[str], rep: ParsedReport, embedder: Embedder | None, *,
                     embedding_threshold: float, lexical_threshold: float,
                     paragraph_vectors: np.ndarray | None = None) -> dict[str, Any]:
    paras = rep.paragraphs()
    labels = [n.number or n.title for n, _ in paras]
    texts = [strip_citations(p) for _, p in paras]
    rows = []
    if embedder is not None:
        method, threshold = "embedding", embedding_threshold
        if paras:
            kv = _unit(embedder.embed_queries(keypoints))
            pv = paragraph_vectors if paragraph_vectors is not None else _unit(embedder.embed_passages(texts))
            sims = kv @ pv.T
        for i, kp in enumerate(keypoints):
            if paras:
                j = int(np.argmax(sims[i]))
                rows.append({"point": kp, "score": float(sims[i, j]), "where": labels[j]})
            else:
                rows.append({"point": kp, "score": 0.0, "where": None})
    else:
        method, threshold = "lexical", lexical_threshold
        for kp in keypoints:
            scores = [token_recall(kp, t) for t in texts]
            j = int(np.argmax(scores)) if scores else -1
            rows.append({"point": kp, "score": scores[j] if scores else 0.0, "where": labels[j] if scores else None})
    for r in rows:
        r["matched"] = r["score"] >= threshold
    return {
        "method": method,
        "threshold": threshold,
        "keypoints": len(rows),
        "share": (sum(r["matched"] for r in rows) / len(rows)) if rows else None,
        "points": rows,
    }



