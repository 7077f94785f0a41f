"""The passage index in Chroma: opening it, checking its settings, and incremental ingestion.

Each passage is stored with its document's metadata, its offsets, the hash of its document
and the number of passages of that document, so that a run interrupted at any point (even
by `kill -9`) is finished by the next one.

Embedding is the cost of ingestion (MiniLM reads ~17 k characters/s on 2 cores), so only the
first `dense_passages` passages of each document get their own vector (`dense: True`); the
rest of a long article is found by keyword search, and stores its lead's vector only because
Chroma wants one for every row. Dense search asks for `dense: True` rows only.

    >>> index = open_index(settings, embeddings, create=True)
    >>> ingest(index, load_corpus(Path("corpus"))).added
    14
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where
from chromadb.errors import ChromaError, NotFoundError
from filelock import FileLock, Timeout
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from qa.chunking import split_document
from qa.errors import IndexCorruptError, IndexLockedError, IndexMismatchError, IndexMissingError
from qa.settings import Settings
from qa.text import fold
from qa.types import Document, Passage

FORMAT = 2  # bump when the stored layout changes
_INDEX_KEYS = ("embedding_model", "chunk_size", "chunk_overlap", "dense_passages")
_PAGE = 2000


@dataclass
class Index:
    """An open Chroma collection with the settings it was built with."""

    client: ClientAPI
    collection: Collection
    store: Chroma
    embeddings: Embeddings
    settings: Settings
    lock_path: Path

    @property
    def name(self) -> str:
        return self.collection.name

    def info(self) -> dict[str, Any]:
        """Documents, passages and last ingestion time, for display."""
        meta = self.collection.metadata or {}
        return {
            "index": self.settings.index,
            "documents": meta.get("documents", 0),
            "passages": self.collection.count(),
            "ingested_at": meta.get("ingested_at", ""),
            "embedding_model": meta.get("embedding_model", ""),
        }

    def all_passages(self) -> list[Passage]:
        """Every stored passage, for keyword search and for display."""
        out: list[Passage] = []
        for ids, docs, metas in self._pages(include=["documents", "metadatas"]):
            out += [to_passage(i, d, m) for i, d, m in zip(ids, docs, metas)]
        return out

    def _pages(self, include: list[Any]) -> Iterator[tuple[list[str], list[Any], list[Any]]]:
        offset = 0
        while True:
            got = self.collection.get(include=include, limit=_PAGE, offset=offset)
            if not got["ids"]:
                return
            yield got["ids"], got.get("documents") or [None] * len(got["ids"]), got["metadatas"] or []
            offset += len(got["ids"])


def to_passage(pid: str, text: str, meta: Any, score: float = 0.0) -> Passage:
    """A stored row back into a `Passage`."""
    keys = ("doc_id", "title", "date", "source", "url", "start", "end")
    return Passage(id=pid, text=text, score=score, **{k: meta[k] for k in keys})


def collection_name(settings: Settings) -> str:
    """Chroma wants 3–512 characters of [a-zA-Z0-9._-]."""
    safe = "".join(c if c.isalnum() or c in "._-" else "-" for c in settings.index)
    return f"qa-{safe}".strip("-.")


def make_client(settings: Settings) -> ClientAPI:
    """Embedded Chroma under the cache dir, or a Chroma server when QA_CHROMA_HOST is set."""
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except ValueError as exc:  # chromadb raises ValueError for an unreachable server
        where = f"{settings.chroma_host}:{settings.chroma_port}"
        raise IndexMissingError(f"cannot reach the Chroma server at {where} (QA_CHROMA_HOST, QA_CHROMA_PORT): {exc}") from exc
    except (ChromaError, RuntimeError, OSError) as exc:
        raise IndexCorruptError(
            f"cannot open the index at {settings.index_dir} ({exc}): remove it and run `qa ingest --rebuild`"
        ) from exc


def index_settings(settings: Settings) -> dict[str, Any]:
    """What must be the same at index time and at query time."""
    return {"format": FORMAT, **{k: getattr(settings, k) for k in _INDEX_KEYS}}


def open_index(
    settings: Settings, embeddings: Embeddings, *, create: bool = False, client: ClientAPI | None = None
) -> Index:
    """Open (or, with `create`, make) the index named by `settings.index`."""
    client = client or make_client(settings)
    name = collection_name(settings)
    try:
        if create:
            collection = client.get_or_create_collection(
                name,
                configuration={"hnsw": {"space": "cosine"}},
                metadata=index_settings(settings),
                embedding_function=None,
            )
        else:
            collection = client.get_collection(name, embedding_function=None)
    except NotFoundError as exc:
        raise IndexMissingError(f"no index {settings.index!r} yet: run `qa ingest` first") from exc
    except (ChromaError, RuntimeError, OSError) as exc:
        raise IndexCorruptError(f"cannot open index {settings.index!r} ({exc}): run `qa ingest --rebuild`") from exc
    _check_settings(collection, settings)
    lock_dir = settings.cache_dir / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    store = Chroma(client=client, collection_name=name, embedding_function=embeddings)
    return Index(client, collection, store, embeddings, settings, lock_dir / f"{name}.lock")


def _check_settings(collection: Collection, settings: Settings) -> None:
    built = {k: (collection.metadata or {}).get(k) for k in index_settings(settings)}
    wanted = index_settings(settings)
    if built != wanted:
        diff = ", ".join(f"{k}={built[k]!r} (now {wanted[k]!r})" for k in wanted if built[k] != wanted[k])
        raise IndexMismatchError(
            f"index {settings.index!r} was built with {diff}: run `qa ingest --rebuild` to rebuild it", diff
        )


def drop_index(settings: Settings, client: ClientAPI | None = None) -> None:
    """Delete the collection, for `qa ingest --rebuild`."""
    client = client or make_client(settings)
    try:
        client.delete_collection(collection_name(settings))
    except NotFoundError:
        pass


@dataclass
class IngestReport:
    """What one ingestion did."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    skipped: int = 0
    passages: int = 0
    embedded: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.removed} removed, "
            f"{self.skipped} unchanged; {self.passages} passages stored ({self.embedded} embedded) "
            f"in {self.seconds:.1f} s"
        )


