"""`nngrade.check()` and `%nngrade` in a real Jupyter kernel (nbclient) and in a simulated
Colab: the same grade as `nngrade submit` of the notebook, shown as HTML in the cell (issue 25).

Each kernel runs the whole notebook, as a student does, then the check cells at its end; the
file graded is the one on disk (Jupyter) or the one the Colab stand-in sends, never the
kernel's state.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.helpers import HW6, run_nngrade

HERE = Path(__file__).parent
CHECKED = HERE / "fixtures" / "hw6_check.ipynb"
"""hw6 with the mean for ½·SSE in `loss`, then `nngrade.check()` and `%nngrade forward`."""
FAKE_COLAB = HERE / "fake_colab"
CHECK_CELL = "import nngrade\nnngrade.check()"
MAGIC_CELL = "%load_ext nngrade\n%nngrade forward"

PROBE = "from nngrade.notebook.kernel import grading_process as _p\nprint(_p().starts, _p().pid)"
"""Run after the checks, not part of the file: how often the kernel started a grading process."""
EDITED_LOSS = "def loss(y, t):\n    return 0.5 * np.sum((y - t) ** 2)"
"""The student fixes `loss` and runs the cell, but does not save: the file keeps the mean."""
GRADING_MODULES = (
    "import sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'pytest' or m in "
    "('nngrade.reference', 'nngrade.engine', 'nngrade.harness', 'nngrade.plugin', "
    "'nngrade.grader', 'nngrade.sandbox', 'nngrade.assignment')))"
)
"""Which of the modules that grade the kernel has loaded: none (the trust boundary)."""
AFTER = [
    'nngrade.check("nope")',
    "%nngrade --bogus",
    'nngrade.check("loss", lang="en")',
    GRADING_MODULES,
    PROBE,
]
"""Run after the notebook's own cells, not part of its file."""


def submitted(path: Path) -> dict:
    proc = run_nngrade("submit", path, "--format", "json", "--lang", "ko")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def submit_of_checked() -> dict:
    """`nngrade submit --format json` of the checked notebook: every copy of it the tests
    check (under another name, or sent by Colab) has its grade."""
    return submitted(CHECKED)


def run_in_kernel(
    notebook: Path, cwd: Path, env: dict[str, str], before_checks: tuple[str, ...] = ()
) -> nbformat.NotebookNode:
    """Run the notebook's cells in a fresh kernel (`before_checks` just before its two check
    cells), then the `AFTER` cells; the executed notebook."""
    nb = nbformat.read(notebook, as_version=4)
    for source in before_checks:
        nb.cells.insert(len(nb.cells) - 2, nbformat.v4.new_code_cell(source))
    nb.cells.extend(nbformat.v4.new_code_cell(source) for source in AFTER)
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute(env={**os.environ, "LANG": "C.UTF-8", **env})
    return nb


def html_of(cell: nbformat.NotebookNode) -> str:
    htmls = [o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]
    assert len(htmls) == 1, cell.outputs
    return htmls[0]


def words(html: str) -> str:
    """The text of some HTML, as a reader sees it."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def shown_score(html: str) -> str:
    match = re.search(r'id="score">([^<]+)<', html)
    assert match, html[:2000]
    return match.group(1)


def shown_tasks(html: str) -> dict[str, str]:
    """Task -> "earned/points", as the cell's task table shows them."""
    rows = re.findall(r'<td><code>([\w-]+)</code></td><td class="num">([^<]+)</td>', html)
    return dict(rows)


