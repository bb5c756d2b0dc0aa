"""The editor settings shipped for educators (.vscode/settings.json, for the Red Hat YAML
extension) map every content file to exactly one JSON Schema, and that schema accepts it."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = [
    "modules/*/module.yml",
    "modules/*/sign-off.yml",
    "quizzes/*.yml",
    "case_studies/*/case.yml",
    "case_studies/*/sign-off.yml",
    "referrals/*.yml",
    "governance/*.yml",
    "published-ids.yml",
]


def mapping() -> dict[str, list[str]]:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    return settings["yaml.schemas"]


def schemas_for(relative: str) -> list[str]:
    return [schema for schema, globs in mapping().items() if any(fnmatch.fnmatchcase(relative, g) for g in globs)]


def test_every_content_file_has_exactly_one_schema_and_passes_it():
    files = sorted({p for pattern in CONTENT for p in ROOT.glob(pattern)})
    assert len(files) >= 25  # 5 modules, 5 banks, 11 cases, directories, red flags, hazard log, ids
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        found = schemas_for(relative)
        assert len(found) == 1, f"{relative}: mapped to {found or 'no schema'} in .vscode/settings.json"
        schema = json.loads((ROOT / found[0]).read_text(encoding="utf-8"))
        # dates as strings, as the YAML extension reads them
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


def test_a_trusts_own_area_file_maps_to_the_directory_schema():
    for name in ("leeds", "reading", "redbridge", "red-rose-trust", "national"):
        assert schemas_for(f"referrals/{name}.yml") == ["./schemas/referral-directory.schema.json"], name
    assert schemas_for("referrals/red-flags.yml") == ["./schemas/red-flags.schema.json"]


def test_every_schema_in_schemas_is_mapped():
    mapped = {Path(s).name for s in mapping()}
    assert mapped == {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
