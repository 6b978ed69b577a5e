"""What ``-o`` and ``--report-dir`` do to files: issues 10.1, 14.2, 14.5, 14.6 and 14.9.

Devices are reached through symlinks in a temporary folder: if a regression ever made
the advisor replace its target again, it would replace the link, never ``/dev/null``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import ADVISOR, SHEET, bash, big_sheet, invoke, one_error_line, run, signals_as

MESSAGES = Path(__file__).parent.parent / "examples" / "messages.jsonl"
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- 10.1: the mode of what -o and --report-dir create ------------------------------------------


@posix
@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_output_gets_0666_minus_the_umask(tmp_path: Path, mask: int, expected: int) -> None:
    os.umask(mask)
    target = tmp_path / "out.csv"
    code, _, _ = invoke("batch", str(SHEET), "-o", str(target))
    assert code == 0
    assert mode(target) == expected


@posix
@pytest.mark.usefixtures("umask")
def test_an_output_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert invoke("batch", str(SHEET), "-o", str(target))[0] == 0
    assert mode(target) == 0o640
    assert len(rows_of(target.read_text(encoding="utf-8"))) == 50


@posix
@pytest.mark.usefixtures("umask")
def test_reports_get_0666_minus_the_umask(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    code, _, _ = invoke(
        "batch", str(SHEET), "-o", str(tmp_path / "o.csv"), "--report-dir", str(reports)
    )
    assert code == 0
    assert {mode(path) for path in reports.iterdir()} == {0o644}


@posix
def test_an_output_through_a_symlink_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert invoke("batch", str(SHEET), "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert len(rows_of(real.read_text(encoding="utf-8"))) == 50


@posix
@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_dev_null_is_written_into_never_replaced(tmp_path: Path, fmt: str) -> None:
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    code, out, _ = invoke("batch", str(SHEET), "-o", str(link), "--format", fmt)
    assert (code, out) == (0, "")
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["null"]


@posix
@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="as root a regression would replace the machine's /dev/null (the test above covers it)",
)
def test_dev_null_itself() -> None:
    assert invoke("batch", str(SHEET), "-o", "/dev/null")[:2] == (0, "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix
def test_a_named_pipe_is_written_into_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        done = run("batch", str(SHEET), "-o", str(fifo))
        out, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(rows_of(out.decode("utf-8"))) == 50


@posix
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_process_substitution_as_output(tmp_path: Path) -> None:
    result = bash(
        f'"$ADVISOR" batch {SHEET} -o >(cat > out.csv); code=$?; wait $!; exit $code',
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert len(rows_of((tmp_path / "out.csv").read_text(encoding="utf-8"))) == 50


@posix
def test_dev_stdout_is_the_descriptor_not_a_new_file(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "stdout"  # a regression replaces this link, not the machine's /dev/stdout
    link.symlink_to("/dev/stdout")
    with log.open("a", encoding="utf-8") as handle:
        done = run("batch", str(SHEET), "-o", str(link), stdout=handle, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("kept\n")  # appended, as the shell's >> asked
    assert len(rows_of(text.removeprefix("kept\n"))) == 50


# --- 14.2: the input is never overwritten -------------------------------------------------------


def _sheet_copy(tmp_path: Path) -> Path:
    sheet = tmp_path / "intake.csv"
    shutil.copyfile(SHEET, sheet)
    return sheet


@pytest.mark.parametrize("fmt", ["csv", "html", "jsonl"])
@pytest.mark.parametrize("alias", ["same", "dot", "symlink", "hardlink"])
def test_batch_never_writes_over_its_input(tmp_path: Path, alias: str, fmt: str) -> None:
    sheet = _sheet_copy(tmp_path)
    target = {
        "same": sheet,
        "dot": tmp_path / "." / "intake.csv",
        "symlink": tmp_path / "link.csv",
        "hardlink": tmp_path / "hard.csv",
    }[alias]
    if alias == "symlink":
        target.symlink_to(sheet)
    elif alias == "hardlink":
        os.link(sheet, target)
    reports = tmp_path / "reports"
    args = ("batch", str(sheet), "-o", str(target), "--format", fmt, "--report-dir", str(reports))
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert "--output" in line
    assert "never overwrites" in line
    assert sheet.read_bytes() == SHEET.read_bytes()
    assert not reports.exists()  # refused before any work


@posix
def test_batch_never_writes_over_its_standard_input(tmp_path: Path) -> None:
    sheet = _sheet_copy(tmp_path)
    with sheet.open("rb") as stdin:
        done = run("batch", "-", "-o", str(sheet), stdin=stdin)
    assert done.returncode == 2
    assert "standard input" in one_error_line(done.stderr)
    assert sheet.read_bytes() == SHEET.read_bytes()


def test_report_never_writes_over_its_body_file(tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("Your code is 123456\n", encoding="utf-8")
    code, _, err = invoke(
        "report", "--country", "US", "--use-case", "otp", "--direction", "one-way",
        "--body-file", str(body), "-o", str(body),
    )  # fmt: skip
    assert code == 2
    assert "--output" in one_error_line(err)
    assert body.read_text(encoding="utf-8") == "Your code is 123456\n"


# --- 14.6: -o is checked before any work --------------------------------------------------------


@pytest.mark.parametrize("target", ["", ".", "..", "/", "{tmp}", "{tmp}/sub/", "{tmp}/no/x.csv"])
@pytest.mark.parametrize("command", ["batch", "report"])
def test_an_output_that_cannot_be_a_file_is_refused_before_any_work(
    tmp_path: Path, target: str, command: str
) -> None:
    target = target.format(tmp=tmp_path)
    if command == "batch":
        reports = tmp_path / "reports"
        args = ["batch", str(SHEET), "--report-dir", str(reports)]
    else:
        args = ["report", "--country", "US", "--use-case", "otp", "--direction", "one-way"]
    code, out, err = invoke(*args, "-o", target)
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert line.startswith("advisor: error: --output: ")
    assert "directory" in line or "empty path" in line
    assert sorted(path.name for path in tmp_path.iterdir()) == []


# --- 14.5: write errors are one line, and leave nothing behind ------------------------------------


@posix
@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_a_full_device_is_one_line_and_exit_2(tmp_path: Path, fmt: str) -> None:
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    code, _, err = invoke("batch", str(SHEET), "-o", str(link), "--format", fmt)
    assert code == 2
    assert one_error_line(err) == f"advisor: error: {link}: cannot write: No space left on device"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["full"]


@posix
@pytest.mark.parametrize(
    "args",
    [
        ("batch", str(SHEET)),
        ("batch", str(SHEET), "--format", "table"),
        ("recommend", "--country", "US", "--use-case", "otp", "--direction", "one-way"),
        ("data", "validate"),
        ("data", "facts"),
        ("segments", "--jsonl", str(MESSAGES)),
        ("lint", "--jsonl", str(MESSAGES)),
    ],
)
def test_a_full_stdout_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = run(*args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    lines = done.stderr.decode("utf-8").splitlines()
    assert lines[-1] == "advisor: error: stdout: cannot write: No space left on device"
    assert "Traceback" not in done.stderr.decode("utf-8")


@posix
@pytest.mark.parametrize(
    "args",
    [
        ("batch", str(SHEET)),
        ("recommend", "--country", "US", "--use-case", "otp", "--direction", "one-way"),
    ],
)
def test_a_closed_stdout_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    done = bash('"$ADVISOR" "$@" >&-', args)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "advisor: error: stdout: cannot write: standard output is closed"
    )


def _limit_file_size() -> None:  # in the child: writes past 4 KiB fail with EFBIG
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@posix
@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out.csv"
    done = run("batch", str(SHEET), "-o", str(target), "--format", fmt, preexec_fn=_limit_file_size)
    assert done.returncode == 2
    assert one_error_line(done.stderr) == f"advisor: error: {target}: cannot write: File too large"
    assert list(tmp_path.iterdir()) == []


def _batch_writing(
    sheet: Path, target: Path, ignored: tuple[signal.Signals, ...] = ()
) -> subprocess.Popen[bytes]:
    """``advisor batch SHEET -o TARGET`` started (the signals ``ignored`` ignored), once
    its temporary file exists."""
    process = subprocess.Popen(
        [ADVISOR, "batch", str(sheet), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=signals_as(ignored),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        path.name.startswith(f".{target.name}.") for path in target.parent.iterdir()
    ):
        time.sleep(0.05)
    return process


@posix
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    sheet = big_sheet(tmp_path / "big.csv", 400_000)
    process = _batch_writing(sheet, tmp_path / "out.csv")
    time.sleep(0.3)
    number = getattr(signal, name)
    process.send_signal(number)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + number, err
    assert b"Traceback" not in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["big.csv"]


@posix
def test_a_hangup_the_caller_ignores_stays_ignored(tmp_path: Path) -> None:
    # ``nohup advisor batch ...``: the run goes on when its terminal goes away
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("customer,country,use_case,direction\n" + "C,US,otp,one-way\n" * 200_000)
    target = tmp_path / "out.csv"
    process = _batch_writing(sheet, target, ignored=(signal.SIGHUP,))
    process.send_signal(signal.SIGHUP)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    with target.open(encoding="utf-8", newline="") as written:
        assert sum(1 for _ in csv.reader(written)) == 200_001
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv", "sheet.csv"]


# --- 14.9: --report-dir creates new files, exclusively --------------------------------------------


def _one_customer_sheet(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("customer,country,use_case,direction\n")
        for _ in range(rows):
            handle.write("Acme,US,otp,one-way\n")
    return path


def test_a_name_claimed_by_another_run_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run creates ``acme.html`` after this one looked and before it wrote."""
    from advisor.views import report

    reports = tmp_path / "reports"
    render = report.report_page

    def render_while_another_run_writes(*args: object, **kwargs: object) -> str:
        claimed = reports / "acme.html"
        if not claimed.exists():
            claimed.write_text("the other run's report", encoding="utf-8")
        return render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "report_page", render_while_another_run_writes)
    sheet = _one_customer_sheet(tmp_path / "acme.csv", 2)
    code, _, _ = invoke(
        "batch", str(sheet), "-o", str(tmp_path / "o.csv"), "--report-dir", str(reports)
    )
    assert code == 0
    assert (reports / "acme.html").read_text(encoding="utf-8") == "the other run's report"
    assert sorted(path.name for path in reports.iterdir()) == [
        "acme-2.html",
        "acme-3.html",
        "acme.html",
    ]


