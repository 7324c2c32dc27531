"""Answers sealed under their arguments: a served call that the worker answers itself.

When a test runs again with the grader's trusted function standing in for a student's broken
one (one bug costs one task), each call of the stand-in is a round trip to the grader: a
2,000-epoch `fit` over a served `predict` makes 8,000 of them. The grader can often tell in
advance which calls a correct caller will make, by running its own version of the caller
(`nngrade.speculation`). It sends those calls' values ahead, each one sealed under its call:

* an answer is filed under the first 16 bytes of SHAKE-256(salt, name, arguments), and its
  value is XOR-ed with the bytes of the same stream that follow;
* the worker opens an answer only by presenting exactly those arguments, in value, dtype and
  shape, which its code can only do once it has computed them itself;
* what it opens is what the round trip would have brought (the same trusted function on the
  same arguments, decoded as `protocol.decode` decodes it), and nothing else can be read from
  the table: without the arguments a sealed value is noise.

A call whose arguments are not in the table goes to the grader as before, so a wrong guess
costs only the digest. Both sides use this file: the grader seals (`seal`), the worker opens
(`Answers`); it imports nothing but `protocol` and the standard library.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ... import protocol

ID_BYTES = 16
_DOUBLE = struct.Struct("<d")
_from_bytes = int.from_bytes


_hash: list[Any] = []


def _shake(data: bytes) -> Any:
    """SHAKE-256 of `data` (hashlib is imported on first use: a fork server that never
    serves does not pay its 3 ms)."""
    if not _hash:
        import hashlib

        _hash.append(hashlib.shake_256)
    return _hash[0](data)


_heads: dict[tuple[Any, tuple[int, ...]], bytes | None] = {}
"""An array's dtype and shape as key bytes (None: a dtype that is not sealed), made once."""


def _head(dtype: Any, shape: tuple[int, ...]) -> bytes | None:
    head = _heads.get((dtype, shape), b"")
    if head == b"":
        plain = dtype.kind in "biufc" and dtype.fields is None
        head = b"a" + dtype.str.encode() + repr(shape).encode() if plain else None
        if len(_heads) < 256:
            _heads[(dtype, shape)] = head
    return head


def key(name: str, values: Sequence[Any]) -> bytes | None:
    """The canonical bytes of a served call (its function's name and its arguments), or None
    for an argument that cannot be written exactly (then the call is never sealed).

    An array is its dtype, shape and C-order bytes; a float its 8 bytes; an int its digits.
    Only exact types count (a float subclass, an ndarray subclass or a list is not sealed),
    so two calls with one key are calls of the same function on equal arguments."""
    ndarray = protocol.numpy_bindings().ndarray
    parts = [name.encode(), b"\0"]
    for value in values:
        t = type(value)
        if t is ndarray:
            head = _head(value.dtype, value.shape)
            if head is None:
                return None
            parts.append(head)
            parts.append(value.tobytes())
        elif t is float:
            parts.append(b"f" + _DOUBLE.pack(value))
        elif t is int:
            parts.append(b"i%d;" % value)
        elif t is bool:
            parts.append(b"T" if value else b"F")
        else:
            return None
    return b"".join(parts)


# -- a value's layout: how its bytes rebuild it, as protocol.decode would ---------------------


def layout_of(value: Any) -> tuple[Any, bytes] | None:
    """(layout, bytes) of a served value, or None for one that is not sealed (an int, a dict,
    a str: rare for an oracle, and answered by a round trip). The layout is JSON data:
    ["f"] a float, ["a", dtype, shape] an array, ["s", dtype] a NumPy scalar, ["t", [...]]
    and ["l", [...]] a tuple and a list of those."""
    np = protocol.numpy_bindings()
    t = type(value)
    if t is float:
        return ["f"], _DOUBLE.pack(value)
    if t is tuple or t is list:
        parts = [layout_of(v) for v in value]
        if any(p is None for p in parts):
            return None
        tag = "t" if t is tuple else "l"
        return [tag, [p[0] for p in parts if p]], b"".join(p[1] for p in parts if p)
    if issubclass(t, np.generic | np.ndarray):
        arr = np.asarray(value)
        if type(arr) is not np.ndarray or arr.dtype.kind not in "biufc" or arr.dtype.fields:
            return None
        if issubclass(t, np.generic):
            return ["s", arr.dtype.str], arr.tobytes()
        return ["a", arr.dtype.str, list(arr.shape)], arr.tobytes()
    return None


def _builder(layout: Any) -> tuple[Any, int]:
    """A function (bytes, offset) -> value for `layout`, and the bytes it reads."""
    np = protocol.numpy_bindings()
    tag = layout[0]
    if tag == "f":
        unpack = _DOUBLE.unpack_from
        return (lambda data, at: unpack(data, at)[0]), 8
    if tag in ("a", "s"):
        dtype = np.dtype(layout[1])
        if dtype.kind not in "biufc" or dtype.fields is not None:
            raise ValueError("a sealed array of a dtype that is not numeric")
        shape = tuple(int(n) for n in layout[2]) if tag == "a" else ()
        count = int(np.prod(shape))
        frombuffer = np.frombuffer

        if tag == "s":
            return (lambda data, at: frombuffer(data, dtype, 1, at)[0]), dtype.itemsize
        return (
            lambda data, at: frombuffer(data, dtype, count, at).reshape(shape).copy()
        ), count * dtype.itemsize
    if tag in ("t", "l") and type(layout[1]) is list:
        parts = [_builder(item) for item in layout[1]]
        offsets, size = [], 0
        for _, n in parts:
            offsets.append(size)
            size += n
        builders = [(build, offset) for (build, _), offset in zip(parts, offsets, strict=True)]
        if tag == "t":
            return (lambda data, at: tuple([b(data, at + o) for b, o in builders])), size
        return (lambda data, at: [b(data, at + o) for b, o in builders]), size
    raise ValueError(f"unknown sealed layout {tag!r}")


