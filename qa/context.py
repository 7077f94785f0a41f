"""What the LLM reads: each retrieved passage cut down to its sentences that match the
question, numbered, within a character budget. Prompt tokens are the cost of an answer on
a CPU, so the model sees the best few sentences, not whole passages; what is left of the
budget (40 characters at least) shows the start of the next sentence, which often holds the
answer, or the end of the one before when that matches the question better.

    >>> p = Passage(id="a#0", doc_id="a", title="Talks", start=0, end=80,
    ...             text="Leaders met in Lima. Viettel runs Bitel in Peru. The weather was fine.")
    >>> excerpt(p, "Who runs Bitel?", budget=40)
    'Viettel runs Bitel in Peru.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.text import CAPTION, RELATED_STEMS, names, sentence_spans, split_parts, stems
from qa.types import Passage


def overlap(a: set[str], text: str) -> int:
    return len(a & set(stems(text)))


# How many of the best passages have their excerpt filled.
FILLED = 2

# The names a follow-up is searched with when its rewrite was set aside, in brackets at its
# end: "Whose supervisory role did he call for strengthening (NEC; Tran Thanh Man)?".
_ADDED_NAMES = re.compile(r"\s*\((?!\s*(?:choose|choices|options)\b)([^()]*)\)\s*\?$", re.IGNORECASE)


def _scored(text: str, query: str) -> tuple[list[tuple[int, int]], list[float], int]:
    """The sentence spans of `text`, each one's score (its overlap with `query`, half a word
    for each word related to one of the query's, a quarter word for each name added to the
    query in brackets, half a word less for a photo caption), and the best one's index (the
    first on ties)."""
    spans = sentence_spans(text) or [(0, len(text))]
    q = set(stems(_ADDED_NAMES.sub("?", query)))
    # The names added to a follow-up say which article, not which sentence: a caption full
    # of them would beat the sentence with the question's own words.
    added = set(stems(m.group(1))) - q if (m := _ADDED_NAMES.search(query)) else set()
    # A photo caption restates the headline's names next to a picture: on a tie, the
    # article's own sentence is the better excerpt. A sentence that opens with a pronoun
    # ("She expressed her belief that the trip will provide strong impetus") is about the
    # names of the one before it ("Dina Boluarte emphasised …"): half a word for each word of
    # them that the question holds, so that on a tie it is the better excerpt.
    # A word that answers one of the question's ("presented … the Order" for "What honour did
    # he receive?", `RELATED_STEMS`) counts half.
    related = {r for w in q for r in RELATED_STEMS.get(w, ())} - q
    scores = [
        overlap(q, text[start:end])
        + 0.5 * overlap(related, text[start:end])
        + 0.25 * overlap(added, text[start:end])
        - 0.5 * bool(CAPTION.search(text[start:end]))
        + 0.5 * _carried(q, text, spans, i)
        for i, (start, end) in enumerate(spans)
    ]
    return spans, scores, max(range(len(spans)), key=lambda i: (scores[i], -i))


# A sentence that opens with a personal pronoun, not a title ("Her Excellency …").
_PRONOUN_LEAD = re.compile(r"(?:he|she|they|his|her|their)\b(?! (?:excellency|majesty|highness)\b)", re.IGNORECASE)


def _carried(q: set[str], text: str, spans: list[tuple[int, int]], i: int) -> int:
    r"""How many of the stems `q` that sentence `i` lacks the names of the sentence before it
    hold, where sentence `i` opens with a personal pronoun and the one before it is on its
    line and no photo caption: the pronoun stands for them ("She" for "Dina Boluarte", two).

    >>> text = "Dina Boluarte welcomed him. She said the trip will give impetus."
    >>> _carried({"dina", "boluart", "trip"}, text, sentence_spans(text), 1)
    2
    >>> caption = "Dina Boluarte at the talks. (Photo: VNA)\nShe said the trip will give impetus."
    >>> _carried({"dina", "boluart", "trip"}, caption, sentence_spans(caption), 1)
    0
    """
    start, end = spans[i]
    before = text[slice(*spans[i - 1])] if i else ""
    if not before or not _PRONOUN_LEAD.match(text, start) or CAPTION.search(before) or "\n" in text[spans[i - 1][1] : start]:
        return 0
    named = " ".join(names(before, lone_first_words=False))
    return overlap(q - set(stems(text[start:end])), named)


def best_sentence(text: str, query: str) -> str:
    """The sentence of `text` that shares the most stems with `query` (the first on ties)."""
    spans, _, best = _scored(text, query)
    return text[slice(*spans[best])].strip()


def excerpt(passage: Passage, query: str, budget: int, fill: bool = True) -> str:
    """The best matching sentence of the passage, grown with its neighbours up to `budget` chars,
    with `fill` the rest of the budget filled with part of a sentence (see `_filled`).
    For a question that asks two things, the sentence that best matches one of them."""
    text = passage.text
    if len(text) <= budget:
        return text.strip()
    spans, scores, best = max((_scored(text, part) for part in split_parts(query)), key=lambda s: s[1][s[2]])
    lo = hi = best
    while grown := _grow(spans, scores, lo, hi, budget):
        lo, hi = grown
    body = text[spans[lo][0] : spans[hi][1]].strip()
    return _filled(text, body, spans, scores, lo, hi, budget) if fill else body


def _filled(
    text: str, body: str, spans: list[tuple[int, int]], scores: list[float], lo: int, hi: int, budget: int
) -> str:
    """`body`, the sentences `lo`..`hi`, and what is left of the budget filled with the start
    of the next sentence, or the end of the one before, whichever matches better, in whole
    words, "…" marking what is left out."""
    room = budget - len(body) - 2  # a space and "…"
    after = hi + 1 < len(spans) and (lo == 0 or scores[hi + 1] >= scores[lo - 1])
    if room < 40 or (not after and lo == 0):
        return body
    if after:
        sentence = text[slice(*spans[hi + 1])].strip()
        start = _words_within(sentence, room)
        return f"{body} {start}{'…' * (start != sentence)}" if start else body
    sentence = text[slice(*spans[lo - 1])].strip()
    end = _words_within(sentence[::-1], room)[::-1]
    return f"{'…' * (end != sentence)}{end} {body}" if end else body


def _words_within(sentence: str, room: int) -> str:
    """The whole words that start `sentence` and fit in `room` characters, without a
    trailing comma, semicolon or colon; "" when not even one fits.

    >>> _words_within("Based on their 2021–2025 agreement, both sides met.", 36)
    'Based on their 2021–2025 agreement'
    >>> _words_within("Unbreakable", 5)
    ''
    """
    if len(sentence) <= room:
        return sentence
    cut = sentence[: room + 1]
    if not cut[-1].isspace():
        cut = cut[: max(cut.rfind(" "), cut.rfind("\n"), 0)]
    return cut.rstrip(" \n,;:")


def _grow(spans: list[tuple[int, int]], scores: list[float], lo: int, hi: int, budget: int) -> tuple[int, int] | None:
    """Add the better neighbour sentence (the next one on ties) if it fits in the budget."""
    options = []
    if hi + 1 < len(spans) and spans[hi + 1][1] - spans[lo][0] <= budget:
        options.append((scores[hi + 1], 1, lo, hi + 1))
    if lo > 0 and spans[hi][1] - spans[lo - 1][0] <= budget:
        options.append((scores[lo - 1], 0, lo - 1, hi))
    if not options:
        return None
    _, _, new_lo, new_hi = max(options)
    return new_lo, new_hi


def dated(p: Passage) -> str:
    """The date after a passage's title in the prompt, "(2024-11-13)", or nothing."""
    return f"({p.date})" if p.date else ""


def format_context(passages: Sequence[Passage], query: str, budget: int) -> str:
    """`[n] Title (date): excerpt` lines, numbered from 1, as the answer prompt wants them.
    A document's title and date are written once, at its first passage: they cost tokens."""
    lines, seen = [], set()
    for n, p in enumerate(passages, 1):
        head = " ".join(x for x in (p.title, dated(p)) if x)
        # Only the best passages, shown last, are filled: the fill costs prompt tokens.
        body = excerpt(p, query, budget, fill=n > len(passages) - FILLED)
        lines.append(f"[{n}] {head}: {body}" if head and p.doc_id not in seen else f"[{n}] {body}")
        seen.add(p.doc_id)
    return "\n".join(lines)
