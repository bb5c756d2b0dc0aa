"""Question banks -> Moodle GIFT: one UTF-8 text file, every bank under `$CATEGORY: <module title>`.

Each question is `::<item id>::` then its text, then its answers in `{...}`,
questions parted by a blank line.

The rules followed, from Moodle's documentation of the format (Moodle Docs,
"GIFT format", docs.moodle.org/en/GIFT_format) and, where the docs are thin,
from Moodle's own importer and exporter (`question/format/gift/format.php`,
`qformat_gift::escapedchar_pre`, `repchar`, `readquestion`):

* The characters ~ = # { } : have a meaning in GIFT; "\\character" escapes
  that meaning. The importer reads `\\\\` as one literal backslash first, so a
  backslash in the text is written `\\\\`, and `\\n` is a line break: a blank
  line would end the question, so every line break in the text is written
  `\\n`. This is exactly Moodle's exporter (`repchar`): `\\` `#` `=` `~` `{` `}`
  `:` get a backslash, newlines become `\\n`, carriage returns go.
* `[html]`, `[plain]`, `[moodle]` or `[markdown]` at the start of a text sets
  its format; answers and feedback without one take the question text's.
  The question text always says which: `[html]` (Markdown rendered with the
  `markdown` package, as the site renders it) when the Markdown has any markup
  or more than one paragraph, else `[plain]`; an answer or feedback whose own
  kind differs, or that starts with `[` or `%` (which the importer would read
  as a marker or a weight), says its own.
* single: `{=right#feedback ~wrong#feedback}`.
* multiple: `{~%50%a#feedback ~%-50%b#feedback ...}`. Moodle accepts only the
  grades in its list (`question_bank::fraction_options_full`: 100, 90,
  83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
  14.28571, 12.5, 11.11111, 10, 5, 0 and their negatives); the import
  rejects any other unless "nearest grade" is chosen (`match_grade_options`,
  within 0.00001). The course rule is: right picks share 100% equally, each
  wrong pick costs as much as one right pick, never below 0; Moodle's
  multiple-response grading adds the grades of the picks and floors the total
  at 0, so weights of 100/k and -100/k mirror it exactly for k = 1..10 right
  options (all in the list, written to 5 decimals as Moodle writes them). For
  11 or 12 right options no equal share is in the list: the right options get
  10% and 5% so they still add to 100%, each wrong one -10%, and a warning
  says so.
* numeric: `{#=answer:tolerance#feedback =%0%min..max#unsafe feedback ~#incorrect feedback}`.
  GIFT has no units: the unit goes into the question text ("Give your answer
  in mg."). Unsafe bands become 0% answers with their feedback, after the
  right answer, as the course checks them; an open end of a band is closed at
  the item's min or max (or at +-1e9 if it has none).
* matching: `{=premise -> choice ...}`. The docs ask for at least three pairs;
  a choice that no premise uses (a distractor) is written `= -> choice`, an
  empty premise, which Moodle's importer and exporter use for an extra wrong
  answer (`giftformat_test.php`, test_import_match / test_export_match). A
  question with fewer than three lines gets a warning.
* short_answer: `{=answer#feedback ... =%0%*#feedback}`, the last a catch-all
  ("*") carrying the feedback for any other answer.
* ordering: GIFT has no ordering type. Each is exported as matching: every
  option to its place, "1" (first) to "n", with a line saying so added to the
  question text.
* `$CATEGORY:` lines are not unescaped by the importer, so the module title is
  written as it is, with "/" doubled (Moodle's category paths split on "/";
  "//" is a literal slash: `qformat_default::split_category_path`).

What is lost in GIFT (for the docs):

* scoring of ordering: Moodle scores each place right or wrong (places right /
  all places); the course scores pairs in the right relative order (pairs
  right / all pairs), so one item moved to the far end costs more in Moodle;
* feedback per premise (matching) and per option (ordering): Moodle's matching
  type has none, so they are gathered into the question's general feedback,
  which every learner sees after answering;
* numeric: units (and the unit choices offered) are not checked; the item's
  min..max range is not enforced (an out-of-range answer is just wrong);
* fixed_order: GIFT cannot say "do not shuffle", so Moodle's default
  (shuffle) applies to every choice question;
* multiple with 11 or 12 right options: unequal right weights (see above);
* question context: merged into the question text, above the stem;
* matching choices are plain text in Moodle (Markdown in them is dropped);
* short_answer: Moodle compares case-insensitively but keeps spaces and
  punctuation, so "phq 9" accepted by the course may be wrong in Moodle (a
  warning per item; list each spelling as an answer);
* consultations and free text (case studies only) are not exported: each
  type's `gift.py` says why, and the export warns with the count.

Case studies' other questions are exported, one category per case under
"Case studies". Each question's comment carries Moodle's `[id:...]` (the
course's item id, kept as the question's ID number) and `[tag:...]` (outcome
and source), read by `qformat_gift::extract_idnumber_and_tags_from_comment`;
the question's name is readable ("<module> 3: <start of the stem>").
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from grader.content.item_base import ItemBase
from grader.content.models import Item
from grader.items import part

from . import (
    Bank,
    Export,
    block_html,
    exported,
    inline_html,
    is_plain,
    item_count,
    not_exported_warning,
    plain_text,
    question_name,
)

PLAIN, HTML = "plain", "html"

# Moodle's grade list (question_bank::fraction_options_full), in percent
ACCEPTED_PERCENTS = (
    100.0,
    90.0,
    83.33333,
    80.0,
    75.0,
    70.0,
    66.66667,
    60.0,
    50.0,
    40.0,
    33.33333,
    30.0,
    25.0,
    20.0,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10.0,
    5.0,
)
ALL_PERCENTS = (*ACCEPTED_PERCENTS, 0.0, *(-p for p in ACCEPTED_PERCENTS))
MOODLE_GRADE_MATCH = 0.00001  # match_grade_options compares fractions within this
OPEN_BAND_END = 1e9
SPECIAL = "#=~{}:"


@dataclass(frozen=True)
class Text:
    fmt: str  # PLAIN or HTML
    body: str


def escape(text: str) -> str:
    """Text as GIFT: backslash first, then ~ = # { } : escaped, line breaks as \\n (Moodle's repchar)."""
    out = text.replace("\\", "\\\\")
    for char in SPECIAL:
        out = out.replace(char, "\\" + char)
    return out.replace("\r\n", "\n").replace("\r", "").replace("\n", "\\n")


