"""`qa eval`: ask every question of a benchmark file, judge the answers, write one JSON line each.

The results file is the record of the run: it is appended to and flushed after each
question, so an interrupted run is resumed by running the same command again (questions
answered without error are skipped; those that failed are asked again, and the last row
of an id counts). The report is computed from it alone (`qa.report`).

    >>> questions = load_questions(Path("questions_dev.jsonl"))
    >>> pipeline, info = open_pipeline(Settings(), corpus=Path("corpus.jsonl"))
    >>> rows = run(pipeline, questions, Path("results.jsonl"), info=info)
    >>> sorted(rows[0])[:4]
    ['abstained', 'answer', 'answerable', 'citations']
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import resource
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field, ValidationError
from tqdm import tqdm

from qa.errors import InputError, QAError
from qa.matching import Expected
from qa.settings import Settings

if TYPE_CHECKING:  # the heavy parts are imported only when a run needs them
    from qa.index import Index, IngestReport
    from qa.pipeline import Pipeline
    from qa.types import Answer

log = logging.getLogger(__name__)
Row = dict[str, Any]
Say = Callable[[str], None]


class Question(Expected):
    """One line of a benchmark's `questions_*.jsonl` (see the benchmarks' README).

    >>> Question(id="q1", question="Who runs Bitel?", answers=[["Viettel"]]).answerable
    True
    """

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    id: str
    question: str
    history: list[tuple[str, str]] = Field(default_factory=list)
    type: str = ""
    asked_on: str = ""

    def expected(self) -> dict[str, Any]:
        """The fields a row keeps to be judged again later, without the question file."""
        return self.model_dump(include={"answers", "distractors", "evidence", "evidence_docs"})


@dataclass
class RunInfo:
    """What a run used, written into each of its rows."""

    model: str = ""
    index: str = ""
    ingest_s: float | None = None
    embedded_passages: int | None = None


def load_questions(path: Path) -> list[Question]:
    """The questions of a `.jsonl` file, in order; a bad line or a repeated id is an `InputError`.

    >>> [q.id for q in load_questions(Path("questions_dev.jsonl"))][:1]
    ['vna-relations']
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the questions {path}: {exc.strerror} (--questions)") from exc
    questions = [_question(line, path, n) for n, line in enumerate(lines, 1) if line.strip()]
    ids = [q.id for q in questions]
    if len(set(ids)) < len(ids):
        raise InputError(f"{path}: question ids repeat, e.g. {next(i for i in ids if ids.count(i) > 1)!r}")
    return questions


def _question(line: str, path: Path, n: int) -> Question:
    try:
        return Question.model_validate_json(line)
    except ValidationError as exc:
        raise InputError(f"{path}:{n}: not a question line ({exc.errors()[0]['msg']})") from exc


def default_out(questions: Path) -> Path:
    """Where results go without --out: named after the question file, in the working directory.

    >>> default_out(Path("benchmarks/seed-news/questions_dev.jsonl"))
    PosixPath('eval-seed-news-questions_dev.jsonl')
    """
    return Path(f"eval-{questions.resolve().parent.name}-{questions.stem}.jsonl")


def default_report(out: Path) -> Path:
    """Where the report goes without --report: beside the results.

    >>> default_report(Path("runs/seed.jsonl"))
    PosixPath('runs/seed-report.md')
    """
    return out.with_name(f"{out.stem}-report.md")


def eval_index_name(corpus: Path) -> str:
    """An index of its own for each corpus path, so runs on it are incremental.

    >>> eval_index_name(Path("/data/squad2-500/corpus.jsonl"))
    'eval-squad2-500-corpus-b43a1c7e'
    """
    path = corpus.expanduser().resolve()
    label = f"{path.parent.name}-{path.stem}" if path.is_file() or path.suffix else path.name
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", label).strip("-")[:40] or "corpus"
    return f"eval-{slug}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"


def index_corpus(
    settings: Settings, corpus: Path, progress: bool = True, say: Say = print
) -> tuple[Index, IngestReport]:
    """Open (or create) the index named by `settings` and make it hold `corpus`, incrementally."""
    from qa.corpus import load_corpus
    from qa.factory import index_for_ingest
    from qa.index import ingest

    docs = load_corpus(corpus)  # read everything first: a bad file changes nothing
    index = index_for_ingest(settings, say=say)
    return index, ingest(index, docs, progress=progress)


