"""Writing outputs: the one home of the advisor's output handling (inputs are read by
:mod:`advisor.fileinput`).

What the advisor promises about files (docs/guide.md says it to users):

- An output that is a regular file, or does not exist yet, is written atomically: into a
  temporary file beside it, renamed over it only once everything is written. A reader
  never sees half a file, and a failed or interrupted run leaves the old file as it was.
  The new file keeps the mode of the file it replaces, or gets ``0666`` minus the umask.
- An output that exists and is not a regular file (``/dev/null``, a named pipe, a socket,
  ``/dev/fd/N`` from a shell's ``>(...)``) is opened and written into directly: it is
  never replaced.
- A binary output (an xlsx workbook, :func:`open_binary_output`) follows the same rules.
- An output is checked before any work (:func:`check_output`): not a directory, not the
  input file.
- Write errors (a full disk, a closed stdout, EIO) are :class:`OutputError` naming the
  output; the temporary file goes, also on SIGTERM and SIGHUP (:func:`exit_on_signal`).
- Inputs are read once, so a pipe or ``<(...)`` works like a file
  (:func:`advisor.fileinput.open_seekable` spools one when the reader must look at it
  twice).
- A report written into a folder is a new file under a name claimed exclusively, never
  through a symlink (:func:`create_new`).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, BinaryIO, NoReturn, TextIO, TypeVar

from advisor.errors import OutputError, UsageError, shown

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# --- Checking an output before any work ----------------------------------------------------------


def check_output(
    raw: str | None, *, flag: str = "--output", inputs: Iterable[str | Path | None] = ()
) -> Path | None:
    """The output a flag names, checked before any work; None for stdout (absent or ``-``).

    Refused with a :class:`UsageError` naming ``flag``: an empty path, a directory
    (``.``, ``..``, ``/``, ``name/``), a file in a directory that does not exist, and
    a regular file that is one of ``inputs`` (the same file, by a symlink or a hard
    link too; ``-`` stands for standard input).
    """
    if raw is None or raw == "-":
        return None
    if raw == "":
        raise UsageError(f"{flag}: expected a file to write, got an empty path")
    name = os.path.basename(raw)
    if name in ("", ".", "..") or os.path.isdir(raw):
        raise UsageError(f"{flag}: expected a file to write, got a directory: {shown(raw)}")
    if not os.path.exists(raw):  # a new file, or a dangling symlink to one
        parent = os.path.dirname(os.path.realpath(raw))
        if not os.path.isdir(parent):
            where = os.path.dirname(raw) or "."
            raise UsageError(
                f"{flag}: cannot write {shown(raw)}: no such directory: {shown(where)}"
            )
    for source in inputs:
        if source is not None and _same_regular_file(raw, str(source)):
            what = "standard input" if str(source) == "-" else f"the input {shown(str(source))}"
            raise UsageError(
                f"{flag}: {shown(raw)} is {what}, which the advisor never overwrites; "
                "write the results to another file"
            )
    return Path(raw)


def _same_regular_file(output: str, source: str) -> bool:
    try:
        out = os.stat(output)
        given = os.fstat(sys.stdin.fileno()) if source == "-" else os.stat(source)
    except (OSError, ValueError, AttributeError):  # a new output; a replaced stdin
        return False
    same = (out.st_dev, out.st_ino) == (given.st_dev, given.st_ino)
    return same and stat.S_ISREG(out.st_mode)


# --- Writing -------------------------------------------------------------------------------------

#: bytes written to an output at a time (a large output in a few thousand writes rather than
#: ten times as many; a reader that waits for each line is flushed to explicitly).
WRITE_BUFFER = 64 * 1024
#: temporary files being written: a signal handler removes them before the process ends.
_TEMPORARIES: set[str] = set()
#: ``/proc/<pid>/fd`` (``/dev/fd`` resolves to it), as a path's parent directory.
_FD_DIRECTORY = re.compile(r"/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd")


class _Sink(io.FileIO):
    """A file descriptor whose write errors are :class:`OutputError` naming the output.

    It is the raw layer under the buffered text stream, so a row costs no extra call:
    errors surface when a buffer is written. A reader that went away (EPIPE) is left
    to the CLI, which ends quietly.
    """

    def __init__(self, fd: int, label: str, *, closefd: bool = True) -> None:
        super().__init__(fd, "w", closefd=closefd)
        self.label = label

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _cannot_write(self.label, error) from None


def _cannot_write(label: str, error: OSError) -> OutputError:
    return OutputError(f"{label}: cannot write: {error.strerror or error}")


@contextlib.contextmanager
def _writing(raw: _Sink, newline: str | None, like: TextIO | None = None) -> Iterator[TextIO]:
    """A buffered text stream over ``raw`` (UTF-8, or the encoding of ``like``).

    Flushed and closed after the block; closed quietly after a failure, so that a
    second error (the flush of what is left) never hides the first.
    """
    handle = io.TextIOWrapper(
        io.BufferedWriter(raw, WRITE_BUFFER),
        encoding=like.encoding if like else "utf-8",
        errors=like.errors if like else "strict",
        newline=newline,
        line_buffering=bool(like.line_buffering) if like else False,
    )
    try:
        yield handle
        handle.flush()
    except BaseException:
        with contextlib.suppress(Exception):
            handle.close()
        raise
    handle.close()


@contextlib.contextmanager
def _binary_writing(raw: _Sink) -> Iterator[BinaryIO]:
    """:func:`_writing` for bytes: a buffered stream over ``raw``, closed the same way."""
    handle = io.BufferedWriter(raw, WRITE_BUFFER)
    try:
        yield handle
        handle.flush()
    except BaseException:
        with contextlib.suppress(Exception):
            handle.close()
        raise
    handle.close()


@contextlib.contextmanager
def open_output(path: Path | None, *, newline: str | None = None) -> Iterator[TextIO]:
    """A text stream (UTF-8) to write an output into; None (or ``-``) is standard output.

    A regular file, or a new one, is written atomically; anything else that exists
    (a device, a FIFO, ``/dev/fd/N``) is written into directly. See the module's notes.
    """
    if path is None or str(path) == "-":
        with _stdout(newline) as handle:
            yield handle
        return

    def layer(raw: _Sink) -> contextlib.AbstractContextManager[TextIO]:
        return _writing(raw, newline)

    if not written_atomically(path):
        with _direct(path, _descriptor_number(path), layer) as handle:
            yield handle
        return
    with _atomic(path, layer) as handle:
        yield handle


@contextlib.contextmanager
def open_binary_output(path: Path | None) -> Iterator[BinaryIO]:
    """:func:`open_output` for bytes (an xlsx workbook), by the same rules.

    A regular file, or a new one, is written atomically; a device, a FIFO or
    ``/dev/fd/N`` directly; None (or ``-``) is standard output, which the caller
    refuses when it is a terminal.
    """
    if path is None or str(path) == "-":
        with _stdout_binary() as handle:
            yield handle
        return
    if not written_atomically(path):
        with _direct(path, _descriptor_number(path), _binary_writing) as handle:
            yield handle
        return
    with _atomic(path, _binary_writing) as handle:
        yield handle


def write_text(path: Path | None, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as :func:`open_output` does; None is stdout."""
    with open_output(path) as handle:
        handle.write(text)


