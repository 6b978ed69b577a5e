"""The one home of file handling: outputs, their checks, new files, inputs read once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from advisor import fileinput, fileio
from advisor.errors import OutputError, UsageError

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files")


def test_an_exception_while_writing_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")

    def fail_halfway() -> None:
        with fileio.open_output(target) as handle:
            handle.write("new " * 100_000)
            raise KeyError("stop")

    with pytest.raises(KeyError):
        fail_halfway()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_new_file_appears_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with fileio.open_output(target) as handle:
        handle.write("a\n")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == "a\n"


@posix
def test_descriptor_paths_are_recognised() -> None:
    assert fileio._descriptor_number(Path("/dev/stdout")) == 1
    assert fileio._descriptor_number(Path("/dev/fd/7")) == 7
    assert fileio._descriptor_number(Path("/proc/self/fd/5")) == 5
    assert fileio._descriptor_number(Path("/tmp/fd/5")) is None
    assert fileio._descriptor_number(Path("out.csv")) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "--output: expected a file to write, got an empty path"),
        (".", "--output: expected a file to write, got a directory: '.'"),
        ("..", "--output: expected a file to write, got a directory: '..'"),
        ("/", "--output: expected a file to write, got a directory: '/'"),
        ("x/", "--output: expected a file to write, got a directory: 'x/'"),
        ("no/such/x.csv", "--output: cannot write 'no/such/x.csv': no such directory: 'no/such'"),
    ],
)
def test_check_output_refuses(
    raw: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        fileio.check_output(raw)
    assert caught.value.message == message


def test_check_output_accepts(tmp_path: Path) -> None:
    assert fileio.check_output(None) is None
    assert fileio.check_output("-") is None
    assert fileio.check_output(str(tmp_path / "new.csv")) == tmp_path / "new.csv"
    sheet = tmp_path / "in.csv"
    sheet.write_text("x\n", encoding="utf-8")
    assert fileio.check_output(str(tmp_path / "out.csv"), inputs=[sheet, None, "-"])
    with pytest.raises(UsageError, match="never overwrites"):
        fileio.check_output(str(sheet), inputs=[str(sheet)])


def test_create_new_takes_the_first_free_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("mine", encoding="utf-8")
    made = fileio.create_new(tmp_path, ["a.md", "a-2.md"], "text")
    assert made == tmp_path / "a-2.md"
    assert made.read_text(encoding="utf-8") == "text"
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "mine"
    with pytest.raises(OutputError, match="no free file name"):
        fileio.create_new(tmp_path, ["a.md", "a-2.md"], "text")


@posix
def test_open_seekable_spools_a_pipe() -> None:
    read, write = os.pipe()
    os.write(write, b"a,b\n1,2\n")
    os.close(write)
    with fileinput.open_seekable(f"/dev/fd/{read}", "a CSV file") as handle:
        assert handle.read() == b"a,b\n1,2\n"
        handle.seek(0)
        assert handle.read(3) == b"a,b"
    os.close(read)
