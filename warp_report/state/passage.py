"""A retrieved passage as a search backend returns it, before the run gives it a citation id."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Hit(BaseModel):
    """One retrieved passage, as a backend returns it."""

    text: str
    source: str = Field(description="URL for web passages, file path for local ones")
    title: str = ""
    score: float = 0.0
    metadata: dict[str, str | int | float] = Field(default_factory=dict)
    #: the passage's vector when the backend already has it (saves embedding it again for memory)
    embedding: list[float] | None = Field(default=None, exclude=True, repr=False)
