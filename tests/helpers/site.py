"""The course built with the project's mkdocs.yml and served on 127.0.0.1; requests elsewhere refused."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-extension"}


def build_site(
    out: Path, content_root: Path | None = None, pass_mark: float | None = None, site_url: str | None = None
) -> subprocess.CompletedProcess:
    """Build the course with the project's mkdocs.yml, optionally over other content."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    if site_url:
        config["site_url"] = site_url  # instant navigation matches links against the sitemap's host and port
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mskcpd" in plugin:
            if content_root is not None:
                plugin["mskcpd"]["content_root"] = str(content_root)
            else:
                plugin["mskcpd"]["content_root"] = str(ROOT)
            if pass_mark is not None:
                plugin["mskcpd"]["pass_mark"] = pass_mark
    config_file = out.parent / f"{out.name}-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


class ServedSite:
    """A site built into a folder and served from it on 127.0.0.1."""

    def __init__(self, tmp_path_factory, name: str, content_root: Path | None):
        self.path = tmp_path_factory.mktemp(name) / "site"
        self.path.mkdir()
        self.server = _serve(self.path)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        result = build_site(self.path, content_root, site_url=self.url + "/")
        assert result.returncode == 0, result.stderr


class RequestGuard:
    """Aborts, and remembers, any request that would leave 127.0.0.1."""

    def __init__(self):
        self.foreign: list[str] = []

    def __call__(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in LOCAL_SCHEMES or parsed.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()
