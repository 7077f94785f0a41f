"""The `qa eval` run: questions, rows, errors, resume, indexing and the CLI.

Logic tests use the fake pipeline of conftest.py; `test_eval_end_to_end` runs the real
local model on four questions over the repository's corpus (marked slow).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCS, ROOT
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from typer.testing import CliRunner

import qa.factory
from qa.cli import app
from qa.errors import InputError
from qa.evaluate import (
    Question,
    RunInfo,
    answer_row,
    default_out,
    default_report,
    effective_concurrency,
    eval_index_name,
    expected_of,
    index_corpus,
    load_questions,
    read_rows,
    run,
    run_eval,
)
from qa.index import Index, open_index
from qa.models import GGUF_NAME
from qa.pipeline import AnswerStream, Pipeline
from qa.retrieval import HybridRetriever
from qa.settings import Settings

BITEL = "Viettel runs the Bitel telecommunications project in Peru [1]."
FIELDS = {"id", "question", "answer", "abstained", "citations", "passages", "latency_s", "first_token_s",
          "prompt_tokens", "completion_tokens", "correct", "error"}


def q(qid: str, question: str = "Which company runs the Bitel project?", **fields: Any) -> Question:
    return Question(id=qid, question=question, answers=fields.pop("answers", [["Viettel"]]),
                    evidence=["Bitel telecommunications"], type="factoid", **fields)


def write_questions(path: Path, questions: list[Question]) -> Path:
    path.write_text("".join(x.model_dump_json() + "\n" for x in questions), encoding="utf-8")
    return path


class Spy:
    """Wraps a pipeline's `stream`: records each call and can fail on a chosen question."""

    def __init__(self, pipeline: Pipeline, fail_on: str | None = None, error: BaseException | None = None):
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []
        self.fail_on, self.error, self.real = fail_on, error, pipeline.stream
        pipeline.stream = self  # type: ignore[method-assign]

    def __call__(self, question: str, history: Any = ()) -> AnswerStream:
        self.calls.append((question, list(history)))
        if question == self.fail_on and self.error is not None:
            raise self.error
        return self.real(question, history)


# Question files and rows.

def test_load_questions(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": 7, "question": "Who?", "answers": [["A"]], "history": [["Hi", "Hello"]], "answerable": true,'
        ' "type": "follow-up", "asked_on": "2022-07-14", "unknown": 1}\n\n'
        '{"id": "n", "question": "Why?", "answers": [], "answerable": false}\n'
    )
    first, second = load_questions(path)
    assert first.id == "7" and first.history == [("Hi", "Hello")] and first.answers == [["A"]]
    assert not second.answerable and second.evidence == [] and second.type == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "a", "question": "Q?"}\n{"id": "a", "question": "R?"}\n', "repeat"),
        ('{"id": "a", "question": "Q?"}\n{"id": "b"}\n', "q.jsonl:2"),
        ('{"id": "a", "question": "Q?"}\nnot json\n', "q.jsonl:2"),
    ],
)
def test_bad_question_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_questions(path)


def test_row_fields(fake_pipeline: Callable[..., Pipeline]) -> None:
    row = answer_row(fake_pipeline(BITEL), q("bitel"), RunInfo("fake", "qa-x", 1.5, 3))
    assert FIELDS <= set(row)
    assert row["correct"] is True and row["error"] is None and row["abstained"] is False
    assert row["answer"] == BITEL.replace("[1]", f"[{row['citations'][0]['marker']}]")
    assert row["citations"][0]["doc_id"] == "peru" and "Bitel" in row["citations"][0]["text"]
    assert row["passages"][0].keys() >= {"doc_id", "text", "score"}
    scores = [p["score"] for p in row["passages"]]
    assert scores == sorted(scores, reverse=True)
    assert row["latency_s"] >= 0 and row["first_token_s"] is not None
    assert row["expected"]["evidence"] == ["Bitel telecommunications"] and row["type"] == "factoid"
    assert (row["model"], row["index"], row["ingest_s"], row["embedded_passages"]) == ("fake", "qa-x", 1.5, 3)
    assert row["peak_rss_mb"] > 0
    json.dumps(row)  # a row is plain JSON


