"""What the worker can see of the machine (for the confinement tests)."""

import os
import socket


def sees(path):
    return os.path.exists(path)


def listing(path):
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def variables():
    return sorted(os.environ)


def connects(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def processes():
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())


def capabilities():
    with open("/proc/self/status") as f:
        return [line.split()[1] for line in f if line.startswith(("CapEff", "CapPrm", "CapBnd"))]
