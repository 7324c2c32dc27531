"""The fork server ("zygote"): starts sandbox workers by forking, and cleans up after them.

The grader runs it as `python -I zygote.py CONTROL_FD TAG` (isolated: the script's folder is
not on sys.path, so nothing of nngrade is importable by accident). It loads the modules of
its own folder (`nngrade.sandbox.inside`) by path under a private package name, blocks
`import nngrade`, confines itself (see `confine`), optionally preloads NumPy, IPython and
matplotlib (see `preload`), and then answers the grader on the control socket:

    init  {preload, uid, tempdir, hide, nngrade_dirs, bwrap}  -> ready  {pid, uid, confinement}
    fork  {config} + files' bytes + one fd (the worker's socket) -> forked {pid}
    end   {pid}    kill the worker's group and every leftover -> ended {pid}
    preload {name} import one more preloadable library for the workers still to come
    exit  {}       the same for everything, then exit
and, unasked, `exited {pid, exitcode}` when the current worker dies.

Each worker is a fork: a warm pool's fork costs about a millisecond instead of the 0.5 s of
imports. Nothing secret is ever loaded here (no nngrade package, no tests, no oracles), and
TensorFlow is never preloaded (forking after importing it is unsafe). The fork server is a
child subreaper: whatever a worker starts comes back to it when orphaned, and is killed when
the worker's turn ends.

Started in bubblewrap (`bwrap` says what the grader's side sets up; `init.bwrap` is then its
description), it is PID 2 of its own PID namespace: a worker's folder is made here, in the
private /tmp, from the bytes the fork request carries (`config.scratch`), and when a worker's
turn ends `kill(-1)` takes every process of the sandbox but this one, and /tmp and /dev/shm
are emptied of whatever the worker left, so the next worker of the slot finds nothing.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import os
import select
import shutil
import signal
import socket
import sys
import traceback
import types
from collections.abc import Sequence
from typing import Any

PACKAGE = "_nngrade_sandboxed"
"""The private name the inside modules are loaded under (never `nngrade`)."""
INSIDE = f"{PACKAGE}.sandbox.inside"


def load_inside() -> types.SimpleNamespace:
    """Import protocol.py and every module of this folder by path, as a private package.

    The folder's layout is the list: whatever module sits beside this file is loaded (and
    nothing else can be afterwards). The grader's side of the sandbox, `nngrade.sandbox`, is
    an empty package here, so an inside module that reached for it would fail to load.
    """
    inside_dir = os.path.dirname(os.path.abspath(__file__))
    sandbox_dir = os.path.dirname(inside_dir)
    root = types.ModuleType(PACKAGE)
    root.__path__ = []
    sandbox = types.ModuleType(f"{PACKAGE}.sandbox")
    sandbox.__path__ = []
    inside = types.ModuleType(INSIDE)
    inside.__path__ = [inside_dir]
    sys.modules.update({m.__name__: m for m in (root, sandbox, inside)})
    spec = importlib.util.spec_from_file_location(
        f"{PACKAGE}.protocol", os.path.join(os.path.dirname(sandbox_dir), "protocol.py")
    )
    assert spec is not None and spec.loader is not None
    protocol = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = protocol
    root.protocol = protocol  # what `from ... import protocol` finds
    spec.loader.exec_module(protocol)
    loaded = types.SimpleNamespace(protocol=protocol)
    this = os.path.basename(__file__)
    for file in sorted(os.listdir(inside_dir)):
        name, suffix = os.path.splitext(file)
        if suffix == ".py" and file not in (this, "__init__.py"):
            setattr(loaded, name, importlib.import_module(f"{INSIDE}.{name}"))
    inside.__path__ = []  # nothing more can be loaded from nngrade's folders
    return loaded


class ForkServerLoop:
    """The fork server itself: its state, and its loop answering the grader's control socket
    (the grader's handle on it is `nngrade.sandbox.process.ForkServerHandle`)."""

    def __init__(self, ctl: socket.socket, mods: types.SimpleNamespace) -> None:
        self.ctl = ctl
        self.m = mods
        self.pid = os.getpid()
        self.uid: int | None = None
        self.shell: Any = None
        self.current: int | None = None
        self.cwds: dict[int, str] = {}
        """Each worker's private folder, removed here too: the grader may die before it can."""
        self.confined = False
        """Started in bubblewrap: this process and its workers are alone in their namespaces."""
        self.scratch = ""
        self.fresh: dict[str, int] = {}
        """Confined, with CAP_SYS_ADMIN: each worker gets an empty tmpfs on these places
        ({path: bytes}) in mount and IPC namespaces of its own (issue 20)."""
        self.own_namespace = False
        """Confined without root: bubblewrap made this sandbox's user namespace."""
        self.keep: set[str] = set()
        """What the private /tmp held before any worker ran (the rest is a worker's leftover)."""
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)

    def send(self, header: dict[str, Any]) -> None:
        self.m.protocol.send(self.ctl, header)

    # --- start-up ------------------------------------------------------------------------

    def init(self, header: dict[str, Any]) -> None:
        confine = self.m.confine
        self.m.worker.block_nngrade(list(header.get("nngrade_dirs", [])))
        confine.prctl(confine.PR_SET_CHILD_SUBREAPER, 1)
        self.confined = bool(header.get("bwrap"))
        confinement = self._choose_user(header)
        if self.confined:
            confinement = f"{confinement}; {header['bwrap']}"
            self.scratch = header["tempdir"]
            self.keep = set(_tree(self.scratch))
            self.own_namespace = header.get("uid") is None
            if confine.has_capability(confine.CAP_SYS_ADMIN):
                size = int(header.get("tmp_bytes") or 512 * 2**20)
                self.fresh = {self.scratch: size, _SHM: size // 4}
                confinement += "; fresh /tmp and /dev/shm for each worker"
        if self.uid is None:
            confine.prctl(confine.PR_SET_DUMPABLE, 0)  # a same-user worker cannot read our memory
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(self.wake_w)
        for name in header.get("preload", []):
            self.preload(name)
        gc.collect()
        gc.freeze()  # what is loaded now stays shared: the workers' collector never touches it
        self.send({"op": "ready", "pid": self.pid, "uid": self.uid, "confinement": confinement})

    def _choose_user(self, header: dict[str, Any]) -> str:
        confine = self.m.confine
        uid = header.get("uid")
        if uid is None:
            return "same user as the grader"
        needed = _interpreter_paths() + [header["tempdir"]]
        if self.confined:
            note = ""  # bubblewrap built this mount namespace: only what workers need is there
        else:
            try:
                note = "; " + confine.private_mounts(needed, header.get("hide", []))
            except OSError as e:
                note = f"; no private mount namespace ({e.strerror or e})"
            note += "; " + confine.private_network()  # issue 22: workers inherit it
        blocked = [p for p in needed if not confine.others_can_reach(p)]
        if blocked:
            return f"as root: uid {uid} could not reach {blocked[0]}{note}"
        self.uid = int(uid)
        return f"as uid {uid}{note}"

    def preload(self, name: str) -> None:
        """Import a module now so that every forked worker has it for free."""
        shell = self.m.preload.preload(name)
        if shell is not None:
            self.shell = shell

    # --- the loop ------------------------------------------------------------------------

    def serve(self) -> None:
        while True:
            readable, _, _ = select.select([self.ctl, self.wake_r], [], [])
            if self.wake_r in readable:
                os.read(self.wake_r, 512)
                self.reap()
            if self.ctl not in readable:
                continue
            try:
                header, buffers = self.m.protocol.recv(self.ctl)
            except self.m.protocol.ProtocolError:
                break  # the grader is gone
            op = header.get("op")
            if op == "fork":
                self.fork(header["config"], buffers)
            elif op == "end":
                self.end(int(header["pid"]))
                self.send({"op": "ended", "pid": header["pid"]})
            elif op == "preload":  # a worker needed it: the next ones have it already
                with contextlib.suppress(Exception):  # they import it themselves, as before
                    self.preload(str(header.get("name")))
                gc.collect()
                gc.freeze()
            elif op == "exit":
                break
        if self.current is not None:
            self.end(self.current)
        self.m.confine.kill_children()
        for cwd in self.cwds.values():
            shutil.rmtree(cwd, ignore_errors=True)
        home = os.getcwd()
        if os.path.basename(home).startswith("nngrade-forkserver-"):
            os.chdir("/")
            shutil.rmtree(home, ignore_errors=True)

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.current:
                self.current = None
                self.send(
                    {"op": "exited", "pid": pid, "exitcode": os.waitstatus_to_exitcode(status)}
                )

    def end(self, pid: int) -> None:
        """Kill the worker's process group, then every process it left behind."""
        confine = self.m.confine
        if pid == self.current:
            confine.kill_group(pid)
        else:
            _killpg(pid)
        leftovers = confine.kill_children()
        if self.uid is not None and leftovers > (1 if pid == self.current else 0):
            # It had started processes: also kill(-1) as its uid, which no fork can outrun.
            confine.kill_uid(self.uid)
            confine.kill_children()
        if pid == self.current:
            self.current = None
        cwd = self.cwds.pop(pid, None)
        if cwd is not None:
            shutil.rmtree(cwd, ignore_errors=True)
        if self.confined:
            self.sweep()
        elif self.uid is not None:
            confine.remove_owned(self.uid)  # issue 22: the shared /tmp keeps nothing of it

    def sweep(self) -> None:
        """Confined: end every other process of the sandbox, and empty /tmp and /dev/shm of
        whatever the worker left there (the fork server's own files stay)."""
        with contextlib.suppress(OSError):
            os.kill(-1, signal.SIGKILL)  # our PID namespace: all but us and bwrap's init
        self.m.confine.kill_children()
        for root in (_SHM, self.scratch):
            for path in sorted(_tree(root)[1:], key=len, reverse=True):
                if path not in self.keep:
                    _remove(path)

    def make_scratch(self, config: dict[str, Any], buffers: Sequence[memoryview]) -> None:
        """Confined: the worker's folder in the private /tmp, with its files written in."""
        cwd, scratch = config["cwd"], config["scratch"]
        _remove(cwd)
        os.makedirs(cwd, mode=0o700)
        for name, data in zip(scratch["files"], buffers, strict=True):
            with open(os.path.join(cwd, os.path.basename(name)), "wb") as f:
                f.write(data)
        mpl = os.path.join(cwd, ".matplotlib")
        os.mkdir(mpl)
        if scratch.get("font_cache"):
            home = os.environ.get("MPLCONFIGDIR", "")
            for name in os.listdir(home) if os.path.isdir(home) else []:
                if name.startswith("fontlist-"):
                    shutil.copy(os.path.join(home, name), mpl)
        if self.uid is not None:
            for path in _tree(cwd):
                os.lchown(path, self.uid, self.uid)

    def fork(self, config: dict[str, Any], buffers: Sequence[memoryview] = ()) -> None:
        if "scratch" in config and not self.fresh:
            self.make_scratch(config, buffers)
        _, fds, _, _ = socket.recv_fds(self.ctl, 1, 1)
        worker_sock = socket.socket(fileno=fds[0])
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                self.become_worker(worker_sock, config, buffers)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        worker_sock.close()
        self.current = pid
        self.cwds[pid] = config["cwd"]
        self.send({"op": "forked", "pid": pid})

    def become_worker(
        self, sock: socket.socket, config: dict[str, Any], buffers: Sequence[memoryview] = ()
    ) -> None:
        """In the forked child: confine this process, then serve the grader as a worker."""
        confine = self.m.confine
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        self.ctl.close()
        os.close(self.wake_r)
        os.close(self.wake_w)
        os.setsid()
        if self.fresh:
            # Its own /tmp and /dev/shm, empty, and its folder made there: nothing of the
            # fork server's or of an earlier worker's is in reach, nor can it change them.
            confine.fresh_places(self.fresh)
            if "scratch" in config:
                self.make_scratch(config, buffers)
        if self.uid is not None:
            confine.drop_privileges(self.uid)  # setuid away from root: every capability goes
        elif self.fresh:
            confine.drop_capabilities()
        confine.prctl(confine.PR_SET_DUMPABLE, 1)  # its own /proc entries behave normally
        confine.prctl(confine.PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != self.pid:
            os._exit(0)  # the fork server died in between
        os.environ.clear()
        os.environ.update(config["env"])
        # RLIMIT_NPROC bounds this sandbox alone under a uid of its own (as root), or in a
        # user namespace of its own where the kernel counts per namespace (issue 20).
        own_user = self.uid is not None or (
            self.own_namespace and self.m.confine.nproc_counts_per_namespace()
        )
        serve_as_worker(self.m, sock, config, own_user=own_user, shell=self.shell)


def serve_as_worker(
    m: types.SimpleNamespace,
    sock: socket.socket,
    config: dict[str, Any],
    *,
    own_user: bool,
    shell: Any,
) -> None:
    """The last steps of becoming a worker (forked or spawned), then the request loop."""
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(
            signal.SIGXFSZ, signal.SIG_IGN
        )  # over the file-size limit: OSError, not death
    os.chdir(config["cwd"])
    m.rlimits.apply_rlimits(m.rlimits.rlimits(config["limits"], own_user=own_user))
    m.capture.silence_file_descriptors()
    for name in config.get("preload", []):
        with contextlib.suppress(ImportError):  # the notebook's own import will report it
            shell = m.preload.preload(name) or shell
    m.worker.serve(sock, config, shell)


def _interpreter_paths() -> list[str]:
    """What a worker must be able to read: the interpreter and every folder on sys.path."""
    paths = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        os.path.dirname(os.path.realpath(sys.executable)),
    }
    paths.update(p for p in sys.path if p and os.path.exists(p))
    return sorted(paths)


_SHM = "/dev/shm"


def _tree(root: str) -> list[str]:
    """`root` and every path under it (not following links)."""
    found = [root] if os.path.lexists(root) else []
    for folder, dirs, files in os.walk(root):
        found.extend(os.path.join(folder, n) for n in dirs + files)
    return found


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)


def _killpg(pgid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)


def spawned_worker(argv: list[str]) -> int:
    """Where there is no fork (Windows): this process is one worker, started by the grader.

    `zygote.py --spawn FD` gets its socket as an inherited descriptor; `--spawn stdin` (Windows)
    as `socket.share()` bytes on stdin. The first message says how to set up.
    """
    mods = load_inside()
    if argv[2] == "stdin":
        sock = socket.fromshare(sys.stdin.buffer.read())
    else:
        sock = socket.socket(fileno=int(argv[2]))
    header, _ = mods.protocol.recv(sock)
    mods.worker.block_nngrade(list(header.get("nngrade_dirs", [])))
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    serve_as_worker(mods, sock, header["config"], own_user=False, shell=None)
    return 0


def main(argv: list[str]) -> int:
    if argv[1] == "--spawn":
        return spawned_worker(argv)
    ctl = socket.socket(fileno=int(argv[1]))
    mods = load_inside()
    server = ForkServerLoop(ctl, mods)
    try:
        header, _ = mods.protocol.recv(ctl)
    except mods.protocol.ProtocolError:
        return 1
    server.init(header)
    server.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
