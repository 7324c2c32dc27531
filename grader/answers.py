"""How a test's call reaches the student's answer: the lecture's names and its global style.

Tests are written once, against the template's names and signatures
(`student.predict(x, W1, B1, W2, B2)`). Students of this course write the lecture's code
instead (issue 13): `actf` for `sigmoid`, `predict(x)` reading the globals `W1, B1, W2, B2`,
`fit()` with `global W1, W2, B1, B2` and a hard-coded `for i in range(90000)`. The grading
core adapts each call, for every assignment, from what `assignment.toml` declares
(`[functions.NAME]`: `aliases`, `params`, `epochs`) and what the worker reports about the
student's function (its parameters, the globals its code reads and writes):

* a name the notebook lacks is answered by a declared alias (`actf`, `np.tanh`), a declared
  spelling of the students' own (`step_function`, `dsigmoid`; issue 21), or a method of a
  class the submission defines (`MLP.predict`, called on an instance in the worker); a near
  miss (`Sigmoid`) fails with a message that names the expected name, and never names
  another of the assignment's functions (`AND` is not a misspelt `NAND`);
* a gate over one array (`AND(x)`) gets the template's arguments as one array, and a
  `softmax(x)` without `axis` gets the test's axis as its last one (`one_array`, `axis`);
* each template argument goes to the student's parameter of that name (exactly, in another
  case, or a usual synonym such as `lr`), else, in order, to a required parameter left over,
  else to a global of that name that the function's code reads (directly or through the
  student's own functions it calls); a template-shaped function is called exactly as before;
* a global gets the test's value for the call and is read back after it (the test sees it
  as the argument after the call, as for a function that works in place), then the
  student's own value is put back;
* the template's `epochs`, when the function takes no such parameter, cuts the function's
  own first `range(...)` loop to that many iterations (see `worker.GlobalBindings`), so the
  lecture's 90,000 epochs cost what the test asks for and the oracle runs the same count;
* what still cannot be called that way fails with a message that says what to change.

`Answers` also remembers, per test, which student functions a test called, so that a test
that fails because of another task's wrong function can say so (`dependency_notes`).
"""

from __future__ import annotations

import ast
import contextlib
import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from . import speculation
from .assignment import Assignment, FunctionSpec, ValueSpec, squash
from .checks import GradingFailure
from .messages import say
from .results import Note
from .sandbox import Call, NotDefined, Sandbox, SandboxFailure, Signature
from .sandbox.inside.sealed import Sealed
from .submission import syntax_tree

SYNONYMS = (
    {"learning_rate", "lr", "eta", "learningrate", "alpha", "step_size", "rate"},
    {"epochs", "epoch", "n_epochs", "num_epochs"},
    {"max_iterations", "iterations", "max_iter", "n_iter", "n_iterations", "num_iterations"}
    | {"iters", "max_iters", "steps", "n_steps", "num_steps", "epochs"},
    {"t", "target", "targets"},
    {"x0", "x", "x_0", "x_init", "init_x", "initial_x", "x_start", "start", "start_x"},
    {"gradient", "grad", "df", "dfdx", "derivative", "gradient_func", "grad_func", "grad_fn"}
    | {"gradient_fn", "gradient_function"},
    {"precision", "tolerance", "tol", "eps", "epsilon"},
    {"slope", "coef_", "coef", "coefficient", "w", "weight", "m", "a", "beta1", "theta1"},
    {"intercept", "intercept_", "b", "bias", "c", "beta0", "theta0"},
)
"""Groups of parameter names the course's students use for one template parameter (the
lecture's `x` and `lr` for `gradient_descent`'s `x0` and `learning_rate`; issue 21)."""

NEAR_SUFFIXES = ("_function", "_func", "_fn", "_fun")

SERVED_CALLS = 20_000
"""At most this many calls of a trusted function are served in one test: a count, not a time,
so that the grade does not depend on how busy the machine is (the grader's serving time is
charged to neither of the worker's clocks, see `worktime.Measure.served`). Each call is a
round trip between processes, about 0.2 ms plus the oracle's own work, unless it was answered
ahead (`nngrade.speculation`: about 8 µs in the worker); both kinds count. hw6's exact tests
need at most 24 (3 epochs of 4 samples, 2 calls each); its 2,000-epoch XOR test needs 8,000
when `fit` calls `predict` once per sample, 16,000 when it calls it twice. Past the count the
test keeps its failure and names the dependency."""


def _same(student: str, template: str, level: int) -> bool:
    """Level 0: the same name; 1: the same up to case; 2: a usual synonym. A method's
    attribute "self.W1" is the name W1 (issue 21)."""
    student = student.removeprefix("self.")
    if level == 0:
        return student == template
    if level == 1:
        return student.casefold() == template.casefold()
    folded = student.casefold()
    return any(folded in group and template in group for group in SYNONYMS)


