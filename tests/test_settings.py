"""Course settings have one source: mkdocs.yml, read by the site, the SCORM packer and every
grader subcommand alike."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from grader.cli import _pass_percent
from grader.content.settings import CourseSettings, load_settings, settings_from
from grader.content.yamlfile import ContentError
from grader.gradebook.export import PASS_PERCENT
from grader.records.status import PASS_MARK

ROOT = Path(__file__).resolve().parent.parent


def write_config(folder: Path, options: dict, site_name: str = "A trust's course") -> Path:
    config = {
        "site_name": site_name,
        "plugins": ["search", {"mskcpd": options}],
        "markdown_extensions": [{"pymdownx.emoji": {"emoji_index": "!!python/name:material.extensions.emoji.twemoji"}}],
    }
    text = yaml.safe_dump(config).replace(
        "'!!python/name:material.extensions.emoji.twemoji'", "!!python/name:material.extensions.emoji.twemoji"
    )
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    return folder


def test_the_defaults_are_defined_once():
    defaults = CourseSettings()
    assert defaults.pass_mark == PASS_MARK and PASS_PERCENT == defaults.pass_percent == 80
    assert (
        load_settings(ROOT).pass_mark
        == yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][2]["mskcpd"]["pass_mark"]
    )


def test_a_course_sets_its_own_and_every_command_uses_them(tmp_path):
    root = write_config(tmp_path, {"pass_mark": 0.7, "review_intervals": [1, 5], "referral_area": "north"})
    settings = load_settings(root)
    assert (settings.title, settings.pass_mark, settings.review_intervals, settings.referral_area) == (
        "A trust's course",
        0.7,
        (1, 5),
        "north",
    )
    assert settings.review_items == CourseSettings().review_items  # not set: the default
    assert _pass_percent(argparse.Namespace(pass_mark=None, root=str(root))) == 70
    assert _pass_percent(argparse.Namespace(pass_mark=90.0, root=str(root))) == 90, "an explicit --pass-mark wins"
    assert load_settings(tmp_path / "nowhere") == CourseSettings()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"pass_mark": 80}, "pass_mark"),
        ({"review_intervals": [2, 0]}, "review_intervals"),
        ({"review_items": 0}, "review_items"),
    ],
)
def test_a_bad_setting_names_the_file_and_the_key(tmp_path, options, said):
    with pytest.raises(ContentError) as caught:
        load_settings(write_config(tmp_path, options))
    assert str(caught.value).startswith(f"mkdocs.yml:1: `{said}` under the mskcpd plugin")


def test_the_plugin_and_scorm_read_the_same_settings():
    assert settings_from("T", {"pass_mark": None, "referral_area": None}).pass_mark == CourseSettings().pass_mark
    assert settings_from("T", {"pass_mark": 0.6}).pass_percent == 60
