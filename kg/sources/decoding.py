"""Turn the bytes of a source file into text, or say exactly why they are not text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.errors import InputError

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# HTML's "prescan" looks for a declared encoding in the first 1024 bytes
# (HTML Living Standard §13.2.3.2, "Determining the character encoding").
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def read_bytes(path: Path) -> bytes:
    """Read a file whole, turning operating-system failures into an InputError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}") from None


def require_text(path: Path, data: bytes) -> None:
    """Refuse empty files and binary ones (NUL bytes never occur in text)."""
    if not data.strip():
        raise InputError(path, "empty file" if not data else "empty file (only whitespace)")
    if data.startswith(_UTF16_BOMS):
        raise InputError(path, "UTF-16 text; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(path, f"binary file (NUL byte at byte offset {nul})")


def decode_text(path: Path, data: bytes, *, html: bool = False) -> str:
    """Decode UTF-8 text (an HTML page may declare another charset), refusing binary input."""
    require_text(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        declared = _declared_charset(data) if html else None
        if declared is None:
            line = data.count(b"\n", 0, error.start) + 1
            raise InputError(
                path,
                f"not UTF-8: byte 0x{data[error.start]:02X} at byte offset {error.start} "
                f"(line {line}) cannot be decoded; save the file as UTF-8",
            ) from None
        text = _decode_declared(path, data, declared)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:1024])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    return None if name in ("utf-8", "utf8") else name


def _decode_declared(path: Path, data: bytes, charset: str) -> str:
    try:
        return data.decode(charset)
    except LookupError:
        raise InputError(path, f"declares an unknown charset {charset!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"not valid {charset} (its declared charset) at byte offset {error.start}"
        ) from None