@dataclass(frozen=True)
class Plan:
    """Where each template argument goes for one student function (indices into the template)."""

    keywords: tuple[tuple[str, int], ...] = ()
    """(student parameter, template index): passed by keyword."""
    globals: tuple[tuple[str, int], ...] = ()
    """(global name the student's code reads, template index): set for the call."""
    epochs: int | None = None
    """The template index whose value caps the function's own epoch loop."""
    missing: tuple[int, ...] = ()
    """Template arguments that go nowhere: the function cannot be called as the tests do."""
    reordered: bool = False
    """The student's parameters hold the template's in another order."""
    unread: tuple[int, ...] = ()
    """Template arguments set as globals that the function's code never reads (a forgotten bias)."""
    packed: str = ""
    """The student's one parameter that gets all the template's arguments as one array (the
    gate `AND(x)`; issue 21)."""
    axis: int | None = None
    """The template index of an axis the function has no parameter for: the test's axis of
    the first argument is moved last for the call, and the result's last axis back."""


def _synonyms(name: str) -> list[str]:
    """`name`, then its usual synonyms (the attributes that may hold a method's answer)."""
    group = next((g for g in SYNONYMS if name in g), set())
    return [name, *sorted(group - {name})]


def _one_array(spec: FunctionSpec, signature: Signature) -> str:
    """The student's parameter that takes the template's arguments as one array, or "": for
    a declared `one_array` function of one required parameter named like none of them."""
    params = list(signature["params"])
    required = len(params) - int(signature["defaults"])
    if not spec.one_array or len(spec.params) < 2 or required != 1 or signature["kwonly"]:
        return ""
    if any(_same(p, t, level) for p in params for t in spec.params for level in (0, 1, 2)):
        return ""
    return params[0]


def plan_call(spec: FunctionSpec, signature: Signature | None, reads: set[str]) -> Plan | None:
    """How to call a function of this signature with the template's arguments; None: as they are.

    `reads` are the global names the function's code reads, through the student's own
    functions too. None when the function's parameters already are the template's (same
    count, same order: names that differ only in spelling change nothing) or when nothing is
    known of the function (a builtin, `np.tanh`, `*args`).
    """
    template = list(spec.params)
    if not template or signature is None or signature["varargs"] or signature["varkw"]:
        return None
    packed = _one_array(spec, signature)
    if packed:
        return Plan(packed=packed)
    params = list(signature["params"]) + list(signature["kwonly"])
    placed: dict[int, int] = {}  # student parameter index -> template index
    for level in (0, 1, 2):
        for i, p in enumerate(params):
            if i in placed:
                continue
            free = [j for j, t in enumerate(template) if j not in placed.values()]
            match = next((j for j in free if _same(p, template[j], level)), None)
            if match is not None:
                placed[i] = match
    # A required parameter left over takes, in order, a template argument left over (what a
    # positional call would have done); one with a default keeps its default.
    required = len(signature["params"]) - int(signature["defaults"])
    for i in range(required):
        free = [j for j in range(len(template)) if j not in placed.values()]
        if i not in placed and free:
            placed[i] = free[0]
    taken = set(placed.values())
    globals_: list[tuple[str, int]] = []
    for j, t in enumerate(template):
        if j in taken:
            continue
        for level in (0, 1, 2):
            read = sorted(r for r in reads if _same(r, t, level))
            if len(read) == 1:
                globals_.append((read[0], j))
                taken.add(j)
                break
    leftover = [j for j in range(len(template)) if j not in taken]
    axis = next((j for j in leftover if j > 0 and template[j] == spec.axis), None)
    if axis is not None and 0 in taken and not globals_:  # softmax(x) for softmax(x, axis)
        leftover.remove(axis)
    else:
        axis = None
    epochs = next((j for j in leftover if template[j] == spec.epochs), None)
    unread: tuple[int, ...] = ()
    if globals_:  # the global style: what it never reads is set all the same (and noted)
        unread = tuple(j for j in leftover if j != epochs)
        globals_ += [(template[j], j) for j in unread]
        leftover = [j for j in leftover if j not in unread]
    missing = tuple(j for j in leftover if j != epochs)
    order = [placed[i] for i in sorted(placed)]
    if (
        not globals_
        and epochs is None
        and axis is None
        and not missing
        and order == list(range(len(template)))
    ):
        return None
    return Plan(
        keywords=tuple((params[i], j) for i, j in sorted(placed.items())),
        globals=tuple(globals_),
        epochs=epochs,
        missing=missing,
        reordered=order != sorted(order),
        unread=unread,
        axis=axis,
    )


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def near_misses(name: str, functions: Iterable[str], others: Iterable[str] = ()) -> list[str]:
    """The student's functions that look like a misspelt `name`: `Sigmoid`, `step_function`.

    `others` are the names of the assignment's other functions (and their other names): a
    function of one of those names, or that looks more like one of them than like `name`,
    is never a near miss of `name` (`AND` is not a misspelt `NAND`, `relu` not `elu`,
    `mean_squeared_error` not `root_mean_squared_error`; issue 21)."""
    others = set(others) - {name}
    candidates = [f for f in functions if f not in others and f != name]
    found = []
    for f in candidates:
        base = f
        for suffix in NEAR_SUFFIXES:
            if f.casefold().endswith(suffix):
                base = f[: -len(suffix)]
        if squash(base) == squash(name):
            found.append(f)
    if not found:
        close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.85)
        found = [
            f for f in close if all(_likeness(f, name) > _likeness(f, other) for other in others)
        ][:1]
    return found


