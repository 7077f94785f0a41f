"""The typed errors of the product: one family, translated into a message at the edge.

Every message names the setting or command that fixes the problem, e.g.

    >>> raise IndexMissingError("no index at ~/.cache/qa/index/default: run `qa ingest`")
"""


class QAError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(QAError):
    """The question or a file given to us is not usable (empty, too long, unreadable)."""


class ConfigError(QAError):
    """A setting is missing or invalid."""


class CorpusError(QAError):
    """The corpus cannot be read."""


class IndexMissingError(QAError):
    """There is no index yet: `qa ingest` builds it."""


class IndexMismatchError(QAError):
    """The index was built with other embedding or chunking settings (`built_with` says which)."""

    def __init__(self, message: str, built_with: str = "") -> None:
        super().__init__(message)
        self.built_with = built_with


class IndexCorruptError(QAError):
    """The index on disk cannot be opened."""


class IndexLockedError(QAError):
    """Another ingestion is writing to the same index."""


class ModelError(QAError):
    """The language model or the embedding model cannot be loaded or called."""


class LLMUnavailableError(ModelError):
    """The LLM endpoint is down, slow beyond the timeout, or answered garbage."""
