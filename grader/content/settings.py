"""The course's settings, from one place: `mkdocs.yml` (its `site_name`, and the options of
the `mskcpd` plugin). The site builder, the browser (through the page's catalogue) and
every `grader` subcommand take their defaults from here, so a pass mark or a review
schedule can never differ between the site and the gradebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .yamlfile import ContentError, Problem

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "mskcpd"


class CourseSettings(BaseModel):
    """Settings a course can choose; every default is here and nowhere else."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str = "Persistent MSK pain and mental health"
    pass_mark: float = Field(default=0.8, gt=0, le=1)  # a fraction: a module is complete at this recorded score
    referral_area: str = "national"  # referrals/<area>.yml
    review_intervals: tuple[int, ...] = (2, 7, 30)  # days between spaced reviews, the first from completing a module
    review_items: int = Field(default=5, ge=1)  # questions in one spaced review

    @field_validator("review_intervals")
    @classmethod
    def _whole_days(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(days < 1 for days in value):
            raise ValueError("list whole days of 1 or more, e.g. [2, 7, 30]")
        return value

    @property
    def pass_percent(self) -> float:
        return round(self.pass_mark * 100, 6)


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags: read them as plain values."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def settings_from(site_name: str | None, options: dict[str, Any]) -> CourseSettings:
    """Settings from the site's name and the plugin's options (as MkDocs hands them over)."""
    given = {k: v for k, v in options.items() if v is not None and k in CourseSettings.model_fields}
    if site_name:
        given["title"] = site_name
    return CourseSettings.model_validate(given)


def load_settings(root: Path) -> CourseSettings:
    """The settings of the course whose mkdocs.yml is in `root` (defaults if there is none).
    Raises ContentError naming the file and the fix."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return CourseSettings()
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark else 1
        raise ContentError([Problem(CONFIG_FILE, line, f"YAML syntax error: {exc}")]) from None
    options: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get(PLUGIN), dict):
            options = plugin[PLUGIN]
    try:
        return settings_from(config.get("site_name"), options)
    except ValidationError as exc:
        problems = [
            Problem(CONFIG_FILE, 1, f"`{'.'.join(map(str, e['loc']))}` under the {PLUGIN} plugin: {e['msg']}")
            for e in exc.errors()
        ]
        raise ContentError(problems) from None
