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
"""
