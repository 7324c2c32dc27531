"""The sandbox worker: the only process where student code runs (the untrusted side).

It keeps the student's namespace, runs cells one at a time when asked ("run cell 4", so the
grader always knows which cell hung), and answers requests: the names defined, a call of a
student function with given arguments, a variable's value, a Keras model saved as a `.keras`
archive. Everything it returns crosses as data (see `protocol`); the grader never trusts it
with a verdict.

The fork server (`zygote.py`) sets the process up (session, user, rlimits, environment, file
descriptors) and then calls `serve()`. This file is loaded by path under a private package
name, never as `nngrade.sandbox.inside.worker`: the worker must not import nngrade, and a
meta-path finder installed first refuses `import nngrade` with an explanation.

Requests and replies (header "op"):
    run    {cell, source, filename}        -> ran   {cell, error, notes, stdout, stderr, dropped, duration}
    names  {}                              -> names {names: {name: kind}, signatures: {name: {...}}}
    call   {name, args, kwargs, want_args,  -> value {value, after, stdout, ...} | failed {...}
            globals?, cap_loop?, trusted?}     (+ globals_after, loop: see `call`; while it
                                               runs, a stand-in may send trusted {name, args}
                                               and wait for trusted_value {value})
    get    {name, attributes?, last_number?} -> value {value} | failed {...}
                                               (attributes: {attribute: value} of the object;
                                               last_number: the last real number `name` held
                                               at the end of a cell, if it holds none now)
    keras  {name, args, kwargs, value?}    -> value {value: {"keras": 0}} | failed {...}
                                               (value: save the model `name` holds, no call)
    exit   {}                              -> (the process exits)
A `failed` reply has `kind`: not_defined, not_callable (with the value's kind), raised (with
ename, evalue, traceback), or refused (with why).
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import dis
import functools
import linecache
import os
import re
import socket
import sys
import time
import traceback
import types
import warnings
from typing import Any

from ... import protocol
from . import capture, magics, sealed, spellings, training

NNGRADE_BLOCKED = (
    "nngrade cannot be imported from a submission: your notebook is graded against nngrade's "
    "reference from outside it"
)

_IPYTHON_NAMES = re.compile(
    r"^(In|Out|get_ipython|exit|quit|display|_|__|___|_i+|_i\d+|_\d+|_ih|_oh|_dh)$"
)
_MAX_EVALUE = 2000
_MAX_FRAMES = 40


# --- guarding the interpreter before student code runs -------------------------------------


class ServingBudgetSpent(RuntimeError):
    """A test called nngrade's own functions more often than it serves them in one test: the
    grader reads this name (`plugin.SERVING_SPENT`), never the words."""


class NngradeBlocker:
    """A meta-path finder, first in sys.meta_path, that refuses nngrade and its subpackages."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "nngrade" or name.startswith("nngrade."):
            raise ImportError(NNGRADE_BLOCKED, name=name)
        return None

    @staticmethod
    def invalidate_caches() -> None:
        pass


def block_nngrade(source_dirs: list[str]) -> None:
    """Install the blocker and drop the editable-install finder and sys.path entries for nngrade."""
    sys.meta_path[:] = [NngradeBlocker] + [
        f
        for f in sys.meta_path
        if f is not NngradeBlocker and "__editable___nngrade" not in getattr(f, "__module__", "")
    ]
    sys.path_hooks[:] = [
        h for h in sys.path_hooks if "__editable___nngrade" not in getattr(h, "__module__", "")
    ]
    dirs = {os.path.realpath(d) for d in source_dirs}
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") not in dirs]
    sys.path_importer_cache.clear()


# --- describing values and errors ----------------------------------------------------------


def kind_of(value: Any) -> str:
    """A short word for what a name holds: function, class, module, ndarray, int, float, ..."""
    t = type(value)
    if t is types.ModuleType or issubclass(t, types.ModuleType):
        return "module"
    if issubclass(t, type):
        return "class"
    if t in (types.FunctionType, types.BuiltinFunctionType, types.MethodType, functools.partial):
        return "function"
    np = sys.modules.get("numpy")
    if np is not None:
        if issubclass(t, np.ndarray):
            return "ndarray"
        if issubclass(t, np.bool_):
            return "bool"
        if issubclass(t, np.integer):
            return "int"
        if issubclass(t, np.floating):
            return "float"
        if t is np.ufunc:
            return "function"
    if t in (bool, int, float, str, list, tuple, dict, set, complex, bytes):
        return t.__name__
    if value is None:
        return "None"
    return t.__name__


