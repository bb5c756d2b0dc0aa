"""Make the course's icons (icon-32.png, icon-192.png, icon-512.png, beside this script), once.

The web app manifest (grader/site/offline.py) carries the 192 and 512 px ones, and every page
the 32 px one as its favicon; the PNGs are committed, so building the site never runs this.
Run it again only to change the design:

    .venv/bin/python grader/site/assets/icons/make_icons.py

The design: the site header's indigo (#4051b5) to every edge, a white disc and an indigo
cross in the middle. Everything drawn lies within the central 80% circle, so the same file
serves as a "maskable" icon (a phone may crop it to a circle or a rounded square).
Plain Python (zlib): no imaging library needed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).parent
INDIGO = (0x40, 0x51, 0xB5)
WHITE = (0xFF, 0xFF, 0xFF)
SIZES = (32, 192, 512)  # 32: the browser tab's icon (the favicon, written into each page); 192, 512: the app's
SAMPLES = 4  # per side, per pixel: smooth edges


def colour_at(x: float, y: float) -> tuple[int, int, int]:
    """The design at (x, y), both from 0 to 1."""
    dx, dy = x - 0.5, y - 0.5
    arm, half_width = 0.19, 0.055
    if (abs(dx) <= arm and abs(dy) <= half_width) or (abs(dy) <= arm and abs(dx) <= half_width):
        return INDIGO  # the cross
    if dx * dx + dy * dy <= 0.3 * 0.3:
        return WHITE  # the disc
    return INDIGO


def pixels(size: int) -> bytes:
    rows = bytearray()
    step = 1 / (size * SAMPLES)
    for py in range(size):
        rows.append(0)  # PNG filter: none
        for px in range(size):
            total = [0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b = colour_at((px * SAMPLES + sx + 0.5) * step, (py * SAMPLES + sy + 0.5) * step)
                    total[0] += r
                    total[1] += g
                    total[2] += b
            rows.extend(round(c / SAMPLES**2) for c in total)
    return bytes(rows)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(size: int) -> bytes:
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels(size), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    for size in SIZES:
        path = HERE / f"icon-{size}.png"
        path.write_bytes(png(size))
        print(f"{path}: {path.stat().st_size} bytes")
