"""generations: an output folder that one writer changes at a time and readers never see broken.

Layout of an output folder (default out/):
    out/.lock                the writers' lock (flock), holding the holder's pid and command
    out/.current             a symlink to the current generation, switched by one atomic rename
    out/.gen-<stamp>-<pid>/  a generation: store/, graph.trig, graph.html and .readers
    out/store, out/graph.trig, out/graph.html   symlinks through .current

A writer (build, add, remove) takes the lock, fills a new generation beside the current one and
switches ``.current`` to it: store, graph.trig and graph.html change together, so a kill at any
instant leaves all three from one build. add / remove start from a copy of the current store
(its immutable table files hard-linked), so no store a reader has open is ever written to.
Readers hold a shared flock on the ``.readers`` file of the generation they opened; a writer
deletes an old generation only when it gets that lock exclusively, so it stays on disk while
anyone reads it and is swept by a later writer.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from pyoxigraph import Store

from ..errors import NotFound, PlankgError

CURRENT = ".current"
GEN_PREFIX = ".gen-"
READERS = ".readers"
LOCK = ".lock"
STORE = "store"
OUTPUTS = (STORE, "graph.trig", "graph.html", "names.json")
# Folders earlier versions used for a generation (the store link pointed straight at one).
_OLD_GEN_PREFIX = ".store-"
_LEASE_TRIES = 200  # a reader retries this many times (10 ms apart) while writers switch


class StoreBusy(PlankgError):
    """Another process is changing the output folder, or holds the store open for writing."""


@dataclass
class Generation:
    """A generation being written: its folder and its (read-write) store, closed before the
    switch (a store open for writing may still compact, under readers)."""

    path: Path
    store: Store

    def close(self) -> None:
        self.store.flush()
        del self.store  # the last reference: pyoxigraph closes a store when it is dropped


@dataclass
class Lease:
    """A reader's hold on one generation: it is not deleted until released (or the process ends)."""

    path: Path  # the generation folder, or the store folder itself for an old or copied layout
    store_dir: Path
    fd: Optional[int] = None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# ---------------------------------------------------------------- the writers' lock


