"""Hostile files, folders and stores (issue 17, items 8 and 11): a full disk, a name that
holds a line break, a folder that cannot be listed, UTF-16 without a byte-order mark, a
page nested thousands of levels deep, a folder that is no store, a store that cannot be
written — each is one line and exit 2 (or is read), and no store is damaged."""

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from kg.cli import main
from kg.errors import shown
from kg.resources import bundled_plan
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
NO_SPACE = "no space left on the disk for the store; free some space and run the command again"


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def everything(store_dir: Path) -> list[str]:
    with Store(store_dir, read_only=True) as store:
        return sorted(map(str, store.quads()))


@pytest.fixture
def store_dir(tmp_path) -> Path:
    """A store holding the bundled plan (and the registry as its files are now)."""
    store = tmp_path / "store"
    assert invoke("build", "--store", store).exit_code == 0
    return store


# --- a full disk ----------------------------------------------------------------------


class _FullDisk:
    """A pyoxigraph store on a disk that fills up at ``failing``."""

    def __init__(self, store, failing: str):
        self._store, self._failing = store, failing

    def __getattr__(self, name):
        if name == self._failing:
            return self._fail
        return getattr(self._store, name)

    def _fail(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")


class _FullFile:
    """A batch's file on a disk that is full."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self._handle.close()


@pytest.mark.parametrize("failing", ["bulk_load", "update", "batch file"])
def test_a_full_disk_in_a_build_is_one_line_and_the_store_is_as_it_was(failing, store_dir, tmp_path, monkeypatch):
    generate(2, tmp_path / "new", seed=41)
    before = everything(store_dir)
    real = pyoxigraph.Store
    if failing == "batch file":
        opened = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: _FullFile(opened(*args, **kwargs)))
    else:
        monkeypatch.setattr(pyoxigraph, "Store", lambda *args: _FullDisk(real(*args), failing))
    # update: the bundled plan rebuilt (--force) replaces its graph and catalog entry in a transaction
    result = invoke(
        "build", bundled_plan() if failing == "update" else tmp_path / "new", "--force", "--store", store_dir
    )
    monkeypatch.undo()
    assert result.exit_code == 2
    assert one_error_line(result) == f"Error: {store_dir}: {NO_SPACE}"
    assert everything(store_dir) == before
    assert not list(store_dir.glob("policykg-*.nq")) and not (store_dir / "policykg-loading").exists()


def test_a_full_disk_at_the_last_flush_of_a_build_is_one_line(store_dir, tmp_path, monkeypatch):
    generate(1, tmp_path / "new", seed=42)
    before = everything(store_dir)
    real = pyoxigraph.Store
    monkeypatch.setattr(pyoxigraph, "Store", lambda *args: _FullDisk(real(*args), "flush"))
    result = invoke("build", tmp_path / "new", "--store", store_dir)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert one_error_line(result) == f"Error: {store_dir}: {NO_SPACE}"
    after = everything(store_dir)
    assert set(before) <= set(after)  # the plans before are whole; the new one was loaded before the flush
    with Store(store_dir, read_only=True) as store:
        assert len(store.documents()) == 2


# --- names that hold line breaks and bidi overrides ----------------------------------


def test_a_file_name_cannot_break_or_fake_an_error_line(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(bundled_plan(), folder / "good.txt")
    hostile = folder / "x\nError: all plans are fine\u202e.txt"
    hostile.write_bytes(b"")
    warned = folder / "y\rwarning: none.txt"  # a plan whose numbers skip 2: a warning names it
    warned.write_text("某市方案\n一、任务\n1.甲。（市教育局）\n3.乙。（市教育局）\n", encoding="utf-8")
    result = invoke("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 1
    warning, error = result.stderr.splitlines()
    assert warning.startswith(f"warning: {folder}/y\\rwarning: none.txt: measure numbers skip 2")
    assert error == f"Error: {folder}/x\\nError: all plans are fine\\u202e.txt: the file is empty; give a plan's text"
    assert shown("a\tb\x1b[31m\udcff\u2028中") == "a\\tb\\x1b[31m\\udcff\\u2028中"


def test_a_folder_name_with_a_line_break_is_one_line(tmp_path):
    folder = tmp_path / "no\nplans"
    folder.mkdir()
    result = invoke("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"Error: {tmp_path}/no\\nplans: the folder holds no plan files (.txt, .docx, .pdf, .html, .htm, .shtml)"
    )


# --- folders that cannot be listed ----------------------------------------------------


@pytest.fixture
def locked_out(tmp_path, monkeypatch):
    """A folder of two plans, one of them in a subfolder that cannot be listed (as a
    folder without read permission is, for anyone but root)."""
    folder = tmp_path / "plans"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(bundled_plan(), folder / "a.txt")
    generate(1, folder / "locked", seed=43)
    listing = os.scandir

    def scandir(path="."):
        if Path(path) == folder / "locked":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return folder


def test_a_subfolder_that_cannot_be_listed_is_reported_not_skipped(locked_out, tmp_path):
    result = invoke("build", locked_out, "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {locked_out / 'locked'}: cannot read the folder (Permission denied); the plans in it were not "
        "built — check its permissions"
    ]
    assert "built 1, skipped 0 unchanged, failed 1 of 2 file(s)" in result.stdout


def test_a_file_that_cannot_be_read_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(bundled_plan(), folder / "a.txt")
    locked = folder / "b.txt"
    locked.write_text("某市方案", encoding="utf-8")
    reading = Path.read_bytes

    def read_bytes(path):
        if path == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return reading(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = invoke("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {locked}: cannot read the file (Permission denied); check its permissions"
    ]


def test_a_source_folder_that_cannot_be_listed_is_one_line_and_exit_2(locked_out, tmp_path):
    result = invoke("build", locked_out / "locked", "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"Error: {locked_out / 'locked'}: cannot read the folder (Permission denied); the plans in it were not "
        "built — check its permissions"
    )


# --- UTF-16 without a byte-order mark -----------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(encoding, tmp_path):
    text = bundled_plan().read_text(encoding="utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    from kg.read import read

    assert read(path).original == text
    result = invoke("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "id daf8227113fe\n  measures: 19 in 6 groups; departments: 19; assignments: 90;" in result.stdout


def test_binary_with_zero_bytes_is_still_refused(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 8)
    result = invoke("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"Error: {path}: this is a binary file, not text; save the plan as .txt (UTF-8 or GB18030)"
    )


# --- a page nested deeper than the parser goes --------------------------------------


def test_a_page_nested_5000_levels_deep_keeps_its_text(tmp_path):
    lines = bundled_plan().read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{line}</p>" for line in lines if line.strip())
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><head><title>页</title><script>var x = '市教育局';</script></head><body>"
        + "<div>" * 5000
        + body
        + "</div>" * 5000
        + "</body></html>",
        encoding="utf-8",
    )
    from kg.formats.html import extract_html

    kept = extract_html(page, page.read_bytes())[0].splitlines()
    written = [line.strip() for line in lines if line.strip()]
    assert (len(kept), kept[:2]) == (len(written), written[:2])  # every paragraph; no title, no script
    result = invoke("build", page, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "id daf8227113fe\n  measures: 19 in 6 groups; departments: 19; assignments: 90;" in result.stdout


# --- a folder that is no store -------------------------------------------------------


@pytest.mark.parametrize("command", [["build"], ["documents"], ["remove", "daf8227113fe"]], ids=lambda c: c[0])
def test_a_folder_of_other_files_is_not_made_a_store(command, tmp_path):
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke(*command, "--store", folder)
    assert result.exit_code == 2
    assert one_error_line(result) == f"Error: {folder}: not a policykg store; choose an empty or new folder"
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


def test_a_store_and_an_empty_folder_are_taken(store_dir, tmp_path):
    assert invoke("build", "--store", store_dir).exit_code == 0  # an existing store is recognised
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("build", "--store", empty).exit_code == 0
    assert (empty / "CURRENT").is_file()


# --- readers read the store read-only --------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["documents"], ["export", "responsibilities"], ["validate"], ["report", "--no-validation", "-o"]],
    ids=lambda c: c[0],
)
def test_a_reader_runs_while_another_process_holds_the_store(command, store_dir, tmp_path):
    holder = Store(store_dir)  # opened for writing, as a build holds it
    try:
        result = invoke(*command, *([tmp_path / "report.html"] if command[0] == "report" else []), "--store", store_dir)
    finally:
        holder.close()
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_two_readers_read_at_once(store_dir, tmp_path, monkeypatch):
    from kg import service
    from kg.export import report

    seen = []
    page = report.report_page

    def report_page(*args, **kwargs):  # while `report` reads the store, `documents` reads it too
        seen.append([row["id"] for row in service.documents(store_dir).rows])
        return page(*args, **kwargs)

    monkeypatch.setattr(report, "report_page", report_page)
    result = invoke("report", "--no-validation", "-o", tmp_path / "report.html", "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert seen == [["daf8227113fe"]]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes a folder whatever its permissions")
def test_a_store_without_write_permission_can_be_read(store_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(store_dir, copy)
    os.chmod(copy, 0o555)
    try:
        result = invoke("documents", "--store", copy)
        assert result.exit_code == 0, result.output
        assert "daf8227113fe" in result.stdout
    finally:
        os.chmod(copy, 0o755)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="a mount needs root and unshare")
def test_a_store_on_a_read_only_mount_can_be_read(store_dir, tmp_path):
    mount = tmp_path / "mount"
    shutil.copytree(store_dir, mount / "store")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 77; exec "$2" -m kg documents --store "$1/store"'
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", mount, sys.executable], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode == 77:
        pytest.skip("no read-only mount in this environment")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].startswith("daf8227113fe  益阳市职业教育高质量发展实施方案")


# --- a plan named by what is no IRI -------------------------------------------------------


@pytest.mark.parametrize("reference", ["http://x/<a>", "a b"])
@pytest.mark.parametrize(
    "command",
    [["remove"], ["export", "html", "--document"], ["report", "--document"], ["validate", "--document"]],
    ids=lambda c: c[0],
)
def test_a_plan_named_by_no_iri_is_not_found(command, reference, store_dir):
    result = invoke(*command, reference, "--store", store_dir)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"Error: no plan {reference!r} in the store at {store_dir} (1 plan there); "
        "`policykg documents` lists the plans with their ids"
    )