def _doc_ids(ids: Sequence[str]) -> Where:
    """A Chroma filter for the rows of these documents."""
    return cast(Where, {"doc_id": {"$in": list(ids)}})


def doc_hash(doc: Document) -> str:
    """Changes whenever the text or metadata of `doc` change."""
    return hashlib.sha256(doc.model_dump_json().encode()).hexdigest()[:32]


def embedding_text(p: Passage) -> str:
    """What we embed: the title gives a short news item its context; folding matches names."""
    return fold(f"{p.title}\n{p.text}" if p.title else p.text)


def ingest(index: Index, docs: Sequence[Document], progress: bool = True, batch: int = 512) -> IngestReport:
    """Make the index hold exactly `docs`, embedding only what changed. One writer at a time."""
    try:
        with FileLock(index.lock_path, timeout=0):
            return _ingest_locked(index, docs, progress, batch)
    except Timeout as exc:
        raise IndexLockedError(
            f"another ingestion is writing index {index.settings.index!r} (lock {index.lock_path}); "
            "wait for it to finish"
        ) from exc


def _stored_state(index: Index) -> dict[str, tuple[str, int, int]]:
    """doc_id -> (hash, passages present, passages expected), over what is stored."""
    state: dict[str, tuple[str, int, int]] = {}
    for _, _, metas in index._pages(include=["metadatas"]):
        for m in metas:
            h, n, want = state.get(m["doc_id"], (m["doc_hash"], 0, m["n_passages"]))
            state[m["doc_id"]] = (h if h == m["doc_hash"] else "mixed", n + 1, want)
    return state


def _ingest_locked(index: Index, docs: Sequence[Document], progress: bool, batch: int) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    stored = _stored_state(index)
    wanted = {d.id for d in docs}
    gone = sorted(set(stored) - wanted)
    for i in range(0, len(gone), 500):
        index.collection.delete(where=_doc_ids(gone[i : i + 500]))
    report.removed = len(gone)
    todo: list[tuple[Document, str, bool]] = []  # (document, hash, has stale rows)
    for doc in docs:
        h = doc_hash(doc)
        old = stored.get(doc.id)
        if old and old[0] == h and old[1] == old[2]:
            report.skipped += 1
        else:
            todo.append((doc, h, old is not None))
            if old:
                report.changed += 1
            else:
                report.added += 1
    bar = tqdm(total=len(docs), desc="ingesting", unit="doc", disable=not progress)
    bar.update(report.skipped)
    pending: list[tuple[Document, str, bool, list[Passage]]] = []
    for doc, h, stale in todo:
        passages = split_document(doc, index.settings.chunk_size, index.settings.chunk_overlap)
        pending.append((doc, h, stale, passages))
        if sum(len(p) for *_, p in pending) >= batch:
            _write(index, pending, bar, report)
            pending = []
    _write(index, pending, bar, report)
    bar.set_postfix_str(f"+{report.added} ~{report.changed} -{report.removed} ={report.skipped}")
    bar.close()
    report.seconds = time.perf_counter() - started
    meta = {**(index.collection.metadata or {}), "documents": len(docs),
            "ingested_at": time.strftime("%Y-%m-%d %H:%M:%S")}
    index.collection.modify(metadata=meta)
    return report


def _write(
    index: Index,
    pending: list[tuple[Document, str, bool, list[Passage]]],
    bar: tqdm,  # type: ignore[type-arg]
    report: IngestReport,
) -> None:
    """Embed a batch (each document's first `dense_passages`), drop the stale rows of its
    documents, then write their passages in one upsert (Chroma is far faster in big calls)."""
    dense = index.settings.dense_passages
    texts = [embedding_text(p) for *_, ps in pending for p in ps[:dense]]
    if not texts:
        return
    vectors = iter(index.embeddings.embed_documents(texts))
    ids: list[str] = []
    rows: list[list[float]] = []
    documents: list[str] = []
    metadatas: list[Any] = []
    for _, h, _, passages in pending:
        own = [next(vectors) for _ in passages[:dense]]
        ids += [p.id for p in passages]
        rows += own + own[:1] * (len(passages) - len(own))
        documents += [p.text for p in passages]
        metadatas += [
            {**p.model_dump(exclude={"id", "text", "score"}), "doc_hash": h,
             "n_passages": len(passages), "dense": n < dense}
            for n, p in enumerate(passages)
        ]
    stale = [doc.id for doc, _, was, _ in pending if was]
    if stale:
        index.collection.delete(where=_doc_ids(stale))
    index.collection.upsert(ids=ids, embeddings=rows, documents=documents, metadatas=metadatas)  # type: ignore[arg-type]
    bar.update(len(pending))
    report.passages += len(ids)
    report.embedded += len(texts)
