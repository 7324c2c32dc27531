"""Finding submissions: folders, globs, archives, and who each file belongs to."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from nngrade.batch.inputs import StudentRule, choose, discover
from nngrade.errors import UsageError


def touch(path: Path, text: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def found(tmp_path: Path, *paths: str | Path, pattern: str | None = None) -> list[tuple[str, str]]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = discover([str(p) for p in paths], rule=StudentRule.make("hw6", pattern), workdir=work)
    return [(e.rel, e.student) for e in result.entries]


def test_classroom_layout_student_is_the_repository_folder_without_the_assignment(tmp_path):
    subs = tmp_path / "submissions"
    touch(subs / "hw6-kimminsu" / "hw6.ipynb")
    touch(subs / "hw6-lee" / "notebooks" / "hw6.ipynb")
    touch(subs / "hw6-lee" / ".ipynb_checkpoints" / "hw6-checkpoint.ipynb")
    touch(subs / "hw6-lee" / ".git" / "hooks" / "x.py")
    touch(subs / "hw6-lee" / "__pycache__" / "x.py")
    touch(subs / "hw6-lee" / "README.md")
    assert found(tmp_path, subs) == [
        ("hw6-kimminsu/hw6.ipynb", "kimminsu"),
        ("hw6-lee/notebooks/hw6.ipynb", "lee"),
    ]


def test_flat_folder_student_is_the_file_name_without_the_assignment(tmp_path):
    flat = tmp_path / "flat"
    for name in ("kim_hw6.ipynb", "hw6-park.py", "HW6_choi.ipynb", "hw6.ipynb", "hw6-김민수.ipynb"):
        touch(flat / name)
    assert dict(found(tmp_path, flat)) == {
        "hw6-김민수.ipynb": "김민수",
        "HW6_choi.ipynb": "choi",
        "hw6-park.py": "park",
        "kim_hw6.ipynb": "kim",
        "hw6.ipynb": "flat",  # only the assignment's name: the folder it is in
    }


def test_a_file_named_after_the_assignment_belongs_to_its_folder(tmp_path):
    path = touch(tmp_path / "hw6-jung" / "hw6.ipynb")
    assert found(tmp_path, path) == [("hw6.ipynb", "jung")]


def test_glob_is_relative_to_its_fixed_part(tmp_path):
    touch(tmp_path / "subs" / "hw6-a" / "hw6.ipynb")
    touch(tmp_path / "subs" / "hw6-a" / "scratch.py")
    touch(tmp_path / "subs" / "hw6-b" / "hw6.ipynb")
    assert found(tmp_path, tmp_path / "subs" / "*" / "hw6.ipynb") == [
        ("hw6-a/hw6.ipynb", "a"),
        ("hw6-b/hw6.ipynb", "b"),
    ]


def test_student_pattern_wins_and_falls_back_with_a_note(tmp_path):
    subs = tmp_path / "lms"
    touch(subs / "Kim Minsu_1234_assignsubmission_file_hw6.ipynb")
    touch(subs / "odd.ipynb")
    work = tmp_path / "work"
    work.mkdir()
    rule = StudentRule.make("hw6", r"^(?P<student>[^_/]+)_\d+_assignsubmission")
    result = discover([subs], rule=rule, workdir=work)
    assert [e.student for e in result.entries] == ["Kim Minsu", "odd"]
    assert any("did not match --student-pattern" in n for n in result.notes)


@pytest.mark.parametrize("pattern", ["(", "no-group"])
def test_bad_student_pattern_is_a_usage_error(pattern):
    with pytest.raises(UsageError, match="--student-pattern"):
        StudentRule.make("hw6", pattern)


def test_zip_is_extracted_safely_and_unwrapped(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/hw6-kim/hw6.ipynb", "{}")
        z.writestr("export/hw6-lee/hw6.ipynb", "{}")
        z.writestr("export/hw6-lee/.ipynb_checkpoints/hw6-checkpoint.ipynb", "{}")
        z.writestr("export/../../evil.py", "print('escaped')")
        z.writestr("/etc/evil.py", "print('escaped')")
        z.writestr("export/hw6-lee/old.zip", b"PK")
    work = tmp_path / "work"
    work.mkdir()
    result = discover([archive], rule=StudentRule.make("hw6", None), workdir=work)
    assert [(e.rel, e.student) for e in result.entries] == [
        ("hw6-kim/hw6.ipynb", "kim"),
        ("hw6-lee/hw6.ipynb", "lee"),
    ]
    assert all(e.path.resolve().is_relative_to(work.resolve()) for e in result.entries)
    assert result.entries[0].label == f"{archive.resolve()}!/export/hw6-kim/hw6.ipynb"
    assert not (tmp_path / "evil.py").exists()
    assert not Path("/etc/evil.py").exists()
    notes = "\n".join(result.notes)
    assert "unsafe name" in notes and "old.zip: cannot be extracted" in notes  # a broken zip


def test_zip_in_a_folder_is_one_students_upload(tmp_path):
    with zipfile.ZipFile(_mk(tmp_path / "uploads") / "kim.zip", "w") as z:
        z.writestr("hw6.ipynb", "{}")
    assert found(tmp_path, tmp_path / "uploads") == [("kim/hw6.ipynb", "kim")]


def _mk(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_oversized_member_becomes_an_entry_with_its_problem(tmp_path, monkeypatch):
    monkeypatch.setattr("nngrade.batch.inputs.MAX_FILE_BYTES", 10)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hw6-kim.ipynb", "x" * 100)
    work = _mk(tmp_path / "work")
    (entry,) = discover([archive], rule=StudentRule.make("hw6", None), workdir=work).entries
    assert entry.student == "kim"
    assert "limit" in str(entry.problem)


def test_nothing_gradable_and_missing_paths_are_one_line_errors(tmp_path):
    touch(tmp_path / "empty" / "notes.txt")
    with pytest.raises(UsageError, match="nothing to grade"):
        found(tmp_path, tmp_path / "empty")
    with pytest.raises(UsageError, match="no such file"):
        found(tmp_path, tmp_path / "missing")
    with pytest.raises(UsageError, match="not a readable .zip"):
        found(tmp_path, touch(tmp_path / "broken.zip", "not a zip"))


def test_same_file_given_twice_is_graded_once(tmp_path):
    path = touch(tmp_path / "subs" / "kim_hw6.ipynb")
    assert found(tmp_path, tmp_path / "subs", path) == [("kim_hw6.ipynb", "kim")]


def test_links_in_a_folder_are_not_followed_but_get_a_row(tmp_path):
    secret = touch(tmp_path / "secret.txt", "the instructor's own file")
    link = tmp_path / "subs" / "hw6-mallory" / "hw6.ipynb"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    work = _mk(tmp_path / "work")
    (entry,) = discover(
        [tmp_path / "subs"], rule=StudentRule.make("hw6", None), workdir=work
    ).entries
    assert entry.student == "mallory"
    assert "symbolic link" in str(entry.problem)
    assert entry.sha256 == ""  # never read


def entries(tmp_path: Path, *paths: str | Path) -> list:
    work = _mk(tmp_path / "work")
    rule = StudentRule.make("hw6", None)
    return discover(
        [str(p) for p in paths], rule=rule, workdir=work, student_file="hw6.ipynb"
    ).entries


def test_lms_names_give_the_student_and_the_file_at_the_top_of_a_download(tmp_path):
    downloads = tmp_path / "downloads"
    touch(downloads / "Kim Minsu_1234_assignsubmission_file_" / "hw6.ipynb")  # Moodle, in folders
    touch(downloads / "Lee Jiwoo_2345_assignsubmission_file_hw6.ipynb")  # Moodle, flat
    with zipfile.ZipFile(_mk(downloads) / "canvas.zip", "w") as z:  # a flat Canvas zip
        z.writestr("parkseo_3456_7890_hw6.ipynb", "{}")
        z.writestr("choiyu_LATE_4567_8901_hw6-1.ipynb", "{}")
    got = {(e.student, e.name, e.lms_id) for e in entries(tmp_path, downloads)}
    assert got == {
        ("Kim Minsu", "hw6.ipynb", "moodle:1234"),
        ("Lee Jiwoo", "hw6.ipynb", "moodle:2345"),
        ("parkseo", "hw6.ipynb", "canvas:3456"),
        ("choiyu", "hw6-1.ipynb", "canvas:4567"),
    }


def test_github_download_zips_name_the_student_without_main(tmp_path):
    with zipfile.ZipFile(_mk(tmp_path / "subs") / "hw6-kimminsu-main.zip", "w") as z:
        z.writestr("hw6-kimminsu-main/hw6.ipynb", "{}")
        z.writestr("hw6-kimminsu-main/utils.py", "")
    assert {e.student for e in entries(tmp_path, tmp_path / "subs")} == {"kimminsu"}


def test_a_folder_with_the_assignment_file_owns_its_helpers(tmp_path):
    touch(tmp_path / "hw6-kim" / "hw6.ipynb")
    touch(tmp_path / "hw6-kim" / "utils.py", "")
    touch(tmp_path / "hw6-kim" / "scratch_hw6.ipynb")  # carries the id: a student of its own
    got = {(e.rel, e.student) for e in entries(tmp_path, tmp_path / "hw6-kim")}
    assert got == {("hw6.ipynb", "kim"), ("utils.py", "kim"), ("scratch_hw6.ipynb", "scratch")}


def test_choose_prefers_the_assignment_file_and_never_the_date(tmp_path):
    from nngrade.batch.inputs import choose

    touch(tmp_path / "s" / "hw6-kim" / "hw6.ipynb")
    newest = touch(tmp_path / "s" / "hw6-kim" / "utils.py", "")
    os.utime(newest, (2e9, 2e9))
    touch(tmp_path / "s" / "hw6-lee" / "my_hw6.ipynb")
    touch(tmp_path / "s" / "hw6-lee" / "helpers.py", "")
    touch(tmp_path / "s" / "hw6-choi" / "a.ipynb")
    touch(tmp_path / "s" / "hw6-choi" / "b.ipynb")
    by = {c.student: c for c in choose(entries(tmp_path, tmp_path / "s"), "hw6.ipynb", "hw6")}
    assert (by["kim"].counted.rel, by["kim"].ambiguous) == ("hw6-kim/hw6.ipynb", False)
    assert [o.rel for o in by["kim"].others] == ["hw6-kim/utils.py"]
    assert (by["lee"].counted.rel, by["lee"].ambiguous) == ("hw6-lee/my_hw6.ipynb", False)
    assert by["choi"].ambiguous and len(by["choi"].others) == 1


def test_same_name_with_two_lms_ids_are_two_students(tmp_path):
    from nngrade.batch.inputs import choose

    touch(tmp_path / "c" / "kimminsu_1_10_hw6.ipynb")
    touch(tmp_path / "c" / "kimminsu_2_20_hw6.ipynb")
    got = sorted(c.student for c in choose(entries(tmp_path, tmp_path / "c"), "hw6.ipynb", "hw6"))
    assert got == ["kimminsu_1", "kimminsu_2"]


def test_covered_by_knows_what_a_run_looked_at(tmp_path):
    from nngrade.batch.inputs import covered_by

    touch(tmp_path / "subs" / "hw6-kim" / "hw6.ipynb")
    archive = touch(tmp_path / "class.zip", "")
    covers = covered_by([tmp_path / "subs", archive, str(tmp_path / "late" / "*.ipynb")])
    root = tmp_path.resolve()
    assert covers(f"{root}/subs/hw6-gone/hw6.ipynb")
    assert covers(f"{root}/subs/kim.zip!/hw6.ipynb")
    assert covers(f"{root}/class.zip!/x/hw6.ipynb")
    assert covers(f"{root}/late/kim_hw6.ipynb")
    assert not covers(f"{root}/other/hw6.ipynb") and not covers(f"{root}/subs2/hw6.ipynb")


def test_lms_names_inside_a_students_repository_speak_for_that_student_only(tmp_path):
    subs = tmp_path / "subs"  # Classroom layout: one folder per student
    touch(subs / "hw6-kim" / "hw6.ipynb")
    touch(subs / "hw6-kim" / "Prof Kim_1234_assignsubmission_file_hw6.ipynb")
    touch(subs / "hw6-kim" / "leejiwoo_2345_6789_hw6.ipynb")
    touch(subs / "hw6-kim" / "deep" / "Prof Kim_1234_assignsubmission_file_" / "hw6.ipynb")
    with zipfile.ZipFile(subs / "hw6-kim" / "more.zip", "w") as z:
        z.writestr("parkseo_3456_7890_hw6.ipynb", "{}")
    touch(subs / "hw6-lee" / "hw6.ipynb")
    found = entries(tmp_path, subs)
    assert {e.student for e in found} == {"kim", "lee"}
    assert {e.lms_id for e in found} == {""}
    chosen = choose(found, "hw6.ipynb", "hw6")
    assert [(c.student, c.counted.rel) for c in chosen] == [
        ("kim", "hw6-kim/hw6.ipynb"),
        ("lee", "hw6-lee/hw6.ipynb"),
    ]


def test_a_students_own_folder_given_alone_is_one_student_whatever_its_file_names(tmp_path):
    kim = tmp_path / "hw6-kim"
    touch(kim / "hw6.ipynb")
    touch(kim / "Prof Kim_1234_assignsubmission_file_hw6.ipynb")
    touch(kim / "leejiwoo_2345_6789_hw6.ipynb")
    found = entries(tmp_path, kim)
    assert {(e.student, e.lms_id) for e in found} == {("kim", "")}


def test_a_flat_lms_zip_in_a_student_folder_is_only_that_students_file(tmp_path):
    subs = tmp_path / "subs"
    with zipfile.ZipFile(_mk(subs / "hw6-kim") / "canvas.zip", "w") as z:
        z.writestr("parkseo_3456_7890_hw6.ipynb", "{}")
    with zipfile.ZipFile(_mk(subs) / "canvas.zip", "w") as z:  # the class's download: it speaks
        z.writestr("choiyu_4567_8901_hw6.ipynb", "{}")
    got = {(e.student, e.lms_id) for e in entries(tmp_path, subs)}
    assert got == {("kim", ""), ("choiyu", "canvas:4567")}


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    """A zip in memory."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_a_students_zip_inside_a_flat_download_is_that_student(tmp_path):
    inner = zip_bytes({"hw6-parkseo-main/hw6.ipynb": "{}", "hw6-parkseo-main/utils.py": ""})
    deeper = zip_bytes({"x.zip": zip_bytes({"hw6.ipynb": "{}"})})
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("kimminsu_12345_67890_hw6.ipynb", "{}")
        z.writestr("parkseo_34567_89012_submission.zip", inner)
        z.writestr("choiyu_45678_90123_hw6.zip", deeper)  # a zip in a zip in a zip: a note
    work = _mk(tmp_path / "work")
    result = discover([archive], rule=StudentRule.make("hw6", None), workdir=work)
    got = {(e.student, e.name, e.lms_id) for e in result.entries}
    assert got == {
        ("kimminsu", "hw6.ipynb", "canvas:12345"),
        ("parkseo", "hw6.ipynb", "canvas:34567"),
        ("parkseo", "utils.py", "canvas:34567"),
    }
    assert "archive inside an archive" in "\n".join(result.notes)


