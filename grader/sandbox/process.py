"""The grader's handles on sandbox processes: a fork server, and the workers it forks.

`ForkServerHandle` launches `python -I inside/zygote.py` and talks to it on a control
socket; `fork()` hands it one end of a fresh socketpair and gets back a `WorkerProcess`. Every wait on a
worker is a `select` on the worker's socket and the control socket with a deadline, so the
grader enforces wall-clock limits itself, learns of a worker's death from the fork server
(which is its parent and reaps it) even if the student's children still hold the socket
open, and never blocks on a worker that stalls.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import itertools
import os
import queue
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import protocol, settings
from ..messages import say
from ..results import Note
from . import bwrap
from .inside import confine

INSIDE_DIR = Path(__file__).with_name("inside")
"""What runs inside the sandbox: the only modules a fork server or a worker loads."""
ZYGOTE = INSIDE_DIR / "zygote.py"
INSIDE_PACKAGE = "/run/nngrade/_nngrade_sandboxed"
"""Where a confined fork server finds protocol.py and the modules of `inside/`, bound
read-only one file at a time (never nngrade's package folders, nor the grader's side)."""
_NO_PID = 1 << 22
"""Above any real pid (pid_max is at most 2**22): a worker that died before the grader saw it."""
MARKER_VAR = "NNGRADE_SANDBOX"
"""Every worker's environment carries its marker, so leftovers can be found in /proc."""

_CARRIED_ENV = ("PATH", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "TZ", "LD_LIBRARY_PATH")
"""The only variables passed on from the grader: never its tokens or credentials."""


CAN_FORK = hasattr(os, "fork") and hasattr(socket, "send_fds")


class WorkerTimedOut(Exception):
    """The worker did not answer before the deadline."""


class WorkerDied(Exception):
    """The worker (or its fork server) is gone: `note` says how, as a catalog key (`worker_died.*`)
    and fields, which a report writes in its language and `Results.trouble` classifies by;
    `str()` is the same in English, for logs."""

    def __init__(self, key: str, **fields: Any) -> None:
        self.note = Note(key, fields)
        super().__init__(say(key, "en", **fields))


@functools.cache
def nngrade_dirs() -> list[str]:
    """Folders of the nngrade packages (the worker must not import from them; hidden as root)."""
    import importlib.util

    dirs = [str(Path(__file__).resolve().parent.parent)]
    for name in ("nngrade.reference", "nngrade.assignments"):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.submodule_search_locations:
                dirs.extend(str(Path(p).resolve()) for p in spec.submodule_search_locations)
    return sorted(set(dirs))


def sandbox_env(home: str, marker: str) -> dict[str, str]:
    """The whole environment of a sandbox process: a fixed list, plus a few carried values."""
    env = {k: os.environ[k] for k in _CARRIED_ENV if k in os.environ}
    env.setdefault("PATH", os.defpath)
    env.update(
        HOME=home,
        TMPDIR=home,
        LANG="C.UTF-8",
        MPLBACKEND="Agg",
        MPLCONFIGDIR=os.path.join(home, ".matplotlib"),
        IPYTHONDIR=os.path.join(home, ".ipython"),
        OPENBLAS_NUM_THREADS="1",  # one BLAS thread: workers run side by side, and it is deterministic
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
    )
    env[MARKER_VAR] = marker
    return env


def make_home(prefix: str, uid: int | None, *, font_cache: bool = True) -> str:
    """A fresh private directory for a sandbox process, owned by its user, with matplotlib's
    font cache copied in (rebuilding it costs 0.4 s the first time a notebook plots) unless
    matplotlib is already loaded in the fork server."""
    home = tempfile.mkdtemp(prefix=prefix)
    mpl = os.path.join(home, ".matplotlib")
    os.mkdir(mpl)
    for cache in _font_caches() if font_cache else []:
        with contextlib.suppress(OSError):
            shutil.copy(cache, mpl)
    if uid is not None:
        for path in (home, mpl, *glob.glob(os.path.join(mpl, "*"))):
            os.chown(path, uid, uid)
    return home


