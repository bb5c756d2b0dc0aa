"""Benchmark: Lighthouse's mobile profile on our site and on plain mkdocs-material building the same
Markdown, side by side in one run.

1. Our site: `mkdocs build` with the project's mkdocs.yml (the mskcpd plugin).
2. The plain site: the same pages (the plugin's generated Markdown, its markers left as
   text, written out by bench_site.generated_docs) with the same mkdocs.yml minus the plugin.
3. Both served with gzip from 127.0.0.1 by a small threaded server (nothing from another host), each
   file compressed once before the runs, so that no compressing competes with the browser for the CPU.
4. node_modules/.bin/lighthouse (pinned in package.json) with its default mobile profile
   (simulated throttling) on Debian's Chromium, on five templates (home, a lesson, a module's
   questions page, a case study, My CPD record), RUNS runs each, the two sites alternated so
   both see the same machine load (and which goes first alternated too); the medians printed side
   by side with the targets, and each run's total blocking time (it moves a lot from run to run):
   performance within 3 points of plain, total blocking time at most 50 ms above plain,
   CLS at most 0.02, accessibility 100.

Not a test: it prints figures and whether each target holds, and exits 0 either way (Lighthouse's
figures move with the machine's load). Lighthouse's failed accessibility audits on our pages are
listed by name.

    .venv/bin/python benchmarks/bench_lighthouse.py             # 3 runs per page and site
    .venv/bin/python benchmarks/bench_lighthouse.py --runs 1 --templates lesson
    .venv/bin/python benchmarks/bench_lighthouse.py --keep /tmp/lh   # keep the JSON reports to analyse
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import build, generated_docs, plain_config  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
)
GZIPPED = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".map"}
# the targets, against plain mkdocs-material on the same page
PERFORMANCE_BELOW_PLAIN = 3  # points
TBT_ABOVE_PLAIN = 50  # ms
CLS_MAX = 0.02
ACCESSIBILITY = 100


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped (as a web host serves them) when the browser accepts it. Each file is
    compressed once, before the runs (`compress_site`), as a host serves precompressed or cached files: compressing
    on each request put up to a megabyte of gzip work (the search index) on the CPU the browser was loading with."""

    compressed: dict[Path, tuple[int, bytes]] = {}  # path: (its mtime, its bytes gzipped)

    @classmethod
    def gzipped(cls, path: Path) -> bytes:
        """The file's bytes gzipped, compressed again only if it changed since."""
        key, mtime = path.resolve(), path.stat().st_mtime_ns
        cached_mtime, body = cls.compressed.get(key, (None, b""))
        if cached_mtime != mtime:
            body = gzip.compress(path.read_bytes(), 6)
            cls.compressed[key] = (mtime, body)
        return body

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in GZIPPED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = self.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: copyfile reads it, then it is closed."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def compress_site(directory: Path) -> None:
    """Compress the site's text files once, for GzipHandler to serve."""
    for path in directory.rglob("*"):
        if path.suffix in GZIPPED and path.is_file():
            GzipHandler.gzipped(path)


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    compress_site(directory)
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def templates(site: Path) -> dict[str, str]:
    """Each template's page (a path in both sites), from the catalogue our site wrote."""
    text = (site / "mskcpd" / "catalogue.js").read_text(encoding="utf-8")
    catalogue = json.loads(text[text.index("=") + 1 : text.index(";\n")])
    module = catalogue["modules"][0]
    lesson = next(p["path"] for p in module["pages"] if p["path"] not in (module["overview"], module["questions"]))
    case = sorted(p.relative_to(site).as_posix() for p in (site / "case-studies").glob("*.html"))
    case = [c for c in case if not c.endswith("/index.html")]
    return {
        "home": "index.html",
        "lesson": lesson,
        "questions": module["questions"],
        "case": case[0],
        "record": "my-cpd-record.html",
    }


