"""JSON Schemas for each content type, generated from the pydantic models, so
editors can validate and autocomplete YAML (for example with a
`# yaml-language-server: $schema=...` comment at the top of a file)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import CaseStudy, Directory, HazardLog, Module, QuestionBank, RedFlags, SignOffRecord
from .published import PublishedIds

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "module.schema.json": (Module, "A module's details: modules/NN-id/module.yml"),
    "question-bank.schema.json": (QuestionBank, "A module's question bank: quizzes/<module-id>.yml"),
    "case-study.schema.json": (CaseStudy, "A case study: case_studies/<id>/case.yml"),
    "referral-directory.schema.json": (Directory, "A referral directory: referrals/<area>.yml"),
    "red-flags.schema.json": (RedFlags, "Red flags, their tiers and routes: referrals/red-flags.yml"),
    "sign-off.schema.json": (SignOffRecord, "A clinical sign-off record: sign-off.yml beside module.yml or case.yml"),
    "hazard-log.schema.json": (HazardLog, "The clinical hazard log: governance/hazard-log.yml"),
    "published-ids.schema.json": (PublishedIds, "Published ids, never to disappear: published-ids.yml"),
}


def schema_documents() -> dict[str, str]:
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
