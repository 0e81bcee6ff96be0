"""A reply in CJK script is sampled with the model's CJK settings, when it has them."""

from __future__ import annotations

import json

from tests.support.scripted import ScriptedChatModel
from warp_report.context import make_context
from warp_report.nodes import common
from warp_report.nodes.services import Services
from warp_report.protocol.actions import ActionContext
from warp_report.protocol.request import Request
from warp_report.protocol.schemas import Shape
from warp_report.state.state import WarpState


class ScriptAware(ScriptedChatModel):
    cjk: bool = False

    def for_cjk(self) -> ScriptAware:
        copy = ScriptAware(replies=self.replies, cjk=True)
        copy._calls = self._calls
        return copy

    def _next(self, messages):
        self._calls.append([self.cjk])  # which sampling answered
        return json.dumps({"keywords": ["浮点数"]})


async def ask(question: str, cjk: bool) -> list:
    model = ScriptAware(replies=[])
    req = Request(kind="search", node="n", messages=[], shape=Shape(thought_chars=0, cjk=cjk),
                  ctx=ActionContext(query=question, check_language=False))
    out = await common.ask(Services(model=model), make_context(protocol="structured"), WarpState(question=question), req)
    assert out.action is not None
    return model.calls


async def test_cjk_replies_use_the_models_cjk_sampling() -> None:
    assert await ask("为什么 0.1 + 0.2 不等于 0.3？", cjk=True) == [[True]]
    assert await ask("Why is 0.1 + 0.2 not 0.3?", cjk=False) == [[False]]
