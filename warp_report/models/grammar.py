"""JSON schemas as llama.cpp grammars: a constrained reply always has the schema's shape."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

_GRAMMARS: dict[str, Any] = {}


def json_schema_of(schema: dict[str, Any] | type) -> dict[str, Any]:
    """JSON schema of a pydantic model class (or a JSON-schema dict, returned as is)."""
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return schema.model_json_schema()
    if isinstance(schema, dict):
        # Accept OpenAI's response_format wrapper {"name":..., "schema": {...}} too.
        if "schema" in schema and isinstance(schema["schema"], dict) and "type" not in schema:
            return schema["schema"]
        return schema
    raise TypeError(f"schema must be a pydantic model class or a JSON-schema dict, got {schema!r}")


#: llama.cpp refuses (and its sampler then crashes on) string bounds much above this.
MAX_GRAMMAR_STRING = 1000


def _grammar_safe(schema: Any) -> Any:
    """``schema`` without string ``maxLength`` bounds too large for a llama.cpp grammar.

    Dropped bounds are still checked when the reply is validated; max_tokens bounds the rest.
    """
    if isinstance(schema, dict):
        out = {k: _grammar_safe(v) for k, v in schema.items()}
        if isinstance(out.get("maxLength"), int) and out["maxLength"] > MAX_GRAMMAR_STRING:
            del out["maxLength"]
        return out
    if isinstance(schema, list):
        return [_grammar_safe(v) for v in schema]
    return schema


def grammar_for_schema(schema: dict[str, Any] | None) -> Any:
    """A ``LlamaGrammar`` accepting exactly the JSON documents of ``schema``.

    ``None`` means "any JSON object" (json_mode). Grammars are cached by schema text.
    """
    from llama_cpp.llama_grammar import JSON_GBNF, LlamaGrammar, json_schema_to_gbnf

    key = "<json>" if schema is None else json.dumps(schema, sort_keys=True)
    grammar = _GRAMMARS.get(key)
    if grammar is None:
        if schema is None:
            gbnf = JSON_GBNF
        else:
            # Keep the schema's property order (the model writes "thought" before the rest).
            gbnf = json_schema_to_gbnf(json.dumps(_grammar_safe(schema)))
        grammar = LlamaGrammar.from_string(gbnf, verbose=False)
        _GRAMMARS[key] = grammar
    return grammar
