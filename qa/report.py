"""The figures of an evaluation, computed from its results file alone, and their report.

`write_report` writes `report.md`, the same figures as `report.json` and a per-type chart
`report.png`; `compare` sets two runs side by side:

    >>> fig = write_report(read_rows(Path("results.jsonl")), Path("report.md"))
    >>> sorted(fig["score"])
    ['hits', 'of', 'value']
    >>> print(compare(load_figures(Path("a.json")), load_figures(Path("b.json"))))
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.evaluate import Row, expected_of, judge, read_rows
from qa.matching import Expected

Figures = dict[str, Any]
HIT_AT = (1, 5, 20)

# key, label, kind: "ratio" is shown as a percentage, "number" as is.
METRICS: list[tuple[str, str, str]] = [
    ("score", "overall score (answerable correct + unanswerable declined, over all)", "ratio"),
    ("answerable_correct", "answerable answered correctly", "ratio"),
    ("unanswerable_declined", "unanswerable declined", "ratio"),
    ("wrongly_declined", "answerable wrongly declined", "ratio"),
    ("errors", "questions that failed with an error", "ratio"),
    ("cited_answers", "answers that carry a citation", "ratio"),
    ("citation_precision", "citation precision (cited passages holding the evidence)", "ratio"),
    ("evidence_cited", "answers whose citations include the evidence", "ratio"),
    *[(f"hit@{k}", f"retrieval hit rate at {k}", "ratio") for k in HIT_AT],
    ("latency_s_median", "latency, median (s)", "number"),
    ("latency_s_p90", "latency, p90 (s)", "number"),
    ("first_token_s_median", "first token, median (s)", "number"),
    ("first_token_s_p90", "first token, p90 (s)", "number"),
    ("prompt_tokens_median", "prompt tokens, median", "number"),
    ("completion_tokens_median", "completion tokens, median", "number"),
    ("ingest_s", "ingestion time (s)", "number"),
    ("embedded_passages", "passages embedded by that ingestion", "number"),
    ("peak_rss_mb", "peak memory (MB, maxrss)", "number"),
]


def ratio(hits: int, of: int) -> dict[str, Any]:
    """A share with its counts; `value` is None when there is nothing to count.

    >>> ratio(3, 4), ratio(0, 0)["value"]
    ({'hits': 3, 'of': 4, 'value': 0.75}, None)
    """
    return {"hits": hits, "of": of, "value": round(hits / of, 4) if of else None}


def percentile(values: Iterable[float | int | None], q: float) -> float | None:
    """The q-th percentile (0–100) of the values that are not None, linearly interpolated.

    >>> percentile([1, 2, 3, 4, None], 90), percentile([], 50)
    (3.7, None)
    """
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo), 4)


def figures(rows: list[Row]) -> Figures:
    """Every figure of the report, from result rows (see `qa.evaluate`).

    >>> figures([{"id": "q", "answerable": False, "abstained": True, "answer": "", "error": None}])["score"]
    {'hits': 1, 'of': 1, 'value': 1.0}
    """
    return {
        "questions": len(rows),
        "models": _distinct(rows, "model"),
        "indexes": _distinct(rows, "index"),
        **outcomes(rows),
        **citation_figures(rows),
        **retrieval_figures(rows),
        **cost_figures(rows),
        "by_type": by_type(rows),
        "failed": failures(rows),
    }


def _distinct(rows: list[Row], key: str) -> list[str]:
    return sorted({str(r[key]) for r in rows if r.get(key)})


def outcomes(rows: list[Row]) -> Figures:
    """Score, and how answerable and unanswerable questions were handled.

    >>> outcomes([{"answerable": True, "abstained": True, "answer": "", "error": None}])["wrongly_declined"]
    {'hits': 1, 'of': 1, 'value': 1.0}
    """
    yes = [r for r in rows if r["answerable"]]
    no = [r for r in rows if not r["answerable"]]
    return {
        "score": ratio(sum(judge(r) for r in rows), len(rows)),
        "answerable_correct": ratio(sum(judge(r) for r in yes), len(yes)),
        "unanswerable_declined": ratio(sum(bool(r["abstained"]) for r in no), len(no)),
        "wrongly_declined": ratio(sum(bool(r["abstained"]) for r in yes), len(yes)),
        "errors": ratio(sum(r.get("error") is not None for r in rows), len(rows)),
    }


def _answered(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.get("error") is None and not r["abstained"]]


def _with_evidence(rows: list[Row]) -> list[tuple[Row, Expected]]:
    """Answerable rows without error whose question says which passages are relevant."""
    pairs = [(r, expected_of(r)) for r in rows if r["answerable"] and r.get("error") is None]
    return [(r, e) for r, e in pairs if e.has_evidence]


def _relevant(e: Expected, items: list[dict[str, Any]]) -> list[bool]:
    return [e.relevant(x["doc_id"], x["text"]) for x in items]


def citation_figures(rows: list[Row]) -> Figures:
    """Answers with citations; of the cited passages, those holding the evidence."""
    answered = _answered(rows)
    judged = [_relevant(e, r["citations"]) for r, e in _with_evidence(answered)]
    return {
        "cited_answers": ratio(sum(bool(r["citations"]) for r in answered), len(answered)),
        "citation_precision": ratio(sum(sum(j) for j in judged), sum(len(j) for j in judged)),
        "evidence_cited": ratio(sum(any(j) for j in judged), len(judged)),
    }


def retrieval_figures(rows: list[Row]) -> Figures:
    """Hit rate at k: a relevant passage among the first k retrieved (answerable, with evidence).

    >>> row = {"answerable": True, "error": None, "expected": {"evidence_docs": ["b"]},
    ...        "passages": [{"doc_id": "a", "text": ""}, {"doc_id": "b", "text": ""}]}
    >>> retrieval_figures([row])["hit@1"]["value"], retrieval_figures([row])["hit@5"]["value"]
    (0.0, 1.0)
    """
    judged = [_relevant(e, r["passages"][: max(HIT_AT)]) for r, e in _with_evidence(rows)]
    return {f"hit@{k}": ratio(sum(any(j[:k]) for j in judged), len(judged)) for k in HIT_AT}


def cost_figures(rows: list[Row]) -> Figures:
    """Latency, tokens, ingestion and memory. Ingestion: the longest of the runs that wrote
    the file (a resumed run on an unchanged corpus embeds nothing)."""
    ok = [r for r in rows if r.get("error") is None]
    out: Figures = {}
    for key in ("latency_s", "first_token_s"):
        out[f"{key}_median"] = percentile((r.get(key) for r in ok), 50)
        out[f"{key}_p90"] = percentile((r.get(key) for r in ok), 90)
    for key in ("prompt_tokens", "completion_tokens"):
        out[f"{key}_median"] = percentile((r.get(key) for r in ok), 50)
    for key in ("ingest_s", "embedded_passages", "peak_rss_mb"):
        out[key] = max((r[key] for r in rows if r.get(key) is not None), default=None)
    return out


def by_type(rows: list[Row]) -> dict[str, Figures]:
    """The score of each question `type`, by name.

    >>> by_type([{"type": "factoid", "answerable": False, "abstained": False, "answer": "", "error": None}])
    {'factoid': {'score': {'hits': 0, 'of': 1, 'value': 0.0}}}
    """
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.get("type") or "(none)", []).append(r)
    return {name: {"score": outcomes(groups[name])["score"]} for name in sorted(groups)}


def failures(rows: list[Row]) -> list[dict[str, Any]]:
    """The questions judged wrong: what was expected and what was said."""
    return [_failure(r) for r in rows if not judge(r)]


def _failure(r: Row) -> dict[str, Any]:
    said = f"error: {r['error']}" if r.get("error") else r["answer"]
    return {"id": r["id"], "type": r.get("type", ""), "question": r["question"],
            "expected": describe(expected_of(r)), "said": said}


def describe(e: Expected) -> str:
    """Expected answers in words.

    >>> describe(Expected(answers=[["47th", "47"], ["session"]], distractors=["46th"]))
    '47th or 47; and session; not: 46th'
    """
    if not e.answerable:
        return "a decline"
    text = "; and ".join(" or ".join(group) for group in e.answers) or "any answer"
    return f"{text}; not: {', '.join(e.distractors)}" if e.distractors else text


def show(value: Any, kind: str) -> str:
    """A figure as text: a ratio as a percentage with its counts.

    >>> show({"hits": 3, "of": 4, "value": 0.75}, "ratio"), show(1.23456, "number"), show(None, "number")
    ('75.0 % (3/4)', '1.23', '–')
    """
    if kind == "ratio":
        if not value or value["value"] is None:
            return "–"
        return f"{100 * value['value']:.1f} % ({value['hits']}/{value['of']})"
    if value is None:
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def summary(fig: Figures) -> str:
    """The headline figures in one line, for the terminal.

    >>> summary({"score": ratio(1, 2)})
    'score 50.0 % (1/2); answerable correct –; unanswerable declined –; hit@5 –; latency median – s'
    """
    keys = ("score", "answerable_correct", "unanswerable_declined", "hit@5")
    parts = [f"{k.replace('_', ' ')} {show(fig.get(k), 'ratio')}" for k in keys]
    return "; ".join(parts + [f"latency median {show(fig.get('latency_s_median'), 'number')} s"])


def _cell(text: str, limit: int = 300) -> str:
    """Text fit for one Markdown table cell."""
    flat = " ".join(str(text).split()).replace("|", "\\|")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def markdown(fig: Figures, chart: str | None = None) -> str:
    """The report as Markdown: figures, per-type scores, chart, failed questions."""
    lines = [
        "# Evaluation report", "",
        _about(fig), "",
        "| figure | value |", "|---|---|",
        *[f"| {label} | {show(fig.get(key), kind)} |" for key, label, kind in METRICS], "",
        "## By question type", "", "| type | score |", "|---|---|",
        *[f"| {_cell(t)} | {show(v['score'], 'ratio')} |" for t, v in fig["by_type"].items()], "",
    ]
    if chart:
        lines += [f"![score by question type]({chart})", ""]
    return "\n".join(lines + _failed_section(fig["failed"]))


def _about(fig: Figures) -> str:
    models, indexes = ", ".join(fig["models"]) or "?", ", ".join(fig["indexes"]) or "?"
    when = time.strftime("%Y-%m-%d %H:%M")
    return f"{fig['questions']} questions; model {models}; index {indexes}; written {when}."


def _failed_section(failed: list[dict[str, Any]]) -> list[str]:
    head = [f"## Failed questions ({len(failed)})", ""]
    if not failed:
        return head + ["None.", ""]
    table = ["| id | type | question | expected | said |", "|---|---|---|---|---|"]
    rows = [f"| {_cell(f['id'])} | {_cell(f['type'])} | {_cell(f['question'])} | {_cell(f['expected'])} "
            f"| {_cell(f['said'])} |" for f in failed]
    return head + table + rows + [""]


def write_chart(fig: Figures, path: Path) -> Path:
    """A small horizontal bar chart of the score of each question type, as PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = list(fig["by_type"])[::-1]  # barh draws bottom-up: keep the table's order
    scores = [fig["by_type"][n]["score"] for n in names]
    chart = Figure(figsize=(6, 1 + 0.35 * max(1, len(names))), dpi=100)
    FigureCanvasAgg(chart)  # the Agg canvas: no display, no global pyplot state
    ax = chart.add_subplot()
    bars = ax.barh(names, [100 * (s["value"] or 0) for s in scores], color="#4c72b0")
    ax.bar_label(bars, labels=[f" {s['hits']}/{s['of']}" for s in scores], fontsize=8)
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("score (%)")
    chart.tight_layout()
    chart.savefig(path)
    return path


