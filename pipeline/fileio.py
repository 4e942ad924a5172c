"""Writing outputs safely: atomic replacement and confidentiality zones.

Every output is written to a temporary file beside its target and renamed into place, so an
interrupted run leaves the last good output intact. `internal/` holds real names and
`redaction/` the findings (register values in their sentences): their folders are 0700 and
their files 0600, whatever the umask.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from pipeline.errors import BadInput, Problem

PRIVATE_ZONES = ("internal", "redaction", "monitoring", ".stamps")  # build zones, <case>/monitoring/ (the action
# plan) and .stamps (what each stage read, and its warnings)


def is_private(path: Path) -> bool:
    return any(part in PRIVATE_ZONES for part in Path(path).parts)


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is `root` or below it."""
    resolved, root = Path(path).resolve(), Path(root).resolve()
    return resolved == root or root in resolved.parents


def ensure_dir(path: Path) -> Path:
    """Create a folder (and parents); folders created inside a private zone get 0700."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        if is_private(folder):
            os.chmod(folder, 0o700)
    return path


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write `data` to `path` through a temporary file and an atomic rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return write_atomic_with(path, lambda tmp: tmp.write_bytes(payload))


def write_atomic_with(path: Path, writer) -> Path:
    """Atomic write for libraries that want a file path: `writer(tmp_path)` fills it."""
    path = Path(path)
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        writer(Path(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600 if is_private(path) else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def replace_folder(source: Path, target: Path) -> Path:
    """`target` becomes a copy of `source`: copied beside it under a dot-name first, then renamed into
    place, so no reader sees half of each."""
    target = Path(target)
    ensure_dir(target.parent)
    fresh = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-new-"))
    old = fresh.with_name(fresh.name.replace("-new-", "-old-"))
    try:
        shutil.copytree(source, fresh, dirs_exist_ok=True, copy_function=shutil.copyfile)
        set_modes(fresh, private=is_private(target))
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return target


def set_modes(folder: Path, *, private: bool) -> None:
    """Folders 0700 and files 0600 in a private zone (0755 and 0644 elsewhere), whatever made them."""
    for path in [Path(folder), *Path(folder).rglob("*")]:
        os.chmod(path, (0o700 if private else 0o755) if path.is_dir() else (0o600 if private else 0o644))


def read_utf8(path: Path, shown: str, *, limit: int, what: str, fix: str) -> str:
    """A text file the build reads whole: at most `limit` bytes of UTF-8, or BadInput saying what to do."""
    with open(path, "rb") as handle:   # never more than the limit in memory, however large the file
        raw = handle.read(limit + 1)
        size = max(len(raw), os.fstat(handle.fileno()).st_size)
    if size > limit:
        raise BadInput(Problem(shown, f"is {size:,} bytes; {what} is at most {limit:,}", fix))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(Problem(shown, f"is not UTF-8 text (byte {exc.start})", f"save it as UTF-8; {fix}",
                               line=raw[:exc.start].count(b"\n") + 1)) from None


def clear_leftovers(*folders: Path) -> None:
    """Remove the dot-files and dot-folders an interrupted run left behind (temporary files of
    `write_atomic`, staging folders), so a zone copied to a website holds only finished outputs."""
    for folder in folders:
        for path in Path(folder).glob(".*") if Path(folder).is_dir() else []:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
