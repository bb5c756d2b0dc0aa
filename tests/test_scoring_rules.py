"""Focused unit tests of each documented scoring rule in `grader.scoring`.

Items are built with the pydantic models directly. Expected values are worked
out by hand from the rules in the `grader.scoring` docstring.
"""

from __future__ import annotations

import math

import pytest

from grader.content.item_base import Option
from grader.items.matching.model import Choice, MatchingItem, Premise
from grader.items.matching.scoring import score_matching
from grader.items.multiple.model import MultipleItem
from grader.items.multiple.scoring import score_multiple
from grader.items.numeric.model import NumericFeedback, NumericItem, UnsafeBand
from grader.items.numeric.scoring import score_numeric
from grader.items.ordering.model import OrderingItem
from grader.items.ordering.scoring import score_ordering
from grader.items.single.model import SingleItem
from grader.items.single.scoring import score_single
from grader.scoring import Evaluation, evaluate, score

COMMON = {"outcome": "LO1", "source": "unit-tests", "stem": "Question?"}


def options(ids: str) -> list[Option]:
    return [Option(id=i, text=f"Option {i}", feedback=f"About {i}.") for i in ids]


def single(answer: str = "b", ids: str = "abcd") -> SingleItem:
    return SingleItem(id="s", type="single", options=options(ids), answer=answer, **COMMON)


def multiple(answer: list[str], ids: str = "abcde") -> MultipleItem:
    return MultipleItem(id="m", type="multiple", options=options(ids), answer=answer, **COMMON)


def numeric(answer: float = 60, **kwargs) -> NumericItem:
    return NumericItem(
        id="n",
        type="numeric",
        answer=answer,
        feedback=NumericFeedback(correct="Yes.", incorrect="No."),
        **kwargs,
        **COMMON,
    )


def ordering(answer: str = "abcd", listed: str | None = None) -> OrderingItem:
    return OrderingItem(
        id="o",
        type="ordering",
        options=options(listed or answer[::-1]),
        answer=list(answer),
        feedback="The order.",
        **COMMON,
    )


def matching(answers: dict[str, str], choices: str = "xyz") -> MatchingItem:
    return MatchingItem(
        id="mt",
        type="matching",
        premises=[Premise(id=p, text=f"Premise {p}", answer=c, feedback="F.") for p, c in answers.items()],
        choices=[Choice(id=c, text=f"Choice {c}") for c in choices],
        **COMMON,
    )


def check(result: Evaluation, status: str, value: float, band: int | None = None) -> None:
    assert result.status == status
    assert result.score == pytest.approx(value, abs=1e-4)
    assert result.unsafe_band == band


# --- single ----------------------------------------------------------------


def test_single_right_option_scores_one():
    check(score_single(single(), "b"), "correct", 1)


def test_single_wrong_option_scores_zero():
    for wrong in "acd":
        check(score_single(single(), wrong), "incorrect", 0)


def test_single_missing_answer_is_unanswered():
    check(score_single(single(), None), "unanswered", 0)
    check(score_single(single(), ""), "unanswered", 0)


def test_single_unknown_or_wrongly_typed_answer_is_invalid():
    for response in ("z", "B", " b", 1, True, ["b"], {"b": True}, 1.5):
        check(score_single(single(), response), "invalid", 0)


def test_single_two_options():
    item = SingleItem(id="s", type="single", options=options(["yes", "no"]), answer="no", **COMMON)
    check(score_single(item, "no"), "correct", 1)
    check(score_single(item, "yes"), "incorrect", 0)


# --- multiple --------------------------------------------------------------


def test_multiple_all_right_in_any_order():
    item = multiple(["a", "c", "e"])
    check(score_multiple(item, ["a", "c", "e"]), "correct", 1)
    check(score_multiple(item, ["c", "e", "a"]), "correct", 1)


def test_multiple_partial_credit_is_right_minus_wrong_over_right():
    item = multiple(["a", "c", "e"])
    check(score_multiple(item, ["a", "c"]), "partial", 2 / 3)
    check(score_multiple(item, ["a"]), "partial", 1 / 3)
    check(score_multiple(item, ["a", "c", "b"]), "partial", 1 / 3)
    check(score_multiple(item, ["a", "c", "e", "b"]), "partial", 2 / 3)
    check(score_multiple(item, ["a", "b", "c", "d", "e"]), "partial", 1 / 3)