def _safe_str(value: Any) -> str:
    try:
        text = str(value)
    except BaseException:  # a student's __str__ may raise anything
        return "<the message could not be shown>"
    if type(text) is not str:
        return "<the message could not be shown>"
    return text if len(text) <= _MAX_EVALUE else text[:_MAX_EVALUE] + " [...]"


class _Described(Exception):
    """A failure reply, raised inside a request handler and sent as `failed`."""

    def __init__(self, **fields: Any) -> None:
        super().__init__(fields.get("kind", ""))
        self.fields = fields


def _refused(e: protocol.Unsupported) -> _Described:
    """A value that cannot cross, said as data: the grader writes `key` with `fields`."""
    return _Described(kind="refused", why=str(e), type_name=e.type_name, key=e.key, fields=e.fields)


# --- the worker ----------------------------------------------------------------------------


class Worker:
    """The student's namespace and the request loop over the protocol socket."""

    def __init__(self, sock: socket.socket, config: dict[str, Any], shell: Any = None) -> None:
        self.sock = sock
        self.config = config
        self.caps = protocol.Caps(**config.get("caps", {}))
        self.pid = os.getpid()
        self.capture = capture.Capture(int(config.get("max_output_bytes", 64 * 1024)))
        if shell is not None:
            from IPython.display import display

            self.module = shell.user_module
            self.module.__dict__.setdefault("display", display)
        else:
            self.module = types.ModuleType("__main__")
            self.module.__dict__["__builtins__"] = builtins
            self.module.__dict__["display"] = _display
        if config.get("module_file"):
            self.module.__file__ = os.path.join(os.getcwd(), config["module_file"])
        sys.modules["__main__"] = self.module
        self.ns = self.module.__dict__
        self.syntax = magics.Syntax(self.module, shell)
        if shell is None:
            self.ns["get_ipython"] = self.syntax.ensure_shell
        self.baseline = {k: id(v) for k, v in self.ns.items()}
        self.filenames: set[str] = set()
        self.models = 0
        # The last real number each top-level name held at the end of a cell (issue 21): the
        # 1-D descent's `x`, even after the 2-D lab reused the name for an array.
        self.numbers: dict[str, Any] = {}
        # The interpreter state student code may change, and the worker's own copy of it.
        self.own_builtins = dict(builtins.__dict__)
        self.student_builtins: dict[str, Any] | None = None
        self.own_recursion_limit = sys.getrecursionlimit()
        self.student_recursion_limit = self.own_recursion_limit
        # Removed library spellings of the lecture (np.int, lr=), run as today's (issue 13).
        self.spellings = spellings.Spellings(self._student_place)
        # The student's own top-level training bounded, Keras's datasets offline (issue 21).
        self.training = training.Training(self._student_place)
        self.training.install()
        self.spellings.install(self.training.watch())

    def _student_place(self) -> tuple[str, int] | None:
        """(filename, line) of the innermost frame of the student's code, if any."""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename in self.filenames:
                return frame.f_code.co_filename, frame.f_lineno
            frame = frame.f_back
        return None

    # The worker's code runs with its own builtins; the student's with theirs (a student who
    # replaces builtins.isinstance breaks only their own code, not the answers' encoding).

    def _enter_student(self) -> None:
        if self.student_builtins is not None:
            _swap_dict(builtins.__dict__, self.student_builtins)
        sys.setrecursionlimit(self.student_recursion_limit)

    def _leave_student(self) -> None:
        if os.getpid() != self.pid:
            os._exit(0)  # a child forked by student code must not answer the grader
        sys.settrace(None)
        sys.setprofile(None)
        self.student_recursion_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(self.own_recursion_limit)
        self.student_builtins = dict(builtins.__dict__)
        _swap_dict(builtins.__dict__, self.own_builtins)
        sys.stdout, sys.stderr = self.capture.stdout, self.capture.stderr

    def _as_student(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        self._enter_student()
        try:
            return fn(*args, **kwargs)
        finally:
            self._leave_student()

    # --- the loop ------------------------------------------------------------------------

    def serve(self) -> None:
        """Answer requests until told to exit or the grader goes away."""
        handlers = {
            "run": self.run_cell,
            "names": self.names,
            "call": self.call,
            "get": self.get,
            "keras": self.keras_model,
        }
        while True:
            try:
                header, buffers = protocol.recv(self.sock, self.caps)
            except protocol.ProtocolError:
                return
            op = header.get("op")
            if op == "exit":
                return
            handler = handlers.get(op)
            try:
                if handler is None:
                    raise _Described(kind="internal", why=f"unknown request {op!r}")
                reply, reply_buffers = handler(header, buffers)
            except _Described as failure:
                reply, reply_buffers = {"op": "failed", **failure.fields}, []
            except Exception as e:  # a bug of ours, or a student value that broke the codec
                reply, reply_buffers = {"op": "failed", "kind": "internal", "why": _safe_str(e)}, []
            reply["output"] = self.capture.take()
            used = self.spellings.take_new()
            if used:
                reply["spellings"] = used
            if self.syntax.take_made_shell():
                reply["shell"] = True  # the fork server may preload IPython for the next worker
            try:
                protocol.send(self.sock, reply, reply_buffers)
            except protocol.ProtocolError:
                return

    # --- cells ---------------------------------------------------------------------------

    def run_cell(self, header: dict[str, Any], _buffers: list[memoryview]) -> tuple[dict, list]:
        index, source, filename = (
            int(header["cell"]),
            str(header["source"]),
            str(header["filename"]),
        )
        self.filenames.add(filename)
        started = time.monotonic()
        error, notes = None, []
        try:
            code, prepared = self.syntax.prepare(source, index, filename)
            notes = prepared.notes
            _remember_source(filename, source)
            with self.capture:
                self._as_student(exec, code, self.ns)
        except BaseException as e:  # SystemExit and KeyboardInterrupt are cell errors too
            error = self.describe(e)
        notes = notes + self.syntax.take_runtime_notes()
        notes += [{**note, "cell": index} for note in self.training.take_notes()]
        self._remember_numbers()
        _close_figures()
        reply = {
            "op": "ran",
            "cell": index,
            "error": error,
            "notes": notes,
            "duration": time.monotonic() - started,
        }
        return reply, []

    def describe(self, exc: BaseException) -> dict[str, Any]:
        """ename, evalue and the student's own traceback lines (no worker or library frames)."""
        etype = type(exc)
        ename = etype.__name__ if type(etype.__name__) is str else "Exception"
        lines: list[str] = []
        try:
            frames = [
                f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.filenames
            ]
            if frames:
                lines.append("Traceback (most recent call last):")
                summary = traceback.StackSummary.from_list(frames[-_MAX_FRAMES:])
                lines.extend(
                    line for chunk in summary.format() for line in chunk.rstrip("\n").split("\n")
                )
            if issubclass(etype, SyntaxError):
                only = traceback.format_exception_only(etype, exc)
                lines.extend(line for chunk in only for line in chunk.rstrip("\n").split("\n"))
            else:
                lines.append(f"{ename}: {_safe_str(exc)}" if _safe_str(exc) else ename)
        except BaseException:
            lines.append(ename)
        evalue = _safe_str(exc)
        if issubclass(etype, SyntaxError) and isinstance(exc, SyntaxError):
            evalue = f"{exc.msg} (line {exc.lineno})" if exc.lineno else _safe_str(exc.msg)
        return {"ename": ename, "evalue": evalue, "traceback": lines}

    # --- names and values ----------------------------------------------------------------

    def names(self, _header: dict[str, Any], _buffers: list[memoryview]) -> tuple[dict, list]:
        out = {}
        for name, value in list(self.ns.items()):
            if name.startswith("__") and name.endswith("__"):
                continue
            if self.baseline.get(name) == id(value) or _IPYTHON_NAMES.match(name):
                continue
            out[name] = kind_of(value)
        signatures = {n: signature_of(self.ns[n]) for n, k in out.items() if k == "function"}
        signatures.update(self._method_signatures(out))
        reply = {
            "op": "names",
            "names": out,
            "signatures": {n: s for n, s in signatures.items() if s},
        }
        return reply, []

    def _lookup(self, name: str, *, callable_: bool) -> Any:
        head = name.partition(".")[0]
        if "." in name and _student_class(self.ns.get(head)) is not None:
            value = self._method(name)  # "MLP.predict": a method of the student's class (issue 21)
        elif "." in name:  # "np.tanh": a function of a module the submission imported (issue 13)
            value = self._module_attribute(name)
        elif name not in self.ns or self.baseline.get(name) == id(self.ns[name]):
            raise _Described(kind="not_defined")
        else:
            value = self.ns[name]
        if callable_ and not callable(value):
            method = _object_method(value)  # a gate built as an object: its one method
            if method is None:
                raise _Described(kind="not_callable", what=kind_of(value))
            value = getattr(value, method)
        return value

    def _remember_numbers(self) -> None:
        for name, value in list(self.ns.items()):
            if _real_number(value) and self.baseline.get(name) != id(value):
                self.numbers[name] = value

    # --- methods of the student's classes (issue 21) -------------------------------------

    def _method_signatures(self, kinds: dict[str, str]) -> dict[str, Any]:
        """ "Class.method" -> the method's signature (without `self`; `reads` also holds the
        attributes it reads as "self.NAME"), for each class the submission defines; and for
        each instance of such a class that answers a call (`AND = Gate(...)`), its name ->
        the signature of the method a call runs."""
        out: dict[str, Any] = {}
        for name, kind in kinds.items():
            value = self.ns[name]
            cls = _student_class(value) if kind == "class" else None
            if cls is not None:
                for attr, fn in _class_functions(cls).items():
                    if not attr.startswith("_") or attr == "__call__":
                        out[f"{name}.{attr}"] = signature_of(fn, method=True)
            elif _student_class(type(value)) is not None:
                method = _object_method(value)
                fn = _class_functions(type(value)).get(method or "")
                if fn is not None:
                    out[name] = signature_of(fn, method=True)
        return {k: v for k, v in out.items() if v}

    def _method(self, dotted: str) -> Any:
        """`MLP.predict`: the method of a copy of an instance the submission made of `MLP`,
        else of `MLP()` (its class called with no arguments); run as the student's code."""
        head, _, attr = dotted.partition(".")
        cls = self.ns[head]
        if "." in attr or attr not in _class_functions(cls):
            raise _Described(kind="not_defined")
        existing = [
            v for k, v in self.ns.items() if type(v) is cls and self.baseline.get(k) != id(v)
        ]
        try:
            with self.capture:
                if existing:
                    try:
                        instance = self._as_student(copy.deepcopy, existing[0])
                    except Exception:  # it cannot be copied: the instance itself
                        instance = existing[0]
                else:
                    instance = self._as_student(cls)
        except BaseException as e:
            raise _Described(kind="raised", **self.describe(e)) from None
        return getattr(instance, attr)

    def get(self, header: dict[str, Any], _buffers: list[memoryview]) -> tuple[dict, list]:
        name = str(header["name"])
        if header.get("last_number") is True and name in self.numbers:
            current = self.ns.get(name)
            if not _real_number(current):  # reused for something else: the number it held
                enc = protocol.Encoder(self.caps)
                return {"op": "value", "value": enc.encode(self.numbers[name])}, enc.buffers
        value = self._lookup(name, callable_=False)
        if "attributes" in header:
            value = self._attributes(value, header["attributes"])
        enc = protocol.Encoder(self.caps)
        try:
            encoded = enc.encode(value)
        except protocol.Unsupported as e:
            raise _refused(e) from None
        return {"op": "value", "value": encoded}, enc.buffers

    def call(self, header: dict[str, Any], buffers: list[memoryview]) -> tuple[dict, list]:
        """Call a student function on the arguments sent.

        For a function written in the lecture's global style (issue 13), the grader also sends
        `globals` (name -> value, set in the namespace for the call and read back after it,
        then restored) and `cap_loop` (a number of epochs: the first `range(...)` that the
        function itself calls is cut to that many iterations). The reply then carries
        `globals_after` ([name, value, changed] for each) and `loop` (what the cap found).
        """
        fn = self._lookup(str(header["name"]), callable_=True)
        args = protocol.decode(header["args"], buffers, self.caps)
        kwargs = protocol.decode(header["kwargs"], buffers, self.caps)
        bound = (
            protocol.decode(header["globals"], buffers, self.caps) if "globals" in header else {}
        )
        keyed = list(enumerate(args)) + list(kwargs.items())
        before = [protocol.fingerprint(v, self.caps) for _, v in keyed]
        bindings = GlobalBindings(self.ns, bound, fn, header.get("cap_loop"))
        try:
            if type(header.get("trusted")) is dict:
                budget = header.get("trusted_calls")
                answers = sealed.Answers.from_header(header.get("sealed"), buffers, self.caps)
                bindings.stand_in(
                    header["trusted"],
                    self._ask_trusted,
                    budget if type(budget) is int else 0,
                    answers,
                )
            bound_before = {k: protocol.fingerprint(v, self.caps) for k, v in bound.items()}
            try:
                with self.capture:
                    value = self._as_student(fn, *args, **kwargs)
            except BaseException as e:
                raise _Described(kind="raised", **self.describe(e)) from None
            returned = _returned_attributes(fn, value, header.get("returns"))
            if returned is not None:
                value = tuple(v for _, v in returned)
            enc = protocol.Encoder(self.caps)
            try:
                encoded = enc.encode(value)
            except protocol.Unsupported as e:
                raise _refused(e) from None
            after = []
            for (key, arg), fingerprint in zip(keyed, before, strict=True):
                changed = protocol.fingerprint(arg, self.caps) != fingerprint
                if changed or header.get("want_args"):
                    try:
                        after.append([key, enc.encode(arg), changed])
                    except protocol.Unsupported:
                        after.append([key, None, True])
            reply = {"op": "value", "value": encoded, "after": after}
            if returned is not None:
                reply["returned_attributes"] = [name for name, _ in returned]
            if bound or bindings.cap is not None:
                reply["globals_after"] = bindings.read_back(enc, bound_before, self.caps)
                reply["loop"] = bindings.loop
            return reply, enc.buffers
        finally:
            bindings.restore()

    def _attributes(self, obj: Any, names: Any) -> dict[str, Any]:
        """{attribute: value} of a student's object (a fitted `reg`'s `coef_`, issue 21): read
        as the student (a property is student code); one that is missing is left out."""
        if type(names) is not list or not all(type(n) is str and n.isidentifier() for n in names):
            raise _Described(kind="internal", why="attributes must be a list of names")
        out: dict[str, Any] = {}
        for name in names[:20]:
            try:
                with self.capture:
                    out[name] = self._as_student(getattr, obj, name)
            except AttributeError:
                continue
            except BaseException as e:
                raise _Described(kind="raised", **self.describe(e)) from None
        return out

    def _ask_trusted(self, name: str, args: list[Any]) -> Any:
        """A reverse call: send the template's arguments, wait for the grader's trusted value."""
        enc = protocol.Encoder(self.caps)
        encoded = enc.encode(args)
        protocol.send(self.sock, {"op": "trusted", "name": name, "args": encoded}, enc.buffers)
        header, buffers = protocol.recv(self.sock, self.caps)
        if header.get("op") != "trusted_value":
            why = _safe_str(header.get("why", "no answer"))
            raise RuntimeError(f"nngrade's own {name} could not run on these arguments: {why}")
        return protocol.decode(header.get("value"), buffers, self.caps)

    def _module_attribute(self, dotted: str) -> Any:
        """`np.tanh`: only an attribute of a module the submission bound to a name."""
        head, _, attr = dotted.partition(".")
        module = self.ns.get(head)
        if type(module) is not types.ModuleType or "." in attr:
            raise _Described(kind="not_defined")
        value = module.__dict__.get(attr)
        if value is None:
            raise _Described(kind="not_defined")
        return value

    def keras_model(self, header: dict[str, Any], buffers: list[memoryview]) -> tuple[dict, list]:
        if header.get("value") is True:  # a model the top-level code left in a global (issue 21)
            model = self._lookup(str(header["name"]), callable_=False)
        else:
            fn = self._lookup(str(header["name"]), callable_=True)
            args = protocol.decode(header["args"], buffers, self.caps)
            kwargs = protocol.decode(header["kwargs"], buffers, self.caps)
            try:
                with self.capture:
                    model = self._as_student(fn, *args, **kwargs)
            except BaseException as e:
                raise _Described(kind="raised", **self.describe(e)) from None
        keras = sys.modules.get("keras")
        if keras is None or not isinstance(model, keras.Model):
            name = type(model).__name__
            raise _Described(
                kind="refused",
                why=f"a {name}; return a Keras model",
                type_name=name,
                key="refused.not_keras",
                fields={"name": name},
            )
        self.models += 1
        path = os.path.join(os.getcwd(), f".nngrade-model-{self.models}.keras")
        try:
            with self.capture:
                self._as_student(model.save, path)
            with open(path, "rb") as f:
                data = f.read()
        except BaseException as e:
            raise _Described(kind="raised", **self.describe(e)) from None
        finally:
            if os.path.exists(path):
                os.remove(path)
        enc = protocol.Encoder(self.caps)
        try:
            encoded = enc.encode(protocol.KerasArchive(data))
        except protocol.Unsupported as e:
            raise _Described(
                kind="refused",
                why=f"a model whose archive is {e}",
                type_name="Model",
                key="refused.model_archive",
                fields={"why": {"key": e.key, "fields": e.fields} if e.key else str(e)},
            ) from None
        return {"op": "value", "value": encoded}, enc.buffers


# --- the lecture's global style (issue 13): signatures, bound globals, a capped epoch loop ---

_GLOBAL_OPS = {"LOAD_GLOBAL": "reads", "LOAD_NAME": "reads", "STORE_GLOBAL": "writes"}


_ATTRIBUTE_OPS = {"LOAD_ATTR": "reads", "LOAD_METHOD": "reads", "STORE_ATTR": "writes"}


def signature_of(fn: Any, *, method: bool = False) -> dict[str, Any] | None:
    """A plain function's parameters and the global names its code (and nested code) reads
    and writes, as plain data for the grader; None for anything else (a ufunc, a class).

    `method`: a function of a class, whose first parameter (`self`) is left out and whose
    attributes of `self` read and written are listed too, as "self.NAME" (issue 21)."""
    if type(fn) is staticmethod:
        fn, method = fn.__func__, False
    if type(fn) is not types.FunctionType:
        return None
    code = fn.__code__
    names = code.co_varnames
    params = list(names[: code.co_argcount])
    kwonly = list(names[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
    this = params.pop(0) if method and params else None
    found: dict[str, set[str]] = {"reads": set(), "writes": set()}
    stack, seen = [code], 0
    while stack and seen < 200:  # nested functions, lambdas and comprehensions too
        current = stack.pop()
        seen += 1
        try:
            previous = None
            for ins in dis.get_instructions(current):
                where = _GLOBAL_OPS.get(ins.opname)
                if where is not None and type(ins.argval) is str:
                    found[where].add(ins.argval)
                on_self = current is code and this is not None and previous is not None
                if on_self and previous.opname == "LOAD_FAST" and previous.argval == this:
                    where = _ATTRIBUTE_OPS.get(ins.opname)
                    if where is not None and type(ins.argval) is str:
                        found[where].add(f"self.{ins.argval}")
                previous = ins
        except Exception:  # a code object dis cannot read: say nothing about it
            pass
        stack.extend(c for c in current.co_consts if type(c) is types.CodeType)
    return {
        "params": params,
        "kwonly": kwonly,
        "defaults": len(fn.__defaults__ or ()) if type(fn.__defaults__) is tuple else 0,
        "varargs": bool(code.co_flags & 0x04),
        "varkw": bool(code.co_flags & 0x08),
        "lambda": code.co_name == "<lambda>",
        "reads": sorted(found["reads"]),
        "writes": sorted(found["writes"]),
    }


_MISSING = object()


class GlobalBindings:
    """The globals set for one call of a global-style function, and the epoch-loop cap.

    The cap: while the call runs, `range` in the student's namespace is a function that cuts
    the first `range(...)` called directly from the function's own frame (the lecture's
    `for i in range(90000)`) to `cap` iterations; every other call is the builtin `range`.
    It returns a real `range`, so the loop runs exactly as written, only shorter.
    """

    def __init__(self, ns: dict[str, Any], bound: dict[str, Any], fn: Any, cap: Any) -> None:
        self.ns = ns
        # A method's "self.NAME" is an attribute of its instance (issue 21), set the same way.
        self.owner = fn.__self__ if type(fn) is types.MethodType else None
        self.attributes: dict[str, Any] = {}
        bound = dict(bound)
        for name in [n for n in bound if n.startswith("self.")]:
            value, attr = bound.pop(name), name[len("self.") :]
            if self.owner is not None:
                self.attributes[attr] = getattr(self.owner, attr, _MISSING)
                setattr(self.owner, attr, value)
        self.saved = {name: ns.get(name, _MISSING) for name in bound}
        self.cap = int(cap) if type(cap) is int and cap >= 0 else None
        self.loop: dict[str, Any] = {"found": False}
        self.served: dict[str, int] = {"calls": 0, "budget": 0}
        ns.update(bound)
        function = fn.__func__ if type(fn) is types.MethodType else fn
        if self.cap is not None and type(function) is types.FunctionType:
            self.saved.setdefault("range", ns.get("range", _MISSING))
            ns["range"] = self._capped_range(function.__code__)

    def stand_in(
        self, trusted: dict[str, Any], ask: Any, budget: int, answers: sealed.Answers | None
    ) -> None:
        """Replace each named student function, for this call, by a stand-in that asks the
        grader for the trusted value: the template's arguments are gathered by `recipe`
        (["param", name]: the student's argument of that name; ["global", name]: the global
        as it is at that moment, as the student's own function would have read it). A call
        found among the `answers` sealed ahead is answered here, without asking."""
        self.served = {"calls": 0, "budget": budget}
        for name, recipe in trusted.items():
            original = self.ns.get(name)
            if type(name) is not str or type(original) is not types.FunctionType:
                continue
            self.saved.setdefault(name, original)
            self.ns[name] = self._stand_in(name, original, recipe, ask, answers)

    def _stand_in(self, name: str, original: Any, recipe: list[Any], ask: Any, answers: Any) -> Any:
        ns, served = self.ns, self.served
        # The student function's parameters, read from its code object (not inspect.signature,
        # which would consult a `__signature__` the student may have set).
        code = original.__code__
        positional = code.co_varnames[: code.co_argcount]
        defaults = original.__defaults__ if type(original.__defaults__) is tuple else ()
        kwdefaults = original.__kwdefaults__ if type(original.__kwdefaults__) is dict else {}
        defaulted = dict(zip(positional[len(positional) - len(defaults) :], defaults, strict=True))
        # The usual call passes every parameter by position: each value is then read by its
        # index (thousands of calls in one served `fit`, issue 23). -1: a global.
        by_index = {param: i for i, param in enumerate(positional)}
        plan = [(by_index.get(key, -2) if kind == "param" else -1, key) for kind, key in recipe]
        # -2: a keyword-only parameter, found only by binding the whole call (below)
        taken = plan if all(i != -2 for i, _ in plan) else None
        every = len(positional)

        def trusted(*args: Any, **kwargs: Any) -> Any:
            served["calls"] += 1
            if served["calls"] > served["budget"]:
                raise ServingBudgetSpent(
                    f"nngrade serves its own {name} at most {served['budget']} times in one test"
                )
            if taken is not None and not kwargs and len(args) == every:
                values = [args[i] if i >= 0 else ns[key] for i, key in taken]
            else:
                bound = {
                    **defaulted,
                    **kwdefaults,
                    **dict(zip(positional, args, strict=False)),
                    **kwargs,
                }
                values = [bound[key] if kind == "param" else ns[key] for kind, key in recipe]
            if answers is not None:
                found, value = answers.open(name, values)
                if found:
                    return value
            return ask(name, values)

        trusted.__name__ = trusted.__qualname__ = name
        return trusted

    def _capped_range(self, target: types.CodeType) -> Any:
        loop, cap, real_range, getframe = self.loop, self.cap, builtins.range, sys._getframe

        def range(*args: Any) -> Any:  # noqa: A001 - it stands in for the builtin
            r = real_range(*args)
            if not loop["found"] and getframe(1).f_code is target:
                loop.update(found=True, length=len(r), ran=min(len(r), cap))
                return r[:cap]
            return r

        return range

    def read_back(
        self, enc: protocol.Encoder, before: dict[str, Any], caps: protocol.Caps
    ) -> list[list[Any]]:
        """[name, value, changed] for each bound global, as it is after the call."""
        out = []
        for name, fingerprint in before.items():
            if name.startswith("self."):
                value = getattr(self.owner, name[len("self.") :], None)
            else:
                value = self.ns.get(name)
            changed = protocol.fingerprint(value, caps) != fingerprint
            try:
                out.append([name, enc.encode(value), changed])
            except protocol.Unsupported:
                out.append([name, None, True])
        return out

    def restore(self) -> None:
        """Put the student's own globals back, so each call starts from the same namespace."""
        for name, value in self.saved.items():
            if value is _MISSING:
                self.ns.pop(name, None)
            else:
                self.ns[name] = value
        for attr, value in self.attributes.items():
            with contextlib.suppress(Exception):  # the student's __setattr__ may refuse
                if value is _MISSING:
                    delattr(self.owner, attr)
                else:
                    setattr(self.owner, attr, value)


# --- the student's classes (issue 21) --------------------------------------------------------

OBJECT_METHODS = ("predict", "forward", "output", "activate", "compute", "calculate", "run")
"""The method a call of a non-callable object runs when its class has several (a gate built as
an object, `AND = Perceptron(0.5, 0.5, 0.7)`, answers `AND(x1, x2)` with `AND.predict`)."""


def _student_class(value: Any) -> type | None:
    """`value` when it is a class the submission's code defined, else None."""
    if isinstance(value, type) and value.__module__ == "__main__":
        return value
    return None


def _class_functions(cls: type) -> dict[str, Any]:
    """The functions of a student class and of its student base classes, by name (read from
    the classes' dicts: no attribute lookup that could run the student's code)."""
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if _student_class(klass) is None:
            continue
        for name, value in vars(klass).items():
            if type(value) in (types.FunctionType, staticmethod):
                out[name] = value
    return out


def _object_method(value: Any) -> str | None:
    """The method that a call of an instance of a student class runs: `__call__`, its one
    public method, else the first of `OBJECT_METHODS` it has; None for anything else."""
    cls = _student_class(type(value))
    if cls is None:
        return None
    functions = _class_functions(cls)
    if "__call__" in functions:
        return "__call__"
    public = [n for n in functions if not n.startswith("_")]
    if len(public) == 1:
        return public[0]
    return next((n for n in OBJECT_METHODS if n in functions), None)


def _returned_attributes(fn: Any, value: Any, wanted: Any) -> list[tuple[str, Any]] | None:
    """For a method that returned None or its instance, and `wanted` (a list of lists of
    names): (name, value) of the instance's first attribute of each list; None when it has
    no attribute of one of the lists, or for anything else."""
    if type(fn) is not types.MethodType or type(wanted) is not list or not wanted:
        return None
    owner = fn.__self__
    if value is not None and value is not owner:
        return None
    try:
        attributes = {str(k).casefold(): (k, v) for k, v in vars(owner).items()}
    except TypeError:  # no __dict__
        return None
    out = []
    for names in wanted:
        found = next(
            (
                attributes[n.casefold()]
                for n in names
                if type(n) is str and n.casefold() in attributes
            ),
            None,
        )
        if found is None:
            return None
        out.append(found)
    return out


def _real_number(value: Any) -> bool:
    """A Python or NumPy real number (not a bool): what a top-level numeric loop leaves."""
    t = type(value)
    if t in (int, float):
        return True
    np = sys.modules.get("numpy")
    return np is not None and issubclass(t, np.integer | np.floating)


def _swap_dict(target: dict[str, Any], source: dict[str, Any], _len: Any = len) -> None:
    """Make `target` hold what `source` holds (twice per request: the builtins). Its keys are
    a superset of `source`'s after the update, so only a longer one has keys to remove, and
    it is never without a key that `source` has. `len` is bound when the worker loads: the
    student's builtins are in place while this runs."""
    target.update(source)
    if _len(target) != _len(source):
        for key in target.keys() - source.keys():
            del target[key]


def _remember_source(filename: str, source: str) -> None:
    """Let tracebacks show the student's line text for `<cell 4>`.

    A module's statements come one at a time under the module's file name, each padded with
    blank lines to its place: they are laid over the lines already known, so a traceback
    through a function defined by an earlier statement still shows its lines."""
    lines = source.splitlines(True)
    known = linecache.cache.get(filename)
    if known and isinstance(known[2], list):
        merged = list(known[2]) + [""] * max(0, len(lines) - len(known[2]))
        for i, line in enumerate(lines):
            if line.strip():
                merged[i] = line
        lines = merged
    linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)


def _close_figures() -> None:
    """Close every figure after a cell, as Jupyter's inline backend does (frees memory)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        with contextlib.suppress(Exception):  # the student may have broken pyplot
            pyplot.close("all")


def _display(*objs: Any, **_kwargs: Any) -> None:
    """A minimal `display` for when IPython is not loaded: print each object's repr."""
    for obj in objs:
        print(repr(obj))


def serve(sock: socket.socket, config: dict[str, Any], shell: Any = None) -> None:
    """Set up the student namespace and answer requests on `sock` (called in the forked worker)."""
    protocol.numpy_bindings()  # bind NumPy before student code can touch it
    warnings.filterwarnings("ignore", message=".*non-interactive.*", category=UserWarning)
    if os.getcwd() not in sys.path:
        sys.path.append(os.getcwd())  # like Jupyter, a notebook can import a file it wrote
    Worker(sock, config, shell).serve()
