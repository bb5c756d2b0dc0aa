"""The notebook format now lives in `grader.formats.notebook`, below both the
site and the gradebook; this module keeps the old import path working."""

from __future__ import annotations

from grader.formats.notebook import (
    FORMAT_VERSION,
    HIDDEN,
    NBGRADER_SCHEMA,
    POINTS_PER_QUESTION,
    PROFESSION_NOTE,
    answer_id,
    answer_variable,
    case_digest,
    python_literal,
    release_notebook,
    source_notebook,
    test_id,
    test_source,
)

__all__ = [
    "FORMAT_VERSION",
    "HIDDEN",
    "NBGRADER_SCHEMA",
    "POINTS_PER_QUESTION",
    "PROFESSION_NOTE",
    "answer_id",
    "answer_variable",
    "case_digest",
    "python_literal",
    "release_notebook",
    "source_notebook",
    "test_id",
    "test_source",
]