def test_multiple_never_below_zero():
    item = multiple(["a", "c", "e"])
    check(score_multiple(item, ["a", "b"]), "incorrect", 0)  # 1 - 1 = 0
    check(score_multiple(item, ["a", "b", "d"]), "incorrect", 0)  # 1 - 2 < 0
    check(score_multiple(item, ["b", "d"]), "incorrect", 0)
    two = multiple(["a", "b"], ids="abcd")
    check(score_multiple(two, ["a", "b", "c", "d"]), "incorrect", 0)  # 2 - 2 = 0


def test_multiple_missing_answer_is_unanswered():
    item = multiple(["a"])
    check(score_multiple(item, None), "unanswered", 0)
    check(score_multiple(item, []), "unanswered", 0)


def test_multiple_wrong_shape_is_invalid():
    item = multiple(["a", "c"])
    for response in (["a", "a"], ["a", "z"], "a", ["a", 1], ["a", None], [["a"]], {"a": True}, ("a", "c")):
        check(score_multiple(item, response), "invalid", 0)


# --- numeric ---------------------------------------------------------------


def dose() -> NumericItem:
    return numeric(
        60,
        tolerance=5,
        unit="mg",
        min=0,
        max=1000,
        unsafe=[
            UnsafeBand(min=240, max=480, feedback="Band 0."),
            UnsafeBand(min=400, feedback="Band 1."),
            UnsafeBand(max=10, feedback="Band 2."),
        ],
    )


def test_numeric_within_tolerance_inclusive():
    item = dose()
    for value in (60, 55, 65, 62.5, 60.0):
        check(score_numeric(item, {"value": value, "unit": "mg"}), "correct", 1)
        check(score_numeric(item, value), "correct", 1)
    for value in (54.99, 65.01, 70):
        check(score_numeric(item, {"value": value, "unit": "mg"}), "incorrect", 0)


def test_numeric_decimal_tolerance_boundary_survives_float_noise():
    item = numeric(0.3, tolerance=0.1)
    check(score_numeric(item, 0.4), "correct", 1)
    check(score_numeric(item, 0.2), "correct", 1)
    check(score_numeric(item, 0.1 + 0.2), "correct", 1)
    check(score_numeric(item, 0.41), "incorrect", 0)


def test_numeric_zero_tolerance_default_negative_and_zero():
    zero = numeric(0)
    check(score_numeric(zero, 0), "correct", 1)
    check(score_numeric(zero, -0.0), "correct", 1)
    check(score_numeric(zero, 0.001), "incorrect", 0)
    negative = numeric(-2.5, tolerance=0.5)
    check(score_numeric(negative, -3), "correct", 1)
    check(score_numeric(negative, -2), "correct", 1)
    check(score_numeric(negative, 2.5), "incorrect", 0)


def test_numeric_range_is_inclusive():
    item = dose()
    check(score_numeric(item, -1), "out_of_range", 0)
    check(score_numeric(item, 1000.5), "out_of_range", 0)
    check(score_numeric(item, 0), "unsafe", 0, 2)  # at min: in range, in band 2
    check(score_numeric(item, 1000), "unsafe", 0, 1)  # at max: in range, in band 1
    check(score_numeric(numeric(7, min=0, max=10), 10), "incorrect", 0)


def test_numeric_units_compare_trimmed_and_caseless():
    item = dose()
    for unit in ("mg", "MG", "Mg", " mg", "mg  ", "  mG "):
        check(score_numeric(item, {"value": 60, "unit": unit}), "correct", 1)
    for unit in ("g", "microgram", "kg", "mgs"):
        check(score_numeric(item, {"value": 60, "unit": unit}), "unit_mismatch", 0)


def test_numeric_missing_unit_is_accepted():
    item = dose()
    for response in (
        60,
        {"value": 60},
        {"value": 60, "unit": None},
        {"value": 60, "unit": ""},
        {"value": 60, "unit": "  "},
    ):
        check(score_numeric(item, response), "correct", 1)


