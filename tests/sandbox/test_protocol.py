"""The data-only protocol: exact round trips, tags that cannot collide, and the caps."""

from __future__ import annotations

import io
import math
import socket
import struct
import threading

import numpy as np
import pytest

from nngrade import protocol
from nngrade.protocol import Affine, Caps, KerasArchive, Polynomial, ProtocolError, Unsupported


def roundtrip(value, caps: Caps = protocol.DEFAULT_CAPS):
    encoded, buffers = protocol.encode(value, caps)
    a, b = socket.socketpair()
    with a, b:
        protocol.send(a, {"op": "value", "value": encoded}, buffers)
        header, got_buffers = protocol.recv(b, caps)
    return protocol.decode(header["value"], got_buffers, caps)


def same(x, y) -> bool:
    """Exact equality: types, dtypes, shapes, bits (nan == nan, -0.0 != 0.0)."""
    if type(x) is not type(y):
        return False
    if isinstance(x, np.ndarray | np.generic):
        return (
            x.dtype == y.dtype
            and np.shape(x) == np.shape(y)
            and np.asarray(x).tobytes() == np.asarray(y).tobytes()
        )
    if isinstance(x, float):
        return struct.pack("<d", x) == struct.pack("<d", y)
    if isinstance(x, list | tuple):
        return len(x) == len(y) and all(same(a, b) for a, b in zip(x, y, strict=True))
    if isinstance(x, dict):
        return list(x) == list(y) and all(same(x[k], y[k]) for k in x)
    return x == y


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -7,
        10**40,
        1.5,
        -0.0,
        float("nan"),
        float("inf"),
        -float("inf"),
        "",
        "naïve ✓",
        [],
        (),
        {},
        [1, (2, [3.0])],
        {"list": [1], "dict": {"tuple": ()}},
        {"ndarray": 0},
        {"float": "nan"},  # a student's dict shaped like a tag stays a dict
        np.arange(12, dtype=np.int16).reshape(3, 4),
        np.asfortranarray(np.ones((2, 3))),
        np.array([True, False]),
        np.array([1 + 2j]),
        np.zeros((0, 3), dtype=np.float32),
        np.array(3.5),
        np.float32(1.25),
        np.int64(-2),
        np.bool_(True),
        np.uint8(255),
        np.arange(10.0)[::3],
        np.array([np.nan, -0.0], dtype=">f8"),
    ],
)
def test_roundtrip_is_exact(value):
    got = roundtrip(value)
    assert same(got, value)
    if isinstance(value, np.ndarray):
        assert type(got) is np.ndarray and got.flags.writeable


def test_tags_cannot_collide():
    encoded, _ = protocol.encode({"ndarray": 0})
    assert encoded == {"dict": {"ndarray": 0}}
    with pytest.raises(ProtocolError):
        protocol.decode({"ndarray": 0, "extra": 1}, [])
    with pytest.raises(ProtocolError):
        protocol.decode({"pickle": "..."}, [])
    with pytest.raises(ProtocolError):
        protocol.decode([1, 2], [])  # lists always travel tagged


def test_subclasses_become_plain():
    class Sub(np.ndarray):
        pass

    got = roundtrip(np.arange(3.0).view(Sub))
    assert type(got) is np.ndarray
    from collections import OrderedDict, namedtuple

    Point = namedtuple("Point", "x y")
    assert type(roundtrip(Point(1, 2))) is tuple
    assert type(roundtrip(OrderedDict(a=1))) is dict


@pytest.mark.parametrize(
    "value, words",
    [
        (object(), "an object; return a NumPy array, a number or a list"),
        ({1, 2}, "a set"),
        (lambda x: x, "a function"),
        ({1: "a"}, "a dict with a key of type int"),
        (np.array(["a"]), "dtype <U1"),
        (np.array([1, None], dtype=object), "dtype object"),
        (np.zeros(2, dtype=[("a", "f8")]), "only numeric and bool arrays"),
        (1j, "a complex"),
    ],
)
def test_refused_types_are_named(value, words):
    with pytest.raises(Unsupported) as info:
        protocol.encode(value)
    assert words in str(info.value)


def test_caps_on_encoding():
    with pytest.raises(Unsupported, match="1,000,000,000 elements"):
        protocol.encode(np.broadcast_to(np.float64(1), (10**9,)))
    nested: list = []
    for _ in range(40):
        nested = [nested]
    with pytest.raises(Unsupported, match="nested more than 32"):
        protocol.encode(nested)
    with pytest.raises(Unsupported, match="characters"):
        protocol.encode("x" * 100, Caps(max_str_chars=10))


def _npy(shape, dtype="<f8", body=b"") -> bytes:
    header = {"descr": dtype, "fortran_order": False, "shape": shape}
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, header)
    return out.getvalue() + body


def test_decoder_checks_npy_headers_before_loading():
    # a header that claims a billion elements in a tiny buffer: refused, nothing allocated
    with pytest.raises(Unsupported, match="1,000,000,000 elements"):
        protocol.decode({"ndarray": 0}, [_npy((10**9,))])
    with pytest.raises(ProtocolError, match="does not match"):
        protocol.decode({"ndarray": 0}, [_npy((4,), body=b"\0" * 8)])
    with pytest.raises(Unsupported, match="dtype object"):
        protocol.decode({"ndarray": 0}, [_npy((1,), dtype="|O", body=b"\0" * 8)])
    with pytest.raises(ProtocolError):
        protocol.decode({"ndarray": 0}, [b"\x93NUMPY garbage"])
    with pytest.raises(ProtocolError):
        protocol.decode({"ndarray": 5}, [])
    with pytest.raises(ProtocolError):
        protocol.decode({"scalar": 0}, [_npy((2,), body=b"\0" * 16)])


