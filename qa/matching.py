"""Judging an answer against a benchmark question, by the rules of the benchmarks' README.

Text is normalized (diacritics dropped, lower case, plain quotes, every run of other
non-alphanumeric characters one space); an expected string matches at a word start, and
also at a word end when it ends in a digit:

    >>> contains("Ông Lương Cường, 30 tuổi", "luong cuong"), contains("30 years", "3")
    (True, False)
    >>> contains("agriculture", "agricultur")
    True
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from qa.citations import MARKER
from qa.text import fold

_OTHER = re.compile(r"[\W_]+")  # anything but a letter or a digit (\w alone keeps "_")


def normalize(text: str) -> str:
    """Folded text with every run of non-alphanumeric characters made one space.

    `qa.text.fold` does NFKD, drops combining marks, lowers case and makes curly quotes
    plain; it also maps the letters NFKD leaves alone (đ, ø, ł, ß), so "Đà" matches "Da".

    >>> normalize("“Đà Nẵng” — the 47th-session!")
    'da nang the 47th session'
    """
    return _OTHER.sub(" ", fold(text)).strip()


def contains(text: str, needle: str) -> bool:
    """True when `needle` occurs in `text` by the matching rules; an empty needle never does.

    >>> contains("In 1994, ties began", "1994"), contains("in 19945", "1994")
    (True, False)
    """
    want = normalize(needle)
    if not want:
        return False
    end = " " if want[-1].isdigit() else ""
    return f" {want}{end}" in f" {normalize(text)} "


def strip_markers(text: str) -> str:
    """The answer without its `[n]` citation markers, so that `[3]` is not read as the number 3.

    >>> strip_markers("Viettel runs it [1][2, 3].")
    'Viettel runs it .'
    """
    return MARKER.sub("", text)


class Expected(BaseModel):
    """What a question expects, as the benchmark files give it.

    >>> expected = Expected(answers=[["Grand Cross"], ["Sun of Peru"]], distractors=["Moon"])
    >>> expected.judge("The Grand Cross of the Sun of Peru [1].", abstained=False)
    True
    """

    answerable: bool = True
    answers: list[list[str]] = []
    distractors: list[str] = []
    evidence: list[str] = []
    evidence_docs: list[str] = []

    def judge(self, answer: str, abstained: bool) -> bool:
        """Correct: an answerable question answered with every group and no distractor,
        or an unanswerable one declined.

        >>> Expected(answerable=False).judge("The corpus does not say.", True)
        True
        """
        if not self.answerable:
            return abstained
        text = strip_markers(answer)
        found = all(any(contains(text, a) for a in group) for group in self.answers)
        return not abstained and found and not any(contains(text, d) for d in self.distractors)

    @property
    def has_evidence(self) -> bool:
        """True when relevance of a passage can be judged at all."""
        return bool(self.evidence or self.evidence_docs)

    def relevant(self, doc_id: str, text: str) -> bool:
        """A passage holds the evidence: it comes from an evidence document or contains an
        evidence string.

        >>> Expected(evidence=["Chancay port"]).relevant("any", "The Chancay port opens.")
        True
        """
        return doc_id in self.evidence_docs or any(contains(text, e) for e in self.evidence)
