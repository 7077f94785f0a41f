"""Hybrid retrieval: dense vectors from Chroma and BM25 keywords, fused by weighted scores.

Names match with or without diacritics, because both sides are folded first
("Lương Cường" and "Luong Cuong" are the same words). Near-duplicate passages
(the same story from two outlets) are dropped, keeping the better ranked one.

    >>> retriever = HybridRetriever.from_index(index, k=20)
    >>> [p.doc_id for p in retriever.search("Who runs Bitel?")][:1]
    ['vna-vietnam-peru-talks']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import bm25s
import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from qa.index import Index, embedding_text, to_passage
from qa.text import ASKS_DATED, DATED_WORDS, RELATED_STEMS, fold, named_in, squash, stated, stems, words
from qa.types import Passage

DUPLICATE_JACCARD = 0.8
# The share of its document's lead's keyword score that a passage adds to its own.
LEAD_WEIGHT = 0.3

# A passage that states a year (a weekday) also holds this term, which a question that asks
# for one searches in place of the words that ask ("year"; "day", "week", "weekday"): "one
# year of enforcing the law" is no answer to "In which year was she invited?".
STATED = {kind: f"<{kind}>" for kind in DATED_WORDS}


def _stated(text: str) -> list[str]:
    """The `STATED` terms of the years and weekdays `text` states."""
    return [term for kind, term in STATED.items() if stated(kind, text)]


class KeywordIndex:
    """BM25 over folded, stemmed words, built in memory from the stored passages.

    A passage also scores a share (`LEAD_WEIGHT`) of its document's lead: a news article
    names its people and places in its lead and writes "he" after, so its later passages
    ("He affirmed that Vietnam continues … a foreign policy of independence") lose to other
    articles' leads on every question that names those people.
    """

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.bm25 = bm25s.BM25()
        corpus = [stems(embedding_text(p)) + _stated(p.text) or ["_"] for p in self.passages]
        self.bm25.index(corpus, show_progress=False)
        texts: dict[str, list[str]] = {}
        first: dict[str, int] = {}  # each document's lead, by position
        for n, p in sorted(enumerate(self.passages), key=lambda item: item[1].start):
            texts.setdefault(p.doc_id, [p.heading]).append(p.text)
            first.setdefault(p.doc_id, n)
        self.leads = np.array([first[p.doc_id] for p in self.passages], dtype=int)
        # Each document's title, date, source and text, for the answer's name check: a name may
        # be in the title, date or source only ("the 2022 Emmys" in a 2022 article, "according
        # to Viet Nam News").
        self.documents = {doc_id: " ".join(parts) for doc_id, parts in texts.items()}

    def knows(self, word: str) -> bool:
        """True when the corpus holds `word` ("Beibniz" it does not): every stem of it is a
        passage's, or its letters are in a document's title, date, source or text, or those
        of its country for a nationality ("Peruvians" of "Peruvian")."""
        if all(stem in self.bm25.vocab_dict for stem in stems(word)):
            return True
        squashed = squash(word)
        return named_in(squashed, self._squashed) or squashed.removesuffix("s") in self._squashed

    @functools.cached_property
    def _squashed(self) -> str:
        return " ".join(squash(d) for d in self.documents.values())

    def search(self, query: str, k: int) -> list[tuple[Passage, float]]:
        asked = stems(query)
        if kinds := [kind for kind, asks in ASKS_DATED.items() if asks.search(fold(query))]:
            # "In which year …?" wants a passage that states one, not one that says "year".
            asked = [t for t in asked if not any(t in DATED_WORDS[kind] for kind in kinds)] + [STATED[k] for k in kinds]
        related = [r for t in asked for r in RELATED_STEMS.get(t, ())]
        terms = [t for t in dict.fromkeys(asked + related) if t in self.bm25.vocab_dict]
        if not terms or not self.passages:
            return []
        own = self.bm25.get_scores(terms)
        scores = own + LEAD_WEIGHT * own[self.leads]
        best = np.argsort(-scores, kind="stable")[:k]
        return [(self.passages[i], float(scores[i])) for i in best if scores[i] > 0]


class HybridRetriever(BaseRetriever):
    """A LangChain retriever: `invoke(question)` gives LangChain documents, best first;
    `search(question)` gives our `Passage`s with their fused scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    keyword: Any
    k: int = 20
    dense_weight: float = 0.25

    @classmethod
    def from_index(cls, index: Index, k: int = 20, dense_weight: float = 0.25) -> HybridRetriever:
        return cls(index=index, keyword=KeywordIndex(index.all_passages()), k=k, dense_weight=dense_weight)

    def dense(self, query: str, k: int) -> list[tuple[Passage, float]]:
        if self.index.collection.count() == 0:
            return []
        vector = self.index.embeddings.embed_query(fold(query))
        found = self.index.collection.query(
            query_embeddings=[vector], n_results=k, where={"dense": True},
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(found["ids"][0], found["documents"][0], found["metadatas"][0], found["distances"][0])
        return [(to_passage(i, d, m), 1.0 - dist) for i, d, m, dist in rows]

    def search(self, query: str) -> list[Passage]:
        """Passages for `query`, best first: dense and keyword scores, each min-max scaled over
        its own hits, added with weight `dense_weight` (a passage one side missed gets 0 there)."""
        fused: dict[str, float] = {}
        by_id: dict[str, Passage] = {}
        sides = ((self.dense(query, self.k), self.dense_weight),
                 (self.keyword.search(query, self.k), 1.0 - self.dense_weight))
        for hits, weight in sides:
            top = max((s for _, s in hits), default=0.0)
            low = min((s for _, s in hits), default=0.0)
            for passage, score in hits:
                scaled = (score - low) / (top - low) if top > low else 1.0
                fused[passage.id] = fused.get(passage.id, 0.0) + weight * scaled
                by_id[passage.id] = passage
        order = sorted(fused, key=lambda pid: -fused[pid])
        return drop_near_duplicates([by_id[i].model_copy(update={"score": fused[i]}) for i in order])

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        return [
            LCDocument(page_content=p.text, id=p.id, metadata=p.model_dump(exclude={"text"}))
            for p in self.search(query)
        ]


def drop_near_duplicates(passages: Sequence[Passage]) -> list[Passage]:
    """Keep the first of any passages whose word sets overlap by DUPLICATE_JACCARD or more.

    >>> a = Passage(id="a#0", doc_id="a", text="Peru hosts APEC in Lima this year", start=0, end=9)
    >>> [p.id for p in drop_near_duplicates([a, a.model_copy(update={"id": "b#0"})])]
    ['a#0']
    """
    kept: list[tuple[Passage, set[str]]] = []
    for p in passages:
        shingles = set(words(p.text))
        if all(_jaccard(shingles, other) < DUPLICATE_JACCARD for _, other in kept):
            kept.append((p, shingles))
    return [p for p, _ in kept]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0