def category_name(title: str) -> str:
    """One level of a category path: "/" doubled (a literal slash), kept off the ends."""
    name = " ".join(title.split()).replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return name


def category_line(*titles: str) -> str:
    """`$CATEGORY:` with a path, one level per title (case studies sit under "Case studies")."""
    return "$CATEGORY: " + "/".join(category_name(t) for t in titles)


def tag(text: str) -> str:
    """A Moodle tag in a `[tag:...]` comment: no < > or control characters, "]" escaped."""
    cleaned = "".join(ch for ch in text if ch not in "<>" and ch.isprintable())
    return cleaned.replace("]", "\\]")


def nearest_percent(value: float) -> float:
    """The grade in Moodle's list nearest to `value` percent."""
    return min(ALL_PERCENTS, key=lambda p: abs(p - value))


def is_accepted(percent: float) -> bool:
    return any(abs(percent - p) / 100 < MOODLE_GRADE_MATCH for p in ALL_PERCENTS)


def multiple_weights(right: int) -> tuple[list[float], float, bool]:
    """(weight of each right option, weight of a wrong one, exact) in Moodle-accepted percents.

    Exact when the right options can share 100% equally (1..10 of them);
    otherwise 10% and 5% shares that still add to 100%.
    """
    share = 100 / right
    if is_accepted(round(share, 5)):
        weight = nearest_percent(share)
        return [weight] * right, -weight, True
    # 10a + 5b = 100 with a + b = right (11..20 right options)
    tens = max(0, 20 - right)
    fives = right - tens
    if 10 * tens + 5 * fives != 100:
        raise ValueError(f"no set of Moodle grades shares 100% among {right} right options")
    return [10.0] * tens + [5.0] * fives, nearest_percent(-share), False


def percent(value: float) -> str:
    """A grade as Moodle writes it: at most 5 decimals, no trailing zeros."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- text -----------------------------------------------------------------------


def render(text: str) -> Text:
    """A Markdown field: plain text if it has no markup, else HTML."""
    if is_plain(text):
        return Text(PLAIN, plain_text(text))
    return Text(HTML, block_html(text))


def inline(text: str) -> Text:
    """As render, with a lone paragraph left unwrapped (answers, premises)."""
    if is_plain(text):
        return Text(PLAIN, plain_text(text))
    return Text(HTML, inline_html(text))


def field(text: Text, question_fmt: str) -> str:
    """A text as GIFT, with a format marker if it differs from the question's or could be misread."""
    marked = text.fmt != question_fmt or text.body.lstrip().startswith(("[", "%"))
    return (f"[{text.fmt}]" if marked else "") + escape(text.body)