def _font_caches() -> list[str]:
    roots = [os.environ.get("MPLCONFIGDIR", "")]
    roots.append(os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "matplotlib"))
    roots.append("~/.matplotlib")
    for root in roots:
        if root:
            found = glob.glob(os.path.join(os.path.expanduser(root), "fontlist-*.json"))
            if found:
                return found
    return []


def _compiled(sources: dict[str, str]) -> dict[str, str]:
    """The bytecode of the inside modules, bound beside their sources where the install has it
    (pip compiles it): without it, every fork server compiles about 2,500 lines before it is
    ready, 15-20 ms of a cold submit (issue 23). Python checks each file against its source's
    size and time, as anywhere, and compiles a stale one afresh."""
    import importlib.util

    found = {}
    for inside, source in sources.items():
        cached = importlib.util.cache_from_source(source)
        if os.path.isfile(cached):
            found[importlib.util.cache_from_source(inside)] = cached
    return found


def remove_tree(path: str) -> None:
    """Remove a sandbox directory even if the student made parts of it read-only.

    Permissions are only ever changed inside `path`, never on its parent (the temp folder).
    An empty `path` (a worker whose folder lives inside its confinement) is nothing to remove.
    """
    if not path:
        return
    root = os.path.realpath(path)

    def make_writable(func: Any, p: str, exc: Any) -> None:
        error = exc[1] if isinstance(exc, tuple) else exc
        if isinstance(error, FileNotFoundError):
            return
        parent = os.path.dirname(os.path.realpath(p))
        if parent != root and not parent.startswith(root + os.sep):
            return  # `path` itself: nothing to make writable that is ours to change
        with contextlib.suppress(OSError):
            os.chmod(parent, 0o700)
            if os.path.isdir(p) and not os.path.islink(p):
                os.chmod(p, 0o700)
                shutil.rmtree(p, onerror=make_writable)
            else:
                func(p)

    if os.path.lexists(root):
        shutil.rmtree(root, onerror=make_writable)


_SIGNAL_DEATHS = {
    "SIGSEGV": "worker_died.segfault",
    "SIGKILL": "worker_died.killed",
    "SIGABRT": "worker_died.abort",
    "SIGBUS": "worker_died.bus",
    "SIGXFSZ": "worker_died.file_size",
}
"""Signals a student can act on, and the catalog key that says what they usually mean."""


def describe_exit(code: int | None, limits: dict[str, Any] | None = None) -> WorkerDied:
    """A worker's exit status as the `WorkerDied` it means: a catalog key a student can act
    on, with its fields (the signal's name and the exit status stay data)."""
    if code is None:
        return WorkerDied("worker_died.unknown")
    if code >= 0:
        return WorkerDied("worker_died.exited", code=code)
    sig = -code
    try:
        name = signal.Signals(sig).name
    except ValueError:
        name = f"signal {sig}"
    cpu = (limits or {}).get("cpu_seconds")
    if name == "SIGXCPU":
        return (
            WorkerDied("worker_died.cpu_limit", cpu=cpu) if cpu else WorkerDied("worker_died.cpu")
        )
    if name in _SIGNAL_DEATHS:
        return WorkerDied(_SIGNAL_DEATHS[name], signal=name)
    return WorkerDied("worker_died.signal", signal=name)


class _Launcher:
    """Starts fork servers from one long-lived thread.

    bwrap's `--die-with-parent` is PR_SET_PDEATHSIG, which fires when the *thread* that started
    the process ends, and a fork server may be replaced from a grading thread that ends soon
    after: started from here, a fork server dies with the grader process, not with a thread.
    """

    def __init__(self) -> None:
        self._requests: queue.Queue[tuple[list[str], dict[str, Any], queue.Queue[Any]]] = (
            queue.Queue()
        )
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def popen(self, argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._serve, name="nngrade-launcher", daemon=True
                )
                self._thread.start()
        answer: queue.Queue[Any] = queue.Queue()
        self._requests.put((argv, kwargs, answer))
        result = answer.get()
        if isinstance(result, BaseException):
            raise result
        return result

    def _serve(self) -> None:
        while True:
            argv, kwargs, answer = self._requests.get()
            try:
                answer.put(subprocess.Popen(argv, **kwargs))
            except BaseException as e:  # noqa: BLE001 (handed to the caller)
                answer.put(e)


