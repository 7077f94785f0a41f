"""`answer()` and `stream()`: the Python API, over one pipeline built once per process.

    >>> from qa import answer
    >>> result = answer("Which company runs Bitel in Peru?")
    >>> result.text, [c.title for c in result.citations]
"""

from __future__ import annotations

import threading

from qa.pipeline import AnswerStream, History, Pipeline
from qa.types import Answer

_pipeline: Pipeline | None = None
_lock = threading.Lock()


def default_pipeline() -> Pipeline:
    """The process-wide pipeline from the settings (environment, `qa.toml`), built on first use."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            from qa.factory import build_pipeline

            _pipeline = build_pipeline()
        return _pipeline


def answer(question: str, history: History = ()) -> Answer:
    """Answer `question` from the corpus, with citations; `history` is [(question, answer), …]."""
    return default_pipeline().answer(question, history)


def stream(question: str, history: History = ()) -> AnswerStream:
    """Like `answer`, token by token: iterate for text, then read `.result`."""
    return default_pipeline().stream(question, history)
