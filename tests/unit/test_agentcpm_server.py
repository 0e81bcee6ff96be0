"""The simulated AgentCPM-Report server answers only the trained layout (issue 11)."""

from __future__ import annotations

import json
import re
import threading
import urllib.request

import pytest

from tests.support.agentcpm_server import AgentCPMModel, make_server, sampling_errors
from warp_report.prompts import render

ACTION = re.compile(r"^<thought>.+</thought>\s*<action>(.+)</action>$", re.DOTALL)

# Hand-written in the trained layout: role line first, the step's headers in order, the draft
# view in the released line syntax, passages as bibkey:textidN.
WRITE_PROMPT = """You are a writer in an "Analyzer-Searcher-Writer" team. Write the assigned part and cite.

** User Query **
How do heat pumps work?

** Current Article Summary **
# Title: [OK] Heat pumps explained
# Section-1 [Principles]: [OK] A heat pump moves heat \\cite{textid1}.
# Section-2 [Efficiency]: [PLAN] Explain COP and seasonal performance.
    ## Section-2.1 [Cold climates]: [PLAN] Performance below freezing.

** Analyzer's Instruction **
You need to update section-2

** Retrieved Information **
bibkey:textid3
The coefficient of performance of air source heat pumps falls as outdoor temperature drops.

bibkey:textid7
## Notes
Seasonal performance factors summarise a whole heating season.

## Action Example:
<action> content </action>

** Output Format **
<thought> plan </thought>
<action> the text </action>
"""

VIEW = ("# Title: [OK] Heat pumps explained\n"
        "# Section-1 [Principles]: [OK] A heat pump moves heat \\cite{textid1}.\n"
        "# Section-2 [Efficiency]: [OK] COP falls in the cold \\cite{textid3}.\n")


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def action_of(reply: str) -> str:
    match = ACTION.match(reply.strip())
    assert match, reply
    return match.group(1).strip()


def test_write_in_trained_layout_cites_shown_textids():
    step, reason, reply = AgentCPMModel().answer(user(WRITE_PROMPT))
    assert (step, reason) == ("write", "")
    text = action_of(reply)
    cited = {k.strip() for group in re.findall(r"\\cite\{(.+?)\}", text) for k in group.split(",")}
    assert cited and cited <= {"textid3", "textid7"}
    assert "Efficiency" in text  # writes the node named by the instruction
    assert len(text) > 50 and "#" not in text and "bibkey" not in text.lower()


@pytest.mark.parametrize("cursor, outline", [("outline", "There is no survey."), ("section-2", VIEW)])
def test_own_templates_render_prompts_the_trained_model_accepts(cursor, outline):
    model = AgentCPMModel()
    info = "bibkey:textid1\nHeat pumps move heat.\n\nbibkey:textid2\nCOP is heat out over work in."
    prompts = {
        "search": render("agentcpm/search", user_query="How do heat pumps work?", current_outline=outline,
                         current_instruction=f"You need to update {cursor}"),
        "init_plan": render("agentcpm/init_plan", user_query="How do heat pumps work?", current_information=info),
        "write": render("agentcpm/write", user_query="How do heat pumps work?", current_survey=VIEW,
                        current_instruction="You need to update section-2", current_information=info),
        "extend_plan": render("agentcpm/extend_plan", user_query="How do heat pumps work?", current_survey=VIEW),
    }
    for expected, prompt in prompts.items():
        step, reason, reply = model.answer(user(prompt))
        assert (step, reason) == (expected, ""), prompt
        body = action_of(reply)
        if expected == "search":
            assert json.loads(body)["name"] == "search" and 1 <= len(json.loads(body)["keywords"]) <= 5
        if expected == "init_plan":
            assert 3 <= len(json.loads(body)["sections"]) <= 12


def test_extends_once_then_nop():
    model = AgentCPMModel(extend_times=1)
    prompt = render("agentcpm/extend_plan", user_query="How do heat pumps work?", current_survey=VIEW)
    first = json.loads(action_of(model.answer(user(prompt))[2]))
    assert first["name"] == "extend-plan" and first["position"] == "section-1" and len(first["subsections"]) == 2
    extended = VIEW + "    ## Section-1.1 [Detail A]: [OK] More \\cite{textid2}.\n"
    prompt = render("agentcpm/extend_plan", user_query="How do heat pumps work?", current_survey=extended)
    assert json.loads(action_of(model.answer(user(prompt))[2])) == {"name": "nop"}


@pytest.mark.parametrize("messages", [
    # today's warp dialect: a system message and the project's own wording
    [{"role": "system", "content": "You write cited research reports. Reply with <thought> and <action>."},
     {"role": "user", "content": "Question: How do heat pumps work?\n\nReport outline so far:\nTitle: Heat pumps\n\n"
                                 "Task: choose 1 to 5 short search keywords or phrases that will find evidence."}],
    # the trained headers, but a multi-turn correction the model never saw
    [{"role": "user", "content": WRITE_PROMPT}, {"role": "assistant", "content": "text"},
     {"role": "user", "content": "Your reply was invalid, try again."}],
    # one user message, trained headers, but the warp draft view instead of the trained one
    user(WRITE_PROMPT.replace("# Section-2 [Efficiency]: [PLAN]", "section-2 [to write] Efficiency:")),
    # headers out of the trained order
    user(WRITE_PROMPT.replace("** Analyzer's Instruction **", "** X **").replace("** User Query **",
                                                                                 "** Analyzer's Instruction **")),
])
def test_other_layouts_get_out_of_distribution_prose(messages):
    step, reason, reply = AgentCPMModel().answer(messages)
    assert step is None and reason
    assert "<action>" not in reply and "\\cite" not in reply


def test_http_records_messages_and_sampling():
    model = AgentCPMModel()
    server = make_server("127.0.0.1", 0, model)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/v1"
    try:
        with urllib.request.urlopen(f"{base}/models", timeout=5) as r:
            assert "agentcpm" in json.load(r)["data"][0]["id"].lower()
        body = {"model": "openbmb/AgentCPM-Report", "messages": user(WRITE_PROMPT), "temperature": 0.7, "top_p": 0.8,
                "max_tokens": 2048, "chat_template_kwargs": {"enable_thinking": False}}
        req = urllib.request.Request(f"{base}/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            reply = json.load(r)["choices"][0]["message"]["content"]
    finally:
        server.shutdown()
        server.server_close()
    assert "\\cite{textid" in reply
    (record,) = model.records
    assert record["step"] == "write" and record["messages"] == user(WRITE_PROMPT)
    assert sampling_errors(record) == []
    assert sampling_errors({**record, "temperature": 0.2, "chat_template_kwargs": None}) != []
