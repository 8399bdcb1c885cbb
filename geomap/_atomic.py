"""The one way geomap replaces what it writes: a file, a folder, or a set of outputs.

Everything is first written complete under a temporary name beside its target (so on the
same file system) and then renamed over the target, which the operating system does
atomically: a reader, or a build killed at any moment, sees the old version or the new
one, never a mix.

* :func:`atomic_write` — a file written through a handle;
* :func:`atomic_path` — a file written by a library that opens it by name (GDAL, Parquet);
* :func:`atomic_folder` — a folder swapped as a whole (the gazetteer index, a dataset);
* :class:`OutputSet` — the outputs of one build (a map and its rejects, a set of layer
  files), renamed into place together under a lock, so two builds writing to the same
  place never mix their files.

Temporary names carry an unambiguous marker, ``.<target name>.<12 hex>.geomap-tmp``
(plus the target's suffix where a writer needs it). Leftovers of a killed writer are
removed by the next write of the same target once they are an hour old (a live writer in
another process is younger); the clean-up lists the folder and matches names with an
escaped regular expression, so a target named ``*`` or ``[x]`` matches only itself, and
nothing without the marker is ever touched. See ``SECURITY.md`` guarantee 5.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import re
import secrets
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from geomap._files import special_file_kind
from geomap.errors import OutputError

try:  # POSIX only; elsewhere publishing is not serialised between processes
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

MARKER = ".geomap-tmp"
STALE_AFTER_S = 3600.0


def temp_path(target: Path, *, keep_suffix: bool = False) -> Path:
    """A fresh temporary name beside ``target``: ``.<name>.<12 hex>.geomap-tmp[<suffix>]``.

    ``keep_suffix`` adds the target's suffix for writers that pick a format by it.
    """
    suffix = target.suffix if keep_suffix else ""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{MARKER}{suffix}")


def is_temp_of(name: str, target: Path) -> bool:
    """Whether ``name`` is one of :func:`temp_path`'s names for ``target`` (or a file a
    writer put beside it, such as a GeoPackage ``-journal``)."""
    pattern = rf"\.+{re.escape(target.name)}\.[0-9a-f]{{12}}{re.escape(MARKER)}.*"
    return re.fullmatch(pattern, name, flags=re.DOTALL) is not None


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", **open_kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success flush, fsync and rename it over ``path``.

    Parameters
    ----------
    path
        The target file; its folder is created when missing.
    mode, **open_kwargs
        As for :func:`open` (``"w"``/``"wb"``, ``encoding``, ``newline``).

    Raises
    ------
    geomap.errors.OutputError
        When the file cannot be written (disk full, read-only file system, a folder in
        the way); the previous ``path`` is left as it was and no temporary file remains.
    """
    target = Path(path)
    refuse_special_target(target)
    with _os_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target)
        tmp = temp_path(target)
        # O_EXCL: never write through a file someone put there; 0o666 & ~umask like open().
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with _os_errors(target), os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        with _os_errors(target):
            os.replace(tmp, target)
    except BaseException:
        _remove(tmp)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path (same suffix) for a writer that creates the file itself; on success
    it is renamed over ``path``, on failure it and the writer's side files are removed."""
    target = Path(path)
    refuse_special_target(target)
    with _os_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target)
    tmp = temp_path(target, keep_suffix=True)
    try:
        yield tmp
        with _os_errors(target):
            os.replace(tmp, target)
    finally:
        _remove_with_side_files(tmp)


