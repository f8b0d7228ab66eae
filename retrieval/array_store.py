"""Named numpy arrays kept in one `.npz` file with a key and a checksum: the engine's indexes
and its stored corpus are all kept this way.

The key names what the arrays were made from (the caller's fingerprint of the corpus files
and of the code that built them). A file is written atomically, and read back only whole:
a missing, truncated or damaged file, one stored for another key or holding other arrays,
a pickle or no archive at all gives None, never an exception and never unchecked data.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Stored beside the caller's arrays, so no array may take these names.
_KEY = "key"
_CHECKSUM = "checksum"


def save_arrays(path: Path, key: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Store `arrays` at `path` with `key` and their checksum.

    Readers find the old file or the new one, never part of either; a failed write
    leaves the old file as it was.
    """
    if {_KEY, _CHECKSUM} & arrays.keys():
        raise ValueError(f"{_KEY!r} and {_CHECKSUM!r} are the store's own names")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    checked = {_KEY: np.array(key), _CHECKSUM: np.array(_checksum(key, arrays))}
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **arrays, **checked)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_arrays(path: Path, key: str, names: Collection[str]) -> dict[str, np.ndarray] | None:
    """The arrays `names` stored at `path` for `key`, if the file holds those and is intact."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if set(stored.files) != {*names, _KEY, _CHECKSUM} or str(stored[_KEY]) != key:
                return None
            arrays = {name: stored[name] for name in names}
            checksum = str(stored[_CHECKSUM])
    # A damaged or foreign file fails in numpy and zipfile in many ways, all meaning "not ours".
    except Exception as error:
        log.debug("arrays at %s not usable: %s", path, type(error).__name__)
        return None
    return arrays if hmac.compare_digest(checksum, _checksum(key, arrays)) else None


def stored_key(path: Path) -> str | None:
    """The key the arrays at `path` were stored for, or None if nothing usable is there."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            return str(stored[_KEY])
    except Exception:
        return None


def _checksum(key: str, arrays: Mapping[str, np.ndarray]) -> str:
    digest = hashlib.sha256(key.encode())
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"\0{name}:{array.dtype.str}:{array.shape};".encode())
        # A view, not tobytes(): a copy of the corpus text would double its memory.
        digest.update(memoryview(array).cast("B"))
    return digest.hexdigest()
