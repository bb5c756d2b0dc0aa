"""The project's mkdocs.yml, read as plain data and rewritten so that MkDocs can build the site from
anywhere: the commands that run MkDocs as a separate process (`grader scorm`, `grader preview`) write
such a copy with their own plugin options. The core never imports MkDocs."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError


class ProjectError(Exception):
    """mkdocs.yml cannot be used: the message says what to fix."""


def read_config(root: Path, command: str) -> dict:
    """mkdocs.yml in `root`; `command` (`grader scorm`) names what to run in the project folder."""
    path = root / "mkdocs.yml"
    try:
        config = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProjectError(
            f"{path}: not found: run `{command}` in the project folder, or name it with --root"
        ) from None
    except YAMLError as exc:
        raise ProjectError(f"{path}: cannot read it as plain YAML ({exc.__class__.__name__}): {exc}") from None
    if not isinstance(config, dict):
        raise ProjectError(f"{path}: expected a mapping of `key: value` lines")
    return config


def plugin_options(config: dict) -> dict:
    """The `mskcpd` plugin's options in `config`, as a dict that can be changed in place."""
    for index, plugin in enumerate(config.get("plugins") or []):
        if plugin == "mskcpd":
            config["plugins"][index] = {"mskcpd": {}}
            return config["plugins"][index]["mskcpd"]
        if isinstance(plugin, dict) and "mskcpd" in plugin:
            if plugin["mskcpd"] is None:
                plugin["mskcpd"] = {}
            return plugin["mskcpd"]
    raise ProjectError("mkdocs.yml does not use the `mskcpd` plugin: add `- mskcpd` under `plugins:`")


def portable_config(root: Path, command: str, content_root: Path | None = None) -> tuple[dict, dict, Path]:
    """mkdocs.yml with every path in it made absolute (the copy is written elsewhere): the config, the
    plugin's options in it, and the content folder (`content_root`, or as mkdocs.yml says)."""
    root = root.resolve()
    config = read_config(root, command)
    config["docs_dir"] = str((root / config.get("docs_dir", "docs")).resolve())
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    if config.get("hooks"):
        config["hooks"] = [str((root / hook).resolve()) for hook in config["hooks"]]
    options = plugin_options(config)
    content = (content_root or root / (options.get("content_root") or ".")).resolve()
    options["content_root"] = str(content)
    return config, options, content


def write_config(config: dict, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        YAML(typ="safe", pure=True).dump(config, handle)
    return path
