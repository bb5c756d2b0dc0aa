"""`grader review`'s web page: a small server on 127.0.0.1 only, for one reviewer's browser.

A thin adapter over `grader.gradebook.review` (the data): Python's standard
http.server, pages from Jinja templates in templates/ (autoescape on: learners'
names and answers are hostile input), no JavaScript.

Who may use it:
- it listens on 127.0.0.1 only, never on another interface;
- a request naming another host (a `Host` header other than 127.0.0.1:PORT or
  localhost:PORT) is refused, so a web page on another site cannot reach it by
  pointing its own name at 127.0.0.1 (DNS rebinding);
- every page and every form needs the run's key, a random token made when the
  server starts and printed in the address to open; a form sent without it, or
  from a page of another origin (the `Origin` or `Sec-Fetch-Site` header), is
  refused, so another site cannot post a score through the reviewer's browser.
"""

from __future__ import annotations

import hmac
import itertools
import secrets
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jinja2
from nbgrader.api import Gradebook
from sqlalchemy.exc import IntegrityError, OperationalError

from grader.content.models import CaseStudy
from grader.gradebook.db import open_gradebook, setup_lock
from grader.gradebook.layout import CourseDir
from grader.gradebook.review import Answer, Listing, ReviewError, confirm, confirm_all_met, ensure_log, list_answers

HOST = "127.0.0.1"
TEMPLATES = Path(__file__).parent / "templates"
ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
MAX_FORM_BYTES = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "same-origin",  # no-referrer would make a form's Origin "null"
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Note:
    key: str | None  # the answer it is about, or None for the whole page
    kind: str  # status | error
    text: str


@dataclass
class Learner:
    name: str
    email: str
    profession: str
    answers: list[Answer]


@dataclass
class CaseGroup:
    case_id: str
    title: str
    learners: list[Learner]


def groups(answers: list[Answer]) -> list[CaseGroup]:
    """Answers by case, then learner (the listing is already in that order)."""
    found = []
    for (case_id, title), in_case in itertools.groupby(answers, key=lambda a: (a.case_id, a.case_title)):
        learners = [
            Learner(group[0].name, group[0].email, group[0].profession, group)
            for _, grouped in itertools.groupby(in_case, key=lambda a: a.student_id)
            for group in [list(grouped)]
        ]
        found.append(CaseGroup(case_id, title, learners))
    return found


def points(value: float) -> str:
    return f"{round(value, 4):g}"


ENVIRONMENT.filters["points"] = points


class ReviewApp:
    """What the handler calls: one reviewer, one gradebook, one request at a time."""

    def __init__(
        self, gb: Gradebook, course_dir: CourseDir, cases: Mapping[str, CaseStudy], reviewer: str, port: int
    ) -> None:
        self.gb, self.course_dir, self.cases, self.reviewer = gb, course_dir, cases, reviewer
        self.port = port
        self.token = secrets.token_urlsafe(24)
        self.lock = threading.Lock()
        self.notes: OrderedDict[str, Note] = OrderedDict()

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/?token={self.token}"

    def allowed_host(self, host: str | None) -> bool:
        return host in {f"{HOST}:{self.port}", f"localhost:{self.port}"}

    def good_token(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode("utf-8"), self.token.encode("utf-8"))

    def remember(self, note: Note) -> str:
        note_id = secrets.token_urlsafe(8)
        self.notes[note_id] = note
        while len(self.notes) > 50:
            self.notes.popitem(last=False)
        return note_id

    def page(self, note_id: str | None) -> str:
        with self.lock:
            try:
                self.gb.db.rollback()  # see what other reviewers wrote
                listing: Listing = list_answers(self.gb, self.course_dir, self.cases)
            finally:
                self.gb.db.remove()
        note = self.notes.get(note_id or "")
        return ENVIRONMENT.get_template("review.html.j2").render(
            listing=listing,
            cases=groups(listing.answers),
            ready=listing.bulk_ready,
            reviewer=self.reviewer,
            token=self.token,
            note=note,
        )

    def confirm_one(self, form: Mapping[str, str]) -> tuple[str, str | None]:
        """(note id, the answer's anchor) after a reviewer's decision on one answer."""
        key = form.get("key", "")
        anchor = "answer-" + key.replace("/", "--")
        try:
            seen = int(form.get("seen", "0") or 0)
        except ValueError:
            seen = -1
        with self.lock:
            try:
                outcome = confirm(
                    self.gb,
                    self.course_dir,
                    self.cases,
                    key,
                    form.get("score", ""),
                    form.get("comment", ""),
                    self.reviewer,
                    seen,
                )
            except ReviewError as exc:
                return self.remember(Note(key, "error", f"Not saved: {exc}.")), anchor
            finally:
                self.gb.db.remove()
        answer = outcome.answer
        verb = "Changed the score to" if outcome.changed else "Confirmed the score of"
        score = points(float(form.get("score", "0")))
        text = f"{verb} {score} of {points(answer.max_score)} for {answer.name}: saved to the gradebook."
        return self.remember(Note(key, "status", text)), anchor

    def confirm_bulk(self) -> str:
        with self.lock:
            try:
                done = confirm_all_met(self.gb, self.course_dir, self.cases, self.reviewer)
            except (IntegrityError, OperationalError):
                text = "Not saved: the gradebook was busy (another reviewer, or grader autograde, writing); try again."
                return self.remember(Note(None, "error", text))
            finally:
                self.gb.db.remove()
        text = f"Confirmed {len(done)} answer{'s' if len(done) != 1 else ''} that met every criterion."
        return self.remember(Note(None, "status", text))


class Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "grader-review"
    sys_version = ""

    @property
    def app(self) -> ReviewApp:
        return self.server.app

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the command's own output stays readable; the address holds the key, so it is not logged either

    def _send(self, status: HTTPStatus, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        self._send(status, ENVIRONMENT.get_template("refused.html.j2").render(why=why))

    def _redirect(self, note_id: str, anchor: str | None = None) -> None:
        query = urllib.parse.urlencode({"token": self.app.token, "note": note_id})
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", f"/?{query}" + (f"#{anchor}" if anchor else ""))
        self.send_header("Content-Length", "0")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()

    def _host_ok(self) -> bool:
        if self.app.allowed_host(self.headers.get("Host")):
            return True
        self._refuse(HTTPStatus.MISDIRECTED_REQUEST, f"this page answers only at {self.app.origin}")
        return False

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/review.css":
            self._send(HTTPStatus.OK, (TEMPLATES / "review.css").read_text(encoding="utf-8"), "text/css; charset=utf-8")
        elif url.path != "/":
            self._refuse(HTTPStatus.NOT_FOUND, "there is no such page")
        elif not self.app.good_token(query.get("token", [None])[0]):
            self._refuse(
                HTTPStatus.FORBIDDEN, "open the full address `grader review` printed: it carries this run's key"
            )
        else:
            self._send(HTTPStatus.OK, self.app.page(query.get("note", [None])[0]))

    def _form(self) -> dict[str, str] | None:
        """The posted form, or None (the request refused) if it is not a same-origin form with the run's key."""
        if self.headers.get_content_type() != "application/x-www-form-urlencoded":
            self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send the page's own form")
            return None
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_FORM_BYTES:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the form is too large or has no length")
            return None
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
        origin = self.headers.get("Origin")
        site = self.headers.get("Sec-Fetch-Site")
        if (origin is not None and origin != self.app.origin) or site not in (None, "same-origin", "none"):
            self._refuse(HTTPStatus.FORBIDDEN, "the form came from another site")
            return None
        if not self.app.good_token(form.get("token")):
            self._refuse(
                HTTPStatus.FORBIDDEN, "the form did not carry this run's key: reload the page from its address"
            )
            return None
        return form

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        path = urllib.parse.urlsplit(self.path).path
        if path not in ("/confirm", "/confirm-all"):
            self._refuse(HTTPStatus.NOT_FOUND, "there is no such page")
            return
        form = self._form()
        if form is None:
            return
        if path == "/confirm":
            self._redirect(*self.app.confirm_one(form))
        else:
            self._redirect(self.app.confirm_bulk(), "top")


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True
    app: ReviewApp

    @property
    def url(self) -> str:
        return self.app.url


def start(
    course_dir: CourseDir, cases: Mapping[str, CaseStudy], db_url: str | None, reviewer: str, port: int = 0
) -> ReviewServer:
    """A server bound to 127.0.0.1:port (0: any free port), ready for `serve_forever`; `close` when done.
    Raises OSError when the port is taken."""
    url = course_dir.db_url(db_url)
    gb = open_gradebook(url)
    try:
        with setup_lock(url):
            ensure_log(gb)
        server = ReviewServer((HOST, port), Handler)
    except BaseException:
        gb.close()
        raise
    server.app = ReviewApp(gb, course_dir, cases, reviewer, server.server_address[1])
    return server


def close(server: ReviewServer) -> None:
    server.server_close()
    server.app.gb.close()
