"""The embedded llama.cpp chat model with the real packaged default model (CPU, no network)."""

from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any, Literal

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

if not os.environ.get("CI"):  # CI installs the local extra: there a missing model is a failure
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")

from warp_report.models.llamacpp import (
    LocalChatModel,
    grammar_for_schema,
    load_local_model,
)
from warp_report.models.local_models import LocalModelError, resolve_model_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model() -> LocalChatModel:
    try:
        resolve_model_path("local")
    except LocalModelError as exc:  # the packaged weights are an install step, say which
        if os.environ.get("CI"):
            raise
        pytest.skip(f"default local model not installed: {exc}")
    return load_local_model("local", n_ctx=2048, temperature=0.0, max_tokens=200, seed=1, preload=True)


class Paragraph(BaseModel):
    text: str = Field(min_length=60, max_length=240)
    cites: list[Literal["3", "7"]] = Field(min_length=1, max_length=2)


class WriteAction(BaseModel):
    thought: str = Field(max_length=120)
    paragraphs: list[Paragraph] = Field(min_length=1, max_length=2)


class Color(BaseModel):
    color: Literal["zq-red", "zq-blue"]
    note: str = Field(min_length=25, max_length=40)


def test_plain_invoke_returns_text_and_usage(model):
    msg = model.invoke([HumanMessage("Name one planet of the solar system. Answer in one short sentence.")])
    assert isinstance(msg, AIMessage)
    assert isinstance(msg.content, str) and msg.content.strip()
    usage = msg.usage_metadata
    assert usage["input_tokens"] > 5
    assert usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert msg.response_metadata["constrained"] is False


def test_prefix_reused_from_cache_is_counted(model):
    system = SystemMessage("You answer in one short sentence about astronomy. " * 12)
    first = model.invoke([system, HumanMessage("Name one planet.")])
    second = model.invoke([system, HumanMessage("Name one moon.")])
    # The second prompt shares the long system prefix: llama.cpp evaluates only its tail.
    assert first.usage_metadata["input_token_details"]["cache_read"] < 10
    assert second.usage_metadata["input_token_details"]["cache_read"] > second.usage_metadata["input_tokens"] // 2
    assert second.response_metadata["prefill_ms"] < first.response_metadata["prefill_ms"]


def test_weights_loaded_once_per_process(model):
    other = LocalChatModel(model="local", n_ctx=2048)
    assert other._loaded() is model._loaded()


def test_grammar_keeps_length_and_enum_constraints():
    gbnf = grammar_for_schema(WriteAction.model_json_schema())._grammar
    assert '"\\"3\\""' in gbnf and '"\\"7\\""' in gbnf  # the Literal enum
    # min_length=60: sixty mandatory chars before the optional ones
    assert any(line.count("char") >= 60 for line in gbnf.splitlines())


def test_structured_output_enforces_enum_against_the_prompt(model):
    # The prompt asks for something the schema forbids; only decode-time constraints make
    # the reply a valid instance anyway.
    structured = model.with_structured_output(Color, method="json_schema")
    out = structured.invoke(
        [HumanMessage("Say hello and tell me your favourite colour is green. Reply in plain text, no JSON.")]
    )
    assert isinstance(out, Color)
    assert out.color in ("zq-red", "zq-blue")
    assert 25 <= len(out.note) <= 40


def test_structured_output_write_action_valid(model):
    structured = model.with_structured_output(WriteAction, method="json_schema", include_raw=True)
    result = structured.invoke(
        [
            SystemMessage("You write one paragraph of a report, citing passages by id."),
            HumanMessage(
                "Passages:\n[3] The Eiffel Tower was completed in 1889 for the World's Fair.\n"
                "[7] It is 330 metres tall and was the tallest structure until 1930.\n\n"
                "Write the section 'History of the Eiffel Tower' as JSON."
            ),
        ]
    )
    assert result["parsing_error"] is None
    parsed = result["parsed"]
    assert isinstance(parsed, WriteAction)
    for p in parsed.paragraphs:
        assert 60 <= len(p.text) <= 240
        assert set(p.cites) <= {"3", "7"}
    raw = result["raw"]
    assert isinstance(raw, AIMessage)
    assert WriteAction.model_validate(json.loads(raw.content)) == parsed
    assert raw.usage_metadata["output_tokens"] > 0
    assert raw.response_metadata["constrained"] is True


