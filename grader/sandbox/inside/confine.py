"""Operating-system confinement: what keeps student processes apart from the grader.

Linux gets all of it; every call here is guarded so other platforms get what they allow.
Where bubblewrap is available, each fork server also starts inside its own namespaces (see
`bwrap`); what follows is what holds in any case, and is all there is without it.

* The grader process is made non-dumpable (`PR_SET_DUMPABLE 0`), so a worker running as the
  same user cannot read `/proc/<grader>/mem` or its environment, and it becomes a child
  subreaper (`PR_SET_CHILD_SUBREAPER`) so that orphans of a crashed fork server come back to
  it and can be found.
* The fork server is a subreaper too: anything a worker starts, even a double-forked `setsid`
  daemon, is re-parented to it when its parent dies, so it finds every leftover by scanning
  `/proc` for its own children, and kills them.
* Run as root (as CI is), each worker slot gets its own unprivileged uid: a worker cannot
  signal, trace or write anything of the grader's, `RLIMIT_NPROC` counts only its own
  processes, and `kill(-1)` from that uid ends everything it started. Because the Python
  installation may sit in a directory other users cannot enter (pyenv in `/root`), the fork
  server runs in a private mount namespace where the directories the worker needs are
  reachable and nngrade's own package folders (oracles, assignment tests) are empty.

This file is loaded by path in the fork server, so it imports nothing from nngrade.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import time
from collections.abc import Iterable

LINUX = sys.platform.startswith("linux")
POSIX = os.name == "posix"

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18

UID_BASE = 1_900_000_000
"""Worker uids are UID_BASE + (grader pid % 100000) * 100 + slot: unused by any real account,
and distinct per grader process, so two graders never kill each other's workers."""

_libc_cache: list = []


def _libc():
    if not _libc_cache:
        import ctypes

        _libc_cache.append(ctypes.CDLL(None, use_errno=True))
    return _libc_cache[0]


def prctl(option: int, value: int) -> bool:
    """Call prctl(2); False where it does not exist or fails."""
    if not LINUX:
        return False
    try:
        return _libc().prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


_protected: list[bool] = []


def protect_grader() -> None:
    """Make this (the grader) process non-dumpable and a child subreaper. Idempotent."""
    if not _protected:
        prctl(PR_SET_DUMPABLE, 0)
        prctl(PR_SET_CHILD_SUBREAPER, 1)
        _protected.append(True)


# --- users ---------------------------------------------------------------------------------


def running_as_root() -> bool:
    return POSIX and os.geteuid() == 0


def worker_uid(slot: int) -> int:
    """The dedicated uid of a worker slot (used only when running as root)."""
    return UID_BASE + (os.getpid() % 100_000) * 100 + slot % 100


def drop_privileges(uid: int) -> None:
    """In a forked worker (root): become `uid` for good, with no groups and no way back up."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    prctl(PR_SET_NO_NEW_PRIVS, 1)  # setuid binaries (su, sudo) cannot raise it again


CLONE_NEWIPC = 0x08000000
CAP_SYS_ADMIN = 21
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4


def has_capability(cap: int) -> bool:
    """Does this process hold `cap` in its effective set (Linux)?"""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return bool(int(line.split()[1], 16) >> cap & 1)
    except (OSError, ValueError):
        pass
    return False


def fresh_places(places: dict[str, int]) -> None:
    """In a forked worker, before it drops its privileges (issue 20): its own mount and IPC
    namespaces, with an empty tmpfs on each of `places` ({path: size in bytes}). What it
    writes there, and what it does to those folders (`chmod 0500 /tmp`), ends with it: the
    fork server and the next worker of the slot never see it. Needs CAP_SYS_ADMIN."""
    import ctypes

    if _libc().unshare(CLONE_NEWNS | CLONE_NEWIPC) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare: {os.strerror(err)}")
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    for path, size in places.items():
        # What the sandbox bound below the place (matplotlib's font cache in the fork
        # server's home; the Python installation when it lives in /tmp, as a venv made in a
        # temporary folder does) is held by a descriptor and bound again on the fresh tmpfs,
        # with its own mounts and flags (read-only stays so). The fork server's own files
        # there are not mounts: they stay out of reach.
        kept = []
        for below in _mounts_below(path):
            with contextlib.suppress(OSError):
                kept.append((below, os.open(below, os.O_PATH)))
        _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
        for below, fd in kept:
            _mount_point_like(below, fd)
            _mount(f"/proc/self/fd/{fd}", below, None, MS_BIND | MS_REC, None)
            os.close(fd)


def _mount_point_like(path: str, fd: int) -> None:
    """Make `path` a folder or an empty file, as what `fd` holds is, with the folders above
    it traversable by the worker's uid."""
    mask = os.umask(0o022)
    try:
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.makedirs(path, mode=0o755, exist_ok=True)
        else:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
    finally:
        os.umask(mask)


