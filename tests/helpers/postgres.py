"""A throwaway PostgreSQL server for the shared-gradebook tests, from Debian's packages.

`make test` installs `postgresql` with apt-get when it is missing. The server
is a new cluster in a temporary folder (initdb), listening on 127.0.0.1 on a
free port only, with trust authentication for the one local user; it is
stopped and deleted when the test run ends. initdb and postgres refuse to run
as root, so when the tests run as root the cluster belongs to the `postgres`
system user that Debian's package creates (started with `runuser`).

Each test gets its own database on that server (`fresh_database`).
"""

from __future__ import annotations

import atexit
import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

USER = "grader"
_SERVER: list[Server] = []


def _bindir() -> Path | None:
    """Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, off PATH."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name.split(".")[0])
    )
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            pytest.fail(
                "PostgreSQL is missing (no initdb): run `make test`, which installs Debian's postgresql package"
            )
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="mskcpd-postgres-"))
        self.data = self.folder / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres will not run as root
            shutil.chown(self.folder, user="postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        for _ in range(5):  # another process may take the free port first
            self.port = _free_port()
            options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=50"
            started = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
                check=False,
            )
            if started.returncode == 0:
                break
        else:
            log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            pytest.fail(f"PostgreSQL did not start:\n{log}")
        atexit.register(self.stop)

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*self.as_user, str(self.bindir / program), *args], capture_output=True, text=True, cwd=self.folder
        )
        if check and result.returncode != 0:
            pytest.fail(f"{program} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg  # the driver SQLAlchemy 2.1 uses for postgresql:// URLs

        name = "gb_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def server() -> Server:
    """The one server of this test run, started on first use."""
    if not _SERVER:
        _SERVER.append(Server())
    return _SERVER[0]


def fresh_database() -> str:
    """The URL of a new, empty database on the test server."""
    return server().create_database()


def rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: to compare two gradebooks (as helpers.gradebook.db_rows does for SQLite)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {t: sorted(connection.execute(text(f'select * from "{t}"')).fetchall(), key=repr) for t in tables}
    finally:
        engine.dispose()


def grades(url: str) -> dict[str, object]:
    """What a gradebook says, whatever the database: ids of rows (random uuids) left out.

    students: id -> (first name, last name, email); submissions: (student, case) ->
    timestamp; grades: (student, case, cell) -> (auto score, manual score, max score,
    needs manual grade); comments: (student, case, cell) -> auto comment; and the
    number of rows of each kind, so a row written twice shows."""
    from sqlalchemy import create_engine, text

    queries = {
        "students": "select id, first_name, last_name, email from student",
        "submissions": """select sa.student_id, a.name, sa.timestamp from submitted_assignment sa
                          join assignment a on sa.assignment_id = a.id""",
        "grades": """select sa.student_id, a.name, bc.name, g.auto_score, g.manual_score, gc.max_score,
                     g.needs_manual_grade
                     from grade g join base_cell bc on g.cell_id = bc.id join grade_cells gc on gc.id = bc.id
                     join submitted_notebook sn on g.notebook_id = sn.id
                     join submitted_assignment sa on sn.assignment_id = sa.id
                     join assignment a on sa.assignment_id = a.id""",
        "comments": """select sa.student_id, a.name, bc.name, c.auto_comment
                       from comment c join base_cell bc on c.cell_id = bc.id
                       join submitted_notebook sn on c.notebook_id = sn.id
                       join submitted_assignment sa on sn.assignment_id = sa.id
                       join assignment a on sa.assignment_id = a.id""",
    }
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = {name: [tuple(r) for r in connection.execute(text(q))] for name, q in queries.items()}
            counts = {
                t: connection.execute(text(f"select count(*) from {t}")).scalar_one()
                for t in (
                    "student",
                    "submitted_assignment",
                    "submitted_notebook",
                    "grade",
                    "comment",
                    "assignment",
                    "notebook",
                    "base_cell",
                )
            }
    finally:
        engine.dispose()

    def when(value):  # SQLite hands back text, PostgreSQL a datetime
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value

    return {
        "students": {r[0]: r[1:] for r in found["students"]},
        "submissions": {r[:2]: when(r[2]) for r in found["submissions"]},
        "grades": {r[:3]: (r[3], r[4], r[5], bool(r[6])) for r in found["grades"]},
        "comments": {r[:3]: r[3] for r in found["comments"]},
        "counts": counts,
    }
