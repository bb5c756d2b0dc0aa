"""Checks that relate one field to another, each pointing at the key to fix."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator

from grader.items import part
from grader.items.matching.model import Choice, MatchingItem
from grader.items.multiple.model import MultipleItem
from grader.items.single.model import SingleItem

from .checking import Loc, dupes, listing
from .fields import TIERS
from .item_base import Option
from .models import (
    CaseItem,
    CaseStudy,
    Directory,
    HazardLog,
    Item,
    Module,
    QuestionBank,
    RedFlag,
    RedFlags,
)
from .scorm_budget import SUSPEND_DATA_LIMIT, characters, worst_suspend_data
from .yamlfile import Problem, YamlDoc


def check_items(bank: QuestionBank, doc: YamlDoc) -> Iterator[Problem]:
    """Checks within each item: answers name options, bands miss the answer."""
    for i, item in enumerate(bank.items):
        yield from _check_item(item, doc, ("items", i))


def _check_case_modules(
    case: CaseStudy, doc: YamlDoc, module_outcomes: dict[str, list[str]], unreadable: frozenset[str]
) -> Iterator[Problem]:
    for k, module_id in enumerate(case.modules):
        if module_id not in module_outcomes and module_id not in unreadable:
            message = f"no module has id {module_id!r}: use one of {listing(list(module_outcomes))}"
            yield doc.problem(("modules", k), message)
    for k, outcome in enumerate(case.outcomes):
        for j, target in enumerate(outcome.maps_to):
            module_id, _, lo = target.partition(":")
            if module_id in module_outcomes and lo not in module_outcomes[module_id]:
                message = f"module {module_id!r} has no outcome {lo}: use one of {listing(module_outcomes[module_id])}"
                yield doc.problem(("outcomes", k, "maps_to", j), message)


def _check_case_item(case: CaseStudy, item: CaseItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    outcome_ids = [o.id for o in case.outcomes]
    reference_ids = [r.id for r in case.references]
    if item.outcome not in outcome_ids:
        message = f"outcome {item.outcome!r} is not one of this case's outcomes: use one of {listing(outcome_ids)}"
        yield doc.problem((*at, "outcome"), message)
    if item.source not in reference_ids:
        message = (
            f"source {item.source!r} is not in this case's references: use one of {listing(reference_ids)} or add it"
        )
        yield doc.problem((*at, "source"), message)
    yield from _check_item(item, doc, at)


def check_case(
    case: CaseStudy, doc: YamlDoc, module_outcomes: dict[str, list[str]], unreadable: frozenset[str] = frozenset()
) -> Iterator[Problem]:
    """A case's stages, items, outcomes and sources. `unreadable`: ids of modules whose
    module.yml has problems of its own (not reported again here as missing)."""
    yield from _check_case_modules(case, doc, module_outcomes, unreadable)
    for dup in dupes([st.id for st in case.stages]):
        yield doc.problem(("stages",), f"stage id {dup!r} is used twice: give each stage its own id")
    for i, stage in enumerate(case.stages):
        for j, item in enumerate(stage.questions):
            yield from _check_case_item(case, item, doc, ("stages", i, "questions", j))
    if not case.items():
        yield doc.problem(("stages",), "a case needs at least one question: add `questions:` to a stage")
    asked = {item.outcome for item in case.items()}
    for k, outcome in enumerate(case.outcomes):
        if case.items() and outcome.id not in asked:
            message = (
                f"no question tests outcome {outcome.id}: add a question with `outcome: {outcome.id}`, "
                "or remove the outcome"
            )
            yield doc.problem(("outcomes", k, "id"), message)


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
                f"{listing(outcome_ids)}",
            )
        if item.source not in reference_ids:
            yield doc.problem(
                at + ("source",),
                f"source {item.source!r} is not in module {module.id!r}'s references: use one of "
                f"{listing(reference_ids)} or add it to module.yml",
            )


def _check_item(item: Item | CaseItem, doc: YamlDoc, at: Loc) -> Iterator[Problem]:
    """The checks within one item: its type's own (grader/items/<type>/check.py)."""
    check: Callable[[Item | CaseItem, YamlDoc, Loc], Iterator[Problem]] = part(item.type, "check").check
    yield from check(item, doc, at)


def check_scorm_budget(bank: QuestionBank, doc: YamlDoc) -> Iterator[Problem]:
    """In an LMS the bank's answers travel in SCORM 1.2's cmi.suspend_data, 4,096 characters at most."""
    used = characters(worst_suspend_data(bank.module, bank.items))
    if used > SUSPEND_DATA_LIMIT:
        yield doc.problem(
            ("items",),
            f"in an LMS this bank's answers could take {used:,} characters of SCORM 1.2's cmi.suspend_data, over its "
            f"{SUSPEND_DATA_LIMIT:,}: shorten item and option ids, lower short answers' `max_length`, "
            "or split the bank",
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
    for dup in dupes([s.id for s in directory.services]):
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
    for dup in dupes([f.id for f in red_flags.flags]):
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
    known = listing(list(flags)) or "(none yet: add referrals/red-flags.yml)"
    return f"no red flag has id {flag_id!r} in referrals/red-flags.yml: use one of {known}"


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
                f"{listing(list(flags)) or '(none yet: add referrals/red-flags.yml)'}",
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
    for dup in dupes([h.id for h in log.hazards]):
        yield doc.problem(("hazards",), f"hazard id {dup!r} is used twice: give each hazard its own id")
