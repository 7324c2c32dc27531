"""Running untrusted student code: the worker process, its limits, and the trusted-side proxy.

CONTRACT (the grading core codes against exactly this; keep it stable):

    from nngrade.sandbox import Sandbox, Limits, WorkerPool, StudentProxy, Call, RunReport
    from nngrade.sandbox import (SandboxFailure, NotDefined, NotCallable, StudentError,
                                 StudentTimeout, WorkerCrashed, Refused)
    from nngrade.protocol import Polynomial, Affine          # callable descriptions

    sb = Sandbox(submission, limits=Limits(...), pool=None)   # submission: nngrade.submission.Submission
    sb.start()                    # launch the worker and start running the cells; returns at once
    report = sb.run_report()      # block until all cells ran -> RunReport
    sb.names()                    # {"predict": "function", "X": "ndarray", ...}
    call = sb.call("predict", x, W1, B1, W2, B2, want_args=False, timeout=None)
    call.value, call.mutated, call.args_after, call.duration
    sb.get("X")                   # a variable's value, as plain data
    path = sb.keras_model("build_model", *args)   # a .keras archive written by the worker
    sb.close()                    # kill the worker's whole process tree

    student = StudentProxy(sb)
    student.predict(x, ...)       # == sb.call("predict", ...).value
    student.call("predict", ...)  # the Call, for mutation checks

Failures are exceptions, all subclasses of SandboxFailure, each carrying `.name` (the student
name involved) plus their own fields; their str() is a plain English sentence and the grading
core formats them for the student in the chosen language.

Additions to the contract (all optional):

    Sandbox(submission, limits, pool, files=[path, ...], caps=protocol.Caps(...))
                                  # files are copied into the worker's fresh working folder
    sb.confinement                # "as uid 1903212350; ..." — how the worker is confined
    sb.call(..., want_args=True)  # call.args_after / call.kwargs_after: the arguments after the call
    call.mutated                  # positions (0-based) and keyword names the call changed,
                                  # decided by the grader comparing what came back with what it sent
    call.stdout                   # what the call printed (capped)
    sb.get("X")                   # raises Refused if X holds something that is not data
    with Sandbox(...) as sb: ...  # start() and close()
    Limits.for_tensorflow()       # limits for an assignment that imports TensorFlow
    WorkerPool(size=None, preload=("numpy", "IPython", "matplotlib")); pool.wait_ready(); pool.close()
    student.get("X"), student.names(), "predict" in student

    The lecture's global style and one bug costing one task (issue 13; the grading core's
    `nngrade.answers` uses these, tests do not):
    sb.signatures()               # {"predict": {"params": [...], "reads": [...], "writes": [...], ...}}
    sb.call(name, *args, bind_globals={"W1": ...}, cap_loop=3)
                                  # globals set for the call and read back (call.globals_after,
                                  # call.mutated names "global W1"); the function's own first
                                  # range(...) loop cut to 3 iterations (call.loop)
    sb.call(name, *args, trusted={"predict": recipe}, serve=fn, trusted_calls=200)
                                  # `predict` replaced by a stand-in that sends its arguments
                                  # to the grader and returns `fn("predict", args)` (data only)
    sb.call("np.tanh", x)         # a function of a module the submission imported
    sb.forget_timeout(name)       # call `name` again after a timeout the grader caused
    StudentProxy(sb, answers)     # calls go through `answers.call(name, args, kwargs, ...)`

    report.cells: list[CellRun]   # per cell: status ok/error/timeout/crashed/"not run",
                                  # duration, stdout, stderr, dropped (bytes past the cap)
    report.errors: list[results.CellError]   # ename "Timeout" or "Crash" for a stopped cell
    report.notes: list[Note]      # `!pip` lines not run, cells not run, ... (as data)
    report.timed_out, report.restarts, report.duration
    report.error_for(cell), report.cell(cell)

Failures: NotDefined(.cell, .cell_error, .cell_status), NotCallable(.kind),
StudentError(.ename, .evalue, .traceback), StudentTimeout(.seconds),
WorkerCrashed(.reason, .note), Refused(.why, .note): `.note` is why, as a catalog key and its
fields (`worker_died.*`, `refused.*`); `.reason`/`.why` the same in English.

Processes and layout: the trust boundary is a folder. `inside/` holds everything that runs
inside the sandbox: the fork server (`inside/zygote.py`, run as `python -I inside/zygote.py`),
which forks one worker per submission, the worker (`inside/worker.py`) and what they use
(capture, magics, spellings, preload, rlimits, confine). The fork server loads those files by
path under a private package name, and they import nothing of this package but the data-only
`nngrade.protocol` (tests/sandbox/test_layout.py). Beside it is the grader's side: `session`
(`Sandbox`), `pool`, `process` (`ForkServerHandle`, `WorkerProcess`), `bwrap` and `policy`
(confinement), `uidjail` (root without bubblewrap: the secrets made unreachable by the
workers' uid; `sb.confinement_kind` is `bubblewrap`, `uid` or `none`, issue 22), `worktime`
and `limits` (the limits), `failures`, `report` and `proxy`. Where
a platform cannot fork and pass sockets (Windows), each worker is a fresh
`python -I inside/zygote.py --spawn` process instead (same API, no warm start); NNGRADE_SANDBOX_SPAWN=1 forces that mode elsewhere (the tests run both).
Sandboxes and pools left open are closed at interpreter exit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .failures import (
        NotCallable,
        NotDefined,
        Refused,
        SandboxFailure,
        StudentError,
        StudentTimeout,
        WorkerCrashed,
    )
    from .limits import Limits
    from .pool import WorkerPool
    from .proxy import StudentProxy
    from .report import Call, CellRun, RunReport
    from .session import Sandbox, Signature

# The contract's names are imported from their modules when first asked for (PEP 562): a cold
# `nngrade submit` starts its fork server (`process`, `bwrap`, `policy`) before it imports the
# rest of the sandbox, the results and the catalog (issue 23).
_HOMES = {
    **dict.fromkeys(
        (
            "NotCallable",
            "NotDefined",
            "Refused",
            "SandboxFailure",
            "StudentError",
            "StudentTimeout",
            "WorkerCrashed",
        ),
        "failures",
    ),
    "Limits": "limits",
    "WorkerPool": "pool",
    "StudentProxy": "proxy",
    **dict.fromkeys(("Call", "CellRun", "RunReport"), "report"),
    **dict.fromkeys(("Sandbox", "Signature"), "session"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Call",
    "CellRun",
    "Limits",
    "NotCallable",
    "NotDefined",
    "Refused",
    "RunReport",
    "Sandbox",
    "SandboxFailure",
    "Signature",
    "StudentError",
    "StudentProxy",
    "StudentTimeout",
    "WorkerCrashed",
    "WorkerPool",
]
