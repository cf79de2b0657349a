"""Writing files so that a reader never sees half of one: write beside, then rename."""

from __future__ import annotations

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
