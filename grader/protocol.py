"""The data-only protocol between the grader and the sandbox worker (both sides use this file).

A message is a length-prefixed frame on a dedicated socket (never the worker's stdout):

    prefix   16 bytes: b"NNG1", header length (u32, big-endian), buffers length (u64)
    header   JSON (UTF-8): an object with "op", its fields, and "buffers": [size, ...]
    buffers  raw bytes, one after the other (`.npy` arrays, a `.keras` archive)

The reader checks the prefix against its caps before it allocates anything.

Values are encoded with an explicit tag for every non-JSON-scalar type, so a student's
dict can never pass for a tag: `None`, bool, int, finite float and str are themselves; every
container is tagged (`{"list": [...]}`, `{"tuple": [...]}`, `{"dict": {...}}`), and so are
`{"float": "nan"}`, `{"ndarray": i}` and `{"scalar": i}` (buffer i holds `.npy` bytes),
`{"keras": i}`, `{"polynomial": ...}` and `{"affine": ...}`.

Decoding builds every value itself from plain types: arrays are `.npy` bytes whose header is
matched against the exact layout NumPy writes (numeric and bool dtypes only, within the size
caps) and whose data is then read with `np.frombuffer` into a fresh copy, so a base
`np.ndarray` always comes out. Nothing is unpickled and no type is ever looked up by a name
that the other side sent.

The worker loads this file by path under a private name (it must never import `nngrade`), so
it imports nothing from the package. NumPy is imported on first use: the grader's cold start
launches the worker before it pays for NumPy itself.
"""

from __future__ import annotations

import json
import math
import re
import select
import socket
import struct
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAGIC = b"NNG1"
_JOIN_BELOW = 1 << 20
"""Messages smaller than this go out in one piece; larger ones chunk by chunk, uncopied."""
_PREFIX = struct.Struct(">4sIQ")


