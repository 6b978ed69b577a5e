"""The encoding of an intake sheet, found by reading the file once through in chunks.

UTF-8 with or without a byte order mark, and UTF-16 with one, are read as such. Any
other sheet (Excel on Windows writes its "CSV" in the system's ANSI code page,
Windows-1252 in Western Europe and the Americas; Excel on a Mac in Mac Roman) is
detected with charset-normalizer among the encodings spreadsheets write, preferring
Windows-1252 when it reads the bytes as well as the best guess (a short sheet cannot
tell Windows-1252 from its neighbours), and the summary says which one was used.

The same pass refuses a file with a NUL byte anywhere (a binary file, not a sheet) and
keeps memory flat whatever the file's size. This module is charset-normalizer's room.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from dataclasses import dataclass
from typing import IO

from advisor.errors import InputError

#: the bytes looked at first (emptiness), and around the first byte that is not UTF-8.
SNIFF_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

#: the encodings spreadsheets write CSV in, besides Unicode: the Windows ANSI code
#: pages, Mac Roman, and the East Asian double-byte ones.
CANDIDATES = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "mac_roman",
    "cp932",
    "gb18030",
    "cp949",
    "cp950",
)
#: what Excel on Windows writes in Western Europe and the Americas.
WINDOWS_WESTERN = "cp1252"
#: reads any byte: the last resort.
LATIN_1 = "latin-1"

#: names users know the encodings by.
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Western European)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "cp874": "Windows-874 (Thai)",
    "mac_roman": "Mac Roman",
    "cp932": "Shift JIS (Windows-932)",
    "gb18030": "GB 18030 (Chinese)",
    "cp949": "Windows-949 (Korean)",
    "cp950": "Big5 (Windows-950)",
    "latin-1": "Latin-1",
}


@dataclass(frozen=True, slots=True)
class Encoding:
    #: the Python codec the sheet is decoded with.
    codec: str
    #: for the summary: how the encoding was chosen (None for UTF-8, the default).
    note: str | None = None

    @property
    def name(self) -> str:
        return NAMES.get(self.codec, self.codec)


#: what :func:`detect_encoding` found, by the file it read (device, inode, size, last
#: change) and its label: a sheet read twice in a run (its customers, then its rows) is
#: read through to check its encoding once.
_FOUND: dict[tuple[object, ...], Encoding] = {}
_FOUND_SIZE = 16


def _identity(handle: IO[bytes], label: str) -> tuple[object, ...] | None:
    """The file ``handle`` reads, as :data:`_FOUND` keys it; None: not a regular file."""
    try:
        found = os.fstat(handle.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # a spool in memory, say
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, label)


def detect_encoding(handle: IO[bytes], label: str) -> Encoding:
    """The encoding of the sheet in ``handle`` (seekable; left at its start).

    Raises :class:`InputError` for an empty file and for a NUL byte anywhere in it.
    The answer for a regular file is kept while the file is unchanged.
    """
    identity = _identity(handle, label)
    found = _FOUND.get(identity) if identity is not None else None
    if found is None:
        found = _detect(handle, label)
        if identity is not None:
            if len(_FOUND) >= _FOUND_SIZE:
                _FOUND.clear()
            _FOUND[identity] = found
    return found


def _detect(handle: IO[bytes], label: str) -> Encoding:
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    if not head.strip():
        raise InputError(f"{label}: the file is empty; expected a CSV intake sheet")
    if head.startswith(codecs.BOM_UTF8):
        return _checked(handle, label, "utf-8-sig", "UTF-8")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        found = _checked(handle, label, "utf-16", "UTF-16")
        return Encoding("utf-16", found.note or f"{label}: read as UTF-16 (its byte order mark)")
    bad = _first_bad_byte(handle, label, "utf-8")
    if bad is None:
        return Encoding("utf-8")
    guess = _guess(handle, bad)
    for codec in dict.fromkeys((guess, WINDOWS_WESTERN, LATIN_1)):
        if codec is not None and _first_bad_byte(handle, label, codec) is None:
            how = "detected" if codec == guess else "the first that reads every byte"
            return Encoding(
                codec,
                f"{label}: not UTF-8 (byte {bad + 1} is not valid UTF-8); read as "
                f"{NAMES.get(codec, codec)}, {how} — check accented letters, "
                "or save the sheet as CSV UTF-8",
            )
    raise AssertionError("unreachable: Latin-1 reads every byte")  # pragma: no cover


def _checked(handle: IO[bytes], label: str, codec: str, name: str) -> Encoding:
    """A sheet with a byte order mark: bytes its encoding cannot read become U+FFFD."""
    bad = _first_bad_byte(handle, label, codec)
    if bad is None:
        return Encoding(codec)
    return Encoding(
        codec,
        f"{label}: byte {bad + 1} is not valid {name} (its byte order mark says {name}); "
        "such bytes read as \ufffd — save the sheet again as CSV UTF-8",
    )


def _first_bad_byte(handle: IO[bytes], label: str, codec: str) -> int | None:
    """Read the file through: the offset of the first byte ``codec`` cannot decode, or None.

    A NUL byte anywhere is an :class:`InputError` (for UTF-16, a NUL character).
    """
    decoder = codecs.getincrementaldecoder(codec)()
    wide = codec == "utf-16"
    offset = 0
    try:
        while chunk := handle.read(_CHUNK):
            if not wide:
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    raise _nul(label, offset + nul)
            text = decoder.decode(chunk)
            if wide and "\x00" in text:
                raise _nul(label, offset + _utf16_offset(chunk, text))
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        return offset + max(error.start, 0)
    finally:
        handle.seek(0)
    return None


def _utf16_offset(chunk: bytes, text: str) -> int:
    """Roughly where in ``chunk`` the first NUL character of ``text`` was (two bytes each)."""
    return min(2 * text.index("\x00"), max(len(chunk) - 2, 0))


def _nul(label: str, offset: int) -> InputError:
    return InputError(
        f"{label}: not a CSV text file (a NUL byte at byte {offset + 1}); "
        "save the sheet as CSV (UTF-8)"
    )


def _guess(handle: IO[bytes], bad: int) -> str | None:
    """charset-normalizer's guess from the start of the file and the bytes around ``bad``."""
    from charset_normalizer import from_bytes

    start = max(0, bad - SNIFF_BYTES // 2)
    sample = handle.read(min(bad, SNIFF_BYTES))
    handle.seek(max(start, len(sample)))
    sample += handle.read(bad + SNIFF_BYTES // 2 - max(start, len(sample)))
    handle.seek(0)
    matches = from_bytes(sample, cp_isolation=list(CANDIDATES))
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if WINDOWS_WESTERN in match.could_be_from_charset and match.chaos <= best.chaos:
            return WINDOWS_WESTERN
    return str(best.encoding)
