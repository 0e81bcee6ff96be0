"""``--prompts-dir DIR``: the agentcpm dialect's prompts rendered from a user's own Jinja2 files.

For users who have AgentCPM-Report's original templates: ``surveycpm_search.jinja``,
``surveycpm_init_plan.jinja``, ``surveycpm_write.jinja`` and ``surveycpm_extend_plan.jinja``
are rendered verbatim (the release renders them with a default Jinja2 environment; here an
undefined variable is an error instead of an empty string, so a template that expects
something the run does not provide is named, not silently sent half empty).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from warp_report.prompts.trained import STEP_VARIABLES

FILES = {step: f"surveycpm_{step}.jinja" for step in STEP_VARIABLES}


class PromptsDirError(ValueError):
    """The prompts directory cannot render the dialect's prompts; the message says why."""


@lru_cache(maxsize=8)
def load(prompts_dir: str) -> dict[str, jinja2.Template]:
    root = Path(prompts_dir).expanduser()
    if not root.is_dir():
        raise PromptsDirError(f"prompts dir not found: {root}")
    missing = [name for name in FILES.values() if not (root / name).is_file()]
    if missing:
        raise PromptsDirError(f"prompts dir {root} has no {', '.join(missing)} "
                              f"(it needs {', '.join(FILES.values())})")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    templates = {}
    for step, name in FILES.items():
        try:
            templates[step] = env.from_string((root / name).read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            raise PromptsDirError(f"{root / name}, line {exc.lineno}: {exc.message}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PromptsDirError(f"cannot read {root / name}: {exc}") from None
    return templates


def render_step(prompts_dir: str, step: str, values: dict[str, str]) -> str:
    template = load(prompts_dir)[step]
    try:
        return template.render(**values)
    except jinja2.UndefinedError as exc:
        raise PromptsDirError(
            f"{Path(prompts_dir) / FILES[step]}: {exc.message}; the {step} step provides "
            f"{', '.join(STEP_VARIABLES[step])}") from None


def check(prompts_dir: str) -> None:
    """Render every template once with sample values, so a bad directory fails before a run starts."""
    for step, names in STEP_VARIABLES.items():
        render_step(prompts_dir, step, {name: f"<{name}>" for name in names})
