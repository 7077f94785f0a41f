"""The values the pipeline hands out: documents, passages, citations and answers.

    >>> p = Passage(id="doc#0", doc_id="doc", title="T", text="Lima is in Peru.", start=0, end=16)
    >>> Citation(**p.model_dump(), marker=1).marker
    1
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Document(BaseModel):
    """One article of the corpus: a news item with its metadata."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str = ""
    text: str
    date: str = ""
    source: str = ""
    url: str = ""


class Passage(BaseModel):
    """A span of a document, as stored in the index and handed to the LLM.

    `start` and `end` are character offsets into the document's text.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    doc_id: str
    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    text: str
    start: int
    end: int
    score: float = 0.0

    @property
    def heading(self) -> str:
        """Title, date and source: where a name of the story may be written outside its text."""
        return f"{self.title} {self.date} {self.source}"


class Citation(Passage):
    """A passage that the answer cites, with the number of its `[n]` marker."""

    marker: int


class Usage(BaseModel):
    """Tokens and seconds spent on one answer."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_token_s: float | None = None
    latency_s: float = 0.0


class Answer(BaseModel):
    """The result of `answer()`.

    `text` carries `[n]` markers that each point at `citations`; when the corpus
    does not hold the answer, `abstained` is true, `text` says so and there are no
    citations.
    """

    question: str
    query: str = Field(description="the standalone question used for retrieval")
    text: str
    abstained: bool
    citations: list[Citation] = []
    passages: list[Passage] = []
    usage: Usage = Usage()
