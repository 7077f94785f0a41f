"""The one place that builds the real parts from settings: embedder, Chroma index, LLM.

The UI, the CLI and the eval script each call `build_pipeline` once; tests pass fakes
to `Pipeline` directly.

    >>> pipeline = build_pipeline(Settings(index="squad"))
"""

from __future__ import annotations

from collections.abc import Callable

from qa.embeddings import load_embeddings
from qa.errors import IndexMismatchError
from qa.index import Index, drop_index, open_index
from qa.llm import build_llm
from qa.pipeline import Pipeline
from qa.retrieval import HybridRetriever
from qa.settings import Settings


def build_index(settings: Settings, create: bool = False) -> Index:
    """Open the configured index with the real embedding model."""
    return open_index(settings, load_embeddings(settings.embedding_model, settings.n_threads), create=create)


def index_for_ingest(settings: Settings, rebuild: bool = False, say: Callable[[str], object] = print) -> Index:
    """The index to ingest into, dropped first with `rebuild` or when it was built with other
    index settings: an index is derived data, and ingestion makes it match the settings."""
    if rebuild:
        drop_index(settings)
    try:
        return build_index(settings, create=True)
    except IndexMismatchError as exc:
        say(f"index {settings.index!r} was built with {exc.built_with}: rebuilding it")
        drop_index(settings)
        return build_index(settings, create=True)


def build_pipeline(settings: Settings | None = None, index: Index | None = None) -> Pipeline:
    """The real pipeline: fails fast (missing index, missing model) before any question."""
    settings = settings or Settings()
    index = index or build_index(settings)
    retriever = HybridRetriever.from_index(index, k=settings.candidates, dense_weight=settings.dense_weight)
    return Pipeline(retriever=retriever, llm=build_llm(settings), settings=settings)