def test_max_length_stops_long_text(model):
    class Short(BaseModel):
        essay: str = Field(min_length=1, max_length=30)

    out = model.with_structured_output(Short).invoke(
        "Write a long, detailed essay of at least 500 words about the history of Rome."
    )
    assert 1 <= len(out.essay) <= 30


def test_dict_schema_gives_dict(model):
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}},
        "required": ["answer"],
    }
    out = model.with_structured_output(schema).invoke("Is water wet? Answer as JSON.")
    assert out in ({"answer": "yes"}, {"answer": "no"})


async def test_ainvoke_structured_runs_off_the_event_loop(model):
    ticks = 0
    done = asyncio.Event()

    async def ticker():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    t0 = time.monotonic()
    result = await model.with_structured_output(Color, include_raw=True).ainvoke(
        [HumanMessage("Pick a colour and add a short note.")]
    )
    elapsed = time.monotonic() - t0
    done.set()
    await task
    assert isinstance(result["parsed"], Color)
    assert result["parsing_error"] is None
    # The loop kept running while llama.cpp generated (it would be frozen if run inline).
    assert ticks >= max(3, int(elapsed / 0.01 * 0.3))


async def test_ainvoke_plain(model):
    msg = await model.ainvoke([HumanMessage("Say the word 'ok'.")])
    assert isinstance(msg, AIMessage) and msg.content.strip()
    assert msg.usage_metadata["output_tokens"] > 0


def test_truncated_reply_reports_parsing_error(model):
    # max_tokens cuts the JSON short: include_raw=True reports it instead of raising.
    short = LocalChatModel(model="local", n_ctx=2048, temperature=0.0, max_tokens=5)
    result = short.with_structured_output(WriteAction, include_raw=True).invoke("Write about the Eiffel Tower.")
    assert result["parsed"] is None
    assert result["parsing_error"] is not None
    assert result["raw"].response_metadata["finish_reason"] == "length"


def test_lazy_grammar_checks_only_tokens_that_break_it(model):
    """Lazy and eager grammar orders both give schema-valid JSON; lazily, the grammar runs over
    the whole vocabulary only for the few tokens whose free choice broke it."""
    llama = model._loaded().llama
    prompt = [HumanMessage("Passages:\n[3] The Eiffel Tower was completed in 1889.\n"
                           "[7] It is 330 metres tall.\nWrite the section 'History' as JSON.")]
    before = dict(getattr(llama, "lazy_stats", {"tokens": 0, "resampled": 0}))
    lazy = model.with_structured_output(WriteAction).invoke(prompt)
    stats = llama.lazy_stats
    sampled, resampled = stats["tokens"] - before["tokens"], stats["resampled"] - before["resampled"]
    assert sampled > 10 and 0 < resampled < sampled / 2
    count = stats["tokens"]
    eager = model.model_copy(update={"lazy_grammar": False}).with_structured_output(WriteAction).invoke(prompt)
    assert llama.lazy_stats["tokens"] == count, "the eager order does not use the lazy sampler"
    for out in (lazy, eager):
        assert all(set(p.cites) <= {"3", "7"} and 60 <= len(p.text) <= 240 for p in out.paragraphs)


def test_retry_sampling_differs(model):
    """A retry samples with another seed and temperature, so it is not the refused reply again."""
    prompt = "Name one colour and say one thing about it."
    first = model.with_structured_output(Color).invoke(prompt)
    again = model.with_structured_output(Color).invoke(prompt)
    retry = model.for_retry(3).with_structured_output(Color).invoke(prompt)
    assert first == again, "same sampling, same reply (the seed is fixed)"
    assert retry != first


