"""Benchmark: building the site, against plain mkdocs-material building the same Markdown, in the same run;
and the size of the project's own JavaScript and CSS on each page.

1. `mkdocs build` of the course (the project's mskcpd plugin: content loaded and
   checked, pages generated, widgets filled in), each build a fresh process.
2. The Markdown the plugin generates is written out as plain pages beside the
   site's own (crisis-support markers expanded, as the plugin does), with the same
   mkdocs.yml minus the plugin, and built by plain mkdocs-material, the same way.
3. The ratio: how much the plugin adds to a build. The target is at most 1.5
   (the plugin adds no more than half again).
4. On every page of the built site: the bytes of the project's own JavaScript and
   CSS it loads (raw and gzipped), beside mkdocs-material's own on the same page.

    .venv/bin/python benchmarks/bench_site.py            # best of 3 builds each
    .venv/bin/python benchmarks/bench_site.py --runs 1
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = 1.5
OWN = ("mskcpd/",)  # the project's own assets, as built
THEIRS = ("assets/javascripts/", "assets/stylesheets/")  # mkdocs-material's


def generated_docs(docs: Path) -> list:
    """Write the pages the plugin makes, as plain Markdown, into `docs` (a copy of course/);
    return the nav it builds."""
    from mkdocs.config import load_config

    from grader.site import markers, render

    shutil.copytree(ROOT / "course", docs)
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["mskcpd"]
    config = plugin.on_config(config)
    for page in [*(docs.rglob("*.md"))]:
        page.write_text(
            render.expand_settings(
                markers.expand_markers(page.read_text(encoding="utf-8"), plugin.services), plugin.settings
            ),
            encoding="utf-8",
        )
    for src_uri, page in plugin.pages.items():
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            render.expand_settings(markers.expand_markers(page.markdown, plugin.services), plugin.settings),
            encoding="utf-8",
        )
    return config.nav


def plain_config(work: Path, docs: Path, nav: list) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "mskcpd" in p)]
    config["docs_dir"] = str(docs)
    config["nav"] = nav
    config["strict"] = False
    path = work / "plain-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build(config: Path, out: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"mkdocs build -f {config} failed:\n{result.stderr[-3000:]}")
    return elapsed


class Assets(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []
        self.inline = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in_script = tag == "script" and not a.get("src")
        if tag == "script" and a.get("data-mskcpd-scripts"):  # the plugin's loader (widgets.page_scripts)
            self.files.extend(a["data-mskcpd-scripts"].split())
        elif tag == "script" and a.get("src"):
            self.files.append(a["src"])
        elif tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("href"):
            self.files.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline += len(data.encode("utf-8"))


def page_weights(site: Path) -> list[tuple[str, int, int, int, int, int]]:
    """(page, own raw, own gzipped, material raw, material gzipped, inline script bytes) for every page."""
    out = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        parser = Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        own = [0, 0]
        theirs = [0, 0]
        for ref in dict.fromkeys(parser.files):
            path = (page.parent / ref.split("?")[0]).resolve()
            if not path.is_file():
                continue
            rel = path.relative_to(site.resolve()).as_posix()
            data = path.read_bytes()
            bucket = own if rel.startswith(OWN) else theirs if rel.startswith(THEIRS) else None
            if bucket is not None:
                bucket[0] += len(data)
                bucket[1] += len(gzip.compress(data, 9))
        out.append((page.relative_to(site).as_posix(), own[0], own[1], theirs[0], theirs[1], parser.inline))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="builds of each, best taken (default 3)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        nav = generated_docs(work / "docs")
        plain = plain_config(work, work / "docs", nav)
        pages = sum(1 for _ in (work / "docs").rglob("*.md"))
        ours_times, plain_times = [], []
        for _ in range(args.runs):  # alternated, so both see the same machine load
            ours_times.append(build(ROOT / "mkdocs.yml", work / "site"))
            plain_times.append(build(plain, work / "plain-site"))
        ours, theirs = min(ours_times), min(plain_times)
        print(
            f"site with the mskcpd plugin:         {pages} pages in {ours:6.2f} s (best of {args.runs}; each a fresh "
            "process)"
        )
        print(f"plain mkdocs-material, same Markdown: {pages} pages in {theirs:6.2f} s")
        ratio = ours / theirs
        print(f"ratio: {ratio:.2f} (target at most {TARGET}: {'met' if ratio <= TARGET else 'NOT met'})")

        weights = page_weights(work / "site")
        own_raw = [w[1] for w in weights]
        own_gz = [w[2] for w in weights]
        print(
            f"the project's own JavaScript and CSS per page ({len(weights)} pages): "
            f"{min(own_raw) / 1024:.1f}-{max(own_raw) / 1024:.1f} KiB "
            f"({min(own_gz) / 1024:.1f}-{max(own_gz) / 1024:.1f} KiB gzipped)"
        )
        print(
            f"mkdocs-material's own JavaScript and CSS per page: {max(w[3] for w in weights) / 1024:.1f} KiB "
            f"({max(w[4] for w in weights) / 1024:.1f} KiB gzipped)"
        )
        site = work / "site"
        files = sorted(
            (
                p
                for p in site.rglob("*")
                if p.is_file() and p.relative_to(site).as_posix().startswith(OWN) and p.suffix in {".js", ".css"}
            ),
            key=lambda p: -p.stat().st_size,
        )
        print(
            "  of which: "
            + ", ".join(f"{p.relative_to(site).as_posix()} {p.stat().st_size / 1024:.1f} KiB" for p in files)
        )
        heaviest = max(weights, key=lambda w: w[5])
        print(f"largest inline script on a page: {heaviest[5] / 1024:.1f} KiB ({heaviest[0]})")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
