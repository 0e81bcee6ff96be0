"""Grammar-constrained sampling that checks the grammar lazily, as llama.cpp's own samplers do.

llama-cpp-python puts the grammar first in its sampler chain, so every generated token runs the
grammar over the whole vocabulary (about 150k tokens for Qwen) before top-k: measured here, that
halves decoding speed. llama.cpp's ``common_sampler`` instead samples freely, checks only the
chosen token against the grammar, and runs the grammar over the whole vocabulary only when
that token breaks it (then samples again). The reply is the same kind of grammar-valid text;
most tokens of a JSON reply are inside strings, where the free choice is nearly always valid.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

import numpy as np

try:  # pragma: no cover - depends on the install
    import llama_cpp
    from llama_cpp import Llama
except ImportError:  # the module is only imported when llama-cpp-python is there
    llama_cpp = None  # type: ignore[assignment]
    Llama = object  # type: ignore[assignment,misc]

_TOKEN_DATA = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")], align=True)


class LazyGrammarLlama(Llama):  # type: ignore[misc,valid-type]
    """``Llama`` whose grammar is applied only to tokens that would break it.

    ``lazy_grammar = False`` restores llama-cpp-python's own (eager) order, for comparison.
    """

    lazy_grammar: bool = True
    #: DRY ("don't repeat yourself") penalty on sequences that repeat the context, prompt
    #: included: a small model shown passages pastes them; 0 turns it off.
    dry_multiplier: float = 0.0
    dry_allowed_length: int = 6
    _lazy: Any = None
    _dry: Any = None
    _dry_fed = False
    _lazy_buffer: np.ndarray | None = None
    _twins: dict[int, int | None] | None = None
    #: tokens sampled / tokens that had to be sampled again under the grammar (for benchmarks)
    lazy_stats: dict[str, int]

    def _free_lazy(self) -> None:
        free = getattr(llama_cpp, "llama_sampler_free", None)
        if free is None:  # interpreter shutdown: the bindings are already gone, so is the memory
            return
        if self._lazy is not None:
            free(self._lazy)
            self._lazy = None
        if self._dry is not None:
            free(self._dry)
            self._dry = None

    def _make_dry(self) -> None:
        # JSON quotes, colons and line ends break sequences, so the reply's own keys never count.
        breakers = [b"\n", b'"']
        arr = (ctypes.c_char_p * len(breakers))(*breakers)
        self._dry = llama_cpp.llama_sampler_init_dry(
            self._model.vocab, self.dry_multiplier, 1.75, self.dry_allowed_length, self.n_ctx(), arr, len(breakers)
        )
        self._dry_fed = False

    def _init_sampler(self, *args: Any, grammar: Any = None, **kwargs: Any) -> Any:
        self._free_lazy()
        if grammar is None or not self.lazy_grammar:
            return super()._init_sampler(*args, grammar=grammar, **kwargs)
        self._lazy = llama_cpp.llama_sampler_init_grammar(
            self._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if self.dry_multiplier > 0:
            self._make_dry()
        if not getattr(self, "lazy_stats", None):
            self.lazy_stats = {"tokens": 0, "resampled": 0}
        return super()._init_sampler(*args, grammar=None, **kwargs)

    def _twin(self, token: int) -> int | None:
        """The same word without its leading space (" package" -> "package"), if one token."""
        if self._twins is None:
            self._twins = {}
        if token not in self._twins:
            piece = self.detokenize([token])
            twin = None
            if piece[:1] == b" " and piece[1:].isalpha():
                ids = self.tokenize(piece[1:], add_bos=False, special=False)
                twin = ids[0] if len(ids) == 1 else None
            self._twins[token] = twin
        return self._twins[token]

    def _apply_dry(self, cur: llama_cpp.llama_token_data_array) -> None:
        """DRY, blind to the space before a word. DRY lowers the token that would continue a
        copied run (" package"); the model then took the same word without its space, and
        reports read "thepackage", "usinga". Each penalised word's space-less twin gets the
        same penalty, so the way out of a copy is another word, not a glued one."""
        buf = self._lazy_buffer
        before = buf["logit"].copy()
        llama_cpp.llama_sampler_apply(self._dry, ctypes.byref(cur))
        # DRY changes logits in place without reordering: position i still holds token i.
        for i in np.flatnonzero(buf["logit"] < before).tolist():
            twin = self._twin(int(buf["id"][i]))
            if twin is not None and buf["id"][twin] == twin:
                buf["logit"][twin] -= before[i] - buf["logit"][i]

    def _lazy_candidates(self, logits: np.ndarray) -> llama_cpp.llama_token_data_array:
        n = logits.shape[0]
        if self._lazy_buffer is None or self._lazy_buffer.shape[0] != n:
            self._lazy_buffer = np.zeros(n, dtype=_TOKEN_DATA)
            self._lazy_buffer["id"] = np.arange(n, dtype=np.int32)
        buf = self._lazy_buffer
        buf["id"] = np.arange(n, dtype=np.int32)  # a chain sorts the array in place
        buf["logit"] = logits
        buf["p"] = 0.0
        return llama_cpp.llama_token_data_array(
            data=buf.ctypes.data_as(llama_cpp.llama_token_data_p), size=n, selected=-1, sorted=False
        )

    def sample(self, *args: Any, grammar: Any = None, idx: int | None = None, **kwargs: Any) -> int:
        if self._lazy is None or self._sampler is None:
            return super().sample(*args, grammar=grammar, idx=idx, **kwargs)
        ridx = idx - self.n_tokens if idx is not None else -1
        chain = self._sampler.sampler
        dry = self._dry
        if dry is not None and not self._dry_fed:
            # The prompt (passages included) is context DRY must see: copying it is what it curbs.
            for tok in self._input_ids[: self.n_tokens].tolist():
                llama_cpp.llama_sampler_accept(dry, int(tok))
            self._dry_fed = True
        ptr = llama_cpp.llama_get_logits_ith(self._ctx.ctx, ridx)
        logits = np.ctypeslib.as_array(ptr, shape=(self._n_vocab,))
        cur = self._lazy_candidates(logits)
        if dry is not None:
            self._apply_dry(cur)
        llama_cpp.llama_sampler_apply(chain, ctypes.byref(cur))
        token = int(cur.data[cur.selected].id)
        one = (llama_cpp.llama_token_data * 1)(llama_cpp.llama_token_data(token, 1.0, 0.0))
        single = llama_cpp.llama_token_data_array(data=one, size=1, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self._lazy, ctypes.byref(single))
        self.lazy_stats["tokens"] += 1
        if math.isinf(one[0].logit):
            # The free choice breaks the grammar: grammar over the whole vocabulary, then sample.
            self.lazy_stats["resampled"] += 1
            cur = self._lazy_candidates(logits)
            if dry is not None:  # before the grammar, which may shrink the array
                self._apply_dry(cur)
            llama_cpp.llama_sampler_apply(self._lazy, ctypes.byref(cur))
            llama_cpp.llama_sampler_apply(chain, ctypes.byref(cur))
            token = int(cur.data[cur.selected].id)
        llama_cpp.llama_sampler_accept(self._lazy, token)
        llama_cpp.llama_sampler_accept(chain, token)
        if dry is not None:
            llama_cpp.llama_sampler_accept(dry, token)
        return token

    def close(self) -> None:
        self._free_lazy()
        super().close()
