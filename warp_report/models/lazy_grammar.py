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
import re
from typing import Any

import numpy as np

try:  # pragma: no cover - depends on the install
    import llama_cpp
    from llama_cpp import Llama
except ImportError:  # the module is only imported when llama-cpp-python is there
    llama_cpp = None  # type: ignore[assignment]
    Llama = object  # type: ignore[assignment,misc]

_TOKEN_DATA = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")], align=True)
#: Han, kana and hangul: the CJK letters (not punctuation), which run on without spaces.
_CJK_LETTER = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def _cjk_letter_at(piece: bytes, end: bool) -> bool:
    """Whether ``piece`` starts (``end`` False) or ends with a CJK letter, or with part of one:
    Qwen splits many Han characters over two tokens of raw UTF-8 bytes."""
    if not piece or piece[-1 if end else 0] < 0x80:
        return False
    if not end and piece[0] < 0xC0:  # a continuation byte: the rest of a character
        return True
    # The lead byte of the character at the edge, and whether the piece holds all of it.
    i = max((j for j, b in enumerate(piece) if b >= 0xC0), default=-1) if end else 0
    if i < 0:  # only the rest of a character begun in the token before (in a CJK reply, Han)
        return True
    size = 2 if piece[i] < 0xE0 else 3 if piece[i] < 0xF0 else 4
    if len(piece) - i < size:  # cut in two: CJK letters are the three-byte ones from U+3040 on
        return 0xE3 <= piece[i] <= 0xED
    return bool(_CJK_LETTER.match(piece[i : i + size].decode("utf-8", errors="ignore")))