def test_numeric_unsafe_bands_inclusive_open_ended_first_wins():
    item = dose()
    check(score_numeric(item, 240), "unsafe", 0, 0)
    check(score_numeric(item, 480), "unsafe", 0, 0)  # in bands 0 and 1: first wins
    check(score_numeric(item, 450), "unsafe", 0, 0)
    check(score_numeric(item, 480.5), "unsafe", 0, 1)  # min-only band
    check(score_numeric(item, 10), "unsafe", 0, 2)  # max-only band, inclusive
    check(score_numeric(item, 10.5), "incorrect", 0)
    check(score_numeric(item, 239.99), "incorrect", 0)


def test_numeric_unit_mismatch_beats_unsafe_band():
    # the status stays unit_mismatch; the band the number lies in as typed is given too
    check(score_numeric(dose(), {"value": 300, "unit": "g"}), "unit_mismatch", 0, 0)


def test_numeric_missing_answer_is_unanswered():
    item = dose()
    for response in (None, "", {}, {"value": None, "unit": "mg"}, {"unit": "mg"}):
        check(score_numeric(item, response), "unanswered", 0)


def test_numeric_wrong_shape_is_invalid():
    item = dose()
    for response in (
        "sixty",
        {"value": "60", "unit": "mg"},
        True,
        False,
        {"value": True},
        {"value": 60, "unit": "mg", "extra": 1},
        {"value": 60, "unit": 1},
        [60],
        float("nan"),
        float("inf"),
        float("-inf"),
        {"value": float("nan"), "unit": "mg"},
        {"value": float("inf")},
    ):
        check(score_numeric(item, response), "invalid", 0)


def test_numeric_integer_too_big_for_a_float_does_not_raise():
    # json.loads("1" + "0" * 400) is a Python int that math.isfinite cannot convert
    item = dose()
    for response in (10**400, -(10**400), {"value": 10**400, "unit": "mg"}):
        result = score_numeric(item, response)
        assert result.score == 0
        assert result.status in {"invalid", "out_of_range"}


def test_numeric_large_values():
    item = numeric(1_500_000, tolerance=25_000, min=0, max=1e9, unsafe=[UnsafeBand(min=5e6, feedback="Big.")])
    check(score_numeric(item, 1_525_000), "correct", 1)
    check(score_numeric(item, 1_525_001), "incorrect", 0)
    check(score_numeric(item, 1e9), "unsafe", 0, 0)
    check(score_numeric(item, 1e9 + 1), "out_of_range", 0)


# --- ordering --------------------------------------------------------------


def test_ordering_right_order_scores_one():
    check(score_ordering(ordering(), list("abcd")), "correct", 1)


def test_ordering_reversed_scores_zero():
    check(score_ordering(ordering(), list("dcba")), "incorrect", 0)
    check(score_ordering(ordering("pq"), ["q", "p"]), "incorrect", 0)


def test_ordering_partial_credit_is_concordant_pairs_over_all_pairs():
    item = ordering()
    check(score_ordering(item, list("acbd")), "partial", 5 / 6)  # one adjacent swap of 4
    check(score_ordering(item, list("bacd")), "partial", 5 / 6)
    check(score_ordering(item, list("dbca")), "partial", 1 / 6)
    check(score_ordering(ordering("xyz"), list("yxz")), "partial", 2 / 3)
    check(score_ordering(ordering("xyz"), list("zxy")), "partial", 1 / 3)
    check(score_ordering(ordering("abcde"), list("baced")), "partial", 8 / 10)
    check(score_ordering(ordering("abcde"), list("eabcd")), "partial", 6 / 10)


def test_ordering_scores_against_answer_not_listing_order():
    item = ordering("abcd", listed="cadb")
    check(score_ordering(item, list("cadb")), "partial", 3 / 6)


def test_ordering_missing_answer_is_unanswered():
    check(score_ordering(ordering(), None), "unanswered", 0)
    check(score_ordering(ordering(), []), "unanswered", 0)