_launcher = _Launcher()


def _ns_pid(pid: int) -> int | None:
    """The pid of `pid` in its innermost PID namespace (NSpid's last field), from /proc."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("NSpid:"):
                    return int(line.split()[-1])
    except (OSError, ValueError):
        return None
    return None


def _find_outer(root: int, inner: int, depth: int = 3) -> int | None:
    """The pid, as the grader sees it, of the process numbered `inner` in a sandbox's PID
    namespace, found among the descendants of `root` (the bwrap process)."""
    level = [root]
    for _ in range(depth):
        level = [kid for pid in level for kid in confine.children_of(pid)]
        for pid in level:
            if _ns_pid(pid) == inner and pid != inner:
                return pid
    for pid in level:
        if _ns_pid(pid) == inner:
            return pid
    return None


class ForkServerHandle:
    """The grader's handle on a running fork server (`inside/zygote.py`, whose own loop is
    `ForkServerLoop`): asks it to fork workers, and to clean up after each one.

    On Linux with bubblewrap (see `bwrap`) it runs confined, and its workers' folders are in
    its own private /tmp: the grader sends the files a worker needs with the fork request,
    and translates the pids the fork server names (in its own PID namespace) into its own.
    """

    def __init__(
        self,
        *,
        slot: int,
        preload: Sequence[str] = (),
        caps: protocol.Caps = protocol.DEFAULT_CAPS,
    ) -> None:
        self.slot = slot
        self.preload = tuple(preload)
        self.caps = caps
        self.tag = f"nngrade-sandbox-{secrets.token_hex(6)}"
        self.uid = confine.worker_uid(slot) if confine.LINUX and confine.running_as_root() else None
        self.confined = bwrap.available()
        self.home = "" if self.confined else make_home("nngrade-forkserver-", None)
        self.ready: dict[str, Any] | None = None
        self.forked: list[int] = []
        """Worker pids in the order of the fork requests (the fork server answers in order)."""
        self.exited: dict[int, int] = {}
        self.ended: set[int] = set()
        self.dead = False
        self._forks = 0
        self._inner: dict[int, int] = {}
        """Grader-side pid -> the pid the fork server knows it by (its own PID namespace)."""
        self._control_lock = threading.Lock()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (kept open for the server's life)
        ctl, child = socket.socketpair()
        try:
            if self.confined:
                argv, home = self._confined_command(child.fileno())
                env = sandbox_env(home, self.tag)
                cwd = "/"
            else:
                argv = [sys.executable, "-I", str(ZYGOTE), str(child.fileno()), self.tag]
                env, cwd = sandbox_env(self.home, self.tag), self.home
            self.proc = _launcher.popen(
                argv,
                pass_fds=(child.fileno(),),
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
            )
        finally:
            child.close()
        self.ctl = ctl
        ctl.setblocking(False)
        self._send(
            {
                "op": "init",
                "preload": list(self.preload),
                "uid": self.uid,
                "tempdir": bwrap.SCRATCH if self.confined else tempfile.gettempdir(),
                "tmp_bytes": bwrap.TMP_MB * 2**20,
                "hide": [] if self.confined else nngrade_dirs(),
                "nngrade_dirs": nngrade_dirs(),
                "bwrap": bwrap.describe(self.uid is not None) if self.confined else None,
            }
        )

    def _confined_command(self, fd: int) -> tuple[list[str], str]:
        """The bwrap command line of a confined fork server, and its home inside."""
        home = f"{bwrap.SCRATCH}/nngrade-forkserver-home"
        inside_dir = INSIDE_DIR.resolve()
        files = {f"{INSIDE_PACKAGE}/protocol.py": str(inside_dir.parent.parent / "protocol.py")}
        for module in sorted(inside_dir.glob("*.py")):
            files[f"{INSIDE_PACKAGE}/sandbox/inside/{module.name}"] = str(module)
        files.update(_compiled(files))
        for cache in _font_caches():
            files[f"{home}/.matplotlib/{os.path.basename(cache)}"] = cache
        argv = [sys.executable, "-I"]
        argv += [f"{INSIDE_PACKAGE}/sandbox/inside/zygote.py", str(fd), self.tag]
        command = bwrap.command(
            argv, hide=nngrade_dirs(), home=home, ro_files=files, as_root=self.uid is not None
        )
        return command, home

    # --- control messages ----------------------------------------------------------------

    def _send(self, header: dict[str, Any], buffers: Sequence[bytes] = ()) -> None:
        try:
            protocol.send(self.ctl, header, buffers, deadline=time.monotonic() + 10)
        except protocol.ProtocolError as e:
            self.dead = True
            raise WorkerDied(
                "worker_died.server_deaf", error=str(e), detail=self._death_detail()
            ) from None

    def _death_detail(self) -> str:
        """The fork server's last line on stderr (`: ...`), or nothing."""
        with contextlib.suppress(OSError):
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            if lines:
                return f": {lines[-1]}"
        return ""

    def pump(self, timeout: float | None, also: socket.socket | None = None) -> bool:
        """Wait up to `timeout` for a control message or for `also` to become readable.

        Handles a control message if one came; returns whether `also` is readable. Callers
        loop, checking what they wait for between calls.
        """
        watched = ([also] if also is not None else []) + ([] if self.dead else [self.ctl])
        if not watched:
            return False
        wait = None if timeout is None else max(0.0, timeout)
        readable, _, _ = select.select(watched, [], [], wait)
        if self.ctl in readable:
            self._read_control()
        return also is not None and also in readable

    def _read_control(self) -> None:
        # The notebook thread and the caller's thread may both wait on this socket: one reads
        # a whole message at a time, and only if one is still there.
        with self._control_lock:
            if self.dead or not _readable(self.ctl):
                return
            try:
                header, _ = protocol.recv(self.ctl, self.caps, deadline=time.monotonic() + 5)
            except protocol.ProtocolError:
                self.dead = True
                return
        op = header.get("op")
        if op == "ready":
            self.ready = header
        elif op == "forked":
            pid = self._outer_pid(int(header["pid"]))
            self.exited.pop(pid, None)  # a pid number can come back after wrapping around
            self.ended.discard(pid)
            self.forked.append(pid)
        elif op == "exited":
            self.exited[self._grader_pid(int(header["pid"]))] = int(header["exitcode"])
        elif op == "ended":
            self.ended.add(self._grader_pid(int(header["pid"])))

    def _outer_pid(self, inner: int) -> int:
        """The grader's pid for a worker the confined fork server calls `inner`."""
        if not self.confined:
            return inner
        outer = _find_outer(self.proc.pid, inner) or _NO_PID + inner
        for old in [p for p, i in self._inner.items() if i == inner]:
            del self._inner[old]
        self._inner[outer] = inner
        return outer

    def _grader_pid(self, inner: int) -> int:
        if not self.confined:
            return inner
        return next((p for p, i in self._inner.items() if i == inner), _NO_PID + inner)

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        """Pump control messages until `predicate()` holds or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.dead:
                return bool(predicate())
            self.pump(
                min(remaining, 0.05)
            )  # short: another thread may take the message we wait for
        return True

    @property
    def alive(self) -> bool:
        return not self.dead and self.proc.poll() is None

    @property
    def confinement(self) -> str:
        """How workers are confined (known once the fork server said it is ready)."""
        if self.ready is None:
            self.wait_for(lambda: self.ready is not None, 30)
        return str((self.ready or {}).get("confinement", "unknown"))

    def add_preload(self, name: str) -> bool:
        """A worker needed `name` (one of `inside.preload.PRELOADABLE`, in practice IPython for
        a cell only IPython can read): the fork server imports it between workers, once, and
        the workers still to come have it. True: this server preloads it from now on."""
        if name not in self.preload and not self.dead:
            self.preload += (name,)
            with contextlib.suppress(WorkerDied):  # a dead server is replaced with its preloads
                self._send({"op": "preload", "name": name})
        return name in self.preload

    # --- workers -------------------------------------------------------------------------

    def fork(self, config: dict[str, Any], *, files: Sequence[Path] = ()) -> WorkerProcess:
        """Start a worker with `config` (limits, preload, ...); returns at once."""
        self._forks += 1
        marker = f"{self.tag}-w{self._forks}"
        buffers: list[bytes] = []
        if self.confined:
            # Its folder is made by the fork server in its own /tmp; the files travel as data.
            cwd = f"{bwrap.SCRATCH}/w{self._forks}"
            buffers = [Path(f).read_bytes() for f in files]
            config = dict(
                config,
                scratch={
                    "files": [Path(f).name for f in files],
                    "font_cache": "matplotlib" not in self.preload,
                },
            )
        else:
            uid = self.uid if (self.ready is None or self.ready.get("uid") is not None) else None
            cwd = make_home("nngrade-worker-", uid, font_cache="matplotlib" not in self.preload)
            for f in files:
                target = os.path.join(cwd, Path(f).name)
                shutil.copy(f, target)
                if uid is not None:
                    os.chown(target, uid, uid)
        ours, theirs = socket.socketpair()
        config = dict(config, cwd=cwd, env=sandbox_env(cwd, marker))
        outside = "" if self.confined else cwd
        try:
            self._send({"op": "fork", "config": config}, buffers)
            socket.send_fds(self.ctl, [b"F"], [theirs.fileno()])
        except (OSError, WorkerDied):
            ours.close()
            remove_tree(outside)
            self.dead = True
            raise WorkerDied("worker_died.server_stopped", detail=self._death_detail()) from None
        finally:
            theirs.close()
        ours.setblocking(False)
        return WorkerProcess(self, ours, outside, marker, config.get("limits"))

    def end(self, worker: WorkerProcess) -> None:
        """Kill a worker's whole tree and wait until the fork server has swept up after it."""
        pid = worker.pid
        if pid is None and not self.dead:
            self.wait_for(lambda: worker.pid is not None, 5)
            pid = worker.pid
        if pid is not None and not self.dead:
            if pid not in self.exited:
                confine.kill_group(pid)
            with contextlib.suppress(WorkerDied):
                self._send({"op": "end", "pid": self._inner.get(pid, pid)})
                if not self.wait_for(lambda: pid in self.ended, 5):
                    self.kill()  # it did not sweep up in time: no fork server, no leftovers
        if self.dead and confine.LINUX:
            confine.kill_marked(worker.marker)
            if self.uid is not None:
                confine.kill_uid(self.uid)
        worker.sock.close()
        remove_tree(worker.cwd)

    def close(self) -> None:
        """Ask the fork server to clean up and exit; make certain it and its workers are gone."""
        if not self.dead:
            with contextlib.suppress(WorkerDied, OSError):
                self._send({"op": "exit"})
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        self.dead = True
        if confine.LINUX:
            confine.kill_marked(self.tag)
        self.ctl.close()
        self._stderr.close()
        remove_tree(self.home)
        self._inner.clear()

    def kill(self) -> None:
        """Kill the fork server at once (its workers die with it: PR_SET_PDEATHSIG)."""
        self.dead = True
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        if confine.LINUX:
            confine.kill_marked(self.tag)


