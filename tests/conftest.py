from __future__ import annotations

from pathlib import Path

import pytest

from warp_report.state.passage import Hit


class ListSearch:
    """A search backend over fixed hits: keyword match on title or text."""

    name = "list"

    def __init__(self, hits: list[Hit]):
        self.hits = hits
        self.queries: list[str] = []

    async def search(self, query: str, k: int) -> list[Hit]:
        self.queries.append(query)
        words = {w.lower() for w in query.split() if len(w) > 2}
        scored = [h for h in self.hits if words & set((h.title + " " + h.text).lower().split())]
        return (scored or self.hits)[:k]


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """No test touches the user's data dir; each gets its own Chroma, checkpoints and runs."""
    monkeypatch.setenv("WARP_DATA_DIR", str(tmp_path_factory.mktemp("warp-data")))


@pytest.fixture
def solar_hits() -> list[Hit]:
    topics = ["photovoltaic cells", "inverters", "panel efficiency", "installation costs", "battery storage"]
    return [
        Hit(text=f"Solar {t}: passage about {t} with enough words to be useful evidence number {i}.",
            source=f"/docs/solar-{i}.md", title=f"Solar {t}")
        for i, t in enumerate(topics, 1)
    ]


@pytest.fixture
def solar_search(solar_hits: list[Hit]) -> ListSearch:
    return ListSearch(solar_hits)


@pytest.fixture
def text_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "cells.md").write_text(
        "# Photovoltaic cells\n\nSolar panels turn sunlight into electricity with photovoltaic cells made of silicon.\n",
        encoding="utf-8")
    (root / "inverters.txt").write_text(
        "Inverters\n\nAn inverter converts the direct current of solar panels into alternating current for the grid.\n",
        encoding="utf-8")
    (root / "storage.md").write_text(
        "# Battery storage\n\nHome batteries store solar energy for the night; lithium-ion batteries dominate.\n",
        encoding="utf-8")
    return root