@dataclass
class Answers:
    """The template-to-answer adapter for one submission (the `student` fixture uses it)."""

    assignment: Assignment
    sandbox: Sandbox
    names: dict[str, str] | None = None
    calls: list[str] = field(default_factory=list)
    """The student functions the current test called (their names in the submission)."""
    notes: list[Note] = field(default_factory=list)
    """What the current test's message should add if it fails (a capped loop that fell short)."""
    broken: set[str] = field(default_factory=set)
    """Student functions called by a test that failed (so far in this run)."""
    trusted: dict[str, list[list[str]]] = field(default_factory=dict)
    """While a test is run again: the student functions replaced by the grader's (by recipe)."""
    _said: set[Any] = field(default_factory=set)
    _specs: dict[str, FunctionSpec] | None = None
    _attributes_read: set[str] | None = None
    _unread: dict[str, list[str]] = field(default_factory=dict)
    _syntax: list[ast.Module] | None = None
    """The submission's cells parsed once, for every function looked for in them."""
    _plans: dict[str, tuple[FunctionSpec, Signature, Plan | None]] = field(default_factory=dict)
    """Each student function's call plan, made once for its signature (tests call it often)."""

    def start_test(self) -> None:
        self.calls, self.notes = [], []
        self.sandbox.new_test()  # a fresh serving budget (issue 20)

    # -- names ------------------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        if self.names is None:
            self.names = self.sandbox.names()
        return self.names

    def resolve(self, name: str, *, for_call: bool = True) -> str:
        """The submission's name for the template's `name` (itself, an alias), or a near miss
        failure. `for_call`: a call follows, so a name that is not defined is noted with the
        form the grader calls it in."""
        names = self._names()
        if name in names or name in self.sandbox.submission.defines:
            self._note_object(name, names)
            return name  # defined, or its cell failed: the usual message says which
        spec = self.assignment.functions.get(name)
        for alias in spec.aliases if spec else ():
            head, dot, _ = alias.partition(".")
            if alias in names or (
                dot and names.get(head) == "module" and self._uses(alias.rpartition(".")[2])
            ):
                return alias
        signatures = self.sandbox.signatures()
        own = self._own_name(name, spec, names, signatures)
        if own is not None:
            return own
        functions = [  # the lecture's `loss_func = lambda x: ...` is not an answer to `loss`
            n
            for n, kind in names.items()
            if kind == "function" and not (n in signatures and signatures[n]["lambda"])
        ]
        near = near_misses(name, functions, self._other_names(name))
        if near:
            call = f"{name}({', '.join(spec.params)})" if spec and spec.params else name
            where = Note.of(f"answers_where_{self.sandbox.submission.kind}")
            raise GradingFailure(
                "answers_near_miss", name=name, got=near[0], call=call, where=where
            )
        if for_call and spec and spec.params:  # the form it must take: the lecture may have none
            call = f"{name}({', '.join(spec.params)})"
            others = ", ".join(f"`{a}`" for a in spec.aliases if "." not in a)
            key = "answers_called_as_or" if others else "answers_called_as"
            self.notes.append(Note.of(key, call=call, aliases=others))
        classes = [n for n, kind in names.items() if kind == "class"]
        if for_call and classes:  # the not-defined message mentions the student's classes
            shown = ", ".join(f"`{c}`" for c in classes)
            self.notes.append(Note.of("answers_no_such_method", name=name, classes=shown))
        return name

    # -- the students' own names and classes (issue 21) -------------------------------------

    def _own_name(
        self,
        name: str,
        spec: FunctionSpec | None,
        names: dict[str, str],
        signatures: dict[str, Signature],
    ) -> str | None:
        """A declared spelling the submission uses for `name` (up to case and underscores),
        else a method of one of its classes named `name` (or an alias or spelling of it):
        "MLP.predict", called on an instance (see the worker's `_method`), with a note."""
        spellings = {squash(s) for s in spec.spellings} if spec else set()
        for n, kind in names.items():
            if squash(n) in spellings and (kind == "function" or n in signatures):
                return n
        wanted = {name, *(a for a in (spec.aliases if spec else ()) if "." not in a)}
        methods = [
            key.partition(".")
            for key in signatures
            if "." in key and names.get(key.partition(".")[0]) == "class"
        ]
        for exact in (True, False):  # `MLP.predict` before `MLP.forward` for predict
            for owner, _, method in methods:
                if method in wanted if exact else squash(method) in spellings:
                    key = f"{owner}.{method}"
                    if key not in self._said:
                        self._said.add(key)
                        self.sandbox.run_report().notes.append(
                            Note("answers_method", {"method": f"{owner}().{method}", "name": name})
                        )
                    return key
        return None

    def _note_object(self, name: str, names: dict[str, str]) -> None:
        """A note, once, for a name bound to an instance of the submission's own class that
        answers a call (a gate built as an object: `AND = Perceptron(0.5, 0.5, 0.7)`)."""
        kind = names.get(name, "")
        if names.get(kind) != "class" or name in self._said:
            return
        if name in self.sandbox.signatures():
            self._said.add(name)
            self.sandbox.run_report().notes.append(
                Note("answers_object", {"name": name, "cls": kind})
            )

    def _other_names(self, name: str) -> set[str]:
        """The names of the assignment's functions other than `name`, with their other names:
        a near miss of `name` is none of these (issue 21)."""
        spec = self.assignment.functions.get(name)
        own = {name, *(spec.other_names if spec else ())}
        out = {n for task in self.assignment.tasks for n in task.names}
        for other in self.assignment.functions.values():
            out |= {other.name, *other.other_names}
        return {n for n in out if "." not in n} - own

    def _uses(self, attribute: str) -> bool:
        """Whether the submission's code reads `.attribute` (a library function such as
        `np.tanh` answers a task only for code that uses it, never for an empty notebook, nor
        for a comment or a string that mentions it: issue 20)."""
        if self._attributes_read is None:
            self._attributes_read = attributes_read(self._parsed())
        return attribute in self._attributes_read

    def reads(self, name: str) -> set[str]:
        """The globals `name` reads, with those of the student's functions it reads (transitively)."""
        signatures = self.sandbox.signatures()
        owner = name.partition(".")[0] if "." in name else ""
        seen, todo, reads = {name}, [name], set()
        while todo:
            sig = signatures.get(todo.pop())
            for r in sig["reads"] if sig else ():
                reads.add(r)
                # a method's `self.predict(...)` reads what `MLP.predict` reads (issue 21)
                follow = f"{owner}.{r[len('self.') :]}" if owner and r.startswith("self.") else r
                if follow in signatures and follow not in seen:
                    seen.add(follow)
                    todo.append(follow)
        return {r for r in reads if owner or not r.startswith("self.")}

    # -- calls ------------------------------------------------------------------------------

    def call(
        self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], **options: Any
    ) -> Call:
        """Call the template's `name(*args, **kwargs)` on the student's answer; a template `Call`."""
        target = self.resolve(name)
        self.calls.append(target)
        spec = self.assignment.functions.get(name)
        full = _template_args(spec, args, kwargs) if spec else None
        plan = None
        if full is not None and spec is not None:
            signature = self.sandbox.signatures().get(target)
            plan = self._plan(target, spec, signature)
        owner = target.partition(".")[0] if "." in target else ""
        if spec is not None and spec.returns and self._names().get(owner) == "class":
            options = {**options, "returns": [_synonyms(r) for r in spec.returns]}
        if self.trusted:
            options = {
                **options,
                "trusted": self.trusted,
                "serve": self._serve,
                "trusted_calls": SERVED_CALLS,
                "sealed": self._answers_ahead(spec, full),
            }
        with self.looking_for_values(name):
            if plan is None or spec is None or full is None or signature is None:
                self._note_unread_parameters(target, spec)
                call = self.sandbox.call(target, *args, **options, **kwargs)
            else:
                call = self._adapted(name, target, spec, signature, plan, full, options)
        if call.attributes and (target, "returns") not in self._said:
            self._said.add((target, "returns"))
            self.sandbox.run_report().notes.append(
                Note(
                    "answers_returned_attributes",
                    {
                        "method": f"{owner}().{target.partition('.')[2]}",
                        "names": ", ".join(f"`{a}`" for a in call.attributes),
                    },
                )
            )
        return call

    def _plan(self, target: str, spec: FunctionSpec, signature: Signature | None) -> Plan | None:
        """`plan_call` for `target`, made once per signature the worker reported for it."""
        if signature is None:
            return plan_call(spec, signature, self.reads(target))
        kept = self._plans.get(target)
        if kept is None or kept[0] is not spec or kept[1] is not signature:
            plan = plan_call(spec, signature, self.reads(target))
            kept = self._plans[target] = (spec, signature, plan)
        return kept[2]

    def _parsed(self) -> list[ast.Module]:
        """The cells' syntax trees, parsed once per submission (issue 23: not once per function)."""
        if self._syntax is None:
            self._syntax = list(_trees(self.sandbox.submission.cells))
        return self._syntax

    def _note_unread_parameters(self, target: str, spec: FunctionSpec | None) -> None:
        """Name a template parameter the student's function takes but never reads (a
        forgotten bias: `predict(x, W1, B1, W2, B2)` that never reads `B1`), as the
        lecture-style version of the same bug is told (issue 24). Said only if the test fails."""
        if spec is None:
            return
        if target not in self._unread:  # the source is parsed once per function, not per call
            self._unread[target] = [
                p for p in unread_parameters(self._parsed(), target) if p in spec.params
            ]
        if unread := self._unread[target]:
            key = "answers_unread_parameter" if len(unread) == 1 else "answers_unread_parameters"
            params = ", ".join(spec.params)
            note = Note.of(
                key, call=f"{target}({params})", names=", ".join(f"`{p}`" for p in unread)
            )
            if note not in self.notes:
                self.notes.append(note)

    def _adapted(
        self,
        name: str,
        target: str,
        spec: FunctionSpec,
        signature: Signature,
        plan: Plan,
        args: list[Any],
        options: dict[str, Any],
    ) -> Call:
        shown = f"{target}({', '.join(signature['params'])})"
        wanted = f"{name}({', '.join(spec.params)})"
        if plan.packed:
            return self._packed(name, target, spec, plan, args, shown, options)
        if plan.missing:
            lacking = ", ".join(spec.params[j] for j in plan.missing)
            raise GradingFailure("answers_add_parameters", call=shown, want=wanted, missing=lacking)
        if plan.unread:
            unread = ", ".join(spec.params[j] for j in plan.unread)
            self.notes.append(Note.of("answers_unread_globals", call=shown, names=unread))
        if plan.reordered and target not in self._said:
            self._said.add(target)
            self.sandbox.run_report().notes.append(
                Note("answers_reordered", {"call": shown, "want": wanted})
            )
        keywords = {p: args[j] for p, j in plan.keywords}
        bound = {g: args[j] for g, j in plan.globals}
        moved = self._move_axis(plan, args, shown, spec)
        if moved is not None:  # the test's axis of the first argument, as its last
            first = next(p for p, j in plan.keywords if j == 0)
            keywords[first] = np.moveaxis(args[0], moved, -1)
        epochs = None
        if plan.epochs is not None:
            value = args[plan.epochs]
            epochs = int(value) if isinstance(value, int | float) else None
        want_args = bool(options.pop("want_args", False))
        call = self.sandbox.call(
            target,
            want_args=True,
            bind_globals=bound,
            cap_loop=epochs,
            **options,
            **keywords,
        )
        self._note_loop(call, shown, epochs)
        if moved is not None:
            call = _axis_back(call, moved, keywords[first].shape, first)
        return _as_template_call(call, plan, args, want_args)

    def _packed(
        self,
        name: str,
        target: str,
        spec: FunctionSpec,
        plan: Plan,
        args: list[Any],
        shown: str,
        options: dict[str, Any],
    ) -> Call:
        """A one-array function (`AND(x)`) called with the template's arguments as one array."""
        self.notes.append(
            Note.of("answers_one_array", call=shown, args=", ".join(spec.params), name=name)
        )
        want_args = bool(options.pop("want_args", False))
        call = self.sandbox.call(target, np.array(args), **options)
        return Call(
            value=call.value,
            attributes=call.attributes,
            args_after=tuple(args) if want_args else None,
            kwargs_after={} if want_args else None,
            duration=call.duration,
            stdout=call.stdout,
        )

    def _move_axis(
        self, plan: Plan, args: Sequence[Any], shown: str, spec: FunctionSpec
    ) -> int | None:
        """The test's axis to move last for a function without an axis parameter (softmax(x)),
        or None when the test's axis already is the last one; noted either way."""
        if plan.axis is None:
            return None
        axis, x = args[plan.axis], args[0]
        if shown not in self._said:
            self._said.add(shown)
            self.sandbox.run_report().notes.append(
                Note("answers_no_axis", {"call": shown, "axis": spec.axis})
            )
        if not isinstance(x, np.ndarray) or isinstance(axis, bool) or not isinstance(axis, int):
            return None
        if x.ndim < 2 or not -x.ndim <= axis < x.ndim or axis % x.ndim == x.ndim - 1:
            return None
        self.notes.append(Note.of("answers_axis_moved", call=shown, axis=axis, param=spec.axis))
        return axis % x.ndim

    def _note_loop(self, call: Call, shown: str, epochs: int | None) -> None:
        if epochs is None or call.loop is None:
            return
        if not call.loop:
            self.notes.append(Note.of("answers_no_epoch_loop", call=shown, epochs=epochs))
        elif call.loop.get("length", epochs) < epochs:
            self.notes.append(
                Note.of(
                    "answers_short_epoch_loop", call=shown, got=call.loop["length"], epochs=epochs
                )
            )

    # -- answers by value (issue 21, part A) -------------------------------------------------

    def _function_answers(self, name: str) -> bool:
        """Whether the submission defines `name`, or an alias of it, as something to call."""
        names = self._names()
        spec = self.assignment.functions.get(name)
        candidates = (name, *(a for a in (spec.aliases if spec else ()) if "." not in a))
        if any(names.get(n) in ("function", "class") for n in candidates):
            return True
        # Code that would define it, in a cell that failed: the usual message says which.
        return name not in names and name in self.sandbox.submission.defines

    def _values_there(self, spec: ValueSpec) -> bool:
        """Whether every global of `spec` is defined as a value and its conditions hold."""
        names = self._names()
        if any(names.get(g) in (None, "function", "module", "class") for g in spec.globals):
            return False
        if any(g not in names for g in spec.when_defined):  # `mnist`: a module is fine
            return False
        for g, want in spec.when_equal.items():
            try:
                got = np.asarray(self.sandbox.get(g), dtype=float).ravel()
            except Exception:  # not there, not numbers, or refused: the condition does not hold
                return False
            if got.shape != (len(want),) or not np.allclose(got, want):
                return False
        return True

    def values(self, name: str) -> dict[str, Any] | None:
        """The values that top-level code left behind and that answer the template's `name`
        (`[values.NAME]` in assignment.toml), as plain data: global -> value (a dict of the
        declared attributes for an object such as `reg`). None when the submission defines
        the function itself (its tests call it), or when those values are not all there."""
        spec = self.assignment.values.get(name)
        if spec is None or spec.keras or self._function_answers(name):
            return None
        if not self._values_there(spec):
            return None
        names = self._names()
        out: dict[str, Any] = {}
        for g in spec.globals:
            attributes = spec.attributes.get(g)
            out[g] = self.sandbox.get(
                g,
                attributes=list(attributes) if attributes else None,
                last_number=g in spec.numbers,
            )
        for g in (o for o in spec.optional if o in names):
            try:
                out[g] = self.sandbox.get(g)
            except SandboxFailure:  # an optional value that is not data: left out
                continue
        self._note_by_value(name, spec)
        return out

    def keras_model(self, name: str, *args: Any) -> Any:
        """The `.keras` archive of the model `name(*args)` returns, or, when the submission
        does not define `name`, of the model a declared global holds (the lecture's top-level
        `model`, whatever `args`)."""
        spec = self.assignment.values.get(name)
        with self.looking_for_values(name):
            if spec is None or not spec.keras or self._function_answers(name):
                return self.sandbox.keras_model(name, *args)
            if not self._values_there(spec):
                return self.sandbox.keras_model(name, *args)
            self._note_by_value(name, spec)
            return self.sandbox.keras_model(spec.globals[0], value=True)

    def _note_by_value(self, name: str, spec: ValueSpec) -> None:
        if ("values", name) in self._said:
            return
        self._said.add(("values", name))
        names = ", ".join(f"`{g}`" for g in spec.globals)
        self.sandbox.run_report().notes.append(
            Note("answers_by_value", {"name": name, "names": names})
        )

    @contextlib.contextmanager
    def looking_for_values(self, name: str) -> Iterator[None]:
        """A `NotDefined` for `name` raised inside also says which top-level values the grader
        looked for (and which of them it found)."""
        try:
            yield
        except NotDefined as exc:
            spec = self.assignment.values.get(name)
            if spec is not None and exc.name in (name, *spec.globals):
                exc.looked_for = self._looked_for(spec)  # type: ignore[attr-defined]
            raise

    def _looked_for(self, spec: ValueSpec) -> Note:
        names = self._names()
        wanted = (*spec.globals, *spec.when_defined)
        found = [
            g
            for g in wanted
            if g in spec.when_defined or names.get(g) not in (None, "function", "module", "class")
        ]
        found = [g for g in found if g in names]
        when: Note | str = ""
        if spec.when_equal:
            shown = ", ".join(
                f"`{g}` = {[int(v) if v == int(v) else v for v in want]}"
                for g, want in spec.when_equal.items()
            )
            when = Note.of("answers_values_when", names=shown)
        listed = ", ".join(f"`{g}`" for g in wanted)
        if len(found) == len(wanted) and self._values_there(spec):
            got = Note.of("answers_values_used")
        elif len(found) == len(wanted):
            got = Note.of("answers_values_other")
        elif found:
            got = Note.of("answers_values_found", names=", ".join(f"`{g}`" for g in found))
        else:
            got = Note.of("answers_values_none")
        return Note.of("answers_values_looked_for", names=listed, when=when, found=got)

    # -- one bug costs one task -------------------------------------------------------------

    def specs_by_answer(self) -> dict[str, FunctionSpec]:
        """Submission name -> the template function it answers (for functions with an oracle)."""
        if self._specs is None:
            self._specs = {}
            for spec in self.assignment.functions.values():
                if not spec.oracle:
                    continue
                try:
                    self._specs[self.resolve(spec.name, for_call=False)] = spec
                except GradingFailure:  # a near miss answers nothing
                    continue
        return self._specs

    def trustworthy(self, task: str) -> dict[str, list[list[str]]]:
        """The other tasks' student functions that the current test's calls depend on, that
        failed a test of their own earlier in the run (tests run in the order of the tasks in
        assignment.toml), and that the grader can stand in for: name -> recipe (`Sandbox.call`)."""
        owners, names, specs = self.owners(), self._names(), self.specs_by_answer()
        signatures = self.sandbox.signatures()
        out: dict[str, list[list[str]]] = {}
        for called in dict.fromkeys(self.calls):
            for dep in sorted(self.reads(called)):
                spec, sig = specs.get(dep), signatures.get(dep)
                if spec is None or sig is None or dep in out or names.get(dep) != "function":
                    continue
                if dep not in self.broken:
                    continue
                if owners.get(dep, owners.get(spec.name)) == task or dep == called:
                    continue
                recipe = _recipe(spec, sig, self.reads(dep))
                if recipe is not None:
                    out[dep] = recipe
        return out

    def _serve(self, name: str, args: list[Any]) -> Any:
        """The grader's trusted value for a stand-in's reverse call (`nngrade.reference`)."""
        spec = self.specs_by_answer().get(name)
        if spec is None or name not in self.trusted:
            raise LookupError(f"{name} is not served")
        check_served_arguments(name, args)
        return _oracle(spec.oracle)(*args)

    def _answers_ahead(self, spec: FunctionSpec | None, args: list[Any] | None) -> Sealed | None:
        """The served calls a correct version of the called function makes, answered ahead
        and sealed (`nngrade.speculation`): when the called function has an oracle too."""
        if spec is None or not spec.oracle or args is None:
            return None
        specs = self.specs_by_answer()
        served = {
            name: _oracle(specs[name].oracle)
            for name in self.trusted
            if name in specs and specs[name].oracle
        }
        if not served:
            return None
        return speculation.answers_ahead(
            _oracle(spec.oracle), args, served, limit=SERVED_CALLS, check=check_served_arguments
        )

    def owners(self) -> dict[str, str]:
        """Submission name -> the task it answers (a task's names and their aliases)."""
        out: dict[str, str] = {}
        for task in self.assignment.tasks:
            for n in self.assignment.names_of(task):
                out.setdefault(n, task.name)
        return out


