"""A simulated OpenAI-compatible model server (stdlib only) for tests, benchmarks and demos.

It answers ``/v1/chat/completions`` with valid WARP actions (``tests.support.scripted``), after an
optional latency per prompt and completion token, so long runs are deterministic.

    python -m tests.support.simserver --port 8011 [--extend-times 1] [--ms-per-token 0]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from tests.support.scripted import simulated_reply


def approx_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def to_messages(raw: list[dict[str, Any]]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    out: list[BaseMessage] = []
    for m in raw:
        content = m.get("content") or ""
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        out.append(kinds.get(m.get("role", "user"), HumanMessage)(content=content))
    return out


class SimulatedModel:
    def __init__(self, *, extend_times: int = 1, sections: int = 3, prompt_ms: float = 0.0, completion_ms: float = 0.0,
                 stamp: bool = False, words: int = 60):
        self.extend_times = extend_times
        self.words = words
        #: mark each written text with the request number, so a rewrite would show
        self.stamp = stamp
        #: fault injection for tests: None, "500" (HTTP 500) or "hang" (never answers in time)
        self.fault: str | None = None
        #: requests from this number on wait until ``release`` is set (tests kill the client meanwhile)
        self.hold_from: int | None = None
        self.release = threading.Event()
        self.sections = sections
        self.prompt_ms = prompt_ms
        self.completion_ms = completion_ms
        self.requests = 0
        self.received = 0
        self.waited = 0.0
        self.lock = threading.Lock()

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.received += 1
            number = self.received
        if self.hold_from is not None and number >= self.hold_from:
            self.release.wait()
        messages = to_messages(body.get("messages", []))
        reply = simulated_reply(messages, extend_times=self.extend_times, sections=self.sections, words=self.words)
        if self.stamp and "</action>" in reply and "Task: write the part" in str(messages[1].content if len(messages) > 1 else ""):
            reply = reply.replace("</action>", f" Reply stamp {number}.</action>")
        prompt_tokens = sum(approx_tokens(str(m.content)) for m in messages)
        completion_tokens = approx_tokens(reply)
        delay = (prompt_tokens * self.prompt_ms + completion_tokens * self.completion_ms) / 1000
        if delay:
            time.sleep(delay)
        with self.lock:
            self.requests += 1
            self.waited += delay
            self.observe(messages, reply, prompt_tokens, completion_tokens)
        return {
            "id": f"chatcmpl-sim-{self.requests}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "simulated"),
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": reply}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }


    def observe(self, messages: list[BaseMessage], reply: str, prompt_tokens: int, completion_tokens: int) -> None:
        """Called (under the lock) after each answer; benchmarks override it to record requests."""


def make_server(host: str, port: int, model: Any) -> ThreadingHTTPServer:
    """An OpenAI-compatible endpoint on ``host:port`` answered by ``model.complete(body)``
    (``model.model_id`` names it in /models; ``model.fault`` injects "500" or "hang")."""
    model_id = getattr(model, "model_id", "simulated")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, code: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, {"object": "list", "data": [{"id": model_id, "object": "model"}]})
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": "not found"}})
                return
            fault = getattr(model, "fault", None)
            if fault == "500":
                self._send(500, {"error": {"message": "simulated server error"}})
                return
            if fault == "hang":
                time.sleep(30)
                return
            self._send(200, model.complete(body))

    return ThreadingHTTPServer((host, port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--extend-times", type=int, default=1)
    parser.add_argument("--sections", type=int, default=3)
    parser.add_argument("--prompt-ms-per-token", type=float, default=0.0)
    parser.add_argument("--completion-ms-per-token", type=float, default=0.0)
    args = parser.parse_args()
    model = SimulatedModel(extend_times=args.extend_times, sections=args.sections,
                           prompt_ms=args.prompt_ms_per_token, completion_ms=args.completion_ms_per_token)
    server = make_server(args.host, args.port, model)
    print(f"simulated model on http://{args.host}:{server.server_port}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
