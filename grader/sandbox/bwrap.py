"""Bubblewrap: the view of the system every fork server (and so every worker) starts in.

On Linux each fork server is started as `bwrap ... python -I inside/zygote.py`, once per warm
slot, with its own PID, mount, network (not even loopback reaches the host), IPC, UTS and cgroup
namespaces, and, unless nngrade runs as root, its own user namespace (no root needed where
unprivileged user namespaces are allowed). Its file system is built from nothing: read-only
binds of `/usr`, the `/lib*` folders, a few `/etc` files and the Python installation; a
private size-limited tmpfs for `/tmp` (the scratch of the fork server and its workers) and
`/dev/shm`; `/proc` of its own PID namespace. nngrade's own package folders (oracles,
assignments, tests) are covered with an empty read-only tmpfs where they sit inside a bound
folder; the instructor's home, the class, the output folder and any `.git` are never bound.
The fork server's only link to the grader is the control socket it inherits.

As root, no user namespace is made: the fork server keeps the few capabilities it needs to
switch each worker to its slot's own unprivileged uid (so `RLIMIT_NPROC` bounds a fork bomb
and the grader can `kill(-1)` as that uid), and the worker then has none.

`problem()` says why bubblewrap cannot be used here (None when it can). Setting
NNGRADE_FORCE_UNCONFINED=1 makes nngrade behave as if it could not (for tests and for
trying out the refusal path).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence

from .. import settings

FORCE_UNCONFINED_VAR = settings.FORCE_UNCONFINED.name
"""Set to 1: behave as if bubblewrap and user namespaces were not available."""

SCRATCH = "/tmp"
"""Inside the sandbox: the private tmpfs that holds the fork server's home and each worker's folder."""

TMP_MB = 512
"""Size of the private /tmp (scratch) of one warm slot; /dev/shm gets a quarter of it."""

FIX = (
    "install bubblewrap (`apt install bubblewrap`) and allow unprivileged user namespaces "
    "(`sysctl kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu 24.04), or grade in a "
    "container that allows them"
)
"""How to get confinement where it is missing (named in every refusal)."""

_ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "nsswitch.conf",
    "passwd",
    "group",
    "mime.types",
    "matplotlibrc",
    "fonts",
    "alternatives",
    "ssl/openssl.cnf",
)
"""The /etc entries Python, NumPy and matplotlib may read (bound only if present)."""

_ROOT_CAPS = (
    "CAP_SETUID",
    "CAP_SETGID",
    "CAP_KILL",
    "CAP_DAC_OVERRIDE",
    "CAP_FOWNER",
    "CAP_CHOWN",
    "CAP_SYS_ADMIN",
)
"""As root: what the fork server keeps to set up each worker's uid, its fresh /tmp and
/dev/shm (CAP_SYS_ADMIN, issue 20), and clean up after it. A worker loses them all when it
switches to its own uid (and no_new_privs stops it regaining any)."""


def executable() -> str | None:
    """The bwrap binary, if installed."""
    return shutil.which("bwrap")


def forced_off() -> bool:
    return settings.FORCE_UNCONFINED.get()


@functools.cache
def _probe(binary: str, as_root: bool) -> str | None:
    try:
        done = subprocess.run(
            [binary, *_namespace_flags(as_root), "--ro-bind", "/", "/", "true"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError) as e:
        return f"bubblewrap could not run ({e})"
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"bubblewrap cannot make namespaces here ({said[-1] if said else done.returncode})"
    return None


def problem() -> str | None:
    """Why student code cannot be confined with bubblewrap here, in a few words; None if it can."""
    if forced_off():
        return f"confinement is turned off ({FORCE_UNCONFINED_VAR} is set)"
    if not sys.platform.startswith("linux"):
        return f"bubblewrap confinement needs Linux (this is {sys.platform})"
    binary = executable()
    if binary is None:
        return "bubblewrap (bwrap) is not installed"
    return _probe(binary, running_as_root())


def available() -> bool:
    return problem() is None


def running_as_root() -> bool:
    return os.name == "posix" and os.geteuid() == 0


def _namespace_flags(as_root: bool) -> list[str]:
    common = ["--die-with-parent", "--new-session"]
    if as_root:
        # Root needs no user namespace for the others, and keeps real uids: each worker then
        # switches to its own unprivileged uid.
        ns = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
        return [*ns, "--unshare-cgroup-try", *common]
    return ["--unshare-all", *common]


def python_dirs(hidden: Iterable[str]) -> list[str]:
    """The folders of the Python installation a worker needs: an allowlist, whatever the
    current folder is and however nngrade was started.

    The prefixes of the interpreter (and of the venv), plus the `sys.path` entries that are
    package folders (`site-packages`, `dist-packages`, the user site) or sit under a prefix.
    Everything else on `sys.path` is left out: the current folder (`python -m nngrade.cli`
    puts it first), the script's folder, `PYTHONPATH` and what a Dask worker adds. The worker
    runs `python -I`, which reads none of those anyway. A package folder that holds one of
    nngrade's own folders stays (they are covered there instead); any other entry that holds
    one (an old-style editable install puts the repository there) is left out too.
    """
    hidden = [os.path.realpath(h) for h in hidden]
    package_folders = {
        os.path.realpath(e)
        for e in sys.path
        if e and os.path.basename(os.path.realpath(e)) in ("site-packages", "dist-packages")
    }
    # A folder a package folder's .pth file names is the installation's too (a Debian or
    # Gradescope image may add one), as `python -I` in the worker reads it.
    package_folders |= _pth_folders(package_folders)
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    prefixes.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    prefixes = {os.path.realpath(p) for p in prefixes} | prefixes
    dirs = set(prefixes)
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        real = os.path.realpath(entry)
        package_folder = real in package_folders
        under_prefix = any(
            real == p or real.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes
        )
        if not (package_folder or under_prefix):
            continue  # the current folder, the script's, PYTHONPATH's: never the sandbox's
        holds_nngrade = any(h == real or h.startswith(real + os.sep) for h in hidden)
        if holds_nngrade and not package_folder:
            continue
        dirs.add(entry)
    out: list[str] = []
    for d in sorted({os.path.realpath(d) for d in dirs} | dirs, key=len):
        if os.path.isdir(d) and not d.startswith("/usr/") and d != "/usr":
            out.append(d)
    return _outermost(out)


def _pth_folders(package_folders: Iterable[str]) -> set[str]:
    """The folders that the `.pth` files of `package_folders` add to `sys.path` (a line that
    names a folder; `import` lines, such as an editable install's finder, add none)."""
    out: set[str] = set()
    for folder in package_folders:
        try:
            names = [n for n in os.listdir(folder) if n.endswith(".pth")]
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                    lines = f.read().splitlines()
            except OSError:
                continue
            for line in lines:
                line = line.strip()
                if line and not line.startswith(("#", "import ", "import\t")):
                    out.add(os.path.realpath(os.path.join(folder, line)))
    return out


def _outermost(paths: Sequence[str]) -> list[str]:
    """Drop paths inside another path of the list (binding the outer one is enough)."""
    kept: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p == k or p.startswith(k.rstrip(os.sep) + os.sep) for k in kept):
            kept.append(p)
    return kept


