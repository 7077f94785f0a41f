"""The real thing: the local Qwen GGUF, real MiniLM embeddings and real Chroma on the
seed corpus. Slow (a few minutes on 2 cores); asserts on facts, never on wording or speed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.corpus import load_corpus
from qa.factory import build_index, build_pipeline
from qa.index import ingest
from qa.pipeline import Pipeline
from qa.settings import Settings
from qa.text import fold

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, real_model_path: Path) -> Iterator[Pipeline]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("cache"), model_path=real_model_path)
    index = build_index(settings, create=True)
    ingest(index, load_corpus(ROOT / "corpus"), progress=False)
    yield build_pipeline(settings, index=index)


def cited_texts(result) -> str:  # type: ignore[no-untyped-def]
    return fold(" ".join(c.text for c in result.citations))


@pytest.mark.parametrize("question", [
    "Which Vietnamese company runs the Bitel telecommunications project in Peru?",
    "Which company runs Bitel in Peru?",  # the README's example, shorter and vaguer
])
def test_answer_streams_and_cites_the_passage_that_holds_it(pipeline: Pipeline, question: str) -> None:
    stream = pipeline.stream(question)
    tokens = list(stream)
    result = stream.result
    assert len(tokens) > 1
    assert not result.abstained
    assert "viettel" in fold(result.text)
    assert "bitel" in cited_texts(result)
    assert result.usage.prompt_tokens > 0 and result.usage.first_token_s is not None


def test_name_with_diacritics_finds_the_article_without_them(pipeline: Pipeline) -> None:
    result = pipeline.answer("What did Lương Cường congratulate Peru on?")
    assert not result.abstained
    assert "apec" in fold(result.text)
    assert "apec" in cited_texts(result)


def test_follow_up_is_rewritten_from_the_conversation(pipeline: Pipeline) -> None:
    history = [("Who did Vietnam's State President Luong Cuong meet in Lima?",
                "He met Peru's President Dina Boluarte [1].")]
    result = pipeline.answer("Which port did she say would be inaugurated during APEC week?", history)
    assert "boluarte" in fold(result.query) or "dina" in fold(result.query)
    assert not result.abstained
    assert "chancay" in fold(result.text)
    assert "chancay" in cited_texts(result)


def test_unanswerable_question_is_declined_without_citations(pipeline: Pipeline) -> None:
    result = pipeline.answer("What was Peru's GDP in 2023?")
    assert result.abstained
    assert result.citations == []
    assert "corpus" in result.text.lower()
