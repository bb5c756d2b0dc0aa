"""The JSON Schemas in schemas/ are generated from the models and kept current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from grader.content.schemas import schema_documents

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_models():
    for name, text in schema_documents().items():
        path = ROOT / "schemas" / name
        assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run `grader schemas`"


def test_schemas_accept_the_real_content():
    docs = {name: json.loads(text) for name, text in schema_documents().items()}
    yaml = YAML(typ="safe")
    pairs = [("module.schema.json", p) for p in ROOT.glob("modules/*/module.yml")]
    pairs += [("question-bank.schema.json", p) for p in ROOT.glob("quizzes/*.yml")]
    pairs += [("case-study.schema.json", p) for p in ROOT.glob("case_studies/*/case.yml")]
    pairs += [("referral-directory.schema.json", p) for p in ROOT.glob("referrals/*.yml") if p.name != "red-flags.yml"]
    pairs += [
        ("red-flags.schema.json", ROOT / "referrals/red-flags.yml"),
        ("hazard-log.schema.json", ROOT / "governance/hazard-log.yml"),
        ("published-ids.schema.json", ROOT / "published-ids.yml"),
    ]
    pairs += [
        ("sign-off.schema.json", p)
        for p in [*ROOT.glob("modules/*/sign-off.yml"), *ROOT.glob("case_studies/*/sign-off.yml")]
    ]
    assert len(pairs) >= 20
    for name, path in pairs:
        data = json.loads(json.dumps(yaml.load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, docs[name])


def test_schema_rejects_an_unknown_key():
    schema = json.loads(schema_documents()["question-bank.schema.json"])
    bad = {
        "schema_version": 1,
        "module": "m",
        "items": [
            {
                "id": "x",
                "type": "single",
                "outcome": "LO1",
                "source": "s",
                "stem": "q",
                "options": [{"id": "a", "text": "A", "feedback": "f"}, {"id": "b", "text": "B", "feedback": "f"}],
                "answer": "a",
                "feedbak": "typo",
            }
        ],
    }
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError as exc:
        assert "feedbak" in str(exc)
    else:
        raise AssertionError("unknown key accepted")


def undescribed_properties(node: object, where: str = "#") -> list[str]:
    """Where each property of each object in a JSON Schema (its $defs included) lacks a description."""
    missing = []
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                description = prop.get("description") if isinstance(prop, dict) else None
                if not isinstance(description, str) or not description.strip():
                    missing.append(f"{where}/properties/{name}")
        for key, value in node.items():
            missing += undescribed_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            missing += undescribed_properties(value, f"{where}/{k}")
    return missing


def test_every_schema_property_has_a_description():
    """Editors show a field's description on hover: every field of every schema has one."""
    paths = sorted((ROOT / "schemas").glob("*.schema.json"))
    assert len(paths) >= 8
    for path in paths:
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$defs"], f"{path.name} has no $defs to walk"
        missing = undescribed_properties(schema)
        assert not missing, f"{path.name}: no description for {missing}: add a docstring under the field"


def test_a_missing_description_is_caught():
    """The walk above finds a property without a description, at the top and inside $defs."""
    import copy

    schema = json.loads((ROOT / "schemas" / "question-bank.schema.json").read_text(encoding="utf-8"))
    assert undescribed_properties(schema) == []
    doctored = copy.deepcopy(schema)
    del doctored["properties"]["module"]["description"]
    doctored["$defs"]["UnsafeBand"]["properties"]["max"]["description"] = " "
    assert sorted(undescribed_properties(doctored)) == ["#/$defs/UnsafeBand/properties/max", "#/properties/module"]


def test_the_guide_lists_every_allowed_value():
    """The educators' guide's "Allowed values" section names every profession, referral
    category, red-flag tier, hazard-log severity and likelihood, register and review scope
    the models allow, so the list cannot go stale."""
    from typing import get_args

    from grader.content import fields, models

    guide = (ROOT / "course" / "educators-guide.md").read_text(encoding="utf-8")
    start = guide.index("\n## Allowed values\n")
    end = guide.find("\n## ", start + 1)
    section = guide[start : end if end != -1 else len(guide)]
    wanted = {
        "profession": fields.PROFESSIONS,
        "referral category": get_args(models.Service.model_fields["category"].annotation),
        "red-flag tier": get_args(fields.Tier),
        "severity": get_args(models.Severity),
        "likelihood": get_args(models.Likelihood),
        "registration body": get_args(models.RegistrationBody),
        "review scope": get_args(models.ReviewScope),
    }
    assert len(wanted["profession"]) >= 6 and len(wanted["referral category"]) >= 10
    for what, values in wanted.items():
        for value in values:
            assert f"`{value}`" in section, f"the guide's Allowed values section does not name {what} `{value}`"
