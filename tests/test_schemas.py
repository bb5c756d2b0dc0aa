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
