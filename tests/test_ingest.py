"""Incremental ingestion into a real on-disk Chroma index, with fake embeddings.

Each test gets its own index in tmp_path (see `settings` and `make_index` in conftest).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DOCS
from filelock import FileLock
from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

from qa.errors import IndexCorruptError, IndexLockedError, IndexMismatchError, IndexMissingError, QAError
from qa.index import Index, index_settings, ingest, open_index
from qa.retrieval import HybridRetriever
from qa.settings import Settings
from qa.types import Document


class CountingEmbeddings(Embeddings):
    """Deterministic fake vectors that remember every text they were asked to embed."""

    def __init__(self) -> None:
        self.inner = DeterministicFakeEmbedding(size=32)
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def stored(index: Index) -> dict[str, str]:
    """Passage id -> passage text, for everything in the index."""
    got = index.collection.get(include=["documents"])
    return dict(zip(got["ids"], got["documents"] or []))


def doc_ids(index: Index) -> set[str]:
    return {p.doc_id for p in index.all_passages()}


def test_reingesting_an_unchanged_corpus_embeds_nothing(settings: Settings) -> None:
    embeddings = CountingEmbeddings()
    index = open_index(settings, embeddings, create=True)
    first = ingest(index, DOCS, progress=False)
    assert first.added == len(DOCS) and embeddings.embedded
    embeddings.embedded.clear()
    before = stored(index)

    again = ingest(open_index(settings, embeddings), DOCS, progress=False)

    assert embeddings.embedded == []
    assert (again.added, again.changed, again.removed, again.skipped) == (0, 0, 0, len(DOCS))
    assert stored(index) == before


def test_a_changed_document_is_replaced(make_index: Callable[..., Index]) -> None:
    index = make_index(DOCS)
    changed = DOCS[0].model_copy(update={"text": "Bitel now belongs to a new owner. Nothing else."})

    report = ingest(index, [changed, *DOCS[1:]], progress=False)

    texts = [t for pid, t in stored(index).items() if pid.startswith("peru#")]
    assert report.changed == 1 and report.skipped == len(DOCS) - 1
    assert texts == ["Bitel now belongs to a new owner. Nothing else."]
    assert not any("Chancay" in t for t in stored(index).values())


def test_a_changed_document_with_fewer_passages_leaves_no_stale_passage(
    make_index: Callable[..., Index],
) -> None:
    long_doc = Document(id="long", title="Long", text=" ".join(f"Sentence number {n}." for n in range(200)))
    index = make_index([long_doc], chunk_size=100)
    assert len([p for p in stored(index) if p.startswith("long#")]) > 3

    ingest(index, [long_doc.model_copy(update={"text": "Now short."})], progress=False)

    assert stored(index) == {"long#0": "Now short."}


def test_a_deleted_document_is_removed(make_index: Callable[..., Index]) -> None:
    index = make_index(DOCS)

    report = ingest(index, DOCS[1:], progress=False)

    assert report.removed == 1
    assert doc_ids(index) == {d.id for d in DOCS[1:]}
    assert not any(pid.startswith("peru#") for pid in stored(index))


def test_ids_are_deterministic_and_unique(make_index: Callable[..., Index], settings: Settings) -> None:
    first = make_index(DOCS)
    other = make_index(DOCS, index=settings.index + "-b")

    ids = first.collection.get()["ids"]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(other.collection.get()["ids"])
    assert all(pid.split("#")[0] in {d.id for d in DOCS} for pid in ids)
    ingest(first, DOCS, progress=False)
    assert sorted(first.collection.get()["ids"]) == sorted(ids)


def test_the_index_records_its_settings(make_index: Callable[..., Index], settings: Settings) -> None:
    index = make_index(DOCS, chunk_size=300, chunk_overlap=20)

    meta = index.collection.metadata or {}

    wanted = index_settings(settings.model_copy(update={"chunk_size": 300, "chunk_overlap": 20}))
    assert {k: meta[k] for k in wanted} == wanted
    assert meta["embedding_model"] == settings.embedding_model
    assert meta["documents"] == len(DOCS)


def test_only_the_lead_passages_of_a_long_document_are_embedded(settings: Settings) -> None:
    long_doc = Document(id="long", title="Long", text="\n\n".join(
        f"Paragraph {n} is about the {word} harbour and nothing else at all, really." for n, word in
        enumerate(["north", "south", "east", "west", "old", "new"])
    ))
    embeddings = CountingEmbeddings()
    s = settings.model_copy(update={"chunk_size": 80, "dense_passages": 2})
    index = open_index(s, embeddings, create=True)

    report = ingest(index, [long_doc], progress=False)

    assert (report.passages, report.embedded) == (6, 2) and len(embeddings.embedded) == 2
    assert "north" in embeddings.embedded[0] and "south" in embeddings.embedded[1]
    retriever = HybridRetriever.from_index(index, k=10)
    assert {p.id for p, _ in retriever.dense("harbour", 10)} == {"long#0", "long#1"}
    assert retriever.keyword.search("west harbour", 10)[0][0].id == "long#3"


@pytest.mark.parametrize(
    "change",
    [{"chunk_size": 800}, {"chunk_overlap": 50}, {"embedding_model": "other"}, {"dense_passages": 3}],
)
def test_opening_with_other_index_settings_says_rebuild(
    make_index: Callable[..., Index], settings: Settings, change: dict[str, object]
) -> None:
    make_index(DOCS)

    with pytest.raises(IndexMismatchError, match="qa ingest --rebuild"):
        open_index(settings.model_copy(update=change), DeterministicFakeEmbedding(size=32))


def test_a_missing_index_says_ingest(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="qa ingest"):
        open_index(settings, DeterministicFakeEmbedding(size=32))


def test_a_second_ingestion_fails_fast_while_one_is_running(make_index: Callable[..., Index]) -> None:
    index = make_index(DOCS)
    changed = DOCS[0].model_copy(update={"text": "Changed while locked."})

    with FileLock(index.lock_path, timeout=0), pytest.raises(IndexLockedError, match="another ingestion"):
        ingest(index, [changed], progress=False)

    assert "Changed while locked." not in stored(index).values()
    assert ingest(index, [changed], progress=False).changed == 1  # the lock is free again


@pytest.mark.parametrize("garbage", [b"garbage" * 1000, b"", b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_corrupt_index_is_a_clear_error(
    make_index: Callable[..., Index], settings: Settings, garbage: bytes
) -> None:
    make_index(DOCS)
    (settings.index_dir / "chroma.sqlite3").write_bytes(garbage)

    with pytest.raises(IndexCorruptError, match="qa ingest --rebuild") as caught:
        open_index(settings, DeterministicFakeEmbedding(size=32))

    assert isinstance(caught.value, QAError) and str(settings.index_dir) in str(caught.value)


def test_a_truncated_index_database_is_a_corrupt_index(make_index: Callable[..., Index], settings: Settings) -> None:
    make_index(DOCS)
    db: Path = settings.index_dir / "chroma.sqlite3"
    db.write_bytes(db.read_bytes()[:5000])

    with pytest.raises(IndexCorruptError, match="qa ingest --rebuild"):
        open_index(settings, DeterministicFakeEmbedding(size=32))