# -- the grader seals ------------------------------------------------------------------------


_ENTRY_HEAD = struct.Struct("<H")


class Sealed(NamedTuple):
    """One call's answers, sealed: what the call's header carries to the worker."""

    salt: bytes
    layouts: list[Any]
    """How each answer's bytes rebuild its value (`layout_of`)."""
    table: bytes
    """One record per answer: its 16-byte id, its layout's index (2 bytes), its sealed bytes."""
    answers: int

    def fields(self) -> dict[str, Any]:
        """The header's fields besides the table, which crosses as a buffer (`table_array`)."""
        return {"salt": self.salt.hex(), "layouts": self.layouts}

    def table_array(self) -> Any:
        """The table as a uint8 array, the form in which it crosses."""
        np = protocol.numpy_bindings()
        return np.frombuffer(self.table, dtype=np.dtype("uint8"))


def seal(answers: Iterable[tuple[bytes, Any]], salt: bytes) -> Sealed:
    """Seal each (key, value) in order; a value `layout_of` cannot write is left out."""
    return seal_laid_out(((k, layout_of(v)) for k, v in answers), salt)


def seal_laid_out(answers: Iterable[tuple[bytes, tuple[Any, bytes] | None]], salt: bytes) -> Sealed:
    """Seal each (key, (layout, bytes)) in order, as `layout_of` wrote the value when it was
    made (None: left out)."""
    layouts: list[Any] = []
    index: dict[str, int] = {}
    records: list[bytes] = []
    for call_key, found in answers:
        if found is None:
            continue
        layout, data = found
        name = repr(layout)
        if name not in index:
            if len(layouts) >= 0xFFFF:
                continue
            index[name] = len(layouts)
            layouts.append(layout)
        stream = _shake(salt + call_key).digest(ID_BYTES + len(data))
        sealed = (_from_bytes(data, "little") ^ _from_bytes(stream[ID_BYTES:], "little")).to_bytes(
            len(data), "little"
        )
        records.append(stream[:ID_BYTES] + _ENTRY_HEAD.pack(index[name]) + sealed)
    return Sealed(salt, layouts, b"".join(records), len(records))


# -- the worker opens ------------------------------------------------------------------------


class Answers:
    """The sealed answers of one call, as the worker holds them: `open(name, values)`.

    A correct caller asks in the order the grader recorded, so the next record is tried
    first; the index of every record is built only when a call is not the next one."""

    def __init__(self, salt: bytes, layouts: list[Any], table: bytes) -> None:
        self.salt = salt
        built = [_builder(layout) for layout in layouts]
        self._builders = [b for b, _ in built]
        self._sizes = [n for _, n in built]
        self._table = table
        self._next = 0  # the offset of the record a correct caller asks for next
        self._index: dict[bytes, int] | None = None  # id -> the record's offset

    @classmethod
    def from_header(cls, header: Any, buffers: Sequence[Any], caps: Any) -> Answers | None:
        """The answers a call's header carries ({"salt", "layouts", "table"}), or None."""
        if type(header) is not dict:
            return None
        try:
            salt = bytes.fromhex(str(header["salt"]))
            layouts = header["layouts"]
            table = protocol.decode(header["table"], buffers, caps)
            if type(layouts) is not list:
                return None
            return cls(salt, layouts, table.tobytes())
        except (
            KeyError,
            ValueError,
            TypeError,
            IndexError,
            AttributeError,
            protocol.ProtocolError,
        ):
            return None  # the grader's data, but nothing is lost: every call asks instead

    def _record(self, at: int) -> tuple[bytes, int, int] | None:
        """(id, layout, size) of the record at offset `at`, or None past the end."""
        head = at + ID_BYTES + _ENTRY_HEAD.size
        if head > len(self._table):
            return None
        (layout,) = _ENTRY_HEAD.unpack_from(self._table, at + ID_BYTES)
        if layout >= len(self._sizes) or head + self._sizes[layout] > len(self._table):
            return None
        return self._table[at : at + ID_BYTES], layout, self._sizes[layout]

    def _find(self, answer_id: bytes) -> int | None:
        if self._index is None:
            self._index, at = {}, 0
            while (record := self._record(at)) is not None:
                self._index.setdefault(record[0], at)
                at += ID_BYTES + _ENTRY_HEAD.size + record[2]
        return self._index.get(answer_id)

    def open(self, name: str, values: Sequence[Any]) -> tuple[bool, Any]:
        """(True, value) when the call `name(*values)` is in the table, else (False, None)."""
        call_key = key(name, values)
        if call_key is None:
            return False, None
        digest = _shake(self.salt + call_key)
        at = self._next
        record = self._record(at)
        # One digest for the usual case: the stream's first bytes are the id whatever its length.
        stream = digest.digest(ID_BYTES + (record[2] if record is not None else 0))
        if record is None or record[0] != stream[:ID_BYTES]:
            found = self._find(stream[:ID_BYTES])
            if found is None:
                return False, None
            at, record = found, self._record(found)
            assert record is not None
            stream = digest.digest(ID_BYTES + record[2])
        _, layout, size = record
        start = at + ID_BYTES + _ENTRY_HEAD.size
        self._next = start + size
        plain = (
            _from_bytes(self._table[start : start + size], "little")
            ^ _from_bytes(stream[ID_BYTES:], "little")
        ).to_bytes(size, "little")
        return True, self._builders[layout](plain, 0)
