"""Hypothesis profiles and strategies shared by the property-based tests.

Importing this module registers the profiles and loads the one named by
HYPOTHESIS_PROFILE: "default" (200 derandomised cases per property, what
`make test` runs) or "bench" (10,000 fresh random cases, what `make bench` runs).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "default",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "bench",
    max_examples=10_000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# text made mostly of YAML's punctuation, so generated files reach the reader's odd corners
YAMLISH = (
    list(" \n\n\n\t:::---[]{},#&*!|>'\"%@`?-\\.=~")
    + list("abcxyzABC019")
    + ["é", "\u2028", "\x00", "\ufeff", "\x85", "🙂", "---\n", "...\n", ": ", "- ", "  ", "id: ", "type: "]
)
yamlish_text = st.lists(st.sampled_from(YAMLISH), max_size=300).map("".join)
