"""Question answering over a news corpus, with verified citations.

    >>> from qa import answer
    >>> answer("Which company runs Bitel in Peru?").text
    'Viettel runs Bitel in Peru [1].'
"""

from qa.api import answer, stream
from qa.errors import (
    ConfigError,
    CorpusError,
    IndexCorruptError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
    InputError,
    LLMUnavailableError,
    ModelError,
    QAError,
)
from qa.factory import build_pipeline
from qa.pipeline import AnswerStream, Pipeline
from qa.settings import Settings
from qa.types import Answer, Citation, Passage, Usage

__all__ = [
    "Answer",
    "AnswerStream",
    "Citation",
    "ConfigError",
    "CorpusError",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexMissingError",
    "InputError",
    "LLMUnavailableError",
    "ModelError",
    "Passage",
    "Pipeline",
    "QAError",
    "Settings",
    "Usage",
    "answer",
    "build_pipeline",
    "stream",
]
