"""Assignments: a folder with `assignment.toml`, the student and solution notebooks, `tests/`
(the visible tests, shipped to students) and `hidden/` (the hidden tests, never shipped).

Folders are found, in this order, in the directories given with `--assignments DIR`, in the
directories of the environment variable `NNGRADE_ASSIGNMENTS` (separated by `os.pathsep`),
and in the assignments shipped with nngrade. An instructor's folder of the same id wins.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .errors import UsageError, os_reason
from .messages import LANGUAGES
from .results import Note

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "assignments"
if not (BUILTIN_DIR / "hw6").is_dir():  # installed (non-editable): nngrade/assignments
    BUILTIN_DIR = Path(__file__).resolve().parent / "assignments"
ENV_VAR = settings.ASSIGNMENTS.name


@dataclass(frozen=True)
class Task:
    """A gradable part of an assignment, with its points and a one-line description."""

    name: str
    points: float
    description: dict[str, str]
    names: tuple[str, ...] = ()
    """The names the student defines for this task (functions, variables)."""

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get("en", "")


def squash(name: str) -> str:
    """A name up to case and underscores: `Step_Function` and `stepfunction` are one."""
    return name.casefold().replace("_", "")


@dataclass(frozen=True)
class FunctionSpec:
    """How the tests call one of the template's functions, and the lecture's other ways to write it.

    Declared in assignment.toml as `[functions.NAME]` (issue 13).
    """

    name: str
    aliases: tuple[str, ...] = ()
    """Other names that answer for it: the lecture's `actf` for `sigmoid`, or `np.tanh`."""
    params: tuple[str, ...] = ()
    """The template's parameters, in order. A student function that reads some of them as
    globals instead (the lecture's `predict(x)`) gets them set as globals for the call."""
    oracle: str = ""
    """The trusted version in `nngrade.reference` ("mlp.predict"): served to a test of another
    task whose student function calls this one, when that test failed with the student's own."""
    epochs: str = ""
    """The parameter that counts epochs: when the student's function hard-codes its epoch loop
    (`for i in range(90000)`), that loop is cut to this many iterations."""
    # Issue 21: the students' own names and the lecture's signatures, in every assignment.
    spellings: tuple[str, ...] = ()
    """Names students give it (`step_function`, `dsigmoid`), matched up to case and
    underscores: a function (or a method of a class) of one of these names answers for it."""
    one_array: bool = False
    """A function of one parameter answers too, called with the template's arguments as one
    NumPy array: the gate `AND(x)` for the template's `AND(x1, x2)`."""
    axis: str = ""
    """The parameter that names an axis (softmax's `axis`): a function without it is given the
    test's axis as its last one (`np.moveaxis`), and its result is moved back."""

    returns: tuple[str, ...] = ()
    """What it returns, by name (`slope`, `intercept`): a method that keeps its answer on its
    instance instead (`LinearRegression().fit` returning None or self) answers with the
    instance's attributes of those names or their usual synonyms (`coef_`, `intercept_`)."""

    @property
    def other_names(self) -> tuple[str, ...]:
        """Every other name that answers for it: the lecture's aliases, then the spellings."""
        return (*self.aliases, *self.spellings)


