"""Write the output folder all at once, so an interrupted run leaves the previous output as it was.

Files are written into a fresh folder as they are laid out (``stories.json`` a story at a time), so
the pages and data are never all held in memory at once; then the folder is swapped in."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from ..tasks import check_stop

# An output folder is replaced only if it is new, empty, or an earlier stance output (has one of these).
MARKERS = ("stories.json", "stories.parquet")


class OutputError(Exception):
    """The output folder cannot be written; the message names it and says why."""


# (relative path, its text, its text's chunks, a function writing its bytes to an open binary file,
# or a finished file to move in)
Files = Iterable[tuple[str, str | Iterable[str] | Callable[[BinaryIO], None] | Path]]


def write_outputs(out_dir: Path, files: Files) -> None:
    """Write ``(relative path, text)`` pairs into a fresh folder beside ``out_dir``, then swap it in.

    Refuses to replace an existing folder that is neither empty nor an earlier stance output, so a
    mistyped ``--out`` never deletes someone's files.

    Parameters
    ----------
    out_dir : Path
        The output folder; created with its parents if missing. A link to a folder stays a link: the
        folder it points to is replaced.
    files : iterable of (str, str or iterable of str or callable or Path)
        Relative path and its text, or its text in chunks, written as UTF-8 with LF line ends as
        they come (a file's chunks are read to the end before the next pair is asked for); or a
        function given the file open for writing bytes; or a finished file, moved in.

    Raises
    ------
    OutputError
        If ``out_dir`` holds something else, cannot be written, or a path would leave it.
    """
    # A link is followed: what it points to is replaced and the link kept, rather than the link
    # itself turned into a folder beside the output it pointed to.
    out_dir = Path(os.path.realpath(out_dir)) if os.path.islink(out_dir) else Path(out_dir)
    earlier = any((out_dir / marker).exists() for marker in MARKERS)
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not earlier)):
        raise OutputError(
            f"{out_dir}: exists and is not an earlier stance output (no {MARKERS[0]}); refusing to replace it"
        )
    parent = out_dir.resolve().parent
    staging = old = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new.", dir=parent))
        staging.chmod(0o755)
        root = staging.resolve()
        for rel, text in files:
            target = (staging / rel).resolve()
            if not target.is_relative_to(root):  # names come from sanitised ids; belt and braces
                raise OutputError(f"{rel}: output path would leave {out_dir}")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, Path):
                shutil.move(text, target)
                continue
            if callable(text):
                with open(target, "wb") as binary:
                    text(binary)
                continue
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines([text] if isinstance(text, str) else text)
        check_stop()  # a SIGTERM that arrived when it could not be raised stops the run before the swap
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=parent))
            os.replace(out_dir, old / "previous")
        os.replace(staging, out_dir)
        staging = None
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    finally:
        # Failed or interrupted (Ctrl-C) between the two renames: put the previous output back first.
        if old is not None and (old / "previous").exists() and not out_dir.exists():
            os.replace(old / "previous", out_dir)
        for leftover in (staging, old):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)