def _header_encoder() -> Any:
    """JSON for message headers: compact, ASCII, no NaN. `JSONEncoder.encode` builds its C
    scanner afresh for every call (a few µs, twice per request on each side); it is built once
    here. Without circular-reference markers: a header is a tree built by this module's
    callers (a cycle would end in RecursionError, caught like any bad value)."""
    plain = json.JSONEncoder(allow_nan=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return plain.encode
    ascii_only = json.encoder.encode_basestring_ascii
    # (markers, default, encoder, indent, key and item separators, sort_keys, skipkeys, allow_nan)
    scan = make(None, plain.default, ascii_only, None, ":", ",", False, False, False)
    join = "".join
    return lambda value: join(scan(value, 0))


# Bound now: student code in the worker may replace module attributes.
_json_header = _header_encoder()
_json_loads = json.loads
_json_scan = json.JSONDecoder().scan_once
_isinstance = isinstance
_poll = select.poll
_POLLIN = select.POLLIN

# `.npy` version 1.0, written and read here rather than by numpy.lib.format, whose header
# parser (ast.literal_eval) cost more than the arrays themselves. The reader accepts exactly
# the header layout NumPy writes: this pattern, padded with spaces to a 64-byte boundary.
_NPY_MAGIC = b"\x93NUMPY\x01\x00"
_NPY_HEADER_LEN = struct.Struct("<H")
_npy_header_match = re.compile(
    r"\{'descr': '([<>|=]?[A-Za-z][A-Za-z0-9]{0,7})', 'fortran_order': (False|True), "
    r"'shape': \(((?:\d{1,18}, )*(?:\d{1,18},?)?)\), \} *\n"
).fullmatch


@dataclass(frozen=True)
class Caps:
    """Size limits applied to every message, on both sides, before anything is allocated."""

    max_message_bytes: int = 256 * 2**20
    max_header_bytes: int = 32 * 2**20
    max_array_bytes: int = 256 * 2**20
    max_array_elements: int = 2**27
    max_depth: int = 32
    max_str_chars: int = 16 * 2**20
    max_buffers: int = 2**17
    """Buffers in one message (an array or a Keras archive is one each)."""
    max_header_items: int = 2**20
    """JSON values in one header, counted as its `,`, `[` and `{` before it is parsed: the
    objects that parsing builds cost up to 70 bytes each, whatever the header's size."""
    max_decoded_bytes: int = 256 * 2**20
    """Bytes of arrays, strings and archives that decoding one message may build, every
    reference counted (a buffer referenced twelve times is twelve copies)."""


DEFAULT_CAPS = Caps()


class ProtocolError(Exception):
    """A malformed or over-limit message: the peer cannot be trusted to continue. `key` and
    `fields`, when set, say why as a catalog key (`nngrade.messages`) and its fields, plain
    data (this module runs inside the sandbox too, where the catalog is not imported)."""

    def __init__(self, text: str, key: str = "", **fields: object) -> None:
        super().__init__(text)
        self.key = key
        self.fields = fields


class Unsupported(ProtocolError):
    """A value of a type or size that cannot cross the boundary. `str()` says why in English."""

    def __init__(self, why: str, type_name: str = "", key: str = "", **fields: object) -> None:
        super().__init__(why, key, **fields)
        self.type_name = type_name


def too_big(size: int, cap: int) -> Unsupported:
    """Values of `size` bytes in one message, over the `cap` of the side that counts them."""
    mb, most = f"{size / 2**20:.0f}", cap // 2**20
    why = f"values of {mb} MB in all; at most {most} MB can be sent"
    return Unsupported(why, "", "refused.too_big", mb=mb, max=most)


class ConnectionClosed(ProtocolError):
    """The peer closed the socket (for the worker: it exited or crashed)."""


class Timeout(ProtocolError):
    """The deadline passed while waiting to send or receive."""


# --- callable descriptions -----------------------------------------------------------------


@dataclass(frozen=True)
class Polynomial:
    """p(x) = c[0]·x^(n-1) + ... + c[n-1] (highest power first), for scalars and arrays alike."""

    coefficients: tuple[float, ...]

    def __call__(self, x: Any) -> Any:
        import numpy as np

        return np.polyval(np.asarray(self.coefficients, dtype=float), x)


@dataclass(frozen=True)
class Affine:
    """x -> A @ x + b: the gradient of a quadratic bowl, for vector-valued gradient descent."""

    A: Any
    b: Any

    def __call__(self, x: Any) -> Any:
        import numpy as np

        return np.asarray(self.A) @ np.asarray(x) + np.asarray(self.b)


@dataclass(frozen=True)
class KerasArchive:
    """The bytes of a `.keras` file written by the worker (`model.save(path)`)."""

    data: bytes


# --- NumPy, bound once ---------------------------------------------------------------------


class _NumPy:
    """The few NumPy functions the codec uses, bound at first use.

    In the worker this happens before any student code runs, so a student who replaces
    `np.asarray` or `np.frombuffer` does not change how values are encoded.
    """

    def __init__(self) -> None:
        import numpy as np

        self.ndarray = np.ndarray
        self.generic = np.generic
        self.dtype = np.dtype
        self.asarray = np.asarray
        self.frombuffer = np.frombuffer
        self.float64 = np.float64
        self.prod = math.prod


_np_cache: list[_NumPy] = []


def numpy_bindings() -> _NumPy:
    """Import NumPy and bind the codec's functions (idempotent; the worker calls it early)."""
    if not _np_cache:
        _np_cache.append(_NumPy())
    return _np_cache[0]


_ARRAY_KINDS = frozenset("biufc")  # bool, signed, unsigned, float, complex


def _check_dtype(dtype: Any, what: str) -> None:
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        key, fields = (
            ("refused.dtype_array", {}) if what == "an array" else ("refused.dtype", {"what": what})
        )
        raise Unsupported(
            f"{what} has dtype {dtype}; only numeric and bool arrays can be returned",
            "ndarray",
            key,
            dtype=str(dtype),
            **fields,
        )


# --- encoding ------------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    return type(value).__name__


def _too_large(what: str, elements: int, nbytes: int, caps: Caps) -> Unsupported:
    n, size = f"{elements:,}", _mb(nbytes)
    most, max_size = f"{caps.max_array_elements:,}", _mb(caps.max_array_bytes)
    return Unsupported(
        f"{what} of {n} elements ({size}); at most {most} elements and {max_size} can be sent",
        "ndarray",
        "refused.big_array" if what == "an array" else "refused.big_scalar",
        n=n,
        size=size,
        max=most,
        max_size=max_size,
    )


def _too_deep(depth: int) -> Unsupported:
    return Unsupported(
        f"a value nested more than {depth} levels deep", "", "refused.too_deep", depth=depth
    )


def _refuse(value: Any) -> Unsupported:
    name = _type_name(value)
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return Unsupported(
        f"{article} {name}; return a NumPy array, a number or a list",
        name,
        "refused.type_an" if article == "an" else "refused.type_a",
        name=name,
    )


class Encoder:
    """Encodes values into one message's JSON form and shared buffer list."""

    def __init__(self, caps: Caps) -> None:
        self.caps = caps
        self.buffers: list[bytes] = []
        self.total = 0

    def _buffer(self, data: bytes) -> int:
        self.total += len(data)
        if self.total > self.caps.max_message_bytes:
            raise too_big(self.total, self.caps.max_message_bytes)
        if len(self.buffers) >= self.caps.max_buffers:
            most = f"{self.caps.max_buffers:,}"
            raise Unsupported(
                f"more than {most} arrays in one value; at most {most} can be sent",
                "",
                "refused.too_many_arrays",
                n=most,
                max=most,
            )
        self.buffers.append(data)
        return len(self.buffers) - 1

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > self.caps.max_depth:
            raise _too_deep(self.caps.max_depth)
        t = type(value)
        if value is None or t is bool:
            return value
        if t is int:
            if value.bit_length() > 4096:
                raise Unsupported("an int with more than 4096 bits", "int", "refused.big_int")
            return value
        if t is float:
            return value if math.isfinite(value) else {"float": repr(value)}
        if t is str:
            if len(value) > self.caps.max_str_chars:
                n, most = f"{len(value):,}", f"{self.caps.max_str_chars:,}"
                raise Unsupported(
                    f"a str of {n} characters; at most {most}",
                    "str",
                    "refused.long_str",
                    n=n,
                    max=most,
                )
            return value
        np = numpy_bindings() if _np_cache or "numpy" in sys.modules else None
        if np is not None and issubclass(t, np.ndarray | np.generic):
            return self._array(value, np)
        if t is KerasArchive:
            return {"keras": self._buffer(value.data)}
        if t is Polynomial:
            return {"polynomial": [self.encode(float(c), depth + 1) for c in value.coefficients]}
        if t is Affine:
            return {
                "affine": {
                    "A": self.encode(value.A, depth + 1),
                    "b": self.encode(value.b, depth + 1),
                }
            }
        # Containers, including subclasses (a namedtuple, an OrderedDict), read through the
        # base type's own methods so that an overridden __iter__ cannot change what is sent.
        if issubclass(t, list | tuple):
            tag = "tuple" if issubclass(t, tuple) else "list"
            items = tuple.__iter__(value) if tag == "tuple" else list.__iter__(value)
            return {tag: [self.encode(v, depth + 1) for v in items]}
        if issubclass(t, dict):
            out: dict[str, Any] = {}
            for k, v in dict.items(value):
                if type(k) is not str:
                    raise Unsupported(
                        f"a dict with a key of type {_type_name(k)}; only str keys can be sent",
                        "dict",
                        "refused.dict_key",
                        type=_type_name(k),
                    )
                out[k] = self.encode(v, depth + 1)
            return {"dict": out}
        raise _refuse(value)

    def _array(self, value: Any, np: _NumPy) -> dict[str, int]:
        scalar = issubclass(type(value), np.generic)
        arr = np.asarray(value)  # an ndarray subclass becomes a base-class view
        if type(arr) is not np.ndarray:
            arr = arr.view(np.ndarray)
        what = "a NumPy scalar" if scalar else "an array"
        _check_dtype(arr.dtype, what)
        if arr.size > self.caps.max_array_elements or arr.nbytes > self.caps.max_array_bytes:
            raise _too_large(what, arr.size, arr.nbytes, self.caps)
        return {("scalar" if scalar else "ndarray"): self._buffer(_npy_bytes(arr))}


def _npy_bytes(arr: Any) -> bytes:
    """A base-class ndarray as `.npy` 1.0 bytes, C order (what np.save writes)."""
    key = (arr.dtype.str, arr.shape)
    head = _npy_heads.get(key)
    if head is None:
        header = f"{{'descr': '{key[0]}', 'fortran_order': False, 'shape': {tuple(key[1])!r}, }}"
        pad = -(len(_NPY_MAGIC) + _NPY_HEADER_LEN.size + len(header) + 1) % 64
        text = (header + " " * pad + "\n").encode("ascii")
        head = _NPY_MAGIC + _NPY_HEADER_LEN.pack(len(text)) + text
        if len(_npy_heads) < _NPY_CACHE_SIZE:
            _npy_heads[key] = head
    return head + arr.tobytes()


# A served call sends the same few shapes thousands of times (issue 23): each `.npy` header is
# written once and read once, then looked up. Both are pure functions of their key; the caps
# are still checked on every array.
_NPY_CACHE_SIZE = 512
_npy_heads: dict[tuple[str, tuple[int, ...]], bytes] = {}
"""(dtype.str, shape) -> the `.npy` bytes before the data."""
_npy_layouts: dict[bytes, tuple[Any, tuple[int, ...], str, int]] = {}
"""A checked `.npy` header's text -> (dtype, shape, order, elements)."""


def _mb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def encode(value: Any, caps: Caps = DEFAULT_CAPS) -> tuple[Any, list[bytes]]:
    """Encode one value: (JSON-able form, buffers). Raises `Unsupported` for what cannot cross."""
    enc = Encoder(caps)
    return enc.encode(value), enc.buffers


def fingerprint(value: Any, caps: Caps = DEFAULT_CAPS) -> Any:
    """The encoded form of a value, for comparing before and after a call (exact, nan-safe);
    None for what cannot be encoded."""
    if _np_cache and type(value) is _np_cache[0].ndarray:
        # Every argument of every call, twice (issue 23): a plain array within the caps is its
        # dtype, shape and C-order bytes, what its `.npy` encoding holds, without the encoder.
        dtype = value.dtype
        if (
            dtype.kind in _ARRAY_KINDS
            and dtype.fields is None
            and dtype.subdtype is None
            and value.size <= caps.max_array_elements
            and value.nbytes <= min(caps.max_array_bytes, caps.max_message_bytes)
        ):
            return dtype.str, value.shape, value.tobytes()
    try:
        encoded, buffers = encode(value, caps)
    except Unsupported:
        return None
    return encoded, [bytes(b) for b in buffers]


# --- decoding ------------------------------------------------------------------------------


class _Decoder:
    def __init__(self, buffers: Sequence[bytes | memoryview], caps: Caps) -> None:
        self.buffers = buffers
        self.caps = caps
        self.spent = 0
        """Bytes this decoding has built (or is about to build), for `max_decoded_bytes`."""

    def _charge(self, n: int) -> None:
        """Count `n` more bytes against the message's total before they are allocated."""
        self.spent += n
        if self.spent > self.caps.max_decoded_bytes:
            raise too_big(self.spent, self.caps.max_decoded_bytes)

    def _buffer(self, index: Any) -> bytes | memoryview:
        if type(index) is not int or not 0 <= index < len(self.buffers):
            raise ProtocolError(f"bad buffer reference {index!r}")
        return self.buffers[index]

    def decode(self, obj: Any, depth: int = 0) -> Any:
        if depth > self.caps.max_depth:
            raise _too_deep(self.caps.max_depth)
        t = type(obj)
        if obj is None or t is bool or t is int or t is float:
            return obj
        if t is str:
            if len(obj) > self.caps.max_str_chars:
                raise Unsupported(
                    f"a str of {len(obj):,} characters; at most {self.caps.max_str_chars:,}",
                    "str",
                    "refused.long_str",
                    n=f"{len(obj):,}",
                    max=f"{self.caps.max_str_chars:,}",
                )
            return obj
        if t is not dict or len(obj) != 1:
            raise ProtocolError(f"untagged value of type {t.__name__}")
        ((tag, body),) = obj.items()
        if tag == "list" and type(body) is list:
            return [self.decode(v, depth + 1) for v in body]
        if tag == "tuple" and type(body) is list:
            return tuple(self.decode(v, depth + 1) for v in body)
        if tag == "dict" and type(body) is dict:
            return {str(k): self.decode(v, depth + 1) for k, v in body.items()}
        if tag == "float" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag in ("ndarray", "scalar"):
            arr = self._array(self._buffer(body))
            if tag == "scalar":
                if arr.ndim != 0:
                    raise ProtocolError("a scalar buffer holds an array")
                return arr[()]
            return arr
        if tag == "keras":
            data = self._buffer(body)
            self._charge(len(data))
            return KerasArchive(bytes(data))
        if tag == "polynomial" and type(body) is list:
            coefficients = tuple(self.decode(v, depth + 1) for v in body)
            if not all(type(c) is float or type(c) is int for c in coefficients):
                raise ProtocolError("polynomial coefficients must be numbers")
            return Polynomial(tuple(float(c) for c in coefficients))
        if tag == "affine" and type(body) is dict and set(body) == {"A", "b"}:
            return Affine(self.decode(body["A"], depth + 1), self.decode(body["b"], depth + 1))
        raise ProtocolError(f"unknown tag {tag!r}")

    def _array(self, data: bytes | memoryview) -> Any:
        """Check a `.npy` buffer's header, then read its data as plain bytes."""
        np = numpy_bindings()
        start = len(_NPY_MAGIC) + _NPY_HEADER_LEN.size
        if bytes(data[: len(_NPY_MAGIC)]) != _NPY_MAGIC or len(data) < start:
            raise ProtocolError("bad .npy header: not .npy 1.0 data")
        (head_len,) = _NPY_HEADER_LEN.unpack_from(data, len(_NPY_MAGIC))
        offset = start + head_len
        head = bytes(data[start:offset])
        layout = _npy_layouts.get(head)
        if layout is None:
            layout = _npy_layout(head, np)
            if len(head) <= 256 and len(_npy_layouts) < _NPY_CACHE_SIZE:
                _npy_layouts[head] = layout
        dtype, shape, order, elements = layout
        if (
            elements > self.caps.max_array_elements
            or elements * dtype.itemsize > self.caps.max_array_bytes
        ):
            raise _too_large("an array", int(elements), int(elements * dtype.itemsize), self.caps)
        if len(data) - offset != elements * dtype.itemsize:
            raise ProtocolError("a .npy buffer's size does not match its header")
        self._charge(elements * dtype.itemsize)  # every reference is a copy: each one counts
        # The header is checked and the dtype is numeric or bool, so the data is plain bytes.
        flat = np.frombuffer(data, dtype=dtype, count=elements, offset=offset)
        arr = flat.reshape(shape, order=order).copy()
        if type(arr) is not np.ndarray:
            raise ProtocolError("a .npy buffer did not load as an array")
        return arr


def _npy_layout(head: bytes, np: _NumPy) -> tuple[Any, tuple[int, ...], str, int]:
    """A `.npy` header's (dtype, shape, order, elements), checked: the exact layout NumPy
    writes, a numeric or bool dtype."""
    found = _npy_header_match(head.decode("latin-1"))
    if found is None:
        raise ProtocolError("bad .npy header")
    descr, fortran, dims = found.groups()
    try:
        dtype = np.dtype(descr)
    except TypeError as e:
        raise ProtocolError(f"bad .npy header: {e}") from None
    shape = tuple(int(n) for n in dims.replace(",", " ").split())
    _check_dtype(dtype, "an array")
    return dtype, shape, "F" if fortran == "True" else "C", int(np.prod(shape))


def decode(obj: Any, buffers: Sequence[bytes | memoryview], caps: Caps = DEFAULT_CAPS) -> Any:
    """Build a plain value from its encoded form (see the module docstring for what can come out)."""
    try:
        return _Decoder(buffers, caps).decode(obj)
    except RecursionError:
        raise ProtocolError("value nested too deeply") from None


# --- framing -------------------------------------------------------------------------------


def pack(header: dict[str, Any], buffers: Sequence[bytes] = ()) -> list[bytes | memoryview]:
    """The chunks of one message, ready to send."""
    sizes = [len(b) for b in buffers]
    head = _json_header(dict(header, buffers=sizes)).encode("utf-8")
    return [_PREFIX.pack(MAGIC, len(head), sum(sizes)), head, *buffers]


def send(
    sock: socket.socket,
    header: dict[str, Any],
    buffers: Sequence[bytes] = (),
    *,
    deadline: float | None = None,
) -> None:
    """Send one message. With a deadline (time.monotonic()), raise `Timeout` if the peer stalls."""
    chunks = pack(header, buffers)
    if sum(map(len, chunks)) <= _JOIN_BELOW:
        chunks = [b"".join(chunks)]  # one write: the peer wakes once, not once per chunk
    # A socket that cannot stall past a deadline (a non-blocking one, or no deadline) is
    # written before it is waited for: a small message (a served call's, thousands in one
    # test) then costs one system call.
    ready = deadline is None or not sock.getblocking()
    for chunk in chunks:
        if ready:
            try:
                n = sock.send(chunk)
            except (BlockingIOError, InterruptedError):
                n = 0
            except (BrokenPipeError, ConnectionResetError):
                raise ConnectionClosed("the peer closed the connection") from None
            if n == len(chunk):
                continue
            view = memoryview(chunk).cast("B")[n:]
        else:
            view = memoryview(chunk).cast("B")
        while view:
            _wait(sock, write=True, deadline=deadline)
            try:
                n = sock.send(view)
            except (BlockingIOError, InterruptedError):
                continue
            except (BrokenPipeError, ConnectionResetError):
                raise ConnectionClosed("the peer closed the connection") from None
            view = view[n:]


def recv(
    sock: socket.socket, caps: Caps = DEFAULT_CAPS, *, deadline: float | None = None
) -> tuple[dict[str, Any], list[memoryview]]:
    """Receive one message: (header, buffers). The size prefix is checked before any allocation."""
    prefix = bytearray(_PREFIX.size)
    if deadline is None and sock.getblocking():
        # A blocking read that finds nothing sleeps in the socket, where the kernel also wakes
        # it each time the peer reads one of this side's messages ("room to write"): one more
        # sleep and wake-up per round trip. A poll sleeps until a message comes (issue 23).
        waiting = _poll()
        waiting.register(sock, _POLLIN)
        waiting.poll()
    got = _recv_some(sock, prefix, deadline)
    if got < _PREFIX.size:
        _recv_into(sock, memoryview(prefix)[got:], deadline)
    magic, head_len, body_len = _PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise ProtocolError("bad message prefix")
    if head_len > caps.max_header_bytes or head_len + body_len > caps.max_message_bytes:
        mb, most = f"{(head_len + body_len) / 2**20:.0f}", caps.max_message_bytes // 2**20
        raise ProtocolError(
            f"a message of {mb} MB is over the {most} MB limit",
            "worker_died.too_big",
            mb=mb,
            max=most,
        )
    # The header first, checked before it is parsed and before the body is allocated. A small
    # message (a served call's: thousands in one test) is read into one allocation, with as
    # much of its body as has come along with the header: one system call less.
    whole: memoryview | None = None
    if head_len + body_len <= _READ_TOGETHER:
        whole = memoryview(bytearray(head_len + body_len))
        got = _recv_some(sock, whole, deadline) if head_len else 0
        if got < head_len:
            _recv_into(sock, whole[got:head_len], deadline)
            got = head_len
        head = whole[:head_len]
    else:
        head = memoryview(bytearray(head_len))
        _recv_into(sock, head, deadline)
    text = bytes(head)
    del head
    items = text.count(b",") + text.count(b"[") + text.count(b"{")
    if items > caps.max_header_items:
        n, most = f"{items:,}", f"{caps.max_header_items:,}"
        raise ProtocolError(
            f"a message of {n} values; at most {most} can be sent",
            "worker_died.too_many_values",
            n=n,
            max=most,
        )
    try:
        header = _json_header_loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ProtocolError(f"bad message header: {e}") from None
    del text
    sizes = header.get("buffers") if type(header) is dict else None
    if type(sizes) is not list or not all(type(s) is int and s >= 0 for s in sizes):
        raise ProtocolError("bad buffer sizes in message header")
    if len(sizes) > caps.max_buffers:
        n, most = f"{len(sizes):,}", f"{caps.max_buffers:,}"
        raise ProtocolError(
            f"a message of {n} buffers; at most {most} can be sent",
            "worker_died.too_many_buffers",
            n=n,
            max=most,
        )
    if sum(sizes) != body_len:
        raise ProtocolError("buffer sizes do not add up")
    if whole is not None:
        if got < len(whole):
            _recv_into(sock, whole[got:], deadline)
        body = whole[head_len:]
    else:
        body = memoryview(bytearray(body_len))
        _recv_into(sock, body, deadline)
    buffers, pos = [], 0
    for size in sizes:
        buffers.append(body[pos : pos + size])
        pos += size
    return header, buffers


_READ_TOGETHER = 1 << 16
"""A message whose header and body together are at most this many bytes is read at once."""


def _json_header_loads(text: str) -> Any:
    """`json.loads(text)`, for a message header: a header as `pack` writes it (no space
    around it) is scanned at once, past `json.loads`'s layers; anything else is left to it
    (which accepts and refuses the same texts)."""
    try:
        value, end = _json_scan(text, 0)
    except StopIteration:
        end = -1
    return value if end == len(text) else _json_loads(text)


def _recv_some(sock: socket.socket, view: memoryview, deadline: float | None) -> int:
    """Receive at least one byte and at most `len(view)`: what has arrived; how many."""
    ready = not sock.getblocking()
    while True:
        if not ready:
            _wait(sock, write=False, deadline=deadline)
        ready = False
        try:
            n = sock.recv_into(view)
        except (BlockingIOError, InterruptedError):
            continue
        except ConnectionResetError:
            n = 0
        if n == 0:
            raise ConnectionClosed("the peer closed the connection")
        return n


def _recv_into(sock: socket.socket, view: memoryview, deadline: float | None) -> None:
    """Receive exactly `len(view)` bytes."""
    while view:
        view = view[_recv_some(sock, view, deadline) :]


def _wait(sock: socket.socket, *, write: bool, deadline: float | None) -> None:
    if deadline is None and sock.getblocking():
        return
    timeout = None if deadline is None else deadline - time.monotonic()
    if timeout is not None and timeout <= 0:
        raise Timeout("deadline passed")
    fds = ([], [sock], []) if write else ([sock], [], [])
    if not any(select.select(*fds, timeout)):
        raise Timeout("deadline passed")