@contextlib.contextmanager
def atomic_folder(folder: str | Path, *, replace: bool = True) -> Iterator[Path]:
    """A staging folder beside ``folder``, swapped in as a whole on success.

    Parameters
    ----------
    folder
        The target folder.
    replace
        Replace an existing ``folder``. When False and ``folder`` exists (a concurrent
        writer of the same content won the race), the new copy is discarded.

    Notes
    -----
    On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call, so readers never see
    the folder missing; elsewhere the old folder is moved aside first and readers must
    retry (the gazetteer index does).
    """
    target = Path(folder)
    with _os_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target)
        staging = temp_path(target)
        staging.mkdir()
    try:
        yield staging
        with _os_errors(target):
            if not replace:
                with contextlib.suppress(OSError):  # exists: another process built it
                    os.rename(staging, target)
            else:
                _swap_folder(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_folder(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; what was at ``target`` ends up at ``staging``."""
    if target.exists() and _exchange(staging, target):
        return
    retired = temp_path(target)
    with contextlib.suppress(FileNotFoundError):
        os.replace(target, retired)
    try:
        os.replace(staging, target)
    finally:
        shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where that is not available.

    Python has no binding for ``renameat2``; the call through ctypes is the whole of it.
    """
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name, use_errno=True) if name else None
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                     _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False  # file system without exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def work_folder(target: Path) -> Iterator[Path]:
    """A private folder to work in beside ``target`` (``.<name>.<12 hex>.geomap-tmp``),
    removed on exit.

    The folder is locked while in use; a folder with the marker that no process holds (its
    writer was killed: ``geomap publish`` left its staged records, gigabytes for a large
    input, for ever) is removed by the next call for the same ``target``, however long a
    live one has been idle.
    """
    _remove_abandoned(target)
    folder = temp_path(target)
    with _os_errors(target):
        folder.mkdir(mode=0o700)
    try:
        with _held(folder):
            yield folder
    finally:
        _remove(folder)


@contextlib.contextmanager
def _held(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if fcntl is not None:
            with contextlib.suppress(OSError):  # no locks here: only age tells (below)
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def _remove_abandoned(target: Path) -> None:
    """Remove the work folders of ``target`` that no live process holds."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if entry.is_dir(follow_symlinks=False) and is_temp_of(entry.name, target):
                with contextlib.suppress(OSError):
                    if _abandoned(Path(entry.path)):
                        _remove(Path(entry.path))


def _abandoned(folder: Path) -> bool:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if fcntl is None:
            return time.time() - os.fstat(fd).st_mtime > STALE_AFTER_S
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live writer holds it
        return True
    finally:
        os.close(fd)


def remove_stale_temps(target: Path) -> None:
    """Delete temporary files and folders that a killed writer of ``target`` left behind
    (only names with geomap's marker, older than :data:`STALE_AFTER_S`)."""
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not is_temp_of(entry.name, target):
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S:
                _remove(Path(entry.path))


class OutputSet:
    """The outputs of one build, published together.

    Each output is written complete under a temporary name beside its target
    (:meth:`stage`). :meth:`publish` then takes an exclusive lock on every target folder,
    renames the staged files into place in the order they were staged (companions such
    as a rejects file first, the file that names them — the map — last), removes what the
    build no longer produces (:meth:`sweep`, :meth:`retire`) and releases the lock. Two
    builds publishing to the same place therefore never interleave, and a build killed
    before :meth:`publish` leaves the previous outputs as they were.

    Parameters
    ----------
    protected
        Paths that must never be removed (the build's inputs, the project file).

    Examples
    --------
    >>> with OutputSet() as outputs:  # doctest: +SKIP
    ...     atomic_write_text(outputs.stage(rejects), text)
    ...     write_html(page, outputs.stage(map_path))
    ...     outputs.publish()
    """

    def __init__(self, protected: Iterable[Path] = ()) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._sweeps: list[tuple[Path, Callable[[str], bool]]] = []
        self._retired: list[Path] = []
        self._protected = {_real(p) for p in protected}
        #: folder as given -> (its descriptor, its real path when opened): see :meth:`_hold`
        self._held: dict[Path, tuple[int, Path]] = {}
        self.published: list[Path] = []
        self.removed: list[Path] = []

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()

    def stage(self, target: Path, *, keep_suffix: bool = False) -> Path:
        """A temporary path beside ``target`` to write it to; renamed over it by
        :meth:`publish`. ``keep_suffix`` for writers that pick a format by the suffix."""
        refuse_special_target(target)
        with _os_errors(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(target)
            self._hold(target.parent)
        tmp = temp_path(target, keep_suffix=keep_suffix)
        self._staged.append((tmp, target))
        return tmp

    def held_folder(self, target: Path) -> Path:
        """The real path of the folder a staged ``target`` is published in: the folder as it
        was when staged, held open since (a link put in its place later is not followed)."""
        return self._held[target.parent][1]

    def _hold(self, folder: Path) -> None:
        """Open ``folder`` once and keep it open until the set is done: files are renamed
        into (and swept from) the folder they were staged in, through its descriptor. A
        link swapped in for it later (by someone who may write beside the outputs) led
        the renames elsewhere, replacing files there of the outputs' names."""
        if folder in self._held:
            return
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        real = _real(folder)
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(real))
        except OSError:
            same = False
        if not same:
            os.close(fd)
            raise OutputError(_changed(folder))
        self._held[folder] = (fd, real)

    def retarget(self, tmp: Path, target: Path) -> None:
        """Publish the staged ``tmp`` as ``target`` instead (a name known only once the file
        is written, such as one made from its content hash), in the same folder."""
        if target.parent != tmp.parent:
            raise ValueError(f"expected {target} beside {tmp}")
        self._staged = [(t, target if t == tmp else old) for t, old in self._staged]

    def sweep(self, folder: Path, matches: Callable[[str], bool]) -> None:
        """After publishing, remove files in ``folder`` whose name ``matches`` and that this
        build did not publish (an earlier build's rejects file)."""
        if folder.is_dir():
            with _os_errors(folder):
                self._hold(folder)
        self._sweeps.append((folder, matches))

    def retire(self, path: Path) -> None:
        """After publishing, remove ``path`` (an output the build no longer produces)."""
        self._retired.append(path)

    def publish(self) -> list[Path]:
        """Rename every staged file into place and remove what is swept or retired.

        Returns
        -------
        list of Path
            The published targets, in order.
        """
        folders = sorted({target.parent.resolve() for _, target in self._staged}
                         | {f.resolve() for f, _ in self._sweeps})
        with _locked(folders):
            for tmp, target in self._staged:  # all checked before the first rename
                refuse_special_target(target)
                self._check_held(tmp, target)
            with _interruptions_held():
                for tmp, target in self._staged:
                    fd = self._held[target.parent][0]
                    with _os_errors(target):
                        os.replace(tmp.name, target.name, src_dir_fd=fd, dst_dir_fd=fd)
                    self.published.append(target)
                self._staged = []
                self._remove_unwanted()
        _sync_folders(folders)
        self._release()
        return list(self.published)

    def _check_held(self, tmp: Path, target: Path) -> None:
        """Refuse to publish when a staged file's folder is no longer the one held (a link
        or another folder put in its place): nothing is renamed, there or here."""
        fd, _ = self._held[target.parent]
        try:
            os.stat(tmp.name, dir_fd=fd, follow_symlinks=False)
            same = os.path.samestat(os.fstat(fd), os.stat(target.parent))
        except FileNotFoundError:
            same = False
        if not same:
            raise OutputError(_changed(target.parent))

    def discard(self) -> None:
        """Remove every staged file not yet published (on failure)."""
        for tmp, _ in self._staged:
            _remove_with_side_files(tmp)
        self._staged = []
        self._release()

    def _release(self) -> None:
        for fd, _ in self._held.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._held = {}

    def _remove_unwanted(self) -> None:
        keep = {_real(p) for p in self.published} | self._protected
        for path in self._retired:
            held = self._held.get(path.parent)
            if _real(path) not in keep:
                with contextlib.suppress(FileNotFoundError):
                    # in a folder held, through it; else (none staged there) by its path
                    os.unlink(path.name if held else path, dir_fd=held[0] if held else None)
                    self.removed.append(path)
        for folder, matches in self._sweeps:
            if folder not in self._held:
                continue  # no such folder when swept: nothing of an earlier build there
            fd, real = self._held[folder]
            for entry in os.scandir(fd):  # the folder held, never a link put in its place
                if (entry.is_file(follow_symlinks=False) and matches(entry.name)
                        and real / entry.name not in keep):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.name, dir_fd=fd)
                        self.removed.append(folder / entry.name)


def _changed(folder: Path) -> str:
    return (f"expected {str(folder)!r} to stay the folder the outputs were staged in, got "
            "another in its place (a link?) while writing; nothing was replaced there. "
            "Remove the link and write again")


#: Signals that interrupt a command (Ctrl-C, ``kill``, a closed terminal): held while a
#: set is renamed.
_INTERRUPTIONS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                       if hasattr(signal, name))


@contextlib.contextmanager
def _interruptions_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM that arrives while a set of outputs is renamed into place takes
    effect after the last rename, so an interrupted command leaves the whole set or none
    of it (a KeyboardInterrupt between two renames left a published site of new tiles
    beside the old ``site.json`` and ``index.html``). Only the main thread handles
    signals; elsewhere nothing changes. SIGKILL and a power cut cannot be held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {number: signal.getsignal(number) for number in _INTERRUPTIONS}
    held = [number for number, handler in previous.items() if handler is not None]
    for number in held:
        signal.signal(number, lambda got, _frame: caught.append(got))
    try:
        yield
    finally:
        for number in held:
            signal.signal(number, previous[number])
        for got in dict.fromkeys(caught):
            signal.raise_signal(got)


@contextlib.contextmanager
def _locked(folders: list[Path]) -> Iterator[None]:
    """Hold an exclusive ``flock`` on each folder (in path order, so never a deadlock).

    A file system without locks (some network mounts) publishes unlocked, with a warning.
    """
    with contextlib.ExitStack() as stack:
        for folder in folders:
            if fcntl is None:
                break
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            stack.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as err:  # ENOLCK, EOPNOTSUPP
                logger.warning("cannot lock %s (%s): publishing without a lock", folder,
                               err.strerror)
        yield


def _sync_folders(folders: list[Path]) -> None:
    """fsync folders so the renames survive a power cut (best effort)."""
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def refuse_special_target(target: Path) -> None:
    """Never rename a file over a device, a pipe or a socket (or a link to one):
    ``geomap build x.csv -o /dev/null`` replaced the system's ``/dev/null`` with the map
    (run as root), and every program writing there then wrote into a file.

    Raises
    ------
    geomap.errors.OutputError
        Naming what ``target`` is.
    """
    kind = special_file_kind(target)
    if kind is not None and kind != "a folder":  # a folder: the system's own error says so
        raise OutputError(f"expected a regular file as output, got {kind} {str(target)!r}; "
                          "choose a file name")


@contextlib.contextmanager
def _os_errors(target: Path) -> Iterator[None]:
    """Turn an operating-system error while writing ``target`` into one clear OutputError."""
    try:
        yield
    except OutputError:
        raise
    except OSError as err:
        raise OutputError(describe_os_error(err, target)) from err


_FIXES = {
    errno.ENOSPC: "free some space or write elsewhere",
    errno.EDQUOT: "free some space or write elsewhere",
    errno.EFBIG: "the file system refuses a file this big: write elsewhere",
    errno.EROFS: "the file system is read-only: choose an output on a writable disk",
    errno.EACCES: "check the folder's permissions or choose another output",
    errno.EPERM: "check the folder's permissions or choose another output",
    errno.EISDIR: "give a file name, not a folder",
    errno.ENOTDIR: "a file stands where a folder is needed: choose another output",
}


#: The system's refusals to store more (a full disk, a quota, a size limit, a read-only
#: file system): whichever file was being written, the fix is another place.
DISK_REFUSALS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
#: How pyarrow tells the system's error number (its OSError carries none of its own).
_ARROW_ERRNO = re.compile(r"\[errno (\d+)\]")


def os_error_number(err: OSError) -> int | None:
    """The system's error number of ``err``: its own, or the one pyarrow put in its text
    (``Error writing bytes to file. Detail: [errno 28] No space left on device``)."""
    if err.errno:
        return err.errno
    found = _ARROW_ERRNO.search(str(err))
    return int(found.group(1)) if found else None


def describe_os_error(err: OSError, target: Path) -> str:
    """One line: what could not be written, the system's reason and the fix."""
    number = os_error_number(err)
    reason = err.strerror or (os.strerror(number) if number else str(err))
    fix = _FIXES.get(number or 0, "check the output path")
    return f"expected to write {str(target)!r}, got {reason!r} from the system; {fix}"


def first_line_is(path: Path, line: str) -> bool:
    """Whether ``path`` is a file whose first line is ``line`` (how a file that geomap wrote
    under a fixed name, such as a CSV with its own header, is recognised before removal)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\r\n") == line
    except OSError:
        return False


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, as far as the system lets: a clean-up that fails
    must not hide the error that called for it (on a read-only file system removing a temp
    never made raised over the one-line error: a traceback); what stays carries the marker,
    and a later write removes it."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _remove_with_side_files(tmp: Path) -> None:
    """Remove ``tmp`` and files a writer put beside it under its name (``-journal``...)."""
    _remove(tmp)
    with contextlib.suppress(OSError):
        for entry in os.scandir(tmp.parent):
            if entry.name.startswith(tmp.name):
                _remove(Path(entry.path))