def test_ordering_must_name_every_option_once():
    item = ordering()
    for response in (
        list("abc"),
        list("abbc"),
        list("abcda"),
        list("abcx"),
        "abcd",
        [1, 2, 3, 4],
        [list("abcd")],
        {"a": 1},
    ):
        check(score_ordering(item, response), "invalid", 0)


# --- matching --------------------------------------------------------------


def three() -> MatchingItem:
    return matching({"p1": "x", "p2": "y", "p3": "x"})


def test_matching_all_right_with_reused_choice():
    check(score_matching(three(), {"p1": "x", "p2": "y", "p3": "x"}), "correct", 1)


def test_matching_partial_credit_is_right_premises_over_all():
    item = three()
    check(score_matching(item, {"p1": "x", "p2": "x", "p3": "x"}), "partial", 2 / 3)
    check(score_matching(item, {"p1": "x", "p2": "z", "p3": "x"}), "partial", 2 / 3)
    check(score_matching(item, {"p1": "y", "p2": "x", "p3": "z"}), "incorrect", 0)
    four = matching({"q1": "m", "q2": "n", "q3": "o", "q4": "m"}, choices="mno")
    check(score_matching(four, {"q1": "m", "q2": "n", "q3": "m", "q4": "n"}), "partial", 0.5)


def test_matching_missing_premises_count_as_wrong():
    item = three()
    check(score_matching(item, {"p1": "x", "p2": "y"}), "partial", 2 / 3)
    check(score_matching(item, {"p3": "x"}), "partial", 1 / 3)
    check(score_matching(item, {"p2": "x"}), "incorrect", 0)


def test_matching_missing_answer_is_unanswered():
    check(score_matching(three(), None), "unanswered", 0)
    check(score_matching(three(), {}), "unanswered", 0)


def test_matching_unknown_ids_or_wrong_shape_is_invalid():
    item = three()
    for response in (
        {"p1": "x", "p4": "x"},
        {"p1": "w"},
        {"p1": "p2"},
        {"P1": "x"},
        {"p1": 1},
        {"p1": ["x"]},
        {1: "x"},
        [["p1", "x"]],
        "x",
    ):
        check(score_matching(item, response), "invalid", 0)


# --- all types -------------------------------------------------------------


def every_item():
    return [
        single(),
        multiple(["a", "c", "e"]),
        dose(),
        numeric(0),
        ordering(),
        three(),
    ]


WEIRD_RESPONSES = [
    None,
    "",
    " ",
    [],
    {},
    0,
    -1,
    1.5,
    True,
    False,
    float("nan"),
    float("inf"),
    float("-inf"),
    10**400,  # JSON can carry an integer too big for a float
    -(10**400),
    {"value": 10**400, "unit": "mg"},
    [[["a"]]],
    [["a", "b"], ["c", "d"]],
    [None, None],
    [float("nan")],
    {1: "x", 2: "y"},
    {1: 2},
    {None: None},
    {"value": float("nan")},
    {"value": float("inf"), "unit": "mg"},
    {"value": {"value": 60}},
    {"value": [60], "unit": ["mg"]},
    {"p1": {"x": "y"}},
    {"p1": None},
    ["a"] * 100_000,
    [str(i) for i in range(100_000)],
    list("abcd") * 1000,
    "a" * 100_000,
    b"a",
    ("a", "b", "c", "d"),
    {"a", "b"},
    object(),
]


@pytest.mark.parametrize(
    "response", WEIRD_RESPONSES, ids=[f"{i}-{type(r).__name__}" for i, r in enumerate(WEIRD_RESPONSES)]
)
def test_never_raises_and_score_in_unit_interval(response):
    for item in every_item():
        result = evaluate(item, response)
        assert isinstance(result, Evaluation)
        assert 0 <= result.score <= 1 and not math.isnan(result.score)
        assert score(item, response) == result.score