@dataclass(frozen=True)
class ValueSpec:
    """What the lecture's top-level code leaves behind that answers one of the template's
    functions by value (issue 21): the descent's final `x`, the quiver's `U, V`, a fitted
    `reg`, a Keras `model`. Declared in assignment.toml as `[values.FUNCTION]`; the tests of
    that function check the values when the function is not defined (`student.values`)."""

    function: str
    globals: tuple[str, ...]
    """Names that must all be defined for the values to answer (`["X", "Y", "U", "V"]`)."""
    optional: tuple[str, ...] = ()
    """Names read too when defined (the descent's history, under the names students use)."""
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For a global holding an object: the attributes read from it (`reg`: `coef_`, ...)."""
    keras: bool = False
    """The one global holds a Keras model: it crosses as a `.keras` archive."""
    when_defined: tuple[str, ...] = ()
    """Names that must also be defined (`fashion_mnist`: which lab the `model` belongs to)."""
    when_equal: dict[str, tuple[float, ...]] = field(default_factory=dict)
    """Globals whose values, flattened, must be these (the OR lab's targets `y`)."""
    numbers: tuple[str, ...] = ()
    """Globals that hold a number: when later code reused the name for something else (the
    2-D lab's `x = np.arange(...)`), the last number it held at the end of a cell."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the grader looks for, for messages."""
        return (*self.globals, *self.optional)


@dataclass(frozen=True)
class Assignment:
    """What `assignment.toml` declares, with paths resolved."""

    id: str
    version: str
    title: dict[str, str]
    path: Path
    tasks: tuple[Task, ...]
    student: Path
    solution: Path
    tests_dir: Path
    needs_tensorflow: bool = False
    hidden_dir: Path | None = None
    """The hidden tests (`hidden/`, or the toml's `hidden = "..."`), when this install has
    them: an instructor's copy does, a student's wheel never."""
    student_files: tuple[Path, ...] = ()
    """Files a student needs beside the notebook (`nngrade start` copies them): the toml's
    `files = [...]`, else everything under `data/`."""
    limits: dict[str, float] = field(default_factory=dict)
    """Overrides of `nngrade.sandbox.Limits` fields (notebook_timeout, memory_mb, ...)."""
    functions: dict[str, FunctionSpec] = field(default_factory=dict)
    """The template's functions that have other accepted forms, by name (`[functions.NAME]`)."""
    values: dict[str, ValueSpec] = field(default_factory=dict)
    """The template's functions that top-level code may answer by value (`[values.NAME]`)."""
    similarity_base: tuple[Path, ...] = ()
    """Code every student was given besides the starter (the lecture's), left out of the
    similarity report: `[similarity] base = [...]`, paths in the assignment folder."""

    def task(self, name: str) -> Task | None:
        return next((t for t in self.tasks if t.name == name), None)

    def describe(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en", self.id)

    def names_of(self, task: Task) -> tuple[str, ...]:
        """The names a submission may define for `task`: its `names` and their aliases
        (`actf` for `sigmoid`), for feedback markers."""
        aliases = [
            alias
            for name in task.names
            for alias in (self.functions[name].other_names if name in self.functions else ())
            if "." not in alias
        ]
        return (*task.names, *aliases)

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tasks)

    @property
    def test_dirs(self) -> tuple[Path, ...]:
        """The assignment's own test folders: the visible tests, and the hidden ones if here."""
        return (self.tests_dir,) + ((self.hidden_dir,) if self.hidden_dir else ())


def _bilingual(value: object, where: str) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise UsageError("assignment_error.not_bilingual", where=where)


def load_assignment(folder: Path) -> Assignment:
    """Read `folder/assignment.toml`. Raises UsageError naming the file on any problem."""
    toml_path = folder / "assignment.toml"
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError("batch_error.no_assignment_toml", path=folder) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        why = os_reason(exc)  # a TOML error keeps its own words (line and column)
        raise UsageError("batch_error.toml_unreadable", path=toml_path, why=why) from None
    try:
        tasks = tuple(
            Task(
                name=str(t["name"]),
                points=float(t["points"]),
                description={k: str(t[k]) for k in LANGUAGES if k in t},
                names=tuple(str(n) for n in t.get("names", ())),
            )
            for t in data["tasks"]
        )
        hidden = folder / str(data.get("hidden", "hidden"))
        if "files" in data:
            files = tuple(folder / str(f) for f in data["files"])
        else:
            files = tuple(sorted(p for p in (folder / "data").rglob("*") if p.is_file()))
        return Assignment(
            id=str(data["id"]),
            version=str(data.get("version", "1")),
            title=_bilingual(data.get("title", data["id"]), f"{toml_path}: title"),
            path=folder,
            tasks=tasks,
            student=folder / str(data.get("student", f"{data['id']}.ipynb")),
            solution=folder / str(data.get("solution", "solution.ipynb")),
            tests_dir=folder / str(data.get("tests", "tests")),
            needs_tensorflow=bool(data.get("tensorflow", False)),
            hidden_dir=hidden if hidden.is_dir() else None,
            student_files=files,
            limits={k: float(v) for k, v in data.get("limits", {}).items()},
            functions=_functions(data.get("functions", {}), toml_path),
            values=_values(data.get("values", {}), toml_path),
            similarity_base=tuple(
                folder / str(p) for p in data.get("similarity", {}).get("base", ())
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(
            "assignment_error.malformed_field", path=toml_path, field=str(exc)
        ) from None


FUNCTION_KEYS = (
    *("aliases", "params", "epochs", "oracle"),
    *("spellings", "one_array", "axis", "returns"),  # issue 21
)
"""The keys of a `[functions.NAME]` table."""


def _functions(table: object, toml_path: Path) -> dict[str, FunctionSpec]:
    """`[functions.NAME]` tables: `aliases`, `params` (lists of names), `epochs` (a parameter),
    `oracle` (a function of `nngrade.reference`, as "module.function"); issue 21's
    `spellings` and `returns` (lists of names), `one_array` (true or false) and `axis` (a
    parameter)."""
    if not isinstance(table, dict):
        raise UsageError("assignment_error.functions_not_tables", path=toml_path)
    out = {}
    for name, spec in table.items():
        where = f"{toml_path}: [functions.{name}]"
        if not isinstance(spec, dict) or set(spec) - set(FUNCTION_KEYS):
            raise UsageError(
                "assignment_error.function_keys", where=where, keys=", ".join(FUNCTION_KEYS)
            )
        lists = {k: spec.get(k, []) for k in ("aliases", "params", "spellings", "returns")}
        if not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()
        ):
            raise UsageError("assignment_error.function_lists", where=where)
        epochs, axis = str(spec.get("epochs", "")), str(spec.get("axis", ""))
        for key, value in (("epochs", epochs), ("axis", axis)):
            if value and value not in lists["params"]:
                raise UsageError("assignment_error.not_a_param", where=where, key=key, value=value)
        if not isinstance(spec.get("one_array", False), bool):
            raise UsageError("assignment_error.one_array_bool", where=where)
        out[str(name)] = FunctionSpec(
            str(name),
            tuple(lists["aliases"]),
            tuple(lists["params"]),
            str(spec.get("oracle", "")),
            epochs,
            spellings=tuple(lists["spellings"]),
            one_array=bool(spec.get("one_array", False)),
            axis=axis,
            returns=tuple(lists["returns"]),
        )
    return out


_VALUE_KEYS = {
    "globals",
    "optional",
    "attributes",
    "keras",
    "when_defined",
    "when_equal",
    "numbers",
}


def _names_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise UsageError("assignment_error.not_names", where=where)
    return tuple(value)


def _values(table: object, toml_path: Path) -> dict[str, ValueSpec]:
    """`[values.NAME]` tables (issue 21): `globals`, `optional`, `when_defined` (lists of
    names), `attributes` (a table: global -> list of attributes), `keras` (true: the global
    holds a Keras model), `when_equal` (a table: global -> the numbers it must hold),
    `numbers` (globals read as the last number they held)."""
    if not isinstance(table, dict):
        raise UsageError("assignment_error.values_not_tables", path=toml_path)
    out = {}
    for name, spec in table.items():
        where = f"{toml_path}: [values.{name}]"
        if not isinstance(spec, dict) or set(spec) - _VALUE_KEYS or "globals" not in spec:
            raise UsageError(
                "assignment_error.value_keys", where=where, keys=", ".join(sorted(_VALUE_KEYS))
            )
        attributes = spec.get("attributes", {})
        equal = spec.get("when_equal", {})
        if not isinstance(attributes, dict) or not isinstance(equal, dict):
            raise UsageError("assignment_error.value_tables", where=where)
        try:
            when_equal = {str(k): tuple(float(x) for x in v) for k, v in equal.items()}
        except (TypeError, ValueError):
            raise UsageError("assignment_error.when_equal_numbers", where=where) from None
        globals_ = _names_list(spec["globals"], where)
        keras = bool(spec.get("keras", False))
        if keras and len(globals_) != 1:
            raise UsageError("assignment_error.keras_one_global", where=where)
        out[str(name)] = ValueSpec(
            str(name),
            globals_,
            _names_list(spec.get("optional", []), where),
            {str(k): _names_list(v, where) for k, v in attributes.items()},
            keras,
            _names_list(spec.get("when_defined", []), where),
            when_equal,
            _names_list(spec.get("numbers", []), where),
        )
    return out


def search_path(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The folders that hold assignment folders, most specific first.

    A folder given with `--assignments` that does not exist is a `UsageError`: silently
    grading with the built-in assignment of the same id instead would be worse.
    """
    dirs = [Path(d) for d in extra]
    for d in dirs:
        if not d.is_dir():
            raise UsageError("batch_error.assignments_not_folder", path=d)
    dirs += [Path(d) for d in settings.ASSIGNMENTS.get()]
    dirs.append(BUILTIN_DIR)
    return dirs


def _candidates(dirs: Iterable[Path]) -> Iterable[Path]:
    for d in dirs:
        if (d / "assignment.toml").is_file():  # the folder of one assignment itself
            yield d
        elif d.is_dir():
            yield from sorted(p for p in d.iterdir() if (p / "assignment.toml").is_file())


def list_assignments(extra: Sequence[Path | str] = ()) -> list[Assignment]:
    """Every assignment that can be found, one per id (the first found wins)."""
    seen: dict[str, Assignment] = {}
    for folder in _candidates(search_path(extra)):
        a = load_assignment(folder)
        seen.setdefault(a.id, a)
    return list(seen.values())


def find_assignment(assignment_id: str, extra: Sequence[Path | str] = ()) -> Assignment:
    """The assignment with this id, or a UsageError that lists the known ones."""
    for folder in _candidates(search_path(extra)):
        if folder.name == assignment_id:
            a = load_assignment(folder)
            if a.id == assignment_id:
                return a
    known = list_assignments(extra)
    for a in known:
        if a.id == assignment_id:
            return a
    names = ", ".join(a.id for a in known) or "none"
    raise UsageError(
        "batch_error.unknown_assignment_known_assignments", name=assignment_id, names=names
    )


def points_problems(assignment: Assignment, test_points: dict[str, float]) -> list[Note]:
    """What is wrong with the points of the assignment's own tests (visible and hidden).

    test_points: task -> the sum of the points of its tests in `tests/` and `hidden/`. A
    task's points are that sum. Without the hidden folder (a student's install) the visible
    tests may add up to less: the rest is graded by the hidden tests, elsewhere.
    """
    problems = []
    for t in assignment.tasks:
        got = test_points.get(t.name, 0.0)
        if abs(got - t.points) < 1e-9:
            continue
        if got < t.points and assignment.hidden_dir is None:
            continue
        key = "harness.points_hidden" if assignment.hidden_dir else "harness.points"
        problems.append(Note(key, {"task": t.name, "got": got, "points": t.points}))
    return problems
