"""Writing files so that a reader never sees half of one: write beside, then rename."""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from pathlib import Path

from kg.errors import InputError


def _mode(path: Path) -> int:
    """The permissions a new file gets from the process's umask (0644 under umask 022), or
    those of the file it replaces."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder; the file
    gets the permissions any other new file would (the temporary one is owner-only)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist; create it or choose another output path")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(descriptor, _mode(path))
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the file ({error.strerror}); check the path and permissions") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# A cell a spreadsheet would read as a formula: OWASP's list of first characters.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A CSV/TSV cell that Excel, LibreOffice or Google Sheets cannot take for a formula: text
    starting with = + - @ tab or carriage return gets a leading ' (OWASP's advice on CSV
    injection; the spreadsheet shows the text as written). One of these characters alone
    holds no formula and stays as it is: a target's comparator ``=`` reads as written, as
    the reviewed tables have it. Numbers and other values are left as they are."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_line(cells: list[object], dialect: type[csv.Dialect] = csv.excel) -> str:
    """One CSV (or, with ``csv.excel_tab``, TSV) row ending in a line feed, every cell that
    holds a CR or LF quoted. The csv module of Python 3.10, and of 3.11 before 3.11.9, quotes
    only the characters of the writer's line terminator, so under ``lineterminator="\\n"`` a
    bare CR would end the row inside a cell, and a spreadsheet would read the rest as a new
    row, which can start with ``=``. Written with ``\\r\\n`` and that terminator cut, it cannot."""
    buffer = io.StringIO()
    csv.writer(buffer, dialect=dialect, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"