def test_scores_stay_in_unit_interval_for_every_permutation_and_subset():
    import itertools

    item = ordering("abcde")
    for perm in itertools.permutations("abcde"):
        result = score_ordering(item, list(perm))
        assert 0 <= result.score <= 1
    multi = multiple(["a", "c"])
    for k in range(1, 6):
        for combo in itertools.combinations("abcde", k):
            result = score_multiple(multi, list(combo))
            assert 0 <= result.score <= 1
            assert result.status in {"correct", "partial", "incorrect"}


def test_status_matches_score():
    # correct <=> 1, incorrect and every non-graded status <=> 0, partial strictly between
    samples = [
        (multiple(["a", "c", "e"]), ["a"]),
        (multiple(["a", "c", "e"]), ["a", "c", "e"]),
        (multiple(["a", "c", "e"]), ["b"]),
        (ordering(), list("acbd")),
        (three(), {"p1": "x"}),
        (dose(), 300),
        (dose(), "60"),
    ]
    for item, response in samples:
        result = evaluate(item, response)
        if result.status == "correct":
            assert result.score == 1
        elif result.status == "partial":
            assert 0 < result.score < 1
        else:
            assert result.score == 0
        assert (result.unsafe_band is not None) == (result.status == "unsafe")  # no sample is a unit mismatch


# --- numeric: text typed with its unit, and a wrong unit in an unsafe band ----------------------


def dose_with_options() -> NumericItem:
    item = dose()
    return item.model_copy(update={"unit_options": ["microgram", "g"]})


def test_numeric_text_with_the_unit_is_read_as_value_and_unit():
    item = dose_with_options()
    for text in ("60", "60 mg", "60mg", " 60 MG ", "60\u00a0mg", "+60 mg", "60. mg", "57.5mg", "\t65\nm g"):
        check(score_numeric(item, text), "correct", 1)
    check(score_numeric(item, "300 mg"), "unsafe", 0, 0)
    check(score_numeric(item, "2000 mg"), "out_of_range", 0)
    check(score_numeric(item, "60 g"), "unit_mismatch", 0)  # an offered unit, not the answer's
    check(score_numeric(item, "300 microgram"), "unit_mismatch", 0, 0)


def test_numeric_text_that_is_not_a_number_and_an_offered_unit_is_invalid():
    item = dose_with_options()
    for text in (
        "1,000",
        "60,5 mg",
        "sixty",
        "60 kg",
        "mg 60",
        "1 50 mg",
        "6e1",
        "60 mg mg",
        "\uff16\uff10",
        "\u221260",
        "   ",
        "inf",
        "nan",
        "1_000",
        "0x3c",
        "1" + "0" * 400,
    ):
        check(score_numeric(item, text), "invalid", 0)


def test_numeric_text_on_an_item_without_a_unit_is_a_number_alone():
    item = numeric(7, min=0, max=10)
    check(score_numeric(item, " 7 "), "correct", 1)
    check(score_numeric(item, "7 points"), "invalid", 0)


def test_numeric_read_text_gives_the_unit_as_the_item_spells_it():
    from grader.items.numeric.scoring import read_text

    item = numeric(7.5, unit="mg/day", unit_options=["microgram/day"])
    assert read_text(item, "7.5 MG / Day") == (7.5, "mg/day")
    assert read_text(item, "20microgram/DAY") == (20.0, "microgram/day")
    assert read_text(item, ".5") == (0.5, None)
    assert read_text(item, "7.5 mg") is None


def test_numeric_text_is_read_in_linear_time():
    # a long hostile answer in a submission: the reading must not backtrack quadratically
    item = dose_with_options()
    check(score_numeric(item, " " * 200_000 + "x"), "invalid", 0)
    check(score_numeric(item, "1" + " " * 200_000 + "x"), "invalid", 0)


def test_numeric_unit_mismatch_gives_the_band_or_none():
    item = dose()
    check(score_numeric(item, {"value": 5, "unit": "g"}), "unit_mismatch", 0, 2)
    check(score_numeric(item, {"value": 480.5, "unit": "g"}), "unit_mismatch", 0, 1)
    check(score_numeric(item, {"value": 60, "unit": "g"}), "unit_mismatch", 0, None)
    check(score_numeric(item, {"value": 239.99, "unit": "g"}), "unit_mismatch", 0, None)