def points(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def graded_like_submit(html: str, results: dict) -> None:
    assert shown_score(html) == f"{points(results['score'])}/{points(results['max_score'])}"
    assert shown_tasks(html) == {
        t["name"]: f"{points(t['earned'])}/{points(t['points'])}" for t in results["tasks"]
    }


@pytest.fixture(scope="module")
def jupyter_run(tmp_path_factory, submit_of_checked) -> tuple[nbformat.NotebookNode, dict, Path]:
    """The notebook run in a Jupyter kernel started as Jupyter Server starts one for a
    notebook (JPY_SESSION_NAME is its path), and the JSON of `nngrade submit` of that file."""
    folder = tmp_path_factory.mktemp("jupyter")
    notebook = folder / "hw6_kim.ipynb"
    shutil.copyfile(CHECKED, notebook)
    env = {"JPY_SESSION_NAME": str(notebook)}
    nb = run_in_kernel(notebook, folder, env, before_checks=(EDITED_LOSS,))
    return nb, submit_of_checked, folder


def cell_of(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.source == source)


def test_check_in_a_jupyter_kernel_gives_the_grade_of_submit_as_html(jupyter_run):
    nb, results, _ = jupyter_run
    html = html_of(cell_of(nb, CHECK_CELL))
    graded_like_submit(html, results)
    assert results["score"] < results["max_score"]  # the mean costs `loss`
    # The file was graded, not the kernel's `loss` (fixed, run, not saved), and the report says so.
    assert shown_tasks(html)["loss"] == "0/1"
    assert "저장된 hw6_kim.ipynb에 없습니다" in html
    # In the notebook's language (its text is Korean), the hidden tests apart.
    assert "숨은 테스트" in html and "고칠 부분" in html
    assert "hw6_kim.ipynb" in html
    # The check lines are the front end's: neither the check nor submit records them as errors.
    assert results["cell_errors"] == []
    assert 'class="nngrade-report"' in html and "<script" not in html


def test_magic_shows_one_task_and_reuses_the_grading_process(jupyter_run):
    nb, results, _ = jupyter_run
    html = html_of(cell_of(nb, MAGIC_CELL))
    assert shown_tasks(html) == {"forward": "2/2"}
    assert shown_score(html) == "2/2"
    starts, pid = nb.cells[-1].outputs[0]["text"].split()
    assert starts == "1" and pid != "None"  # every check, one grading process, still up


def test_the_kernel_loads_nothing_that_grades(jupyter_run):
    nb, _, _ = jupyter_run
    assert cell_of(nb, GRADING_MODULES).outputs[0]["text"].strip() == "[]"


def test_a_check_that_cannot_grade_says_why_in_one_line(jupyter_run):
    nb, _, _ = jupyter_run
    unknown = words(html_of(cell_of(nb, 'nngrade.check("nope")')))
    assert "노트북을 확인하지 못했습니다: 'nope'은(는) hw6 과제의 문제가 아닙니다" in unknown
    assert "forward" in unknown
    usage = words(html_of(cell_of(nb, "%nngrade --bogus")))
    assert "`--bogus`" in usage and "Traceback" not in usage
    for cell in (cell_of(nb, 'nngrade.check("nope")'), cell_of(nb, "%nngrade --bogus")):
        assert all(o["output_type"] != "error" for o in cell.outputs)


def test_lang_chooses_the_language_of_the_report(jupyter_run):
    nb, _, _ = jupyter_run
    html = html_of(cell_of(nb, 'nngrade.check("loss", lang="en")'))
    assert shown_tasks(html) == {"loss": "0/1"}
    assert "What to fix" in html and 'lang="en"' in html


def test_the_grading_process_dies_with_the_kernel(jupyter_run):
    nb, _, _ = jupyter_run
    pid = int(nb.cells[-1].outputs[0]["text"].split()[1])
    assert pid > 0
    # nbclient has shut the kernel down: its grading process has ended too.
    assert ended(pid)


def test_check_in_a_simulated_colab_gets_the_notebook_from_the_front_end(
    tmp_path, submit_of_checked
):
    # The kernel's folder has no notebook, as in Colab (/content); Colab's front end sends it,
    # and its name (hw6.ipynb, the metadata dropped as Colab does) says the assignment.
    sent = tmp_path / "browser" / "copy_of_hw6.ipynb"
    sent.parent.mkdir()
    shutil.copyfile(CHECKED, sent)
    content = tmp_path / "content"
    content.mkdir()
    nb = run_in_kernel(
        CHECKED,
        content,
        {
            "PYTHONPATH": os.pathsep.join([str(FAKE_COLAB), os.environ.get("PYTHONPATH", "")]),
            "COLAB_RELEASE_TAG": "release-colab-fake",
            "FAKE_COLAB_NOTEBOOK": str(sent),
            "FAKE_COLAB_NAME": "hw6.ipynb",
            "NNGRADE_FORCE_UNCONFINED": "1",  # as where Colab cannot confine the code
        },
    )
    results = submit_of_checked
    html = html_of(cell_of(nb, CHECK_CELL))
    graded_like_submit(html, results)
    assert "hw6.ipynb" in html
    assert shown_tasks(html_of(cell_of(nb, MAGIC_CELL))) == {"forward": "2/2"}
    assert list(content.iterdir()) == []  # nothing written where the student works
    # Unconfined, the check warns as `nngrade submit` does, and grades the same (as root, a
    # uid of its own still confines the code, and the line says so).
    said = (
        "참고: 여기서는 bubblewrap을 쓸 수 없습니다"
        if os.geteuid() == 0
        else "경고: 여기서는 코드가 격리되지 않은 채 실행됩니다"
    )
    assert f"nngrade: {said}" in words(html)


def test_report_renders_in_headless_chromium(jupyter_run, tmp_path):
    nb, results, _ = jupyter_run
    chromium = next(
        (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))),
        None,
    )
    if chromium is None:
        pytest.skip("chromium is not installed (CI installs it: apt-get install -y chromium)")
    # The cell's output inside a page styled as a notebook's: its CSS must not leak out.
    output = html_of(cell_of(nb, CHECK_CELL))
    page = tmp_path / "cell.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "body{font:13px sans-serif;margin:0;padding:16px;background:#fff}"
        "h2.nb{color:rgb(1, 2, 3)}</style></head><body>"
        '<h2 class="nb" id="outside">In [21]: nngrade.check()</h2>'
        f'<div class="output">{output}</div></body></html>',
        encoding="utf-8",
    )
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    score = f"{points(results['score'])}/{points(results['max_score'])}"
    assert f'id="score">{score}</span>' in dom.stdout
    shot = tmp_path / "check.png"
    proc = subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", "--window-size=1000,1300", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000  # a painted report, not blank