def test_reader_checks_the_length_prefix_before_allocating():
    a, b = socket.socketpair()
    with a, b:
        a.sendall(struct.pack(">4sIQ", b"NNG1", 10, 8 * 2**30))  # claims 8 GB
        with pytest.raises(ProtocolError, match="over the 256 MB limit"):
            protocol.recv(b)
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
        with pytest.raises(ProtocolError, match="prefix"):
            protocol.recv(b)
    a, b = socket.socketpair()
    with a, b:
        head = b'{"op":"x","buffers":[5]}'
        a.sendall(struct.pack(">4sIQ", b"NNG1", len(head), 4) + head + b"abcd")
        with pytest.raises(ProtocolError, match="add up"):
            protocol.recv(b)


def test_deadlines_and_closed_peers():
    a, b = socket.socketpair()
    with a, b:
        b.setblocking(False)
        with pytest.raises(protocol.Timeout):
            protocol.recv(b, deadline=0.0)
        a.sendall(struct.pack(">4sIQ", b"NNG1", 100, 0) + b"{")  # a message that never completes
        import time

        with pytest.raises(protocol.Timeout):
            protocol.recv(b, deadline=time.monotonic() + 0.2)
    a, b = socket.socketpair()
    a.close()
    with b, pytest.raises(protocol.ConnectionClosed):
        protocol.recv(b)


def test_large_message_streams_through():
    big = np.random.default_rng(0).normal(size=(1000, 1000))
    encoded, buffers = protocol.encode(big)
    a, b = socket.socketpair()
    with a, b:
        t = threading.Thread(target=protocol.send, args=(a, {"v": encoded}, buffers))
        t.start()
        header, got = protocol.recv(b)
        t.join()
    assert np.array_equal(protocol.decode(header["v"], got), big)


def test_callable_descriptions():
    p = roundtrip(Polynomial((3.0, -2.0, 1.0)))
    assert p == Polynomial((3.0, -2.0, 1.0))
    assert p(2.0) == 9.0
    assert np.array_equal(p(np.array([0.0, 1.0])), np.array([1.0, 2.0]))
    f = roundtrip(Affine(np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([-1.0, 1.0])))
    assert np.array_equal(f(np.array([1.0, 1.0])), np.array([1.0, 5.0]))
    k = roundtrip(KerasArchive(b"PK\x03\x04zip"))
    assert k == KerasArchive(b"PK\x03\x04zip")
    assert math.isclose(Polynomial((1.0, 0.0))(0.5), 0.5)


def test_decoder_reads_only_the_header_layout_numpy_writes():
    def raw(header: str) -> bytes:
        text = header.encode() + b"\n"
        return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text + b"\0" * 8

    good = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"
    assert protocol.decode({"ndarray": 0}, [raw(good)]).tolist() == [0.0]
    for header in [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (__import__('os').getpid(),), }",
        "{'shape': (1,), 'descr': '<f8', 'fortran_order': False, }",
        "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
        "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
    ]:
        with pytest.raises(ProtocolError, match="bad .npy header"):
            protocol.decode({"ndarray": 0}, [raw(header)])
    with pytest.raises(ProtocolError, match="bad .npy header"):
        protocol.decode({"ndarray": 0}, [b"\x93NUMPY\x02\x00" + raw(good)[8:]])  # version 2.0


def test_arrays_cross_as_the_bytes_np_save_writes():
    for value in [np.arange(6.0).reshape(2, 3), np.array([True, False]), np.zeros(3, ">f4")]:
        out = io.BytesIO()
        np.save(out, value)
        encoded, buffers = protocol.encode(value)
        assert buffers == [out.getvalue()]
    noncontiguous = np.arange(12).reshape(3, 4).T[::2]
    encoded, buffers = protocol.encode(noncontiguous)
    decoded = protocol.decode(encoded, buffers)
    assert type(decoded) is np.ndarray and np.array_equal(decoded, noncontiguous)


def test_a_fingerprint_tells_an_array_changed_in_place_from_one_left_alone():
    x = np.array([[1.0, -2.0], [np.nan, 0.0]])
    before = protocol.fingerprint(x)
    assert protocol.fingerprint(x.copy()) == before  # NaN equals itself here
    assert protocol.fingerprint(np.asfortranarray(x)) == before  # the values, not the layout
    x[x < 0] = 0  # a relu that writes into its argument
    assert protocol.fingerprint(x) != before
    assert protocol.fingerprint(np.array([-0.0])) != protocol.fingerprint(np.array([0.0]))
    assert protocol.fingerprint(x.view(np.int64)) != protocol.fingerprint(x)  # same bytes
    assert protocol.fingerprint(x.reshape(4)) != protocol.fingerprint(x)  # same values
    assert protocol.fingerprint(np.array(["a"])) is None  # what cannot cross has none
    assert protocol.fingerprint(np.zeros(9), Caps(max_array_elements=8)) is None
