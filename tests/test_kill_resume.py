"""A real `kill -9` in the middle of an ingestion, then a resumed run.

A child process ingests ~300 generated documents with fake embeddings that sleep a
little per batch and print `batch N` after each one; the test kills it with SIGKILL
after some batches, runs the ingestion again, and compares the index with one built
without interruption.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from qa.index import Index, ingest, open_index
from qa.settings import Settings
from qa.types import Document

N_DOCS = 300
CHUNK_SIZE = 200
BATCH = 40

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from langchain_core.embeddings import DeterministicFakeEmbedding
    from qa.index import Index, ingest, open_index
    from qa.settings import Settings
    from test_kill_resume import corpus, CHUNK_SIZE, BATCH

    batches = 0

    class SlowEmbeddings(DeterministicFakeEmbedding):
        def embed_documents(self, texts):
            global batches
            time.sleep(float(sys.argv[3]))
            vectors = super().embed_documents(texts)
            batches += 1
            print(f"batch {batches}", flush=True)
            return vectors

    settings = Settings(cache_dir=Path(sys.argv[1]), index=sys.argv[2], chunk_size=CHUNK_SIZE)
    index = open_index(settings, SlowEmbeddings(size=32), create=True)
    ingest(index, corpus(), progress=False, batch=BATCH)
    print("done", flush=True)
    """
)


def corpus() -> list[Document]:
    """Documents of 2–4 passages each, different enough to tell apart."""
    return [
        Document(
            id=f"doc-{n:03d}",
            title=f"Story {n}",
            date=f"2024-01-{n % 28 + 1:02d}",
            text=" ".join(f"Item {n} sentence {k} says something about topic {n * k % 97}." for k in range(8 + n % 12)),
        )
        for n in range(N_DOCS)
    ]


def settings_for(cache: Path, name: str) -> Settings:
    return Settings(cache_dir=cache, index=name, chunk_size=CHUNK_SIZE)


def snapshot(settings: Settings) -> dict[str, tuple[str, dict[str, Any], list[float]]]:
    """Passage id -> (text, metadata, embedding), with every id checked unique."""
    index = open_index(settings, DeterministicFakeEmbedding(size=32))
    got = index.collection.get(include=["documents", "metadatas", "embeddings"])
    assert len(got["ids"]) == len(set(got["ids"])) == index.collection.count()
    rows = zip(got["ids"], got["documents"] or [], got["metadatas"] or [], got["embeddings"])
    return {pid: (doc, dict(meta), [round(float(x), 5) for x in emb]) for pid, doc, meta, emb in rows}


def without_time(meta: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (meta or {}).items() if k != "ingested_at"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, Any]]:
    """The same corpus, ingested without interruption."""
    settings = settings_for(tmp_path_factory.mktemp("reference"), "reference")
    ingest(open_index(settings, DeterministicFakeEmbedding(size=32), create=True), corpus(), progress=False)
    return settings, snapshot(settings)


def run_until_killed(settings: Settings, after_batches: int, tmp_path: Path) -> None:
    """Start the ingesting child and SIGKILL it as it starts writing batch `after_batches`."""
    script = tmp_path / "slow_ingest.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    command = [sys.executable, str(script), str(settings.cache_dir), settings.index, "0.05"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as child:
        try:
            assert child.stdout is not None
            lines = (line.strip() for line in child.stdout)
            last = next((line for line in lines if line in (f"batch {after_batches}", "done")), "eof")
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
    assert last == f"batch {after_batches}", f"the child ended ({last}) before it could be killed"
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("after_batches", [2, 20])
def test_ingestion_killed_with_sigkill_is_finished_by_the_next_run(
    tmp_path: Path, reference: tuple[Settings, dict[str, Any]], after_batches: int
) -> None:
    ref_settings, ref_rows = reference
    settings = settings_for(tmp_path / "cache", "killed")
    run_until_killed(settings, after_batches, tmp_path)
    partial = snapshot(settings)
    assert len(partial) < len(ref_rows), "the kill should land before the ingestion ends"
    assert after_batches == 1 or partial, "earlier batches should be stored"

    index = open_index(settings, DeterministicFakeEmbedding(size=32))
    report = ingest(index, corpus(), progress=False)

    assert report.added + report.changed + report.skipped == N_DOCS
    assert snapshot(settings) == ref_rows
    ref_index = open_index(ref_settings, DeterministicFakeEmbedding(size=32))
    assert without_time(index.collection.metadata) == without_time(ref_index.collection.metadata)
    dense = sorted(pid for pid, (_, meta, _) in ref_rows.items() if meta["dense"])
    assert_vector_search_finds(index, dense[:: len(dense) // 40])


def assert_vector_search_finds(index: Index, ids: list[str]) -> None:
    """The vector segment (not only SQLite) holds these passages: each is its own nearest
    among the passages with their own vector."""
    got = index.collection.get(ids=ids, include=["embeddings"])
    hits = index.collection.query(query_embeddings=got["embeddings"], n_results=1, where={"dense": True})
    assert [found[0] for found in hits["ids"]] == got["ids"]