@contextmanager
def writer_lock(out_dir: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the output folder's lock; a second writer gets a one-line error naming the holder."""
    out = Path(out_dir)
    _make_folder(out)
    try:
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PlankgError(f"cannot write in {out}/: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "another process"
            raise StoreBusy(f"{out}/ is being changed by {holder}; try again when it has finished") from None
        os.ftruncate(fd, 0)
        command = " ".join(["kg", *sys.argv[1:]]) if sys.argv and sys.argv[0].endswith(("kg", "__main__.py")) else "Python"
        os.pwrite(fd, f"pid {os.getpid()} ({command[:200]})\n".encode("utf-8", "replace"), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _make_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise PlankgError(f"{out} is a file, not an output folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlankgError(f"cannot create the output folder {out}: {exc.strerror}") from None


# ---------------------------------------------------------------- writing a generation


@contextmanager
def new_generation(out_dir: str | os.PathLike[str], base: bool = False) -> Iterator[Generation]:
    """A new generation beside the current one, under the writers' lock; on success the folder
    switches to it as a whole. With ``base``, its store starts as a copy of the current one.

    If the body raises (or the process dies), nothing visible changes and the half-written
    generation is removed (or, after a kill, swept away by the next writer)."""
    out = Path(out_dir)
    if base and not (out / STORE).exists():
        raise NotFound(f"no store in {out}/ (run `kg build` first, or give --store DIR)")
    with writer_lock(out):
        _check_layout(out)
        _adopt_old_layout(out)
        sweep(out)
        gen = out / f"{GEN_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        gen.mkdir()
        (gen / READERS).touch()
        if base:
            current = current_generation(out)
            if current is None:
                shutil.rmtree(gen, ignore_errors=True)
                raise NotFound(f"no store in {out}/ (run `kg build` first, or give --store DIR)")
            _clone_store(current / STORE, gen / STORE)
        try:
            generation = Generation(gen, Store(str(gen / STORE)))
        except (OSError, RuntimeError) as exc:  # a damaged current store, copied
            shutil.rmtree(gen, ignore_errors=True)
            raise PlankgError(f"cannot open the store in {out}/ ({str(exc)[:160]}); rebuild it with `kg build`") from None
        try:
            yield generation
            generation.close()
        except BaseException:
            generation.__dict__.pop("store", None)
            shutil.rmtree(gen, ignore_errors=True)
            raise
        _switch(out, gen)
        sweep(out)


def _check_layout(out: Path) -> None:
    """Refuse, before writing anything, a folder whose outputs are not ours to switch (a store
    copied with ``cp -rL`` is a real folder)."""
    link = out / STORE
    if link.exists() and not link.is_symlink():
        raise PlankgError(f"{link} is a folder, not a plankg store link (copied with cp -L?); move it away first")


def _adopt_old_layout(out: Path) -> None:
    """An output folder of an earlier version (store → .store-X, real graph.trig / graph.html)
    becomes a generation that points at the same files, one step at a time, each step keeping
    what a reader sees; the next switch then replaces all three at once."""
    link = out / STORE
    if (out / CURRENT).is_symlink() or not link.is_symlink():
        return
    target = Path(os.readlink(link))
    gen = out / f"{GEN_PREFIX}adopted-{os.getpid()}"
    shutil.rmtree(gen, ignore_errors=True)
    gen.mkdir()
    (gen / READERS).touch()
    (gen / STORE).symlink_to(Path("..") / target.name)
    for name in OUTPUTS[1:]:
        if (out / name).is_file() and not (out / name).is_symlink():
            try:
                os.link(out / name, gen / name)
            except OSError:  # a file system without hard links
                shutil.copy2(out / name, gen / name)
    _switch(out, gen)


def _switch(out: Path, gen: Path) -> None:
    """Point .current at ``gen`` (one atomic rename), after making sure every output is a link
    through .current (a no-op once the folder has this layout)."""
    _replace_link(out / CURRENT, gen.name)
    for name in OUTPUTS:
        if not (out / name).is_symlink() or os.readlink(out / name) != f"{CURRENT}/{name}":
            _replace_link(out / name, f"{CURRENT}/{name}")


def _replace_link(path: Path, target: str) -> None:
    tmp = path.with_name(f".{path.name}.link-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, path)


def _clone_store(source: Path, target: Path) -> None:
    """A copy of a store no process writes to: table files (immutable in RocksDB) hard-linked,
    the rest copied."""
    target.mkdir()
    for f in source.resolve().iterdir():
        if f.suffix in (".sst", ".blob"):
            try:
                os.link(f, target / f.name)
                continue
            except OSError:
                pass
        if f.name != "LOCK":
            shutil.copy2(f, target / f.name)


def sweep(out_dir: str | os.PathLike[str]) -> None:
    """Remove generations no reader holds and that are not current, and scratch files killed
    writers left (call with the writers' lock held)."""
    out = Path(out_dir)
    current = current_generation(out)
    in_use: set[Path] = set()
    for gen in sorted(out.glob(f"{GEN_PREFIX}*")):
        if gen == current or not _delete_unread(gen):
            in_use.add(gen)
    # Old-layout store folders are kept while a generation (or the old store link) points at one.
    kept = {(g / STORE).resolve() for g in in_use if (g / STORE).is_symlink()}
    if (out / STORE).is_symlink() and not (out / CURRENT).is_symlink():
        kept.add((out / STORE).resolve())
    for old in out.glob(f"{_OLD_GEN_PREFIX}*"):
        if old.resolve() not in kept:
            shutil.rmtree(old, ignore_errors=True)
    for f in out.glob(".*.link-*"):
        f.unlink(missing_ok=True)
    for f in out.glob(".graph.*.tmp"):
        f.unlink(missing_ok=True)


def sweep_if_idle(out_dir: str | os.PathLike[str]) -> None:
    """Sweep unless a writer is at work (a reader that released a generation tidies up)."""
    try:
        with writer_lock(out_dir):
            sweep(out_dir)
    except PlankgError:
        pass


def _delete_unread(gen: Path) -> bool:
    """Delete a generation if no reader holds it; whether it was deleted."""
    try:
        fd = os.open(gen / READERS, os.O_RDONLY)
    except FileNotFoundError:  # a writer killed before it made the file: nobody can hold it
        shutil.rmtree(gen, ignore_errors=True)
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    try:
        (gen / READERS).unlink()  # first, so a reader that opened it before sees it is gone
        shutil.rmtree(gen, ignore_errors=True)
    finally:
        os.close(fd)
    return True


# ---------------------------------------------------------------- reading


def current_generation(out_dir: str | os.PathLike[str]) -> Optional[Path]:
    """The current generation folder, or None (no build yet, or an earlier layout)."""
    link = Path(out_dir) / CURRENT
    if not link.is_symlink():
        return None
    return Path(out_dir) / os.readlink(link)


def lease(out_dir: str | os.PathLike[str]) -> Lease:
    """Hold the current generation for reading; it stays on disk until the lease is released.

    A reader that loses the race with a writer deleting the generation it found retries on the
    new current one."""
    out = Path(out_dir)
    for _ in range(_LEASE_TRIES):
        gen = current_generation(out)
        if gen is None:
            return _unleased(out)
        try:
            fd = os.open(gen / READERS, os.O_RDONLY)
        except FileNotFoundError:
            time.sleep(0.01)
            continue
        except OSError as exc:
            raise PlankgError(f"cannot read the store in {out}/: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            if os.stat(gen / READERS).st_ino == os.fstat(fd).st_ino:
                return Lease(gen, gen / STORE, fd)
        except (BlockingIOError, FileNotFoundError):
            pass
        os.close(fd)
        time.sleep(0.01)
    raise StoreBusy(f"the store in {out}/ kept changing while it was being opened; try again")


def _unleased(out: Path) -> Lease:
    """A folder without generations: an earlier layout's store link, or a real store folder."""
    link = out / STORE
    if not link.exists():
        raise NotFound(f"no store in {out}/ (run `kg build` first, or give --store DIR)")
    return Lease(link.resolve(), link.resolve())