def _mounts_below(path: str) -> list[str]:
    """The outermost mount points strictly below `path` (from /proc/self/mountinfo)."""
    prefix = path.rstrip("/") + "/"
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as f:
            points = [_unescape(line.split()[4]) for line in f if len(line.split()) > 4]
    except OSError:
        return []
    below = sorted({p for p in points if p.startswith(prefix)})
    return [p for p in below if not any(p.startswith(q.rstrip("/") + "/") for q in below)]


def _unescape(field: str) -> str:
    """A mountinfo field with its octal escapes (`\\040` for a space) decoded."""
    import re

    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def drop_capabilities() -> None:
    """In a forked worker that keeps its uid (its own user namespace): give up every
    capability, for good. Raises OSError if that fails (the worker must not run then)."""
    import ctypes

    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (two words each): none
    if _libc().capset(header, data) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"capset: {os.strerror(err)}")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def nproc_counts_per_namespace() -> bool:
    """Since Linux 5.14 RLIMIT_NPROC counts the processes of a uid in its user namespace
    only, so one set in a sandbox with its own user namespace bounds that sandbox alone
    (before, it counted every process of the user on the machine)."""
    try:
        major, minor = (int(x) for x in os.uname().release.split(".")[:2])
    except (ValueError, AttributeError):
        return False
    return (major, minor) >= (5, 14)


def others_can_reach(path: str) -> bool:
    """Can a user with no relation to the owners traverse to `path` and read it?"""
    path = os.path.realpath(path)
    parts = path.split(os.sep)
    for i in range(1, len(parts)):
        directory = os.sep + os.path.join(*parts[1:i]) if i > 1 else os.sep
        try:
            if not os.stat(directory).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    try:
        return bool(os.stat(path).st_mode & stat.S_IROTH)
    except OSError:
        return False


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def _mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str | None
) -> None:
    import ctypes

    if _libc().mount(_bytes(source), _bytes(target), _bytes(fstype), flags, _bytes(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def private_mounts(expose: Iterable[str], hide: Iterable[str]) -> str:
    """Enter a private mount namespace where `expose` is reachable by any user and each
    directory in `hide` is empty. Linux, root only. Returns a one-line description.

    A directory that other users cannot enter (such as `/root`) is covered with an empty
    tmpfs, and only the entries on the way to the exposed paths are bind-mounted back into it,
    so the rest of it (keys, tokens) is not even visible to the worker.
    """
    import ctypes

    if _libc().unshare(CLONE_NEWNS) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare(CLONE_NEWNS): {os.strerror(err)}")
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)

    blocked: dict[str, set[str]] = {}  # directory others cannot enter -> entries to keep
    for path in {os.path.realpath(p) for p in expose if os.path.exists(p)}:
        parts = path.split(os.sep)[1:]
        directory = os.sep
        for name in parts:
            if not os.stat(directory).st_mode & stat.S_IXOTH:
                blocked.setdefault(directory, set()).add(name)
            directory = os.path.join(directory, name)
    for directory in sorted(blocked, key=lambda d: d.count(os.sep)):
        keep = {
            name: os.open(os.path.join(directory, name), os.O_PATH) for name in blocked[directory]
        }
        try:
            _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
            for name, fd in keep.items():
                target = os.path.join(directory, name)
                if stat.S_ISDIR(os.fstat(fd).st_mode):
                    os.mkdir(target)
                else:
                    open(target, "w").close()
                _mount(f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC, None)
        finally:
            for fd in keep.values():
                os.close(fd)
    hidden = []
    for path in hide:
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "mode=0555,size=4k")
            hidden.append(path)
    return f"opened {sorted(blocked)} to the worker; hid {hidden}"


