"""Careless use of the CLI loses nothing and starts nothing useless (issue 15, items 6, 8, 10, 11, 12).

Every case runs the real CLI in a subprocess against the simulated model server on 127.0.0.1;
``model.requests`` says whether a run reached the model at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import warp_report

ROOT = Path(warp_report.__file__).resolve().parents[1]
OUTPUTS = ("report.md", "report.html", "evidence.json", "trace.jsonl", "summary.json")


def cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARP_DATA_DIR": str(tmp_path / "data"),
           # the checkout under test, not whatever copy of warp_report the environment has installed
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "warp_report.cli", *args], check=False, capture_output=True,
                          text=True, timeout=180, cwd=tmp_path, env=env)


def run(url: str, corpus: Path, tmp_path: Path, *args: str, question: str = "How do inverters work?"):
    return cli("run", question, "--corpus", str(corpus), "--base-url", url, "--model", "sim", *args,
               tmp_path=tmp_path)


def one_line(text: str) -> str:
    return " ".join(text.split())


def saved_runs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "runs").glob("*.json"))


def thread_of(out: Path) -> str:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["thread_id"]


# ------------------------------------------------------------------ item 6: --out-dir inside the corpus


@pytest.mark.parametrize("where", [".", "reports/today"])
def test_an_out_dir_inside_the_corpus_is_refused_before_anything_runs(model_server, text_corpus, tmp_path, where):
    url, model = model_server
    out = text_corpus / where
    result = run(url, text_corpus, tmp_path, "--out-dir", str(out))
    message = one_line(result.stderr)
    assert result.returncode == 2
    assert "inside the corpus folder" in message and str(text_corpus) in message
    assert model.requests == 0 and not saved_runs(tmp_path)
    assert "chunks" not in message  # refused before indexing
    assert sorted(p.name for p in text_corpus.iterdir()) == ["cells.md", "inverters.txt", "storage.md"]


def test_the_default_out_dir_inside_the_corpus_is_refused_too(model_server, text_corpus, tmp_path):
    url, model = model_server
    result = subprocess.run([sys.executable, "-m", "warp_report.cli", "run", "How do inverters work?", "--corpus", ".",
                             "--base-url", url, "--model", "sim"], capture_output=True, text=True, timeout=180,
                            cwd=text_corpus, env={**os.environ, "WARP_DATA_DIR": str(tmp_path / "data"),
                                                  "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2 and "inside the corpus folder" in one_line(result.stderr)
    assert model.requests == 0 and not (text_corpus / "warp-output").exists()


# ------------------------------------------------------------------ item 12: stdout holds the results


def test_output_paths_go_to_stdout_one_per_line_and_a_sibling_of_the_corpus_is_fine(model_url, text_corpus, tmp_path):
    # "corpus-reports" starts with the corpus folder's name but is not inside it
    out = tmp_path / "corpus-reports"
    quiet = run(model_url, text_corpus, tmp_path, "--out-dir", str(out), "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.splitlines() == [str(out / name) for name in OUTPUTS]
    assert str(out) not in quiet.stderr
    chatty = run(model_url, text_corpus, tmp_path, "--out-dir", str(tmp_path / "other"))
    assert chatty.returncode == 0, chatty.stderr
    assert chatty.stdout.splitlines() == [str(tmp_path / "other" / name) for name in OUTPUTS]
    assert "thread id" in chatty.stderr and "thread id" not in chatty.stdout


# ------------------------------------------------------------------ item 8: nothing to search


def test_an_empty_corpus_stops_before_any_model_call(model_server, tmp_path):
    url, model = model_server
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(url, empty, tmp_path, "--out-dir", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no documents to use" in one_line(result.stderr) and "the folder is empty" in one_line(result.stderr)
    assert model.requests == 0 and not saved_runs(tmp_path)
    assert not [p for p in (tmp_path / "out").iterdir()]  # checked writable (before indexing), nothing written


def test_a_corpus_of_unsupported_files_names_them_and_stops(model_server, tmp_path):
    url, model = model_server
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("plan.odt", "budget.xlsx", "photo.png"):
        (docs / name).write_bytes(b"PK\x03\x04 not a document we read")
    result = run(url, docs, tmp_path, "--out-dir", str(tmp_path / "out"))
    message = one_line(result.stderr)
    assert result.returncode == 2
    assert "no documents to use" in message
    for name in ("budget.xlsx", "photo.png", "plan.odt", ".odt", ".xlsx", ".png"):
        assert name in message
    assert ".md" in message and ".docx" in message  # what would be read
    assert model.requests == 0 and not saved_runs(tmp_path)


def test_the_ingest_summary_names_unsupported_files(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Panels\n\nSolar panels make direct current from sunlight.\n", encoding="utf-8")
    for i in range(8):
        (docs / f"sheet{i}.xlsx").write_bytes(b"PK")
    result = cli("ingest", str(docs), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    message = one_line(result.stderr)
    assert "sheet0.xlsx" in message and "sheet4.xlsx" in message and "sheet7.xlsx" not in message
    assert "and 3 more" in message and "8 unsupported" in message


def test_a_broken_pdf_is_named_once_with_its_reason(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Panels\n\nSolar panels make direct current from sunlight.\n", encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n")
    result = cli("ingest", str(docs), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "broken.pdf: PDF could not be parsed (Data format error)" in one_line(result.stderr)
    assert one_line(result.stderr).count("broken.pdf") == 1


# ------------------------------------------------------------------ item 10: unreachable Chroma


@pytest.mark.parametrize("command", ["run", "ingest"])
def test_an_unreachable_chroma_is_one_clear_line(model_server, text_corpus, tmp_path, unused_port, command):
    url, model = model_server
    chroma = f"http://127.0.0.1:{unused_port}"
    if command == "run":
        result = run(url, text_corpus, tmp_path, "--chroma-url", chroma, "--out-dir", str(tmp_path / "out"))
    else:
        result = cli("ingest", str(text_corpus), "--chroma-url", chroma, tmp_path=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"cannot reach the Chroma server at {chroma}" in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert model.requests == 0 and not saved_runs(tmp_path)


# ------------------------------------------------------------------ item 11: no silent overwrite


def test_another_runs_outputs_are_never_overwritten_without_force(model_server, text_corpus, tmp_path):
    url, model = model_server
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(url, text_corpus, tmp_path, "--out-dir", str(first)).returncode == 0
    assert run(url, text_corpus, tmp_path, "--out-dir", str(second)).returncode == 0
    a, b = thread_of(first), thread_of(second)
    before = {name: (first / name).read_bytes() for name in OUTPUTS}
    requests = model.requests

    again = run(url, text_corpus, tmp_path, "--out-dir", str(first), question="How do batteries work?")
    message = one_line(again.stderr)
    assert again.returncode == 2 and f"already holds the outputs of run {a}" in message and "--force" in message
    assert model.requests == requests and len(saved_runs(tmp_path)) == 2  # refused before the run started
    assert {name: (first / name).read_bytes() for name in OUTPUTS} == before

    show = cli("show", a, "--out-dir", str(second), tmp_path=tmp_path)
    assert show.returncode == 2 and f"already holds the outputs of run {b}" in one_line(show.stderr)
    assert thread_of(second) == b
    own = cli("show", a, tmp_path=tmp_path)  # its own folder: rewriting its own files is fine
    assert own.returncode == 0, own.stderr
    forced = cli("show", a, "--out-dir", str(second), "--force", tmp_path=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert thread_of(second) == a

    forced = run(url, text_corpus, tmp_path, "--out-dir", str(first), "--force", question="How do batteries work?")
    assert forced.returncode == 0, forced.stderr
    assert thread_of(first) not in (a, b)


def test_files_of_unknown_origin_are_not_overwritten_either(model_server, text_corpus, tmp_path):
    url, model = model_server
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("my own notes\n", encoding="utf-8")
    result = run(url, text_corpus, tmp_path, "--out-dir", str(out))
    assert result.returncode == 2 and "report.md" in one_line(result.stderr) and "--force" in one_line(result.stderr)
    assert (out / "report.md").read_text(encoding="utf-8") == "my own notes\n" and model.requests == 0


# ------------------------------------------------------------------ item 12: smaller mistakes


def test_a_resumed_run_keeps_its_question(model_url, text_corpus, tmp_path):
    out = tmp_path / "out"
    assert run(model_url, text_corpus, tmp_path, "--out-dir", str(out)).returncode == 0
    thread_id = thread_of(out)
    other = cli("run", "--resume", thread_id, "How do batteries work?", tmp_path=tmp_path)
    message = one_line(other.stderr)
    assert other.returncode == 2 and "cannot change" in message and "How do inverters work?" in message
    same = cli("run", "--resume", thread_id, "How do inverters work?", tmp_path=tmp_path)
    assert same.returncode == 0, same.stderr


def test_an_unknown_collection_fails_before_a_run_is_saved(model_server, tmp_path):
    url, model = model_server
    result = cli("run", "How do inverters work?", "--collection", "nope", "--base-url", url, "--model", "sim",
                 "--out-dir", str(tmp_path / "out"), tmp_path=tmp_path)
    message = one_line(result.stderr)
    assert result.returncode == 2 and "collection 'nope' not found" in message
    assert "--resume" not in message and "thread id" not in message
    assert model.requests == 0 and not saved_runs(tmp_path)


def test_a_collection_ingested_lexically_only_can_be_used_by_a_run(model_server, text_corpus, tmp_path):
    """``ingest --no-embed`` says the folder is searchable at once; a run must accept it."""
    url, model = model_server
    ingested = cli("ingest", str(text_corpus), "--collection", "docs-lex", "--no-embed", tmp_path=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    out = tmp_path / "out"
    result = cli("run", "How do inverters work?", "--collection", "docs-lex", "--base-url", url, "--model", "sim",
                 "--out-dir", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert model.requests > 0 and "[1]" in (out / "report.md").read_text(encoding="utf-8")
    other = cli("run", "How do inverters work?", "--collection", "nope", "--base-url", url, "--model", "sim",
                "--out-dir", str(tmp_path / "out2"), tmp_path=tmp_path)
    assert other.returncode == 2 and "(ingested: docs-lex)" in one_line(other.stderr)


def test_a_data_dir_that_is_a_file_says_so(model_url, text_corpus, tmp_path):
    a_file = tmp_path / "data-file"
    a_file.write_text("x")
    result = run(model_url, text_corpus, tmp_path, "--data-dir", str(a_file))
    assert result.returncode == 2 and f"{a_file} is a file, not a folder" in one_line(result.stderr)


@pytest.mark.parametrize("kind", ["under a file", "a file"])
def test_an_unwritable_out_dir_is_found_before_the_run(model_server, text_corpus, tmp_path, kind):
    url, model = model_server
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    # root ignores permission bits, so a folder under a file is the portable unwritable path
    out = a_file / "out" if kind == "under a file" else a_file
    result = run(url, text_corpus, tmp_path, "--out-dir", str(out))
    message = one_line(result.stderr)
    assert result.returncode == 2 and f"cannot write to --out-dir {out}" in message
    if kind == "a file":
        assert "is a file, not a folder" in message
    assert model.requests == 0 and not saved_runs(tmp_path) and "chunks" not in message