def write_bytes(path: Path | None, data: bytes) -> None:
    """Write ``data`` to ``path`` as :func:`open_binary_output` does; None is stdout."""
    with open_binary_output(path) as handle:
        handle.write(data)


def written_atomically(path: Path | None) -> bool:
    """Whether :func:`open_output` writes ``path`` atomically (a regular file, or a new
    one): what is written can be thrown away, with an exception, until the end."""
    if path is None or str(path) == "-":
        return False
    return _descriptor_number(path) is None and _is_regular_or_new(path)


def _is_regular_or_new(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a new file (or a problem the atomic writer names)
        return True


def _descriptor_number(path: Path) -> int | None:
    """N for ``/dev/fd/N``, ``/dev/stdout`` or ``/proc/self/fd/N`` of this process."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own bound on symlinks in a path
        parent = os.path.realpath(os.path.dirname(current))
        name = os.path.basename(current)
        if _FD_DIRECTORY.fullmatch(parent) and name.isdigit():
            owner = parent.split("/")[2]
            ours = owner in ("self", "thread-self", str(os.getpid()))
            return int(name) if ours else None
        try:
            target = os.readlink(current)
        except OSError:
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), target))
    return None


@contextlib.contextmanager
def _stdout(newline: str | None) -> Iterator[TextIO]:
    stream = sys.stdout
    if stream is None:  # started with stdout closed (``>&-``)
        raise OutputError("stdout: cannot write: standard output is closed")
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):  # replaced, e.g. by a test runner
        yield stream
        _flush(stream, "stdout")
        return
    _flush(stream, "stdout")
    # closing the stream closes nothing but the stream: the descriptor stays open
    with _writing(_Sink(fd, "stdout", closefd=False), newline, like=stream) as handle:
        yield handle


@contextlib.contextmanager
def _stdout_binary() -> Iterator[BinaryIO]:
    stream = sys.stdout
    if stream is None:  # started with stdout closed (``>&-``)
        raise OutputError("stdout: cannot write: standard output is closed")
    _flush(stream, "stdout")
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):  # replaced, e.g. by a test runner
        buffer = stream.buffer
        yield buffer
        _flush(buffer, "stdout")
        return
    with _binary_writing(_Sink(fd, "stdout", closefd=False)) as handle:
        yield handle


def _flush(stream: IO[str] | IO[bytes], label: str) -> None:
    try:
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _cannot_write(label, error) from None


#: a buffered stream over a descriptor: text (:func:`_writing`) or bytes (:func:`_binary_writing`).
H = TypeVar("H", TextIO, BinaryIO)
Layer = Callable[[_Sink], contextlib.AbstractContextManager[H]]


@contextlib.contextmanager
def _direct(path: Path, descriptor: int | None, layer: Layer[H]) -> Iterator[H]:
    """Write into what ``path`` is (a device, a pipe, a descriptor): never replace it."""
    try:
        fd = os.dup(descriptor) if descriptor is not None else os.open(path, os.O_WRONLY)
    except OSError as error:
        raise _cannot_write(str(path), error) from None
    with layer(_Sink(fd, str(path))) as handle:
        yield handle


@contextlib.contextmanager
def _atomic(path: Path, layer: Layer[H], *, follow: bool = True) -> Iterator[H]:
    """A temporary file beside the target, renamed over it only on success.

    With ``follow``, a symlink's target is replaced and the link stays; without it,
    the name itself is (a symlink planted there is replaced, never written through).
    An exception, an interrupt or a signal inside the block removes the temporary file
    and leaves any existing target untouched.
    """
    import tempfile

    mode = new_file_mode()
    if follow:
        target = Path(os.path.realpath(path))
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.stat(target).st_mode)
    else:
        target = Path(os.path.realpath(path.parent)) / path.name
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _cannot_write(str(path), error) from None
    _TEMPORARIES.add(name)
    try:
        with contextlib.suppress(OSError):  # a file system without modes keeps its own
            os.fchmod(fd, mode)
        with layer(_Sink(fd, str(path))) as handle:
            yield handle
            handle.flush()
            try:
                os.fsync(fd)
            except OSError as error:
                raise _cannot_write(str(path), error) from None
        try:
            os.replace(name, target)
        except OSError as error:
            raise _cannot_write(str(path), error) from None
    except BaseException:
        _remove(name)
        raise
    finally:
        _TEMPORARIES.discard(name)


def _text_layer(raw: _Sink) -> contextlib.AbstractContextManager[TextIO]:
    return _writing(raw, None)


def new_file_mode() -> int:
    """The mode of a new file: ``0666`` minus the umask, as ``open()`` would give it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def create_new(directory: Path, names: Iterable[str], text: str) -> Path:
    """Write ``text`` into a new file in ``directory``, under the first free name of ``names``.

    The name is claimed exclusively (``O_CREAT | O_EXCL | O_NOFOLLOW``), so concurrent
    runs never share a file and an existing name, a symlink included (dangling or not),
    is never written through: the next name is tried. The text then goes into a
    temporary file renamed over the claimed one, so a reader never sees half of it.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for name in names:
        path = directory / name
        try:
            os.close(os.open(path, flags, 0o666))
        except FileExistsError:
            continue
        except OSError as error:
            if os.path.lexists(path):  # e.g. ELOOP: a symlink under O_NOFOLLOW
                continue
            raise _cannot_write(str(path), error) from None
        try:
            with _atomic(path, _text_layer, follow=False) as handle:
                handle.write(text)
        except BaseException:
            _remove(str(path))
            raise
        return path
    raise OutputError(f"{directory}: cannot write: no free file name")  # names ran out


def exit_on_signal(signum: int, frame: FrameType | None) -> NoReturn:
    """A handler for SIGTERM and SIGHUP: remove temporary files, exit ``128 + signum``.

    The files are removed here and not only by the writers' clean-up, which the
    :class:`SystemExit` raised next also runs: a signal may arrive anywhere.
    """
    for name in list(_TEMPORARIES):
        _remove(name)
    raise SystemExit(128 + signum)
