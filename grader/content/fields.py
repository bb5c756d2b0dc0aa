"""The field types every content schema shares: ids, texts, tiers, professions, and the
strict base model. Item types (grader/items/<type>/model.py) build on these too."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
OutcomeId = Annotated[str, Field(pattern=r"^LO[0-9]+$")]
Text = Annotated[str, Field(min_length=1)]
# How fast a red flag needs action; `referrals/red-flags.yml` gives each flag's tier,
# and items keyed on a tier are checked against it.
Tier = Literal["emergency", "urgent", "non-urgent"]
TIERS: tuple[str, ...] = ("emergency", "urgent", "non-urgent")

PROFESSIONS = (
    "doctor",
    "nurse",
    "pharmacist",
    "physiotherapist",
    "occupational-therapist",
    "other",
)
Profession = Literal["doctor", "nurse", "pharmacist", "physiotherapist", "occupational-therapist", "other"]


def _one_line_descriptions(schema: JsonDict) -> None:
    """Unwrap the model's and its fields' descriptions: they come from docstrings wrapped to fit
    the code, and YAML editors' hover turns every single line break into a new paragraph."""
    properties = schema.get("properties")
    parts = [schema, *(properties.values() if isinstance(properties, dict) else ())]
    for part in parts:
        if isinstance(part, dict) and isinstance(part.get("description"), str):
            part["description"] = " ".join(str(part["description"]).split())


class Strict(BaseModel):
    """The base of every content model. Unknown keys are errors: a misspelt `feedbak:` must
    not silently vanish. A docstring line under a field becomes its description in the JSON
    Schemas (`grader schemas`), which editors show on hover: write it for an educator."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, json_schema_extra=_one_line_descriptions
    )