SERVED_ELEMENTS = 2**16
"""Issue 20: a served call's arguments hold at most this many numbers in all..."""
SERVED_DIM = 1024
"""...each array has at most 2 dimensions of at most this length (so that no intermediate of
an oracle, a broadcast or a product of two arguments, passes a million numbers)..."""
SERVED_WORK = 10**7
"""...and the numbers times every int argument (epochs, iterations) stays under this."""


_SERVED_SCALARS = (bool, float, np.floating, np.bool_)
_SERVED_INTS = (int, np.integer)


class ServingRefused(ValueError):
    """A served call refused before it runs: `key` (a `serving.*` key of the catalog) and its
    `fields` say why; `str()` is the line in the run's language, for it crosses to the
    student's code as text (the error the stand-in raises there)."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key, self.fields = key, fields
        super().__init__(say(key, **fields))


def check_served_arguments(name: str, args: Sequence[Any]) -> None:
    """Refuse, before it runs, a served call whose arguments would make the grader's trusted
    function spend more than a test's worth of memory or time (issue 20: the student chooses
    them). `ServingRefused` (a ValueError) says why, as a key, in the report's language."""
    from .protocol import Affine, Polynomial

    arrays: list[Any] = []
    counts: list[int] = []
    for i, arg in enumerate(args, 1):
        if type(arg) is np.ndarray:  # the usual case first: thousands of calls in one test
            arrays.append(arg)
        elif isinstance(arg, _SERVED_SCALARS):
            continue
        elif isinstance(arg, _SERVED_INTS):
            counts.append(abs(int(arg)))
        elif isinstance(arg, np.ndarray):
            arrays.append(arg)
        elif isinstance(arg, Polynomial):
            arrays.append(np.asarray(arg.coefficients))
        elif isinstance(arg, Affine):
            arrays.extend(np.asarray(part) for part in (arg.A, arg.b))
        else:
            raise ServingRefused("serving.not_array", name=name, i=i, type=type(arg).__name__)
    elements = sum(a.size for a in arrays)
    too_big = elements > SERVED_ELEMENTS or any(
        a.ndim > 2 or any(n > SERVED_DIM for n in a.shape) for a in arrays
    )
    work = max(elements, 1)
    for n in counts:
        work *= max(n, 1)
    if too_big or work > SERVED_WORK:
        raise ServingRefused("serving.too_big", name=name, n=f"{max(elements, work):,}",
                             max=f"{SERVED_ELEMENTS:,}")  # fmt: skip


