"""The report's arithmetic on hand-made result rows, its files, and `qa eval --compare`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.report import compare, figures, load_figures, percentile, ratio, write_report

EVIDENCE = {"answers": [["Viettel"]], "evidence": ["Bitel project"], "evidence_docs": ["peru"]}
HIT = {"doc_id": "peru", "text": "Viettel runs the Bitel project."}
MISS = {"doc_id": "poland", "text": "Warsaw hosted the consultation."}


def row(qid: str, **fields: Any) -> dict[str, Any]:
    """A result row with the defaults of an answered, answerable question."""
    base: dict[str, Any] = {
        "id": qid, "type": "factoid", "question": f"question {qid}?", "answerable": True,
        "expected": EVIDENCE, "answer": "", "abstained": False, "citations": [], "passages": [],
        "latency_s": 1.0, "first_token_s": 0.5, "prompt_tokens": 100, "completion_tokens": 10,
        "correct": False, "error": None, "model": "fake", "index": "qa-test",
        "ingest_s": None, "embedded_passages": None, "peak_rss_mb": 100.0,
    }
    return {**base, **fields}


ROWS = [
    # right, citing one relevant and one other passage; the relevant passage retrieved third
    row("right", answer="Viettel runs it [1][2].", citations=[HIT, MISS], passages=[MISS, MISS, HIT],
        latency_s=1.0, first_token_s=0.2, prompt_tokens=100, ingest_s=12.5, embedded_passages=40),
    # wrong answer, citing another passage; the relevant one retrieved first
    row("wrong", answer="Bitel runs it [1].", citations=[MISS], passages=[HIT, MISS],
        latency_s=2.0, first_token_s=None, prompt_tokens=300, ingest_s=0.1, embedded_passages=0),
    # wrongly declined; the relevant passage only 21st, beyond the top 20
    row("declined", type="follow-up", answer="The corpus does not say.", abstained=True,
        passages=[MISS] * 20 + [HIT], latency_s=3.0, first_token_s=0.4, prompt_tokens=200, peak_rss_mb=250.0),
    row("none-ok", type="unanswerable", answerable=False, expected={}, answer="No.", abstained=True,
        latency_s=4.0, first_token_s=0.6, prompt_tokens=400),
    row("none-bad", type="unanswerable", answerable=False, expected={}, answer="Lima [1].",
        citations=[MISS], latency_s=5.0, first_token_s=0.8, prompt_tokens=500),
    row("broken", answer="", error="LLMUnavailableError: down", latency_s=None, first_token_s=None,
        prompt_tokens=None, correct=True),  # a stale `correct` is judged again: an error is wrong
]


def test_ratio_and_percentile() -> None:
    assert ratio(1, 3) == {"hits": 1, "of": 3, "value": 0.3333}
    assert ratio(0, 0)["value"] is None
    assert percentile([5, 1, 4, 2, 3], 50) == 3
    assert percentile([1, 2, 3, 4, 5], 90) == pytest.approx(4.6)
    assert percentile([None, 7], 90) == 7
    assert percentile([], 50) is None


def test_outcomes() -> None:
    fig = figures(ROWS)
    assert fig["questions"] == 6
    assert fig["score"] == ratio(2, 6)  # "right" and "none-ok"
    assert fig["answerable_correct"] == ratio(1, 4)
    assert fig["unanswerable_declined"] == ratio(1, 2)
    assert fig["wrongly_declined"] == ratio(1, 4)
    assert fig["errors"] == ratio(1, 6)


def test_citations() -> None:
    fig = figures(ROWS)
    assert fig["cited_answers"] == ratio(3, 3)  # right, wrong, none-bad answered; all cite
    assert fig["citation_precision"] == ratio(1, 3)  # right: 1 of 2, wrong: 0 of 1
    assert fig["evidence_cited"] == ratio(1, 2)


def test_retrieval_hit_rates() -> None:
    fig = figures(ROWS)  # over right, wrong, declined: answerable, with evidence, no error
    assert fig["hit@1"] == ratio(1, 3)
    assert fig["hit@5"] == ratio(2, 3)
    assert fig["hit@20"] == ratio(2, 3)


def test_costs_ignore_failed_questions() -> None:
    fig = figures(ROWS)
    assert fig["latency_s_median"] == 3.0
    assert fig["latency_s_p90"] == pytest.approx(4.6)
    assert fig["first_token_s_median"] == pytest.approx(0.5)  # of 0.2, 0.4, 0.6, 0.8
    assert fig["prompt_tokens_median"] == 300
    assert fig["ingest_s"] == 12.5 and fig["embedded_passages"] == 40
    assert fig["peak_rss_mb"] == 250.0
    assert fig["models"] == ["fake"] and fig["indexes"] == ["qa-test"]


def test_by_type_and_failures() -> None:
    fig = figures(ROWS)
    assert fig["by_type"]["factoid"]["score"] == ratio(1, 3)
    assert fig["by_type"]["follow-up"]["score"] == ratio(0, 1)
    assert fig["by_type"]["unanswerable"]["score"] == ratio(1, 2)
    failed = {f["id"]: f for f in fig["failed"]}
    assert set(failed) == {"wrong", "declined", "none-bad", "broken"}
    assert failed["wrong"]["expected"] == "Viettel" and failed["wrong"]["said"] == "Bitel runs it [1]."
    assert failed["none-bad"]["expected"] == "a decline"
    assert failed["broken"]["said"] == "error: LLMUnavailableError: down"


def test_empty_results() -> None:
    fig = figures([])
    assert fig["score"]["value"] is None and fig["latency_s_median"] is None and fig["failed"] == []


def test_write_report_files(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.md"
    fig = write_report(ROWS, path)
    assert json.loads((tmp_path / "out" / "report.json").read_text()) == fig
    assert (tmp_path / "out" / "report.png").read_bytes().startswith(b"\x89PNG")
    text = path.read_text()
    assert "| overall score (answerable correct + unanswerable declined, over all) | 33.3 % (2/6) |" in text
    assert "| retrieval hit rate at 5 | 66.7 % (2/3) |" in text
    assert "| follow-up | 0.0 % (0/1) |" in text
    assert "![score by question type](report.png)" in text
    assert "## Failed questions (4)" in text and "| broken | factoid |" in text


def test_compare_shows_both_runs_and_the_difference() -> None:
    a = figures(ROWS)
    b = figures([r if r["id"] != "wrong" else {**r, "answer": "Viettel [1]."} for r in ROWS])
    lines = compare(a, b).splitlines()
    assert lines[0] == "| figure | A | B | difference |"
    score = next(line for line in lines if line.startswith("| overall score"))
    assert score.endswith("| 33.3 % (2/6) | 50.0 % (3/6) | +16.7 pt |")
    assert "| type factoid | 33.3 % (1/3) | 66.7 % (2/3) | +33.3 pt |" in lines
    assert "| latency, median (s) | 3 | 3 | +0.0 |" in lines


def test_cli_recomputes_report_and_compares(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    runner = CliRunner()
    done = runner.invoke(app, ["eval", "--out", str(results), "--report", str(tmp_path / "a.md")])
    assert done.exit_code == 0, done.output
    assert "score 33.3 % (2/6)" in done.output
    assert load_figures(tmp_path / "a.json") == load_figures(results)
    shown = runner.invoke(app, ["eval", "--compare", str(tmp_path / "a.json"), str(results)])
    assert shown.exit_code == 0, shown.output
    assert "| 33.3 % (2/6) | 33.3 % (2/6) | +0.0 pt |" in shown.output


def test_cli_needs_questions_or_results(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["eval", "--out", str(tmp_path / "absent.jsonl")])
    assert done.exit_code == 2 and "--questions" in done.output
