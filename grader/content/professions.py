"""The professions the course is written for: one place for how each is named and which
CPD record its reflection prompts are shaped like. The browser gets this through the
page's catalogue; `models.PROFESSIONS` and `models.Profession` list the same ids for the
schemas (a test keeps them equal)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProfessionInfo:
    label: str  # in the profession pickers
    noun: str  # on the certificate, e.g. "Pharmacist"
    record: str  # the CPD record the reflection prompts are shaped like
    prompts: tuple[str, ...]  # short, generic prompts: a starting point, not the regulator's form


# HCPC's CPD profile asks the same of physiotherapists and occupational therapists.
_HCPC = (
    "HCPC CPD profile",
    (
        "What did you learn from this module?",
        "How has it improved, or how might it improve, your practice?",
        "How has it benefited, or how might it benefit, the people you care for?",
    ),
)

# course/cpd-and-certificate.md says what each regulator asks for, with sources.
PROFESSION_INFO: dict[str, ProfessionInfo] = {
    "doctor": ProfessionInfo(
        "Doctor (including GP trainee)",
        "doctor",
        # GP trainees record learning in their RCGP portfolio for ARCP; qualified doctors for appraisal.
        "RCGP trainee portfolio learning log (GP trainees, for ARCP) or appraisal (qualified doctors)",
        (
            "What did you learn from this module?",
            "What will you do differently in your practice?",
            "GP trainees: which of the RCGP capabilities does this show, for your ARCP? "
            "Qualified doctors: what would you like to discuss at your appraisal?",
            "What do you want to learn next?",
        ),
    ),
    "nurse": ProfessionInfo(
        "Nurse",
        "nurse",
        "NMC reflective account",
        (
            "What did you learn from this module?",
            "How did you change, or how will you change, your practice as a result?",
            "How is this relevant to the Code?",
        ),
    ),
    "pharmacist": ProfessionInfo(
        "Pharmacist",
        "pharmacist",
        "GPhC CPD record",
        (
            "Did you plan this learning? What did you want to learn, and why?",
            "What did you learn?",
            "How has it benefited, or how might it benefit, the people using your services? Give an example.",
        ),
    ),
    "physiotherapist": ProfessionInfo("Physiotherapist", "physiotherapist", *_HCPC),
    "occupational-therapist": ProfessionInfo("Occupational therapist", "occupational therapist", *_HCPC),
    "other": ProfessionInfo(
        "Other healthcare professional",
        "healthcare professional",
        "reflective notes",
        (
            "What did you learn from this module?",
            "What will you do differently in your practice?",
            "What do you want to learn next?",
        ),
    ),
}


def catalogue_entry() -> dict[str, dict[str, object]]:
    """The professions as the browser reads them from the catalogue."""
    return {
        pid: {"label": p.label, "noun": p.noun, "record": p.record, "prompts": list(p.prompts)}
        for pid, p in PROFESSION_INFO.items()
    }