def _oracle(dotted: str) -> Any:
    """The reference function `module.function` of `nngrade.reference` (an assignment's `oracle`)."""
    import nngrade.reference as reference

    module, _, function = dotted.partition(".")
    return getattr(getattr(reference, module), function)


def _recipe(spec: FunctionSpec, sig: Signature, reads: set[str]) -> list[list[str]] | None:
    """How a stand-in for this student function gathers the template's arguments, in order."""
    plan = plan_call(spec, sig, reads)
    if plan is None:
        params = list(sig["params"])
        if len(params) < len(spec.params):
            return None
        return [["param", p] for p in params[: len(spec.params)]]
    if plan.missing or plan.epochs is not None:
        return None
    where = {j: ["param", p] for p, j in plan.keywords}
    where.update({j: ["global", g] for g, j in plan.globals})
    return [where[j] for j in range(len(spec.params))]


def _template_args(
    spec: FunctionSpec, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> list[Any] | None:
    """The test's arguments in the template's order; None when they are not exactly those."""
    if not spec.params or len(args) > len(spec.params) or set(kwargs) - set(spec.params):
        return None
    full = list(args) + [kwargs.get(p, _NONE) for p in spec.params[len(args) :]]
    return None if any(a is _NONE for a in full) else full


_NONE = object()


def _axis_back(call: Call, axis: int, shape: tuple[int, ...], first: str) -> Call:
    """The call as if made on the test's axis: the result's (and a changed first argument's)
    last axis moved back to `axis`, for values of the shape the function was given."""

    def back(value: Any) -> Any:
        if isinstance(value, np.ndarray) and value.shape == shape:
            return np.moveaxis(value, -1, axis)
        return value

    after = call.kwargs_after
    if after is not None and first in after:
        after = {**after, first: back(after[first])}
    return replace(call, value=back(call.value), kwargs_after=after)


def _as_template_call(call: Call, plan: Plan, args: Sequence[Any], want_args: bool) -> Call:
    """The adapted call's outcome as if the template's signature had been used."""
    where: dict[str, int] = {p: j for p, j in plan.keywords}
    where.update({f"global {g}": j for g, j in plan.globals})
    after = list(args)
    for p, j in plan.keywords:
        if call.kwargs_after is not None and p in call.kwargs_after:
            after[j] = call.kwargs_after[p]
    for g, j in plan.globals:
        if g in call.globals_after:
            after[j] = call.globals_after[g]
    mutated = tuple(sorted({where[m] for m in call.mutated if isinstance(m, str) and m in where}))
    return Call(
        value=call.value,
        mutated=mutated,
        args_after=tuple(after) if want_args else None,
        kwargs_after={} if want_args else None,
        duration=call.duration,
        stdout=call.stdout,
        loop=call.loop,
        attributes=call.attributes,
    )


def dependency_notes(
    calls: dict[str, list[str]], failed: set[str], answers: Answers
) -> dict[str, Note]:
    """For each failed test (id -> the functions it called), the note that names the student
    functions of other tasks that it depends on and that failed their own tests."""
    owners = answers.owners()
    broken = {f for test in failed for f in calls.get(test, [])}
    notes: dict[str, Note] = {}
    for test in failed:
        called = calls.get(test, [])
        own = {owners.get(f) for f in called}
        deps: list[str] = []
        for f in called:
            for r in sorted(answers.reads(f)):
                if r in broken and r not in called and owners.get(r) not in own and r not in deps:
                    deps.append(r)
        if deps:
            named = ", ".join(f"`{d}` ({owners[d]})" for d in deps)
            notes[test] = Note.of("answers_dependency_failed", names=named)
    return notes


def _trees(cells: Iterable[Any]) -> Iterator[ast.Module]:
    """Each cell's syntax tree, parsed in the grader (nothing of the student's runs): as it is,
    else with its magics blanked; a cell that parses neither way is left out. Trees given
    (`ast.Module`, parsed by an earlier call) are passed on as they are."""
    for cell in cells:
        if isinstance(cell, ast.Module):
            yield cell
            continue
        for source in (cell.source, _without_magics(cell.source)):
            tree = syntax_tree(source)
            if tree is not None:
                yield tree
                break


def attributes_read(cells: Iterable[Any]) -> set[str]:
    """The attribute names the code reads (`np.tanh(x)` reads "tanh"), from its syntax trees,
    so that a comment or a string that mentions `np.tanh` is not code that uses it."""
    found: set[str] = set()
    for tree in _trees(cells):
        with contextlib.suppress(RecursionError):
            found.update(
                n.attr
                for n in ast.walk(tree)
                if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load)
            )
    return found


def unread_parameters(cells: Iterable[Any], name: str) -> list[str]:
    """The parameters of the student's last top-level `def name(...)` that its body (nested
    functions included) never reads; [] when the function is not found, does not parse, or
    reads none of them (an unwritten `raise NotImplementedError` is not a forgotten bias).
    Read from the source with `ast`, in the grader: nothing of the student's runs here."""
    found = None
    for tree in _trees(cells):
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                found = node
    if found is None:
        return []
    params = [a.arg for a in (*found.args.posonlyargs, *found.args.args)]
    try:
        read = {
            n.id
            for stmt in found.body
            for n in ast.walk(stmt)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
    except RecursionError:
        return []
    if not read.intersection(params):
        return []
    return [p for p in params if p not in read]


def _without_magics(source: str) -> str:
    """A cell's source with its `%magic` and `!shell` lines blanked, for `ast`."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