def question_text(item: ItemBase, note: str | None = None) -> Text:
    parts = [p for p in (item.context, item.stem) if p]
    if all(is_plain(p) for p in parts):
        body = "\n\n".join(plain_text(p) for p in parts)
        return Text(PLAIN, f"{body} {note}" if note else body)
    body = "\n".join(block_html(p) for p in parts)
    return Text(HTML, body + (f"\n<p>{html.escape(note, quote=False)}</p>" if note else ""))


def html_of(text: Text) -> str:
    return text.body if text.fmt == HTML else html.escape(text.body, quote=False)


def question(item_id: str, qtext: Text, lines: list[str], general: Text | None = None, open_brace: str = "{") -> str:
    # the question text always names its format: without one Moodle assumes its own "moodle" format
    out = [f"::{item_id}::[{qtext.fmt}]{escape(qtext.body)}{open_brace}"]
    out += [f"\t{line}" for line in lines]
    if general is not None:
        out.append(f"\t####{field(general, qtext.fmt)}")
    out.append("}")
    return "\n".join(out)


# --- shared by the types' writers (grader/items/<type>/gift.py) -------------------


def premise(text: str) -> Text:
    """A matching premise (or an ordering option written as one)."""
    out = inline(text)
    if out.fmt == PLAIN and "->" in out.body:
        # the importer splits a pair at its first "->"; in HTML it is written -&gt;
        return Text(HTML, html.escape(out.body, quote=False))
    return out


def pairs_warning(item_id: str, count: int, what: str) -> list[str]:
    if count >= 3:
        return []
    return [
        f"{item_id}: {what} with {count} line(s): Moodle's docs ask for at least 3 matching pairs, so its editing "
        "form will ask for more"
    ]


# --- questions and banks ------------------------------------------------------------


def item_gift(item: Item) -> tuple[str, list[str]]:
    """One question as GIFT (its type's `gift.py`), and any warnings about what Moodle will do differently."""
    writer = part(item.type, "gift")
    if hasattr(writer, "NOT_EXPORTED"):
        return f"// {item.id} is not exported: {writer.NOT_EXPORTED}", [
            f"{item.id}: not exported to GIFT: {writer.NOT_EXPORTED}"
        ]
    text: str
    warnings: list[str]
    text, warnings = writer.gift(item)
    return text, warnings


def named(item: ItemBase, text: str, name: str) -> str:
    """A writer's question (named by its id) under a readable name."""
    by_id = f"::{escape(item.id)}::"
    assert text.startswith(by_id), f"{item.type}'s gift() must name the question with question(item.id, ...)"
    return f"::{escape(name)}::" + text[len(by_id) :]


def comment(item: ItemBase) -> str:
    """Moodle reads `[id:...]` as the question's ID number and `[tag:...]` as its tags
    (qformat_gift::extract_idnumber_and_tags_from_comment): the course id, outcome and source."""
    kind = item.type + (", as matching" if item.type == "ordering" else "")
    return f"// [id:{item.id}] [tag:{tag('outcome ' + item.outcome)}] [tag:{tag('source ' + item.source)}] ({kind})"


def to_gift(banks: Sequence[Bank]) -> tuple[str, list[str]]:
    """Every bank as one GIFT document (text) and the warnings."""
    blocks = [
        "// Question banks of the MSK pain and mental health CPD course, written by `grader export-bank --format "
        "gift`.\n"
        "// Import into Moodle: Question bank > Import > GIFT format. One category per module, and one per case\n"
        '// study under "Case studies"; each question\'s ID number is its id in the course.'
    ]
    warnings: list[str] = []
    orderings = 0
    for bank in banks:
        blocks.append(category_line(bank.title) if bank.kind == "module" else category_line("Case studies", bank.title))
        for number, item in enumerate(exported(bank, "gift"), start=1):
            text, item_warnings = item_gift(item)
            blocks.append(f"{comment(item)}\n{named(item, text, question_name(bank, number, item))}")
            warnings += item_warnings
            orderings += item.type == "ordering"
    warnings += not_exported_warning(banks, "gift")
    if orderings:
        warnings.append(
            f"{orderings} ordering question(s) written as matching (each option to its place, 1 first): GIFT has no "
            "ordering type, "
            "and Moodle scores places right, not pairs in the right order"
        )
    return "\n\n".join(blocks) + "\n", warnings


def export(banks: Sequence[Bank]) -> Export:
    text, warnings = to_gift(banks)
    return Export(text.encode("utf-8"), item_count(banks, "gift"), warnings)
