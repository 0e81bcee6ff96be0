"""Report quality with the embedded model: run a task set offline, one run at a time, and print
issue 10's table per run and in total.

    nice -n 10 python benchmarks/report_quality.py TASKFILE [TASKFILE...] --out DIR
        [--corpus DIR]... [--only ID,ID] [--limit K] [--timeout 900] [--model local]
        [--preset quick] [--no-run] [--rates FILE] [--no-embed] [--json FILE] [-- EXTRA run OPTIONS]

Each task runs as ``warp-report run QUESTION --preset quick --quiet --out-dir DIR/ID`` (the
embedded GGUF unless ``--model`` says otherwise), strictly one after another, each bounded by
``--timeout`` seconds; a task whose folder already holds report.md is not run again, so an
interrupted batch continues. ``--no-run`` only scores the folders that exist.

Columns (one row per run, then the total over the runs):

- done: the report has no "Incomplete report" label and an outline was planned;
- parts: parts written / parts planned (the numbered headings of report.md, plus the extension
  subsections the report says it left out because the model could not write them);
- heads: headings that fail: more than 12 words (a CJK character counts half a word), a run
  of 6 words (10 CJK characters) copied from a cited passage or from the plan of another part
  (a plan shown no later than the heading was made: a later plan repeating a title is its own fault),
  or a cut mark or markup in the heading;
- artef: written parts whose prose carries passage artefacts: cut marks ("..."), pasted headings
  (a "#" line or a reST underline inside the text), reST/HTML markup (roles, directives,
  tags, entities, pilcrows), a title echo (the text opens with its own heading as a line or label, "Title: ...", not as the subject of a sentence), or a prompt echo
  (6 words in a row from the prompt templates in warp_report/prompts);
- verb cited/corpus: share of the report's 8-word sequences (per paragraph, citations removed)
  found word for word in the cited passages (evidence.json), and in those or the corpus files the
  run searched (it saw passages it did not cite, and plans pasted from them: the corpus share is the
  one to read);
- words: prose words (CJK characters count one each);
- supp E5/lex: sentences whose cited passage supports them among all prose sentences, by
  warp_report.eval.quality's support metric: E5 cosine >= 0.82 / ROUGE-L precision >= 0.3 (E5
  alone is lenient: a heading-only passage reaches 0.85); cited: sentences with a citation;
- wall / model: the run's wall time against the model's own compute, prompt tokens / prefill
  rate + output tokens / unconstrained decode rate, with both rates measured by this script (best
  of 3) with llama_cpp on this machine before and after each run, the mean of the two used for it
  (saved in DIR/ID/task.json; DIR/rates.json is the mean of all readings, used for runs made
  without their own; ``--rates FILE`` overrides both); prompt tokens are those llama.cpp
  evaluated (summary.json's input_tokens less cached_input_tokens, the prefix reused from its cache);
- cover: key points matched by some paragraph (E5 cosine >= 0.88, lexical recall >= 0.5
  without the embedder).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report_checks import (
    _grams,
    artefacts_of,
    copied_from,
    corpus_grams,
    heading_artefacts,
    heading_words,
    plans_of,
)
from run_tasks import load_tasks

from warp_report.eval.compute import compute_seconds, mean_reading, rates_for_run
from warp_report.eval.quality import (
    Thresholds,
    count_words,
    coverage_metrics,
    default_embedder,
    load_run,
    parse_report,
    split_sentences,
    strip_citations,
    support_metrics,
    support_pairs,
    tokens,
)

# --------------------------------------------------------------------------------------------
# Running


def _cli() -> list[str]:
    exe = shutil.which("warp-report")
    return [exe] if exe else [sys.executable, "-m", "warp_report.cli"]


def _bounded(cmd: list[str], d: Path, timeout: float, mode: str) -> tuple[int, float]:
    t0 = time.monotonic()
    with (d / "run.log").open(mode, encoding="utf-8") as log:
        try:
            rc = subprocess.run(cmd, check=False, stdout=log, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:  # killed; every finished step is in the run's checkpoint
            rc = 124
    return rc, time.monotonic() - t0


def ran_before(task: dict[str, Any], out: Path, args: argparse.Namespace) -> str | None:
    """Why the task is not run again (its folder holds a report, or a run that is not resumed), or None."""
    d = out / task["id"]
    if (d / "report.md").is_file():
        return "done before"
    meta_path = d / "task.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else None
    if meta and not (args.resume_timeouts and meta.get("rc") == 124 and meta.get("thread_id")):
        return f"ran before (exit {meta.get('rc')}), not run again"
    return None


def run_task(task: dict[str, Any], out: Path, args: argparse.Namespace, extra: list[str]) -> None:
    """Run one task, bounded by --timeout; with --resume-timeouts, continue a run that timed out."""
    d = out / task["id"]
    meta_path = d / "task.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else None
    d.mkdir(parents=True, exist_ok=True)
    if meta:
        cmd = [*_cli(), "run", "--resume", meta["thread_id"], "--out-dir", str(d), "--quiet"]
    else:
        cmd = [*_cli(), "run", task["question"], "--out-dir", str(d), "--quiet", "--preset", args.preset]
        if args.model:
            cmd += ["--model", args.model]
        for c in args.corpus or ([task["corpus"]] if task.get("corpus") else []):
            cmd += ["--corpus", os.path.expanduser(c)]
    if args.data_dir:
        cmd += ["--data-dir", args.data_dir]
    cmd += extra
    rc, took = _bounded(cmd, d, args.timeout, "a" if meta else "w")
    m = re.search(r"thread id: (\S+)", (d / "run.log").read_text(encoding="utf-8", errors="replace"))
    slices = [*(meta or {}).get("slices", []), round(took, 1)]
    record = {**task, "rc": rc, "seconds": round(sum(slices), 1), "slices": slices,
              "thread_id": m.group(1) if m else None, "command": cmd}
    meta_path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{task['id']}: exit {rc}, {took:.0f} s" + (" (resumed)" if meta else ""), flush=True)


def measure_rates(model_spec: str, n_prompt: int = 800, n_gen: int = 128, tries: int = 3) -> dict[str, Any]:
    """Prefill and unconstrained decode rates of the embedded model, from llama.cpp's counters.

    Decoding is measured after an ``n_prompt``-token prompt, the size of a run's typical step
    (800 tokens in the 8-task set): attention makes each token dearer as the context grows, so a
    rate taken after a 10-token prompt made the runs look slower than the model. The best of
    ``tries`` is kept: a shared machine's speed varies by a fifth from one minute to the next, and
    the slowest reading would flatter the runs."""
    import llama_cpp

    from warp_report.models.llamacpp import default_n_threads, plain_cpu_weights
    from warp_report.models.local_models import resolve_model_path

    spec = model_spec if model_spec.startswith(("local", "gguf:")) else "local"
    path = resolve_model_path(spec)
    threads = default_n_threads()
    with plain_cpu_weights():  # as the runs load it
        llm = llama_cpp.Llama(model_path=str(path), n_ctx=8192, n_threads=threads, n_threads_batch=threads,
                              n_batch=512, verbose=False, seed=1)
    ctx = llm._ctx.ctx
    filler = ("SQLite stores the whole database in one file. A write-ahead log keeps changes apart "
              "until a checkpoint copies them back. ")
    prompt = filler * (n_prompt // max(1, len(llm.tokenize(filler.encode()))))
    prefill, decode = [], []
    for _ in range(tries):
        llm.reset()  # the next call evaluates the whole prompt again
        llama_cpp.llama_perf_context_reset(ctx)
        llm.create_completion(prompt, max_tokens=1, temperature=0.0)
        p = llama_cpp.llama_perf_context(ctx)
        prefill.append(p.n_p_eval / (p.t_p_eval_ms / 1000))
        llama_cpp.llama_perf_context_reset(ctx)
        # The same prompt continued (its prefix is cached): decoding at the size of a real step.
        llm.create_completion(prompt + "\nWrite a long paragraph about databases:", max_tokens=n_gen,
                              temperature=0.7, top_p=0.8)
        g = llama_cpp.llama_perf_context(ctx)
        decode.append(g.n_eval / (g.t_eval_ms / 1000))
    return {"model": str(path), "threads": threads, "prompt_tokens": int(p.n_p_eval),
            "prefill_tok_s": max(prefill), "gen_tokens": int(g.n_eval), "decode_tok_s": max(decode),
            "tries": {"prefill_tok_s": [round(x) for x in prefill], "decode_tok_s": [round(x, 1) for x in decode]},
            "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


# --------------------------------------------------------------------------------------------
# Metrics


def failed_run(d: Path, task: dict[str, Any]) -> dict[str, Any]:
    """A run that left no report.md (timeout, crash): it counts, with nothing written."""
    meta = json.loads((d / "task.json").read_text(encoding="utf-8"))
    return {"id": task["id"], "question": task.get("question"), "rc": meta.get("rc"), "complete": False,
            "planned": 0, "written": 0, "headings_bad": [], "artefact_parts": [],
            "verbatim": {"grams": 0, "found": 0, "share": None, "found_corpus": 0}, "words": 0, "sentences": 0,
            "cited_sentences": 0, "supported": 0, "supported_lexical": 0, "support_weakest": [], "wall_s": meta.get("seconds"),
            "compute_s": None, "llm_calls": None, "input_tokens": None, "output_tokens": None,
            "coverage": {"share": 0.0, "matched": 0, "keypoints": len(task["keypoints"])} if task.get("keypoints") else None}


def score_run(d: Path, task: dict[str, Any], rates: dict[str, Any] | None, embedder: Any, th: Thresholds,
              corpus: list[str] | None = None, override: dict[str, Any] | None = None) -> dict[str, Any]:
    if not (d / "report.md").is_file():
        return failed_run(d, task)
    run = load_run(d)
    rep = parse_report(run.report)
    meta = json.loads((d / "task.json").read_text(encoding="utf-8")) if (d / "task.json").is_file() else {}
    numbered = [n for n in rep.nodes if n.number]
    written = [n for n in numbered if n.written]
    # A "#" line pasted into a part's text becomes an unnumbered heading node: charge it to the part before it.
    pasted: dict[int, list[str]] = {}
    last = None
    for n in rep.nodes:
        if n.number:
            last = id(n)
        elif last is not None:
            pasted.setdefault(last, []).append(n.title)
    evidence = [str(v.get("text", "")) for v in run.evidence.values()]
    bad_heads = []
    for n in numbered:
        why = "long" if heading_words(n.title) > 12 else None
        # A heading may share words with its own plan; copying another part's plan (one shown no
        # later than the heading was made) or a passage is the fault.
        plans = plans_of(run.trace, n.title)
        src = copied_from(n.title, evidence + [plan for title, plan in plans if title.strip() != n.title.strip()],
                          question=task["question"])
        if src is not None:
            why = (why + "+copied") if why else "copied"
        for kind in heading_artefacts(n.title):
            why = f"{why}+{kind}" if why else kind
        if why:
            bad_heads.append({"number": n.number, "title": n.title, "why": why})
    art_parts = []
    for n in written:
        kinds = artefacts_of(n.title, n.text) + (["heading"] if id(n) in pasted else [])
        if kinds:
            art_parts.append({"number": n.number, "kinds": sorted(set(kinds))})
    ev_grams: set[tuple[str, ...]] = set()
    for t in evidence:
        ev_grams |= _grams(tokens(t, drop_stopwords=False), 8)
    grams = hits = hits_corpus = 0
    cg = corpus_grams(corpus) if corpus else set()
    for _, para in rep.paragraphs():
        g = [tuple(x) for x in _grams(tokens(strip_citations(para), drop_stopwords=False), 8)]
        grams += len(g)
        hits += sum(1 for x in g if x in ev_grams)
        # A run the cited passages hold counts for the corpus too: the corpus files are read raw
        # (man pages' roff, Apache's HTML), where markup between words breaks runs the cleaned passages keep.
        hits_corpus += sum(1 for x in g if x in ev_grams or hash(x) in cg)
    sentences = [s for _, p in rep.paragraphs() for s in split_sentences(p) if strip_citations(s).strip()]
    pairs = support_pairs(rep, run.evidence)
    sm = support_metrics(pairs, embedder, lexical_threshold=th.support_lexical, embedding_threshold=th.support_embedding)
    best: dict[tuple[str, str], float] = {}
    for p in pairs:
        s = p.get("embedding", p["lexical"])
        key = (p["node"], p["sentence"])
        best[key] = max(best.get(key, -1.0), s)
    cut = th.support_embedding if embedder is not None else th.support_lexical
    supported = sum(1 for v in best.values() if v >= cut)
    lex: dict[tuple[str, str], float] = {}
    for p in pairs:
        lex[(p["node"], p["sentence"])] = max(lex.get((p["node"], p["sentence"]), 0.0), p["lexical"])
    supported_lexical = sum(1 for v in lex.values() if v >= th.support_lexical)
    cover = None
    if task.get("keypoints"):
        cover = coverage_metrics(task["keypoints"], rep, embedder, embedding_threshold=th.coverage_embedding,
                                 lexical_threshold=th.coverage_lexical)
    s = run.summary
    # A resumed run's own wall_seconds covers its last slice only.
    wall = meta["seconds"] if len(meta.get("slices", [])) > 1 else (s.get("wall_seconds") or meta.get("seconds"))
    used = rates_for_run(meta, rates, override)
    compute = compute_seconds(s, used)
    # Extension subsections the model could not write are left out of the report, which says so:
    # they count as planned and not written.
    left = re.search(r"^\*Left out: (.*?) \(subsections the run added", run.report, re.M)
    left_out = left.group(1).split("; ") if left else []
    return {
        "id": task["id"], "question": task.get("question"), "rc": meta.get("rc"),
        "complete": bool(numbered) and "**Incomplete report.**" not in run.report,
        "planned": len(numbered) + len(left_out), "written": len(written), "left_out": left_out,
        "headings_bad": bad_heads, "artefact_parts": art_parts,
        "verbatim": {"grams": grams, "found": hits, "share": hits / grams if grams else None,
                     "found_corpus": hits_corpus if corpus else None},
        "words": count_words(rep.body),
        "sentences": len(sentences), "cited_sentences": len(best), "supported": supported,
        "supported_lexical": supported_lexical, "support_weakest": sm.get("weakest"),
        "wall_s": wall, "compute_s": compute, "llm_calls": s.get("llm_calls"),
        "input_tokens": s.get("input_tokens"), "output_tokens": s.get("output_tokens"),
        "cached_input_tokens": s.get("cached_input_tokens"), "llama_s": s.get("model_seconds"),
        "prefill_s": s.get("prefill_seconds"), "rates": used,
        "coverage": None if cover is None else {"share": cover["share"], "matched": sum(r["matched"] for r in cover["points"]),
                                                "keypoints": cover["keypoints"],
                                                "missed": [r for r in cover["points"] if not r["matched"]]},
    }


# --------------------------------------------------------------------------------------------
# Printing


def _pct(a: float, b: float) -> str:
    return f"{a / b:.0%}" if b else "-"


def row(r: dict[str, Any]) -> list[str]:
    v, cov = r["verbatim"], r["coverage"]
    ratio = f"{r['wall_s'] / r['compute_s']:.2f}x" if r["wall_s"] and r["compute_s"] else "-"
    parts = f"{r['written']}/{r['planned']}" if r["planned"] else "no plan"
    return [r["id"], "yes" if r["complete"] else "no", parts,
            f"{len(r['headings_bad'])}/{r['planned']}", f"{len(r['artefact_parts'])}/{r['written']}",
            f"{_pct(v['found'], v['grams'])}/{_pct(v['found_corpus'] or 0, v['grams']) if v.get('found_corpus') is not None else '-'}",
            str(r["words"]), f"{_pct(r['supported'], r['sentences'])}/{_pct(r['supported_lexical'], r['sentences'])}",
            _pct(r["cited_sentences"], r["sentences"]),
            f"{r['wall_s']:.0f}" if r["wall_s"] else "-", f"{r['compute_s']:.0f}" if r["compute_s"] else "-", ratio,
            f"{cov['matched']}/{cov['keypoints']}" if cov else "-"]


def total(rs: list[dict[str, Any]]) -> list[str]:
    def s(k):
        return sum(r[k] for r in rs)
    walls = [r for r in rs if r["wall_s"] and r["compute_s"]]
    wall, comp = sum(r["wall_s"] for r in walls), sum(r["compute_s"] for r in walls)
    cov = [r["coverage"] for r in rs if r["coverage"]]
    words = sorted(r["words"] for r in rs)
    grams = sum(r["verbatim"]["grams"] for r in rs)
    with_corpus = [r for r in rs if r["verbatim"].get("found_corpus") is not None]
    corpus_share = _pct(sum(r["verbatim"]["found_corpus"] for r in with_corpus),
                        sum(r["verbatim"]["grams"] for r in with_corpus)) if with_corpus else "-"
    return [f"total ({len(rs)})", f"{sum(r['complete'] for r in rs)}/{len(rs)}", f"{s('written')}/{s('planned')}",
            f"{sum(len(r['headings_bad']) for r in rs)}/{s('planned')}",
            f"{sum(len(r['artefact_parts']) for r in rs)}/{s('written')}",
            f"{_pct(sum(r['verbatim']['found'] for r in rs), grams)}/{corpus_share}",
            f"{words[0]}-{words[-1]}" if words else "-",
            f"{_pct(s('supported'), s('sentences'))}/{_pct(s('supported_lexical'), s('sentences'))}",
            _pct(s("cited_sentences"), s("sentences")), f"{wall:.0f}", f"{comp:.0f}",
            f"{wall / comp:.2f}x" if comp else "-",
            f"{sum(c['matched'] for c in cov)}/{sum(c['keypoints'] for c in cov)}" if cov else "-"]


HEAD = ["run", "done", "parts", "heads bad", "artef", "verb cited/corpus", "words", "supp E5/lex", "cited", "wall s", "model s", "ratio", "cover"]


def table(rs: list[dict[str, Any]]) -> str:
    lines = [HEAD] + [row(r) for r in rs] + ([total(rs)] if rs else [])
    w = [max(len(x[i]) for x in lines) for i in range(len(HEAD))]
    out = ["| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(x)) + " |" for x in lines]
    out.insert(1, "|" + "|".join("-" * (n + 2) for n in w) + "|")
    return "\n".join(out)


def details(rs: list[dict[str, Any]]) -> str:
    out = []
    for r in rs:
        out.append(f"{r['id']}: exit {r['rc']}, {r['llm_calls']} model calls, {r['input_tokens']} prompt "
                   f"({r.get('cached_input_tokens') or 0} from cache) / {r['output_tokens']} output tokens, "
                   f"llama.cpp busy {r.get('llama_s') or 0:.0f} s of {r['wall_s'] or 0:.0f} s wall")
        if r.get("prefill_s") and r.get("llama_s") and r.get("rates"):
            # llama.cpp's own counters split its busy time: the run's prefill and (constrained) decode
            # rates beside the readings the compute column divides by, so the ratio shows where it comes from.
            evaluated = r["input_tokens"] - (r.get("cached_input_tokens") or 0)
            decode_s = r["llama_s"] - r["prefill_s"]
            out.append(f"  in the run: prefill {evaluated / r['prefill_s']:.0f} tok/s (read {r['rates']['prefill_tok_s']:.0f}), "
                       f"decode {r['output_tokens'] / decode_s:.1f} tok/s (read {r['rates']['decode_tok_s']:.1f} unconstrained)"
                       if decode_s > 0 else "  in the run: no decode time recorded")
        if r.get("left_out"):
            out.append(f"  left out (extension subsections not written): {'; '.join(r['left_out'])}")
        for h in r["headings_bad"]:
            out.append(f"  heading {h['number']} ({h['why']}): {h['title'][:110]}")
        for a in r["artefact_parts"]:
            out.append(f"  artefacts in {a['number']}: {', '.join(a['kinds'])}")
        for p in (r["support_weakest"] or [])[:2]:
            score = p.get("embedding", p.get("lexical"))
            out.append(f"  weakest support {score:.2f} [{p['n']}]: {p['sentence'][:110]}")
        # What the report did not say, with the paragraph that came nearest: where to look first.
        for p in ((r.get("coverage") or {}).get("missed") or []):
            out.append(f"  key point missed ({p['score']:.2f}, nearest in {p['where']}): {p['point'][:110]}")
    return "\n".join(out)


def corpus_of(task: dict[str, Any], d: Path, args: argparse.Namespace) -> list[str]:
    """The folders the run searched: --corpus, else the task's own, else those in its recorded command."""
    if args.corpus:
        return args.corpus
    if task.get("corpus"):
        return [task["corpus"]]
    cmd = json.loads((d / "task.json").read_text(encoding="utf-8")).get("command", []) if (d / "task.json").is_file() else []
    return [cmd[i + 1] for i, x in enumerate(cmd[:-1]) if x == "--corpus"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("taskfiles", nargs="+", type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--corpus", action="append", help="corpus folder for every task (default: the task's own)")
    ap.add_argument("--data-dir")
    ap.add_argument("--only", help="comma-separated task ids")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--model", default=None, help="default: the embedded packaged GGUF")
    ap.add_argument("--preset", default="quick")
    ap.add_argument("--no-run", action="store_true")
    ap.add_argument("--resume-timeouts", action="store_true",
                    help="continue runs that hit --timeout (another bounded slice; wall time adds up)")
    ap.add_argument("--rates", type=Path, help="rates JSON (default OUT/rates.json, measured when missing)")
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    tasks = [t for f in args.taskfiles for t in load_tasks(f)]
    if args.only:
        want = args.only.split(",")
        tasks = sorted((t for t in tasks if t["id"] in want), key=lambda t: want.index(t["id"]))
    tasks = tasks[: args.limit] if args.limit else tasks
    args.out.mkdir(parents=True, exist_ok=True)
    rates_path = args.rates or args.out / "rates.json"
    fresh = not rates_path.is_file()
    if fresh:
        rates = measure_rates(args.model or "local")
        rates_path.write_text(json.dumps(rates, indent=1) + "\n")
    else:
        rates = json.loads(rates_path.read_text())
    print(f"model rates: prefill {rates['prefill_tok_s']:.0f} tok/s, unconstrained decode {rates['decode_tok_s']:.0f} tok/s "
          f"({rates['threads']} threads, {rates['measured']})", flush=True)
    override = rates if args.rates else None  # --rates FILE: the readings every run is divided by
    if not args.no_run:
        before = rates if fresh else None
        taken = [before] if before else []
        for t in tasks:
            why = ran_before(t, args.out, args)
            if why:
                print(f"{t['id']}: {why}", flush=True)
                continue
            if before is None:
                before = measure_rates(args.model or "local")
                taken.append(before)
            run_task(t, args.out, args, extra)
            # Rates read around each run, the mean of the two used for it: the machine's speed drifts
            # over a half-hour set, and readings taken once before and once after the whole set moved
            # its ratio between 1.10x and 1.32x.
            after = measure_rates(args.model or "local")
            meta_path = args.out / t["id"] / "task.json"
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["rates"] = mean_reading(before, after)
            meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"  rates around it: prefill {meta['rates']['prefill_tok_s']:.0f} tok/s, "
                  f"decode {meta['rates']['decode_tok_s']:.0f} tok/s", flush=True)
            before = after
            taken.append(after)
        if len(taken) > 1 and not args.rates:
            rates = mean_reading(*taken)
            rates_path.write_text(json.dumps(rates, indent=1) + "\n")
    embedder = None if args.no_embed else default_embedder()
    rs = [score_run(args.out / t["id"], t, rates, embedder, Thresholds(), corpus_of(t, args.out / t["id"], args), override)
          for t in tasks
          if (args.out / t["id"] / "report.md").is_file() or (args.out / t["id"] / "task.json").is_file()]
    print(table(rs))
    print()
    print(details(rs))
    if args.json:
        args.json.write_text(json.dumps({"rates": rates, "runs": rs}, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
