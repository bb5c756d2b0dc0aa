"""Checks that relate one field to another, each pointing at the key to fix."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from .models import (
    TIERS,
    CaseItem,
    CaseStudy,
    Choice,
    ConsultationItem,
    Directory,
    FreeTextItem,
    HazardLog,
    Item,
    MatchingItem,
    Module,
    MultipleItem,
    NumericItem,
    Option,
    OrderingItem,
    QuestionBank,
    RedFlag,
    RedFlags,
    SingleItem,
)
from .yamlfile import Problem, YamlDoc

Loc = tuple[str | int, ...]  # a key path in a YAML file, e.g. ("items", 3, "answer")


def _dupes(values: list[str]) -> list[str]:
    return [v for v, n in Counter(values).items() if n > 1]


def _listing(ids: list[str]) -> str:
    return ", ".join(ids)


def check_items(bank: QuestionBank, doc: YamlDoc) -> Iterator[Problem]:
    """Checks within each item: answers name options, bands miss the answer."""
    for i, item in enumerate(bank.items):
        yield from _check_item(item, doc, ("items", i))


def _check_case_modules(
    case: CaseStudy, doc: YamlDoc, module_outcomes: dict[str, list[str]], unreadable: frozenset[str]
) -> Iterator[Problem]:
    for k, module_id in enumerate(case.modules):
        if module_id not in module_outcomes and module_id not in unreadable:
            message = f"no module has id {module_id!r}: use one of {_listing(list(module_outcomes))}"
            yield doc.problem(("modules", k), message)
    for k, outcome in enumerate(case.outcomes):
        for j, target in enumerate(outcome.maps_to):
            module_id, _, lo = target.partition(":")
            if module_id in module_outcomes and lo not in module_outcomes[module_id]:
                message = f"module {module_id!r} has no outcome {lo}: use one of {_listing(module_outcomes[module_id])}"
                yield doc.problem(("outcomes", k, "maps_to", j), message)


def _check_case_item(case: CaseStudy, item: CaseItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    outcome_ids = [o.id for o in case.outcomes]
    reference_ids = [r.id for r in case.references]
    if item.outcome not in outcome_ids:
        message = f"outcome {item.outcome!r} is not one of this case's outcomes: use one of {_listing(outcome_ids)}"
        yield doc.problem((*at, "outcome"), message)
    if item.source not in reference_ids:
        message = (
            f"source {item.source!r} is not in this case's references: use one of {_listing(reference_ids)} or add it"
        )
        yield doc.problem((*at, "source"), message)
    yield from _check_item(item, doc, at)


def check_case(
    case: CaseStudy, doc: YamlDoc, module_outcomes: dict[str, list[str]], unreadable: frozenset[str] = frozenset()
) -> Iterator[Problem]:
    """A case's stages, items, outcomes and sources. `unreadable`: ids of modules whose
    module.yml has problems of its own (not reported again here as missing)."""
    yield from _check_case_modules(case, doc, module_outcomes, unreadable)
    for dup in _dupes([st.id for st in case.stages]):
        yield doc.problem(("stages",), f"stage id {dup!r} is used twice: give each stage its own id")
    for i, stage in enumerate(case.stages):
        for j, item in enumerate(stage.questions):
            yield from _check_case_item(case, item, doc, ("stages", i, "questions", j))
    if not case.items():
        yield doc.problem(("stages",), "a case needs at least one question: add `questions:` to a stage")


def check_bank_against_module(bank: QuestionBank, module: Module, doc: YamlDoc) -> Iterator[Problem]:
    """Each item's outcome and source must be the module's."""
    outcome_ids = [o.id for o in module.outcomes]
    reference_ids = [r.id for r in module.references]
    for i, item in enumerate(bank.items):
        at = ("items", i)
        if item.outcome not in outcome_ids:
            yield doc.problem(
                at + ("outcome",),
                f"outcome {item.outcome!r} is not one of module {module.id!r}'s outcomes: use one of "
                f"{_listing(outcome_ids)}",
            )
        if item.source not in reference_ids:
            yield doc.problem(
                at + ("source",),
                f"source {item.source!r} is not in module {module.id!r}'s references: use one of "
                f"{_listing(reference_ids)} or add it to module.yml",
            )


def _check_options(item: SingleItem | MultipleItem | OrderingItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    option_ids = [o.id for o in item.options]
    for dup in _dupes(option_ids):
        yield doc.problem((*at, "options"), f"option id {dup!r} is used twice: give each option its own id")
    if isinstance(item, SingleItem) and item.answer not in option_ids:
        message = f"answer {item.answer!r} is not an option id: use one of {_listing(option_ids)}"
        yield doc.problem((*at, "answer"), message)
    if isinstance(item, MultipleItem):
        for wrong in [a for a in item.answer if a not in option_ids]:
            message = f"answer {wrong!r} is not an option id: use ids from {_listing(option_ids)}"
            yield doc.problem((*at, "answer"), message)
        for dup in _dupes(item.answer):
            yield doc.problem((*at, "answer"), f"answer lists {dup!r} twice: list each right option once")
    if isinstance(item, OrderingItem) and sorted(item.answer) != sorted(option_ids):
        message = f"answer must list every option id exactly once, in the right order: {_listing(option_ids)}"
        yield doc.problem((*at, "answer"), message)


def _check_matching(item: MatchingItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    choice_ids = [c.id for c in item.choices]
    for dup in _dupes(choice_ids):
        yield doc.problem((*at, "choices"), f"choice id {dup!r} is used twice: give each choice its own id")
    for dup in _dupes([p.id for p in item.premises]):
        yield doc.problem((*at, "premises"), f"premise id {dup!r} is used twice: give each premise its own id")
    for j, premise in enumerate(item.premises):
        if premise.answer not in choice_ids:
            message = f"answer {premise.answer!r} is not a choice id: use one of {_listing(choice_ids)}"
            yield doc.problem((*at, "premises", j, "answer"), message)


def _check_free_text(item: FreeTextItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    for dup in _dupes([c.id for c in item.rubric]):
        yield doc.problem((*at, "rubric"), f"rubric id {dup!r} is used twice: give each criterion its own id")


def _check_item(item: Item | CaseItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    """The checks within one item, by its type."""
    if isinstance(item, (SingleItem, MultipleItem, OrderingItem)):
        yield from _check_options(item, doc, at)
    elif isinstance(item, MatchingItem):
        yield from _check_matching(item, doc, at)
    elif isinstance(item, NumericItem):
        yield from _check_numeric(item, doc, at)
    elif isinstance(item, ConsultationItem):
        yield from _check_consultation(item, doc, at)
    elif isinstance(item, FreeTextItem):
        yield from _check_free_text(item, doc, at)


def _check_consultation_ids(item: ConsultationItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    nodes = [n.id for n in item.nodes]
    behaviours = {b.id for b in item.behaviours}
    for dup in _dupes(nodes):
        yield doc.problem((*at, "nodes"), f"node id {dup!r} is used twice: give each node its own id")
    for dup in _dupes([c.id for n in item.nodes for c in n.choices]):
        message = f"choice id {dup!r} is used twice: choice ids are unique within a consultation"
        yield doc.problem((*at, "nodes"), message)
    if not any(b.kind == "good" for b in item.behaviours):
        yield doc.problem((*at, "behaviours"), "list at least one `good` behaviour to score the consultation on")
    for i, node in enumerate(item.nodes):
        for j, choice in enumerate(node.choices):
            where = (*at, "nodes", i, "choices", j)
            if choice.next is not None and choice.next not in nodes:
                message = (
                    f"next {choice.next!r} is not a node id: use one of {_listing(nodes)}, "
                    "or leave `next` out to end the conversation"
                )
                yield doc.problem((*where, "next"), message)
            for unknown in [b for b in choice.behaviours if b not in behaviours]:
                message = f"behaviour {unknown!r} is not in this item's `behaviours`: add it there or correct the id"
                yield doc.problem((*where, "behaviours"), message)


def _check_consultation_paths(item: ConsultationItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    """Every node reachable from `start`, and no loops, so every path ends."""
    nodes = {n.id: n for n in item.nodes}
    state: dict[str, str] = {}

    def visit(node_id: str) -> Iterator[Problem]:
        state[node_id] = "open"
        for choice in nodes[node_id].choices:
            if choice.next not in nodes:
                continue
            if state.get(choice.next) == "open":
                message = (
                    f"choice {choice.id!r} leads back to node {choice.next!r}: "
                    "the conversation must always move on to an end"
                )
                yield doc.problem((*at, "nodes"), message)
            elif choice.next not in state:
                yield from visit(choice.next)
        state[node_id] = "done"

    yield from visit(item.start)
    for i, node in enumerate(item.nodes):
        if node.id not in state:
            message = f"node {node.id!r} cannot be reached from `start`: link a choice to it or remove it"
            yield doc.problem((*at, "nodes", i, "id"), message)


def _check_consultation(item: ConsultationItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    yield from _check_consultation_ids(item, doc, at)
    nodes = [n.id for n in item.nodes]
    if item.start not in nodes:
        yield doc.problem((*at, "start"), f"start {item.start!r} is not a node id: use one of {_listing(nodes)}")
        return
    if all(len({choice.next for choice in node.choices}) == 1 for node in item.nodes):
        yield doc.problem(
            (*at, "nodes"),
            "every choice at every node leads to the same next node, so the person answers what was never said: "
            "let at least one unhelpful choice lead to a node of its own, where the person responds to it and "
            "the learner can recover",
        )
    yield from _check_consultation_paths(item, doc, at)


def _check_numeric(item: NumericItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    if item.unit_options and item.unit is None:
        yield doc.problem(at + ("unit_options",), "`unit_options` needs a `unit`: add the unit of the right answer")
    if item.unit is not None and item.unit in item.unit_options:
        yield doc.problem(
            at + ("unit_options",),
            f"`unit_options` repeats the answer's unit {item.unit!r}: list only the other units to offer",
        )
    if item.min is not None and item.max is not None and item.min > item.max:
        yield doc.problem(at + ("min",), "`min` is above `max`: swap them")
    low, high = item.answer - item.tolerance, item.answer + item.tolerance
    if (item.min is not None and low < item.min) or (item.max is not None and high > item.max):
        yield doc.problem(
            at + ("answer",), "the right answer (with its tolerance) lies outside `min`..`max`: widen the range"
        )
    for k, band in enumerate(item.unsafe):
        where = at + ("unsafe", k)
        if band.min is None and band.max is None:
            yield doc.problem(where, "an unsafe band needs `min`, `max` or both")
            continue
        if band.min is not None and band.max is not None and band.min > band.max:
            yield doc.problem(where + ("min",), "`min` is above `max`: swap them")
        band_low = band.min if band.min is not None else float("-inf")
        band_high = band.max if band.max is not None else float("inf")
        if band_low <= high and low <= band_high:
            yield doc.problem(where, "this unsafe band overlaps the right answer and its tolerance: move the band")
    if item.ome:
        yield from _check_ome(item, doc, at)


# The course's one rule for unsafe bands on oral morphine equivalent (OME, mg/day) items
# (educators' guide, "Unsafe bands on oral morphine equivalent items"): an over-count of
# twice the true load or more, and an under-count below the 120 mg/day threshold when the
# true load is at or above it, are unsafe; nothing else is.
OME_THRESHOLD = 120
OME_UNDER_MAX = OME_THRESHOLD - 1


def _check_ome(item: NumericItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    over = 2 * item.answer
    wanted = [(over, None)] + ([(None, OME_UNDER_MAX)] if item.answer >= OME_THRESHOLD else [])

    def shown(band: tuple[float | None, float | None]) -> str:
        low, high = band
        return "{" + ", ".join(f"{k}: {v:g}" for k, v in (("min", low), ("max", high)) if v is not None) + "}"

    bands = [(b.min, b.max) for b in item.unsafe]
    for k, band in enumerate(bands):
        if band not in wanted:
            yield doc.problem(
                at + ("unsafe", k),
                f"an OME item's unsafe bands follow the course rule: this band {shown(band)} is not one of them; use "
                f"only {' and '.join(shown(w) for w in wanted)}",
            )
        elif "opioid load" not in item.unsafe[k].feedback.lower():
            yield doc.problem(
                at + ("unsafe", k, "feedback"),
                "an OME band's feedback speaks of the person's opioid load "
                '(say "opioid load" and why the error could harm them), not of a dose to switch to',
            )
    for band in wanted:
        if band not in bands:
            why = (
                "an over-count of twice the true load or more"
                if band[1] is None
                else f"an under-count below {OME_THRESHOLD} mg/day when the true load is {OME_THRESHOLD} or more"
            )
            yield doc.problem(
                at + ("unsafe",),
                f"an OME item needs the unsafe band {shown(band)} ({why}): add it with feedback about the person's "
                "opioid load",
            )


def check_module_dates(module: Module | CaseStudy, doc: YamlDoc, today: dt.date) -> Iterator[Problem]:
    if module.next_review <= module.reviewed:
        yield doc.problem(("next_review",), "`next_review` must come after `reviewed`")
    if module.next_review < today:
        yield doc.problem(
            ("next_review",),
            f"review overdue since {module.next_review.isoformat()}: review the module against current guidance, "
            "then update `reviewed` and `next_review`",
        )
    if module.reviewed > today:
        yield doc.problem(("reviewed",), "`reviewed` is in the future: use the date the review was done")


def check_outcome_coverage(bank: QuestionBank, module: Module, doc: YamlDoc, minimum: int = 2) -> Iterator[Problem]:
    counts = Counter(item.outcome for item in bank.items)
    for k, outcome in enumerate(module.outcomes):
        if counts[outcome.id] < minimum:
            yield doc.problem(
                ("outcomes", k, "id"),
                f"outcome {outcome.id} is tested by {counts[outcome.id]} item(s): write at least {minimum} items "
                f"with `outcome: {outcome.id}`",
            )


DIRECTORY_RECHECK_DAYS = 365


def check_directory(directory: Directory, doc: YamlDoc, today: dt.date, national: bool) -> Iterator[Problem]:
    """Every entry checked at build time: unique ids, contact details, freshness."""
    for dup in _dupes([s.id for s in directory.services]):
        yield doc.problem(("services",), f"service id {dup!r} is used twice: give each entry its own id")
    for i, service in enumerate(directory.services):
        at = ("services", i)
        if not (service.phone or service.text_message or service.url or service.how_to_access):
            yield doc.problem(
                at, "give at least one way to reach this service: `phone`, `text_message`, `url` or `how_to_access`"
            )
        if service.last_checked > today:
            yield doc.problem(
                at + ("last_checked",), "`last_checked` is in the future: use the date you checked the entry"
            )
        elif (today - service.last_checked).days > DIRECTORY_RECHECK_DAYS:
            yield doc.problem(
                at + ("last_checked",),
                f"entry last checked {service.last_checked.isoformat()}, over a year ago: check it against its "
                "source, then update `last_checked`",
            )
    if national:
        categories = {s.category for s in directory.services}
        for needed in ("crisis", "staff-support"):
            if needed not in categories:
                yield doc.problem(
                    ("services",),
                    f"the national directory needs at least one `{needed}` entry: pages about suicide show them",
                )


def check_red_flags(red_flags: RedFlags, doc: YamlDoc, today: dt.date) -> Iterator[Problem]:
    for dup in _dupes([f.id for f in red_flags.flags]):
        yield doc.problem(("flags",), f"red flag id {dup!r} is used twice: give each flag its own id")
    for i, flag in enumerate(red_flags.flags):
        at = ("flags", i, "last_checked")
        if flag.last_checked > today:
            yield doc.problem(
                at, "`last_checked` is in the future: use the date you checked the flag against its sources"
            )
        elif (today - flag.last_checked).days > DIRECTORY_RECHECK_DAYS:
            yield doc.problem(
                at,
                f"red flag last checked {flag.last_checked.isoformat()}, over a year ago: check it against its "
                "sources, then update `last_checked`",
            )


# Words that name a tier: a choice or directory entry that says "urgent" must stand for the
# urgent tier. Same-day and immediate action is the emergency tier.
TIER_WORDS = {
    "emergency": re.compile(r"\bemergency\b|\bimmediate(?:ly)?\b|\bsame[- ]day\b|\b999\b", re.IGNORECASE),
    "urgent": re.compile(r"(?<!non-)(?<!non )(?<!not )\burgent(?:ly)?\b", re.IGNORECASE),
    "non-urgent": re.compile(r"\bnon-?urgent\b|\bnot urgent(?:ly)?\b|\broutine(?:ly)?\b", re.IGNORECASE),
}
TIER_LABELS = {"emergency": "Emergency", "urgent": "Urgent", "non-urgent": "Non-urgent"}


def tiers_named(text: str) -> set[str]:
    """The red-flag tiers a text names in words."""
    return {tier for tier, words in TIER_WORDS.items() if words.search(text)}


def _contradicting(text: str, tier: str) -> str | None:
    others = sorted(tiers_named(text) - {tier}, key=TIERS.index)
    return others[0] if others else None


def _unknown_flag(flag_id: str, flags: dict[str, RedFlag]) -> str:
    listing = _listing(list(flags)) or "(none yet: add referrals/red-flags.yml)"
    return f"no red flag has id {flag_id!r} in referrals/red-flags.yml: use one of {listing}"


def _tier_disagrees(what: str, tier: str, flag: RedFlag) -> str:
    return (
        f"{what} {tier}, but referrals/red-flags.yml gives red flag {flag.id!r} the tier {flag.tier}: "
        f"key it to `tier: {flag.tier}`, or correct referrals/red-flags.yml against its sources"
    )


Tiered = list[tuple[Loc, Option | Choice]]


def _tier_words(tiered: Tiered, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    for where, option in tiered:
        if option.tier and (other := _contradicting(option.text, option.tier)):
            message = (
                f"{option.id!r} has `tier: {option.tier}` but its text says {other}: make the text and the tier agree"
            )
            yield doc.problem((*at, *where, "text"), message)


def _matching_tiers(
    item: MatchingItem, tiered: Tiered, doc: YamlDoc, at: Loc, flags: dict[str, RedFlag]
) -> Iterator[Problem]:
    choices = {c.id: c for _, c in tiered}
    flagged = [(j, p) for j, p in enumerate(item.premises) if p.red_flag]
    if not flagged and any(c.tier for _, c in tiered):
        message = "choices carry a `tier` but no premise names a `red_flag`: add `red_flag:` to each red-flag premise"
        yield doc.problem((*at, "premises"), message)
    for j, premise in flagged:
        flag = flags.get(premise.red_flag or "")
        if flag is None:
            yield doc.problem((*at, "premises", j, "red_flag"), _unknown_flag(premise.red_flag or "", flags))
        elif premise.answer in choices and choices[premise.answer].tier != flag.tier:
            what = f"premise {premise.id!r} is keyed to a choice of tier"
            yield doc.problem(
                (*at, "premises", j, "answer"), _tier_disagrees(what, choices[premise.answer].tier or "(none)", flag)
            )


def _option_tiers(
    item: SingleItem | MultipleItem, tiered: Tiered, doc: YamlDoc, at: Loc, flags: dict[str, RedFlag]
) -> Iterator[Problem]:
    if item.red_flag is None:
        if any(o.tier for _, o in tiered):
            message = (
                "options carry a `tier` but the item names no `red_flag`: add `red_flag:` with the flag the item is "
                "about"
            )
            yield doc.problem((*at, "options"), message)
        return
    flag = flags.get(item.red_flag)
    if flag is None:
        yield doc.problem((*at, "red_flag"), _unknown_flag(item.red_flag, flags))
        return
    answers = {item.answer} if isinstance(item, SingleItem) else set(item.answer)
    for where, option in tiered:
        if option.id in answers and option.tier != flag.tier:
            what = f"the right option {option.id!r} has tier"
            yield doc.problem((*at, *where), _tier_disagrees(what, option.tier or "(none)", flag))
        elif option.id not in answers and option.tier == flag.tier:
            message = (
                f"option {option.id!r} has the right tier ({flag.tier}) but is not keyed as right: key it too, or "
                "change its tier and text"
            )
            yield doc.problem((*at, *where), message)


def check_red_flag_keys(item: Item | CaseItem, doc: YamlDoc, at: Loc, flags: dict[str, RedFlag]) -> Iterator[Problem]:
    """An item keyed on a red flag's tier agrees with referrals/red-flags.yml, and the words
    of each tiered option or choice agree with its tier."""
    if isinstance(item, MatchingItem):
        tiered: Tiered = [(("choices", k), c) for k, c in enumerate(item.choices)]
        yield from _tier_words(tiered, doc, at)
        yield from _matching_tiers(item, tiered, doc, at, flags)
    elif isinstance(item, (SingleItem, MultipleItem)):
        tiered = [(("options", k), o) for k, o in enumerate(item.options)]
        yield from _tier_words(tiered, doc, at)
        yield from _option_tiers(item, tiered, doc, at, flags)


def check_red_flag_services(directory: Directory, doc: YamlDoc, flags: dict[str, RedFlag]) -> Iterator[Problem]:
    """Urgent red-flag entries of a directory name their flag and never contradict its tier."""
    for i, service in enumerate(directory.services):
        at = ("services", i)
        if service.category != "urgent-red-flags":
            if service.red_flag is not None:
                yield doc.problem(at + ("red_flag",), "only `urgent-red-flags` entries name a `red_flag`: remove it")
            continue
        if service.red_flag is None:
            yield doc.problem(
                at,
                "an `urgent-red-flags` entry names the red flag it routes: add `red_flag:` with one of "
                f"{_listing(list(flags)) or '(none yet: add referrals/red-flags.yml)'}",
            )
            continue
        if service.red_flag not in flags:
            yield doc.problem(at + ("red_flag",), _unknown_flag(service.red_flag, flags))
            continue
        tier = flags[service.red_flag].tier
        for key in ("name", "description", "how_to_access"):
            if other := _contradicting(getattr(service, key), tier):
                yield doc.problem(
                    at + (key,),
                    f"this entry's `{key}` says {other}, but referrals/red-flags.yml gives {service.red_flag!r} the "
                    f"tier {tier}: reword it to agree",
                )


def check_hazard_log(log: HazardLog, doc: YamlDoc) -> Iterator[Problem]:
    for dup in _dupes([h.id for h in log.hazards]):
        yield doc.problem(("hazards",), f"hazard id {dup!r} is used twice: give each hazard its own id")