def test_a_distractor_in_the_answer_is_wrong(fake_pipeline: Callable[..., Pipeline]) -> None:
    # The distractor is a name of the cited article: an answer may name only what it cites.
    pipeline = fake_pipeline("Viettel, not the Chancay port, runs the Bitel telecommunications project [1].")
    row = answer_row(pipeline, q("mc", distractors=["Chancay"]))
    assert row["abstained"] is False and row["correct"] is False


def test_unanswerable_declined_is_correct(fake_pipeline: Callable[..., Pipeline]) -> None:
    row = answer_row(fake_pipeline("The corpus does not say."), q("none", answers=[], answerable=False))
    assert row["abstained"] is True and row["correct"] is True and row["citations"] == []


def test_follow_up_history_reaches_the_pipeline(fake_pipeline: Callable[..., Pipeline]) -> None:
    # With history the pipeline first rewrites the question (first reply), then answers (second).
    pipeline = fake_pipeline("What honour did Lương Cường receive?",
                             "He received the Grand Cross of the Order of the Sun of Peru [1].")
    spy = Spy(pipeline)
    history = [("Who is Vietnam's State President?", "Vietnam's State President is Luong Cuong.")]
    question = q("follow", "What honour did he receive?", answers=[["Grand Cross"], ["Sun of Peru"]],
                 history=history)
    row = answer_row(pipeline, question)
    assert spy.calls == [("What honour did he receive?", history)]
    assert row["query"] == "What honour did Lương Cường receive?"
    assert row["history"] == [list(history[0])]
    assert row["correct"] is True


# The run: errors, resume, concurrency.