@posix
def test_concurrent_runs_lose_no_report(tmp_path: Path) -> None:
    sheet = _one_customer_sheet(tmp_path / "acme.csv", 60)
    reports = tmp_path / "reports"
    reports.mkdir()
    runs = 4
    barrier = threading.Barrier(runs)
    results: list[int] = []

    def one_run(index: int) -> None:
        barrier.wait()
        done = run("batch", str(sheet), "-o", str(tmp_path / f"o{index}.csv"),
                   "--report-dir", str(reports), "--report-format", "markdown")  # fmt: skip
        results.append(done.returncode)

    threads = [threading.Thread(target=one_run, args=(index,)) for index in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == [0] * runs
    names = [path.name for path in reports.iterdir()]
    assert len(names) == 60 * runs
    assert not [name for name in names if name.startswith(".")]


@posix
@pytest.mark.parametrize("dangling", [True, False])
def test_a_symlink_with_a_reports_name_is_never_written_through(
    tmp_path: Path, dangling: bool
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    elsewhere = tmp_path / "elsewhere.html"
    if not dangling:
        elsewhere.write_text("not yours", encoding="utf-8")
    (reports / "acme.html").symlink_to(elsewhere)
    sheet = _one_customer_sheet(tmp_path / "acme.csv", 1)
    code, _, _ = invoke(
        "batch", str(sheet), "-o", str(tmp_path / "o.csv"), "--report-dir", str(reports)
    )
    assert code == 0
    assert (reports / "acme.html").is_symlink()
    assert elsewhere.exists() is not dangling
    if not dangling:
        assert elsewhere.read_text(encoding="utf-8") == "not yours"
    assert "Acme" in (reports / "acme-2.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("customer", ["CON", "nul", "Com1", "lpt9", "aux", "PRN"])
def test_report_names_avoid_windows_device_names(tmp_path: Path, customer: str) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"customer,country,use_case,direction\n{customer},US,otp,one-way\n")
    reports = tmp_path / "reports"
    code, _, _ = invoke(
        "batch", str(sheet), "-o", str(tmp_path / "o.csv"), "--report-dir", str(reports)
    )
    assert code == 0
    (made,) = [path.name for path in reports.iterdir()]
    reserved = {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{n}" for n in range(10)),
        *(f"lpt{n}" for n in range(10)),
    }
    assert made.split(".")[0].lower() not in reserved
    assert made == f"{customer.lower()}-customer.html"