class LazyGrammarLlama(Llama):  # type: ignore[misc,valid-type]
    """``Llama`` whose grammar is applied only to tokens that would break it.

    ``lazy_grammar = False`` restores llama-cpp-python's own (eager) order, for comparison.
    """

    lazy_grammar: bool = True
    #: sample from a shortlist of the best raw logits that surely holds the chain's choices
    #: (see ``_shortlist``); False walks the whole vocabulary, for comparison.
    shortlist: bool = True
    #: DRY ("don't repeat yourself") penalty on sequences that repeat the context, prompt
    #: included: a small model shown passages pastes them; 0 turns it off.
    dry_multiplier: float = 0.0
    dry_allowed_length: int = 6
    _lazy: Any = None
    _dry: Any = None
    _dry_fed = False
    _lazy_buffer: np.ndarray | None = None
    _twins: dict[int, tuple[int, ...]] | None = None
    _exempt: dict[int, bool] | None = None
    _pieces: dict[int, bytes] | None = None
    #: the last token ended in a digit: its "." or "," belongs to the number ("1.1", "1,000")
    _after_digit = False
    #: the last token ended in a CJK letter: the next one is inside a run of Han (no word breaks)
    _after_cjk = False
    #: the reply is inside a code span: a name there is quoted, and must be copied exactly
    _in_code = False
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
        self._after_digit = self._after_cjk = self._in_code = False

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

    def _twin_ids(self, token: int) -> tuple[int, ...]:
        """The ways round a penalised token that are the same word: without its leading space
        (" package" -> "package"), capitalised (" glass" -> " Glass", "Glass": "aPhoton"), or
        punctuation with a space ("," -> " ,"); each if one token."""
        if self._twins is None:
            self._twins = {}
        if token not in self._twins:
            piece = self._piece(token)
            others: list[bytes] = []
            if piece[:1] == b" " and piece[1:].isalpha():
                others.append(piece[1:])
                if piece[1:2].islower():
                    others += [b" " + piece[1:2].upper() + piece[2:], piece[1:2].upper() + piece[2:]]
            elif len(piece) == 1 and piece in b",.;:!?)":
                others.append(b" " + piece)
            found = []
            for other in others:
                ids = self.tokenize(other, add_bos=False, special=False)
                if len(ids) == 1:
                    found.append(ids[0])
            self._twins[token] = tuple(found)
        return self._twins[token]

    def _piece(self, token: int) -> bytes:
        if self._pieces is None:
            self._pieces = {}
        if token not in self._pieces:
            self._pieces[token] = self.detokenize([token])
        return self._pieces[token]

    def _dry_exempt(self, token: int) -> bool:
        """Tokens DRY must not lower: the rest of a word ("afer" after " w") and a number's
        digits and decimal point. Lowered, the model spelt the word another way: reports read
        "wfer", "struct", "1 electronvolits". A copy still breaks at the next word start, where a different word
        is a paraphrase, not a misspelling. (Sparing capitalised words too let copies run on
        until the only way out was a space before a comma: "heat ; photons".)"""
        if self._after_digit and self._piece(token) in (b".", b","):
            return True
        if self._in_code:
            # A command or option name ("gc.reflogExpire") lowered at a piece read "g xpire".
            return True
        if self._after_cjk and _cjk_letter_at(self._piece(token), end=False):
            # Chinese has no spaces, so no word starts: lowered inside a run of Han, the model
            # skipped a character of the word it copied ("找回丢失的提交" -> "找回失的交") or
            # jumped to another copied clause. The run's first letter, after punctuation or a
            # code span, is still lowered.
            return True
        if self._exempt is None:
            self._exempt = {}
        if token not in self._exempt:
            piece = self._piece(token)
            first = piece[:1]
            self._exempt[token] = bool(
                piece == b" "  # Qwen writes " 1839" as " ", "1", "8", ...
                or (first.isascii() and first.isalnum())  # no space before it: inside a word
                or (piece[:1] == b" " and piece[1:2].isdigit())
            )
        return self._exempt[token]

    def _apply_dry(self, cur: llama_cpp.llama_token_data_array) -> None:
        """DRY at word starts only, and blind to the space before a word. DRY lowers the token
        that would continue a copied run (" package"); the model then took the same word
        without its space, and reports read "thepackage", "usinga"; or capitalised ("on
        Glass"). Each penalised word's twins get the same penalty, so the way out of a copy
        is another word, not a glued or capitalised one; a penalised comma's spaced twin
        likewise. Inside words and numbers it lowers nothing (``_dry_exempt``)."""
        buf = self._lazy_buffer[: cur.size]
        before = buf["logit"].copy()
        llama_cpp.llama_sampler_apply(self._dry, ctypes.byref(cur))
        # DRY changes logits in place without reordering or resizing the array.
        hit = np.flatnonzero(buf["logit"] < before)
        if hit.size == 0:
            return
        ids = buf["id"]
        kept = []
        for i in hit.tolist():
            if self._dry_exempt(int(ids[i])):
                buf["logit"][i] = before[i]
            else:
                kept.append(i)
        for i in kept:  # after every exemption: a twin may itself be an exempt piece DRY hit
            for twin in self._twin_ids(int(ids[i])):
                for j in np.flatnonzero(ids == twin).tolist():
                    buf["logit"][j] -= before[i] - buf["logit"][i]

    def _shortlist(self, logits: np.ndarray, top_k: int, mirostat: int, temp: float = 0.7) -> np.ndarray | None:
        """Token ids that surely hold every token the chain could pick; None: the whole vocabulary.

        Why: the penalties, DRY and top-k each walk all ~150k tokens per step (1.5 ms), and
        the grammar over all of them costs ~20 ms when the free choice breaks it. Penalties only
        lower logits, and at most ``last_n`` tokens (plus DRY's few) are lowered, so the chain's
        top-k after them lies within the ``top_k + last_n + 64`` best raw logits; those are
        found from a threshold read off every 16th logit, checked by a count. Exact for the free
        choice; when the grammar refuses the free choice and leaves fewer than ``top_k`` tokens in
        the shortlist, the draw is among the same best tokens but without the far tail (ranks past
        the shortlist, which top-p and min-p would nearly always cut anyway).
        """
        n = logits.shape[0]
        k = max(256, top_k + self.last_n_tokens_size + 64)
        if not self.shortlist or top_k <= 0 or mirostat or temp < 0 or n < 16 * k:
            return None
        sub = logits[::16]
        m = min(sub.size, 2 * (k // 16) + 8)  # the sample's m-th best sits near the full k-th
        threshold = np.partition(sub, sub.size - m)[sub.size - m]
        ids = np.flatnonzero(logits >= threshold)
        if ids.size < k or ids.size > 16 * k:  # too few to be sure, or a flat distribution
            ids = np.argpartition(logits, n - k)[n - k :]
        return ids.astype(np.int32)

    def _lazy_candidates(self, logits: np.ndarray, ids: np.ndarray | None = None) -> llama_cpp.llama_token_data_array:
        n = logits.shape[0]
        if self._lazy_buffer is None or self._lazy_buffer.shape[0] != n:
            self._lazy_buffer = np.zeros(n, dtype=_TOKEN_DATA)
        size = n if ids is None else ids.shape[0]
        buf = self._lazy_buffer[:size]
        if ids is None:
            buf["id"] = np.arange(n, dtype=np.int32)  # a chain sorts the array in place
            buf["logit"] = logits
        else:
            buf["id"] = ids
            buf["logit"] = logits[ids]
        buf["p"] = 0.0
        return llama_cpp.llama_token_data_array(
            data=self._lazy_buffer.ctypes.data_as(llama_cpp.llama_token_data_p), size=size, selected=-1, sorted=False
        )

    def _pick(self, logits: np.ndarray, ids: np.ndarray | None, grammar: bool) -> int | None:
        """Sample from ``ids`` (None: all tokens) after DRY, the grammar if asked, and the chain;
        None when the grammar refuses every one of them."""
        cur = self._lazy_candidates(logits, ids)
        if self._dry is not None:  # before the grammar, which may shrink the array
            self._apply_dry(cur)
        if grammar:
            llama_cpp.llama_sampler_apply(self._lazy, ctypes.byref(cur))
            if ids is not None and not np.isfinite(self._lazy_buffer["logit"][: cur.size]).any():
                return None
        llama_cpp.llama_sampler_apply(self._sampler.sampler, ctypes.byref(cur))
        return int(cur.data[cur.selected].id)

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
        ids = self._shortlist(logits, int(kwargs.get("top_k", 40)), int(kwargs.get("mirostat_mode", 0)),
                              float(kwargs.get("temp", 0.7)))
        token = self._pick(logits, ids, grammar=False)
        one = (llama_cpp.llama_token_data * 1)(llama_cpp.llama_token_data(token, 1.0, 0.0))
        single = llama_cpp.llama_token_data_array(data=one, size=1, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self._lazy, ctypes.byref(single))
        self.lazy_stats["tokens"] += 1
        if math.isinf(one[0].logit):
            # The free choice breaks the grammar: the grammar over the shortlist, then (if it
            # refuses all of them, say a key only a rare token starts) over the whole vocabulary.
            self.lazy_stats["resampled"] += 1
            picked = self._pick(logits, ids, grammar=True) if ids is not None else None
            token = picked if picked is not None else self._pick(logits, None, grammar=True)
        llama_cpp.llama_sampler_accept(self._lazy, token)
        llama_cpp.llama_sampler_accept(chain, token)
        if dry is not None:
            llama_cpp.llama_sampler_accept(dry, token)
            self._follow(self._piece(token))
        return token

    def _follow(self, piece: bytes) -> None:
        """Note where the reply stands after ``piece`` (the context ``_dry_exempt`` reads)."""
        self._after_digit = piece[-1:].isdigit()
        self._after_cjk = _cjk_letter_at(piece, end=True)
        if b'"' in piece:  # a JSON string ends: no span runs on into the next field
            self._in_code = False
        elif piece.count(b"`") % 2:
            self._in_code = not self._in_code

    def close(self) -> None:
        self._free_lazy()
        super().close()