def lighthouse(url: str, work: Path, keep: Path | None = None, name: str = "report") -> dict:
    out = work / "report.json"
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        capture_output=True,
        text=True,
        cwd=work,
    )
    if result.returncode or not out.is_file():
        raise SystemExit(f"lighthouse {url} failed:\n{result.stderr[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, keep / f"{name}.json")
    out.unlink()
    audits, categories = report["audits"], report["categories"]
    failed = sorted(
        ref["id"]
        for ref in categories["accessibility"]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    )
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "failed": failed,
    }


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and site (default 3)")
    parser.add_argument("--templates", nargs="*", help="only these: home lesson questions case record")
    parser.add_argument("--keep", type=Path, help="keep each run's Lighthouse JSON report in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `make js` (it runs `npm ci`)")
    work = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    servers = []
    try:
        nav = generated_docs(work / "docs")
        build(ROOT / "mkdocs.yml", work / "site")
        build(plain_config(work, work / "docs", nav), work / "plain-site")
        pages = templates(work / "site")
        if args.templates:
            pages = {k: v for k, v in pages.items() if k in args.templates}
        ours, plain = serve(work / "site"), serve(work / "plain-site")
        servers = [ours, plain]
        base = {name: f"http://127.0.0.1:{s.server_address[1]}/" for name, s in (("ours", ours), ("plain", plain))}
        print(
            f"Lighthouse {lighthouse_version()} mobile profile, {args.runs} run(s) per page and site, medians; "
            f"Chromium {CHROME}; both sites gzipped from 127.0.0.1"
        )
        head = f"{'template':<10} {'site':<6} {'perf':>5} {'TBT ms':>8} {'CLS':>7} {'LCP ms':>8} {'a11y':>5}"
        head += "  TBT ms each run"
        print(head)
        print("-" * len(head))
        held = True
        for template, path in pages.items():
            runs: dict[str, list[dict]] = {"ours": [], "plain": []}
            for run in range(args.runs):
                # the two sites alternated, and which goes first alternated too (ours, plain, plain, ours, ...), so
                # neither always follows the other's run
                for site in ("ours", "plain") if run % 2 == 0 else ("plain", "ours"):
                    runs[site].append(lighthouse(base[site] + path, work, args.keep, f"{template}-{site}-{run + 1}"))
            keys = ("performance", "tbt", "cls", "lcp", "accessibility")
            med = {site: {k: median(r, k) for k in keys} for site, r in runs.items()}
            for site in ("ours", "plain"):
                m = med[site]
                each = ", ".join(f"{r['tbt']:.0f}" for r in runs[site])
                print(
                    f"{template:<10} {site:<6} {m['performance']:>5.0f} {m['tbt']:>8.0f} {m['cls']:>7.3f} "
                    f"{m['lcp']:>8.0f} {m['accessibility']:>5.0f}  {each}"
                )
            o, p = med["ours"], med["plain"]
            checks = {
                f"performance within {PERFORMANCE_BELOW_PLAIN} of plain": (
                    o["performance"] >= p["performance"] - PERFORMANCE_BELOW_PLAIN
                ),
                f"TBT at most {TBT_ABOVE_PLAIN} ms above plain": o["tbt"] <= p["tbt"] + TBT_ABOVE_PLAIN,
                f"CLS at most {CLS_MAX}": o["cls"] <= CLS_MAX,
                f"accessibility {ACCESSIBILITY}": o["accessibility"] >= ACCESSIBILITY,
            }
            held = held and all(checks.values())
            print(f"{'':<10} {path}: " + "; ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in checks.items()))
            failed = sorted({a for r in runs["ours"] for a in r["failed"]})
            if failed:
                print(f"{'':<10} accessibility audits failed on our page: {', '.join(failed)}")
        print(f"every target {'met' if held else 'NOT met'} (figures move with the machine's load: rerun to compare)")
        return 0
    finally:
        for server in servers:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


def lighthouse_version() -> str:
    result = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    return result.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