def test_an_error_is_recorded_and_the_run_goes_on(
    fake_pipeline: Callable[..., Pipeline], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pipeline = fake_pipeline(BITEL)
    Spy(pipeline, fail_on="boom?", error=RuntimeError("kaput"))
    questions = [q("a"), q("too-long", "x" * 5000), q("boom", "boom?"), q("b")]
    out = tmp_path / "results.jsonl"
    with caplog.at_level(logging.ERROR, logger="qa.evaluate"):
        rows = run(pipeline, questions, out, progress=False)
    by_id = {r["id"]: r for r in read_rows(out)}
    assert [r["id"] for r in rows] == list(by_id) == ["a", "too-long", "boom", "b"]
    assert by_id["a"]["correct"] and by_id["b"]["correct"]
    assert by_id["too-long"]["error"].startswith("InputError: the question has 5,000 characters")
    assert by_id["boom"]["error"] == "unexpected RuntimeError: kaput" and "boom failed" in caplog.text
    boom = by_id["boom"]
    assert not boom["correct"] and boom["answer"] == "" and boom["latency_s"] is None


def test_resume_after_an_interruption(fake_pipeline: Callable[..., Pipeline], tmp_path: Path) -> None:
    questions = [q("a"), q("b", "Who runs Bitel?"), q("c")]
    out = tmp_path / "results.jsonl"
    first = fake_pipeline(BITEL)
    Spy(first, fail_on="Who runs Bitel?", error=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        run(first, questions, out, progress=False)
    assert [r["id"] for r in read_rows(out)] == ["a"]
    before = out.read_text()
    second = fake_pipeline(BITEL)
    spy = Spy(second)
    rows = run(second, questions, out, progress=False)
    assert [question for question, _ in spy.calls] == ["Who runs Bitel?", questions[2].question]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert out.read_text().startswith(before) and len(out.read_text().splitlines()) == 3


def test_resume_drops_a_line_cut_short_and_retries_errors(
    fake_pipeline: Callable[..., Pipeline], tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    pipeline = fake_pipeline(BITEL)
    run(pipeline, [q("a"), q("b", "x" * 5000)], out, progress=False)
    with out.open("a") as f:
        f.write('{"id": "c", "answ')  # killed while writing
    assert [r["id"] for r in read_rows(out)] == ["a", "b"]
    spy = Spy(pipeline)
    rows = run(pipeline, [q("a"), q("b", "Who runs Bitel?"), q("c")], out, progress=False)
    assert [question for question, _ in spy.calls] == ["Who runs Bitel?", q("c").question]
    assert all(r["error"] is None for r in rows) and [r["id"] for r in rows] == ["a", "b", "c"]
    assert all(json.loads(line) for line in out.read_text().splitlines())  # every line whole again


def test_concurrent_run_answers_everything(fake_pipeline: Callable[..., Pipeline], tmp_path: Path) -> None:
    rows = run(fake_pipeline(BITEL), [q(f"q{n}") for n in range(6)], tmp_path / "r.jsonl", concurrency=3,
               progress=False)
    assert sorted(r["id"] for r in rows) == [f"q{n}" for n in range(6)] and all(r["correct"] for r in rows)
    assert len(read_rows(tmp_path / "r.jsonl")) == 6


def test_local_model_runs_one_question_at_a_time() -> None:
    notes: list[str] = []
    assert effective_concurrency(Settings(), 4, notes.append) == 1 and "QA_LLM_BASE_URL" in notes[0]
    assert effective_concurrency(Settings(llm_base_url="http://127.0.0.1:9/v1"), 4, notes.append) == 4
    assert len(notes) == 1


def test_names_and_paths(tmp_path: Path) -> None:
    jsonl = tmp_path / "squad2-500" / "corpus.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text("")
    name = eval_index_name(jsonl)
    assert name.startswith("eval-squad2-500-corpus-") and name == eval_index_name(jsonl)
    assert eval_index_name(ROOT / "corpus").startswith("eval-corpus-")
    assert eval_index_name(ROOT / "corpus") != eval_index_name(tmp_path / "corpus")
    pack = tmp_path / "seed-news" / "questions_dev.jsonl"
    assert default_out(pack) == Path("eval-seed-news-questions_dev.jsonl")
    assert default_report(tmp_path / "r.jsonl") == tmp_path / "r-report.md"


# Indexing a corpus of its own, and the whole command, with fake models.

@pytest.fixture
def fake_factory(monkeypatch: pytest.MonkeyPatch, fake_embeddings: DeterministicFakeEmbedding) -> None:
    """`qa.factory` building fake models, so `qa eval` runs end to end in a second."""

    def build_index(settings: Settings, create: bool = False) -> Index:
        return open_index(settings, fake_embeddings, create=create)

    def build_pipeline(settings: Settings, index: Index | None = None) -> Pipeline:
        llm = FakeListChatModel(responses=[BITEL])
        return Pipeline(HybridRetriever.from_index(index or build_index(settings), k=10), llm, settings)

    monkeypatch.setattr(qa.factory, "build_index", build_index)
    monkeypatch.setattr(qa.factory, "build_pipeline", build_pipeline)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "news" / "corpus.jsonl"
    path.parent.mkdir()
    path.write_text("".join(d.model_dump_json() + "\n" for d in DOCS))
    return path


def test_index_corpus_is_incremental(fake_factory: None, settings: Settings, corpus: Path) -> None:
    named = settings.model_copy(update={"index": eval_index_name(corpus)})
    index, first = index_corpus(named, corpus, progress=False)
    assert first.passages == 3 and index.name == f"qa-{eval_index_name(corpus)}"
    _, second = index_corpus(named, corpus, progress=False)
    assert second.passages == 0 and second.skipped == 3


def test_run_eval_refuses_results_of_other_questions(tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "results.jsonl"
    out.write_text('{"id": "other", "answer": ""}\n')
    with pytest.raises(InputError, match="give another --out"):
        run_eval(settings, write_questions(tmp_path / "q.jsonl", [q("a")]), out)


def test_cli_eval_with_fake_models(fake_factory: None, corpus: Path, tmp_path: Path) -> None:
    unanswerable = q("none", answers=[], answerable=False)
    questions = write_questions(tmp_path / "q.jsonl", [q("a"), q("b"), unanswerable])
    out, report = tmp_path / "run" / "results.jsonl", tmp_path / "run" / "report.md"
    args = ["eval", "--questions", str(questions), "--corpus", str(corpus), "--out", str(out),
            "--report", str(report), "--concurrency", "4"]
    first = CliRunner().invoke(app, [*args, "--limit", "2"])
    assert first.exit_code == 0, first.output
    assert "ignored" in first.output and "3 added" in first.output and "score 100.0 % (2/2)" in first.output
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "1 of 3 questions to answer" in second.output and "(0 embedded)" in second.output
    rows = read_rows(out)
    assert [r["embedded_passages"] for r in rows] == [3, 3, 0]
    assert rows[0]["index"] == eval_index_name(corpus)
    fig = json.loads(report.with_suffix(".json").read_text())
    assert fig["score"] == {"hits": 2, "of": 3, "value": 0.6667}  # the fake answers the unanswerable
    assert fig["embedded_passages"] == 3 and fig["hit@20"]["value"] == 1.0
    third = CliRunner().invoke(app, args)
    assert "all 3 questions already answered" in third.output


# The real thing.

SEED_QUESTIONS = [
    {"id": "viettel",
     "question": "Which Vietnamese company runs the Bitel telecommunications project in Peru?",
     "answers": [["Viettel"]], "evidence": ["Bitel telecommunications project"], "type": "factoid",
     "history": [], "answerable": True},
    {"id": "none-pm", "question": "Who is the Prime Minister of Peru?", "answers": [], "evidence": [],
     "type": "unanswerable", "history": [], "answerable": False},
    {"id": "follow-honour", "question": "What honour did he receive from the Peruvian President?",
     "answers": [["Grand Cross"], ["Sun of Peru"]], "evidence": ["Grand Cross of the Order"],
     "type": "follow-up",
     "history": [["Who is Vietnam's State President?", "Vietnam's State President is Luong Cuong."]],
     "answerable": True},
    {"id": "diacritics-warsaw", "question": "Where did Việt Nam and Poland hold their political consultation?",
     "answers": [["Warsaw"]], "evidence": ["Warsaw on July 8"], "type": "other-article", "history": [],
     "answerable": True},
]


@pytest.fixture
def local_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The model assembled in the user's cache when there is one; else the packaged chunks."""
    assembled = Path.home() / ".cache" / "qa" / "models" / GGUF_NAME
    if assembled.is_file():
        monkeypatch.setenv("QA_MODEL_PATH", str(assembled))
    yield


@pytest.mark.slow
def test_eval_end_to_end(local_model: None, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps(x) + "\n" for x in SEED_QUESTIONS))
    out, report = tmp_path / "results.jsonl", tmp_path / "report.md"
    args = ["eval", "--questions", str(questions), "--corpus", str(ROOT / "corpus"), "--out", str(out),
            "--report", str(report)]
    first = CliRunner().invoke(app, [*args, "--limit", "3"])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(app, args)  # resumes: one question left, nothing to embed
    assert second.exit_code == 0, second.output
    rows = read_rows(out)
    assert [r["id"] for r in rows] == [x["id"] for x in SEED_QUESTIONS]
    assert all(FIELDS <= set(r) and r["error"] is None for r in rows)
    assert rows[0]["embedded_passages"] > 0 and rows[3]["embedded_passages"] == 0
    assert all(r["prompt_tokens"] > 0 and r["latency_s"] > 0 for r in rows)
    for row in rows[:1] + rows[3:]:  # asked as written (no rewrite): retrieval is deterministic
        expected = expected_of(row)
        assert any(expected.relevant(p["doc_id"], p["text"]) for p in row["passages"][:5]), row["id"]
    fig = json.loads(report.with_suffix(".json").read_text())
    assert fig["questions"] == 4 and fig["embedded_passages"] == rows[0]["embedded_passages"]
    assert report.with_suffix(".png").is_file() and "## By question type" in report.read_text()
