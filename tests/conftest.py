"""Shared fixtures. Every test runs with its state in tmp_path and no network but loopback.

Logic tests use `fake_pipeline` (real Chroma on disk in tmp_path, deterministic fake
embeddings, a scripted fake chat model); tests marked `slow` use the real local model.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa.index import Index, ingest, open_index
from qa.pipeline import Pipeline
from qa.retrieval import HybridRetriever
from qa.settings import Settings
from qa.types import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and host not in LOOPBACK and not str(host).startswith("127."):
        raise OSError(f"tests may not reach the network: connect to {address!r} refused")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No QA_* variable from the developer's shell, no qa.toml, caches in tmp_path."""
    import os

    for name in list(os.environ):
        if name.startswith("QA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("QA_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # verify=False: a fake chat model's replies come in turn; tests of the check turn it on.
    return Settings(cache_dir=tmp_path / "cache", index=f"test-{uuid.uuid4().hex[:8]}", verify=False)


DOCS = [
    Document(id="peru", title="Vietnam, Peru hold talks", date="2024-11-13", source="VNA",
             text="Viettel runs the Bitel telecommunications project in Peru. "
                  "The Chancay port will be inaugurated during APEC week."),
    Document(id="award", title="Leaders meet in Lima", date="2024-11-14", source="VNS",
             text="Boluarte presented the Grand Cross of the Order of the Sun of Peru to Lương Cường."),
    Document(id="poland", title="Vietnam, Poland hold consultation", source="VNA",
             text="The Vietnam-Poland political consultation was held in Warsaw on July 8."),
]


@pytest.fixture
def fake_embeddings() -> DeterministicFakeEmbedding:
    return DeterministicFakeEmbedding(size=32)


@pytest.fixture
def make_index(settings: Settings, fake_embeddings: DeterministicFakeEmbedding) -> Callable[..., Index]:
    def make(docs: list[Document] = DOCS, **overrides: Any) -> Index:
        s = settings.model_copy(update=overrides)
        index = open_index(s, fake_embeddings, create=True)
        ingest(index, docs, progress=False)
        return index

    return make


@pytest.fixture
def fake_pipeline(settings: Settings, make_index: Callable[..., Index]) -> Callable[..., Pipeline]:
    """A pipeline over DOCS whose chat model replies with the given responses, in turn."""

    def make(*responses: str, docs: list[Document] = DOCS) -> Pipeline:
        index = make_index(docs)
        llm = FakeListChatModel(responses=list(responses) or ["The corpus does not say."])
        return Pipeline(HybridRetriever.from_index(index, k=10), llm, settings)

    return make


@pytest.fixture(scope="session")
def real_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real GGUF: the one `qa` already assembled in the user's default cache if there is
    one (only read), else assembled from the installed chunk packages into a temporary dir.
    Skips if the packages are not installed."""
    from qa.errors import ModelError
    from qa.models import GGUF_NAME, GGUF_SIZE, local_model_path

    built = Settings.model_fields["cache_dir"].default / "models" / GGUF_NAME
    if built.is_file() and built.stat().st_size == GGUF_SIZE:
        return built
    try:
        return local_model_path(Settings(cache_dir=tmp_path_factory.mktemp("models"), model_path=None))
    except ModelError as exc:
        pytest.skip(f"no local model: {exc}")


@pytest.fixture
def gradio_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For UI tests: Gradio's scratch folder under tmp_path (not /tmp/gradio), and the event
    loops every gr.Blocks opens for its queue and never closes, closed here."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    monkeypatch.setattr("gradio.routes.DEFAULT_TEMP_DIR", str(tmp_path / "gradio"))  # read at import
    yield
    try:
        asyncio.get_event_loop_policy().get_event_loop().close()
    except RuntimeError:  # no loop set: nothing to close
        pass
    asyncio.set_event_loop(None)
    gc.collect()
