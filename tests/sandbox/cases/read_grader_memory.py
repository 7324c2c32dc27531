"""Walks up its parents (the fork server, the grader) and tries to read their memory."""

import os


def parent_of(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        data = f.read()
    return int(data[data.rindex(b")") + 2 :].split()[1])


def try_read(pid):
    try:
        with open(f"/proc/{pid}/maps") as maps:
            first = maps.readline().split()[0]
        start = int(first.split("-")[0], 16)
        with open(f"/proc/{pid}/mem", "rb") as mem:
            mem.seek(start)
            return len(mem.read(64)) > 0
    except OSError as e:
        return f"{type(e).__name__}: {e.strerror}"


def attempts(grader_pid=None):
    pids = []
    pid = os.getppid()
    while pid > 1 and len(pids) < 4:
        pids.append(pid)
        pid = parent_of(pid)
    if grader_pid is not None and grader_pid not in pids:
        pids.append(grader_pid)
    results = {}
    for p in pids:
        results[str(p)] = try_read(p)
        try:
            with open(f"/proc/{p}/environ", "rb") as f:
                results[f"{p}/environ"] = len(f.read()) > 0
        except OSError as e:
            results[f"{p}/environ"] = f"{type(e).__name__}: {e.strerror}"
    return results