def test_copy_penalty_also_hits_the_word_without_its_space_or_capitalised(model):
    import llama_cpp
    import numpy as np

    llama = model._loaded().llama
    tokens = llama.tokenize(b" the writer copies the whole sentence from the passage into the package", add_bos=False)
    word = tokens[-1]  # " package"
    twins = llama._twin_ids(word)
    assert [llama.detokenize([t]) for t in twins] == [b"package", b" Package", b"Package"]
    twin, capital, glued_capital = twins
    llama.dry_multiplier, llama.dry_allowed_length = 0.8, 6
    llama._make_dry()
    try:
        for tok in tokens + tokens[:-1]:  # the sentence again, up to the word that would continue the copy
            llama_cpp.llama_sampler_accept(llama._dry, tok)
        cur = llama._lazy_candidates(np.zeros(llama.n_vocab(), dtype=np.float32))
        llama._apply_dry(cur)
        logits = llama._lazy_buffer["logit"]
        # DRY lowers " package"; dropping the space must not be a way around it.
        assert logits[word] < -1.0
        assert logits[twin] == logits[word] == logits[capital] == logits[glued_capital]
        assert np.count_nonzero(logits) <= 6
    finally:
        llama._free_lazy()
        llama.dry_multiplier = 0.0


def test_copy_penalty_spares_word_pieces_and_numbers(model):
    """Lowered mid-word, the model spelt the word another way ("wfer", "EDMON BEquerel");
    the penalty belongs at the start of a word, where another word is a paraphrase. A comma
    it lowers must not come back with a space before it ("heat ; photons")."""
    import llama_cpp
    import numpy as np

    llama = model._loaded().llama
    text = b" the cell is a thin wafer first observed by Edmond Becquerel, about 1.1 eV in 1839 and then used widely"
    tokens = llama.tokenize(text, add_bos=False)
    pieces = [llama.detokenize([t]) for t in tokens]
    llama.dry_multiplier, llama.dry_allowed_length = 0.8, 3

    def logits_after(upto: int) -> np.ndarray:
        """Logits after DRY, once the text and its first ``upto`` tokens again were seen."""
        llama._make_dry()
        llama._after_digit = pieces[upto - 1][-1:].isdigit()  # as ``sample`` sets it
        try:
            for tok in tokens + tokens[:upto]:
                llama_cpp.llama_sampler_accept(llama._dry, tok)
            cur = llama._lazy_candidates(np.zeros(llama.n_vocab(), dtype=np.float32))
            llama._apply_dry(cur)
            return llama._lazy_buffer["logit"].copy()
        finally:
            llama._free_lazy()

    try:
        spared = [i for i, p in enumerate(pieces) if i > 4 and (p[:1].isalnum() or p == b" " or p == b".")]
        assert {b"fer", b"mond", b"1", b"8", b"."} <= {pieces[i] for i in spared}
        for i in spared:
            assert logits_after(i)[tokens[i]] == 0, pieces[i]
        for word in (b" first", b" observed", b" Ed", b" and", b" used"):  # word starts still are lowered
            assert logits_after(pieces.index(word))[tokens[pieces.index(word)]] < 0, word
        comma = pieces.index(b",")
        after = logits_after(comma)
        spaced = llama.tokenize(b" ,", add_bos=False, special=False)[0]
        assert after[tokens[comma]] < 0 and after[spaced] == after[tokens[comma]]
    finally:
        llama.dry_multiplier = 0.0


def _dry_logits_after(llama, tokens: list[int], upto: int) -> Any:
    """Logits after DRY, once ``tokens`` and their first ``upto`` again were seen (as ``sample`` does)."""
    import llama_cpp
    import numpy as np

    llama._make_dry()
    try:
        for tok in tokens + tokens[:upto]:
            llama_cpp.llama_sampler_accept(llama._dry, tok)
        for tok in tokens[:upto]:
            llama._follow(llama._piece(tok))
        cur = llama._lazy_candidates(np.zeros(llama.n_vocab(), dtype=np.float32))
        llama._apply_dry(cur)
        return llama._lazy_buffer["logit"].copy()
    finally:
        llama._free_lazy()


def test_copy_penalty_spares_han_inside_a_run_and_names_in_code(model):
    """Chinese has no word starts: lowered inside a run of Han, the model dropped a character of
    the word it copied ("找回丢失的提交" -> "找回失的交"); lowered inside a code span, it broke
    the name ("gc.reflogExpire" -> "g xpire"). After punctuation or a space it is still lowered."""
    llama = model._loaded().llama
    llama.dry_multiplier, llama.dry_allowed_length = 0.8, 3
    text = "你可以用它找回丢失的提交，然后运行 `git reflog expire --all` 清理旧的记录。"
    tokens = llama.tokenize(text.encode(), add_bos=False)
    pieces = [llama.detokenize([t]).decode("utf-8", errors="replace") for t in tokens]

    def lowered(i: int) -> bool:
        return bool(_dry_logits_after(llama, tokens, i)[tokens[i]] < 0)

    try:
        spared = [pieces.index(p) for p in ("丢失", "的", "提交", " ref", " expire", " --")]
        assert not [pieces[i] for i in spared if lowered(i)]
        after_comma, after_code = pieces.index("然后"), pieces.index("`", pieces.index(" ref")) + 1
        assert pieces[after_code].startswith(" ")
        assert lowered(after_comma) and lowered(after_code)
        assert not lowered(after_code + 1)  # the rest of a character the token before began
    finally:
        llama.dry_multiplier = 0.0


