"""Published ids never silently change. Learners' records, SCORM suspend_data, submissions
and gradebooks refer to module, case and item ids, so an id once published must stay: a
rename would orphan every earlier answer. `published-ids.yml` at the course root lists them
(`grader publish-ids` adds new ones); `grader check` fails when one disappears, unless it
is retired on purpose (with a reason and the date), and a retired id is never reused."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import Field

from .fields import Slug, Strict, Text
from .models import CaseContent, ModuleContent
from .yamlfile import Problem, YamlDoc

REGISTER = "published-ids.yml"
Kind = Literal["module", "case", "item"]
LISTS: dict[str, Kind] = {"modules": "module", "cases": "case", "items": "item"}


class Retired(Strict):
    """An id removed or renamed on purpose: it stays listed, and is never used again."""

    id: Slug
    """The retired id, for example `opi-old-question`."""
    kind: Kind
    """What the id named: `module`, `case` or `item` (a question)."""
    reason: Text
    """Why it was retired, for example "replaced by opi-taper-2 after a change of answer"."""
    date: dt.date
    """The date it was retired, as YYYY-MM-DD."""


class PublishedIds(Strict):
    """`published-ids.yml`: every module, case and question id ever published."""

    schema_version: Literal[1]
    """The version of this file's format: always 1."""
    modules: list[Slug] = Field(default_factory=list)
    """Optional: every published module id; `grader publish-ids` adds new ones. Default: none."""
    cases: list[Slug] = Field(default_factory=list)
    """Optional: every published case study id; `grader publish-ids` adds new ones. Default: none."""
    items: list[Slug] = Field(default_factory=list)
    """Optional: every published question id; `grader publish-ids` adds new ones. Default: none."""
    retired: list[Retired] = Field(default_factory=list)
    """Optional: ids removed or renamed on purpose, each with its `kind`, a `reason` and the `date`; a
    retired id is never reused. Default: none."""


def current_ids(modules: list[ModuleContent], cases: list[CaseContent]) -> dict[str, list[str]]:
    """The course's ids now, in course order, by list name."""
    return {
        "modules": [m.module.id for m in modules],
        "cases": [c.case.id for c in cases],
        "items": [i.id for m in modules for i in m.bank.items] + [i.id for c in cases for i in c.case.items()],
    }


def check_register(register: PublishedIds, doc: YamlDoc, current: dict[str, list[str]]) -> Iterator[Problem]:
    retired = {(r.kind, r.id) for r in register.retired}
    for name, kind in LISTS.items():
        now = set(current[name])
        for k, published in enumerate(getattr(register, name)):
            if published not in now and (kind, published) not in retired:
                yield doc.problem(
                    (name, k),
                    f"{kind} {published!r} was published and is gone, but learners' records and gradebooks refer to "
                    f"it: put it back under that id, or, if it was removed or renamed on purpose, retire it under "
                    f"`retired:` with `id: {published}`, `kind: {kind}`, a `reason:` and the `date:`",
                )
    for k, entry in enumerate(register.retired):
        if entry.id in current[entry.kind + "s"]:
            yield doc.problem(
                ("retired", k, "id"),
                f"{entry.kind} {entry.id!r} was retired but is in use again: a retired id is never reused (earlier "
                f"answers would count against the new {entry.kind}): give the new {entry.kind} an id of its own",
            )


def read_register(root: Path) -> PublishedIds | None:
    """The course's register (None if it has none); `grader check` has already reported any problem in it."""
    from ruamel.yaml import YAML

    path = root / REGISTER
    if not path.is_file():
        return None
    return PublishedIds.model_validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def unpublished(register: PublishedIds | None, current: dict[str, list[str]]) -> list[Problem]:
    """For a release: ids the register does not list yet."""
    missing = [i for name in LISTS for i in current[name] if i not in (getattr(register, name) if register else [])]
    if not missing:
        return []
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    return [
        Problem(
            REGISTER,
            1,
            f"{len(missing)} id(s) not yet published ({shown}): run `grader publish-ids` and commit {REGISTER}",
        )
    ]


HEADER = """\
# Published ids: learners' records, submissions and gradebooks refer to these, so none may
# disappear or be renamed. `grader publish-ids` adds new ones; `grader check` fails when a
# published id is gone. To remove or rename one on purpose, add it under `retired:` with
# its kind (module, case or item), a reason and the date; a retired id is never reused.
"""


def register_text(register: PublishedIds | None, current: dict[str, list[str]]) -> tuple[str, int]:
    """The register with every current id added (none removed), and how many were new."""
    from ruamel.yaml import YAML

    data: dict[str, object] = {"schema_version": 1}
    added = 0
    for name in LISTS:
        known = list(getattr(register, name)) if register else []
        new = [i for i in current[name] if i not in known]
        added += len(new)
        data[name] = known + new
    data["retired"] = [r.model_dump(mode="python") for r in register.retired] if register else []
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    out.write(HEADER)
    yaml.dump(data, out)
    return out.getvalue(), added