def write_report(rows: list[Row], path: Path) -> Figures:
    """Write `path` (Markdown), its figures as `.json` and its chart as `.png` beside it."""
    fig = figures(rows)
    path = path.with_suffix(".md") if path.suffix in (".json", ".png") else path  # never overwrite those
    path.parent.mkdir(parents=True, exist_ok=True)
    chart = write_chart(fig, path.with_suffix(".png"))
    text = json.dumps(fig, indent=1, ensure_ascii=False)
    path.with_suffix(".json").write_text(text + "\n", encoding="utf-8")
    path.write_text(markdown(fig, chart.name), encoding="utf-8")
    return fig


def load_figures(path: Path) -> Figures:
    """The figures of a run: a report's `.json`, or computed from a results `.jsonl`."""
    if path.suffix == ".jsonl":
        return figures(read_rows(path))
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the report figures {path}: {exc} (--compare A.json B.json)") from exc


def _difference(a: Any, b: Any, kind: str) -> str:
    """B − A: percentage points for ratios."""
    if kind == "ratio":
        a, b = (x["value"] if x else None for x in (a, b))
    if a is None or b is None:
        return ""
    d = (b - a) * (100 if kind == "ratio" else 1)
    return f"{d:+.1f}" + (" pt" if kind == "ratio" else "")


def compare(a: Figures, b: Figures, names: tuple[str, str] = ("A", "B")) -> str:
    """Two runs' figures side by side, with B − A, as a Markdown table.

    >>> compare({"hit@1": ratio(1, 2)}, {"hit@1": ratio(2, 2)}).splitlines()[10]
    '| retrieval hit rate at 1 | 50.0 % (1/2) | 100.0 % (2/2) | +50.0 pt |'

    """
    lines = [f"| figure | {names[0]} | {names[1]} | difference |", "|---|---|---|---|"]
    lines += [_compare_line(label, a.get(key), b.get(key), kind) for key, label, kind in METRICS]
    ta, tb = a.get("by_type", {}), b.get("by_type", {})
    for t in sorted(set(ta) | set(tb)):
        a_score, b_score = ta.get(t, {}).get("score"), tb.get(t, {}).get("score")
        lines.append(_compare_line(f"type {t}", a_score, b_score, "ratio"))
    return "\n".join(lines)


def _compare_line(label: str, a: Any, b: Any, kind: str) -> str:
    return f"| {label} | {show(a, kind)} | {show(b, kind)} | {_difference(a, b, kind)} |"