def test_a_zip_of_per_student_zips_gives_each_student(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("kim.zip", zip_bytes({"hw6.ipynb": "{}"}))
        z.writestr("hw6-lee.zip", zip_bytes({"hw6-lee-main/hw6.ipynb": "{}"}))
    assert found(tmp_path, archive) == [("hw6-lee/hw6.ipynb", "lee"), ("kim/hw6.ipynb", "kim")]


def test_names_from_korean_windows_are_read_as_cp949(tmp_path):
    # As Windows writes them: CP949 bytes, no UTF-8 flag (ASCII stand-ins of the same length,
    # replaced in the bytes, since zipfile itself writes UTF-8).
    data = zip_bytes({"AAAAAA/hw6.ipynb": "{}", "BBBBBB/hw6.ipynb": "{}",
                      "hw6-박지호/hw6.ipynb": "{}"})  # fmt: skip
    data = data.replace(b"AAAAAA/", "김민준/".encode("cp949"))
    archive = tmp_path / "class.zip"
    archive.write_bytes(data.replace(b"BBBBBB/", "이서연/".encode("cp949")))
    assert {s for _, s in found(tmp_path, archive)} == {"김민준", "이서연", "박지호"}


def test_old_canvas_late_names_give_the_right_student_and_id(tmp_path):
    downloads = tmp_path / "downloads"
    touch(downloads / "kimminsu_late_12345_67890_hw6.ipynb")
    touch(downloads / "leejiwoo_LATE_23456_78901_hw6.ipynb")
    got = {(e.student, e.lms_id) for e in entries(tmp_path, downloads)}
    assert got == {("kimminsu", "canvas:12345"), ("leejiwoo", "canvas:23456")}


def test_blackboard_attempts_are_one_student_graded_on_the_last_attempt(tmp_path):
    downloads = tmp_path / "downloads"
    first = "Homework 6_kimminsu_attempt_2026-03-05-14-30-12"
    last = "Homework 6_kimminsu_attempt_2026-03-06-09-00-00"
    touch(downloads / f"{first}.txt", "Name: Kim Minsu")
    touch(downloads / f"{first}_hw6.ipynb")
    touch(downloads / f"{last}.txt", "Name: Kim Minsu")
    touch(downloads / f"{last}_hw6.ipynb")
    touch(downloads / "Homework 6_leejiwoo_attempt_2026-03-05-10-00-00_hw6.ipynb")
    found_ = entries(tmp_path, downloads)
    assert {(e.student, e.name) for e in found_} == {
        ("kimminsu", "hw6.ipynb"),
        ("leejiwoo", "hw6.ipynb"),
    }
    chosen = {c.student: c for c in choose(found_, "hw6.ipynb", "hw6")}
    assert set(chosen) == {"kimminsu", "leejiwoo"}
    kim = chosen["kimminsu"]
    assert kim.counted.rel == f"{last}_hw6.ipynb" and not kim.ambiguous
    assert [o.rel for o in kim.others] == [f"{first}_hw6.ipynb"]


def test_a_glob_over_student_folders_reads_each_as_one_students(tmp_path):
    subs = tmp_path / "subs"
    touch(subs / "hw6-kim" / "final.ipynb")  # no hw6.ipynb: nothing marks it as one student's
    touch(subs / "hw6-kim" / "Prof Kim_1234_assignsubmission_file_hw6.ipynb")
    touch(subs / "hw6-lee" / "hw6.ipynb")
    got = found(tmp_path, str(subs / "*"))
    assert got == [
        ("hw6-kim/Prof Kim_1234_assignsubmission_file_hw6.ipynb", "kim"),
        ("hw6-kim/final.ipynb", "kim"),
        ("hw6-lee/hw6.ipynb", "lee"),
    ]


def test_archives_inside_an_archive_share_its_member_budget(tmp_path, monkeypatch):
    monkeypatch.setattr("nngrade.batch.inputs.MAX_ARCHIVE_MEMBERS", 6)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("hw6-kim.zip", zip_bytes({"hw6.ipynb": "{}"}))
        z.writestr("hw6-lee.zip", zip_bytes({f"f{i}.py": "" for i in range(5)}))
    work = _mk(tmp_path / "work")
    result = discover([archive], rule=StudentRule.make("hw6", None), workdir=work)
    assert [e.student for e in result.entries] == ["kim"]
    assert "more than 6 files" in "\n".join(result.notes)
