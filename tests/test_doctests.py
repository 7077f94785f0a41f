"""The examples in the docstrings of the text and citation logic hold (they document the
checks an answer goes through, so they are tested like the rest)."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

from qa import citations, context, pipeline, text


@pytest.mark.parametrize(
    "documented",
    [citations, context, text, pipeline.invented, pipeline.dropped, pipeline.with_names, pipeline.Pipeline._asked,
     pipeline.without_echo, pipeline._without_close, pipeline._renumbered, pipeline._within, pipeline._best_of_each,
     pipeline._unmarked, pipeline._capitalised, pipeline.reasked, pipeline.leans],
    ids=lambda d: d.__name__,
)
def test_docstring_examples_hold(documented: Any) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(documented):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0