def test_calls_from_many_threads_run_on_one_owner_thread(model, monkeypatch):
    # llama.cpp's OpenMP threads slow down by half once several threads have called it.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from warp_report.models import llamacpp

    seen: set[int] = set()
    real = llamacpp.LocalChatModel._call_on_owner

    def spy(self, messages, stop, **kwargs):
        seen.add(threading.get_ident())
        return real(self, messages, stop, **kwargs)

    monkeypatch.setattr(llamacpp.LocalChatModel, "_call_on_owner", spy)
    short = model.model_copy(update={"max_tokens": 2})
    callers: set[int] = set()

    def call(_):
        callers.add(threading.get_ident())
        return short.invoke([HumanMessage("Say ok.")])

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(call, range(6)))

    async def two_async():
        await short.ainvoke([HumanMessage("Say ok.")])
        await short.ainvoke([HumanMessage("Say ok.")])

    asyncio.run(two_async())
    assert len(callers) > 1  # the check means something only if callers differed
    assert len(seen) == 1 and seen.pop() not in callers


def test_shortlist_holds_every_token_the_chain_could_pick():
    from types import SimpleNamespace

    import numpy as np

    from warp_report.models.lazy_grammar import LazyGrammarLlama

    me = SimpleNamespace(last_n_tokens_size=64, shortlist=True)
    rng = np.random.default_rng(0)
    vocab = 151_936
    peaked = rng.normal(0, 2, vocab).astype(np.float32)
    peaked[rng.integers(0, vocab, 5)] += 25
    ties = np.zeros(vocab, dtype=np.float32)
    ties[rng.integers(0, vocab, 300)] = 1.0
    for logits in (rng.normal(0, 3, vocab).astype(np.float32), rng.gumbel(0, 4, vocab).astype(np.float32), peaked, ties):
        ids = LazyGrammarLlama._shortlist(me, logits, 40, 0)
        k = 40 + 64 + 64
        best = np.sort(logits)[-max(256, k)]
        assert ids is not None and set(np.flatnonzero(logits > best)) <= set(ids.tolist())
        assert len(ids) <= 16 * 256
    # no shortlist where the chain may reach past it
    assert LazyGrammarLlama._shortlist(me, logits, 0, 0) is None
    assert LazyGrammarLlama._shortlist(me, logits, 40, 2) is None
    assert LazyGrammarLlama._shortlist(me, logits, 40, 0, -1.0) is None  # temp < 0: a draw over every token
    assert LazyGrammarLlama._shortlist(SimpleNamespace(last_n_tokens_size=64, shortlist=False), logits, 40, 0) is None


def test_shortlist_samples_what_the_whole_vocabulary_would(model):
    """Same seed, same constrained reply, with and without the shortlist (it only saves time)."""
    llama = model._loaded().llama
    prompt = [HumanMessage("Passages:\n[3] The Eiffel Tower was completed in 1889.\n"
                           "[7] It is 330 metres tall.\nWrite the section 'History' as JSON.")]
    warm = model.model_copy(update={"temperature": 0.9})
    # A first call fills the KV cache; later ones reuse its prefix, whose logits differ in the
    # last digits from a fresh prefill. Compare two calls made from the same cache state.
    warm.with_structured_output(WriteAction).invoke(prompt)
    short = warm.with_structured_output(WriteAction, include_raw=True).invoke(prompt)["raw"].content
    try:
        llama.shortlist = False
        whole = warm.with_structured_output(WriteAction, include_raw=True).invoke(prompt)["raw"].content
    finally:
        llama.shortlist = True
    assert len(short) > 50 and short == whole
