"""The `qa` command: a thin shell over the pipeline.

    $ qa ingest                 # index the repo's corpus/ (or QA_CORPUS), only what changed
    $ qa ask "Which company runs Bitel in Peru?"
    $ qa chat                   # a conversation in the terminal
    $ qa ui                     # the web chat on http://127.0.0.1:7860
    $ qa eval --questions q.jsonl --corpus corpus.jsonl --out results.jsonl --report report.md
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from qa.errors import QAError
from qa.pipeline import History, Pipeline
from qa.settings import Settings
from qa.types import Answer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

IndexOpt = Annotated[str | None, typer.Option("--index", help="index name (QA_INDEX)")]


def settings_for(**overrides: Any) -> Settings:
    """Settings from the environment and config file, with the command's flags on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


@app.command()
def ingest(
    path: Annotated[Path | None, typer.Argument(help="folder or corpus.jsonl (default: QA_CORPUS)")] = None,
    index: IndexOpt = None,
    rebuild: Annotated[bool, typer.Option(help="drop the index and embed everything again")] = False,
) -> None:
    """Index a corpus into Chroma, embedding only new and changed documents."""
    from qa.corpus import load_corpus
    from qa.factory import index_for_ingest
    from qa.index import ingest as run_ingest

    settings = settings_for(index=index)
    docs = load_corpus(path or settings.corpus)  # read everything first: a bad file changes nothing
    report = run_ingest(index_for_ingest(settings, rebuild, say=console.print), docs)
    console.print(f"index {settings.index!r}: {report.summary()}")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="the question; - reads it from standard input")],
    index: IndexOpt = None,
) -> None:
    """Answer one question, streaming the answer, then list its sources."""
    if question == "-":
        question = sys.stdin.read()
    pipeline = _pipeline(settings_for(index=index), question)
    _answer_turn(pipeline, question, [])


@app.command()
def chat(index: IndexOpt = None) -> None:
    """A conversation in the terminal; follow-up questions use the turns before. Ctrl-D ends it."""
    pipeline = _pipeline(settings_for(index=index))
    history: list[tuple[str, str]] = []
    console.print("Ask about the corpus; Ctrl-D to leave.")
    while True:
        try:
            question = console.input("[bold]you>[/bold] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if not question.strip():
            continue
        try:
            result = _answer_turn(pipeline, question, history)
        except QAError as exc:
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            continue
        history.append((question, result.text))


@app.command()
def ui(
    index: IndexOpt = None,
    host: Annotated[str | None, typer.Option(help="address to bind (QA_UI_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (QA_UI_PORT)")] = None,
    share: Annotated[bool, typer.Option(help="ask Gradio for a public share link")] = False,
) -> None:
    """Start the web chat."""
    from qa.ui import launch

    settings = settings_for(index=index, ui_host=host, ui_port=port)
    launch(_pipeline(settings), settings, share=share)


@app.command("eval")
def eval_(
    questions: Annotated[Path | None, typer.Option(help="benchmark questions .jsonl")] = None,
    corpus: Annotated[Path | None, typer.Option(help="folder or corpus.jsonl to index first")] = None,
    out: Annotated[Path | None, typer.Option(help="results .jsonl; resumes")] = None,
    report: Annotated[Path | None, typer.Option(help="Markdown report; .json and .png go beside it")] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="questions at once (remote endpoints only)")] = 1,
    limit: Annotated[int | None, typer.Option(min=1, help="only the first N questions")] = None,
    compare: Annotated[tuple[Path, Path] | None, typer.Option(help="two report .json, side by side")] = None,
    index: IndexOpt = None,
) -> None:
    """Score the pipeline on a question set and write a report (or recompute one from --out alone)."""
    from qa.evaluate import default_out, default_report, read_rows, run_eval
    from qa.report import compare as compare_runs
    from qa.report import load_figures, summary, write_report

    if compare:
        a, b = compare
        table = compare_runs(load_figures(a), load_figures(b), names=(str(a), str(b)))
        console.print(table, markup=False, soft_wrap=True)
        return
    if questions is not None:
        out = out or default_out(questions)
        run_eval(settings_for(index=index), questions, out, corpus, concurrency, limit, say=_note)
    elif out is None or not out.exists():
        raise typer.BadParameter("give --questions, or an existing --out to recompute its report")
    path = report or default_report(out)
    fig = write_report(read_rows(out), path)
    console.print(f"{summary(fig)}\nreport: {path}", markup=False, soft_wrap=True)


def _note(message: str) -> None:
    err.print(message, markup=False, soft_wrap=True)


def _pipeline(settings: Settings, question: str | None = None) -> Pipeline:
    """Build the pipeline; check the question first so bad input fails before models load."""
    from qa.factory import build_pipeline

    if question is not None:
        Pipeline.check_question_text(question, settings)
    return build_pipeline(settings)


def _answer_turn(pipeline: Pipeline, question: str, history: History) -> Answer:
    """Stream the model's words, then show the checked answer where the check changed it."""
    stream = pipeline.stream(question, history)
    raw = ""
    for token in stream:
        raw += token
        console.print(token, end="", markup=False)
    result = stream.result
    console.print()
    if result.abstained:
        console.print(result.text, style="yellow", markup=False)
    elif not raw.strip().endswith(result.text):  # a second look or the parts end with the answer itself
        console.print(f"checked: {result.text}", style="green", markup=False)
    for c in result.citations:
        when = f", {c.date}" if c.date else ""
        console.print(f"  [{c.marker}] {c.title}{when} — {c.doc_id} chars {c.start}–{c.end}", markup=False)
    return result


def main() -> None:
    """Entry point: known errors become one line on stderr and exit code 1."""
    try:
        app()
    except QAError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)  # one line, never wrapped
        sys.exit(1)


if __name__ == "__main__":
    main()