def command(
    argv: Sequence[str],
    *,
    hide: Iterable[str],
    home: str,
    ro_files: dict[str, str] | None = None,
    as_root: bool = False,
) -> list[str]:
    """The bwrap command line that runs `argv` in a fresh sandbox (see the module's docstring).

    hide: nngrade's own folders, covered by an empty read-only tmpfs wherever a bind holds them.
    home: the fork server's home inside the sandbox (under SCRATCH).
    ro_files: {inside path: outside file} bound read-only (the matplotlib font cache).
    """
    binary = executable()
    assert binary is not None
    args = [binary, *_namespace_flags(as_root)]
    if as_root:
        args += ["--cap-drop", "ALL"]
        for cap in _ROOT_CAPS:
            args += ["--cap-add", cap]
    else:
        # In its own user namespace: only to give each worker fresh mounts (issue 20); the
        # worker drops it before any student code runs.
        args += ["--cap-add", "CAP_SYS_ADMIN"]
    args += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in _ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    hide = [os.path.realpath(h) for h in hide]
    binds = python_dirs(hide)
    outside_scratch = [k for k in (ro_files or {}) if not k.startswith(SCRATCH + "/")]
    # The private /tmp first: a Python installation or venv that lives under /tmp is bound
    # on top of it, not hidden by it.
    args += ["--size", str(TMP_MB * 2**20), "--perms", "01777", "--tmpfs", SCRATCH]
    args += _parent_dirs([*binds, *outside_scratch])
    for d in binds:
        args += ["--ro-bind", d, d]
    for d in _outermost(hide):  # nngrade/ holds nngrade/reference in a wheel: cover it once
        inside = any(d.startswith(b.rstrip(os.sep) + os.sep) or d == b for b in [*binds, "/usr"])
        if inside and os.path.isdir(d):
            args += ["--perms", "0555", "--tmpfs", d, "--remount-ro", d]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(TMP_MB // 4 * 2**20), "--perms", "01777", "--tmpfs", "/dev/shm"]
    args += ["--remount-ro", "/dev"]  # no writable place outside /tmp and /dev/shm (issue 20)
    args += ["--dir", home]
    for inside, outside in (ro_files or {}).items():
        args += ["--ro-bind", outside, inside]
    args += ["--remount-ro", "/", "--chdir", home, "--", *argv]
    return args


def _parent_dirs(paths: Iterable[str]) -> list[str]:
    """`--dir` for every folder above `paths`, mode 0755: bwrap makes them 0700 otherwise, and
    a worker switched to its own uid (as root) could not reach the interpreter."""
    parents: set[str] = set()
    for path in paths:
        parent = os.path.dirname(path)
        while parent not in ("/", "", SCRATCH):  # the private /tmp keeps its own mode
            parents.add(parent)
            parent = os.path.dirname(parent)
    args: list[str] = []
    for d in sorted(parents, key=lambda d: (d.count("/"), d)):
        args += ["--perms", "0755", "--dir", d]
    return args


def describe(as_root: bool) -> str:
    """The confinement, in a few words, for the report's environment."""
    own = "" if as_root else "user, "
    return f"bubblewrap: own {own}mount, PID, network, IPC and UTS namespaces; private /tmp"