def test_the_cell_report_styles_nothing_outside_it():
    from nngrade.render.cell import SCOPE, scope_css
    from nngrade.render.page import template

    css = scope_css(template("feedback.css") + template("cell.css"), SCOPE)
    rules = [line for line in css.splitlines() if "{" in line and not line.startswith("@media")]
    assert len(rules) > 40
    for rule in rules:
        selectors = rule.split("{")[0].split(",")
        assert all(sel.strip().startswith(SCOPE) for sel in selectors), rule


def test_without_a_notebook_file_the_kernels_cells_are_graded_with_a_note(
    tmp_path, submit_of_checked
):
    # A kernel no front end names a file for (no JPY_SESSION_NAME, no server, not Colab):
    # the cells it ran are graded, in the order they ran, and the report says so.
    solution = nbformat.read(HW6 / "solution.ipynb", as_version=4)
    code = [c for c in solution.cells if c.cell_type == "code"]
    vscode = tmp_path / "opened_in_vscode.ipynb"
    shutil.copyfile(CHECKED, vscode)
    nb = nbformat.v4.new_notebook(
        cells=[
            *code,
            nbformat.v4.new_code_cell('nngrade.check(assignment="hw6", lang="en")'),
            nbformat.v4.new_code_cell('nngrade.check(lang="en")'),  # no name says hw6
            # VS Code names the file it has open in the kernel: that file is graded.
            nbformat.v4.new_code_cell(f"__vsc_ipynb_file__ = {str(vscode)!r}"),
            nbformat.v4.new_code_cell("nngrade.check()"),
        ]
    )
    nb.cells.insert(0, nbformat.v4.new_code_cell("import nngrade"))
    path = tmp_path / "untitled.ipynb"
    nbformat.write(nb, path)
    env = {k: v for k, v in os.environ.items() if k != "JPY_SESSION_NAME"}
    client = NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env={**env, "LANG": "C.UTF-8"})
    html = html_of(nb.cells[-4])
    assert shown_score(html) == "14/14"
    assert f"this report grades the {len(code)} cells this kernel ran" in words(html)
    which = words(html_of(nb.cells[-3]))
    assert "cannot tell which assignment this is" in which
    assert 'nngrade.check(assignment="hw6")' in which
    from_vscode = html_of(nb.cells[-1])
    graded_like_submit(from_vscode, submit_of_checked)
    assert "opened_in_vscode.ipynb" in from_vscode


