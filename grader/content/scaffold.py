"""`grader new-case SLUG`: a case-study scaffold that passes `grader check`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .loader import load_course

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/case-study.schema.json
# A case study. Edit the text, keep the keys; `grader check` explains any problem.
# The format is described, with a complete example, in the educators' guide.
schema_version: 1
id: {slug}
title: "{title}"
summary: >-
  One or two sentences on what the learner practises in this case.
modules: [{module}]
cpd_minutes: 15
reviewed: {today}
next_review: {next_review}
people_are_fictional: true   # everyone in a case study is fictional
# the profession whose role the learner takes: doctor, nurse, pharmacist,
# physiotherapist or occupational-therapist
learner_role: nurse
outcomes:
  - id: LO1
    text: Describe what the learner will be able to do (use a measurable verb).
    maps_to: ["{module}:{outcome}"]
references:
  - id: {reference}
    citation: "{citation}"
stages:
  - id: first-appointment
    title: The first appointment
    narrative: |
      Introduce the fictional person and their situation in a few sentences.
    questions:
      - id: {slug}-first-question
        type: single
        outcome: LO1
        source: {reference}
        stem: Write the question here.
        options:
          - id: a
            text: The best answer
            feedback: Explain why this is the best answer, and cite the source.
          - id: b
            text: A plausible but weaker answer
            feedback: Explain why this is weaker, and cite the source.
        answer: a
  - id: follow-up
    title: The follow-up conversation
    narrative: |
      Say what has changed since the first appointment.
    questions:
      - id: {slug}-conversation
        type: consultation
        outcome: LO1
        source: {reference}
        stem: Talk with Alex.
        person: Alex
        start: opening
        behaviours:
          - id: open-question
            label: Asked an open question
          - id: safety-net
            label: Safety-netted
          - id: dismissive
            label: Was dismissive
            kind: harmful
        nodes:
          - id: opening
            patient: What the person says first.
            choices:
              - id: ask-open
                text: An open question.
                next: closing
                behaviours: [open-question]
                feedback: Why this helps.
              - id: dismiss
                text: A dismissive reply.
                next: closed-down
                behaviours: [dismissive]
                feedback: Why this harms.
          - id: closed-down
            patient: What the person says when they feel dismissed.
            choices:
              - id: repair
                text: A reply that repairs the moment and asks openly.
                next: closing
                behaviours: [open-question]
                feedback: How this recovers the conversation.
          - id: closing
            patient: What the person says next.
            choices:
              - id: net
                text: A clear safety net.
                behaviours: [safety-net]
                feedback: Why this matters.
              - id: no-net
                text: Ending without a plan.
                feedback: What is missing.
        feedback: What a good consultation looks like here.
facilitation:
  discussion_prompts:
    - A question for the group to discuss.
  timing_minutes: 30
"""


def new_case(root: Path, slug: str, today: dt.date | None = None) -> Path:
    """Write case_studies/SLUG/case.yml; raises ValueError with the fix."""
    if not SLUG.match(slug):
        raise ValueError(
            f"{slug!r} is not a valid case id: use lower-case letters, digits and hyphens, e.g. low-mood-after-injury"
        )
    folder = Path(root) / "case_studies" / slug
    if folder.exists():
        raise ValueError(f"{folder} already exists: choose another id, or edit that case")
    course = load_course(root)
    module = course.modules[0].module
    reference = module.references[0]
    today = today or dt.date.today()
    text = TEMPLATE.format(
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        module=module.id,
        outcome=module.outcomes[0].id,
        reference=reference.id,
        citation=reference.citation.replace('"', "'"),
        today=today.isoformat(),
        next_review=(today + dt.timedelta(days=365)).isoformat(),
    )
    folder.mkdir(parents=True)
    (folder / "case.yml").write_text(text, encoding="utf-8")
    return folder / "case.yml"