def open_pipeline(
    settings: Settings, corpus: Path | None = None, say: Say = print, progress: bool = True
) -> tuple[Pipeline, RunInfo]:
    """The real pipeline, over `corpus` indexed into its own index when given."""
    from qa.factory import build_pipeline

    info, index = RunInfo(), None
    if corpus is not None:
        settings = settings.model_copy(update={"index": eval_index_name(corpus), "corpus": corpus})
        index, report = index_corpus(settings, corpus, progress, say)
        info = RunInfo(ingest_s=round(report.seconds, 3), embedded_passages=report.embedded)
        say(f"index {settings.index!r}: {report.summary()}")
    pipeline = build_pipeline(settings, index)
    about = pipeline.info()
    return pipeline, RunInfo(about["model"], about["index"], info.ingest_s, info.embedded_passages)


def effective_concurrency(settings: Settings, wanted: int, say: Say = print) -> int:
    """`wanted` for a remote endpoint; 1 for the local model, which answers one at a time."""
    if wanted > 1 and not settings.llm_base_url:
        say(f"--concurrency {wanted} ignored: the local model answers one question at a time "
            "(set QA_LLM_BASE_URL to evaluate a remote endpoint concurrently)")
        return 1
    return max(1, wanted)


def answer_row(pipeline: Pipeline, q: Question, info: RunInfo | None = None) -> Row:
    """The result line of one question; an error is recorded in it rather than raised.

    >>> answer_row(pipeline, Question(id="q", question="Who runs Bitel?", answers=[["Viettel"]]))["correct"]
    True
    """
    try:
        stream = pipeline.stream(q.question, q.history)
        fields = _result_fields(stream.result, q)
    except QAError as exc:
        fields = _error_fields(f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a bug on one question must not cost a long run the others; logged
        log.exception("question %s failed", q.id)
        fields = _error_fields(f"unexpected {type(exc).__name__}: {exc}")
    return {**_question_fields(q), **fields, **asdict(info or RunInfo()), "peak_rss_mb": peak_rss_mb()}


def _question_fields(q: Question) -> Row:
    return {"id": q.id, "type": q.type, "question": q.question, "history": [list(t) for t in q.history],
            "answerable": q.answerable, "expected": q.expected()}


def _result_fields(a: Answer, q: Question) -> Row:
    return {
        "query": a.query, "answer": a.text, "abstained": a.abstained,
        "citations": [{"marker": c.marker, "doc_id": c.doc_id, "title": c.title, "text": c.text}
                      for c in a.citations],
        "passages": [{"doc_id": p.doc_id, "title": p.title, "text": p.text, "score": round(p.score, 6)}
                     for p in a.passages],
        "latency_s": round(a.usage.latency_s, 3), "first_token_s": _round(a.usage.first_token_s),
        "prompt_tokens": a.usage.prompt_tokens, "completion_tokens": a.usage.completion_tokens,
        "correct": q.judge(a.text, a.abstained), "error": None,
    }


def _error_fields(error: str) -> Row:
    return {"query": None, "answer": "", "abstained": False, "citations": [], "passages": [],
            "latency_s": None, "first_token_s": None, "prompt_tokens": None, "completion_tokens": None,
            "correct": False, "error": error}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (`ru_maxrss` is KB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def expected_of(row: Row) -> Expected:
    """What a result row's question expected, from the row alone."""
    return Expected(answerable=row["answerable"], **row.get("expected", {}))


def judge(row: Row) -> bool:
    """Whether a result row is correct, judged again by the current matching rules.

    >>> judge({"answerable": False, "abstained": True, "answer": "", "error": None})
    True
    """
    return row.get("error") is None and expected_of(row).judge(row["answer"], row["abstained"])


def read_rows(path: Path) -> list[Row]:
    """The rows of a results file, the last one of each id; a line cut short by a kill is ignored.

    >>> [r["id"] for r in read_rows(Path("results.jsonl"))][:2]
    ['vna-relations', 'vna-viettel']
    """
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")  # the last item is "" unless cut short
    rows: dict[str, Row] = {}
    for n, line in enumerate(lines[:-1], 1):
        if line.strip():
            row = _row(line, path, n)
            rows[row["id"]] = row
    return list(rows.values())


def _row(line: str, path: Path, n: int) -> Row:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{n}: not a results line ({exc.msg}); fix or remove it") from exc
    if not isinstance(row, dict) or "id" not in row:
        raise InputError(f"{path}:{n}: a results line must be an object with an `id`")
    return row


def pending(questions: Iterable[Question], rows: Iterable[Row]) -> list[Question]:
    """The questions without a row, or whose row records an error (asked again)."""
    done = {r["id"] for r in rows if r.get("error") is None}
    return [q for q in questions if q.id not in done]


def check_results(out: Path, questions: list[Question]) -> list[Row]:
    """The rows already in `out`, refusing a file that holds answers to other questions."""
    rows = read_rows(out)
    ids = {q.id for q in questions}
    foreign = [r["id"] for r in rows if r["id"] not in ids]
    if foreign:
        raise InputError(
            f"{out} holds {len(foreign)} results for questions not in this set (e.g. {foreign[0]!r}): "
            "give another --out"
        )
    return rows


def run(
    pipeline: Pipeline, questions: list[Question], out: Path, concurrency: int = 1,
    info: RunInfo | None = None, progress: bool = True,
) -> list[Row]:
    """Answer the questions not yet in `out`, appending a flushed line for each; all rows back."""
    rows = {r["id"]: r for r in read_rows(out)}
    todo = pending(questions, rows.values())
    bar = tqdm(total=len(questions), initial=len(questions) - len(todo), desc="eval", unit="q",
               disable=not progress)
    with bar, appending(out) as write:
        for row in _answers(pipeline, todo, concurrency, info):
            write(row)
            rows[row["id"]] = row
            bar.update(1)
            bar.set_postfix_str(_score(rows.values()))
    return list(rows.values())


def _score(rows: Iterable[Row]) -> str:
    marks = [judge(r) for r in rows]
    return f"score {sum(marks)}/{len(marks)}"


@contextmanager
def appending(path: Path) -> Iterator[Callable[[Row], None]]:
    """A writer of one flushed JSON line per row, after cutting off a line left
    incomplete by a killed run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _drop_partial_line(path)
    with path.open("a", encoding="utf-8") as f:

        def write(row: Row) -> None:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            f.flush()

        yield write


def _drop_partial_line(path: Path) -> None:
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as f:
            f.truncate(data.rfind(b"\n") + 1)


def _answers(
    pipeline: Pipeline, todo: list[Question], concurrency: int, info: RunInfo | None
) -> Iterator[Row]:
    """Rows as they are ready: in order with one worker, in order of completion with more."""
    if concurrency <= 1:
        yield from (answer_row(pipeline, q, info) for q in todo)
        return
    pool = ThreadPoolExecutor(max_workers=concurrency)
    try:
        futures = [pool.submit(answer_row, pipeline, q, info) for q in todo]
        yield from (f.result() for f in as_completed(futures))
    finally:  # on Ctrl-C: start nothing new; questions already running finish in their threads
        pool.shutdown(wait=False, cancel_futures=True)


def run_eval(
    settings: Settings, questions_path: Path, out: Path, corpus: Path | None = None,
    concurrency: int = 1, limit: int | None = None, say: Say = print, progress: bool = True,
) -> list[Row]:
    """The whole `qa eval` run: questions, index, pipeline, answers. Models load only if needed."""
    every = load_questions(questions_path)
    questions = every[:limit]
    left = len(pending(questions, check_results(out, every)))  # before loading models: fail fast
    if not left:
        say(f"all {len(questions)} questions already answered in {out}")
        return read_rows(out)
    say(f"{left} of {len(questions)} questions to answer; results in {out}")
    pipeline, info = open_pipeline(settings, corpus, say, progress)
    workers = effective_concurrency(settings, concurrency, say)
    try:
        return run(pipeline, questions, out, workers, info, progress)
    except KeyboardInterrupt:
        say(f"interrupted: the answers so far are in {out}; run the same command again to resume")
        raise