def test_import_nngrade_stays_cheap():
    # Students import nngrade in every notebook: `check` is there, its machinery is not loaded.
    code = (
        "import sys, nngrade; assert callable(nngrade.check); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('IPython', 'rich', 'numpy', 'ipykernel', 'pytest') or m.startswith('nngrade.')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def ended(pid: int) -> bool:
    """Whether the process has ended (gone, or a zombie its new parent has not reaped yet)."""
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_notebook_renamed_in_jupyter_is_found_through_the_servers_sessions_api(
    tmp_path, submit_of_checked
):
    # JupyterLab renames the notebook after its kernel started: JPY_SESSION_NAME names a file
    # that is gone, and the local server's sessions API knows the new name. Then the kernel is
    # killed outright (SIGKILL: no atexit), and takes its grading process with it, though
    # `import nngrade` started that process from a thread that has ended since.
    import signal
    import time
    import urllib.request

    from jupyter_client import BlockingKernelClient

    root, runtime = tmp_path / "work", tmp_path / "runtime"
    root.mkdir()
    shutil.copyfile(CHECKED, root / "Untitled.ipynb")
    port, token = free_port(), "nngrade-test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "LANG": "C.UTF-8"}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
            f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
            "--ServerApp.port_retries=0", "--allow-root",  # CI runs as root
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def api(method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/{path}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    try:
        for _ in range(200):
            try:
                api("GET", "status")
                break
            except OSError:
                time.sleep(0.1)
        session = api(
            "POST",
            "sessions",
            {"path": "Untitled.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
        )
        api("PATCH", "contents/Untitled.ipynb", {"path": "hw6_kim.ipynb"})
        api("PATCH", f"sessions/{session['id']}", {"path": "hw6_kim.ipynb"})
        client = BlockingKernelClient(
            connection_file=str(runtime / f"kernel-{session['kernel']['id']}.json")
        )
        client.load_connection_file()
        client.start_channels()
        try:
            client.kernel_info(reply=True, timeout=60)  # the kernel is up
            outputs: list[dict] = []
            for code in (CHECK_CELL, "import os\n" + PROBE + "\nprint(os.getpid())"):
                client.execute_interactive(
                    code, timeout=180, output_hook=lambda msg: outputs.append(msg["content"])
                )
        finally:
            client.stop_channels()
        html = next(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))
        graded_like_submit(html, submit_of_checked)
        assert "hw6_kim.ipynb" in html
        starts, pid, kernel = "".join(o["text"] for o in outputs if "text" in o).split()
        assert starts == "1"
        os.kill(int(kernel), signal.SIGKILL)
        for _ in range(100):
            if ended(int(pid)):
                break
            time.sleep(0.1)
        assert ended(int(pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: its shutdown is not under test
            server.kill()
            server.wait(timeout=30)


def test_interrupting_a_check_stops_its_grading_and_the_next_check_grades(tmp_path):
    # The stop button during a check: the kernel is interrupted at once, the half-done grading
    # ends with its process, and the next check starts a new one and grades.
    import time

    from jupyter_client import KernelManager

    notebook = tmp_path / "hw6_kim.ipynb"
    shutil.copyfile(CHECKED, notebook)
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env={**os.environ, "JPY_SESSION_NAME": str(notebook)}, cwd=str(tmp_path))
    client = km.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        # Imported first: a stop during `import nngrade` (a slow start on a busy machine) is
        # Python's, and would leave the next cell without `nngrade`.
        client.execute_interactive("import nngrade", timeout=60)
        # stop_on_error=False: ipykernel sends the KeyboardInterrupt's reply before it starts
        # aborting its queue, so a next cell sent at once (no person is that quick) could be
        # refused as "aborted", with no output, on a busy machine.
        asked = client.execute("nngrade.check()", stop_on_error=False)
        # Stopped once the grading is under way (its process started), however busy the machine.
        kernel_pid = km.provisioner.process.pid
        for _ in range(300):
            if _grading_children(kernel_pid):
                break
            time.sleep(0.1)
        assert _grading_children(kernel_pid), "the check never started its grading process"
        time.sleep(0.3)
        started = time.monotonic()
        km.interrupt_kernel()
        reply = client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != asked:
            reply = client.get_shell_msg(timeout=60)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - started < 3  # not the rest of the grading
        outputs: list[dict] = []
        rerun = client.execute_interactive(
            "r = nngrade.check()\n" + PROBE + "\nprint(r.score)",
            timeout=180,
            output_hook=lambda msg: outputs.append(msg["content"]),
        )
        assert rerun["content"]["status"] == "ok", rerun["content"]
        errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if "ename" in o]
        assert not errors, errors
        starts, _, score = "".join(o["text"] for o in outputs if "text" in o).split()
        assert starts == "2"
        assert float(score) == 13.0
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def _grading_children(parent: int) -> list[int]:
    """The kernel's grading processes (`python -m nngrade.notebook.server`) that are running."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"nngrade.notebook.server" in cmdline:
            found.append(int(entry.name))
    return found
