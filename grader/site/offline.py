"""The course installable and usable offline: a web app manifest and a Workbox service worker.

A normal build (`mkdocs build`) gets, at the site's root:

* `manifest.webmanifest`: name, start page, scope, standalone display, the indigo
  palette's colours and two icons (assets/icons, made once by assets/icons/make_icons.py),
  written in as data: addresses: a browser checks on every page whether the course can be
  installed, and so fetches nothing more while the page loads (the files are in the site too,
  for the apple-touch-icon link);
* `service-worker.js`: the Workbox worker bundled by `make js` (assets/dist/service-worker.js,
  from assets/src/entries/service-worker.js) with its precache manifest written in: every
  file of the built site with a revision computed from its bytes, except what a browser
  never fetches over http (source maps, the sitemap, the file:// copy of the search index,
  lunr's other languages) and the worker itself. A rebuild that changes any file changes
  the worker, so the browser installs the new one and the open page offers a reload
  (assets/src/offline.js).

Every page's head links the manifest, its body has the update prompt's empty live region after
the theme's header (`with_update_prompt`), and mskcpd/offline.js (loaded with the page's own
scripts, `script`) registers the worker only on http(s), outside frames.

Under `mkdocs serve` the site has no manifest and the worker is one that unregisters
itself (so an educator's browser that once installed the course from this address gets
live pages again), and every page says so in `<meta name="mskcpd-offline" content="off">`,
on which offline.js unregisters any worker of the site. A SCORM package (the plugin's
`scorm` option) gets none of this: no manifest, no worker, no script.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Literal
from urllib.parse import quote

Mode = Literal["on", "serve", "off"]

ASSETS = Path(__file__).parent / "assets"
MANIFEST = "manifest.webmanifest"
WORKER = "service-worker.js"
WORKER_BUNDLE = ASSETS / "dist" / "service-worker.js"
SCRIPT = "mskcpd/offline.js"
SCRIPT_BUNDLE = "dist/offline.js"  # in assets/
ICONS = {192: "mskcpd/icon-192.png", 512: "mskcpd/icon-512.png"}  # size -> site path
ICON_FILES = {site: f"icons/{Path(site).name}" for site in ICONS.values()}  # site path -> file in assets/
FAVICON = "icons/icon-32.png"  # in assets/: the browser tab's icon, written into each page (favicon)
THEME_COLOUR = "#4051b5"  # mkdocs-material's indigo (--md-primary-fg-color), the site's header
BACKGROUND_COLOUR = "#ffffff"  # the default scheme's page
PLACEHOLDER = "self.__WB_MANIFEST"  # where the worker bundle takes its precache manifest

# Never fetched over http: the sitemap (addresses on the host that built the site), source maps,
# the search index as a script (mkdocs-material's offline plugin, for file:// only)
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", WORKER, "search/search_index.js"}
LUNR = "assets/javascripts/lunr/"  # lunr's languages: the search worker loads only those the index names


def mode_of(command: str | None, scorm: bool) -> Mode:
    """The offline mode: "on" for a build, "serve" under `mkdocs serve`, "off" in a SCORM package."""
    if scorm:
        return "off"
    return "serve" if command == "serve" else "on"


def web_manifest(name: str, short_name: str, description: str = "") -> dict:
    """The web app manifest (URLs relative to it, at the site's root); `short_name` goes under the icon."""
    src = {size: png_data_uri(ICON_FILES[site]) for size, site in ICONS.items()}
    icons = [{"src": src[size], "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"} for size in ICONS]
    icons.append({"src": src[512], "sizes": "512x512", "type": "image/png", "purpose": "maskable"})
    manifest = {
        "name": name,
        "short_name": short_name,
        "id": "./",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "lang": "en-GB",
        "dir": "ltr",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    if description:
        manifest["description"] = description
    return manifest


def png_data_uri(asset: str) -> str:
    """A PNG in assets/ as a data: address."""
    return "data:image/png;base64," + base64.b64encode((ASSETS / asset).read_bytes()).decode("ascii")


def favicon() -> str:
    """The course's icon for the browser tab, in the page itself: no request while the page loads."""
    return png_data_uri(FAVICON)


def lunr_needed(languages: list[str]) -> set[str]:
    """The lunr files mkdocs-material's search worker loads for these languages (none for English alone)."""
    files = set()
    for lang in languages:
        if lang == "ja":
            files.add("tinyseg.js")
        elif lang in ("hi", "th"):
            files.add("wordcut.js")
        if lang != "en":
            files.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        files.add("min/lunr.multi.min.js")
    if files:
        files.add("min/lunr.stemmer.support.min.js")
    return {LUNR + f for f in files}


def _search_languages(site: Path) -> list[str]:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return ["en"]
    lang = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"])
    return [lang] if isinstance(lang, str) else list(lang)


def precached(site: Path) -> list[str]:
    """The built site's files a browser fetches, as sorted POSIX paths relative to its root."""
    lunr = lunr_needed(_search_languages(site))
    names = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return sorted(
        name
        for name in names
        if name not in LEFT_OUT and not name.endswith(".map") and (not name.startswith(LUNR) or name in lunr)
    )


def revision(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def precache_manifest(site: Path) -> list[dict[str, str]]:
    """[{url, revision}] for Workbox's precacheAndRoute: URLs relative to the worker (the site's root)."""
    return [
        {"url": quote(name, safe="/"), "revision": revision((site / name).read_bytes())} for name in precached(site)
    ]


def version(entries: list[dict[str, str]]) -> str:
    """The published version: changes whenever any precached file does."""
    return revision(json.dumps(entries, sort_keys=True).encode())[:12]


def worker_script(bundle: str, entries: list[dict[str, str]]) -> str:
    """The Workbox bundle with the precache manifest written in."""
    if bundle.count(PLACEHOLDER) != 1:
        raise ValueError(f"{WORKER_BUNDLE}: expected {PLACEHOLDER} once; run `make js`")
    listed = json.dumps(entries, separators=(",", ":"))
    return f"/* mskcpd offline version {version(entries)} */\n" + bundle.replace(PLACEHOLDER, listed)


# Under `mkdocs serve`: a worker that replaces any installed one, removes itself and reloads the pages it
# controlled, so they come from the live server.
UNREGISTER = """/* mskcpd: no offline copy under `mkdocs serve`; this worker removes any installed one. */
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(self.registration.unregister()
    .then(function () { return self.clients.matchAll({ type: "window" }); })
    .then(function (clients) { clients.forEach(function (client) { client.navigate(client.url); }); }));
});
"""


def root_of(page_url: str) -> str:
    """The relative URL of the site's root from a page's URL ("" or "../", "../../", ...)."""
    return "../" * page_url.count("/")


def head_tags(mode: Mode, root: str) -> str:
    """What every page's head gets; `root` is the relative URL of the site's root from the page ("" or "../")."""
    if mode == "off":
        return ""
    if mode == "serve":
        return '<meta name="mskcpd-offline" content="off">'
    return (
        f'<link rel="manifest" href="{root}{MANIFEST}">'
        f'<meta name="theme-color" content="{THEME_COLOUR}">'
        f'<link rel="apple-touch-icon" href="{root}{ICONS[192]}">'
    )


THEME_HEADER = re.compile(r'<header class="md-header[\s"].*?</header>', re.S)


def with_update_prompt(mode: Mode, html: str, prompt: str) -> str:
    """A built page ("on") with the update prompt's markup (widgets.update_prompt) right after the theme's header."""
    if mode != "on":
        return html
    return THEME_HEADER.sub(lambda header: header.group(0) + prompt, html, count=1)


def script(mode: Mode) -> str | None:
    """The site path of the script every page loads last, with its own (none in a SCORM package)."""
    return None if mode == "off" else SCRIPT


def site_assets(mode: Mode) -> dict[str, str]:
    """Files the build copies into the site: site path -> file in assets/."""
    if mode == "off":
        return {}
    if mode == "serve":
        return {SCRIPT: SCRIPT_BUNDLE}
    return {SCRIPT: SCRIPT_BUNDLE, **ICON_FILES}


def write(site: Path, mode: Mode, name: str, short_name: str, description: str = "") -> None:
    """After the build: the manifest and the worker (mode "on"), or the unregistering worker ("serve")."""
    if mode == "off":
        return
    if mode == "serve":
        (site / WORKER).write_text(UNREGISTER, encoding="utf-8")
        return
    manifest = json.dumps(web_manifest(name, short_name, description), indent=2, ensure_ascii=False) + "\n"
    (site / MANIFEST).write_text(manifest, encoding="utf-8")
    bundle = WORKER_BUNDLE.read_text(encoding="utf-8")
    (site / WORKER).write_text(worker_script(bundle, precache_manifest(site)), encoding="utf-8")
