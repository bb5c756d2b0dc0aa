"""Writing files so that a failure never leaves half a file: one safe write and one zip
writer for every part (the gradebook's collected files and CSVs, the QTI and SCORM
packages)."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

# Fixed, so the same content makes the same zip (and the same digest) every time.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@contextmanager
def replacing(path: Path, mode: str = "wb", **open_args: str) -> Iterator[IO[Any]]:
    """Open a temporary file beside `path`; it replaces `path` only when the block ends
    without an error, and is removed if one is raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **open_args) as handle:  # type: ignore[call-overload]
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    with replacing(path) as handle:
        handle.write(data)


def zip_members(members: Iterable[tuple[str, bytes | Callable[[], bytes]]], out: IO[bytes]) -> None:
    """Members (name, bytes or a function giving them) deflated with fixed times and modes."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data() if callable(data) else data)


def zip_bytes(members: Iterable[tuple[str, bytes | Callable[[], bytes]]]) -> bytes:
    buffer = io.BytesIO()
    zip_members(members, buffer)
    return buffer.getvalue()


def write_zip(path: Path, members: Iterable[tuple[str, bytes | Callable[[], bytes]]]) -> None:
    """A zip written beside `path` and moved into place, so a failure leaves no half zip."""
    with replacing(path) as handle:
        zip_members(members, handle)