def private_network() -> str:
    """Enter a network namespace of its own (root, Linux; issue 22: no bubblewrap): no
    interface but a loopback that is down, so nothing can be reached. Returns a few words for
    the confinement's description, saying so when the platform refuses it."""
    import ctypes

    if _libc().unshare(CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        return f"the host's network (unshare(CLONE_NEWNET): {os.strerror(err)})"
    return "no network (a network namespace of its own)"


def remove_owned(uid: int, roots: Iterable[str] = ("/tmp", "/var/tmp", "/dev/shm")) -> int:
    """Remove what `uid` left at the top of the shared writable folders (issue 22: a worker
    run as its own uid without bubblewrap shares them, and its slot's next worker has the same
    uid). Returns how many entries were removed."""
    import shutil

    removed = 0
    for root in roots:
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
                removed += 1
            except OSError:
                continue
    return removed


# --- finding and killing leftovers ---------------------------------------------------------


def _proc_pids() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []


def parent_of(pid: int) -> int | None:
    """The parent pid from /proc (None if the process is gone or there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        return int(data[data.rindex(b")") + 2 :].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def children_of(pid: int) -> list[int]:
    """Direct children of `pid` (Linux): from /proc/PID/task/*/children where the kernel has
    it (one small read), else by scanning every process's parent."""
    try:
        kids: list[int] = []
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids.extend(int(k) for k in f.read().split())
        return kids
    except (OSError, ValueError):
        return [p for p in _proc_pids() if parent_of(p) == pid]


def reap() -> None:
    """Collect every exited child of this process (zombies left by killed workers)."""
    if not POSIX:
        return
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_group(pgid: int) -> None:
    """SIGKILL a whole process group (the worker and whatever stayed in its group)."""
    with contextlib.suppress(OSError, AttributeError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pgid, signal.SIGKILL)


def kill_children(*, rounds: int = 50) -> int:
    """SIGKILL every child of this (subreaper) process until none is left; return how many.

    Killing a process re-parents its own children to us, so this repeats until the kernel
    lists no child (bounded: RLIMIT_NPROC keeps a fork bomb finite). Each killed child is
    waited for, so when this returns they are gone, not merely signalled.
    """
    if not LINUX:
        reap()
        return 0
    me, killed = os.getpid(), 0
    for _ in range(rounds):
        reap()
        kids = children_of(me)
        if not kids:
            break
        for pid in kids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        _wait_gone(kids, timeout=2.0)
    return killed


def _wait_gone(pids: list[int], timeout: float) -> None:
    """Reap the given children as they die (SIGKILL is delivered asynchronously)."""
    deadline, pending = time.monotonic() + timeout, set(pids)
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            try:
                if os.waitpid(pid, os.WNOHANG)[0] != 0:
                    pending.discard(pid)
            except ChildProcessError:
                pending.discard(pid)
        if pending:
            time.sleep(0.0002)


def kill_uid(uid: int) -> None:
    """SIGKILL every process of `uid` (root only): a helper becomes `uid` and calls kill(-1).

    kill(-1) walks the process list under the kernel's task-list lock, so a fork bomb cannot
    outrun it.
    """
    if not running_as_root():
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def marked_processes(marker: str) -> list[int]:
    """Processes whose environment or command line contains `marker` (Linux; readable ones)."""
    needle, me, found = marker.encode(), os.getpid(), []
    for pid in _proc_pids():
        if pid == me:
            continue
        for name in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{name}", "rb") as f:
                    if needle in f.read():
                        found.append(pid)
                        break
            except OSError:
                continue
    return found


def kill_marked(marker: str) -> int:
    """SIGKILL every process that carries `marker`; reap those that were our children."""
    pids = marked_processes(marker) if LINUX else []
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    reap_pids(pids)
    return len(pids)


def reap_pids(pids: Iterable[int]) -> None:
    """waitpid the given pids if they are our children (re-parented orphans), without blocking."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            for _ in range(100):
                if os.waitpid(pid, os.WNOHANG)[0] != 0:
                    break
                time.sleep(0.001)
