"""A small progress bar on stderr (tqdm is not installed, and not worth a dependency)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`[#####.....] 5/10 label`: redrawn in place on a terminal; in a log, a line per tenth."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 30):
        self.total, self.label, self.width = total, label, width
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._tenth = -1
        self._draw()

    def _text(self) -> str:
        filled = self.width * self.done // self.total
        return f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {self.label}"

    def _draw(self) -> None:
        if self.total <= 0:
            return
        if self.tty:
            self.stream.write("\r" + self._text())
        else:
            tenth = 10 * self.done // self.total
            if tenth == self._tenth:
                return
            self._tenth = tenth
            self.stream.write(self._text() + "\n")
        self.stream.flush()

    def update(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        self._draw()

    def close(self) -> None:
        if self.total > 0 and self.tty:
            self.stream.write(f" in {time.perf_counter() - self.started:.1f} s\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
