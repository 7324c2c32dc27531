"""Capped capture of a cell's (or a call's) stdout and stderr, inside the worker.

The first `limit` bytes are kept; the rest is only counted, so a 100 MB print flood costs a
length computation, not 100 MB. File descriptors 1 and 2 point at /dev/null, so a direct
`os.write(1, ...)` or a child process's output goes nowhere (and never near the protocol
socket, which is a different descriptor).

Loaded by path in the worker: imports nothing from nngrade.
"""

from __future__ import annotations

import io
import os
import sys


class CappedStream(io.TextIOBase):
    """A text stream that keeps the first `limit` bytes written to it and counts the rest."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, limit: int) -> None:
        super().__init__()
        self._limit = limit
        self._parts: list[str] = []
        self._kept = 0
        self.dropped = 0
        self.buffer = _BytesView(self)

    def write(self, text: str) -> int:
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        n = len(text)
        room = self._limit - self._kept
        if room <= 0:
            self.dropped += n  # past the cap: count characters, never encode them
            return n
        size = len(text.encode("utf-8", "replace")) if n <= room else room + 1
        if size <= room:
            self._parts.append(text)
            self._kept += size
        else:
            kept = text[:room].encode("utf-8", "replace")[:room].decode("utf-8", "ignore")
            self._parts.append(kept)
            self._kept = self._limit
            self.dropped += n - len(kept)
        return n

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("captured output has no file descriptor")

    def flush(self) -> None:
        pass

    def take(self) -> tuple[str, int]:
        """The kept text and the count of what was dropped; then start empty again."""
        text, dropped = "".join(self._parts), self.dropped
        self._parts, self._kept, self.dropped = [], 0, 0
        return text, dropped


class _BytesView:
    """`sys.stdout.buffer` for code that writes bytes."""

    def __init__(self, stream: CappedStream) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self) -> None:
        pass


class Capture:
    """Installs capped streams as sys.stdout/sys.stderr for one cell or call."""

    def __init__(self, limit: int) -> None:
        self.stdout = CappedStream(limit)
        self.stderr = CappedStream(limit)

    def __enter__(self) -> Capture:
        sys.stdout, sys.stderr = self.stdout, self.stderr
        return self

    def __exit__(self, *exc: object) -> None:
        sys.stdout, sys.stderr = self.stdout, self.stderr  # the student may have replaced them

    def take(self) -> dict[str, object]:
        out, out_dropped = self.stdout.take()
        err, err_dropped = self.stderr.take()
        return {"stdout": out, "stderr": err, "dropped": out_dropped + err_dropped}


def silence_file_descriptors() -> None:
    """Point fds 0, 1 and 2 at /dev/null (input() then raises EOFError at once)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if null > 2:
        os.close(null)