class SpawnServer:
    """Where there is no fork (Windows): each worker is a fresh
    `python -I inside/zygote.py --spawn`.

    It has `ForkServerHandle`'s interface, so sessions and pools do not care which they have.
    There is no warm start (each worker imports its own modules), no process tree to sweep
    (only the worker itself is killed; on POSIX its whole process group), and no rlimits on
    Windows.
    Set NNGRADE_SANDBOX_SPAWN=1 to use it on Linux or macOS too (the tests do).
    """

    def __init__(
        self, *, slot: int, preload: Sequence[str] = (), caps: protocol.Caps = protocol.DEFAULT_CAPS
    ) -> None:
        self.slot = slot
        self.preload = tuple(preload)
        self.caps = caps
        self.tag = f"nngrade-sandbox-{secrets.token_hex(6)}"
        self.uid = None
        self.ready: dict[str, Any] | None = {
            "uid": None,
            "confinement": "same user as the grader; a fresh process per worker",
        }
        self.forked: list[int] = []
        self.exited: dict[int, int] = {}
        self.ended: set[int] = set()
        self.dead = False
        self._forks = 0
        self._procs: dict[int, subprocess.Popen[bytes]] = {}

    @property
    def alive(self) -> bool:
        return not self.dead

    @property
    def confinement(self) -> str:
        return str((self.ready or {}).get("confinement"))

    def add_preload(self, name: str) -> bool:
        """False: each worker is a new process, and imports what it needs itself."""
        return False

    def _poll(self) -> None:
        for pid, proc in self._procs.items():
            if pid not in self.exited and proc.poll() is not None:
                self.exited[pid] = proc.returncode

    def pump(self, timeout: float | None, also: socket.socket | None = None) -> bool:
        """Wait (briefly) for `also` to become readable; notice workers that exited."""
        self._poll()
        wait = 0.05 if timeout is None else max(0.0, min(timeout, 0.05))
        if also is None:
            time.sleep(wait)
            return False
        readable = select.select([also], [], [], wait)[0]
        self._poll()
        return bool(readable)

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate() and time.monotonic() < deadline:
            self.pump(deadline - time.monotonic())
        return bool(predicate())

    def fork(self, config: dict[str, Any], *, files: Sequence[Path] = ()) -> WorkerProcess:
        self._forks += 1
        marker = f"{self.tag}-w{self._forks}"
        cwd = make_home("nngrade-worker-", None)
        for f in files:
            shutil.copy(f, os.path.join(cwd, Path(f).name))
        env = sandbox_env(cwd, marker)
        config = dict(
            config,
            cwd=cwd,
            env=env,
            preload=sorted(set(config.get("preload", [])) | set(self.preload)),
        )
        ours, theirs = socket.socketpair()
        try:
            if os.name == "posix":
                proc = subprocess.Popen(
                    [sys.executable, "-I", str(ZYGOTE), "--spawn", str(theirs.fileno())],
                    pass_fds=(theirs.fileno(),), env=env, cwd=cwd, start_new_session=True,
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            else:
                proc = subprocess.Popen(
                    [sys.executable, "-I", str(ZYGOTE), "--spawn", "stdin"],
                    env=env, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
                )  # fmt: skip
                assert proc.stdin is not None
                proc.stdin.write(theirs.share(proc.pid))
                proc.stdin.close()
        finally:
            theirs.close()
        self._procs[proc.pid] = proc
        self.forked.append(proc.pid)
        ours.setblocking(False)
        protocol.send(
            ours,
            {"op": "become", "config": config, "nngrade_dirs": nngrade_dirs()},
            deadline=time.monotonic() + 10,
        )
        return WorkerProcess(self, ours, cwd, marker, config.get("limits"))

    def end(self, worker: WorkerProcess) -> None:
        proc = self._procs.pop(worker.pid, None) if worker.pid is not None else None
        if proc is not None:
            if os.name == "posix":
                confine.kill_group(proc.pid)
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            self.ended.add(proc.pid)
        if confine.LINUX:
            confine.kill_marked(worker.marker)
        worker.sock.close()
        remove_tree(worker.cwd)

    def close(self) -> None:
        for proc in list(self._procs.values()):
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        self._procs.clear()
        self.dead = True
        if confine.LINUX:
            confine.kill_marked(self.tag)

    kill = close


def new_server(
    *, slot: int, preload: Sequence[str] = (), caps: protocol.Caps = protocol.DEFAULT_CAPS
) -> ForkServerHandle | SpawnServer:
    """A fork server where the platform can fork and pass sockets; else a spawner."""
    if CAN_FORK and not settings.SANDBOX_SPAWN.get():
        return ForkServerHandle(slot=slot, preload=preload, caps=caps)
    return SpawnServer(slot=slot, preload=preload, caps=caps)


_cold_slots = itertools.count()
"""Cold (pool-less) sandboxes use slots 50-99; pools use 0-49 (a slot is a worker uid as root)."""


def cold_server() -> ForkServerHandle | SpawnServer:
    """A fork server for one pool-less sandbox (`Sandbox(..., server=...)`), started now.

    A cold `nngrade submit` starts it first, so that bubblewrap and the fork server's
    interpreter start while the grader imports, reads the submission and loads the assignment
    (issue 23). Nothing of the submission reaches it before the sandbox forks its worker.
    """
    confine.protect_grader()
    return new_server(slot=50 + next(_cold_slots) % 50)


def discard_server(server: ForkServerHandle | SpawnServer) -> None:
    """Stop a fork server that no sandbox used (the submission could not be read, the
    assignment is unknown) at once, and remove its files: no worker ever ran in it."""
    server.kill()
    server.close()


class WorkerProcess:
    """One forked worker: a socket to it, its pid (once known) and its private directory."""

    def __init__(
        self,
        server: ForkServerHandle | SpawnServer,
        sock: socket.socket,
        cwd: str,
        marker: str,
        limits: dict | None,
    ) -> None:
        self.server = server
        self.sock = sock
        self.cwd = cwd
        self.marker = marker
        self.limits = limits
        self._index = server._forks
        self._pid: int | None = None

    @property
    def pid(self) -> int | None:
        if self._pid is None:
            # forked replies arrive in order: this worker's is the _index-th one
            pids = self.server.forked
            if len(pids) >= self._index:
                self._pid = pids[self._index - 1]
        return self._pid

    def request(
        self, header: dict[str, Any], buffers: Sequence[bytes] = (), *, timeout: float
    ) -> tuple[dict[str, Any], list[memoryview]]:
        """Send one request and wait for its reply; raise WorkerTimedOut or WorkerDied."""
        deadline = time.monotonic() + timeout
        try:
            protocol.send(self.sock, header, buffers, deadline=deadline)
        except protocol.Timeout:
            raise WorkerTimedOut() from None
        except protocol.ProtocolError:
            raise self._died() from None
        while True:
            if self.pid is not None and self.pid in self.server.exited:
                raise self._died()
            if self.server.dead and not _readable(self.sock):
                raise WorkerDied("worker_died.server_stopped", detail="")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerTimedOut()
            if self.server.pump(min(remaining, 0.25), also=self.sock):
                try:
                    return protocol.recv(self.sock, self.server.caps, deadline=deadline)
                except protocol.Timeout:
                    raise WorkerTimedOut() from None
                except protocol.ConnectionClosed:
                    raise self._died() from None
                except protocol.ProtocolError as e:
                    raise _unreadable(e) from None

    def _died(self) -> WorkerDied:
        """Learn the exit status from the fork server (briefly) and put it in words."""
        self.server.wait_for(lambda: self.pid is not None and self.pid in self.server.exited, 2)
        code = self.server.exited.get(self.pid) if self.pid is not None else None
        return describe_exit(code, self.limits)


def _unreadable(error: protocol.ProtocolError) -> WorkerDied:
    """A message from the worker that nngrade could not read, as the `WorkerDied` it means."""
    if error.key:  # the protocol says which limit the message broke
        return WorkerDied(error.key, **error.fields)
    return WorkerDied("worker_died.unreadable", error=str(error))


def _readable(sock: socket.socket) -> bool:
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return False
